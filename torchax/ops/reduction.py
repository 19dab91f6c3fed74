"""Reductions: sums, means, extrema, statistics."""

from __future__ import annotations

import jax.numpy as jnp

from torchax.ops._helpers import dims
from torchax.registry import register


def _sum_dtype(self, dtype):
    if dtype is not None:
        return dtype
    if jnp.issubdtype(self.dtype, jnp.integer) or self.dtype == jnp.bool_:
        return jnp.int64
    return self.dtype


@register("aten::mean.dim")
def aten_mean_dim(self, dim, keepdim=False, *, dtype=None):
    """mean.dim(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor"""
    return jnp.mean(self, axis=dims(dim, self.ndim), keepdims=keepdim, dtype=dtype).astype(
        dtype or self.dtype
    )


@register("aten::sum")
def aten_sum(self, *, dtype=None):
    """sum(Tensor self, *, ScalarType? dtype=None) -> Tensor"""
    return jnp.sum(self, dtype=_sum_dtype(self, dtype))


@register("aten::sum.dim_IntList")
def aten_sum_dim_intlist(self, dim, keepdim=False, *, dtype=None):
    """sum.dim_IntList(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor"""
    return jnp.sum(self, axis=dims(dim, self.ndim), keepdims=keepdim, dtype=_sum_dtype(self, dtype))
