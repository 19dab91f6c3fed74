"""Conformance results -> the coverage manifest (read by the runtime) and reports/index.html.

python tools/coverage_report.py            # use reports/results/, running the suite if empty
python tools/coverage_report.py --run      # run `pytest conformance -n auto` first
python tools/coverage_report.py --results reports/full   # the shipped manifest: the full profile's packs
python tools/coverage_report.py --run --profile full --pack reports/full/NAME.pack.json.gz -- -k foo
                                           # measure foo in the full profile, packed (supersedes older units)
"""

from __future__ import annotations

import argparse
import collections
import datetime
import gzip
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
from conformance import expectations, harness, recorder  # noqa: E402
from torchax import registry  # noqa: E402
from torchax.registry import _manifest  # noqa: E402
from torchax.runtime import variants  # noqa: E402

TEMPLATE = ROOT / "reports" / "template.html.j2"
# where a manifest built from another profile than the full one goes (the shipped one is the full profile's)
LOCAL_MANIFEST = ROOT / "reports" / "coverage_manifest.json"
PACK = ".pack.json.gz"  # the results of a run (or a shard of one), reduced to units
# The checks whose samples measure aten ops against CPU PyTorch, for the manifest: values, and
# grad, which also reaches the backward ops (convolution_backward...). jit compares with eager.
MANIFEST_CHECKS = ("values", "grad")
# Ops that move or re-label data around the op under test: a failing sample is not their fault.
PLUMBING = {
    "aten::_to_copy", "aten::alias", "aten::clone", "aten::copy", "aten::copy_", "aten::detach",
    "aten::expand", "aten::lift_fresh", "aten::view", "aten::_unsafe_view", "aten::t",
    "aten::permute", "aten::transpose.int", "aten::unsqueeze", "aten::squeeze.dim",
    "aten::slice.Tensor", "aten::select.int", "aten::empty.memory_format", "aten::empty_strided",
}  # fmt: skip


# -- running -----------------------------------------------------------------------------------
def run_suite(results: Path, profile: str, extra: list[str]) -> str:
    """Run the conformance suite into `results`, drawing a progress bar from its records; returns
    the run's id (its files are `results/<id>-*.jsonl`)."""
    run_id = recorder.new_run_id()
    total = _count_tests(profile, extra)
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
    return run_id


def _count_tests(profile: str, extra: list[str]) -> int:
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "--collect-only", "-q", "-p", "no:cacheprovider",
         f"--conformance-profile={profile}", "--conformance-results=none", *extra],
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


# -- blame -------------------------------------------------------------------------------------
def _counts_as_pass(record: dict) -> bool:
    """For the manifest: a pass, or a strict xfail whose entry says CPU PyTorch is what is wrong."""
    return record["status"] == "pass" or (record["status"] == "xfail" and bool(record.get("cpu_wrong")))


def _blamed(record: dict) -> list[tuple[str, str]]:
    """(aten op, dtype) pairs a sample's outcome counts for. A pass counts for every op the
    sample dispatched. A failure steers dispatch away from a lowering, so it is pinned only where
    the evidence is unambiguous: on the one lowered op named like the OpInfo, else on the only
    lowered op the sample dispatched besides plumbing; otherwise on none (the OpInfo matrix of
    the dashboard still shows the failure)."""
    if _counts_as_pass(record):  # lowered or decomposed, each op it reached did its part
        return sorted(
            {(c["op"], registry.key_dtype(c["dtypes"]) or record["dtype"]) for c in record.get("aten") or []}
        )
    calls = [c for c in record.get("aten") or [] if c.get("path") in ("lowering", "derived", "runtime")]
    candidates = {
        (c["op"], registry.key_dtype(c["dtypes"]) or record["dtype"])
        for c in calls
        if c["op"] not in PLUMBING
    }
    word = record["name"].split(".")[-1].removeprefix("_")
    named = {(op, dtype) for op, dtype in candidates if op.split("::")[1].split(".")[0] in (word, word + "_")}
    for pool in (named, candidates):
        if len({op for op, _ in pool}) == 1:
            return sorted(pool)
    return []


# -- units: what one test contributes, the form results are packed and merged in ---------------------------
def _unit_key(record: dict) -> str:
    return f"{record['check']}|{record['opinfo']}|{record.get('dtype') or ''}"


