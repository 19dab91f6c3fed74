"""Conformance results -> the coverage manifest (read by the runtime) and reports/index.html.

python tools/coverage_report.py            # use reports/results/, running the suite if empty
python tools/coverage_report.py --run      # run `pytest conformance -n auto` first
python tools/coverage_report.py --run --profile full   # what the shipped manifest is built from
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import jax
import jinja2
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torchax  # noqa: E402
from conformance import harness, recorder  # noqa: E402
from conformance.expectations import DTYPE_NAMES  # noqa: E402
from torchax import registry  # noqa: E402
from torchax.registry import _manifest  # noqa: E402
from torchax.runtime import variants  # noqa: E402

TEMPLATE = ROOT / "reports" / "template.html.j2"
# Ops that move or re-label data around the op under test: a failing sample is not their fault.
PLUMBING = {
    "aten::_to_copy", "aten::alias", "aten::clone", "aten::copy", "aten::copy_", "aten::detach",
    "aten::expand", "aten::lift_fresh", "aten::view", "aten::_unsafe_view", "aten::t",
    "aten::permute", "aten::transpose.int", "aten::unsqueeze", "aten::squeeze.dim",
    "aten::slice.Tensor", "aten::select.int", "aten::empty.memory_format", "aten::empty_strided",
}  # fmt: skip


# -- running -----------------------------------------------------------------------------------
def run_suite(results: Path, profile: str, extra: list[str]) -> int:
    """Run the conformance suite into `results`, drawing a progress bar from its records."""
    run_id = recorder.new_run_id()
    total = _count_tests(profile)
    env = dict(os.environ, TORCHAX_CONFORMANCE_RUN=run_id)
    cmd = [sys.executable, "-m", "pytest", "conformance", "-n", "auto", "-q", "-p", "no:cacheprovider",
           f"--conformance-profile={profile}", f"--conformance-results={results}", *extra]  # fmt: skip
    print("running:", " ".join(cmd[2:]), flush=True)
    log = results / f"{run_id}-pytest.log"
    results.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        stop = threading.Event()
        bar = threading.Thread(target=_progress, args=(results, run_id, total, stop), daemon=True)
        bar.start()
        code = proc.wait()
        stop.set()
        bar.join()
    print(f"\npytest exited {code}; its log: {log}")
    return code


def _count_tests(profile: str) -> int:
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "--collect-only", "-q", "-p", "no:cacheprovider",
         f"--conformance-profile={profile}", "--conformance-results=none"],
        cwd=ROOT, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return sum(1 for line in out.splitlines() if "::" in line)


def _progress(results: Path, run_id: str, total: int, stop: threading.Event) -> None:
    start = time.time()
    while not stop.wait(2.0):
        done = 0
        for path in results.glob(f"{run_id}-*.jsonl"):
            with open(path, encoding="utf-8") as f:
                done += sum(1 for line in f if '"kind": "test"' in line)
        frac = min(done / total, 1.0) if total else 0.0
        filled = int(40 * frac)
        elapsed = time.time() - start
        print(f"\r[{'#' * filled}{'.' * (40 - filled)}] {done}/{total} tests  {elapsed / 60:.1f} min",
              end="", flush=True)  # fmt: skip


# -- aggregating -------------------------------------------------------------------------------
def _blamed(record: dict) -> list[tuple[str, str]]:
    """(aten op, dtype) pairs a sample's outcome counts for. A pass counts for every op the
    sample dispatched. A failure steers dispatch away from a lowering, so it is pinned only where
    the evidence is unambiguous: on the one lowered op named like the OpInfo, else on the only
    lowered op the sample dispatched besides plumbing; otherwise on none (the OpInfo matrix of
    the dashboard still shows the failure)."""
    if record["status"] == "pass":  # lowered or decomposed, each op it reached did its part
        return sorted({(c["op"], (c["dtypes"] or [record["dtype"]])[0]) for c in record.get("aten") or []})
    calls = [c for c in record.get("aten") or [] if c.get("path") in ("lowering", "derived", "runtime")]
    candidates = {(c["op"], (c["dtypes"] or [record["dtype"]])[0]) for c in calls if c["op"] not in PLUMBING}
    word = record["name"].split(".")[-1].removeprefix("_")
    named = {(op, dtype) for op, dtype in candidates if op.split("::")[1].split(".")[0] in (word, word + "_")}
    for pool in (named, candidates):
        if len({op for op, _ in pool}) == 1:
            return sorted(pool)
    return []


def build_manifest(records: list[dict], profile: str) -> dict:
    """aten overload -> dtype -> status and figures, from the 'values' samples."""
    cells: dict[tuple[str, str], dict] = {}
    for r in records:
        if r.get("kind") != "sample" or r.get("check") != "values" or r["status"] == "skip":
            continue
        for op, dtype in _blamed(r):
            c = cells.setdefault((op, dtype), {"passed": 0, "total": 0, "xfail": 0, "fail": 0,
                                                "max_abs_err": 0.0, "reason": None, "error": None,
                                                "repro": None, "paths": set()})  # fmt: skip
            c["total"] += 1
            c["paths"].update(x["path"] for x in r["aten"] if x["op"] == op)
            if r["status"] == "pass":
                c["passed"] += 1
                c["max_abs_err"] = max(c["max_abs_err"], r.get("max_abs_err") or 0.0)
            else:
                c["xfail" if r["status"] == "xfail" else "fail"] += 1
                c["reason"] = c["reason"] or r.get("reason") or None
                c["error"] = c["error"] or r.get("error") or None
                c["repro"] = c["repro"] or r.get("repro")
    ops: dict[str, dict] = collections.defaultdict(dict)
    for (op, dtype), c in sorted(cells.items()):
        status = "pass" if c["passed"] == c["total"] else ("fail" if c["fail"] else "xfail")
        path = "lowering" if {"lowering", "runtime", "derived"} & c.pop("paths") else "decomposition"
        ops[op][dtype] = {
            "status": status, "passed": c["passed"], "total": c["total"],
            "max_abs_err": c["max_abs_err"], "reason": c["reason"], "error": c["error"],
            "repro": c["repro"], "path": path,
        }  # fmt: skip
    for lowering in registry.lowerings().values():
        ops.setdefault(lowering.name, {})  # registered but not reached by any sample: untested
    return {
        "torch": torch.__version__,
        "jax": jax.__version__,
        "torchax": torchax.__version__,
        "measured": max((r.get("time", "") for r in records), default=""),
        "profile": profile,
        "ops": dict(ops),
    }


def opinfo_matrix(records: list[dict]) -> dict[str, dict[str, dict]]:
    """OpInfo -> dtype -> outcome of its 'values' test, with failing samples' details."""
    matrix: dict[str, dict[str, dict]] = collections.defaultdict(dict)
    for r in records:
        if r.get("kind") != "sample" or r.get("check") != "values":
            continue
        cell = matrix[r["opinfo"]].setdefault(
            r["dtype"], {"passed": 0, "total": 0, "status": "pass", "reason": "", "error": "",
                         "repro": "", "ops": set()})  # fmt: skip
        cell["total"] += 1
        raised = (r.get("reason") or "").startswith("CPU PyTorch raised")
        cell["cpu_raised"] = cell.get("cpu_raised", 0) + raised
        cell["ops"].update(c["op"] for c in r.get("aten") or [] if c.get("depth", 0) == 0)
        if r["status"] == "pass":
            cell["passed"] += 1
        elif r["status"] == "skip" and cell["status"] == "pass":
            cell.update(status="skip", reason=r.get("reason", ""))
        elif r["status"] in ("fail", "xfail", "xpass"):
            worse = {"pass": 0, "skip": 0, "xfail": 1, "xpass": 2, "fail": 2}
            if worse[r["status"]] >= worse[cell["status"]]:
                cell.update(status="fail" if r["status"] == "xpass" else r["status"],
                            reason=r.get("reason", ""), error=r.get("error", ""), repro=r.get("repro", ""))  # fmt: skip
    for cells in matrix.values():  # CPU PyTorch raised on every sample: it does not run this pair
        for cell in cells.values():
            if cell["status"] == "skip" and cell["cpu_raised"] == cell["total"]:
                cell["status"] = "unsupported"
    return matrix


