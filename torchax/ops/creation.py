"""Factories, copies and conversions."""

from __future__ import annotations

import jax.numpy as jnp

from torchax.ops._helpers import default_float, shape_of
from torchax.registry import register


@register("aten::_local_scalar_dense")
def aten__local_scalar_dense(self):
    """_local_scalar_dense(Tensor self) -> Scalar"""
    return self.item()


@register("aten::_to_copy")
def aten__to_copy(
    self, *, dtype=None, layout=None, device=None, pin_memory=None, non_blocking=False, memory_format=None
):
    """_to_copy(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, bool non_blocking=False, MemoryFormat? memory_format=None) -> Tensor"""
    return self if dtype is None else self.astype(dtype)


@register("aten::clone")
def aten_clone(self, *, memory_format=None):
    """clone(Tensor self, *, MemoryFormat? memory_format=None) -> Tensor"""
    return self


@register("aten::copy")
def aten_copy(self, src, non_blocking=False):
    """copy(Tensor self, Tensor src, bool non_blocking=False) -> Tensor"""
    return jnp.broadcast_to(src, self.shape).astype(self.dtype)


@register("aten::empty.memory_format")
def aten_empty_memory_format(
    size, *, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None
):
    """empty.memory_format(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor"""
    return jnp.zeros(shape_of(size), default_float(dtype))


@register("aten::full")
def aten_full(size, fill_value, *, dtype=None, layout=None, device=None, pin_memory=None):
    """full(SymInt[] size, Scalar fill_value, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    if dtype is None:
        dtype = {bool: jnp.bool_, int: jnp.int64, float: None, complex: None}[type(fill_value)]
        if isinstance(fill_value, complex):
            dtype = jnp.result_type(default_float(None), jnp.complex64)
    return jnp.full(shape_of(size), fill_value, default_float(dtype))


@register("aten::zeros")
def aten_zeros(size, *, dtype=None, layout=None, device=None, pin_memory=None):
    """zeros(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return jnp.zeros(shape_of(size), default_float(dtype))


@register("aten::scalar_tensor")
def aten_scalar_tensor(s, *, dtype=None, layout=None, device=None, pin_memory=None):
    """scalar_tensor(Scalar s, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return jnp.asarray(s, default_float(dtype))
