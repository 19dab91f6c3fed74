"""Recording which aten overloads a piece of code dispatched, and which path served each."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator

import torch

from torchax.registry import name_of
from torchax.runtime.env import default_env


@dataclasses.dataclass(frozen=True)
class Call:
    op: str  # "aten::add.Tensor"
    dtypes: tuple[torch.dtype, ...]  # dtypes of the tensor arguments
    path: str  # "lowering", "decomposition" or "fallback"


@contextlib.contextmanager
def recording() -> Iterator[list[Call]]:
    """Collect a Call for every aten call dispatched by torchax inside the block."""
    env = default_env()
    outer, env.records = env.records, []
    calls: list[Call] = []
    try:
        yield calls
    finally:
        raw, env.records = env.records, outer
        calls.extend(Call(name_of(f), d, p) for f, d, p in raw)
        if outer is not None:
            outer.extend(raw)
