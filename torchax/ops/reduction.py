"""Reductions: sums, means, extrema, statistics, norms, cumulative scans, counts, histograms
and hashes."""

from __future__ import annotations

import functools
import math

import jax
import jax.numpy as jnp

from torchax.ops._helpers import (
    accumulation_dtype,
    axes_of,
    axis_of,
    default_float,
    dtype_name,
    order_key,
    traced,
    truthy,
)
from torchax.ops.creation import aten_linspace
from torchax.ops.pointwise import complex_log_add_exp
from torchax.ops.sorting import bisect
from torchax.registry import register

# -- shared rules --------------------------------------------------------------------------


def _is_inexact(dtype) -> bool:
    return jnp.issubdtype(dtype, jnp.inexact)


def _real_dtype(dtype) -> jnp.dtype:
    """complex64 -> float32, complex128 -> float64, others unchanged."""
    return jnp.finfo(dtype).dtype if jnp.issubdtype(dtype, jnp.complexfloating) else jnp.dtype(dtype)


def _sum_dtype(self, dtype) -> jnp.dtype:
    """Result dtype of sum, prod and their scans: `dtype` if given, int64 for integers and bool."""
    if dtype is not None:
        return jnp.dtype(dtype)
    if jnp.issubdtype(self.dtype, jnp.integer) or self.dtype == jnp.bool_:
        return jnp.dtype(jnp.int64)
    return self.dtype


def _accumulate(fn, self, axes, keepdim, dtype):
    """sum/prod-like: cast to the result dtype first (as torch does), accumulate 16-bit floats in
    float32, round once at the end."""
    out = _sum_dtype(self, dtype)
    x = self.astype(out)
    return fn(x.astype(accumulation_dtype(out)), axis=axes, keepdims=keepdim).astype(out)


def _mean(name, self, axes, keepdim, dtype, nan=False):
    out = jnp.dtype(dtype) if dtype is not None else self.dtype
    if not _is_inexact(out):
        which = "Optional dtype" if dtype is not None else "Input dtype"
        raise RuntimeError(
            f"{name}(): could not infer output dtype. {which} must be either a floating point or "
            f"complex dtype. Got: {dtype_name(out)}"
        )
    x = self.astype(out).astype(accumulation_dtype(out))
    if nan:
        keep = ~jnp.isnan(x)
        total = jnp.sum(jnp.where(keep, x, 0), axis=axes, keepdims=keepdim)
        return (total / jnp.sum(keep, axis=axes, keepdims=keepdim)).astype(out)
    return jnp.mean(x, axis=axes, keepdims=keepdim).astype(out)


def _check_nonempty(name, self, axes, whole):
    """torch refuses to take an extremum over nothing: RuntimeError for a whole-tensor reduction
    of an empty tensor, IndexError for a reduced dim of size zero."""
    if self.size:
        return
    if whole:
        raise RuntimeError(
            f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
            "Specify the reduction dim with the 'dim' argument."
        )
    for a in axes:
        if self.shape[a] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {a} to have non-zero size.")


def _extremum(name, fn, self, dim, keepdim):
    axes = axes_of(dim, self.ndim)
    whole = dim is None or (not isinstance(dim, int) and len(dim) == 0)
    _check_nonempty(name, self, axes, whole)
    return fn(self, axis=axes, keepdims=keepdim)


def _arg_extremum(name, fn, self, dim, keepdim):
    if dim is None:
        if self.size == 0:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0.")
        out = fn(self.ravel()).astype(jnp.int64)
        return out.reshape((1,) * self.ndim) if keepdim else out
    axis = axis_of(dim, self.ndim)
    if self.ndim == 0:
        return jnp.zeros((), jnp.int64)
    _check_nonempty(name, self, (axis,), whole=False)
    return fn(self, axis=axis, keepdims=keepdim).astype(jnp.int64)


def _extremum_dim(name, fn, self, dim, keepdim):
    """(values, indices) of max.dim/min.dim: the first extremal index, NaN counting as extremal."""
    axis = axis_of(dim, self.ndim)
    if self.ndim == 0:
        return self, jnp.zeros((), jnp.int64)
    _check_nonempty(name, self, (axis,), whole=False)
    index = fn(self, axis=axis, keepdims=True)
    values = jnp.take_along_axis(self, index, axis=axis)
    if not keepdim:
        index, values = jnp.squeeze(index, axis), jnp.squeeze(values, axis)
    return values, index.astype(jnp.int64)


def _logical(fn, self, axes, keepdim):
    """any/all of the elements' truth values (uint8 in, uint8 out, as torch)."""
    out = fn(truthy(self), axis=axes, keepdims=keepdim)
    return out.astype(jnp.uint8) if self.dtype == jnp.uint8 else out


def _check_var_dtype(self):
    if not _is_inexact(self.dtype):
        raise RuntimeError("std and var only support floating point and complex dtypes")


