"""Indexing: gather, scatter, index, index_put, masked ops, nonzero.

Indices are range-checked as PyTorch does when their values are known (eager); under tracing
(jax_jit, JittableModule) they cannot be, and JAX's out-of-bounds rules apply (gathers clamp,
scatters drop). Ops whose result shape depends on values (nonzero, masked_select, boolean
masks) work eagerly only."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp

from torchax.ops._helpers import axis_of, data_dependent, dtype_name, traced, truthy
from torchax.registry import register


@jax.jit
def _extremes(index):
    return jnp.min(index), jnp.max(index)


def _check_bounds(index, size: int, dim: int, *, wrap: bool, error=IndexError, message=None) -> None:
    """Raise `error` if a (concrete) index is outside [-size, size) (wrap) or [0, size)."""
    if traced(index) or index.size == 0:
        return
    lo, hi = (int(v) for v in _extremes(index))
    low = -size if wrap else 0
    if lo < low or hi >= size:
        bad = lo if lo < low else hi
        text = message or "index {index} is out of bounds for dimension {dim} with size {size}"
        raise error(text.format(index=bad, dim=dim, size=size))


def _is_mask(index) -> bool:
    return index.dtype == jnp.bool_ or index.dtype == jnp.uint8


def _advanced_index(self, indices, op: str = "index") -> tuple:
    """aten's `Tensor?[] indices` as a NumPy-style index tuple for self: None -> full slice,
    boolean masks -> their nonzero positions (eager only), integer tensors range-checked."""
    out, pos = [], 0
    count = sum(1 if i is None or not _is_mask(i) else i.ndim for i in indices)
    if count > self.ndim:
        raise IndexError(f"too many indices for tensor of dimension {self.ndim} (got {count})")
    arrays = []
    for index in indices:
        if index is None:
            out.append(slice(None))
            pos += 1
        elif _is_mask(index):
            data_dependent(f"{op} with a boolean mask", index)
            for j in range(index.ndim):
                if index.shape[j] != self.shape[pos + j]:
                    raise IndexError(
                        f"The shape of the mask {list(index.shape)} at index {j} does not match the "
                        f"shape of the indexed tensor {list(self.shape)} at index {pos + j}"
                    )
            if index.ndim == 0:  # NumPy's rule: a new axis of length 1 or 0
                out.append(bool(index))
                continue
            found = jnp.nonzero(index)
            out.extend(found)
            arrays.extend(found)
            pos += index.ndim
        elif jnp.issubdtype(index.dtype, jnp.integer) and index.dtype.itemsize >= 4:
            _check_bounds(index, self.shape[pos], pos, wrap=True)
            out.append(index)
            arrays.append(index)
            pos += 1
        else:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    try:
        jnp.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        shapes = ", ".join(str(list(a.shape)) for a in arrays)
        raise IndexError(
            f"shape mismatch: indexing tensors could not be broadcast together with shapes {shapes}"
        ) from None
    return tuple(out)


def _same_dtype(op: str, self, other, what: str = "source") -> None:
    if other.dtype != self.dtype:
        raise RuntimeError(
            f"{op}: self ({dtype_name(self.dtype)}) and {what} ({dtype_name(other.dtype)}) must have the same scalar type"
        )


def _along(axis: int, index) -> tuple:
    """The .at[] position of `index` along `axis`: index_add, index_copy, index_fill, ..."""
    return (slice(None),) * axis + (index,)


def _add_at(x, where, values):
    """x.at[where].add(values), with bool addition as logical or (as PyTorch does)."""
    if x.dtype == jnp.bool_:
        return x.at[where].max(values.astype(jnp.bool_) if hasattr(values, "astype") else bool(values))
    return x.at[where].add(values)


def _extreme(dtype, highest: bool):
    if dtype == jnp.bool_:
        return highest
    if jnp.issubdtype(dtype, jnp.floating):
        return jnp.inf if highest else -jnp.inf
    info = jnp.iinfo(dtype)
    return info.max if highest else info.min


def _reduce_at(op: str, self, where, src, reduce: str, include_self: bool):
    """self with `src` reduced into the positions `where` (scatter_reduce, index_reduce)."""
    if reduce not in ("sum", "prod", "mean", "amax", "amin"):
        raise RuntimeError(
            f"{op}: reduce argument must be either sum, prod, mean, amax or amin, got {reduce}"
        )
    is_bool = self.dtype == jnp.bool_
    work, src = (self.astype(jnp.int32), src.astype(jnp.int32)) if is_bool else (self, src)
    init = {"sum": 0, "mean": 0, "prod": 1}.get(reduce)
    if init is None:
        init = _extreme(self.dtype, highest=reduce == "amin")
    base = work if include_self else work.at[where].set(jnp.asarray(init).astype(work.dtype))
    if reduce in ("sum", "mean"):
        out = base.at[where].add(src)
    elif reduce == "prod":
        out = base.at[where].multiply(src)
    elif reduce == "amax":
        out = base.at[where].max(src)
    else:
        out = base.at[where].min(src)
    if reduce == "mean":
        count = jnp.zeros(self.shape, jnp.int64).at[where].add(jnp.ones(src.shape, jnp.int64))
        total = jnp.maximum(count + int(include_self), 1).astype(out.dtype)
        if jnp.issubdtype(out.dtype, jnp.inexact):
            mean = out / total
        else:
            mean = jnp.floor_divide(out, total)
        out = jnp.where(count > 0, mean, out)
    return out.astype(jnp.bool_) if is_bool else out


def _scatter_setup(op: str, self, dim: int, index, src=None):
    """Shape checks of gather/scatter and the positions they address: a tuple of index arrays
    of index's shape (self, index and src of zero dims are seen as one-element vectors)."""
    ndim = max(self.ndim, 1)
    axis = axis_of(dim, self.ndim)
    shape = self.shape or (1,)
    if not jnp.issubdtype(index.dtype, jnp.integer):
        raise RuntimeError(f"{op}(): Expected dtype int64 for index")
    if index.size == 0:
        return None, src
    if max(index.ndim, 1) != ndim:
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    if src is not None and max(src.ndim, 1) != ndim:
        raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
    ishape = index.shape or (1,)
    index = index.reshape(ishape)
    if True:
        sshape = None if src is None else (src.shape or (1,))
        for d in range(ndim):
            too_big = (d != axis and ishape[d] > shape[d]) or (sshape is not None and ishape[d] > sshape[d])
            if too_big:
                raise RuntimeError(
                    f"Expected index {list(ishape)} to be no larger than self {list(shape)} apart from "
                    f"dimension {axis}"
                    + ("" if sshape is None else f" and to be no larger size than src {list(sshape)}")
                )
        _check_bounds(index, shape[axis], axis, wrap=False, error=RuntimeError)
    where = tuple(
        index if d == axis else jax.lax.broadcasted_iota(index.dtype, ishape, d) for d in range(ndim)
    )
    if src is not None:
        src = src.reshape(src.shape or (1,))[tuple(slice(0, n) for n in ishape)]
    return where, src


