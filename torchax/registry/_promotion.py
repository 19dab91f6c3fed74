"""PyTorch's elementwise type promotion, applied to pure-JAX lowerings by one shared wrapper."""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Sequence

import jax
import numpy as np
import torch
from torch._prims_common import ELEMENTWISE_TYPE_PROMOTION_KIND, elementwise_dtypes

from torchax import _dtypes


class Promotion(enum.Enum):
    """The kinds of torch._prims_common.ELEMENTWISE_TYPE_PROMOTION_KIND, by the same names."""

    DEFAULT = ELEMENTWISE_TYPE_PROMOTION_KIND.DEFAULT
    NO_OPMATH = ELEMENTWISE_TYPE_PROMOTION_KIND.NO_OPMATH
    INT_TO_FLOAT = ELEMENTWISE_TYPE_PROMOTION_KIND.INT_TO_FLOAT
    ALWAYS_BOOL = ELEMENTWISE_TYPE_PROMOTION_KIND.ALWAYS_BOOL
    COMPLEX_TO_FLOAT = ELEMENTWISE_TYPE_PROMOTION_KIND.COMPLEX_TO_FLOAT
    BOOL_TO_LONG = ELEMENTWISE_TYPE_PROMOTION_KIND.BOOL_TO_LONG


_SCALARS = (bool, int, float, complex)


def _key(x):
    """What promotion looks at: a tensor's dtype and whether it is zero-dim, or a scalar's type."""
    if isinstance(x, jax.Array | np.ndarray | np.generic):
        return (x.dtype, x.ndim == 0)
    if isinstance(x, _SCALARS):
        return type(x)
    return None  # None (optional argument) and anything else: not promoted


@functools.cache
def dtypes_for(kind: Promotion, keys: tuple) -> tuple[np.dtype, np.dtype]:
    """(compute dtype, result dtype) as JAX dtypes, computed once per combination by torch itself."""
    probes = []
    for k in keys:
        if k is None:
            continue
        if isinstance(k, tuple):
            dtype, zero_dim = k
            probes.append(torch.empty(() if zero_dim else (1,), dtype=_dtypes.to_torch(dtype)))
        else:
            probes.append(k(1))
    compute, result = elementwise_dtypes(*probes, type_promotion_kind=kind.value)
    return _dtypes.to_jax(compute), _dtypes.to_jax(result)


def promoting(fn: Callable, kind: Promotion, positions: Sequence[int]) -> Callable:
    """Wrap `fn` so that the arguments at `positions` are cast to the compute dtype and array
    results to the result dtype. Python scalars stay scalars: JAX's weak typing keeps them from
    changing the dtype of the (already cast) arrays."""
    cache: dict[tuple, tuple[np.dtype, np.dtype]] = {}  # hot path: one dict lookup per call

    def wrapped(*args, **kwargs):
        n = len(args)
        keys = tuple(_key(args[i]) for i in positions if i < n)
        dts = cache.get(keys)
        if dts is None:
            dts = cache[keys] = dtypes_for(kind, keys)
        compute, result = dts
        cast = None
        for i in positions:
            if i < n:
                a = args[i]
                if isinstance(a, jax.Array) and a.dtype != compute:
                    if cast is None:
                        cast = list(args)
                    cast[i] = a.astype(compute)
        out = fn(*(args if cast is None else cast), **kwargs)
        if isinstance(out, jax.Array) and out.dtype != result:
            return out.astype(result)
        return out

    wrapped.__wrapped__ = fn
    return wrapped
