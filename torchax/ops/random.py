"""Random lowerings: each receives a fresh PRNG key from the environment as `key`."""

from __future__ import annotations

import jax

from torchax.ops._helpers import default_float, shape_of
from torchax.registry import Kind, register


@register("aten::native_dropout", kind=Kind.RANDOM)
def aten_native_dropout(input, p, train, *, key):
    """native_dropout(Tensor input, float p, bool? train) -> (Tensor, Tensor)"""
    if not train or p == 0:
        return input, jax.numpy.ones(input.shape, jax.numpy.bool_)
    keep = jax.random.bernoulli(key, 1 - p, input.shape)
    scale = 1 / (1 - p) if p < 1 else 0.0
    return jax.numpy.where(keep, input * scale, 0).astype(input.dtype), keep


@register("aten::rand", kind=Kind.RANDOM)
def aten_rand(size, *, dtype=None, layout=None, device=None, pin_memory=None, key):
    """rand(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return jax.random.uniform(key, shape_of(size), default_float(dtype))


@register("aten::randn", kind=Kind.RANDOM)
def aten_randn(size, *, dtype=None, layout=None, device=None, pin_memory=None, key):
    """randn(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return jax.random.normal(key, shape_of(size), default_float(dtype))
