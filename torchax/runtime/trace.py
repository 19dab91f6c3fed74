"""Recording which aten overloads a piece of code dispatched, and which path served each."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from torchax.runtime.env import Call, default_env

__all__ = ["Call", "recording"]


@contextlib.contextmanager
def recording() -> Iterator[list[Call]]:
    """A list that fills, as the block runs, with a Call for every aten call torchax dispatches."""
    env = default_env()
    outer, env.records = env.records, []
    calls = env.records
    try:
        yield calls
    finally:
        env.records = outer
        if outer is not None:
            outer.extend(calls)