def units(records: list[dict]) -> dict[str, dict]:
    """Per (check, OpInfo, dtype) test: its test record, its samples counted by status, for the
    values check its cell of the OpInfo matrix, and for the values and grad checks what it adds
    to each (aten op, dtype) of the manifest. Units are small (a full-profile run packs into a few MB) and merge by key."""
    out: dict[str, dict] = {}
    for r in recorder.merge(records):
        if r.get("kind") not in ("sample", "test"):
            continue
        u = out.setdefault(_unit_key(r), {
            "check": r["check"], "opinfo": r["opinfo"], "dtype": r.get("dtype"), "time": "",
            "profile": r.get("profile", "default"), "test": None, "samples": {}, "matrix": None, "cells": {},
        })  # fmt: skip
        u["time"] = max(u["time"], r.get("time", ""))
        if r["kind"] == "test":
            u["test"] = {"outcome": r["outcome"], "message": (r.get("message") or "")[:500]}
            continue
        u["samples"][r["status"]] = u["samples"].get(r["status"], 0) + 1
        if r["check"] == "values":
            _add_to_matrix(u, r)
        if r["check"] in MANIFEST_CHECKS:
            if r["status"] != "skip":
                for op, dtype in _blamed(r):
                    _add_to_cell(u["cells"], op, dtype, r)
    for u in out.values():  # sets as sorted lists: units are written as JSON
        if u["matrix"] is not None:
            u["matrix"]["ops"] = sorted(u["matrix"]["ops"])
        for c in u["cells"].values():
            c["paths"] = sorted(c["paths"])
    return out


def _add_to_matrix(unit: dict, r: dict) -> None:
    if unit["matrix"] is None:
        unit["matrix"] = {"passed": 0, "total": 0, "status": "pass", "reason": "", "error": "", "repro": "",
                          "ops": set()}  # fmt: skip
    cell = unit["matrix"]
    cell["total"] += 1
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


def _new_cell() -> dict:
    """What the manifest knows of one (aten op, dtype): sample counts, the largest error of a pass,
    the first failure's reason, error and repro command, and the paths that served it."""
    return {"passed": 0, "total": 0, "xfail": 0, "fail": 0, "max_abs_err": 0.0, "reason": None, "error": None,
            "repro": None, "paths": set()}  # fmt: skip


def _add_to_cell(cells: dict, op: str, dtype: str, r: dict) -> None:
    c = cells.setdefault(f"{op}|{dtype}", _new_cell())
    c["total"] += 1
    c["paths"].update(x["path"] for x in r["aten"] if x["op"] == op)
    if _counts_as_pass(r):
        c["passed"] += 1
        if r["status"] == "pass":  # a cpu_wrong sample's error is from the wrong result
            c["max_abs_err"] = max(c["max_abs_err"], r.get("max_abs_err") or 0.0)
    else:
        c["xfail" if r["status"] == "xfail" else "fail"] += 1
        c["reason"] = c["reason"] or r.get("reason") or None
        c["error"] = c["error"] or r.get("error") or None
        c["repro"] = c["repro"] or r.get("repro")


def resume_args(pack: dict[str, dict]) -> list[str]:
    """pytest arguments that deselect the tests a pack already holds an outcome for."""
    args = []
    for u in pack.values():
        if u["test"] is not None:
            param = u["opinfo"] + (f"-{u['dtype']}" if u["dtype"] else "")
            args += ["--deselect", f"conformance/test_ops.py::test_{u['check']}[{param}]"]
    return args


def write_pack(found: dict[str, dict], path: Path) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        json.dump(found, f, sort_keys=True, separators=(",", ":"))


def read_pack(path: Path) -> dict[str, dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def load(paths: list[Path]) -> dict[str, dict]:
    """The units of every result under the paths: raw results (*.jsonl) and packs (*.pack.json.gz);
    where two measured the same test, the later one stands."""
    merged: dict[str, dict] = {}
    found: list[dict[str, dict]] = []
    raw: list[Path] = []
    for path in paths:
        files = [path] if path.is_file() else sorted(path.glob("*"))
        found += [read_pack(f) for f in files if f.name.endswith(PACK)]
        raw += [f for f in files if f.suffix == ".jsonl"]
    if raw:  # together: a test's sample records (workers' files) and its test record (main's) join
        found.append(units([r for f in raw for r in recorder.read_file(f)]))
    for batch in found:
        for key, u in batch.items():
            if key not in merged or u["time"] >= merged[key]["time"]:
                merged[key] = u
    return merged


# -- aggregating -------------------------------------------------------------------------------
def build_manifest(found: dict[str, dict], profile: str) -> dict:
    """aten overload -> dtype -> status and figures, from the samples of MANIFEST_CHECKS."""
    cells: dict[tuple[str, str], dict] = {}
    for u in found.values():
        for key, part in u["cells"].items():
            c = cells.setdefault(tuple(key.rsplit("|", 1)), _new_cell())
            for n in ("passed", "total", "xfail", "fail"):
                c[n] += part[n]
            c["max_abs_err"] = max(c["max_abs_err"], part["max_abs_err"])
            c["paths"].update(part["paths"])
            for k in ("reason", "error", "repro"):
                c[k] = c[k] or part[k]
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
        "measured": max((u["time"] for u in found.values()), default=""),
        "profile": profile,
        "ops": dict(ops),
    }