def _var_mean(self, dim, correction, keepdim):
    """(variance, mean) over `dim` with torch's divisor max(N - correction, 0)."""
    _check_var_dtype(self)
    axes = axes_of(dim, self.ndim)
    correction = 1 if correction is None else correction
    x = self.astype(accumulation_dtype(self.dtype))
    n = math.prod(self.shape[a] for a in axes)
    mean = jnp.mean(x, axis=axes, keepdims=True)
    d = x - mean
    sq = jnp.real(d * jnp.conj(d)) if jnp.iscomplexobj(d) else d * d
    var = jnp.sum(sq, axis=axes, keepdims=keepdim) / max(n - correction, 0)
    if not keepdim:
        mean = jnp.squeeze(mean, axes)
    return var.astype(_real_dtype(self.dtype)), mean.astype(self.dtype)


def _unbiased(unbiased):
    return 1 if unbiased else 0


def _cumulative(fn, self, dim, dtype):
    axis = axis_of(dim, self.ndim)
    out = _sum_dtype(self, dtype)
    x = self.astype(out)
    if self.ndim == 0:
        return x
    return fn(x.astype(accumulation_dtype(out)), axis=axis).astype(out)


@functools.partial(jax.jit, static_argnames=("dim", "better"))  # one program, not one per scan step
def _cumulative_extremum(self, dim, better):
    """(values, indices) of cummax/cummin: a later element replaces the running one when it is
    NaN or at least as good (`better(new, old)`), so ties and NaNs take the latest index."""
    axis = axis_of(dim, self.ndim)
    if self.ndim == 0:
        return self, jnp.zeros((), jnp.int64)
    shape = [1] * self.ndim
    shape[axis] = self.shape[axis]
    index = jnp.broadcast_to(jnp.arange(self.shape[axis], dtype=jnp.int64).reshape(shape), self.shape)
    if self.size == 0:
        return self, index

    def combine(a, b):
        (va, ia), (vb, ib) = a, b
        if _is_inexact(va.dtype):
            take_b = jnp.isnan(vb) | (~jnp.isnan(va) & better(vb, va))
        else:
            take_b = better(vb, va)
        return jnp.where(take_b, vb, va), jnp.where(take_b, ib, ia)

    return jax.lax.associative_scan(combine, (self, index), axis=axis)


def _vector_norm(name, self, ord, axes, keepdim, dtype):
    if not _is_inexact(self.dtype):
        raise RuntimeError(
            f"{name}: Expected a floating point or complex tensor as input. Got {dtype_name(self.dtype)}"
        )
    x = self if dtype is None else self.astype(dtype)
    out = _real_dtype(x.dtype)
    x = jnp.abs(x).astype(accumulation_dtype(out))
    if ord == math.inf or ord == -math.inf:
        if self.size == 0 and (not axes or any(self.shape[a] == 0 for a in axes)):
            raise RuntimeError(
                f"{name} cannot compute the {ord} norm on an empty tensor because the operation "
                "does not have an identity"
            )
        fn = jnp.max if ord > 0 else jnp.min
        result = fn(x, axis=axes, keepdims=keepdim)
    elif ord == 0:
        result = jnp.sum(x != 0, axis=axes, keepdims=keepdim).astype(x.dtype)
    elif ord == 1:
        result = jnp.sum(x, axis=axes, keepdims=keepdim)
    elif ord == 2:
        result = jnp.sqrt(jnp.sum(x * x, axis=axes, keepdims=keepdim))
    else:
        result = jnp.sum(x**ord, axis=axes, keepdims=keepdim) ** (1.0 / ord)
    return result.astype(out)


# -- counting: bincount and histograms ---------------------------------------------------------


def _rounding(dtype):
    """A function rounding float32 values to `dtype` (16-bit floats), as c10::Half and BFloat16
    arithmetic rounds after every operation; reduce_precision survives XLA's fusion, a cast
    pair may not. The identity for float32 and float64, computed in their own dtype."""
    if jnp.dtype(dtype).itemsize != 2:
        return lambda v: v
    info = jnp.finfo(dtype)
    return lambda v: jax.lax.reduce_precision(v, exponent_bits=info.nexp, mantissa_bits=info.nmant)


def _divide(a, b):
    """a / b correctly rounded, as C++ divides. XLA on CPU turns a division by a broadcast value
    into a multiplication by its reciprocal, which is off by an ulp at times (3 / 7 in float32);
    a materialised divisor keeps the division."""
    return a / jax.lax.optimization_barrier(jnp.broadcast_to(b, jnp.broadcast_shapes(a.shape, b.shape)))


def _bin_positions(column, edges, search: str):
    """(bin of each value, whether it is counted) along one dimension, as torch's CPU histogram
    kernel finds them: values outside [edges[0], edges[-1]] and NaN are not counted; the last
    bin includes its right edge. `search` is torch's algorithm: "linear" (histc), "local"
    (linear then a look at the neighbouring edges: histogram with a bin count), "binary"
    (std::upper_bound over given edges)."""
    n_edges = edges.shape[0]
    key, nan = order_key(column)
    edge_key, edge_nan = order_key(edges)
    inside = ~nan & ~edge_nan[0] & ~edge_nan[-1] & (key >= edge_key[0]) & (key <= edge_key[-1])
    if search == "binary":
        pos = bisect(n_edges, column.shape, lambda mid: (edge_key[mid] <= key) | edge_nan[mid] | nan) - 1
    else:
        compute = accumulation_dtype(column.dtype)
        rounded = _rounding(column.dtype)
        lo, hi = edges[0].astype(compute), edges[-1].astype(compute)
        offset = rounded(column.astype(compute) - lo)
        scaled = rounded(offset * (n_edges - 1))
        ratio = rounded(_divide(scaled, rounded(hi - lo)))
        pos = jnp.where(inside, ratio, 0).astype(jnp.int64)  # C++ truncation; ratio >= 0 inside
        if search == "local":  # std::upper_bound over edges[pos - 1 : pos + 2]
            low = jnp.maximum(pos - 1, 0)
            high = jnp.minimum(pos + 2, n_edges)
            count = sum(
                ((low + k < high) & (edge_key[jnp.minimum(low + k, n_edges - 1)] <= key)).astype(jnp.int64)
                for k in range(3)
            )
            pos = low + count - 1
    pos = jnp.where(pos == n_edges - 1, pos - 1, pos)
    return pos, inside


