"""Shape and view lowerings: views share their base (Kind.VIEW), the rest copy.

A torchax tensor is always laid out contiguously (its strides are the contiguous ones and its
storage offset is 0), so the stride-based ops (as_strided, sym_stride) read it that way."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np

from torchax.ops._helpers import axes_of, axis_of, dtype_name, shape_of, traced
from torchax.registry import Kind, register


def _contiguous_strides(shape) -> list[int]:
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return strides[::-1]


def _result_dtype(tensors):
    """The common dtype of a list of tensors (cat, stack, block_diag); JAX's lattice agrees with
    torch's over the dtypes both have."""
    return jnp.result_type(*(t.dtype for t in tensors))


def _strided_index(self, size, stride, storage_offset) -> np.ndarray:
    """Flat positions, in self's contiguous buffer, of the elements of an as_strided view,
    checked against self's size as PyTorch checks them against the storage."""
    if len(size) != len(stride):
        raise RuntimeError(f"mismatch in length of strides and shape: {len(stride)} vs {len(size)}")
    if any(s < 0 for s in stride):
        raise RuntimeError("as_strided: Negative strides are not supported at the moment")
    offset = int(storage_offset or 0)
    index = np.full(tuple(size), offset, dtype=np.int64)
    for axis, (n, s) in enumerate(zip(size, stride, strict=True)):
        shape = [1] * len(size)
        shape[axis] = n
        index = index + (np.arange(n, dtype=np.int64) * s).reshape(shape)
    if index.size and (index.max() >= self.size or offset < 0):
        item = self.dtype.itemsize
        raise RuntimeError(
            f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, and "
            f"itemsize {item} requiring a storage size of {(int(index.max()) + 1) * item} are out of "
            f"bounds for storage of size {self.size * item}"
        )
    return index


def _scatter_through(self, src, view):
    """`self` with the elements that `view` selects replaced by `src` (the *_scatter ops)."""
    iota = jnp.arange(self.size, dtype=jnp.int64).reshape(self.shape)
    index = view(iota)
    values = jnp.broadcast_to(src.astype(self.dtype), index.shape)
    return self.ravel().at[index.ravel()].set(values.ravel()).reshape(self.shape)


def _split_sizes(name: str, length: int, axis: int, sizes) -> list[int]:
    if any(s < 0 for s in sizes) or sum(sizes) != length:
        raise RuntimeError(
            f"{name} expects split_sizes to sum exactly to {length} (input tensor's size at "
            f"dimension {axis}), but got split_sizes={list(sizes)}"
        )
    return list(sizes)


def _chunk_sizes(length: int, split_size: int) -> list[int]:
    """The sizes split.Tensor cuts a dimension of `length` into."""
    if split_size < 0:
        raise RuntimeError(f"split expects split_size be non-negative, but got split_size={split_size}")
    if split_size == 0:
        if length != 0:
            raise RuntimeError(
                f"split_size can only be 0 if dimension size is 0, but got dimension size of {length}"
            )
        return [0]
    full, rest = divmod(length, split_size)
    return [split_size] * full + ([rest] if rest or not full else [])


def _slices(self, sizes, dim):
    axis = axis_of(dim, self.ndim)
    out, start = [], 0
    for n in sizes:
        out.append(jax.lax.slice_in_dim(self, start, start + n, axis=axis))
        start += n
    return out


def _stack_checked(name: str, tensors) -> None:
    first = tensors[0].shape
    for i, t in enumerate(tensors):
        if t.shape != first:
            raise RuntimeError(
                f"{name} expects each tensor to be equal size, but got {list(first)} at entry 0 and "
                f"{list(t.shape)} at entry {i}"
            )


# A conjugate view in torch (it sets the conj bit); here a new tensor with the conjugated values,
# which reports is_conj() False: later writes to either tensor do not reach the other.
@register("aten::_conj")
def aten__conj(self):
    """_conj(Tensor(a) self) -> Tensor(a)"""
    return jnp.conj(self) if jnp.iscomplexobj(self) else self


