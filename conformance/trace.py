"""Which aten overloads a call dispatched on the jax device, and which path served each.

The one place that knows how to observe the runtime's dispatch: `recording()` yields a list that
holds a `Dispatch(op, dtypes, path)` per aten call made inside the block, once the block ends.
It uses the runtime's hook `torchax.runtime.trace.recording()`; where the runtime has none, it
records nothing and `available()` says so.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
from collections.abc import Iterator

import torch


@dataclasses.dataclass(frozen=True)
class Dispatch:
    op: str  # "aten::add.Tensor"
    dtypes: tuple[str, ...]  # dtypes of the tensor arguments, in order: ("float32", "float32")
    path: str  # "lowering", "decomposition" or "fallback" (the runtime's names)
    depth: int | None = None  # 0: called by the program; 1+: inside a decomposition (if the hook says)

    def as_json(self) -> dict:
        out = {"op": self.op, "dtypes": list(self.dtypes), "path": self.path}
        if self.depth is not None:
            out["depth"] = self.depth
        return out


def _hook():
    try:
        module = importlib.import_module("torchax.runtime.trace")
    except ImportError:
        return None
    return getattr(module, "recording", None)


def available() -> bool:
    return _hook() is not None


def _name(dtype) -> str:
    return str(dtype).removeprefix("torch.")


def _convert(call) -> Dispatch:
    """One entry of the runtime's log: a Call(op, dtypes, path[, depth]), or such a tuple."""
    if hasattr(call, "op"):
        op, dtypes, path, depth = call.op, call.dtypes, call.path, getattr(call, "depth", None)
    else:
        op, dtypes, path, *rest = tuple(call)
        depth = rest[0] if rest else None
    if isinstance(op, torch._ops.OpOverload):
        from torchax.registry import name_of

        op = name_of(op)
    return Dispatch(str(op), tuple(_name(d) for d in dtypes), str(path), depth)


@contextlib.contextmanager
def recording() -> Iterator[list[Dispatch]]:
    """Collect the aten dispatches made inside the block (filled when the block exits)."""
    log: list[Dispatch] = []
    hook = _hook()
    if hook is None:
        yield log
        return
    raw: list = []
    try:
        with hook() as calls:
            raw.append(calls)
            yield log
    finally:  # the runtime fills its list as its block exits, also when the call raised
        log.extend(_convert(c) for c in (raw[0] if raw else []))


def summarize(log: list[Dispatch]) -> list[dict]:
    """The distinct dispatches of a log, in first-seen order, each with a count."""
    seen: dict[Dispatch, int] = {}
    for d in log:
        seen[d] = seen.get(d, 0) + 1
    return [{**d.as_json(), "count": n} for d, n in seen.items()]