def _histogramdd(x, edges, weight, density, search):
    """torch's CPU histogram of the rows of x (M, N) over per-dimension edges (N 1-D arrays of
    x's dtype). Counted in float32 or wider and rounded once to x's dtype (torch adds in x's
    dtype per thread, which for 16-bit floats stops counting at 2048 or 256 per thread)."""
    m, n = x.shape
    bins = tuple(e.shape[0] - 1 for e in edges)
    index = jnp.zeros((m,), jnp.int64)
    counted = jnp.ones((m,), bool)
    for d in range(n):
        pos, inside = _bin_positions(x[:, d], edges[d], search)
        index = index * bins[d] + pos
        counted = counted & inside
    size = math.prod(bins)
    compute = accumulation_dtype(x.dtype)
    w = jnp.ones((m,), compute) if weight is None else weight.reshape(m).astype(compute)
    hist = jnp.zeros((size,), compute).at[jnp.where(counted, index, size)].add(w, mode="drop")
    hist = hist.astype(x.dtype).reshape(bins)
    if density:
        hist = _divide(hist, jnp.sum(hist.astype(compute)).astype(x.dtype))
        for d, e in enumerate(edges):
            shape = [1] * n
            shape[d] = bins[d]
            hist = _divide(hist, jnp.diff(e).reshape(shape))
    return hist


def _check_histogram_dtype(self):
    if self.dtype not in (jnp.float32, jnp.float64):
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{dtype_name(self.dtype)}'")


def _check_histogramdd(x, edges, weight):
    """torch's histogramdd_check_inputs on x (M, N), its edges and weight."""
    n = x.shape[-1]
    if len(edges) != n:
        raise RuntimeError(
            f"torch.histogramdd: expected {n} sequences of bin edges for each of the {n} dimensions "
            f"of the input, but got {len(edges)}"
        )
    for d, e in enumerate(edges):
        if e.dtype != x.dtype:
            raise RuntimeError(
                "torch.histogramdd: input tensor and bins tensors should have the same dtype, but got "
                f"input with dtype {dtype_name(x.dtype)} and bins for dimension {d} with dtype {dtype_name(e.dtype)}"
            )
        if e.ndim != 1:
            raise RuntimeError(
                f"torch.histogramdd: bins tensor should have one dimension, but got {e.ndim} dimensions "
                f"in the bins tensor for dimension {d}"
            )
        if e.size < 2:
            raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {e.size - 1} for dimension {d}")
    if weight is not None:
        if weight.dtype != x.dtype:
            raise RuntimeError(
                "torch.histogramdd: if weight tensor is provided, input tensor and weight tensor should "
                f"have the same dtype, but got input({dtype_name(x.dtype)}), and weight({dtype_name(weight.dtype)})"
            )
        if (tuple(weight.shape) or (1,)) != x.shape[:-1]:
            raise RuntimeError(
                "torch.histogramdd: if weight tensor is provided it should have the same shape as the "
                f"input tensor excluding its innermost dimension, but got input with shape {list(x.shape)} "
                f"and weight with shape {list(weight.shape)}"
            )


def _outer_edges(x, bins, limits):
    """torch's select_outer_bin_edges for x (M, N): per dimension (lo, hi) from `range`, else from
    the data (0 and 1 when there is none); an empty range widened by 0.5 each way. Python floats
    when known; under tracing from data, float64 arrays (NaN where torch would raise)."""
    n = x.shape[-1]
    for d, b in enumerate(bins):
        if b <= 0:
            raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {b} for dimension {d}")
    if limits is not None:
        if len(limits) != 2 * n:
            raise RuntimeError(
                f"torch.histogramdd: for a {n}-dimensional histogram range should have {2 * n} "
                f"elements, but got {len(limits)}"
            )
        pairs = [(float(limits[2 * d]), float(limits[2 * d + 1])) for d in range(n)]
    elif x.shape[0]:
        lo, hi = jnp.min(x, axis=0).astype(jnp.float64), jnp.max(x, axis=0).astype(jnp.float64)
        if traced(x):
            same = lo == hi
            bad = ~(jnp.isfinite(lo) & jnp.isfinite(hi))
            lo = jnp.where(bad, jnp.nan, jnp.where(same, lo - 0.5, lo))
            hi = jnp.where(bad, jnp.nan, jnp.where(same, hi + 0.5, hi))
            return [(lo[d], hi[d]) for d in range(n)]
        pairs = [(float(a), float(b)) for a, b in zip(lo, hi, strict=True)]
    else:
        pairs = [(0.0, 1.0)] * n
    out = []
    for d, (lo, hi) in enumerate(pairs):
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise RuntimeError(f"torch.histogramdd: dimension {d}'s range [{lo:g}, {hi:g}] is not finite")
        if lo > hi:
            raise RuntimeError(
                f"torch.histogramdd: min should not exceed max, but got min {lo:g} max {hi:g} for dimension {d}"
            )
        out.append((lo - 0.5, hi + 0.5) if lo == hi else (lo, hi))
    return out


