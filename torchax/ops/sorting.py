"""Sorting and selection: sort, argsort, topk, kthvalue, mode, median."""

from __future__ import annotations

import jax
import jax.numpy as jnp

from torchax.ops._helpers import axis_of
from torchax.registry import register


def _keys(x, descending: bool) -> tuple[jax.Array, ...]:
    """Sort keys ordering `x` as torch does: NaN above everything, -0.0 equal to 0.0."""
    if jnp.issubdtype(x.dtype, jnp.complexfloating):
        raise RuntimeError("sort(): complex tensors have no order")
    if jnp.issubdtype(x.dtype, jnp.floating):
        nan = jnp.isnan(x)
        value = jnp.where(nan | (x == 0), jnp.zeros((), x.dtype), x)
        return (~nan, -value) if descending else (nan, value)
    return (~x,) if descending else (x,)  # bitwise not reverses signed, unsigned and bool order


def _sort(x, axis: int, descending: bool) -> tuple[jax.Array, jax.Array]:
    """Stable sort along `axis` of an array with ndim >= 1: (values, int64 indices)."""
    iota = jax.lax.broadcasted_iota(jnp.int64, x.shape, axis)
    keys = _keys(x, descending)
    *_, index, values = jax.lax.sort((*keys, iota, x), dimension=axis, num_keys=len(keys) + 1)
    return values, index


def _sort_dim(self, dim, descending):
    axis = axis_of(dim, self.ndim)
    if self.ndim == 0:
        return self, jnp.zeros((), jnp.int64)
    return _sort(self, axis, descending)


def _check_reduction_dim(name, self, axis):
    if self.ndim and self.shape[axis] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {axis} to have non-zero size.")


def _pick(values, index, position, axis, keepdim):
    """values/indices at `position` (an array broadcastable along `axis`) of sorted rows."""
    v = jnp.take_along_axis(values, position, axis=axis)
    i = jnp.take_along_axis(index, position, axis=axis)
    if not keepdim:
        v, i = jnp.squeeze(v, axis), jnp.squeeze(i, axis)
    return v, i


