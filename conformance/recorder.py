"""Conformance results as JSON lines, and the tools that read them back.

Each process of a run writes `<dir>/<run>-<worker>.jsonl`: one record per sample (kind
"sample") from the process that ran it, and one record per test (kind "test") from the
process that saw its report (the xdist controller, so that tests whose worker crashed or timed
out are recorded too). Every record carries the run id, profile, and the torch, jax and torchax
versions. Records of later runs supersede earlier ones for the same key (see `merge`).

`python -m conformance.recorder suggest [DIR]` prints expectation entries for the failures in
the latest results; `python -m conformance.recorder summary [DIR]` prints the counts.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import pathlib
import sys
from collections.abc import Iterable

DEFAULT_DIR = "reports/results"


def versions() -> dict[str, str]:
    import jax
    import torch

    import torchax

    return {"torch": torch.__version__, "jax": jax.__version__, "torchax": torchax.__version__}


def new_run_id() -> str:
    return datetime.datetime.now().strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"


class Recorder:
    """Appends records to one JSON-lines file, flushing each, so a crash loses at most one."""

    def __init__(self, directory: str | os.PathLike, run: str, worker: str, profile: str):
        self.path = pathlib.Path(directory) / f"{run}-{worker}.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.common = {"run": run, "worker": worker, "profile": profile, **versions()}
        self._file = None

    def write(self, record: dict) -> None:
        if self._file is None:
            self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the run
        stamp = datetime.datetime.now().isoformat(timespec="seconds")
        self._file.write(json.dumps({**self.common, "time": stamp, **record}, default=str) + "\n")
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


# -- reading --------------------------------------------------------------------------------------
def read(directory: str | os.PathLike = DEFAULT_DIR) -> list[dict]:
    """Every record under the directory, in run order (file names start with the run id)."""
    return [r for path in sorted(pathlib.Path(directory).glob("*.jsonl")) for r in read_file(path)]


def read_file(path: str | os.PathLike) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def key(record: dict) -> tuple:
    if record.get("kind") == "test":
        return ("test", record["check"], record["opinfo"], record.get("dtype"))
    return ("sample", record["check"], record["opinfo"], record.get("dtype"), record.get("sample"))


def merge(records: Iterable[dict]) -> list[dict]:
    """The latest record per key: a later run (even a targeted one) supersedes older results."""
    latest: dict[tuple, dict] = {}
    for r in sorted(records, key=lambda r: (r.get("run", ""), r.get("time", ""))):
        latest[key(r)] = r
    return list(latest.values())


def counts(records: Iterable[dict]) -> dict:
    """Headline counts: tests by check and outcome, samples by status, OpInfos, pairs."""
    records = list(records)
    tests = [r for r in records if r.get("kind") == "test"]
    samples = [r for r in records if r.get("kind") == "sample"]
    by_test: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in tests:
        by_test[r["check"]][r["outcome"]] += 1
    by_sample: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in samples:
        by_sample[r["check"]][r["status"]] += 1
    values = [r for r in tests if r["check"] == "values"]
    return {
        "opinfos": len({r["opinfo"] for r in values}),
        "pairs": len({(r["opinfo"], r["dtype"]) for r in values}),
        "tests": {k: dict(v) for k, v in by_test.items()},
        "samples": {k: dict(v) for k, v in by_sample.items()},
    }


# -- suggesting expectation entries -------------------------------------------------------------------
def _reason(text: str) -> str:
    text = " ".join((text or "").split())
    return (text[:150] + "...") if len(text) > 150 else text


def suggest(records: Iterable[dict]) -> list:
    """Expectation entries for the failing tests among the records (test records carry their
    failing samples): an xfail for the whole test where every sample that ran failed, else one
    naming the failing samples; a skip for a test that timed out or crashed. Dtypes that fail
    the same way are grouped. The reason is the first error: a starting point to make specific."""
    from conformance import expectations as ex

    records = merge(records)
    groups: dict[tuple, list] = collections.defaultdict(list)
    for t in records:
        if t.get("kind") != "test" or t["outcome"] != "failed":
            continue
        failing, ran = t.get("failing") or [], t.get("ran", 0)
        if t.get("xpass") and not failing:
            continue  # the fix is to remove or narrow an entry, not to add one
        if not failing:
            kind, which = "skip", None
            reason = _reason(t.get("message", "")) or "the test crashed or timed out"
        else:
            kind = "xfail"
            which = None if len(failing) >= ran else tuple(failing)
            reason = _reason(t.get("first_error", ""))
        groups[(t["opinfo"], t["check"], kind, which)].append((t.get("dtype"), reason))
    out = []
    for (opinfo, check, kind, which), found in groups.items():
        dtypes = None if None in [d for d, _ in found] else tuple(d for d, _ in found)
        make = ex.xfail if kind == "xfail" else ex.skip
        out.append(make(opinfo, dtypes, check=check, samples=which, reason=found[0][1]))
    return sorted(out, key=lambda e: e.key)


def render(entry) -> str:
    """An entry as the Python source of the table."""
    args = [repr(entry.opinfo), "ALL" if entry.dtypes is None else repr(" ".join(entry.dtypes))]
    if entry.check != "values":
        args.append(f"check={entry.check!r}")
    if entry.samples is not None:
        args.append(f"samples={entry.samples!r}")
    if entry.match is not None:
        args.append(f"match={entry.match!r}")
    if entry.kind == "tol":
        args += [f"atol={entry.atol!r}", f"rtol={entry.rtol!r}"]
    args.append(f"reason={entry.reason!r}")
    return f"    {entry.kind}({', '.join(args)}),"


def merged_table(suggested: list) -> list:
    """The current table plus the suggested entries, sorted as the table must be."""
    from conformance.expectations import EXPECTATIONS

    return sorted([*EXPECTATIONS, *suggested], key=lambda e: e.key)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m conformance.recorder")
    p.add_argument("command", choices=["suggest", "summary"])
    p.add_argument("directory", nargs="?", default=DEFAULT_DIR)
    p.add_argument(
        "--table", action="store_true", help="print the whole table with the suggestions merged in"
    )
    args = p.parse_args(argv)
    records = merge(read(args.directory))
    if not records:
        print(f"no results under {args.directory}", file=sys.stderr)
        return 1
    if args.command == "suggest":
        found = suggest(records)
        print("\n".join(render(e) for e in (merged_table(found) if args.table else found)))
    else:
        print(json.dumps(counts(records), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