@register("aten::_reshape_alias", kind=Kind.VIEW)
def aten__reshape_alias(self, size, stride):
    """_reshape_alias(Tensor(a) self, SymInt[] size, SymInt[] stride) -> Tensor(a)"""
    return aten_as_strided(self, size, stride)


@register("aten::alias_copy", "aten::detach_copy")
@register("aten::alias", "aten::detach", kind=Kind.VIEW)
def aten_alias(self):
    """alias(Tensor(a) self) -> Tensor(a)"""
    return self


@register("aten::as_strided_copy")
@register("aten::as_strided", kind=Kind.VIEW)
def aten_as_strided(self, size, stride, storage_offset=None):
    """as_strided(Tensor(a) self, SymInt[] size, SymInt[] stride, SymInt? storage_offset=None) -> Tensor(a)"""
    index = _strided_index(self, size, stride, storage_offset)
    if index.size == 0:
        return jnp.zeros(tuple(size), self.dtype)
    return self.ravel()[index]


@register("aten::as_strided_scatter")
def aten_as_strided_scatter(self, src, size, stride, storage_offset=None):
    """as_strided_scatter(Tensor self, Tensor src, SymInt[] size, SymInt[] stride, SymInt? storage_offset=None) -> Tensor"""
    index = _strided_index(self, size, stride, storage_offset)
    values = jnp.broadcast_to(src.astype(self.dtype), index.shape)
    return self.ravel().at[index.ravel()].set(values.ravel()).reshape(self.shape)


@register("aten::block_diag")
def aten_block_diag(tensors):
    """block_diag(Tensor[] tensors) -> Tensor"""
    blocks = []
    for i, t in enumerate(tensors):
        if t.ndim > 2:
            raise RuntimeError(
                f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} has {t.ndim} dimensions"
            )
        blocks.append(t.reshape((1, -1) if t.ndim < 2 else t.shape))
    dtype = _result_dtype(tensors)
    rows = sum(b.shape[0] for b in blocks)
    cols = sum(b.shape[1] for b in blocks)
    out = jnp.zeros((rows, cols), dtype)
    r = c = 0
    for b in blocks:
        out = out.at[r : r + b.shape[0], c : c + b.shape[1]].set(b.astype(dtype))
        r, c = r + b.shape[0], c + b.shape[1]
    return out


@register("aten::cat")
def aten_cat(tensors, dim=0):
    """cat(Tensor[] tensors, int dim=0) -> Tensor"""
    dtype = _result_dtype(tensors)
    # torch's legacy rule: 1-D empty tensors take no part, whatever the other shapes
    parts = [t for t in tensors if not (t.ndim == 1 and t.shape[0] == 0)]
    if not parts:
        return jnp.zeros((0,), dtype)
    for i, t in enumerate(parts):
        if t.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    first = parts[0]
    axis = axis_of(dim, first.ndim)
    for i, t in enumerate(parts):
        if t.ndim != first.ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {first.ndim} and {t.ndim}")
        for d in range(first.ndim):
            if d != axis and t.shape[d] != first.shape[d]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {axis}. Expected size "
                    f"{first.shape[d]} but got size {t.shape[d]} for tensor number {i} in the list."
                )
    return jnp.concatenate([t.astype(dtype) for t in parts], axis=axis)