def family_of(ops: set[str]) -> str:
    """The lowering module (pointwise, reduction, ...) of the first lowered op, else 'decomposed'."""
    for op in sorted(ops):
        try:
            lowering = registry.get(registry.resolve(op))
        except registry.RegistrationError:
            continue
        if lowering is not None:
            return Path(lowering.source[0]).stem
    return "decomposed"


def core_table(manifest: dict) -> list[dict]:
    rows = []
    for overload in sorted(registry.core_aten_overloads(), key=str):
        name = registry.name_of(overload)
        base = variants.functional_of(overload) or overload
        lowering = registry.get(base)
        statuses = manifest["ops"].get(name, {})
        rows.append({
            "name": name,
            "lowered": lowering is not None,
            "derived_from": registry.name_of(base) if base is not overload else "",
            "source": (f"{Path(lowering.source[0]).relative_to(ROOT)}:{lowering.source[1]}"
                       if lowering is not None and lowering.source[0].startswith(str(ROOT)) else ""),
            "float32": statuses.get("float32", {}).get("status", "untested"),
            "dtypes": {d: statuses.get(d, {}).get("status", "untested") for d in DTYPE_NAMES},
        })  # fmt: skip
    return rows


def summarize(records: list[dict], manifest: dict) -> dict:
    matrix = opinfo_matrix(records)
    per_dtype = {}
    for dtype in DTYPE_NAMES:
        cells = [m[dtype] for m in matrix.values() if dtype in m and m[dtype]["status"] != "unsupported"]
        passed = sum(1 for c in cells if c["status"] == "pass")
        per_dtype[dtype] = {"passed": passed, "total": len(cells),
                            "rate": (100.0 * passed / len(cells)) if cells else 0.0}  # fmt: skip
    core = core_table(manifest)
    decomposed = {
        op for op, d in manifest["ops"].items() if any(e["path"] == "decomposition" for e in d.values())
    }
    rows = []
    for name in sorted(matrix):
        cells = matrix[name]
        ops = set().union(*(c["ops"] for c in cells.values()))
        rows.append({"opinfo": name, "family": family_of(ops), "ops": ", ".join(sorted(ops)),
                     "cells": {d: c["status"] for d, c in cells.items()}})  # fmt: skip
    failures = [
        {"opinfo": name, "dtype": d, **{k: c[k] for k in ("status", "reason", "error", "repro")}}
        for name, cells in sorted(matrix.items())
        for d, c in cells.items()
        if c["status"] in ("fail", "xfail")
    ]
    return {
        "core_lowered": sum(r["lowered"] for r in core),
        "core_total": len(core),
        "core": core,
        "per_dtype": per_dtype,
        "lowerings": len(registry.lowerings()),
        "decompositions": len(decomposed),
        "rows": rows,
        "failures": failures,
        "families": sorted({r["family"] for r in rows}),
        "counts": recorder.counts(records),
    }


