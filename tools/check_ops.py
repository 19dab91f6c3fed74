"""Quick check of OpInfo entries on the jax device against CPU torch: `python tools/check_ops.py REGEX`."""

from __future__ import annotations

import argparse
import re
import traceback

import torch
from torch.testing._internal.common_methods_invocations import op_db

import torchax
from torchax.runtime.device import DEVICE


def _to_jax(x):
    return x.to(DEVICE) if isinstance(x, torch.Tensor) else x


def check(op, dtype, max_samples: int) -> tuple[int, int, str]:
    passed = total = 0
    first_error = ""
    samples = list(op.sample_inputs("cpu", dtype, requires_grad=False))[:max_samples]
    for sample in samples:
        total += 1
        try:
            expected = op(sample.input, *sample.args, **sample.kwargs)
        except Exception:
            total -= 1
            continue
        try:
            with torchax.default_env():
                jsample = sample.transform(_to_jax)
                actual = op(jsample.input, *jsample.args, **jsample.kwargs)
            actual = torch.utils._pytree.tree_map(
                lambda t: t.cpu() if isinstance(t, torch.Tensor) else t, actual
            )
            torch.testing.assert_close(actual, expected, equal_nan=True)
            passed += 1
        except Exception as e:  # noqa: BLE001 - reporting any failure is the point
            if not first_error:
                first_error = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
                if args.trace:
                    traceback.print_exc()
    return passed, total, first_error


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("pattern")
    p.add_argument("--dtypes", default="")
    p.add_argument("--max-samples", type=int, default=20)
    p.add_argument("--trace", action="store_true")
    args = p.parse_args()
    wanted = {getattr(torch, d) for d in args.dtypes.split(",") if d}
    for op in op_db:
        full = op.name + ("." + op.variant_test_name if op.variant_test_name else "")
        if not re.fullmatch(args.pattern, full):
            continue
        for dtype in sorted(op.supported_dtypes("cpu"), key=str):
            if wanted and dtype not in wanted:
                continue
            passed, total, err = check(op, dtype, args.max_samples)
            status = "PASS" if passed == total else "FAIL"
            print(f"{status} {full} {str(dtype)[6:]} {passed}/{total} {err[:160]}")