def _median(name, self, dim, keepdim, ignore_nan):
    """torch's lower median along dim; NaN wins (first NaN) unless ignored (then all-NaN -> NaN)."""
    axis = axis_of(dim, self.ndim)
    if self.ndim == 0:
        return self, jnp.zeros((), jnp.int64)
    _check_reduction_dim(name, self, axis)
    values, index = _sort(self, axis, False)  # NaNs last, in their original order
    n = self.shape[axis]
    nans = jnp.sum(jnp.isnan(self), axis=axis, keepdims=True)
    if ignore_nan:
        position = jnp.maximum((n - nans - 1) // 2, 0)
    else:
        position = jnp.where(nans > 0, n - nans, (n - 1) // 2)
    return _pick(values, index, position.astype(jnp.int64), axis, keepdim)


def _median_all(name, self, ignore_nan):
    if self.size == 0:
        return jnp.full((), jnp.nan, self.dtype)
    return _median(name, self.ravel(), 0, False, ignore_nan)[0]


def _groups(new, return_inverse, return_counts, inverse_of_groups):
    """From `new` (True where a run of equal elements starts, in the order they are grouped):
    the group index of every element (mapped back by `inverse_of_groups`) and run lengths.
    The number of groups decides an output shape: eager only, as in torch."""
    group = jnp.cumsum(new) - 1
    n = int(group[-1]) + 1 if group.size else 0
    empty = jnp.zeros((0,), jnp.int64)
    inverse = inverse_of_groups(group.astype(jnp.int64)) if return_inverse else empty
    counts = jnp.bincount(group, length=n).astype(jnp.int64) if return_counts else empty
    return inverse, counts


def _starts(rows):
    """True where a row differs from the previous one (rows: (n, ...) with n >= 1)."""
    differs = rows[1:] != rows[:-1]
    if rows.ndim > 1:
        differs = jnp.any(differs.reshape(differs.shape[0], -1), axis=1)
    return jnp.concatenate([jnp.ones((1,), bool), differs])


# -- lowerings, alphabetical by op -----------------------------------------------------------


@register("aten::_unique2")
def aten__unique2(self, sorted=True, return_inverse=False, return_counts=False):
    """_unique2(Tensor self, bool sorted=True, bool return_inverse=False, bool return_counts=False) -> (Tensor, Tensor, Tensor)"""
    flat = self.ravel()
    if flat.size == 0:
        empty = jnp.zeros((0,), jnp.int64)
        return flat, jnp.zeros(self.shape, jnp.int64) if return_inverse else empty, empty
    values, index = _sort(flat, 0, False)
    new = _starts(values)  # NaN != NaN: every NaN stays its own value, as in torch
    inverse, counts = _groups(
        new, return_inverse, return_counts, lambda g: jnp.zeros_like(g).at[index].set(g).reshape(self.shape)
    )
    return values[new], inverse, counts


@register("aten::argsort")
def aten_argsort(self, dim=-1, descending=False):
    """argsort(Tensor self, int dim=-1, bool descending=False) -> Tensor"""
    return _sort_dim(self, dim, descending)[1]


@register("aten::argsort.stable")
def aten_argsort_stable(self, *, stable, dim=-1, descending=False):
    """argsort.stable(Tensor self, *, bool stable, int dim=-1, bool descending=False) -> Tensor"""
    return _sort_dim(self, dim, descending)[1]


@register("aten::kthvalue")
def aten_kthvalue(self, k, dim=-1, keepdim=False):
    """kthvalue(Tensor self, SymInt k, int dim=-1, bool keepdim=False) -> (Tensor values, Tensor indices)"""
    axis = axis_of(dim, self.ndim)
    _check_reduction_dim("kthvalue", self, axis)
    n = self.shape[axis] if self.ndim else 1
    if not 1 <= k <= n:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {axis}")
    if self.ndim == 0:
        return self, jnp.zeros((), jnp.int64)
    values, index = _sort(self, axis, False)
    position = jnp.full((1,) * self.ndim, k - 1, jnp.int64)
    return _pick(values, index, position, axis, keepdim)


@register("aten::median")
def aten_median(self):
    """median(Tensor self) -> Tensor"""
    return _median_all("median", self, ignore_nan=False)


@register("aten::median.dim")
def aten_median_dim(self, dim, keepdim=False):
    """median.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)"""
    return _median("median", self, dim, keepdim, ignore_nan=False)


@register("aten::mode")
def aten_mode(self, dim=-1, keepdim=False):
    """mode(Tensor self, int dim=-1, bool keepdim=False) -> (Tensor values, Tensor indices)"""
    axis = axis_of(dim, self.ndim)
    if self.ndim == 0:
        return self, jnp.zeros((), jnp.int64)
    _check_reduction_dim("mode", self, axis)
    values, index = _sort(self, axis, False)
    # runs of equal values in the sorted rows; like torch, the smallest most frequent value
    # wins, with the index of its last occurrence
    pos = jax.lax.broadcasted_iota(jnp.int64, values.shape, axis)
    differs = _differs(values, axis)
    edge = jnp.ones_like(jax.lax.slice_in_dim(values, 0, 1, axis=axis), dtype=bool)
    first = jnp.concatenate([edge, differs], axis)
    last = jnp.concatenate([differs, edge], axis)
    start = jax.lax.cummax(jnp.where(first, pos, 0), axis=axis)
    count = jnp.where(last, pos - start + 1, 0)
    position = jnp.argmax(count, axis=axis, keepdims=True)
    return _pick(values, index, position, axis, keepdim)


def _differs(values, axis):
    """values[i] != values[i + 1] along axis (length n - 1)."""
    n = values.shape[axis]
    a = jax.lax.slice_in_dim(values, 0, n - 1, axis=axis)
    b = jax.lax.slice_in_dim(values, 1, n, axis=axis)
    return a != b


@register("aten::msort")
def aten_msort(self):
    """msort(Tensor self) -> Tensor"""
    return _sort_dim(self, 0, False)[0]


@register("aten::nanmedian")
def aten_nanmedian(self):
    """nanmedian(Tensor self) -> Tensor"""
    return _median_all("nanmedian", self, ignore_nan=True)


@register("aten::nanmedian.dim")
def aten_nanmedian_dim(self, dim, keepdim=False):
    """nanmedian.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)"""
    return _median("nanmedian", self, dim, keepdim, ignore_nan=True)


@register("aten::sort")
def aten_sort(self, dim=-1, descending=False):
    """sort(Tensor self, int dim=-1, bool descending=False) -> (Tensor values, Tensor indices)"""
    return _sort_dim(self, dim, descending)


@register("aten::sort.stable")
def aten_sort_stable(self, *, stable, dim=-1, descending=False):
    """sort.stable(Tensor self, *, bool? stable, int dim=-1, bool descending=False) -> (Tensor values, Tensor indices)"""
    return _sort_dim(self, dim, descending)


@register("aten::topk")
def aten_topk(self, k, dim=-1, largest=True, sorted=True):
    """topk(Tensor self, SymInt k, int dim=-1, bool largest=True, bool sorted=True) -> (Tensor values, Tensor indices)"""
    axis = axis_of(dim, self.ndim)
    n = self.shape[axis] if self.ndim else 1
    if not 0 <= k <= n:
        raise RuntimeError("selected index k out of range")
    if self.ndim == 0:
        return self, jnp.zeros((), jnp.int64)
    values, index = _sort(self, axis, largest)
    return jax.lax.slice_in_dim(values, 0, k, axis=axis), jax.lax.slice_in_dim(index, 0, k, axis=axis)


@register("aten::unique_consecutive")
def aten_unique_consecutive(self, return_inverse=False, return_counts=False, dim=None):
    """unique_consecutive(Tensor self, bool return_inverse=False, bool return_counts=False, int? dim=None) -> (Tensor, Tensor, Tensor)"""
    if dim is None or self.ndim == 0:
        shape, x, axis = self.shape, self.ravel(), 0
    else:
        axis = axis_of(dim, self.ndim)
        shape, x = (self.shape[axis],), jnp.moveaxis(self, axis, 0)
    if x.shape[0] == 0:
        empty = jnp.zeros((0,), jnp.int64)
        return self if dim is not None else x, jnp.zeros(shape, jnp.int64) if return_inverse else empty, empty
    new = _starts(x)
    inverse, counts = _groups(new, return_inverse, return_counts, lambda g: g.reshape(shape))
    return jnp.moveaxis(x[new], 0, axis), inverse, counts


@register("aten::unique_dim")
def aten_unique_dim(self, dim, sorted=True, return_inverse=False, return_counts=False):
    """unique_dim(Tensor self, int dim, bool sorted=True, bool return_inverse=False, bool return_counts=False) -> (Tensor, Tensor, Tensor)"""
    axis = axis_of(dim, self.ndim)
    n = self.shape[axis] if self.ndim else 1
    rows = jnp.moveaxis(self, axis, 0).reshape(n, -1) if self.ndim else self.reshape(1, 1)
    if n == 0:
        empty = jnp.zeros((0,), jnp.int64)
        return self, empty, empty
    # lexicographic, stable order of the slices along dim: sort by every column as a key
    keys = [k for col in rows.T for k in _keys(col, False)]
    order = jax.lax.sort((*keys, jnp.arange(n, dtype=jnp.int64)), num_keys=len(keys) + 1)[-1]
    new = _starts(rows[order])
    inverse, counts = _groups(
        new, return_inverse, return_counts, lambda g: jnp.zeros_like(g).at[order].set(g)
    )
    return jnp.take(self, order[new], axis=axis), inverse, counts