@register("aten::constant_pad_nd")
def aten_constant_pad_nd(self, pad, value=0):
    """constant_pad_nd(Tensor self, SymInt[] pad, Scalar value=0) -> Tensor"""
    if len(pad) % 2 or len(pad) // 2 > self.ndim:
        raise RuntimeError(
            f"Length of pad must be even but instead it equals {len(pad)}"
            if len(pad) % 2
            else f"Length of pad should be no more than twice the number of dimensions of the input. "
            f"Pad length is {len(pad)} while the input has {self.ndim} dimensions."
        )
    config = [(0, 0, 0)] * self.ndim
    for i in range(len(pad) // 2):
        config[self.ndim - 1 - i] = (int(pad[2 * i]), int(pad[2 * i + 1]), 0)
    for d, (lo, hi, _) in enumerate(config):
        if self.shape[d] + lo + hi < 0:
            raise RuntimeError(
                f"The input size {self.shape[d]}, plus negative padding {lo} and {hi} resulted in a "
                f"negative output size, which is invalid. Check dimension {d} of your input."
            )
    return jax.lax.pad(self, jnp.asarray(value).astype(self.dtype), config)


@register("aten::diag_embed")
def aten_diag_embed(self, offset=0, dim1=-2, dim2=-1):
    """diag_embed(Tensor self, int offset=0, int dim1=-2, int dim2=-1) -> Tensor"""
    ndim = self.ndim + 1
    d1, d2 = axis_of(dim1, ndim), axis_of(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    m = self.shape[-1]
    n = m + abs(offset)
    i = jnp.arange(m)
    out = jnp.zeros((*self.shape[:-1], n, n), self.dtype)
    out = out.at[..., i + max(-offset, 0), i + max(offset, 0)].set(self)
    return jnp.moveaxis(out, (-2, -1), (d1, d2))


@register("aten::diagonal_copy")
@register("aten::diagonal", kind=Kind.VIEW)
def aten_diagonal(self, offset=0, dim1=0, dim2=1):
    """diagonal(Tensor(a) self, int offset=0, int dim1=0, int dim2=1) -> Tensor(a)"""
    d1, d2 = axis_of(dim1, self.ndim), axis_of(dim2, self.ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return jnp.diagonal(self, offset, d1, d2)


@register("aten::diagonal_scatter")
def aten_diagonal_scatter(self, src, offset=0, dim1=0, dim2=1):
    """diagonal_scatter(Tensor self, Tensor src, int offset=0, int dim1=0, int dim2=1) -> Tensor"""
    return _scatter_through(self, src, lambda b: aten_diagonal(b, offset, dim1, dim2))


@register("aten::expand_copy")
@register("aten::expand", kind=Kind.VIEW)
def aten_expand(self, size, *, implicit=False):
    """expand(Tensor(a) self, SymInt[] size, *, bool implicit=False) -> Tensor(a)"""
    lead = len(size) - self.ndim
    if lead < 0:
        raise RuntimeError(
            f"expand(torch.{self.dtype}{{{list(self.shape)}}}, size={list(size)}): the number of sizes "
            f"provided ({len(size)}) must be greater or equal to the number of dimensions in the tensor ({self.ndim})"
        )
    shape = []
    for i, s in enumerate(size):
        if i < lead:
            if s < 0:
                raise RuntimeError(
                    f"The expanded size of the tensor ({s}) isn't allowed in a leading, non-existing dimension {i}"
                )
            shape.append(s)
            continue
        have = self.shape[i - lead]
        if s == -1:
            s = have
        elif have != 1 and s != have:
            raise RuntimeError(
                f"The expanded size of the tensor ({s}) must match the existing size ({have}) at "
                f"non-singleton dimension {i}.  Target sizes: {list(size)}.  Tensor sizes: {list(self.shape)}"
            )
        shape.append(s)
    return jnp.broadcast_to(self, shape)


@register("aten::flip")
def aten_flip(self, dims):
    """flip(Tensor self, int[] dims) -> Tensor"""
    axes = axes_of(dims, self.ndim, empty_means_all=False)
    return jnp.flip(self, axes) if axes else self


@register("aten::narrow_copy")
def aten_narrow_copy(self, dim, start, length):
    """narrow_copy(Tensor self, int dim, SymInt start, SymInt length) -> Tensor"""
    if self.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if dim >= self.ndim:
        raise RuntimeError(
            "Expected dim < static_cast<int64_t>(self_sizes.size()) to be true, but got false."
        )
    axis = axis_of(dim, self.ndim)
    size = self.shape[axis]
    if not -size <= start <= size:
        raise IndexError(
            f"start out of range (expected to be in range of [{-size}, {size}], but got {start})"
        )
    if start < 0:
        start += size
    if length < 0 or start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return jax.lax.slice_in_dim(self, start, start + length, axis=axis)


@register("aten::permute_copy")
@register("aten::permute", kind=Kind.VIEW)
def aten_permute(self, dims):
    """permute(Tensor(a) self, int[] dims) -> Tensor(a)"""
    if len(dims) != self.ndim:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the length "
            f"of the desired ordering of dimensions i.e. input.dim() = {self.ndim} is not equal to "
            f"len(dims) = {len(dims)}"
        )
    return jnp.transpose(self, axes_of(dims, self.ndim, empty_means_all=False))


@register("aten::repeat")
def aten_repeat(self, repeats):
    """repeat(Tensor self, SymInt[] repeats) -> Tensor"""
    if len(repeats) < self.ndim:
        raise RuntimeError(
            "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor"
        )
    if any(r < 0 for r in repeats):
        raise RuntimeError(f"Trying to create tensor with negative dimension: {list(repeats)}")
    return jnp.tile(self, tuple(repeats))


@register("aten::repeat_interleave.Tensor")
def aten_repeat_interleave_tensor(repeats, *, output_size=None):
    """repeat_interleave.Tensor(Tensor repeats, *, SymInt? output_size=None) -> Tensor"""
    if repeats.ndim > 1:
        raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
    repeats = repeats.reshape(-1)
    if output_size is None:
        if traced(repeats):
            raise RuntimeError(
                "repeat_interleave: the output size depends on the values of `repeats`, which are not "
                "known under jax_jit/JittableModule; pass output_size=..."
            )
        if repeats.size and int(repeats.min()) < 0:
            raise RuntimeError("repeats can not be negative")
        output_size = int(repeats.sum())
    return jnp.repeat(
        jnp.arange(repeats.shape[0], dtype=repeats.dtype), repeats, total_repeat_length=output_size
    )


@register("aten::resize")
def aten_resize(self, size, *, memory_format=None):
    """resize(Tensor self, SymInt[] size, *, MemoryFormat? memory_format=None) -> Tensor"""
    shape = shape_of(size)
    if any(n < 0 for n in shape):
        raise RuntimeError(f"Trying to create tensor with negative dimension: {list(shape)}")
    # the first elements keep their values; new ones (uninitialized memory in torch) are zeros
    flat = self.reshape(-1)[: math.prod(shape)]
    return jnp.pad(flat, (0, math.prod(shape) - flat.size)).reshape(shape)


@register("aten::roll")
def aten_roll(self, shifts, dims=()):
    """roll(Tensor self, SymInt[1] shifts, int[1] dims=[]) -> Tensor"""
    if not dims:
        if len(shifts) != 1:
            raise RuntimeError(f"`shifts` required to be of size 1 when `dims` is empty, got {len(shifts)}")
        return jnp.roll(self.ravel(), shifts[0]).reshape(self.shape)
    if len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
    if self.ndim == 0:
        raise IndexError(f"Dimension specified as {dims[0]} but tensor has no dimensions")
    return jnp.roll(self, tuple(shifts), tuple(axis_of(d, self.ndim) for d in dims))


@register("aten::rot90")
def aten_rot90(self, k=1, dims=(0, 1)):
    """rot90(Tensor self, int k=1, int[] dims=[0, 1]) -> Tensor"""
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if self.ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {self.ndim}")
    d0, d1 = axis_of(dims[0], self.ndim), axis_of(dims[1], self.ndim)
    if d0 == d1:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {d0} and dim1 = {d1}")
    return jnp.rot90(self, k % 4, axes=(d0, d1))


@register("aten::select_copy.int")
@register("aten::select.int", kind=Kind.VIEW)
def aten_select_int(self, dim, index):
    """select.int(Tensor(a) self, int dim, SymInt index) -> Tensor(a)"""
    if self.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    axis = axis_of(dim, self.ndim)
    size = self.shape[axis]
    if not -size <= index < size:
        raise IndexError(
            f"select(): index {index} out of range for tensor of size {list(self.shape)} at dimension {dim}"
        )
    return jax.lax.index_in_dim(self, index % size, axis=axis, keepdims=False)


@register("aten::slice_copy.Tensor")
@register("aten::slice.Tensor", kind=Kind.VIEW)
def aten_slice_tensor(self, dim=0, start=None, end=None, step=1):
    """slice.Tensor(Tensor(a) self, int dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1) -> Tensor(a)"""
    if self.ndim == 0:
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    index = [slice(None)] * self.ndim
    index[axis_of(dim, self.ndim)] = slice(start, end, step)
    return self[tuple(index)]


@register("aten::split_copy.Tensor", "aten::unsafe_split.Tensor")
@register("aten::split.Tensor", kind=Kind.VIEW)
def aten_split_tensor(self, split_size, dim=0):
    """split.Tensor(Tensor(a -> *) self, SymInt split_size, int dim=0) -> Tensor(a)[]"""
    return _slices(self, _chunk_sizes(self.shape[axis_of(dim, self.ndim)], split_size), dim)


@register("aten::split_with_sizes_copy", "aten::unsafe_split_with_sizes")
@register("aten::split_with_sizes", kind=Kind.VIEW)
def aten_split_with_sizes(self, split_sizes, dim=0):
    """split_with_sizes(Tensor(a -> *) self, SymInt[] split_sizes, int dim=0) -> Tensor(a)[]"""
    axis = axis_of(dim, self.ndim)
    return _slices(self, _split_sizes("split_with_sizes", self.shape[axis], axis, split_sizes), dim)


@register("aten::squeeze_copy")
@register("aten::squeeze", kind=Kind.VIEW)
def aten_squeeze(self):
    """squeeze(Tensor(a) self) -> Tensor(a)"""
    return jnp.squeeze(self, tuple(d for d in range(self.ndim) if self.shape[d] == 1))


@register("aten::squeeze_copy.dim")
@register("aten::squeeze.dim", kind=Kind.VIEW)
def aten_squeeze_dim(self, dim):
    """squeeze.dim(Tensor(a) self, int dim) -> Tensor(a)"""
    return aten_squeeze_dims(self, [dim])


@register("aten::squeeze_copy.dims")
@register("aten::squeeze.dims", kind=Kind.VIEW)
def aten_squeeze_dims(self, dim):
    """squeeze.dims(Tensor(a) self, int[] dim) -> Tensor(a)"""
    axes = axes_of(dim, self.ndim, empty_means_all=False)
    return jnp.squeeze(self, tuple(a for a in axes if self.shape[a] == 1))


@register("aten::stack")
def aten_stack(tensors, dim=0):
    """stack(Tensor[] tensors, int dim=0) -> Tensor"""
    _stack_checked("stack", tensors)
    dtype = _result_dtype(tensors)
    axis = axis_of(dim, tensors[0].ndim + 1)
    return jnp.stack([t.astype(dtype) for t in tensors], axis=axis)


@register("aten::sym_is_contiguous")
def aten_sym_is_contiguous(self, memory_format=None):
    """sym_is_contiguous(Tensor self, MemoryFormat memory_format=0) -> SymBool"""
    import torch  # the layout rule of a tensor with our (row-major) strides, asked of torch itself

    layout = torch.empty_strided(self.shape, _contiguous_strides(self.shape), device="meta")
    return layout.is_contiguous(memory_format=memory_format or torch.contiguous_format)


@register("aten::sym_numel")
def aten_sym_numel(self):
    """sym_numel(Tensor self) -> SymInt"""
    return math.prod(self.shape)


@register("aten::sym_size.int")
def aten_sym_size_int(self, dim):
    """sym_size.int(Tensor self, int dim) -> SymInt"""
    return self.shape[_dim_of(dim, self.ndim)]


@register("aten::sym_storage_offset")
def aten_sym_storage_offset(self):
    """sym_storage_offset(Tensor self) -> SymInt"""
    return 0


@register("aten::sym_stride.int")
def aten_sym_stride_int(self, dim):
    """sym_stride.int(Tensor self, int dim) -> SymInt"""
    return _contiguous_strides(self.shape)[_dim_of(dim, self.ndim)]


def _dim_of(dim: int, ndim: int) -> int:
    """The axis size()/stride() take: unlike other ops, they refuse every dim of a zero-dim tensor."""
    if ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return axis_of(dim, ndim)


@register("aten::t_copy")
@register("aten::t", kind=Kind.VIEW)
def aten_t(self):
    """t(Tensor(a) self) -> Tensor(a)"""
    if self.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {self.ndim}D")
    return jnp.transpose(self) if self.ndim == 2 else self


@register("aten::transpose_copy.int")
@register("aten::transpose.int", kind=Kind.VIEW)
def aten_transpose_int(self, dim0, dim1):
    """transpose.int(Tensor(a) self, int dim0, int dim1) -> Tensor(a)"""
    d0, d1 = axis_of(dim0, self.ndim), axis_of(dim1, self.ndim)
    return jnp.swapaxes(self, d0, d1) if self.ndim else self


@register("aten::tril")
def aten_tril(self, diagonal=0):
    """tril(Tensor self, SymInt diagonal=0) -> Tensor"""
    if self.ndim < 2:
        raise RuntimeError("tril: input tensor must have at least 2 dimensions")
    return jnp.tril(self, diagonal)


@register("aten::triu")
def aten_triu(self, diagonal=0):
    """triu(Tensor self, SymInt diagonal=0) -> Tensor"""
    if self.ndim < 2:
        raise RuntimeError("triu: input tensor must have at least 2 dimensions")
    return jnp.triu(self, diagonal)


@register("aten::unbind_copy.int")
@register("aten::unbind.int", kind=Kind.VIEW)
def aten_unbind_int(self, dim=0):
    """unbind.int(Tensor(a -> *) self, int dim=0) -> Tensor(a)[]"""
    if self.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    axis = axis_of(dim, self.ndim)
    return [jax.lax.index_in_dim(self, i, axis=axis, keepdims=False) for i in range(self.shape[axis])]


@register("aten::unfold_copy")
@register("aten::unfold", kind=Kind.VIEW)
def aten_unfold(self, dimension, size, step):
    """unfold(Tensor(a) self, int dimension, int size, int step) -> Tensor(a)"""
    axis = axis_of(dimension, self.ndim)
    length = self.shape[axis] if self.ndim else 1
    if size > length:
        raise RuntimeError(f"maximum size for tensor at dimension {axis} is {length} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if self.ndim == 0:
        return jnp.broadcast_to(self, (size,))
    count = (length - size) // step + 1
    index = np.arange(count)[:, None] * step + np.arange(size)[None, :]
    return jnp.moveaxis(jnp.take(self, index, axis=axis), axis + 1, -1)


@register("aten::unsqueeze_copy")
@register("aten::unsqueeze", kind=Kind.VIEW)
def aten_unsqueeze(self, dim):
    """unsqueeze(Tensor(a) self, int dim) -> Tensor(a)"""
    return jnp.expand_dims(self, axis_of(dim, self.ndim + 1))


@register("aten::view_copy", "aten::_unsafe_view")
@register("aten::view", kind=Kind.VIEW)
def aten_view(self, size):
    """view(Tensor(a) self, SymInt[] size) -> Tensor(a)"""
    known = math.prod(s for s in size if s != -1)
    free = sum(1 for s in size if s == -1)
    if free > 1:
        raise RuntimeError("only one dimension can be inferred")
    if free and known == 0 and self.size == 0:
        raise RuntimeError(
            f"cannot reshape tensor of {self.size} elements into shape {list(size)} because the "
            "unspecified dimension size -1 can be any value and is ambiguous"
        )
    if any(s < -1 for s in size) or ((known == 0 or self.size % known) if free else known != self.size):
        raise RuntimeError(f"shape '{list(size)}' is invalid for input of size {self.size}")
    return jnp.reshape(self, tuple(size))


def _to_bits(x):
    """x as an array of a real, non-bool dtype with the same bytes (complex -> (re, im) pairs)."""
    if jnp.issubdtype(x.dtype, jnp.complexfloating):
        parts = jnp.stack([jnp.real(x), jnp.imag(x)], axis=-1)
        return parts.reshape(*x.shape[:-1], x.shape[-1] * 2) if x.ndim else parts
    return x.astype(jnp.uint8) if x.dtype == jnp.bool_ else x


@register("aten::view.dtype")
def aten_view_dtype(self, dtype):
    """view.dtype(Tensor(a) self, ScalarType dtype) -> Tensor(a)

    A copy with the bytes reinterpreted (PyTorch returns a view sharing storage; writes through
    the result do not reach self here)."""
    dtype = jnp.dtype(dtype)
    if dtype == self.dtype:
        return self
    old, new = self.dtype.itemsize, dtype.itemsize
    if old != new and self.ndim == 0:
        raise RuntimeError(
            f"self.dim() cannot be 0 to view {dtype_name(self.dtype)} as {dtype_name(dtype)} "
            "(different element sizes)"
        )
    if new > old:
        ratio = new // old
        if self.shape[-1] % ratio:
            raise RuntimeError(
                f"self.size(-1) must be divisible by {ratio} to view {dtype_name(self.dtype)} as "
                f"{dtype_name(dtype)} (different element sizes), but got {self.shape[-1]}"
            )
        for d, stride in enumerate(_contiguous_strides(self.shape)[:-1]):
            if stride % ratio:
                raise RuntimeError(
                    f"self.stride({d}) must be divisible by {ratio} to view {dtype_name(self.dtype)} "
                    f"as {dtype_name(dtype)} (different element sizes), but got {stride}"
                )
    shape = self.shape if old == new else (*self.shape[:-1], self.shape[-1] * old // new)
    if self.size == 0:
        return jnp.zeros(shape, dtype)
    bits = _to_bits(self)
    complex_out = jnp.issubdtype(dtype, jnp.complexfloating)
    target = jnp.dtype(jnp.finfo(dtype).dtype) if complex_out else dtype
    target = jnp.dtype(jnp.uint8) if target == jnp.bool_ else target
    src_size, dst_size = bits.dtype.itemsize, target.itemsize
    if dst_size < src_size:
        out = jax.lax.bitcast_convert_type(bits, target)
        out = out.reshape(*bits.shape[:-1], -1) if bits.ndim else out.reshape(-1)
    elif dst_size > src_size:
        ratio = dst_size // src_size
        out = jax.lax.bitcast_convert_type(bits.reshape(*bits.shape[:-1], -1, ratio), target)
    else:
        out = jax.lax.bitcast_convert_type(bits, target)
    if complex_out:
        out = out.reshape(*out.shape[:-1], -1, 2)
        out = jax.lax.complex(out[..., 0], out[..., 1])
    out = out.reshape(shape)
    return out.astype(jnp.bool_) if dtype == jnp.bool_ else out


@register("aten::view_as_complex", kind=Kind.VIEW)
def aten_view_as_complex(self):
    """view_as_complex(Tensor(a) self) -> Tensor(a)"""
    if self.ndim == 0 or self.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    if self.dtype == jnp.float16:
        raise RuntimeError(
            "view_as_complex: a Half tensor makes a ComplexHalf (complex32) view, which JAX cannot hold"
        )
    return jax.lax.complex(self[..., 0], self[..., 1])


@register("aten::view_as_real", kind=Kind.VIEW)
def aten_view_as_real(self):
    """view_as_real(Tensor(a) self) -> Tensor(a)"""
    if not jnp.issubdtype(self.dtype, jnp.complexfloating):
        raise RuntimeError("view_as_real is only supported for complex tensors")
    return jnp.stack([jnp.real(self), jnp.imag(self)], axis=-1)
