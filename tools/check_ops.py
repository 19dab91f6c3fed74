"""Quick check of OpInfo entries on the jax device against CPU torch: `python tools/check_ops.py REGEX`.

A thin front end to the conformance harness (conformance/harness.py): the same samples, the
same comparisons, no expectations table. Prints PASS/FAIL per (OpInfo, dtype) with the first
error; --trace adds its traceback and the aten ops the failing sample dispatched.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # the repository root

import torchax  # noqa: E402
from conformance import harness  # noqa: E402


def check(op, check_name: str, dtype: str | None, max_samples: int | None, sample: str | None, trace: bool):
    """(passed, total, first error) over the samples; samples CPU torch rejects are not counted."""
    passed = total = 0
    first_error = ""
    for sample_id, s in harness.samples(op, dtype, check_name, limit=max_samples, only=sample):
        if check_name == "errors":
            outcome = harness.check_error(op, s)
        else:
            outcome = harness.CHECK_FUNCTIONS[check_name](op, s)
        if outcome.status == "skip":
            continue
        total += 1
        if outcome.status == "pass":
            passed += 1
        elif not first_error:
            first_error = f"[{sample_id}] {outcome.error}"
            if trace:
                print(outcome.traceback or outcome.error, file=sys.stderr)
                for d in harness.trace.summarize(outcome.aten):
                    print(
                        f"  {d['op']}({', '.join(d['dtypes'])}) -> {d['path']} x{d['count']}", file=sys.stderr
                    )
    return passed, total, first_error


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("pattern", help="regex that must fully match the OpInfo's name or name.variant")
    p.add_argument("--dtypes", default="", help="comma-separated dtype names (default: all supported)")
    p.add_argument("--max-samples", type=int, default=20)
    p.add_argument("--check", choices=["values", "grad", "jit", "errors"], default="values")
    p.add_argument("--sample", default=None, help="only this sample id (s3, r3, e3)")
    p.add_argument("--trace", action="store_true")
    args = p.parse_args(argv)
    harness.configure_jax()
    torchax.config.dispatch_by_coverage = False  # measure the lowerings themselves
    wanted = {d for d in args.dtypes.split(",") if d}
    for full, op in harness.opinfos().items():
        if not re.fullmatch(args.pattern, full):
            continue
        if args.check == "errors":
            dtypes = [None] if op.error_inputs_func is not None else []
        elif args.check == "grad":
            dtypes = harness.backward_dtypes(op)
        else:
            dtypes = harness.supported_dtypes(op)
        for dtype in dtypes:
            if wanted and dtype is not None and dtype not in wanted:
                continue
            passed, total, err = check(op, args.check, dtype, args.max_samples, args.sample, args.trace)
            status = "PASS" if passed == total else "FAIL"
            print(
                f"{status} {full} {dtype or ''} {passed}/{total} {err[:160]}".replace("  ", " "), flush=True
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