def _bin_edges(x, bins, limits):
    """The edges of a histogram with `bins` bins per dimension: linspace in x's dtype."""
    if len(bins) != x.shape[-1]:
        raise RuntimeError(
            "histogramdd: The size of bins must be equal to the innermost dimension of the input."
        )
    outer = _outer_edges(x, bins, limits)
    return [aten_linspace(lo, hi, b + 1, dtype=x.dtype) for (lo, hi), b in zip(outer, bins, strict=True)]


def _flat(weight):
    """The weight as torch's histogram kernels check and read it: flattened."""
    return None if weight is None else weight.reshape(-1)


def _as_rows(self):
    if self.ndim < 2:
        raise RuntimeError("torch.histogramdd: input tensor should have at least 2 dimensions")
    return self.reshape(-1, self.shape[-1])


def _float_bits(x) -> jax.Array:
    """The bits of x converted to float64, as uint64: exact for every value, subnormals included
    (XLA's own conversion flushes float32 subnormals to zero), NaN quieted as C++ converts."""
    info = jnp.finfo(x.dtype)
    man_bits, bias = info.nmant, (1 << (info.nexp - 1)) - 1
    u = jax.lax.bitcast_convert_type(x, jnp.dtype(f"uint{info.bits}")).astype(jnp.int64)
    sign = (u >> (info.bits - 1)) << 63
    exp = (u >> man_bits) & ((1 << info.nexp) - 1)
    man = u & ((1 << man_bits) - 1)
    top = 63 - jax.lax.clz(jnp.maximum(man, 1))  # the highest set bit of a subnormal's mantissa
    normal = ((exp - bias + 1023) << 52) | (man << (52 - man_bits))
    subnormal = ((top + 1 - bias - man_bits + 1023) << 52) | ((man - (1 << top)) << (52 - top))
    special = (2047 << 52) | (man << (52 - man_bits)) | jnp.where(man != 0, 1 << 51, 0)
    bits = jnp.where(
        exp == (1 << info.nexp) - 1, special, jnp.where(exp != 0, normal, jnp.where(man != 0, subnormal, 0))
    )
    return jax.lax.bitcast_convert_type(bits | sign, jnp.uint64)


# -- lowerings, alphabetical by op -----------------------------------------------------------
@register("aten::_histogramdd_bin_edges")
def aten__histogramdd_bin_edges(self, bins, *, range=None, weight=None, density=False):
    """_histogramdd_bin_edges(Tensor self, int[] bins, *, float[]? range=None, Tensor? weight=None, bool density=False) -> Tensor[]"""
    _check_histogram_dtype(self)
    x = _as_rows(self)
    edges = _bin_edges(x, bins, range)
    _check_histogramdd(x, edges, _flat(weight))
    return edges


@register("aten::_histogramdd_from_bin_cts")
def aten__histogramdd_from_bin_cts(self, bins, *, range=None, weight=None, density=False):
    """_histogramdd_from_bin_cts(Tensor self, int[] bins, *, float[]? range=None, Tensor? weight=None, bool density=False) -> Tensor"""
    _check_histogram_dtype(self)
    x, flat = _as_rows(self), _flat(weight)
    edges = _bin_edges(x, bins, range)
    _check_histogramdd(x, edges, flat)
    return _histogramdd(x, edges, flat, density, "local")


@register("aten::_histogramdd_from_bin_tensors")
def aten__histogramdd_from_bin_tensors(self, bins, *, weight=None, density=False):
    """_histogramdd_from_bin_tensors(Tensor self, Tensor[] bins, *, Tensor? weight=None, bool density=False) -> Tensor"""
    _check_histogram_dtype(self)
    x, flat = _as_rows(self), _flat(weight)
    if len(bins) != x.shape[-1]:
        raise RuntimeError(
            "histogramdd: The size of bins must be equal to the innermost dimension of the input."
        )
    _check_histogramdd(x, list(bins), flat)
    return _histogramdd(x, list(bins), flat, density, "binary")


@register("aten::all")
def aten_all(self):
    """all(Tensor self) -> Tensor"""
    return _logical(jnp.all, self, None, False)


@register("aten::all.dim")
def aten_all_dim(self, dim, keepdim=False):
    """all.dim(Tensor self, int dim, bool keepdim=False) -> Tensor"""
    return _logical(jnp.all, self, axes_of(dim, self.ndim), keepdim)


@register("aten::all.dims")
def aten_all_dims(self, dim=None, keepdim=False):
    """all.dims(Tensor self, int[]? dim=None, bool keepdim=False) -> Tensor"""
    return _logical(jnp.all, self, axes_of(dim, self.ndim, empty_means_all=False), keepdim)


