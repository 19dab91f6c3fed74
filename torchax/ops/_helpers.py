"""Helpers shared by the lowering families."""

from __future__ import annotations

from collections.abc import Sequence

import jax
import jax.numpy as jnp
import numpy as np


def dims(dim, ndim: int) -> tuple[int, ...] | None:
    """An aten `dim` argument (int, list, or None/[] for all) as a tuple of axes, or None."""
    if dim is None:
        return None
    if isinstance(dim, int):
        dim = [dim]
    if len(dim) == 0:
        return None
    return tuple(d % max(ndim, 1) for d in dim)


def default_float(dtype) -> jnp.dtype:
    """The dtype a factory gets with no dtype given: torch's default float or the given one."""
    import torch

    from torchax import _dtypes

    return _dtypes.to_jax(torch.get_default_dtype()) if dtype is None else dtype


def truthy(x: jax.Array) -> jax.Array:
    """`x` as bool, as C++ casts a number (`x != 0`): a complex value is true when either part is
    nonzero, NaN is true, ±0 is false. Floats are tested by their bits, not by comparing with 0,
    because XLA on CPU treats subnormal operands as zero (1e-40 != 0 is False there)."""
    if x.dtype == jnp.bool_:
        return x
    if jnp.issubdtype(x.dtype, jnp.complexfloating):
        return truthy(jnp.real(x)) | truthy(jnp.imag(x))
    if jnp.issubdtype(x.dtype, jnp.floating):
        uint = jnp.dtype(f"uint{jnp.finfo(x.dtype).bits}")
        magnitude = jnp.iinfo(uint).max >> 1  # every bit but the sign
        return (jax.lax.bitcast_convert_type(x, uint) & uint.type(magnitude)) != 0
    return x != 0


def shape_of(size: Sequence[int]) -> tuple[int, ...]:
    return tuple(int(s) for s in size)


def axis_of(dim: int, ndim: int) -> int:
    """One aten `dim` as a non-negative axis, range-checked as torch does (a zero-dim tensor
    accepts 0 and -1, and gets 0: callers treat zero-dim input before using the axis)."""
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})"
        )
    return dim % n


def axes_of(dim, ndim: int, *, empty_means_all: bool = True) -> tuple[int, ...]:
    """An aten `dim` argument (int, list, None) as a tuple of distinct axes, checked as torch
    does. None means every axis; so does [] unless `empty_means_all` is False. A zero-dim
    tensor has no axes: ()."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, int):
        dim = [dim]
    if len(dim) == 0:
        return tuple(range(ndim)) if empty_means_all else ()
    axes = [axis_of(d, ndim) for d in dim]
    for a in axes:
        if axes.count(a) > 1:
            raise RuntimeError(f"dim {a} appears multiple times in the list of dims")
    return tuple(axes) if ndim else ()


def accumulation_dtype(dtype) -> jnp.dtype:
    """The dtype CPU PyTorch accumulates reductions of `dtype` in: float32 for 16-bit floats."""
    return jnp.dtype(jnp.float32) if dtype in (jnp.float16, jnp.bfloat16) else jnp.dtype(dtype)


_TORCH_NAMES = {
    "bool": "Bool",
    "uint8": "Byte",
    "int8": "Char",
    "int16": "Short",
    "int32": "Int",
    "int64": "Long",
    "float16": "Half",
    "bfloat16": "BFloat16",
    "float32": "Float",
    "float64": "Double",
    "complex64": "ComplexFloat",
    "complex128": "ComplexDouble",
}


def float32_via_double(fn, x: jax.Array) -> jax.Array:
    """fn(x), for float32 x computed in float64 and rounded once, as C's float functions are
    (XLA's float32 exp, log, sinh, cosh and erfinv are several ulp off); other dtypes as they are."""
    return fn(x.astype(jnp.float64)).astype(jnp.float32) if x.dtype == jnp.float32 else fn(x)


def dtype_name(dtype) -> str:
    """A dtype as PyTorch's messages name it: int64 -> 'Long'."""
    name = jnp.dtype(dtype).name
    return _TORCH_NAMES.get(name, name)


def as_scalar(x, dtype) -> np.ndarray:
    """A Python scalar as a 0-dim array of `dtype`, converted as C++ would (torch's Scalar.to<T>):
    integers out of range wrap around, floats to integers truncate."""
    if isinstance(x, complex) and not jnp.issubdtype(dtype, jnp.complexfloating):
        x = x.real
    return np.asarray(x).astype(dtype)


def result_type(*args) -> jnp.dtype:
    """torch.result_type of arrays and Python scalars: the dtype an op that promotes its inputs
    (without elementwise opmath) computes in. Zero-dim arrays promote as torch's zero-dim tensors,
    Python scalars as wrapped numbers."""
    from torchax.registry._promotion import Promotion, dtypes_for

    keys = tuple((a.dtype, a.ndim == 0) if hasattr(a, "dtype") else type(a) for a in args)
    return dtypes_for(Promotion.NO_OPMATH, keys)[1]


def order_key(x) -> tuple[jax.Array, jax.Array | None]:
    """(key, nan): integers whose order is the order of x's values, and where x is NaN (None for
    integers). Floats compare through their bits because XLA on CPU flushes subnormal operands
    of comparisons to zero (1e-40 > 0 is False there); -0.0 and 0.0 get the same key."""
    if jnp.issubdtype(x.dtype, jnp.complexfloating):
        raise RuntimeError(f"comparison is not supported for {dtype_name(x.dtype)}")
    if not jnp.issubdtype(x.dtype, jnp.floating):
        return x, None
    bits = jnp.finfo(x.dtype).bits
    signed = jnp.dtype(f"int{bits}")
    raw = jax.lax.bitcast_convert_type(x, signed)
    magnitude = raw & signed.type(jnp.iinfo(signed).max)
    inf = np.array(np.inf, x.dtype).view(signed).item()
    return jnp.where(raw < 0, -magnitude, magnitude), magnitude > inf


def traced(x) -> bool:
    """Whether `x` is being traced (under jax_jit/JittableModule): its values are not known."""
    return isinstance(x, jax.core.Tracer)


def data_dependent(op: str, x) -> None:
    """Raise a clear error where the result's shape depends on the values of `x` and they are
    not known (under jax_jit/JittableModule tracing)."""
    if traced(x):
        raise RuntimeError(
            f"{op}: the shape of the result depends on the values of the input, which are not known "
            "under jax_jit/JittableModule tracing. Run it eagerly, or use a fixed-size form "
            "(nonzero_static, torch.where with both branches, a masked multiply)."
        )