def _scattered(self, where, update):
    """`update(self, where)` with self seen as at least one-dimensional; self if where is None
    (an empty index)."""
    if where is None:
        return self
    out = update(self.reshape(self.shape or (1,)), where)
    return out.reshape(self.shape)


def _clamped_index(self, indices) -> tuple:
    """The _unsafe_masked_* ops' index: entries may be out of range where the mask is off."""
    out = []
    for d, index in enumerate(indices):
        out.append(slice(None) if index is None else jnp.clip(index, -self.shape[d], self.shape[d] - 1))
    return tuple(out)


def _along_checked(op: str, self, dim: int, index, source):
    """Checks of index_add/index_copy/index_reduce; returns (axis, index as a vector, source
    with at least one dimension)."""
    axis = axis_of(dim, self.ndim)
    if index.ndim > 1:
        raise IndexError(f"{op}: Index is supposed to be a vector")
    if not jnp.issubdtype(index.dtype, jnp.integer) or index.dtype.itemsize < 4:
        raise IndexError(f"{op}: Expected dtype int32/int64 for index")
    index = index.reshape(-1)
    source = source.reshape(source.shape or (1,))
    shape = self.shape or (1,)
    if source.shape[axis] != index.size:
        raise IndexError(
            f"{op}: Number of indices ({index.size}) should be equal to source.size(dim) ({source.shape[axis]})"
        )
    if len(source.shape) != len(shape) or any(
        source.shape[d] != shape[d] for d in range(len(shape)) if d != axis
    ):
        raise RuntimeError(
            "source tensor shape must match self tensor shape, excluding the specified dimension. "
            f"Got self.shape = {list(self.shape)} source.shape = {list(source.shape)}"
        )
    return axis, index, source


