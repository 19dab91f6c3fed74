"""Factories, fills, copies and conversions."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp

from torchax.ops._helpers import accumulation_dtype, default_float, shape_of, truthy
from torchax.registry import register

# -- shared rules --------------------------------------------------------------------------


def convert(x, dtype) -> jnp.ndarray:
    """`x.to(dtype)` with CPU PyTorch's rules where JAX's differ: to bool is `x != 0` (either
    part of a complex value, subnormals included); complex to real keeps the real part; float to integer truncates, a non-finite or out-of-range value becoming the minimum
    of int64 (int32: of int32), and narrower integers wrap around from int64."""
    x = jnp.asarray(x)
    dtype = jnp.dtype(dtype)
    if x.dtype == dtype:
        return x
    if dtype == jnp.bool_:
        return truthy(x)
    if jnp.issubdtype(x.dtype, jnp.complexfloating) and not jnp.issubdtype(dtype, jnp.complexfloating):
        x = jnp.real(x)
    if jnp.issubdtype(x.dtype, jnp.floating) and jnp.issubdtype(dtype, jnp.integer):
        t = jnp.trunc(x)
        bits = 32 if dtype == jnp.int32 else 64
        lo = jnp.iinfo(jnp.int32 if bits == 32 else jnp.int64).min
        fits = jnp.isfinite(t) & (t >= -(2.0 ** (bits - 1))) & (t < 2.0 ** (bits - 1))
        wide = jnp.where(fits, t, 0).astype(jnp.int64)
        return jnp.where(fits, wide, lo).astype(dtype)
    return x.astype(dtype)


def _fill_dtype(value) -> jnp.dtype:
    """The dtype torch infers from a Python fill value."""
    if isinstance(value, bool):
        return jnp.dtype(jnp.bool_)
    if isinstance(value, int):
        return jnp.dtype(jnp.int64)
    if isinstance(value, complex):
        return jnp.result_type(default_float(None), jnp.complex64)
    return default_float(None)


def _full(size, value, dtype) -> jnp.ndarray:
    return jnp.broadcast_to(convert(jnp.asarray(value), dtype), shape_of(size))


def _acc_float(dtype) -> jnp.dtype:
    """Accumulation dtype of CPU PyTorch's range kernels: double for float32/64, float for
    16-bit floats, int64 for integers."""
    if jnp.issubdtype(dtype, jnp.integer):
        return jnp.dtype(jnp.int64)
    if dtype in (jnp.float16, jnp.bfloat16):
        return jnp.dtype(jnp.float32)
    return jnp.dtype(jnp.complex128 if jnp.issubdtype(dtype, jnp.complexfloating) else jnp.float64)


def _arange(start, end, step, dtype) -> jnp.ndarray:
    if dtype is None:
        dtype = default_float(None) if any(isinstance(v, float) for v in (start, end, step)) else jnp.int64
    acc = _acc_float(dtype)
    # torch converts the bounds to the accumulation type first (integers truncate)
    cast = int if jnp.issubdtype(acc, jnp.integer) else float
    xstart, xend, xstep = cast(start), cast(end), cast(step)
    if xstep == 0:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(xstart) and math.isfinite(xend)):
        raise RuntimeError(f"unsupported range: {xstart} -> {xend}")
    if (xstep > 0 and xend < xstart) or (xstep < 0 and xend > xstart):
        raise RuntimeError("upper bound and larger bound inconsistent with step sign")
    if dtype == jnp.int64:  # torch counts int64 ranges in integer arithmetic
        span = xend - xstart + xstep - (1 if xstep > 0 else -1)
        size = abs(span) // abs(xstep)
    else:
        size = math.ceil((float(end) - float(start)) / float(step))
    return (xstart + xstep * jnp.arange(size, dtype=acc)).astype(dtype)


def _space(start, end, steps, dtype):
    """linspace's points (before any exponentiation) as CPU torch computes them: in the result
    dtype op by op (integers: in double), from start for the first half and from end for the
    second, so both ends are exact."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    integral = jnp.issubdtype(dtype, jnp.integer) or dtype == jnp.bool_
    if integral:  # torch casts the ends to the integer dtype first, then steps in double
        start, end = convert(start, dtype), convert(end, dtype)
        dtype = jnp.dtype(jnp.float64)
    compute = accumulation_dtype(dtype)

    def rounded(v):  # each operation rounds to the dtype, as c10::Half arithmetic does
        return v.astype(dtype).astype(compute)

    start, end = rounded(jnp.asarray(start)), rounded(jnp.asarray(end))
    if steps == 1:
        return jnp.reshape(start, (1,))
    # a divisor XLA cannot see as a constant: under jit it would multiply by the rounded reciprocal
    divisor = jax.lax.optimization_barrier(jnp.asarray(max(steps - 1, 1), compute))
    step = rounded((end - start) / divisor)
    idx = jnp.arange(steps, dtype=jnp.int64)
    head = rounded(start + rounded(step * idx.astype(compute)))
    tail = rounded(end - rounded(step * (steps - 1 - idx).astype(compute)))
    return jnp.where(idx < steps // 2, head, tail)


def _space_dtype(start, end, dtype):
    if dtype is not None:
        return jnp.dtype(dtype)
    if any(isinstance(v, complex) or jnp.iscomplexobj(v) for v in (start, end)):
        return jnp.result_type(default_float(None), jnp.complex64)
    return default_float(None)


def _linspace(start, end, steps, dtype):
    dtype = _space_dtype(start, end, dtype)
    return convert(_space(start, end, steps, dtype), dtype)


def _logspace(start, end, steps, base, dtype):
    """`base ** linspace(start, end)` as CPU torch computes it: a single step is `base ** start`
    in double; complex points power in the result dtype; otherwise the ends are cast to the dtype,
    their difference taken in it (integers exactly), and the exponents and the power are in
    double with one rounding at the end."""
    dtype = _space_dtype(start, end, dtype)
    wide = jnp.complex128 if jnp.issubdtype(dtype, jnp.complexfloating) else jnp.float64
    if steps == 1:
        return convert(jnp.power(jnp.asarray(base, wide), jnp.reshape(jnp.asarray(start, wide), (1,))), dtype)
    if jnp.issubdtype(dtype, jnp.complexfloating):
        points = _space(start, end, steps, dtype)
        return convert(jnp.power(jnp.asarray(base, points.dtype), points), dtype)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    integral = not jnp.issubdtype(dtype, jnp.floating)
    start, end = convert(start, dtype), convert(end, dtype)
    if integral:
        start, end = start.astype(jnp.int64), end.astype(jnp.int64)
    step = convert(end - start, start.dtype).astype(wide) / max(steps - 1, 1)
    idx = jnp.arange(steps)
    exponents = jnp.where(
        idx < steps // 2,
        start.astype(wide) + step * idx.astype(wide),
        end.astype(wide) - step * (steps - 1 - idx).astype(wide),
    )
    return convert(jnp.power(jnp.asarray(base, wide), exponents), dtype)


def _triangle_indices(row, col, offset, dtype, lower):
    if row < 0 or col < 0:
        raise RuntimeError(f"row and col must be non-negative, got {row} and {col}")
    rows, cols = (jnp.tril_indices if lower else jnp.triu_indices)(row, offset, col)
    return jnp.stack([rows, cols]).astype(jnp.int64 if dtype is None else dtype)


def _check_size(size):
    if any(s < 0 for s in size):
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(size)}: {list(size)}")


