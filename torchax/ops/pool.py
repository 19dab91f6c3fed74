"""Pooling (max, average, adaptive), max unpooling, and their backward ops.

Windows are static: each spatial dimension gets a numpy table of the input positions its
windows read (out, k) and which of them lie inside the input, so max/argmax, sums and the
divisors follow PyTorch's CPU kernels exactly, including padding, dilation and ceil_mode."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np

from torchax.registry import register


def _expand(values, n: int, default=None) -> tuple[int, ...]:
    """An aten int[n] argument given as 1 or n values (or [] for `default`) as n ints."""
    values = [int(v) for v in values] if not isinstance(values, int) else [values]
    if not values:
        return tuple(default)
    return tuple(values * n) if len(values) == 1 else tuple(values)


def _acc_dtype(dtype):
    """float16/bfloat16 accumulate in float32, as CPU torch does."""
    return jnp.float32 if dtype in (jnp.float16, jnp.bfloat16) else dtype


def _pool_out_size(size: int, k: int, s: int, p: int, d: int, ceil_mode: bool, op: str) -> int:
    """PyTorch's pooling_output_shape."""
    if p < 0:
        raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
    if p > (d * (k - 1) + 1) // 2:
        raise RuntimeError(f"{op}: pad should be at most half of effective kernel size, but got pad={p}")
    out = (size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1
    if out < 1:
        raise RuntimeError(f"{op}: output size is too small for input size {size} (got {out})")
    return out


def _adaptive(size: int, out: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (out, kmax) of PyTorch's adaptive bins [floor(i*size/out), ceil((i+1)*size/out))."""
    o = np.arange(out)
    start = (o * size) // out
    end = ((o + 1) * size + out - 1) // out
    kmax = int((end - start).max()) if out else 0
    pos = start[:, None] + np.arange(kmax)[None, :]
    return pos, pos < end[:, None]


def _windows(x, tables):
    """Gather the windows of the last n dims of x: tables[j] = (positions, valid), each (O_j, K_j).
    Returns patches (..., O_1..O_n, K), valid (O_1..O_n, K) and flat plane positions (same)."""
    n = len(tables)
    spatial = x.shape[-n:]
    index, valid, flat = [], np.ones((1,) * 2 * n, bool), np.zeros((1,) * 2 * n, np.int64)
    plane_strides = [math.prod(spatial[j + 1 :]) for j in range(n)]
    for j, (pos, ok) in enumerate(tables):
        shape = [1] * 2 * n
        shape[2 * j : 2 * j + 2] = pos.shape
        clipped = np.clip(pos, 0, spatial[j] - 1).reshape(shape)
        index.append(clipped)
        valid = valid & ok.reshape(shape)
        flat = flat + clipped * plane_strides[j]
    patches = x[(Ellipsis, *index)]  # (..., O_1, K_1, ..., O_n, K_n)
    lead = x.ndim - n
    order = [2 * j for j in range(n)] + [2 * j + 1 for j in range(n)]
    outs = tuple(pos.shape[0] for pos, _ in tables)
    k = math.prod(pos.shape[1] for pos, _ in tables)
    patches = jnp.transpose(patches, list(range(lead)) + [lead + a for a in order])
    patches = patches.reshape(*x.shape[:lead], *outs, k)
    pairs = tuple(d for pos, _ in tables for d in pos.shape)
    valid = np.broadcast_to(valid, pairs).transpose(order).reshape(*outs, k)
    flat = np.broadcast_to(flat, pairs).transpose(order).reshape(*outs, k)
    return patches, valid, flat


def _max_in_windows(x, tables):
    """(values, indices) of the max in each window, as PyTorch's CPU kernel picks them: the first
    maximum, or the last NaN if there is one; indices are flat positions within the input plane."""
    patches, valid, flat = _windows(x, tables)
    return _pick_max(patches, valid, flat)


def _pick_max(patches, valid, flat):
    """(values, indices) over the last axis of windows `patches`, reading only `valid` entries:
    the first maximum, or the last NaN if there is one; `flat` holds each entry's index."""
    floating = jnp.issubdtype(patches.dtype, jnp.floating)
    lowest = -jnp.inf if floating else jnp.iinfo(patches.dtype).min
    vals = jnp.where(valid, patches, jnp.asarray(lowest, patches.dtype))
    top = jnp.max(vals, axis=-1, keepdims=True)
    pick = jnp.argmax((vals == top) & valid, axis=-1)
    if floating:
        nans = jnp.isnan(vals)
        last_nan = nans.shape[-1] - 1 - jnp.argmax(nans[..., ::-1], axis=-1)
        pick = jnp.where(jnp.any(nans, axis=-1), last_nan, pick)
    values = jnp.take_along_axis(vals, pick[..., None], axis=-1)[..., 0]
    flat = jnp.broadcast_to(jnp.asarray(flat), vals.shape)
    indices = jnp.take_along_axis(flat, pick[..., None], axis=-1)[..., 0]
    return values, indices


def _fractional_starts(sample, size: int, out: int, k: int):
    """Window starts (..., out) along one dimension for samples u (...,), as torch's
    generate_intervals: trunc((i + u) * a) - trunc(u * a) with a = (size - k) / (out - 1), in
    the input's dtype (each step rounded to it), and the last window flush with the end."""
    dtype = sample.dtype
    acc = _acc_dtype(dtype)

    def rnd(v):  # round as the kernel's scalar_t arithmetic does
        if acc == dtype:
            return v
        info = jnp.finfo(dtype)
        return jax.lax.reduce_precision(v, exponent_bits=info.nexp, mantissa_bits=info.nmant)

    u = sample.astype(acc)[..., None]
    alpha = rnd(rnd(jnp.asarray(size - k, acc)) / rnd(jnp.asarray(max(out - 1, 1), acc)))
    i = rnd(jnp.arange(out, dtype=acc))
    starts = rnd(rnd(i + u) * alpha).astype(jnp.int64) - rnd(u * alpha).astype(jnp.int64)
    return jnp.where(jnp.arange(out) == out - 1, size - k, starts)


def _fractional_max_pool(self, kernel_size, output_size, random_samples, n: int, op: str):
    if self.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"{op}(): expected {n + 1}D or {n + 2}D input, but got {self.ndim}D")
    k, outs = _expand(kernel_size, n), _expand(output_size, n)
    spatial = self.shape[-n:]
    names = ("time", "height", "width")[3 - n :]
    for j in range(n):
        if outs[j] + k[j] - 1 > spatial[j]:
            raise RuntimeError(
                f"{op}(): pool {names[j]} {k[j]} too large relative to input {names[j]} {spatial[j]}"
            )
    x = self if self.ndim == n + 2 else self[None]
    batch, planes = x.shape[:2]
    if random_samples.shape != (batch, planes, n):
        raise RuntimeError(
            f"{op}(): expected random_samples of shape {(batch, planes, n)}, got {tuple(random_samples.shape)}"
        )
    # Samples per plane: 2-d takes (W, H), 3-d takes (T, H, W).
    order = (1, 0) if n == 2 else (0, 1, 2)
    plane_strides = [math.prod(spatial[j + 1 :]) for j in range(n)]
    flat = jnp.zeros((batch, planes) + (1,) * 2 * n, jnp.int64)
    for j in range(n):
        starts = _fractional_starts(random_samples[..., order[j]], spatial[j], outs[j], k[j])
        pos = starts[..., None] + jnp.arange(k[j])  # (N, C, O_j, K_j)
        shape = [batch, planes] + [1] * 2 * n
        shape[2 + j], shape[2 + n + j] = outs[j], k[j]
        flat = flat + pos.reshape(shape) * plane_strides[j]
    # explicit sizes, not -1: a reshape infers nothing when the batch is empty
    flat = jnp.broadcast_to(flat, (batch, planes, *outs, *k)).reshape(batch, planes, *outs, math.prod(k))
    planes_flat = x.reshape(batch, planes, math.prod(spatial))
    taps = flat.reshape(batch, planes, math.prod(flat.shape[2:]))
    patches = jnp.take_along_axis(planes_flat, taps, axis=-1).reshape(flat.shape)
    values, indices = _pick_max(patches, np.ones((), bool), flat)
    if self.ndim == n + 1:
        values, indices = values[0], indices[0]
    return values, indices


def _scatter_to_plane(grad_output, self, indices, n: int):
    """The gradient of a max pool: grad_output added at the flat plane positions `indices`."""
    lead = self.shape[: self.ndim - n]
    plane = math.prod(self.shape[self.ndim - n :])
    rows = math.prod(lead)
    acc = _acc_dtype(grad_output.dtype)
    g = grad_output.astype(acc).reshape(rows, indices.size // max(rows, 1))
    idx = indices.reshape(g.shape)
    out = jnp.zeros((rows, plane), acc).at[jnp.arange(rows)[:, None], idx].add(g)
    return out.reshape(self.shape).astype(grad_output.dtype)


def _check_pool_input(self, n: int, op: str) -> None:
    """An n-d pooling's input: (C, *spatial) or (N, C, *spatial), only N may be 0."""
    if self.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"{op}: expected {n + 1}D or {n + 2}D input, but got {self.ndim}D")
    if 0 in self.shape[self.ndim - n - 1 :]:
        raise RuntimeError(
            f"{op}: Expected input's non-batch dimensions to have positive length, but input has a shape "
            f"of {list(self.shape)}"
        )


def _max_pool(self, kernel_size, stride, padding, dilation, ceil_mode, n: int, op: str):
    _check_pool_input(self, n, op)
    k = _expand(kernel_size, n)
    s = _expand(stride, n, default=k)
    p, d = _expand(padding, n), _expand(dilation, n)
    spatial = self.shape[-n:]
    outs = [_pool_out_size(spatial[j], k[j], s[j], p[j], d[j], ceil_mode, op) for j in range(n)]
    # as reduce_window over the padded input (no gathered copy of each window); the right padding
    # reaches as far as the last (ceil_mode) window does
    high = [max(0, (outs[j] - 1) * s[j] + d[j] * (k[j] - 1) + 1 - spatial[j] - p[j]) for j in range(n)]
    lead = self.ndim - n
    pads = ((0, 0),) * lead + tuple(zip(p, high, strict=True))
    lowest = -jnp.inf if jnp.issubdtype(self.dtype, jnp.floating) else jnp.iinfo(self.dtype).min
    lowest = jnp.asarray(lowest, self.dtype)
    shape = dict(
        window_dimensions=(1,) * lead + k,
        window_strides=(1,) * lead + s,
        padding=pads,
        window_dilation=(1,) * lead + d,
    )
    crop = (Ellipsis, *(slice(0, o) for o in outs))
    values = jax.lax.reduce_window(self, lowest, jax.lax.max, **shape)[crop]  # max propagates NaN
    plane = jnp.broadcast_to(jnp.arange(math.prod(spatial), dtype=jnp.int64).reshape(spatial), self.shape)
    unpicked = jnp.asarray(jnp.iinfo(jnp.int64).max, jnp.int64)  # padding loses every tie
    _, indices = jax.lax.reduce_window(
        (jax.lax.stop_gradient(self), plane), (lowest, unpicked), _first_max, **shape
    )
    return values, indices[crop]


def _first_max(a, b):
    """Of two (value, index) pairs, the one PyTorch's CPU kernel keeps: a NaN (the later one),
    else the larger value, the earlier index on a tie. A total order, so any reduction order
    gives the same pick."""
    (av, ai), (bv, bi) = a, b
    if jnp.issubdtype(av.dtype, jnp.floating):
        a_nan, b_nan = jnp.isnan(av), jnp.isnan(bv)
        keep_a = jnp.where(a_nan | b_nan, a_nan & (~b_nan | (ai > bi)), (av > bv) | ((av == bv) & (ai < bi)))
    else:
        keep_a = (av > bv) | ((av == bv) & (ai < bi))
    return jnp.where(keep_a, av, bv), jnp.where(keep_a, ai, bi)


def _avg_pool(self, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, n, op):
    _check_pool_input(self, n, op)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError(f"{op}: divisor must be not zero")
    k = _expand(kernel_size, n)
    s = _expand(stride, n, default=k)
    p = _expand(padding, n)
    spatial = self.shape[-n:]
    lead = self.ndim - n
    outs = [_pool_out_size(spatial[j], k[j], s[j], p[j], 1, ceil_mode, op) for j in range(n)]
    # Sum over zero padding, reaching as far right as the last (ceil_mode) window does.
    high = [max(0, (outs[j] - 1) * s[j] + k[j] - spatial[j] - p[j]) for j in range(n)]
    acc = _acc_dtype(self.dtype)
    x = jnp.pad(self.astype(acc), [(0, 0)] * lead + list(zip(p, high, strict=True)))
    sums = jax.lax.reduce_window(
        x, jnp.zeros((), acc), jax.lax.add, (1,) * lead + k, (1,) * lead + s, "VALID"
    )
    sums = sums[(Ellipsis, *(slice(0, o) for o in outs))]
    # The divisor per output, from the window's extent as PyTorch's kernel computes it.
    divisor = np.ones((), np.int64)
    for j in range(n):
        start = np.arange(outs[j]) * s[j] - p[j]
        end = np.minimum(start + k[j], spatial[j] + p[j])
        if count_include_pad:
            size = end - start
        else:
            size = np.minimum(end, spatial[j]) - np.maximum(start, 0)
        divisor = np.multiply.outer(divisor, size)
    if divisor_override is not None:
        divisor = np.full(divisor.shape, divisor_override, np.int64)
    if jnp.issubdtype(acc, jnp.integer):
        return jax.lax.div(sums, jnp.broadcast_to(jnp.asarray(divisor, acc), sums.shape))
    return (sums / jnp.asarray(divisor, acc)).astype(self.dtype)


def _adaptive_avg_pool(self, output_size, n: int, op: str):
    if self.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"{op}: expected {n + 1}D or {n + 2}D input, but got {self.ndim}D")
    outs = _expand(output_size, n)
    spatial = self.shape[-n:]
    tables = [_adaptive(spatial[j], outs[j]) for j in range(n)]
    acc = _acc_dtype(self.dtype)
    patches, valid, _ = _windows(self.astype(acc), tables)
    sums = jnp.sum(jnp.where(valid, patches, jnp.zeros((), acc)), axis=-1)
    return (sums / jnp.asarray(valid.sum(axis=-1), acc)).astype(self.dtype)