def _fills_mask(self, indices, values, accumulate: bool) -> bool:
    """Whether PyTorch runs index_put as masked_fill: one boolean mask, one value, no accumulate."""
    given = [i for i in indices if i is not None]
    return not accumulate and values.size == 1 and len(given) == 1 and _is_mask(given[0])


def _masked_put(self, indices, values, accumulate: bool):
    """`self[..., mask, ...] = values` as a select, when the only index is one boolean mask and
    `values` is the same for every selected position: no nonzero, so it also works traced.
    None when the index or the values are of another form."""
    given = [(p, i) for p, i in enumerate(indices) if i is not None]
    if len(given) != 1 or not _is_mask(given[0][1]):
        return None
    pos, mask = given[0]
    if pos + mask.ndim > self.ndim or mask.shape != self.shape[pos : pos + mask.ndim]:
        return None  # _advanced_index raises PyTorch's error
    after = self.shape[pos + mask.ndim :]
    if values.ndim > len(after):
        count_dim = values.ndim - len(after) - 1  # the dimension of the selected positions
        if count_dim > pos or values.shape[count_dim] != 1:
            return None  # values differ along the selected positions
        shape = values.shape
        values = values.reshape(shape[:count_dim] + (1,) * mask.ndim + shape[count_dim + 1 :])
    select = mask.astype(jnp.bool_).reshape(mask.shape + (1,) * len(after))
    try:
        jnp.broadcast_shapes(values.shape, self.shape)
    except ValueError:
        return None
    if accumulate:
        values = jnp.logical_or(self, values) if self.dtype == jnp.bool_ else self + values
    return jnp.where(select, values, self)


def _legacy_reduce(x, where, src, reduce: str):
    """scatter(..., reduce=): 'add' or 'multiply'."""
    if reduce == "add":
        return _add_at(x, where, src)
    if reduce == "multiply":
        if x.dtype == jnp.bool_:
            return x.at[where].min(src)
        return x.at[where].multiply(src)
    raise RuntimeError(f"reduce argument must be either add or multiply, got {reduce}")


@register("aten::_index_put_impl")
def aten__index_put_impl(self, indices, values, accumulate=False, unsafe=False):
    """_index_put_impl(Tensor self, Tensor?[] indices, Tensor values, bool accumulate=False, bool unsafe=False) -> Tensor"""
    return aten_index_put(self, indices, values, accumulate)


@register("aten::_unsafe_masked_index")
def aten__unsafe_masked_index(self, mask, indices, fill):
    """_unsafe_masked_index(Tensor self, Tensor mask, Tensor?[] indices, Scalar fill) -> Tensor"""
    where = _clamped_index(self, indices)
    return jnp.where(mask, self[where], jnp.asarray(fill).astype(self.dtype))