# -- lowerings, alphabetical by op -----------------------------------------------------------


@register("aten::_local_scalar_dense")
def aten__local_scalar_dense(self):
    """_local_scalar_dense(Tensor self) -> Scalar"""
    return self.item()


@register("aten::_to_copy")
def aten__to_copy(
    self, *, dtype=None, layout=None, device=None, pin_memory=None, non_blocking=False, memory_format=None
):
    """_to_copy(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, bool non_blocking=False, MemoryFormat? memory_format=None) -> Tensor"""
    return self if dtype is None else convert(self, dtype)


@register("aten::arange")
def aten_arange(end, *, dtype=None, layout=None, device=None, pin_memory=None):
    """arange(Scalar end, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _arange(0, end, 1, dtype)


@register("aten::arange.start")
def aten_arange_start(start, end, *, dtype=None, layout=None, device=None, pin_memory=None):
    """arange.start(Scalar start, Scalar end, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _arange(start, end, 1, dtype)


@register("aten::arange.start_step")
def aten_arange_start_step(start, end, step=1, *, dtype=None, layout=None, device=None, pin_memory=None):
    """arange.start_step(Scalar start, Scalar end, Scalar step=1, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _arange(start, end, step, dtype)


@register("aten::clone")
def aten_clone(self, *, memory_format=None):
    """clone(Tensor self, *, MemoryFormat? memory_format=None) -> Tensor"""
    return self  # JAX arrays are immutable: sharing the buffer is a copy


@register("aten::copy")
def aten_copy(self, src, non_blocking=False):
    """copy(Tensor self, Tensor src, bool non_blocking=False) -> Tensor"""
    return jnp.broadcast_to(convert(src, self.dtype), self.shape)


@register("aten::empty.memory_format")
def aten_empty_memory_format(
    size, *, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None
):
    """empty.memory_format(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor"""
    _check_size(size)
    return jnp.zeros(shape_of(size), default_float(dtype))


@register("aten::empty_like")
def aten_empty_like(self, *, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None):
    """empty_like(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor"""
    return jnp.zeros(self.shape, self.dtype if dtype is None else dtype)


@register("aten::empty_permuted")
def aten_empty_permuted(size, physical_layout, *, dtype=None, layout=None, device=None, pin_memory=None):
    """empty_permuted(SymInt[] size, int[] physical_layout, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    _check_size(size)
    return jnp.zeros(shape_of(size), default_float(dtype))


@register("aten::empty_strided")
def aten_empty_strided(size, stride, *, dtype=None, layout=None, device=None, pin_memory=None):
    """empty_strided(SymInt[] size, SymInt[] stride, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    _check_size(size)
    return jnp.zeros(shape_of(size), default_float(dtype))


@register("aten::eye")
def aten_eye(n, *, dtype=None, layout=None, device=None, pin_memory=None):
    """eye(SymInt n, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return aten_eye_m(n, n, dtype=dtype)


@register("aten::eye.m")
def aten_eye_m(n, m, *, dtype=None, layout=None, device=None, pin_memory=None):
    """eye.m(SymInt n, SymInt m, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    return jnp.eye(n, m, dtype=default_float(dtype))


@register("aten::fill.Scalar")
def aten_fill_scalar(self, value):
    """fill.Scalar(Tensor self, Scalar value) -> Tensor"""
    return _full(self.shape, value, self.dtype)


@register("aten::fill.Tensor")
def aten_fill_tensor(self, value):
    """fill.Tensor(Tensor self, Tensor value) -> Tensor"""
    if value.ndim:
        raise RuntimeError(
            f"fill_ only supports 0-dimension value tensor but got tensor with {value.ndim} dimensions."
        )
    return _full(self.shape, value, self.dtype)


@register("aten::full")
def aten_full(size, fill_value, *, dtype=None, layout=None, device=None, pin_memory=None):
    """full(SymInt[] size, Scalar fill_value, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    _check_size(size)
    return _full(size, fill_value, _fill_dtype(fill_value) if dtype is None else dtype)


@register("aten::full_like")
def aten_full_like(
    self, fill_value, *, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None
):
    """full_like(Tensor self, Scalar fill_value, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor"""
    return _full(self.shape, fill_value, self.dtype if dtype is None else dtype)


@register("aten::linspace")
def aten_linspace(start, end, steps, *, dtype=None, layout=None, device=None, pin_memory=None):
    """linspace(Scalar start, Scalar end, int steps, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _linspace(start, end, steps, dtype)


@register("aten::linspace.Scalar_Tensor", "aten::linspace.Tensor_Scalar", "aten::linspace.Tensor_Tensor")
def aten_linspace_tensor(start, end, steps, *, dtype=None, layout=None, device=None, pin_memory=None):
    """linspace.Tensor_Tensor(Tensor start, Tensor end, int steps, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    for v in (start, end):
        if getattr(v, "ndim", 0):
            raise RuntimeError(
                "linspace only supports 0-dimensional start and end tensors, but got tensors with dimensions"
            )
    return _linspace(start, end, steps, dtype)


@register("aten::logspace")
def aten_logspace(start, end, steps, base=10.0, *, dtype=None, layout=None, device=None, pin_memory=None):
    """logspace(Scalar start, Scalar end, int steps, float base=10., *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _logspace(start, end, steps, base, dtype)


@register("aten::logspace.Scalar_Tensor", "aten::logspace.Tensor_Scalar", "aten::logspace.Tensor_Tensor")
def aten_logspace_tensor(
    start, end, steps, base=10.0, *, dtype=None, layout=None, device=None, pin_memory=None
):
    """logspace.Tensor_Tensor(Tensor start, Tensor end, int steps, float base=10., *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    for v in (start, end):
        if getattr(v, "ndim", 0):
            raise RuntimeError(
                "logspace only supports 0-dimensional start and end tensors, but got tensors with dimensions"
            )
    return _logspace(start, end, steps, base, dtype)


@register("aten::new_empty")
def aten_new_empty(self, size, *, dtype=None, layout=None, device=None, pin_memory=None):
    """new_empty(Tensor self, SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    _check_size(size)
    return jnp.zeros(shape_of(size), self.dtype if dtype is None else dtype)


@register("aten::new_empty_strided")
def aten_new_empty_strided(self, size, stride, *, dtype=None, layout=None, device=None, pin_memory=None):
    """new_empty_strided(Tensor self, SymInt[] size, SymInt[] stride, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    _check_size(size)
    return jnp.zeros(shape_of(size), self.dtype if dtype is None else dtype)


@register("aten::new_full")
def aten_new_full(self, size, fill_value, *, dtype=None, layout=None, device=None, pin_memory=None):
    """new_full(Tensor self, SymInt[] size, Scalar fill_value, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    _check_size(size)
    return _full(size, fill_value, self.dtype if dtype is None else dtype)


@register("aten::new_ones")
def aten_new_ones(self, size, *, dtype=None, layout=None, device=None, pin_memory=None):
    """new_ones(Tensor self, SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    _check_size(size)
    return jnp.ones(shape_of(size), self.dtype if dtype is None else dtype)


@register("aten::new_zeros")
def aten_new_zeros(self, size, *, dtype=None, layout=None, device=None, pin_memory=None):
    """new_zeros(Tensor self, SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    _check_size(size)
    return jnp.zeros(shape_of(size), self.dtype if dtype is None else dtype)


@register("aten::ones")
def aten_ones(size, *, dtype=None, layout=None, device=None, pin_memory=None):
    """ones(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    _check_size(size)
    return jnp.ones(shape_of(size), default_float(dtype))


@register("aten::ones_like")
def aten_ones_like(self, *, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None):
    """ones_like(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor"""
    return jnp.ones(self.shape, self.dtype if dtype is None else dtype)


@register("aten::scalar_tensor")
def aten_scalar_tensor(s, *, dtype=None, layout=None, device=None, pin_memory=None):
    """scalar_tensor(Scalar s, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    if dtype is None:
        dtype = _fill_dtype(s) if isinstance(s, complex) else default_float(None)
    return convert(jnp.asarray(s), dtype)


@register("aten::tril_indices")
def aten_tril_indices(row, col, offset=0, *, dtype=None, layout=None, device=None, pin_memory=None):
    """tril_indices(int row, int col, int offset=0, *, ScalarType? dtype=4, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _triangle_indices(row, col, offset, dtype, lower=True)


@register("aten::triu_indices")
def aten_triu_indices(row, col, offset=0, *, dtype=None, layout=None, device=None, pin_memory=None):
    """triu_indices(int row, int col, int offset=0, *, ScalarType? dtype=4, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _triangle_indices(row, col, offset, dtype, lower=False)


@register("aten::_efficientzerotensor")  # a zero tensor autograd makes (sgn's backward)
@register("aten::zeros")
def aten_zeros(size, *, dtype=None, layout=None, device=None, pin_memory=None):
    """zeros(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    _check_size(size)
    return jnp.zeros(shape_of(size), default_float(dtype))


@register("aten::zeros_like")
def aten_zeros_like(self, *, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None):
    """zeros_like(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor"""
    return jnp.zeros(self.shape, self.dtype if dtype is None else dtype)