@register("aten::amax")
def aten_amax(self, dim=(), keepdim=False):
    """amax(Tensor self, int[1] dim=[], bool keepdim=False) -> Tensor"""
    return _extremum("amax", jnp.max, self, dim, keepdim)


@register("aten::amin")
def aten_amin(self, dim=(), keepdim=False):
    """amin(Tensor self, int[1] dim=[], bool keepdim=False) -> Tensor"""
    return _extremum("amin", jnp.min, self, dim, keepdim)


@register("aten::aminmax")
def aten_aminmax(self, *, dim=None, keepdim=False):
    """aminmax(Tensor self, *, int? dim=None, bool keepdim=False) -> (Tensor min, Tensor max)"""
    dims = None if dim is None else [dim]
    return (
        _extremum("aminmax", jnp.min, self, dims, keepdim),
        _extremum("aminmax", jnp.max, self, dims, keepdim),
    )


@register("aten::any")
def aten_any(self):
    """any(Tensor self) -> Tensor"""
    return _logical(jnp.any, self, None, False)


@register("aten::any.dim")
def aten_any_dim(self, dim, keepdim=False):
    """any.dim(Tensor self, int dim, bool keepdim=False) -> Tensor"""
    return _logical(jnp.any, self, axes_of(dim, self.ndim), keepdim)


@register("aten::any.dims")
def aten_any_dims(self, dim=None, keepdim=False):
    """any.dims(Tensor self, int[]? dim=None, bool keepdim=False) -> Tensor"""
    return _logical(jnp.any, self, axes_of(dim, self.ndim, empty_means_all=False), keepdim)


@register("aten::argmax")
def aten_argmax(self, dim=None, keepdim=False):
    """argmax(Tensor self, int? dim=None, bool keepdim=False) -> Tensor"""
    return _arg_extremum("argmax", jnp.argmax, self, dim, keepdim)


@register("aten::argmin")
def aten_argmin(self, dim=None, keepdim=False):
    """argmin(Tensor self, int? dim=None, bool keepdim=False) -> Tensor"""
    return _arg_extremum("argmin", jnp.argmin, self, dim, keepdim)


@register("aten::bincount")
def aten_bincount(self, weights=None, minlength=0):
    """bincount(Tensor self, Tensor? weights=None, SymInt minlength=0) -> Tensor"""
    if not jnp.issubdtype(self.dtype, jnp.integer):
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for '{dtype_name(self.dtype)}'")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if self.ndim == 1 and self.size == 0:
        return jnp.zeros((minlength,), jnp.int64)
    if traced(self):
        raise RuntimeError(
            "bincount: the length of the result is the largest input value plus one, which is not "
            "known under jax_jit/JittableModule tracing. Run it eagerly, or count with a fixed length "
            "(a one_hot sum or a scatter_add into zeros of the length you want)."
        )
    if self.ndim != 1 or int(jnp.min(self)) < 0:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is not None and (weights.ndim != 1 or weights.shape[0] != self.shape[0]):
        raise RuntimeError("weights should be 1-d and have the same length as input")
    length = max(int(jnp.max(self)) + 1, minlength)
    if weights is None:
        return jnp.zeros((length,), jnp.int64).at[self].add(1)
    dtype = jnp.float32 if weights.dtype == jnp.float32 else jnp.float64
    w = jnp.real(weights) if jnp.iscomplexobj(weights) else weights
    return jnp.zeros((length,), dtype).at[self].add(w.astype(dtype))


@register("aten::count_nonzero")
def aten_count_nonzero(self, dim=None):
    """count_nonzero(Tensor self, int? dim=None) -> Tensor"""
    return jnp.sum(truthy(self), axis=axes_of(dim, self.ndim), dtype=jnp.int64)


@register("aten::count_nonzero.dim_IntList")
def aten_count_nonzero_dim_intlist(self, dim):
    """count_nonzero.dim_IntList(Tensor self, int[] dim) -> Tensor"""
    return jnp.sum(truthy(self), axis=axes_of(dim, self.ndim), dtype=jnp.int64)


@register("aten::cummax")
def aten_cummax(self, dim):
    """cummax(Tensor self, int dim) -> (Tensor values, Tensor indices)"""
    return _cumulative_extremum(self, dim, jnp.greater_equal)


@register("aten::cummin")
def aten_cummin(self, dim):
    """cummin(Tensor self, int dim) -> (Tensor values, Tensor indices)"""
    return _cumulative_extremum(self, dim, jnp.less_equal)


@register("aten::cumprod")
def aten_cumprod(self, dim, *, dtype=None):
    """cumprod(Tensor self, int dim, *, ScalarType? dtype=None) -> Tensor"""
    return _cumulative(jnp.cumprod, self, dim, dtype)


@register("aten::cumsum")
def aten_cumsum(self, dim, *, dtype=None):
    """cumsum(Tensor self, int dim, *, ScalarType? dtype=None) -> Tensor"""
    return _cumulative(jnp.cumsum, self, dim, dtype)


