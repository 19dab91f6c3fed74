"""Sorting, selection and searching: sort, argsort, topk, kthvalue, mode, median, unique,
searchsorted, bucketize, isin."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp

from torchax.ops._helpers import (
    as_scalar,
    axis_of,
    data_dependent,
    dtype_name,
    order_key,
    result_type,
    traced,
)
from torchax.registry import register


def bisect(n: int, shape, go_right) -> jax.Array:
    """Where the bisection of torch's CPU kernels (and of std::lower_bound/upper_bound) over
    [0, n) stops, for an int64 array of searches of `shape`: `go_right(mid)` says whether the
    answer lies right of `mid`. Step by step as in C++, so unsorted input gives torch's answer."""
    start = jnp.zeros(shape, jnp.int64)
    end = jnp.full(shape, n, jnp.int64)
    for _ in range(n.bit_length()):
        active = start < end
        mid = start + ((end - start) >> 1)
        right = go_right(jnp.minimum(mid, max(n - 1, 0)))
        start = jnp.where(active & right, mid + 1, start)
        end = jnp.where(active & ~right, mid, end)
    return start


def _before(a, a_nan, b, b_nan, inclusive: bool) -> jax.Array:
    """not (a >= b) (or not (a > b) when inclusive): True when either is NaN, as in C++."""
    below = a <= b if inclusive else a < b
    for nan in (a_nan, b_nan):
        if nan is not None:
            below = below | nan
    return below


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
    if rows.ndim > 1:  # (no -1 in the reshape: with one row there are none to infer it from)
        differs = jnp.any(differs.reshape(differs.shape[0], math.prod(differs.shape[1:])), axis=1)
    return jnp.concatenate([jnp.ones((1,), bool), differs])


