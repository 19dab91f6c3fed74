"""Shape and view lowerings: views share their base (Kind.VIEW), the rest copy."""

from __future__ import annotations

import jax.numpy as jnp

from torchax.registry import Kind, register


@register("aten::alias", "aten::detach", kind=Kind.VIEW)
def aten_alias(self):
    """alias(Tensor(a) self) -> Tensor(a)"""
    return self


@register("aten::expand", kind=Kind.VIEW)
def aten_expand(self, size, *, implicit=False):
    """expand(Tensor(a) self, SymInt[] size, *, bool implicit=False) -> Tensor(a)"""
    lead = len(size) - self.ndim
    shape = [s if s != -1 else self.shape[i - lead] for i, s in enumerate(size)]
    return jnp.broadcast_to(self, shape)


@register("aten::permute", kind=Kind.VIEW)
def aten_permute(self, dims):
    """permute(Tensor(a) self, int[] dims) -> Tensor(a)"""
    return jnp.transpose(self, dims)


@register("aten::select.int", kind=Kind.VIEW)
def aten_select_int(self, dim, index):
    """select.int(Tensor(a) self, int dim, SymInt index) -> Tensor(a)"""
    return jnp.take(self, index, axis=dim)


@register("aten::slice.Tensor", kind=Kind.VIEW)
def aten_slice_tensor(self, dim=0, start=None, end=None, step=1):
    """slice.Tensor(Tensor(a) self, int dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1) -> Tensor(a)"""
    index = [slice(None)] * self.ndim
    index[dim] = slice(start, end, step)
    return self[tuple(index)]


@register("aten::t", kind=Kind.VIEW)
def aten_t(self):
    """t(Tensor(a) self) -> Tensor(a)"""
    return jnp.transpose(self) if self.ndim == 2 else self


@register("aten::transpose.int", kind=Kind.VIEW)
def aten_transpose_int(self, dim0, dim1):
    """transpose.int(Tensor(a) self, int dim0, int dim1) -> Tensor(a)"""
    return jnp.swapaxes(self, dim0, dim1)


@register("aten::unsqueeze", kind=Kind.VIEW)
def aten_unsqueeze(self, dim):
    """unsqueeze(Tensor(a) self, int dim) -> Tensor(a)"""
    return jnp.expand_dims(self, dim % (self.ndim + 1))


@register("aten::view", "aten::_unsafe_view", kind=Kind.VIEW)
def aten_view(self, size):
    """view(Tensor(a) self, SymInt[] size) -> Tensor(a)"""
    return jnp.reshape(self, size)