@register("aten::hash_tensor")
def aten_hash_tensor(self, dim=(), *, keepdim=False, mode=0):
    """hash_tensor(Tensor self, int[1] dim=[], *, bool keepdim=False, int mode=0) -> Tensor"""
    axes = axes_of(dim, self.ndim)
    if self.size == 0:
        if len(dim) == 0:
            raise RuntimeError(
                "hash_tensor: Expected reduction dim to be specified for input.numel() == 0. "
                "Specify the reduction dim with the 'dim' argument."
            )
        for a in axes:
            if self.shape[a] == 0:
                raise IndexError(f"hash_tensor: Expected reduction dim {a} to have non-zero size.")
    if mode != 0:
        raise RuntimeError(f"Unknown hash_tensor mode: {mode}")
    if jnp.issubdtype(self.dtype, jnp.complexfloating):
        raise NotImplementedError(f"\"xor_sum_cpu\" not implemented for '{dtype_name(self.dtype)}'")
    # mode 0: every element widened to its 64-bit equivalent, its bits xor-ed together
    if self.dtype == jnp.float64:
        bits = jax.lax.bitcast_convert_type(self, jnp.uint64)
    elif jnp.issubdtype(self.dtype, jnp.floating):
        bits = _float_bits(self)
    elif jnp.issubdtype(self.dtype, jnp.signedinteger):
        bits = jax.lax.bitcast_convert_type(self.astype(jnp.int64), jnp.uint64)
    else:
        bits = self.astype(jnp.uint64)
    out = jax.lax.reduce(bits, jnp.uint64(0), jax.lax.bitwise_xor, axes)
    if keepdim:
        out = jnp.expand_dims(out, axes)
    return out


@register("aten::histc")
def aten_histc(self, bins=100, min=0, max=0):
    """histc(Tensor self, int bins=100, Scalar min=0, Scalar max=0) -> Tensor"""
    if not jnp.issubdtype(self.dtype, jnp.floating):
        raise NotImplementedError(f"\"histogram_cpu\" not implemented for '{dtype_name(self.dtype)}'")
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    lo, hi = float(min), float(max)
    valid = None
    if lo == hi and self.size:
        lo, hi = jnp.min(self).astype(jnp.float64), jnp.max(self).astype(jnp.float64)
        if traced(self):  # torch raises for a non-finite range; under tracing the result is NaN
            valid = jnp.isfinite(lo) & jnp.isfinite(hi)
            same = lo == hi
            lo, hi = jnp.where(same, lo - 1, lo), jnp.where(same, hi + 1, hi)
        else:
            lo, hi = float(lo), float(hi)
    if valid is None:
        if lo == hi:
            lo, hi = lo - 1, hi + 1
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise RuntimeError(f"torch.histc: range of [{lo:g}, {hi:g}] is not finite")
        if not lo < hi:
            raise RuntimeError("torch.histc: max must be larger than min")
    edges = aten_linspace(lo, hi, bins + 1, dtype=self.dtype)
    hist = _histogramdd(self.reshape(-1, 1), [edges], None, False, "linear")
    return hist if valid is None else jnp.where(valid, hist, jnp.nan)


@register("aten::histogram.bin_ct")
def aten_histogram_bin_ct(self, bins=100, *, range=None, weight=None, density=False):
    """histogram.bin_ct(Tensor self, int bins=100, *, float[]? range=None, Tensor? weight=None, bool density=False) -> (Tensor hist, Tensor bin_edges)"""
    _check_histogram_dtype(self)
    x = self.reshape(-1, 1)
    flat = _flat(weight)
    edges = _bin_edges(x, [bins], range)
    _check_histogramdd(x, edges, flat)
    return _histogramdd(x, edges, flat, density, "local"), edges[0]


@register("aten::histogram.bins_tensor")
def aten_histogram_bins_tensor(self, bins, *, weight=None, density=False):
    """histogram.bins_tensor(Tensor self, Tensor bins, *, Tensor? weight=None, bool density=False) -> (Tensor hist, Tensor bin_edges)"""
    _check_histogram_dtype(self)
    x = self.reshape(-1, 1)
    flat = _flat(weight)
    _check_histogramdd(x, [bins], flat)
    return _histogramdd(x, [bins], flat, density, "binary"), bins


@register("aten::linalg_vector_norm")
def aten_linalg_vector_norm(self, ord=2, dim=None, keepdim=False, *, dtype=None):
    """linalg_vector_norm(Tensor self, Scalar ord=2, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor"""
    return _vector_norm("linalg.vector_norm", self, ord, axes_of(dim, self.ndim), keepdim, dtype)


@register("aten::logcumsumexp")
def aten_logcumsumexp(self, dim):
    """logcumsumexp(Tensor self, int dim) -> Tensor"""
    axis = axis_of(dim, self.ndim)
    if not _is_inexact(self.dtype):
        raise RuntimeError(f"\"logcumsumexp_out_cpu\" not implemented for '{dtype_name(self.dtype)}'")
    if self.ndim == 0 or self.size == 0:
        return self
    # CPU torch runs the recurrence in at::acc_type<T, is_cuda=false>, rounding each output once:
    # double for float32 and complex64 (float32 alone is ~1e-6 off, and the backward's difference
    # of exponentials makes that ~1e-3 in the gradient), float32 for half types
    single = self.dtype in (jnp.float32, jnp.complex64)
    x = self.astype(jnp.promote_types(self.dtype, jnp.float64) if single else accumulation_dtype(self.dtype))
    if jnp.iscomplexobj(x):
        # sequential, as torch: the imaginary part is not wrapped, so the order of sums shows
        moved = jnp.moveaxis(x, axis, 0)
        init = jnp.full(moved.shape[1:], -jnp.inf, x.dtype)
        _, out = jax.lax.scan(lambda acc, v: (complex_log_add_exp(v, acc),) * 2, init, moved)
        return jnp.moveaxis(out, 0, axis).astype(self.dtype)
    return jax.lax.cumlogsumexp(x, axis=axis).astype(self.dtype)