def _searchsorted(sorted_sequence, self, out_int32, right, side, sorter):
    """searchsorted of the values `self` (an array or a Python scalar) in the rows of
    sorted_sequence, both first promoted to their common dtype as torch does."""
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side == "left":
            raise RuntimeError(
                "torch.searchsorted(): side and right can't be set to opposites, got side of left "
                "while right was True"
            )
        right = side == "right"
    boundaries = sorted_sequence
    shape = tuple(getattr(self, "shape", ()))
    if sorter is not None:
        if sorter.shape != boundaries.shape:
            raise RuntimeError(
                "torch.searchsorted(): boundary and sorter must have the same size, but got boundary "
                f"tensor {list(boundaries.shape)}and got sorter tensor {list(sorter.shape)}"
            )
        if sorter.dtype != jnp.int64:
            raise RuntimeError(
                f"torch.searchsorted(): sorter must be a tensor of long dtype but got dtype {dtype_name(sorter.dtype)}"
            )
        if sorter.size and not traced(sorter):
            if int(jnp.min(sorter)) < 0 or int(jnp.max(sorter)) >= boundaries.shape[-1]:
                raise RuntimeError("torch.searchsorted(): sorter index out of range")
    if not shape and boundaries.ndim != 1:
        raise RuntimeError(
            "torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension "
            f"is 1, but we got boundaries tensor dim({boundaries.ndim}) and input value's dim(0) numel(1)"
        )
    if boundaries.ndim == 0:
        raise RuntimeError(
            "torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 dimension"
        )
    if boundaries.ndim != 1 and (len(shape) != boundaries.ndim or shape[:-1] != boundaries.shape[:-1]):
        raise RuntimeError(
            "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions "
            "of boundaries tensor and input value tensor must match, but we got boundaries tensor "
            f"{list(boundaries.shape)} and input value tensor {list(shape)}"
        )
    dtype = result_type(boundaries, self)
    boundaries = boundaries.astype(dtype)
    values = self.astype(dtype) if hasattr(self, "dtype") else jnp.asarray(as_scalar(self, dtype))
    if sorter is not None:
        boundaries = jnp.take_along_axis(boundaries, sorter, axis=-1)
    n = boundaries.shape[-1]
    rows = boundaries.reshape(math.prod(boundaries.shape[:-1]), n)
    values = values.reshape(rows.shape[0], values.size // max(rows.shape[0], 1))
    row_key, row_nan = order_key(rows)
    key, nan = order_key(values)

    def go_right(mid):
        mid_nan = None if row_nan is None else jnp.take_along_axis(row_nan, mid, axis=1)
        return _before(jnp.take_along_axis(row_key, mid, axis=1), mid_nan, key, nan, inclusive=right)

    found = bisect(n, values.shape, go_right).reshape(shape)
    return found.astype(jnp.int32 if out_int32 else jnp.int64)


def _bucketize(self, boundaries, out_int32, right):
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    return _searchsorted(boundaries, self, out_int32, right, None, None)


def _isin(elements, test_elements, assume_unique, invert):
    """Whether each element is among test_elements (NaN never is), both promoted to their common
    dtype; an array shaped as `elements`."""
    for x in (elements, test_elements):
        dtype = jnp.dtype(x.dtype if hasattr(x, "dtype") else type(x))
        if dtype == jnp.bool_ or jnp.issubdtype(dtype, jnp.complexfloating):
            raise RuntimeError(f"Unsupported input type encountered for isin(): {dtype_name(dtype)}")
    dtype = result_type(elements, test_elements)
    elements, test = (
        x.astype(dtype) if hasattr(x, "dtype") else jnp.asarray(as_scalar(x, dtype))
        for x in (elements, test_elements)
    )
    if assume_unique and not test.size < 10 * elements.size**0.145:  # torch's choice of algorithm
        found = _isin_assuming_unique(elements.ravel(), test.ravel())
    else:
        key, nan = order_key(test.ravel())
        valid = test.size
        if nan is not None:  # NaN (of either sign) sorts last, above every number: it matches nothing
            valid = test.size - jnp.sum(nan)
            key = jnp.where(nan, jnp.iinfo(key.dtype).max, key)
        key = jnp.sort(key)
        want, want_nan = order_key(elements.ravel())
        pos = bisect(test.size, want.shape, lambda mid: key[mid] < want)
        found = (
            (pos < valid) & (key[jnp.minimum(pos, max(test.size - 1, 0))] == want) if test.size else pos < 0
        )
        if want_nan is not None:
            found = found & ~want_nan
    return found.reshape(elements.shape) ^ invert


def _isin_assuming_unique(elements, test):
    """torch's sorting algorithm for isin with assume_unique=True: an element counts as found when
    the next value in the stable sort of elements ++ test equals it. So a repeated element is
    found even if test lacks it; torch answers so, and we answer as torch does."""
    values, order = _sort(jnp.concatenate([elements, test]), 0, False)
    key, nan = order_key(values)
    same = key[1:] == key[:-1]
    if nan is not None:
        same = same & ~nan[1:] & ~nan[:-1]
    same = jnp.concatenate([same, jnp.zeros((1,), bool)])
    return jnp.zeros_like(same).at[order].set(same)[: elements.size]


# -- lowerings, alphabetical by op -----------------------------------------------------------


@register("aten::_unique")
def aten__unique(self, sorted=True, return_inverse=False):
    """_unique(Tensor self, bool sorted=True, bool return_inverse=False) -> (Tensor, Tensor)"""
    values, inverse, _ = aten__unique2(self, sorted, return_inverse, False)
    return values, inverse


@register("aten::_unique2")
def aten__unique2(self, sorted=True, return_inverse=False, return_counts=False):
    """_unique2(Tensor self, bool sorted=True, bool return_inverse=False, bool return_counts=False) -> (Tensor, Tensor, Tensor)"""
    flat = self.ravel()
    if flat.size == 0:
        empty = jnp.zeros((0,), jnp.int64)
        return flat, jnp.zeros(self.shape, jnp.int64) if return_inverse else empty, empty
    data_dependent("unique", self)
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


@register("aten::bucketize.Scalar")
def aten_bucketize_scalar(self, boundaries, *, out_int32=False, right=False):
    """bucketize.Scalar(Scalar self, Tensor boundaries, *, bool out_int32=False, bool right=False) -> Tensor"""
    return _bucketize(self, boundaries, out_int32, right)


@register("aten::bucketize.Tensor")
def aten_bucketize_tensor(self, boundaries, *, out_int32=False, right=False):
    """bucketize.Tensor(Tensor self, Tensor boundaries, *, bool out_int32=False, bool right=False) -> Tensor"""
    return _bucketize(self, boundaries, out_int32, right)


@register("aten::isin.Scalar_Tensor")
def aten_isin_scalar_tensor(element, test_elements, *, assume_unique=False, invert=False):
    """isin.Scalar_Tensor(Scalar element, Tensor test_elements, *, bool assume_unique=False, bool invert=False) -> Tensor"""
    return _isin(element, test_elements, assume_unique, invert)


@register("aten::isin.Tensor_Scalar")
def aten_isin_tensor_scalar(elements, test_element, *, assume_unique=False, invert=False):
    """isin.Tensor_Scalar(Tensor elements, Scalar test_element, *, bool assume_unique=False, bool invert=False) -> Tensor"""
    return _isin(elements, test_element, False, invert)


@register("aten::isin.Tensor_Tensor")
def aten_isin_tensor_tensor(elements, test_elements, *, assume_unique=False, invert=False):
    """isin.Tensor_Tensor(Tensor elements, Tensor test_elements, *, bool assume_unique=False, bool invert=False) -> Tensor"""
    return _isin(elements, test_elements, assume_unique, invert)


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


@register("aten::searchsorted.Scalar")
def aten_searchsorted_scalar(sorted_sequence, self, *, out_int32=False, right=False, side=None, sorter=None):
    """searchsorted.Scalar(Tensor sorted_sequence, Scalar self, *, bool out_int32=False, bool right=False, str? side=None, Tensor? sorter=None) -> Tensor"""
    return _searchsorted(sorted_sequence, self, out_int32, right, side, sorter)


@register("aten::searchsorted.Tensor")
def aten_searchsorted_tensor(sorted_sequence, self, *, out_int32=False, right=False, side=None, sorter=None):
    """searchsorted.Tensor(Tensor sorted_sequence, Tensor self, *, bool out_int32=False, bool right=False, str? side=None, Tensor? sorter=None) -> Tensor"""
    return _searchsorted(sorted_sequence, self, out_int32, right, side, sorter)


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
    data_dependent("unique_consecutive", self)
    new = _starts(x)
    inverse, counts = _groups(new, return_inverse, return_counts, lambda g: g.reshape(shape))
    return jnp.moveaxis(x[new], 0, axis), inverse, counts


@register("aten::unique_dim")
def aten_unique_dim(self, dim, sorted=True, return_inverse=False, return_counts=False):
    """unique_dim(Tensor self, int dim, bool sorted=True, bool return_inverse=False, bool return_counts=False) -> (Tensor, Tensor, Tensor)"""
    axis = axis_of(dim, self.ndim)
    n = self.shape[axis] if self.ndim else 1
    if n == 0:
        empty = jnp.zeros((0,), jnp.int64)
        return self, empty, empty
    if self.size == 0:
        raise RuntimeError(
            "There are 0 sized dimensions, and they aren't selected, so unique cannot be applied"
        )
    data_dependent("unique", self)
    rows = jnp.moveaxis(self, axis, 0).reshape(n, self.size // n) if self.ndim else self.reshape(1, 1)
    # lexicographic, stable order of the slices along dim: sort by every column as a key
    keys = [k for col in rows.T for k in _keys(col, False)]
    order = jax.lax.sort((*keys, jnp.arange(n, dtype=jnp.int64)), num_keys=len(keys) + 1)[-1]
    new = _starts(rows[order])
    inverse, counts = _groups(
        new, return_inverse, return_counts, lambda g: jnp.zeros_like(g).at[order].set(g)
    )
    return jnp.take(self, order[new], axis=axis), inverse, counts
