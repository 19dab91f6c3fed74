"""Helpers shared by the lowering families."""

from __future__ import annotations

from collections.abc import Sequence

import jax.numpy as jnp


def dims(dim, ndim: int) -> tuple[int, ...] | None:
    """An aten `dim` argument (int, list, or None/[] for all) as a tuple of axes, or None."""
    if dim is None:
        return None
    if isinstance(dim, int):
        dim = [dim]
    if len(dim) == 0:
        return None
    return tuple(d % max(ndim, 1) for d in dim)


def default_float(dtype) -> jnp.dtype:
    """The dtype a factory gets with no dtype given: torch's default float or the given one."""
    import torch

    from torchax import _dtypes

    return _dtypes.to_jax(torch.get_default_dtype()) if dtype is None else dtype


def shape_of(size: Sequence[int]) -> tuple[int, ...]:
    return tuple(int(s) for s in size)