@register("aten::_unsafe_masked_index_put_accumulate")
def aten__unsafe_masked_index_put_accumulate(self, mask, indices, values):
    """_unsafe_masked_index_put_accumulate(Tensor self, Tensor mask, Tensor?[] indices, Tensor values) -> Tensor"""
    where = _clamped_index(self, indices)
    return _add_at(self, where, jnp.where(mask, values, jnp.zeros((), values.dtype)).astype(self.dtype))


@register("aten::gather")
def aten_gather(self, dim, index, *, sparse_grad=False):
    """gather(Tensor self, int dim, Tensor index, *, bool sparse_grad=False) -> Tensor"""
    ndim = max(self.ndim, 1)
    axis = axis_of(dim, self.ndim)
    if max(index.ndim, 1) != ndim and index.size:
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    if not jnp.issubdtype(index.dtype, jnp.integer):
        raise RuntimeError("gather(): Expected dtype int64 for index")
    src = self.reshape(self.shape or (1,))
    idx = index.reshape(index.shape or (1,))
    if idx.size == 0:
        return jnp.zeros(index.shape, self.dtype)
    for d in range(ndim):
        if d != axis and idx.shape[d] > src.shape[d]:
            raise RuntimeError(
                f"Size does not match at dimension {d} expected index {list(idx.shape)} to be no larger "
                f"than self {list(src.shape)} apart from dimension {axis}"
            )
    _check_bounds(idx, src.shape[axis], axis, wrap=False, error=RuntimeError)
    src = src[tuple(slice(None) if d == axis else slice(0, idx.shape[d]) for d in range(ndim))]
    return jnp.take_along_axis(src, idx, axis=axis).reshape(index.shape)


@register("aten::index.Tensor", "aten::_unsafe_index.Tensor")
def aten_index_tensor(self, indices):
    """index.Tensor(Tensor self, Tensor?[] indices) -> Tensor"""
    return self[_advanced_index(self, indices)]


@register("aten::index_add")
def aten_index_add(self, dim, index, source, *, alpha=1):
    """index_add(Tensor self, int dim, Tensor index, Tensor source, *, Scalar alpha=1) -> Tensor"""
    _same_dtype("index_add_()", self, source)
    axis, index, source = _along_checked("index_add_()", self, dim, index, source)
    if alpha != 1:
        if not jnp.issubdtype(self.dtype, jnp.inexact):
            alpha = int(alpha)
        source = (source * alpha).astype(self.dtype)
    _check_bounds(index, self.shape[axis] if self.ndim else 1, axis, wrap=False, error=RuntimeError)
    return _scattered(self, _along(axis, index), lambda s, w: _add_at(s, w, source))


@register("aten::index_copy")
def aten_index_copy(self, dim, index, source):
    """index_copy(Tensor self, int dim, Tensor index, Tensor source) -> Tensor"""
    if source.dtype != self.dtype:
        raise RuntimeError(
            "index_copy_(): self and source expected to have the same dtype, but got (self) "
            f"{dtype_name(self.dtype)} and (source) {dtype_name(source.dtype)}"
        )
    axis, index, source = _along_checked("index_copy_()", self, dim, index, source)
    _check_bounds(
        index,
        self.shape[axis] if self.ndim else 1,
        axis,
        wrap=False,
        message="index_copy_(): index {index} is out of bounds for dimension {dim} with size {size}",
    )
    return _scattered(self, _along(axis, index), lambda s, w: s.at[w].set(source))


@register("aten::index_fill.int_Scalar")
def aten_index_fill_int_scalar(self, dim, index, value):
    """index_fill.int_Scalar(Tensor self, int dim, Tensor index, Scalar value) -> Tensor"""
    axis = axis_of(dim, self.ndim)
    if index.ndim > 1:
        raise IndexError("index_fill_(): Index is supposed to be a vector")
    index = index.reshape(-1)
    _check_bounds(index, self.shape[axis] if self.ndim else 1, axis, wrap=True)
    fill = jnp.asarray(value).astype(self.dtype)
    return _scattered(self, _along(axis, index), lambda s, w: s.at[w].set(fill))