def opinfo_matrix(found: dict[str, dict]) -> dict[str, dict[str, dict]]:
    """OpInfo -> dtype -> outcome of its 'values' test, with failing samples' details."""
    matrix: dict[str, dict[str, dict]] = collections.defaultdict(dict)
    for u in found.values():
        if u["check"] != "values" or u["matrix"] is None:
            continue
        cell = matrix[u["opinfo"]][u["dtype"]] = dict(u["matrix"], ops=set(u["matrix"]["ops"]))
        table = any(e.kind == "skip" for e in expectations.lookup(u["opinfo"], u["dtype"], "values"))
        if cell["status"] == "skip" and not table:
            # the skipped samples are ones CPU PyTorch does not run (it raised, PyTorch's generator
            # raised, no tensor argument): not samples of the pair; none left, PyTorch runs no pair
            cell["status"] = "pass" if cell["passed"] else "unsupported"
    return matrix


def counts(found: dict[str, dict]) -> dict:
    """Headline counts: tests by check and outcome, samples by check and status, OpInfos, pairs."""
    tests: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    samples: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for u in found.values():
        if u["test"] is not None:
            tests[u["check"]][u["test"]["outcome"]] += 1
        samples[u["check"]].update(u["samples"])
    values = [u for u in found.values() if u["check"] == "values" and u["test"] is not None]
    return {
        "opinfos": len({u["opinfo"] for u in values}),
        "pairs": len({(u["opinfo"], u["dtype"]) for u in values}),
        "tests": {k: dict(v) for k, v in tests.items()},
        "samples": {k: dict(v) for k, v in samples.items()},
    }


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
            "dtypes": {d: statuses.get(d, {}).get("status", "untested") for d in expectations.DTYPE_NAMES},
        })  # fmt: skip
    return rows


def summarize(found: dict[str, dict], manifest: dict) -> dict:
    matrix = opinfo_matrix(found)
    per_dtype = {}
    for dtype in expectations.DTYPE_NAMES:
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
        "counts": counts(found),
    }


# -- writing -----------------------------------------------------------------------------------
def render_html(summary: dict, manifest: dict, path: Path) -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=True)
    html = env.get_template(TEMPLATE.name).render(s=summary, m=manifest, dtypes=expectations.DTYPE_NAMES)
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
    for check, by_outcome in sorted(summary["counts"]["tests"].items()):
        samples = summary["counts"]["samples"].get(check, {})
        lines.append(
            f"  {check:7s} tests {dict(sorted(by_outcome.items()))}, samples {dict(sorted(samples.items()))}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--results", type=Path, action="append",
                   help=f"a folder (or file) of raw results (*.jsonl) or packs (*{PACK}); may be repeated "
                   f"(default: {recorder.DEFAULT_DIR})")  # fmt: skip
    p.add_argument("--run", action="store_true",
                   help=f"run the conformance suite first, into {recorder.DEFAULT_DIR}, and build from that "
                   "run (and any --results given)")  # fmt: skip
    p.add_argument("--profile", choices=sorted(harness.PROFILES), default="default")
    p.add_argument("--pack", type=Path, metavar="FILE",
                   help=f"write the results as one pack (*{PACK}) to FILE instead of a report")  # fmt: skip
    p.add_argument("--resume", action="store_true",
                   help="with --run and --pack: run only the tests the pack holds no outcome for, and add "
                   "them to it (to finish a shard that was stopped)")  # fmt: skip
    p.add_argument("--manifest", type=Path,
                   help=f"where to write the manifest (default: {_manifest.MANIFEST_PATH.relative_to(ROOT)}, the one "
                   f"the runtime reads, when the results are the full profile's; else {LOCAL_MANIFEST.relative_to(ROOT)})")  # fmt: skip
    p.add_argument("--html", type=Path, default=ROOT / "reports" / "index.html")
    p.add_argument("pytest_args", nargs="*", help="extra arguments for pytest (after --)")
    args = p.parse_args(argv)
    started = time.time()
    if args.resume:
        if not (args.run and args.pack):
            p.error("--resume needs --run and --pack")
        if args.pack.exists():
            args.pytest_args += resume_args(read_pack(args.pack))
            args.results = (args.results or []) + [args.pack]
    raw = ROOT / recorder.DEFAULT_DIR
    results = args.results or [raw]
    if args.run or not any(any(r.glob("*")) if r.is_dir() else r.exists() for r in results):
        run_id = run_suite(raw, args.profile, args.pytest_args)
        results = (args.results or []) + sorted(raw.glob(f"{run_id}-*.jsonl"))
    found = load(results)
    if not found:
        print(f"no results under {', '.join(map(str, results))}", file=sys.stderr)
        return 1
    if args.pack:
        write_pack(found, args.pack)
        print(f"wrote {args.pack}: {len(found)} tests, {counts(found)['samples']} samples")
        return 0
    profile = collections.Counter(u["profile"] for u in found.values()).most_common(1)[0][0]
    manifest = build_manifest(found, profile)
    if args.manifest is None:  # the shipped manifest is the full profile's: a smaller run does not replace it
        args.manifest = _manifest.MANIFEST_PATH if profile == "full" else LOCAL_MANIFEST
    args.manifest.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    summary = summarize(found, manifest)
    summary["generated"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    render_html(summary, manifest, args.html)
    print(text_summary(summary, manifest))
    print(f"wrote {args.manifest} and {args.html} in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
