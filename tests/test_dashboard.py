"""The dashboard and manifest from a small fixed results set; the page filters in a real browser."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from torchax import registry
from torchax.registry import _manifest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import coverage_report  # noqa: E402


def _sample(opinfo, dtype, index, status, ops, decomposed=(), **extra):
    name = opinfo.split(".")[-1] if not opinfo.startswith("nn.") else opinfo.split(".")[-1]
    return {
        "run": "r1", "time": f"2026-01-01T00:00:{index:02d}", "profile": "full", "kind": "sample",
        "check": "values", "opinfo": opinfo, "name": name, "variant": "", "dtype": dtype,
        "sample": index, "status": status, "reason": extra.get("reason", ""),
        "error": extra.get("error", ""), "max_abs_err": extra.get("err", 0.0), "max_rel_err": 0.0,
        "repro": f"pytest 'conformance/test_ops.py::test_values[{opinfo}-{dtype}]' --conformance-sample={index}",
        "aten": [{"op": op, "dtypes": [dtype], "path": "lowering"} for op in ops]
        + [{"op": op, "dtypes": [dtype], "path": "decomposition"} for op in decomposed],
    }  # fmt: skip


RECORDS = [
    _sample("add", "float32", 0, "pass", ["aten::add.Tensor"], decomposed=["aten::reshape"], err=1e-7),
    _sample("add", "float32", 1, "pass", ["aten::add.Tensor"], err=2e-7),
    _sample("add", "int64", 0, "pass", ["aten::add.Tensor"]),
    _sample("add", "int64", 1, "fail", ["aten::add.Tensor", "aten::view"], error="AssertionError: boom"),
    _sample("nn.functional.relu", "float32", 0, "xfail", ["aten::relu"], reason="planted reason"),
    # a failing composite that dispatched two lowered ops, neither named like it: blames neither
    _sample("nn.functional.gelu_like", "float64", 0, "fail", ["aten::mul.Tensor", "aten::erf"]),
    _sample("mul", "float64", 0, "pass", ["aten::mul.Tensor"]),
    # gradients reach the backward ops
    {
        **_sample(
            "nn.functional.conv2d", "float32", 0, "pass", ["aten::convolution", "aten::convolution_backward"]
        ),
        "check": "grad",
    },
    {
        **_sample(
            "nn.functional.layer_norm",
            "float32",
            0,
            "fail",
            ["aten::native_layer_norm_backward"],
            error="Mismatch: planted",
        ),
        "check": "grad",
    },
    # where(cond, x, y) counts under x's dtype
    {
        **_sample("where", "float32", 0, "pass", []),
        "aten": [{"op": "aten::where.self", "dtypes": ["bool", "float32", "float32"], "path": "lowering"}],
    },
    # CPU PyTorch is the one that is wrong (an xfail marked cpu_wrong): the lowering keeps a pass
    _sample("special.bessel_j0", "float64", 0, "pass", ["aten::special_bessel_j0"]),
    {
        **_sample(
            "special.bessel_j0",
            "float64",
            1,
            "xfail",
            ["aten::special_bessel_j0"],
            reason="CPU off",
            err=4e-7,
        ),
        "cpu_wrong": True,
    },
    # a sample PyTorch's own generator could not make is not a sample of the pair: exp passes
    _sample("exp", "float32", 0, "pass", ["aten::exp"]),
    _sample("exp", "float32", 1, "skip", [], reason="generating the sample raised RuntimeError: planted"),
    # CPU PyTorch raised on every sample: a pair it does not run, left out of the rates
    *(
        _sample(
            "jiterator_unary", "float32", i, "skip", [], reason="CPU PyTorch raised AssertionError: no GPU"
        )
        for i in (0, 1)
    ),  # fmt: skip
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    (tmp / "results").mkdir()
    with open(tmp / "results" / "r1-main.jsonl", "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in RECORDS)
    code = coverage_report.main(
        [
            "--results",
            str(tmp / "results"),
            "--manifest",
            str(tmp / "m.json"),
            "--html",
            str(tmp / "index.html"),
        ]
    )
    assert code == 0
    return json.loads((tmp / "m.json").read_text()), (tmp / "index.html")


def test_manifest_measures_backward_ops_by_the_grad_check(report):
    manifest, _ = report
    backward = manifest["ops"]["aten::convolution_backward"]["float32"]
    assert backward["status"] == "pass" and (backward["passed"], backward["total"]) == (1, 1)
    layer_norm = manifest["ops"]["aten::native_layer_norm_backward"]["float32"]
    assert layer_norm["status"] == "fail" and layer_norm["error"] == "Mismatch: planted"


def test_manifest_figures_follow_results(report):
    manifest, _ = report
    add = manifest["ops"]["aten::add.Tensor"]
    assert add["float32"]["status"] == "pass" and (add["float32"]["passed"], add["float32"]["total"]) == (
        2,
        2,
    )
    assert add["float32"]["max_abs_err"] == pytest.approx(2e-7)
    assert add["int64"]["status"] == "fail" and (add["int64"]["passed"], add["int64"]["total"]) == (1, 2)
    assert (
        add["int64"]["error"] == "AssertionError: boom" and "--conformance-sample=1" in add["int64"]["repro"]
    )
    assert manifest["ops"]["aten::relu"]["float32"] == {
        **manifest["ops"]["aten::relu"]["float32"],
        "status": "xfail",
        "reason": "planted reason",
    }
    # the failing add sample is pinned on add, not on the view around it
    assert (
        "int64" not in manifest["ops"].get("aten::view", {})
        or manifest["ops"]["aten::view"]["int64"]["status"] == "pass"
    )
    assert manifest["ops"]["aten::reshape"]["float32"]["path"] == "decomposition"
    # an ambiguous failure steers no dispatch: mul keeps its pass, erf stays untested
    assert manifest["ops"]["aten::mul.Tensor"]["float64"]["status"] == "pass"
    assert "float64" not in manifest["ops"]["aten::erf"]
    assert list(manifest["ops"]["aten::where.self"]) == ["float32"]
    assert manifest["profile"] == "full" and manifest["torch"].startswith("2.")


def test_an_xfail_where_cpu_is_wrong_keeps_the_lowering_passing(report):
    manifest, html = report
    j0 = manifest["ops"]["aten::special_bessel_j0"]["float64"]
    assert (j0["status"], j0["passed"], j0["total"], j0["max_abs_err"]) == ("pass", 2, 2, 0.0)
    assert "CPU off" in html.read_text()  # the OpInfo matrix still shows the xfail


def test_dashboard_numbers_follow_results(report):
    _, html_path = report
    html = html_path.read_text()
    # float32: add, exp and where pass, relu xfails -> 3 of 4; int64: add fails -> 0 of 1;
    # float64: mul passes, gelu_like fails, bessel_j0 xfails (CPU's fault, still not a pass) -> 1 of 3
    assert 'data-dtype="float32">float32<b>75.0%</b><span class="meta">3/4 OpInfos' in html
    assert 'data-dtype="int64">int64<b>0.0%</b><span class="meta">0/1 OpInfos' in html
    assert 'data-dtype="float64">float64<b>33.3%</b><span class="meta">1/3 OpInfos' in html
    assert "ops via decompositions<b>1</b>" in html
    assert 'title="jiterator_unary float32: unsupported"' in html
    assert "Failures (4)" in html
    assert "planted reason" in html and "AssertionError: boom" in html
    n_core = len(registry.core_aten_overloads())
    assert f"{n_core - len(registry.missing_core())}/{n_core}" in html


def test_shipped_manifest_has_seen_every_lowering():
    shipped = _manifest.manifest()["ops"]
    unseen = sorted(low.name for low in registry.lowerings().values() if low.name not in shipped)
    assert not unseen, f"regenerate the manifest (python tools/coverage_report.py): {unseen[:10]}"


CHROMIUM = shutil.which("chromium") and shutil.which("chromedriver")


@pytest.mark.skipif(
    not CHROMIUM, reason="needs Debian's chromium and chromium-driver (.ci/run installs them)"
)
def test_search_box_filters_matrix_in_headless_chromium(report):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    _, html_path = report
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1200,900"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.get(html_path.as_uri())

        def visible():
            rows = driver.find_elements(By.CSS_SELECTOR, "#matrix tbody tr")
            return [r.find_element(By.TAG_NAME, "td").text for r in rows if r.is_displayed()]

        everything = [
            "add",
            "exp",
            "jiterator_unary",
            "mul",
            "nn.functional.gelu_like",
            "nn.functional.relu",
            "special.bessel_j0",
            "where",
        ]
        assert visible() == everything
        driver.find_element(By.ID, "search").send_keys("relu")
        assert visible() == ["nn.functional.relu"]
        search = driver.find_element(By.ID, "search")
        search.send_keys(Keys.CONTROL, "a")
        search.send_keys(Keys.BACKSPACE)
        assert visible() == everything
        Select(driver.find_element(By.ID, "status")).select_by_visible_text("fail")
        assert visible() == ["add", "nn.functional.gelu_like"]
        Select(driver.find_element(By.ID, "dtype")).select_by_visible_text("float32")
        assert visible() == []  # add passes in float32, gelu_like fails in float64 only
        shot = ROOT / "reports" / "dashboard-test.png"
        driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 0
    finally:
        driver.quit()


def test_report_tool_runs_as_script(report, tmp_path):
    out = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "coverage_report.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--run" in out and "--profile" in out


def test_packed_results_give_the_same_manifest(report, tmp_path):
    """Results packed into units (how the full profile's shards are kept) build the same manifest;
    a later measurement of a test supersedes the earlier one."""
    manifest, _ = report
    results = tmp_path / "results"
    results.mkdir()
    with open(results / "r1-main.jsonl", "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in RECORDS)
    pack = tmp_path / "shard-1-of-1.pack.json.gz"
    assert coverage_report.main(["--results", str(results), "--pack", str(pack)]) == 0
    assert coverage_report.main(["--results", str(pack), "--manifest", str(tmp_path / "m.json"),
                                 "--html", str(tmp_path / "i.html")]) == 0  # fmt: skip
    assert json.loads((tmp_path / "m.json").read_text())["ops"] == manifest["ops"]
    # one run's files named one by one (as --run does): workers' samples join the main's test records
    split = tmp_path / "split"
    split.mkdir()
    tests = {(r["check"], r["opinfo"], r["dtype"]): r for r in RECORDS}
    with open(split / "r1-gw0.jsonl", "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in RECORDS)
    with open(split / "r1-main.jsonl", "w") as f:  # written after the samples, as the controller does
        f.writelines(json.dumps(dict(r, kind="test", time="2026-01-01T00:01:00", outcome="failed"))
                     + "\n" for r in tests.values())  # fmt: skip
    files = [a for f in sorted(split.glob("*.jsonl")) for a in ("--results", str(f))]
    assert coverage_report.main([*files, "--pack", str(pack)]) == 0
    assert coverage_report.main(["--results", str(pack), "--manifest", str(tmp_path / "m1.json"),
                                 "--html", str(tmp_path / "i1.html")]) == 0  # fmt: skip
    assert json.loads((tmp_path / "m1.json").read_text())["ops"] == manifest["ops"]
    # a later run in which add int64 passes both samples supersedes the packed failure
    later = tmp_path / "later"
    later.mkdir()
    fixed = [dict(r, run="r2", time="2026-02-01T00:00:00", status="pass", error="")
             for r in RECORDS if r["opinfo"] == "add" and r["dtype"] == "int64"]  # fmt: skip
    with open(later / "r2-main.jsonl", "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in fixed)
    assert coverage_report.main(["--results", str(pack), "--results", str(later), "--manifest",
                                 str(tmp_path / "m2.json"), "--html", str(tmp_path / "i2.html")]) == 0  # fmt: skip
    add = json.loads((tmp_path / "m2.json").read_text())["ops"]["aten::add.Tensor"]
    assert (add["int64"]["status"], add["int64"]["passed"], add["int64"]["total"]) == ("pass", 2, 2)
    assert add["float32"] == manifest["ops"]["aten::add.Tensor"]["float32"]


def test_resuming_a_shard_deselects_the_tests_its_pack_holds():
    """--resume: tests with an outcome in the pack are deselected by node ids pytest knows; a test
    whose samples were recorded but that never finished (a stopped run) runs again."""
    records = [
        {"kind": "test", "check": "values", "opinfo": "mul", "dtype": "float32", "outcome": "passed"},
        {"kind": "test", "check": "errors", "opinfo": "cat", "dtype": None, "outcome": "passed"},
        {
            "kind": "sample",
            "check": "values",
            "opinfo": "mul",
            "dtype": "int64",
            "status": "pass",
            "sample": "s0",
        },
    ]
    args = coverage_report.resume_args(coverage_report.units([dict(r, run="r1", time="t") for r in records]))
    ids = ["conformance/test_ops.py::test_values[mul-float32]", "conformance/test_ops.py::test_errors[cat]"]
    assert args == [a for i in ids for a in ("--deselect", i)]
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly", *ids, *args[:2]],
        cwd=ROOT, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert (
        "1 deselected" in collected and ids[1] in collected and ids[0] not in collected.split("deselected")[0]
    )