@register("aten::logsumexp")
def aten_logsumexp(self, dim, keepdim=False):
    """logsumexp(Tensor self, int[1] dim, bool keepdim=False) -> Tensor"""
    axes = axes_of(dim, self.ndim)
    out = self.dtype if _is_inexact(self.dtype) else default_float(None)
    x = self.astype(accumulation_dtype(out))
    # shift by the finite maximum (of the real part) for stability; an infinite one is not shifted
    top = jnp.max(jnp.real(x), axis=axes, keepdims=True, initial=-jnp.inf)
    top = jnp.where(jnp.isfinite(top), top, 0)
    result = jnp.log(jnp.sum(jnp.exp(x - top), axis=axes, keepdims=True)) + top
    return (result if keepdim else jnp.squeeze(result, axes)).astype(out)


@register("aten::max")
def aten_max(self):
    """max(Tensor self) -> Tensor"""
    _check_nonempty("max", self, (), whole=True)
    return jnp.max(self)


@register("aten::max.dim")
def aten_max_dim(self, dim, keepdim=False):
    """max.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)"""
    return _extremum_dim("max", jnp.argmax, self, dim, keepdim)


@register("aten::mean")
def aten_mean(self, *, dtype=None):
    """mean(Tensor self, *, ScalarType? dtype=None) -> Tensor"""
    return _mean("mean", self, None, False, dtype)


@register("aten::mean.dim")
def aten_mean_dim(self, dim, keepdim=False, *, dtype=None):
    """mean.dim(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor"""
    return _mean("mean", self, axes_of(dim, self.ndim), keepdim, dtype)


@register("aten::min")
def aten_min(self):
    """min(Tensor self) -> Tensor"""
    _check_nonempty("min", self, (), whole=True)
    return jnp.min(self)


@register("aten::min.dim")
def aten_min_dim(self, dim, keepdim=False):
    """min.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)"""
    return _extremum_dim("min", jnp.argmin, self, dim, keepdim)


@register("aten::nanmean")
def aten_nanmean(self, dim=None, keepdim=False, *, dtype=None):
    """nanmean(Tensor self, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor"""
    if not _is_inexact(self.dtype):
        raise RuntimeError(
            f"nanmean(): expected input to have floating point or complex dtype but got {dtype_name(self.dtype)}"
        )
    return _mean("nanmean", self, axes_of(dim, self.ndim), keepdim, dtype, nan=True)


@register("aten::nansum")
def aten_nansum(self, dim=None, keepdim=False, *, dtype=None):
    """nansum(Tensor self, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor"""
    x = jnp.where(jnp.isnan(self), jnp.zeros((), self.dtype), self) if _is_inexact(self.dtype) else self
    return _accumulate(jnp.sum, x, axes_of(dim, self.ndim), keepdim, dtype)


@register("aten::norm.Scalar")
def aten_norm_scalar(self, p=2):
    """norm.Scalar(Tensor self, Scalar p=2) -> Tensor"""
    return _vector_norm("norm", self, p, axes_of(None, self.ndim), False, None)


@register("aten::norm.ScalarOpt_dim")
def aten_norm_scalaropt_dim(self, p, dim, keepdim=False):
    """norm.ScalarOpt_dim(Tensor self, Scalar? p, int[1] dim, bool keepdim=False) -> Tensor"""
    return _vector_norm("norm", self, 2 if p is None else p, axes_of(dim, self.ndim), keepdim, None)


@register("aten::norm.ScalarOpt_dim_dtype")
def aten_norm_scalaropt_dim_dtype(self, p, dim, keepdim, *, dtype):
    """norm.ScalarOpt_dim_dtype(Tensor self, Scalar? p, int[1] dim, bool keepdim, *, ScalarType dtype) -> Tensor"""
    return _vector_norm("norm", self, 2 if p is None else p, axes_of(dim, self.ndim), keepdim, dtype)


@register("aten::norm.ScalarOpt_dtype")
def aten_norm_scalaropt_dtype(self, p, *, dtype):
    """norm.ScalarOpt_dtype(Tensor self, Scalar? p, *, ScalarType dtype) -> Tensor"""
    return _vector_norm("norm", self, 2 if p is None else p, axes_of(None, self.ndim), False, dtype)


@register("aten::prod")
def aten_prod(self, *, dtype=None):
    """prod(Tensor self, *, ScalarType? dtype=None) -> Tensor"""
    return _accumulate(jnp.prod, self, None, False, dtype)


@register("aten::prod.dim_int")
def aten_prod_dim_int(self, dim, keepdim=False, *, dtype=None):
    """prod.dim_int(Tensor self, int dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor"""
    return _accumulate(jnp.prod, self, axes_of(dim, self.ndim), keepdim, dtype)


@register("aten::std")
def aten_std(self, unbiased=True):
    """std(Tensor self, bool unbiased=True) -> Tensor"""
    return jnp.sqrt(_var_mean(self, None, _unbiased(unbiased), False)[0])


