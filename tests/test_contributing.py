"""CONTRIBUTING.md's path, followed with a real op: logaddexp measured without its lowering, then with it."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import coverage_report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# a pytest plugin for the conformance run: the state before a contributor adds the lowering
HIDE = """
import torch
import torchax  # registers every lowering
from torchax.registry import _table

_table._TABLE.pop(torch.ops.aten.logaddexp.default)
"""


def _measure(tmp_path: Path, name: str, *plugin: str) -> tuple[dict, str]:
    """`pytest conformance -k logaddexp` into a results folder, then the manifest and dashboard."""
    results = tmp_path / name
    cmd = [sys.executable, "-m", "pytest", "conformance/test_ops.py", "-q", "-p", "no:cacheprovider",
           "-p", "no:xdist", "--conformance-profile=ci", f"--conformance-results={results}",
           "-k", "test_values and logaddexp and not logaddexp2", *plugin]  # fmt: skip
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=path))
    assert run.returncode == 0, run.stdout[-2000:]
    manifest, html = tmp_path / f"{name}.json", tmp_path / f"{name}.html"
    code = coverage_report.main(["--results", str(results), "--manifest", str(manifest), "--html", str(html)])
    assert code == 0
    return json.loads(manifest.read_text()), html.read_text()


def test_adding_a_lowering_changes_the_manifest_and_dashboard(tmp_path):
    (tmp_path / "hide_logaddexp.py").write_text(HIDE)
    before, html_before = _measure(tmp_path, "before", "-p", "hide_logaddexp")
    after, html_after = _measure(tmp_path, "after")
    # without the lowering PyTorch's decomposition served it, and passed; with it, the lowering
    assert before["ops"]["aten::logaddexp"]["float32"]["path"] == "decomposition"
    assert after["ops"]["aten::logaddexp"]["float32"]["path"] == "lowering"
    assert after["ops"]["aten::logaddexp"]["float32"]["status"] == "pass"
    # the dashboard's headline: the decomposition and the ops it reached, then none
    decomposed = [
        int(re.search(r"ops via decompositions<b>(\d+)</b>", h)[1]) for h in (html_before, html_after)
    ]
    assert decomposed[0] > 0 and decomposed[1] == 0
