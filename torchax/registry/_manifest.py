"""The coverage manifest: measured status per aten overload and dtype, shipped in the package."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import torch

MANIFEST_PATH = Path(__file__).resolve().parents[1] / "coverage_manifest.json"
FAILING = ("fail", "xfail")


@functools.cache
def manifest() -> dict:
    """The manifest as written by tools/coverage_report.py ({} ops when none is shipped)."""
    if not MANIFEST_PATH.exists():
        return {"ops": {}}
    return json.loads(MANIFEST_PATH.read_text())


def key_dtype(dtypes):
    """The dtype a call is measured and dispatched under, from its tensors' dtypes (torch dtypes or
    their names): the first that is not bool, so where(cond, x, y) counts under x's dtype; bool
    when all are; None without tensors."""
    return next((d for d in dtypes if d not in (torch.bool, "bool")), dtypes[0] if dtypes else None)


def entry(name: str, dtype: torch.dtype) -> dict:
    """What the manifest says of (op, dtype): status pass/fail/xfail/untested, and its figures."""
    found = manifest()["ops"].get(name, {}).get(str(dtype).removeprefix("torch."))
    return found if found is not None else {"status": "untested"}


def known_failures(name: str) -> dict[torch.dtype, str]:
    """dtype -> reason, for the dtypes in which the op's lowering is known to fail."""
    out = {}
    for dtype_name, e in manifest()["ops"].get(name, {}).items():
        if e.get("status") in FAILING and hasattr(torch, dtype_name):
            out[getattr(torch, dtype_name)] = e.get("reason") or e.get("error") or "known failure"
    return out