@register("aten::std.correction")
def aten_std_correction(self, dim=None, *, correction=None, keepdim=False):
    """std.correction(Tensor self, int[1]? dim=None, *, Scalar? correction=None, bool keepdim=False) -> Tensor"""
    return jnp.sqrt(_var_mean(self, dim, correction, keepdim)[0])


@register("aten::std.dim")
def aten_std_dim(self, dim, unbiased=True, keepdim=False):
    """std.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> Tensor"""
    return jnp.sqrt(_var_mean(self, dim, _unbiased(unbiased), keepdim)[0])


@register("aten::std_mean")
def aten_std_mean(self, unbiased=True):
    """std_mean(Tensor self, bool unbiased=True) -> (Tensor, Tensor)"""
    var, mean = _var_mean(self, None, _unbiased(unbiased), False)
    return jnp.sqrt(var), mean


@register("aten::std_mean.correction")
def aten_std_mean_correction(self, dim=None, *, correction=None, keepdim=False):
    """std_mean.correction(Tensor self, int[1]? dim=None, *, Scalar? correction=None, bool keepdim=False) -> (Tensor, Tensor)"""
    var, mean = _var_mean(self, dim, correction, keepdim)
    return jnp.sqrt(var), mean


@register("aten::std_mean.dim")
def aten_std_mean_dim(self, dim, unbiased=True, keepdim=False):
    """std_mean.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> (Tensor, Tensor)"""
    var, mean = _var_mean(self, dim, _unbiased(unbiased), keepdim)
    return jnp.sqrt(var), mean


@register("aten::sum")
def aten_sum(self, *, dtype=None):
    """sum(Tensor self, *, ScalarType? dtype=None) -> Tensor"""
    return _accumulate(jnp.sum, self, None, False, dtype)


@register("aten::sum.dim_IntList")
def aten_sum_dim_intlist(self, dim, keepdim=False, *, dtype=None):
    """sum.dim_IntList(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor"""
    return _accumulate(jnp.sum, self, axes_of(dim, self.ndim), keepdim, dtype)


@register("aten::var")
def aten_var(self, unbiased=True):
    """var(Tensor self, bool unbiased=True) -> Tensor"""
    return _var_mean(self, None, _unbiased(unbiased), False)[0]


@register("aten::var.correction")
def aten_var_correction(self, dim=None, *, correction=None, keepdim=False):
    """var.correction(Tensor self, int[1]? dim=None, *, Scalar? correction=None, bool keepdim=False) -> Tensor"""
    return _var_mean(self, dim, correction, keepdim)[0]


@register("aten::var.dim")
def aten_var_dim(self, dim, unbiased=True, keepdim=False):
    """var.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> Tensor"""
    return _var_mean(self, dim, _unbiased(unbiased), keepdim)[0]


@register("aten::var_mean")
def aten_var_mean(self, unbiased=True):
    """var_mean(Tensor self, bool unbiased=True) -> (Tensor, Tensor)"""
    return _var_mean(self, None, _unbiased(unbiased), False)


@register("aten::var_mean.correction")
def aten_var_mean_correction(self, dim=None, *, correction=None, keepdim=False):
    """var_mean.correction(Tensor self, int[1]? dim=None, *, Scalar? correction=None, bool keepdim=False) -> (Tensor, Tensor)"""
    return _var_mean(self, dim, correction, keepdim)


@register("aten::var_mean.dim")
def aten_var_mean_dim(self, dim, unbiased=True, keepdim=False):
    """var_mean.dim(Tensor self, int[1]? dim, bool unbiased=True, bool keepdim=False) -> (Tensor, Tensor)"""
    return _var_mean(self, dim, _unbiased(unbiased), keepdim)


# -- whole-tensor comparisons to a Python bool ----------------------------------------------------
@register("aten::equal")
def aten_equal(self, other):
    """equal(Tensor self, Tensor other) -> bool"""
    return self.shape == other.shape and bool(jnp.all(self == other))


@register("aten::isclose")
def aten_isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """isclose(Tensor self, Tensor other, float rtol=1e-05, float atol=1e-08, bool equal_nan=False) -> Tensor"""
    if self.dtype != other.dtype:
        raise RuntimeError(f"{dtype_name(self.dtype)} did not match {dtype_name(other.dtype)}")
    if rtol < 0 or atol < 0:
        raise RuntimeError(f"rtol and atol must be non-negative, got rtol={rtol}, atol={atol}")
    close = self == other
    if not jnp.issubdtype(self.dtype, jnp.inexact):
        wide = jnp.promote_types(self.dtype, jnp.float64)  # integers: the distance, exactly
        self, other = self.astype(wide), other.astype(wide)
    if equal_nan:
        close = close | (jnp.isnan(self) & jnp.isnan(other))
    gap = jnp.abs(self - other)
    allowed = atol + jnp.abs(rtol * other)
    return close | (jnp.isfinite(gap) & (gap <= allowed))


@register("aten::allclose")
def aten_allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """allclose(Tensor self, Tensor other, float rtol=1e-05, float atol=1e-08, bool equal_nan=False) -> bool"""
    return bool(jnp.all(aten_isclose(self, other, rtol, atol, equal_nan)))