# -- writing -----------------------------------------------------------------------------------
def render_html(summary: dict, manifest: dict, path: Path) -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=True)
    html = env.get_template(TEMPLATE.name).render(s=summary, m=manifest, dtypes=DTYPE_NAMES)
    path.write_text(html, encoding="utf-8")


def text_summary(summary: dict, manifest: dict) -> str:
    lines = [
        f"core ATen: {summary['core_lowered']}/{summary['core_total']} overloads lowered",
        f"lowerings: {summary['lowerings']}, ops served by decompositions: {summary['decompositions']}",
        f"measured with torch {manifest['torch']}, jax {manifest['jax']}, profile {manifest['profile']}",
        "OpInfo pass rate per dtype:",
    ]
    for d, v in summary["per_dtype"].items():
        if v["total"]:
            lines.append(f"  {d:11} {v['passed']:4}/{v['total']:<4} {v['rate']:5.1f}%")
    lines.append(f"failures: {len(summary['failures'])} (OpInfo, dtype) pairs")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--results", type=Path, default=ROOT / recorder.DEFAULT_DIR)
    p.add_argument("--run", action="store_true", help="run the conformance suite first")
    p.add_argument("--profile", choices=sorted(harness.PROFILES), default="default")
    p.add_argument("--manifest", type=Path, default=_manifest.MANIFEST_PATH)
    p.add_argument("--html", type=Path, default=ROOT / "reports" / "index.html")
    p.add_argument("pytest_args", nargs="*", help="extra arguments for pytest (after --)")
    args = p.parse_args(argv)
    started = time.time()
    if args.run or not any(args.results.glob("*.jsonl")):
        run_suite(args.results, args.profile, args.pytest_args)
    records = recorder.merge(recorder.read(args.results))
    if not records:
        print(f"no results under {args.results}", file=sys.stderr)
        return 1
    profile = collections.Counter(r.get("profile", "default") for r in records).most_common(1)[0][0]
    manifest = build_manifest(records, profile)
    args.manifest.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    summary = summarize(records, manifest)
    summary["generated"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    render_html(summary, manifest, args.html)
    print(text_summary(summary, manifest))
    print(f"wrote {args.manifest} and {args.html} in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