@register("aten::index_fill.int_Tensor")
def aten_index_fill_int_tensor(self, dim, index, value):
    """index_fill.int_Tensor(Tensor self, int dim, Tensor index, Tensor value) -> Tensor"""
    if value.ndim:
        raise RuntimeError(
            f"index_fill_ only supports a 0-dimensional value tensor, but got tensor with {value.ndim} dimension(s)."
        )
    return aten_index_fill_int_scalar(self, dim, index, value)


@register("aten::index_put", "aten::_unsafe_index_put")
def aten_index_put(self, indices, values, accumulate=False):
    """index_put(Tensor self, Tensor?[] indices, Tensor values, bool accumulate=False) -> Tensor"""
    if values.dtype != self.dtype and _fills_mask(self, indices, values, accumulate):
        # PyTorch runs this form as masked_fill, which casts the value
        if jnp.issubdtype(values.dtype, jnp.complexfloating) and not jnp.issubdtype(
            self.dtype, jnp.complexfloating
        ):
            raise RuntimeError(f"value cannot be converted to type {self.dtype} without overflow")
        values = values.astype(self.dtype)
    if values.dtype != self.dtype:
        raise RuntimeError(
            "Index put requires the source and destination dtypes match, got "
            f"{dtype_name(self.dtype)} for the destination and {dtype_name(values.dtype)} for the source."
        )
    masked = _masked_put(self, indices, values, accumulate)
    if masked is not None:
        return masked
    where = _advanced_index(self, indices, "index_put")
    try:
        return _add_at(self, where, values) if accumulate else self.at[where].set(values)
    except (ValueError, TypeError) as e:
        raise RuntimeError(
            f"index_put: shape mismatch: value tensor of shape {list(values.shape)} "
            f"cannot be broadcast to the indexing result ({e})"
        ) from None


@register("aten::index_reduce")
def aten_index_reduce(self, dim, index, source, reduce, *, include_self=True):
    """index_reduce(Tensor self, int dim, Tensor index, Tensor source, str reduce, *, bool include_self=True) -> Tensor"""
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(
            f"index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {reduce}."
        )
    _same_dtype("index_reduce_()", self, source)
    axis, index, source = _along_checked("index_reduce_()", self, dim, index, source)
    _check_bounds(index, self.shape[axis] if self.ndim else 1, axis, wrap=False, error=RuntimeError)
    return _scattered(
        self, _along(axis, index), lambda s, w: _reduce_at("index_reduce", s, w, source, reduce, include_self)
    )


@register("aten::index_select")
def aten_index_select(self, dim, index):
    """index_select(Tensor self, int dim, Tensor index) -> Tensor"""
    axis = axis_of(dim, self.ndim)
    if index.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if not jnp.issubdtype(index.dtype, jnp.integer) or index.dtype.itemsize < 4:
        raise IndexError("index_select(): Expected dtype int32 or int64 for index")
    _check_bounds(
        index, self.shape[axis] if self.ndim else 1, axis, wrap=False, message="index out of range in self"
    )
    if self.ndim == 0:
        return self
    return jnp.take(self, index.reshape(-1), axis=axis)


@register("aten::masked_scatter")
def aten_masked_scatter(self, mask, source):
    """masked_scatter(Tensor self, Tensor mask, Tensor source) -> Tensor"""
    if mask.dtype != jnp.bool_:
        raise RuntimeError(
            f"masked_scatter_ only supports boolean masks, but got mask with dtype {dtype_name(mask.dtype)}"
        )
    if source.dtype != self.dtype:
        raise RuntimeError(
            "masked_scatter_: expected self and source to have same dtypes but got"
            f"{dtype_name(self.dtype)} and {dtype_name(source.dtype)}"
        )
    shape = jnp.broadcast_shapes(self.shape, mask.shape)
    flat = jnp.broadcast_to(mask, shape).ravel()
    if not traced(flat) and int(flat.sum()) > source.size:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    base = jnp.broadcast_to(self, shape).ravel()
    if source.size == 0:
        return base.reshape(shape)
    position = jnp.clip(jnp.cumsum(flat) - 1, 0, source.size - 1)
    return jnp.where(flat, source.ravel()[position], base).reshape(shape)