def _adaptive_max_pool(self, output_size, n: int, op: str):
    if self.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"{op}: expected {n + 1}D or {n + 2}D input, but got {self.ndim}D")
    outs = _expand(output_size, n)
    spatial = self.shape[-n:]
    return _max_in_windows(self, [_adaptive(spatial[j], outs[j]) for j in range(n)])


def _max_unpool(self, indices, output_size, n: int):
    lead = self.shape[: self.ndim - n]
    rows = math.prod(lead)
    plane = math.prod(output_size)
    values = self.reshape(rows, self.size // max(rows, 1))
    idx = indices.reshape(values.shape)
    out = jnp.zeros((rows, plane), self.dtype).at[jnp.arange(rows)[:, None], idx].set(values)
    return out.reshape(*lead, *(int(o) for o in output_size))


def _backward_of(forward, grad_output, self):
    """The gradient of a pool that is linear in its input: the VJP of its forward lowering."""
    acc = _acc_dtype(self.dtype)
    _, vjp = jax.vjp(forward, self.astype(acc))
    return vjp(grad_output.astype(acc))[0].astype(self.dtype)


@register("aten::adaptive_avg_pool1d")
def aten_adaptive_avg_pool1d(self, output_size):
    """adaptive_avg_pool1d(Tensor self, int[1] output_size) -> Tensor"""
    return _adaptive_avg_pool(self, output_size, 1, "adaptive_avg_pool1d")


@register("aten::_adaptive_avg_pool2d")
def aten__adaptive_avg_pool2d(self, output_size):
    """_adaptive_avg_pool2d(Tensor self, SymInt[2] output_size) -> Tensor"""
    return _adaptive_avg_pool(self, output_size, 2, "adaptive_avg_pool2d")


@register("aten::_adaptive_avg_pool2d_backward")
def aten__adaptive_avg_pool2d_backward(grad_output, self):
    """_adaptive_avg_pool2d_backward(Tensor grad_output, Tensor self) -> Tensor"""
    size = grad_output.shape[-2:]
    return _backward_of(lambda x: _adaptive_avg_pool(x, size, 2, "adaptive_avg_pool2d"), grad_output, self)


@register("aten::_adaptive_avg_pool3d")
def aten__adaptive_avg_pool3d(self, output_size):
    """_adaptive_avg_pool3d(Tensor self, SymInt[3] output_size) -> Tensor"""
    return _adaptive_avg_pool(self, output_size, 3, "adaptive_avg_pool3d")


@register("aten::_adaptive_avg_pool3d_backward")
def aten__adaptive_avg_pool3d_backward(grad_output, self):
    """_adaptive_avg_pool3d_backward(Tensor grad_output, Tensor self) -> Tensor"""
    size = grad_output.shape[-3:]
    return _backward_of(lambda x: _adaptive_avg_pool(x, size, 3, "adaptive_avg_pool3d"), grad_output, self)


@register("aten::adaptive_max_pool2d")
def aten_adaptive_max_pool2d(self, output_size):
    """adaptive_max_pool2d(Tensor self, int[2] output_size) -> (Tensor, Tensor)"""
    return _adaptive_max_pool(self, output_size, 2, "adaptive_max_pool2d")


@register("aten::adaptive_max_pool2d_backward")
def aten_adaptive_max_pool2d_backward(grad_output, self, indices):
    """adaptive_max_pool2d_backward(Tensor grad_output, Tensor self, Tensor indices) -> Tensor"""
    return _scatter_to_plane(grad_output, self, indices, 2)


@register("aten::adaptive_max_pool3d")
def aten_adaptive_max_pool3d(self, output_size):
    """adaptive_max_pool3d(Tensor self, int[3] output_size) -> (Tensor, Tensor)"""
    return _adaptive_max_pool(self, output_size, 3, "adaptive_max_pool3d")


@register("aten::adaptive_max_pool3d_backward")
def aten_adaptive_max_pool3d_backward(grad_output, self, indices):
    """adaptive_max_pool3d_backward(Tensor grad_output, Tensor self, Tensor indices) -> Tensor"""
    return _scatter_to_plane(grad_output, self, indices, 3)


@register("aten::avg_pool1d")
def aten_avg_pool1d(self, kernel_size, stride=(), padding=(0,), ceil_mode=False, count_include_pad=True):
    """avg_pool1d(Tensor self, int[1] kernel_size, int[1] stride=[], int[1] padding=[0], bool ceil_mode=False, bool count_include_pad=True) -> Tensor"""
    return _avg_pool(self, kernel_size, stride, padding, ceil_mode, count_include_pad, None, 1, "avg_pool1d")


@register("aten::avg_pool2d")
def aten_avg_pool2d(
    self, kernel_size, stride=(), padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None
):
    """avg_pool2d(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, bool ceil_mode=False, bool count_include_pad=True, int? divisor_override=None) -> Tensor"""
    return _avg_pool(
        self, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, 2, "avg_pool2d"
    )


@register("aten::avg_pool2d_backward")
def aten_avg_pool2d_backward(
    grad_output, self, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override
):
    """avg_pool2d_backward(Tensor grad_output, Tensor self, int[2] kernel_size, int[2] stride, int[2] padding, bool ceil_mode, bool count_include_pad, int? divisor_override) -> Tensor"""

    def forward(x):
        return _avg_pool(
            x, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, 2, "avg_pool2d"
        )

    return _backward_of(forward, grad_output, self)


@register("aten::avg_pool3d")
def aten_avg_pool3d(
    self, kernel_size, stride=(), padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None
):
    """avg_pool3d(Tensor self, int[3] kernel_size, int[3] stride=[], int[3] padding=0, bool ceil_mode=False, bool count_include_pad=True, int? divisor_override=None) -> Tensor"""
    return _avg_pool(
        self, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, 3, "avg_pool3d"
    )


@register("aten::avg_pool3d_backward")
def aten_avg_pool3d_backward(
    grad_output, self, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override
):
    """avg_pool3d_backward(Tensor grad_output, Tensor self, int[3] kernel_size, int[3] stride, int[3] padding, bool ceil_mode, bool count_include_pad, int? divisor_override) -> Tensor"""

    def forward(x):
        return _avg_pool(
            x, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, 3, "avg_pool3d"
        )

    return _backward_of(forward, grad_output, self)


@register("aten::fractional_max_pool2d")
def aten_fractional_max_pool2d(self, kernel_size, output_size, random_samples):
    """fractional_max_pool2d(Tensor self, int[2] kernel_size, int[2] output_size, Tensor random_samples) -> (Tensor, Tensor)"""
    return _fractional_max_pool(self, kernel_size, output_size, random_samples, 2, "fractional_max_pool2d")


@register("aten::fractional_max_pool2d_backward")
def aten_fractional_max_pool2d_backward(grad_output, self, kernel_size, output_size, indices):
    """fractional_max_pool2d_backward(Tensor grad_output, Tensor self, int[2] kernel_size, int[2] output_size, Tensor indices) -> Tensor"""
    return _scatter_to_plane(grad_output, self, indices, 2)


@register("aten::fractional_max_pool3d")
def aten_fractional_max_pool3d(self, kernel_size, output_size, random_samples):
    """fractional_max_pool3d(Tensor self, int[3] kernel_size, int[3] output_size, Tensor random_samples) -> (Tensor, Tensor)"""
    return _fractional_max_pool(self, kernel_size, output_size, random_samples, 3, "fractional_max_pool3d")


@register("aten::fractional_max_pool3d_backward")
def aten_fractional_max_pool3d_backward(grad_output, self, kernel_size, output_size, indices):
    """fractional_max_pool3d_backward(Tensor grad_output, Tensor self, int[3] kernel_size, int[3] output_size, Tensor indices) -> Tensor"""
    return _scatter_to_plane(grad_output, self, indices, 3)


@register("aten::max_pool2d_with_indices")
def aten_max_pool2d_with_indices(self, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """max_pool2d_with_indices(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, int[2] dilation=1, bool ceil_mode=False) -> (Tensor, Tensor)"""
    return _max_pool(self, kernel_size, stride, padding, dilation, ceil_mode, 2, "max_pool2d")


@register("aten::max_pool2d_with_indices_backward")
def aten_max_pool2d_with_indices_backward(
    grad_output, self, kernel_size, stride, padding, dilation, ceil_mode, indices
):
    """max_pool2d_with_indices_backward(Tensor grad_output, Tensor self, int[2] kernel_size, int[2] stride, int[2] padding, int[2] dilation, bool ceil_mode, Tensor indices) -> Tensor"""
    return _scatter_to_plane(grad_output, self, indices, 2)


@register("aten::max_pool3d_with_indices")
def aten_max_pool3d_with_indices(self, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """max_pool3d_with_indices(Tensor self, int[3] kernel_size, int[3] stride=[], int[3] padding=0, int[3] dilation=1, bool ceil_mode=False) -> (Tensor, Tensor)"""
    return _max_pool(self, kernel_size, stride, padding, dilation, ceil_mode, 3, "max_pool3d")


@register("aten::max_pool3d_with_indices_backward")
def aten_max_pool3d_with_indices_backward(
    grad_output, self, kernel_size, stride, padding, dilation, ceil_mode, indices
):
    """max_pool3d_with_indices_backward(Tensor grad_output, Tensor self, int[3] kernel_size, int[3] stride, int[3] padding, int[3] dilation, bool ceil_mode, Tensor indices) -> Tensor"""
    return _scatter_to_plane(grad_output, self, indices, 3)


@register("aten::max_unpool2d")
def aten_max_unpool2d(self, indices, output_size):
    """max_unpool2d(Tensor self, Tensor indices, SymInt[2] output_size) -> Tensor"""
    return _max_unpool(self, indices, output_size, 2)


@register("aten::max_unpool3d")
def aten_max_unpool3d(self, indices, output_size, stride, padding):
    """max_unpool3d(Tensor self, Tensor indices, SymInt[3] output_size, int[3] stride, int[3] padding) -> Tensor"""
    return _max_unpool(self, indices, output_size, 3)