@register("aten::masked_scatter_backward")
def aten_masked_scatter_backward(grad_output, mask, sizes):
    """masked_scatter_backward(Tensor grad_output, Tensor mask, SymInt[] sizes) -> Tensor"""
    n = math.prod(sizes)
    flat = jnp.broadcast_to(mask, grad_output.shape).ravel()
    picked = jnp.nonzero(flat, size=n, fill_value=flat.size)[0]  # past the end: zero
    padded = jnp.concatenate([grad_output.ravel(), jnp.zeros((1,), grad_output.dtype)])
    return padded[picked].reshape(tuple(sizes))


@register("aten::masked_select")
def aten_masked_select(self, mask):
    """masked_select(Tensor self, Tensor mask) -> Tensor"""
    if mask.dtype != jnp.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    data_dependent("masked_select", mask)
    shape = jnp.broadcast_shapes(self.shape, mask.shape)
    return jnp.broadcast_to(self, shape)[jnp.broadcast_to(mask, shape)]


@register("aten::nonzero")
def aten_nonzero(self):
    """nonzero(Tensor self) -> Tensor"""
    data_dependent("nonzero", self)
    if self.ndim == 0:
        return jnp.zeros((int(truthy(self)), 0), jnp.int64)
    return jnp.stack(jnp.nonzero(truthy(self)), axis=1).astype(jnp.int64)


@register("aten::nonzero_static")
def aten_nonzero_static(self, *, size, fill_value=-1):
    """nonzero_static(Tensor self, *, SymInt size, int fill_value=-1) -> Tensor"""
    if self.ndim == 0:
        return jnp.zeros((size, 0), jnp.int64)
    if self.size == 0:  # jnp.nonzero pads an empty input with 0, not fill_value
        return jnp.full((size, self.ndim), fill_value, jnp.int64)
    found = jnp.nonzero(truthy(self), size=size, fill_value=fill_value)
    return jnp.stack(found, axis=1).astype(jnp.int64)


@register("aten::put")
def aten_put(self, index, source, accumulate=False):
    """put(Tensor self, Tensor index, Tensor source, bool accumulate=False) -> Tensor"""
    if source.dtype != self.dtype:
        raise RuntimeError(
            "put_(): self and source expected to have the same dtype, but got self.dtype = "
            f"{dtype_name(self.dtype)} and source.dtype = {dtype_name(source.dtype)}"
        )
    if source.size != index.size:
        raise RuntimeError(
            "put_(): Expected source and index to have the same number of elements, but got "
            f"source.numel() = {source.size}, index.numel() = {index.size}"
        )
    _check_bounds(
        index,
        self.size,
        0,
        wrap=True,
        message="out of range: tried to access index {index} on a tensor of {size} elements.",
    )
    flat, where, values = self.ravel(), index.ravel(), source.ravel()
    out = _add_at(flat, where, values) if accumulate else flat.at[where].set(values)
    return out.reshape(self.shape)


@register("aten::scatter.reduce")
def aten_scatter_reduce(self, dim, index, src, *, reduce):
    """scatter.reduce(Tensor self, int dim, Tensor index, Tensor src, *, str reduce) -> Tensor"""
    if src.dtype != self.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    where, src = _scatter_setup("scatter", self, dim, index, src)
    return _scattered(self, where, lambda s, w: _legacy_reduce(s, w, src, reduce))


@register("aten::scatter.src")
def aten_scatter_src(self, dim, index, src):
    """scatter.src(Tensor self, int dim, Tensor index, Tensor src) -> Tensor"""
    if src.dtype != self.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    where, src = _scatter_setup("scatter", self, dim, index, src)
    return _scattered(self, where, lambda s, w: s.at[w].set(src))


@register("aten::scatter.value")
def aten_scatter_value(self, dim, index, value):
    """scatter.value(Tensor self, int dim, Tensor index, Scalar value) -> Tensor"""
    where, _ = _scatter_setup("scatter", self, dim, index)
    return _scattered(self, where, lambda s, w: s.at[w].set(jnp.asarray(value).astype(self.dtype)))


@register("aten::scatter.value_reduce")
def aten_scatter_value_reduce(self, dim, index, value, *, reduce):
    """scatter.value_reduce(Tensor self, int dim, Tensor index, Scalar value, *, str reduce) -> Tensor"""
    where, _ = _scatter_setup("scatter", self, dim, index)
    src = jnp.full(where[0].shape, value).astype(self.dtype)
    return _scattered(self, where, lambda s, w: _legacy_reduce(s, w, src, reduce))


@register("aten::scatter_add")
def aten_scatter_add(self, dim, index, src):
    """scatter_add(Tensor self, int dim, Tensor index, Tensor src) -> Tensor"""
    if src.dtype != self.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    where, src = _scatter_setup("scatter_add", self, dim, index, src)
    return _scattered(self, where, lambda s, w: _add_at(s, w, src))


@register("aten::scatter_reduce.two")
def aten_scatter_reduce_two(self, dim, index, src, reduce, *, include_self=True):
    """scatter_reduce.two(Tensor self, int dim, Tensor index, Tensor src, str reduce, *, bool include_self=True) -> Tensor"""
    if src.dtype != self.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    where, src = _scatter_setup("scatter_reduce", self, dim, index, src)
    return _scattered(self, where, lambda s, w: _reduce_at("scatter_reduce", s, w, src, reduce, include_self))


@register("aten::select_scatter")
def aten_select_scatter(self, src, dim, index):
    """select_scatter(Tensor self, Tensor src, int dim, SymInt index) -> Tensor"""
    axis = axis_of(dim, self.ndim)
    size = self.shape[axis]
    if not -size <= index < size:
        raise IndexError(
            f"select(): index {index} out of range for tensor of size {list(self.shape)} at dimension {dim}"
        )
    want = self.shape[:axis] + self.shape[axis + 1 :]
    if src.shape != want:
        raise RuntimeError(
            f"expected src to have a size equal to the slice of self. src size = {list(src.shape)}, "
            f"slice size = {list(want)}"
        )
    return self.at[_along(axis, index % size)].set(src.astype(self.dtype))


@register("aten::slice_scatter")
def aten_slice_scatter(self, src, dim=0, start=None, end=None, step=1):
    """slice_scatter(Tensor self, Tensor src, int dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1) -> Tensor"""
    axis = axis_of(dim, self.ndim)
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    where = _along(axis, slice(start, end, step))
    want = list(self.shape)
    want[axis] = len(range(*where[axis].indices(self.shape[axis])))
    want = tuple(want)
    if src.shape != want:
        raise RuntimeError(
            f"expected src to have a size equal to the slice of self. src size = {list(src.shape)}, "
            f"slice size = {list(want)}"
        )
    return self.at[where].set(src.astype(self.dtype))


@register("aten::take")
def aten_take(self, index):
    """take(Tensor self, Tensor index) -> Tensor"""
    if not jnp.issubdtype(index.dtype, jnp.integer):
        raise IndexError("take(): Expected a long tensor for index")
    _check_bounds(
        index,
        self.size,
        0,
        wrap=True,
        message="out of range: tried to access index {index} on a tensor of {size} elements.",
    )
    if index.size == 0:
        return jnp.zeros(index.shape, self.dtype)
    return self.ravel()[index.ravel()].reshape(index.shape)
