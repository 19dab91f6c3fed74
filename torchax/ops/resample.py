"""Upsampling, reflection and replication padding, grid sampling, and their backward ops.

Source positions and interpolation weights depend only on shapes and scales, so they are
computed once in numpy, in the precision PyTorch's CPU kernels use, and the arrays are only
gathered and weighted. Each backward op is the VJP of its forward lowering."""

from __future__ import annotations

import itertools
import math

import jax
import jax.numpy as jnp
import numpy as np

from torchax.registry import register

_CUBIC_A = -0.75  # PyTorch's bicubic convolution constant


def _acc_dtype(dtype):
    """float64 interpolates in float64; everything else (float32, half types, uint8) in float32."""
    return jnp.float64 if dtype == jnp.float64 else jnp.float32


def _backward_of(forward, grad_output, input_size):
    """The gradient of a lowering linear in its input, as the VJP of that lowering."""
    acc = _acc_dtype(grad_output.dtype)
    _, vjp = jax.vjp(forward, jnp.zeros(tuple(int(s) for s in input_size), acc))
    return vjp(grad_output.astype(acc))[0].astype(grad_output.dtype)


# -- upsampling --------------------------------------------------------------------------------
def _scale_value(scale, in_size: int, out_size: int, dtype) -> np.floating:
    """compute_scales_value: 1/scale when a scale is given, else in/out, in `dtype`."""
    if scale is not None and scale > 0:
        return dtype(1.0 / scale)
    return dtype(in_size) / dtype(out_size)


def _nearest_index(in_size: int, out_size: int, scale, exact: bool) -> np.ndarray:
    if not exact and out_size == in_size:
        return np.arange(out_size)
    if not exact and out_size == 2 * in_size:
        return np.arange(out_size) >> 1
    s = _scale_value(scale, in_size, out_size, np.float32)
    dst = np.arange(out_size)
    src = (dst + 0.5) * np.float64(s) if exact else dst.astype(np.float32) * s
    return np.minimum(np.floor(src.astype(np.float32)).astype(np.int64), in_size - 1)


def _source_index(in_size: int, out_size: int, scale, align_corners: bool, cubic: bool, dtype):
    """area_pixel_compute_source_index for every output position, in `dtype`."""
    dst = np.arange(out_size).astype(dtype)
    if align_corners:
        s = dtype(in_size - 1) / dtype(out_size - 1) if out_size > 1 else dtype(0)
        return s * dst
    s = _scale_value(scale, in_size, out_size, dtype)
    if dtype == np.float32:  # CPU's kernel contracts this to a fused multiply-add: one rounding
        src = (np.float64(s) * (dst + dtype(0.5)).astype(np.float64) - 0.5).astype(dtype)
    else:
        src = s * (dst + dtype(0.5)) - dtype(0.5)
    return src if cubic else np.maximum(src, dtype(0))


def _linear_taps(in_size, out_size, scale, align_corners, dtype):
    """(indices, weights) of the two taps of linear interpolation, each (2, out_size)."""
    if in_size == out_size and not align_corners:
        index = np.arange(out_size)
        return np.stack([index, index]), np.stack([np.ones(out_size), np.zeros(out_size)]).astype(dtype)
    src = _source_index(in_size, out_size, scale, align_corners, False, dtype)
    i0 = np.minimum(np.floor(src).astype(np.int64), in_size - 1)
    w1 = np.clip(src - i0.astype(dtype), 0, 1).astype(dtype)
    w0 = dtype(1) - w1
    return np.stack([i0, i0 + (i0 < in_size - 1)]), np.stack([w0, w1])


def _cubic_weights(t, dtype):
    a = dtype(_CUBIC_A)

    def near(x):  # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):  # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    one = dtype(1)
    return np.stack([far(t + one), near(t), near(one - t), far(one - t + one)]).astype(dtype)


def _cubic_taps(in_size, out_size, scale, align_corners, dtype):
    """(indices, weights) of the four taps of bicubic interpolation, each (4, out_size)."""
    src = _source_index(in_size, out_size, scale, align_corners, True, dtype)
    base = np.minimum(np.floor(src).astype(np.int64), in_size - 1)
    t = np.clip(src - base.astype(dtype), 0, 1).astype(dtype)
    index = base[None, :] + np.arange(-1, 3)[:, None]
    return np.clip(index, 0, in_size - 1), _cubic_weights(t, dtype)


def _interpolate(x, output_size, scales, mode: str, align_corners: bool = False):
    """Resize the last len(output_size) dims of x: mode 'nearest', 'nearest-exact', 'linear'
    or 'cubic'. Separable, innermost dimension first, as PyTorch's CPU kernel nests its loops."""
    n = len(output_size)
    if scales is None:
        scales = [None] * n
    if mode.startswith("nearest"):
        for j in range(n):
            axis = x.ndim - n + j
            index = _nearest_index(x.shape[axis], int(output_size[j]), scales[j], mode == "nearest-exact")
            x = jnp.take(x, index, axis=axis)
        return x
    dtype = x.dtype
    if dtype == jnp.uint8:
        return _interpolate_uint8(x, output_size, scales, mode, align_corners)
    acc = _acc_dtype(dtype)
    table_dtype = np.float64 if acc == jnp.float64 else np.float32
    taps = _linear_taps if mode == "linear" else _cubic_taps
    y = x.astype(acc)
    for j in reversed(range(n)):
        axis = y.ndim - n + j
        index, weight = taps(y.shape[axis], int(output_size[j]), scales[j], align_corners, table_dtype)
        if mode == "cubic":  # PyTorch stores bicubic (not linear) weights in the input dtype
            weight = weight.astype(dtype)
        weight = weight.astype(acc)
        shape = [1] * y.ndim
        shape[axis] = weight.shape[1]
        total = None
        for i in range(index.shape[0]):
            term = jnp.take(y, index[i], axis=axis) * jnp.asarray(weight[i]).reshape(shape)
            total = term if total is None else total + term
        y = total
    return y.astype(dtype)


def _uint8_taps(in_size: int, out_size: int, scale, align_corners: bool, mode: str):
    """(indices, int16-valued weights, precision bits) of PyTorch's uint8 resampling (the
    Pillow-SIMD scheme): float64 filter weights scaled to integers by the largest power of two
    that keeps every weight below 2**15. Linear weights cover the taps inside the input,
    renormalized; bicubic ones are the float kernel's, with clamped taps merged."""
    index = np.zeros((2 if mode == "linear" else 4, out_size), np.int64)
    weight = np.zeros(index.shape, np.float64)
    if mode == "linear":
        if align_corners:
            step = (in_size - 1) / (out_size - 1) if out_size > 1 else 0.0
        else:
            step = 1.0 / scale if scale is not None and scale > 0 else in_size / out_size
        delta = 0.5 if align_corners else 0.0
        for i in range(out_size):
            center = step * (i + 0.5 - delta)
            lo = max(int(center - 1.0 + 0.5 + delta), 0)
            size = min(max(min(int(center + 1.0 + 0.5 + delta), in_size) - lo, 0), 2)
            w = [max(0.0, 1.0 - abs(j + lo - center + 0.5 - delta)) for j in range(size)]
            total = sum(w)
            for j in range(size):
                index[j, i] = lo + j
                weight[j, i] = w[j] / total if total != 0.0 else w[j]
    else:
        taps, w = _cubic_taps(in_size, out_size, scale, align_corners, np.float64)
        for i in range(out_size):
            merged: dict[int, float] = {}  # clamped taps at the borders read the same pixel
            for j in range(4):
                merged[int(taps[j, i])] = merged.get(int(taps[j, i]), 0.0) + float(w[j, i])
            for j, (pixel, value) in enumerate(merged.items()):
                index[j, i], weight[j, i] = pixel, value
    top = weight.max() if weight.size else 0.0
    precision = 0
    while precision < 22 and int(0.5 + top * (1 << (precision + 1))) < (1 << 15):
        precision += 1
    scaled = weight * (1 << precision)
    ints = np.trunc(np.where(scaled < 0, scaled - 0.5, scaled + 0.5)).astype(np.int32)
    return index, ints, precision


def _interpolate_uint8(x, output_size, scales, mode: str, align_corners: bool):
    """Bilinear/bicubic resizing of uint8 images as PyTorch's CPU kernel computes it: integer
    weights, one pass per dimension (innermost first), each rounded and clamped to uint8."""
    n = len(output_size)
    for j in reversed(range(n)):
        axis = x.ndim - n + j
        if x.shape[axis] == int(output_size[j]):
            continue
        index, weight, precision = _uint8_taps(
            x.shape[axis], int(output_size[j]), scales[j], align_corners, mode
        )
        shape = [1] * x.ndim
        shape[axis] = weight.shape[1]
        acc = jnp.full((), 1 << (precision - 1) if precision else 0, jnp.int32)
        for i in range(index.shape[0]):
            taken = jnp.take(x, index[i], axis=axis).astype(jnp.int32)
            acc = acc + taken * jnp.asarray(weight[i]).reshape(shape)
        x = jnp.clip(acc >> precision, 0, 255).astype(jnp.uint8)
    return x


def _aa_weights(in_size: int, out_size: int, scale, align_corners: bool, taps: int, dtype) -> np.ndarray:
    """The (out, in) weight matrix of PyTorch's antialiased resize along one dim: a triangle
    (taps=2) or Keys cubic with a=-0.5 (taps=4) filter stretched by the downscale factor, each
    row normalised to sum to 1."""
    if align_corners:
        scale = dtype(in_size - 1) / dtype(out_size - 1) if out_size > 1 else dtype(0)
    else:
        scale = _scale_value(scale, in_size, out_size, dtype)
    support = dtype(taps * 0.5) * scale if scale >= 1 else dtype(taps * 0.5)
    invscale = dtype(1) / scale if scale >= 1 else dtype(1)
    weights = np.zeros((out_size, in_size), dtype)
    for i in range(out_size):
        center = scale * dtype(i + 0.5)
        lo = max(int(center - support + dtype(0.5)), 0)
        hi = min(int(center + support + dtype(0.5)), in_size)
        t = np.abs((np.arange(lo, hi).astype(dtype) - center + dtype(0.5)) * invscale)
        if taps == 2:
            w = np.where(t < 1, 1 - t, 0)
        else:
            a = dtype(-0.5)
            near = ((a + 2) * t - (a + 3)) * t * t + 1
            w = np.where(t < 1, near, np.where(t < 2, (((t - 5) * t + 8) * t - 4) * a, 0))
        total = w.sum(dtype=dtype)
        weights[i, lo:hi] = w / total if total != 0 else w
    return weights


def _aa_uint8_weights(weights: np.ndarray) -> tuple[np.ndarray, int]:
    """Float weights as PyTorch's uint8 kernel rescales them: int16 with the most fractional
    bits that keep the largest weight below 2**15, rounded half away from zero."""
    top = float(weights.max(initial=0))
    precision = 0
    while precision < 22 and int(0.5 + top * (1 << (precision + 1))) < (1 << 15):
        precision += 1
    scaled = weights * (1 << precision)
    return np.trunc(np.where(scaled < 0, scaled - 0.5, scaled + 0.5)).astype(np.int64), precision


def _resize_aa(x, output_size, scales, taps: int, align_corners: bool):
    """Antialiased bilinear (taps=2) or bicubic (taps=4) resize of the last two dims. Floats
    apply both weight matrices in one contraction; uint8 goes a dim at a time (width first),
    with integer weights and a rounded, clamped uint8 result after each pass, as torch does."""
    if x.ndim != 4:
        raise RuntimeError(f"Expected 4D input for antialiased upsampling, but got {x.ndim}D")
    if scales is None:
        scales = [None, None]
    outs = [int(o) for o in output_size]
    if x.dtype == jnp.uint8:
        for axis in (3, 2):
            if x.shape[axis] == outs[axis - 2]:
                continue
            w = _aa_weights(x.shape[axis], outs[axis - 2], scales[axis - 2], align_corners, taps, np.float64)
            w, precision = _aa_uint8_weights(w)
            moved = jnp.moveaxis(x.astype(jnp.int64), axis, -1)
            acc = jnp.matmul(moved, jnp.asarray(w.T)) + (1 << (precision - 1) if precision else 0)
            x = jnp.moveaxis(jnp.clip(acc >> precision, 0, 255).astype(jnp.uint8), -1, axis)
        return x
    if not jnp.issubdtype(x.dtype, jnp.floating):
        raise RuntimeError(f"antialiased upsampling is not implemented for {x.dtype}")
    acc = _acc_dtype(x.dtype)
    wh, ww = (
        jnp.asarray(_aa_weights(x.shape[2 + j], outs[j], scales[j], align_corners, taps, np.dtype(acc).type))
        for j in range(2)
    )
    out = jnp.einsum("oh,nchw,pw->ncop", wh, x.astype(acc), ww, precision=jax.lax.Precision.HIGHEST)
    return out.astype(x.dtype)


def _vec_size(input, output_size, scale_factors, n: int):
    """(output_size, scales) of a .vec overload: explicit sizes, or floor(size * scale)."""
    if output_size is not None:
        return [int(s) for s in output_size], None
    spatial = input.shape[-n:]
    return [int(s * f) for s, f in zip(spatial, scale_factors, strict=True)], list(scale_factors)


# -- padding -----------------------------------------------------------------------------------
def _pad_index(padding, shape, mode: str):
    """Per padded dim (last first in `padding`), the source position of each output position."""
    n = len(padding) // 2
    out = []
    for j in range(n):
        size = shape[len(shape) - 1 - j]
        lo, hi = int(padding[2 * j]), int(padding[2 * j + 1])
        src = np.arange(-lo, size + hi)
        if mode == "reflect":
            src = np.abs(src)
            src = np.where(src >= size, 2 * (size - 1) - src, src)
        else:
            src = np.clip(src, 0, size - 1)
        out.append(src)
    return out


def _pad(self, padding, mode: str, op: str):
    n = len(padding) // 2
    if self.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"{op}: expected {n + 1}D or {n + 2}D input, but got {self.ndim}D")
    for j in range(n):
        size = self.shape[self.ndim - 1 - j]
        lo, hi = padding[2 * j], padding[2 * j + 1]
        if mode == "reflect" and (lo >= size or hi >= size):
            raise RuntimeError(
                f"{op}: padding size should be less than the corresponding input dimension, "
                f"but got padding ({lo}, {hi}) at dimension {self.ndim - 1 - j} of size {size}"
            )
        if size + lo + hi < 1:
            raise RuntimeError(f"{op}: input of size {size} with padding ({lo}, {hi}) is empty")
    for j, index in enumerate(_pad_index(padding, self.shape, mode)):
        self = jnp.take(self, index, axis=self.ndim - 1 - j)
    return self


# -- grid sampling ------------------------------------------------------------------------------
_BILINEAR, _NEAREST, _BICUBIC = 0, 1, 2
_ZEROS, _BORDER, _REFLECTION = 0, 1, 2


def _clip(x, size):
    # A clip whose gradient is 0 at the limits, as PyTorch's clip_coordinates_set_grad has it.
    return jnp.where(x <= 0, jnp.zeros_like(x), jnp.where(x >= size - 1, jnp.full_like(x, size - 1), x))


def _reflect(x, twice_low: int, twice_high: int):
    if twice_low == twice_high:
        return jnp.zeros_like(x)
    low = twice_low / 2
    span = (twice_high - twice_low) / 2
    x = jnp.abs(x - low)
    extra = jnp.fmod(x, span)
    flips = jnp.floor(x / span)
    return jnp.where(jnp.fmod(flips, 2) == 0, extra + low, span - extra + low)


def _grid_coordinate(x, size: int, padding_mode: int, align_corners: bool):
    """grid_sampler_compute_source_index without unnormalizing: apply the padding mode."""
    if padding_mode == _BORDER:
        return _clip(x, size)
    if padding_mode == _REFLECTION:
        if align_corners:
            x = _reflect(x, 0, 2 * (size - 1))
        else:
            x = _reflect(x, -1, 2 * size - 1)
        return _clip(x, size)
    return x


def _grid_sample(input, grid, interpolation_mode: int, padding_mode: int, align_corners: bool):
    """Sample input (N, C, *S) at grid (N, *O, n), grid[..., 0] indexing the last dim of S."""
    n = grid.shape[-1]
    batch, channels = input.shape[:2]
    sizes = input.shape[2:]
    out_shape = grid.shape[1:-1]
    strides = [math.prod(sizes[j + 1 :]) for j in range(n)]
    flat_input = input.reshape(batch, channels, math.prod(sizes))

    # The order of operations follows PyTorch's CPU kernels (vectorized in 2-D, scalar in 3-D),
    # which float16/bfloat16 round op by op.
    def unnormalize(coord, size):
        if n == 3:
            return ((coord + 1) / 2) * (size - 1) if align_corners else ((coord + 1) * size - 1) / 2
        if align_corners:
            return (coord + 1) * ((size - 1) / 2)
        if coord.dtype != jnp.float32:
            return (coord + 1) * (size / 2) - 0.5
        # float32's kernel fuses the multiply-subtract: one rounding (exact in double, then
        # float's), where two move a sample on a 456-wide image by up to 3e-5 of a pixel
        return ((coord + 1).astype(jnp.float64) * (size / 2) - 0.5).astype(jnp.float32)

    # coords[j] is the source position along spatial dim j (D, H, W order).
    coords = [unnormalize(grid[..., n - 1 - j], sizes[j]) for j in range(n)]

    def read(index):
        """input at integer positions index[j] (N, *O), zero outside the input."""
        inside = jnp.ones(index[0].shape, bool)
        flat = jnp.zeros(index[0].shape, jnp.int64)
        for j in range(n):
            inside = inside & (index[j] >= 0) & (index[j] < sizes[j])
            flat = flat + jnp.clip(index[j], 0, sizes[j] - 1) * strides[j]
        values = jnp.take_along_axis(flat_input, flat.reshape(batch, 1, math.prod(out_shape)), axis=2)
        values = values.reshape(batch, channels, *out_shape)
        return jnp.where(inside[:, None], values, jnp.zeros((), values.dtype))

    if interpolation_mode == _BICUBIC:
        if n != 2:
            raise RuntimeError("grid_sampler_3d: bicubic interpolation only supports 4D input")
        taps, weights = [], []
        for j in range(n):
            base = jnp.floor(coords[j])
            t = coords[j] - base
            a = _CUBIC_A
            near = lambda x: ((a + 2) * x - (a + 3)) * x * x + 1  # noqa: E731, B023  (called at once, in this iteration)
            far = lambda x: ((a * x - 5 * a) * x + 8 * a) * x - 4 * a  # noqa: E731, B023
            weights.append([far(t + 1), near(t), near(1 - t), far(2 - t)])
            positions = [
                _grid_coordinate(base - 1 + i, sizes[j], padding_mode, align_corners) for i in range(4)
            ]
            taps.append([p.astype(jnp.int64) for p in positions])
        rows = []
        for r in range(4):
            row = None
            for c in range(4):
                term = read([taps[0][r], taps[1][c]]) * weights[1][c][:, None]
                row = term if row is None else row + term
            rows.append(row)
        out = None
        for r in range(4):
            term = rows[r] * weights[0][r][:, None]
            out = term if out is None else out + term
        return out

    coords = [_grid_coordinate(c, s, padding_mode, align_corners) for c, s in zip(coords, sizes, strict=True)]
    if interpolation_mode == _NEAREST:
        return read([jnp.round(c).astype(jnp.int64) for c in coords])
    low = [jnp.floor(c) for c in coords]
    if n == 2:
        parts = [(1 - (c - f), c - f) for c, f in zip(coords, low, strict=True)]
        order = range(n)  # nw = (1 - dy) * (1 - dx)
    else:
        parts = [((f + 1) - c, c - f) for c, f in zip(coords, low, strict=True)]
        order = reversed(range(n))  # tnw = (x_se - x) * (y_se - y) * (z_se - z)
    order = list(order)
    out = None
    for corner in itertools.product((0, 1), repeat=n):
        weight = None
        for j in order:
            w = parts[j][corner[j]]
            weight = w if weight is None else weight * w
        term = read([(low[j] + k).astype(jnp.int64) for j, k in enumerate(corner)]) * weight[:, None]
        out = term if out is None else out + term
    return out


def _grid_sampler(input, grid, interpolation_mode, padding_mode, align_corners):
    # No upcast: PyTorch's CPU kernel computes float16/bfloat16 grids in that dtype, op by op.
    return _grid_sample(input, grid.astype(input.dtype), interpolation_mode, padding_mode, align_corners)


def _grid_sampler_backward(grad_output, input, grid, interpolation_mode, padding_mode, align_corners, mask):
    def forward(x, g):
        return _grid_sample(x, g, interpolation_mode, padding_mode, align_corners)

    _, vjp = jax.vjp(forward, input, grid.astype(input.dtype))
    grad_input, grad_grid = vjp(grad_output.astype(input.dtype))
    return (
        grad_input.astype(input.dtype) if mask[0] else None,
        grad_grid.astype(grid.dtype) if mask[1] else None,
    )


def _linspace(steps: int, align_corners: bool, dtype) -> np.ndarray:
    """linspace_from_neg_one of PyTorch's affine grid, computed as torch.linspace does."""
    if steps <= 1:
        return np.zeros((max(steps, 1),), dtype)
    step = dtype(2) / dtype(steps - 1)
    i = np.arange(steps)
    half = steps // 2
    values = np.where(
        i < half, dtype(-1) + step * i.astype(dtype), dtype(1) - step * (steps - 1 - i).astype(dtype)
    )
    values = values.astype(dtype)
    if not align_corners:
        values = (values * dtype(steps - 1) / dtype(steps)).astype(dtype)
    return values


@register("aten::_upsample_bicubic2d_aa")
def aten__upsample_bicubic2d_aa(self, output_size, align_corners, scales_h=None, scales_w=None):
    """_upsample_bicubic2d_aa(Tensor self, SymInt[2] output_size, bool align_corners, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _resize_aa(self, output_size, [scales_h, scales_w], 4, align_corners)


@register("aten::_upsample_bicubic2d_aa.vec")
def aten__upsample_bicubic2d_aa_vec(input, output_size, align_corners, scale_factors):
    """_upsample_bicubic2d_aa.vec(Tensor input, SymInt[]? output_size, bool align_corners, float[]? scale_factors) -> Tensor"""
    return _resize_aa(input, *_vec_size(input, output_size, scale_factors, 2), 4, align_corners)


@register("aten::_upsample_bicubic2d_aa_backward")
def aten__upsample_bicubic2d_aa_backward(
    grad_output, output_size, input_size, align_corners, scales_h=None, scales_w=None
):
    """_upsample_bicubic2d_aa_backward(Tensor grad_output, SymInt[2] output_size, SymInt[4] input_size, bool align_corners, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _backward_of(
        lambda x: _resize_aa(x, output_size, [scales_h, scales_w], 4, align_corners),
        grad_output,
        input_size,
    )


@register("aten::_upsample_bilinear2d_aa")
def aten__upsample_bilinear2d_aa(self, output_size, align_corners, scales_h=None, scales_w=None):
    """_upsample_bilinear2d_aa(Tensor self, SymInt[2] output_size, bool align_corners, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _resize_aa(self, output_size, [scales_h, scales_w], 2, align_corners)


@register("aten::_upsample_bilinear2d_aa.vec")
def aten__upsample_bilinear2d_aa_vec(input, output_size, align_corners, scale_factors):
    """_upsample_bilinear2d_aa.vec(Tensor input, SymInt[]? output_size, bool align_corners, float[]? scale_factors) -> Tensor"""
    return _resize_aa(input, *_vec_size(input, output_size, scale_factors, 2), 2, align_corners)


@register("aten::_upsample_bilinear2d_aa_backward")
def aten__upsample_bilinear2d_aa_backward(
    grad_output, output_size, input_size, align_corners, scales_h=None, scales_w=None
):
    """_upsample_bilinear2d_aa_backward(Tensor grad_output, SymInt[2] output_size, SymInt[4] input_size, bool align_corners, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _backward_of(
        lambda x: _resize_aa(x, output_size, [scales_h, scales_w], 2, align_corners),
        grad_output,
        input_size,
    )


@register("aten::_upsample_nearest_exact1d")
def aten__upsample_nearest_exact1d(self, output_size, scales=None):
    """_upsample_nearest_exact1d(Tensor self, SymInt[1] output_size, float? scales=None) -> Tensor"""
    return _interpolate(self, output_size, [scales], "nearest-exact")


@register("aten::_upsample_nearest_exact1d.vec")
def aten__upsample_nearest_exact1d_vec(input, output_size, scale_factors):
    """_upsample_nearest_exact1d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor"""
    return _interpolate(input, *_vec_size(input, output_size, scale_factors, 1), "nearest-exact")


@register("aten::_upsample_nearest_exact1d_backward")
def aten__upsample_nearest_exact1d_backward(grad_output, output_size, input_size, scales=None):
    """_upsample_nearest_exact1d_backward(Tensor grad_output, SymInt[1] output_size, SymInt[3] input_size, float? scales=None) -> Tensor"""
    return _backward_of(
        lambda x: _interpolate(x, output_size, [scales], "nearest-exact"), grad_output, input_size
    )


@register("aten::_upsample_nearest_exact2d")
def aten__upsample_nearest_exact2d(self, output_size, scales_h=None, scales_w=None):
    """_upsample_nearest_exact2d(Tensor self, SymInt[2] output_size, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _interpolate(self, output_size, [scales_h, scales_w], "nearest-exact")


@register("aten::_upsample_nearest_exact2d.vec")
def aten__upsample_nearest_exact2d_vec(input, output_size, scale_factors):
    """_upsample_nearest_exact2d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor"""
    return _interpolate(input, *_vec_size(input, output_size, scale_factors, 2), "nearest-exact")


@register("aten::_upsample_nearest_exact2d_backward")
def aten__upsample_nearest_exact2d_backward(
    grad_output, output_size, input_size, scales_h=None, scales_w=None
):
    """_upsample_nearest_exact2d_backward(Tensor grad_output, SymInt[2] output_size, SymInt[4] input_size, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _backward_of(
        lambda x: _interpolate(x, output_size, [scales_h, scales_w], "nearest-exact"), grad_output, input_size
    )


@register("aten::_upsample_nearest_exact3d")
def aten__upsample_nearest_exact3d(self, output_size, scales_d=None, scales_h=None, scales_w=None):
    """_upsample_nearest_exact3d(Tensor self, SymInt[3] output_size, float? scales_d=None, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _interpolate(self, output_size, [scales_d, scales_h, scales_w], "nearest-exact")


@register("aten::_upsample_nearest_exact3d.vec")
def aten__upsample_nearest_exact3d_vec(input, output_size, scale_factors):
    """_upsample_nearest_exact3d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor"""
    return _interpolate(input, *_vec_size(input, output_size, scale_factors, 3), "nearest-exact")


@register("aten::_upsample_nearest_exact3d_backward")
def aten__upsample_nearest_exact3d_backward(
    grad_output, output_size, input_size, scales_d=None, scales_h=None, scales_w=None
):
    """_upsample_nearest_exact3d_backward(Tensor grad_output, SymInt[3] output_size, SymInt[5] input_size, float? scales_d=None, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _backward_of(
        lambda x: _interpolate(x, output_size, [scales_d, scales_h, scales_w], "nearest-exact"),
        grad_output,
        input_size,
    )


@register("aten::affine_grid_generator")
def aten_affine_grid_generator(theta, size, align_corners):
    """affine_grid_generator(Tensor theta, SymInt[] size, bool align_corners) -> Tensor"""
    dtype = np.dtype(theta.dtype).type
    spatial = [int(s) for s in size[2:]]  # (H, W) or (D, H, W)
    axes = [_linspace(s, align_corners, dtype) for s in spatial]
    mesh = np.meshgrid(*axes, indexing="ij")
    # Coordinates x (W), y (H)[, z (D)], then the constant 1.
    base = np.stack([*reversed(mesh), np.ones(mesh[0].shape, dtype)], axis=-1).astype(dtype)
    base = jnp.asarray(base.reshape(-1, len(spatial) + 1))
    precision = jax.lax.Precision.HIGHEST if jnp.issubdtype(theta.dtype, jnp.floating) else None
    grid = jnp.einsum("pk,nik->npi", base, theta, precision=precision)
    return grid.reshape(int(size[0]), *spatial, len(spatial))


@register("aten::grid_sampler_2d")
def aten_grid_sampler_2d(input, grid, interpolation_mode, padding_mode, align_corners):
    """grid_sampler_2d(Tensor input, Tensor grid, int interpolation_mode, int padding_mode, bool align_corners) -> Tensor"""
    return _grid_sampler(input, grid, interpolation_mode, padding_mode, align_corners)


@register("aten::grid_sampler_2d_backward")
def aten_grid_sampler_2d_backward(
    grad_output, input, grid, interpolation_mode, padding_mode, align_corners, output_mask
):
    """grid_sampler_2d_backward(Tensor grad_output, Tensor input, Tensor grid, int interpolation_mode, int padding_mode, bool align_corners, bool[2] output_mask) -> (Tensor, Tensor)"""
    return _grid_sampler_backward(
        grad_output, input, grid, interpolation_mode, padding_mode, align_corners, output_mask
    )


@register("aten::grid_sampler_3d")
def aten_grid_sampler_3d(input, grid, interpolation_mode, padding_mode, align_corners):
    """grid_sampler_3d(Tensor input, Tensor grid, int interpolation_mode, int padding_mode, bool align_corners) -> Tensor"""
    return _grid_sampler(input, grid, interpolation_mode, padding_mode, align_corners)


@register("aten::grid_sampler_3d_backward")
def aten_grid_sampler_3d_backward(
    grad_output, input, grid, interpolation_mode, padding_mode, align_corners, output_mask
):
    """grid_sampler_3d_backward(Tensor grad_output, Tensor input, Tensor grid, int interpolation_mode, int padding_mode, bool align_corners, bool[2] output_mask) -> (Tensor, Tensor)"""
    return _grid_sampler_backward(
        grad_output, input, grid, interpolation_mode, padding_mode, align_corners, output_mask
    )


@register("aten::reflection_pad1d")
def aten_reflection_pad1d(self, padding):
    """reflection_pad1d(Tensor self, SymInt[2] padding) -> Tensor"""
    return _pad(self, padding, "reflect", "reflection_pad1d")


@register("aten::reflection_pad1d_backward")
def aten_reflection_pad1d_backward(grad_output, self, padding):
    """reflection_pad1d_backward(Tensor grad_output, Tensor self, SymInt[2] padding) -> Tensor"""
    return _backward_of(lambda x: _pad(x, padding, "reflect", "reflection_pad1d"), grad_output, self.shape)


@register("aten::reflection_pad2d")
def aten_reflection_pad2d(self, padding):
    """reflection_pad2d(Tensor self, SymInt[4] padding) -> Tensor"""
    return _pad(self, padding, "reflect", "reflection_pad2d")


@register("aten::reflection_pad2d_backward")
def aten_reflection_pad2d_backward(grad_output, self, padding):
    """reflection_pad2d_backward(Tensor grad_output, Tensor self, SymInt[4] padding) -> Tensor"""
    return _backward_of(lambda x: _pad(x, padding, "reflect", "reflection_pad2d"), grad_output, self.shape)


@register("aten::reflection_pad3d")
def aten_reflection_pad3d(self, padding):
    """reflection_pad3d(Tensor self, SymInt[6] padding) -> Tensor"""
    return _pad(self, padding, "reflect", "reflection_pad3d")


@register("aten::reflection_pad3d_backward")
def aten_reflection_pad3d_backward(grad_output, self, padding):
    """reflection_pad3d_backward(Tensor grad_output, Tensor self, SymInt[6] padding) -> Tensor"""
    return _backward_of(lambda x: _pad(x, padding, "reflect", "reflection_pad3d"), grad_output, self.shape)


@register("aten::replication_pad1d")
def aten_replication_pad1d(self, padding):
    """replication_pad1d(Tensor self, SymInt[2] padding) -> Tensor"""
    return _pad(self, padding, "replicate", "replication_pad1d")


@register("aten::replication_pad1d_backward")
def aten_replication_pad1d_backward(grad_output, self, padding):
    """replication_pad1d_backward(Tensor grad_output, Tensor self, SymInt[2] padding) -> Tensor"""
    return _backward_of(lambda x: _pad(x, padding, "replicate", "replication_pad1d"), grad_output, self.shape)


@register("aten::replication_pad2d")
def aten_replication_pad2d(self, padding):
    """replication_pad2d(Tensor self, SymInt[4] padding) -> Tensor"""
    return _pad(self, padding, "replicate", "replication_pad2d")


@register("aten::replication_pad2d_backward")
def aten_replication_pad2d_backward(grad_output, self, padding):
    """replication_pad2d_backward(Tensor grad_output, Tensor self, SymInt[4] padding) -> Tensor"""
    return _backward_of(lambda x: _pad(x, padding, "replicate", "replication_pad2d"), grad_output, self.shape)


@register("aten::replication_pad3d")
def aten_replication_pad3d(self, padding):
    """replication_pad3d(Tensor self, SymInt[6] padding) -> Tensor"""
    return _pad(self, padding, "replicate", "replication_pad3d")


@register("aten::replication_pad3d_backward")
def aten_replication_pad3d_backward(grad_output, self, padding):
    """replication_pad3d_backward(Tensor grad_output, Tensor self, SymInt[6] padding) -> Tensor"""
    return _backward_of(lambda x: _pad(x, padding, "replicate", "replication_pad3d"), grad_output, self.shape)


@register("aten::upsample_bicubic2d")
def aten_upsample_bicubic2d(self, output_size, align_corners, scales_h=None, scales_w=None):
    """upsample_bicubic2d(Tensor self, SymInt[2] output_size, bool align_corners, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _interpolate(self, output_size, [scales_h, scales_w], "cubic", align_corners)


@register("aten::upsample_bicubic2d.vec")
def aten_upsample_bicubic2d_vec(input, output_size, align_corners, scale_factors):
    """upsample_bicubic2d.vec(Tensor input, SymInt[]? output_size, bool align_corners, float[]? scale_factors) -> Tensor"""
    return _interpolate(input, *_vec_size(input, output_size, scale_factors, 2), "cubic", align_corners)


@register("aten::upsample_bicubic2d_backward")
def aten_upsample_bicubic2d_backward(
    grad_output, output_size, input_size, align_corners, scales_h=None, scales_w=None
):
    """upsample_bicubic2d_backward(Tensor grad_output, SymInt[2] output_size, SymInt[4] input_size, bool align_corners, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _backward_of(
        lambda x: _interpolate(x, output_size, [scales_h, scales_w], "cubic", align_corners),
        grad_output,
        input_size,
    )


@register("aten::upsample_bilinear2d")
def aten_upsample_bilinear2d(self, output_size, align_corners, scales_h=None, scales_w=None):
    """upsample_bilinear2d(Tensor self, SymInt[2] output_size, bool align_corners, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _interpolate(self, output_size, [scales_h, scales_w], "linear", align_corners)


@register("aten::upsample_bilinear2d.vec")
def aten_upsample_bilinear2d_vec(input, output_size, align_corners, scale_factors):
    """upsample_bilinear2d.vec(Tensor input, SymInt[]? output_size, bool align_corners, float[]? scale_factors) -> Tensor"""
    return _interpolate(input, *_vec_size(input, output_size, scale_factors, 2), "linear", align_corners)


@register("aten::upsample_bilinear2d_backward")
def aten_upsample_bilinear2d_backward(
    grad_output, output_size, input_size, align_corners, scales_h=None, scales_w=None
):
    """upsample_bilinear2d_backward(Tensor grad_output, SymInt[2] output_size, SymInt[4] input_size, bool align_corners, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _backward_of(
        lambda x: _interpolate(x, output_size, [scales_h, scales_w], "linear", align_corners),
        grad_output,
        input_size,
    )


@register("aten::upsample_linear1d")
def aten_upsample_linear1d(self, output_size, align_corners, scales=None):
    """upsample_linear1d(Tensor self, SymInt[1] output_size, bool align_corners, float? scales=None) -> Tensor"""
    return _interpolate(self, output_size, [scales], "linear", align_corners)


@register("aten::upsample_linear1d.vec")
def aten_upsample_linear1d_vec(input, output_size, align_corners, scale_factors):
    """upsample_linear1d.vec(Tensor input, SymInt[]? output_size, bool align_corners, float[]? scale_factors) -> Tensor"""
    return _interpolate(input, *_vec_size(input, output_size, scale_factors, 1), "linear", align_corners)


@register("aten::upsample_linear1d_backward")
def aten_upsample_linear1d_backward(grad_output, output_size, input_size, align_corners, scales=None):
    """upsample_linear1d_backward(Tensor grad_output, SymInt[1] output_size, SymInt[3] input_size, bool align_corners, float? scales=None) -> Tensor"""
    return _backward_of(
        lambda x: _interpolate(x, output_size, [scales], "linear", align_corners), grad_output, input_size
    )


@register("aten::upsample_nearest1d")
def aten_upsample_nearest1d(self, output_size, scales=None):
    """upsample_nearest1d(Tensor self, SymInt[1] output_size, float? scales=None) -> Tensor"""
    return _interpolate(self, output_size, [scales], "nearest")


@register("aten::upsample_nearest1d.vec")
def aten_upsample_nearest1d_vec(input, output_size, scale_factors):
    """upsample_nearest1d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor"""
    return _interpolate(input, *_vec_size(input, output_size, scale_factors, 1), "nearest")


@register("aten::upsample_nearest1d_backward")
def aten_upsample_nearest1d_backward(grad_output, output_size, input_size, scales=None):
    """upsample_nearest1d_backward(Tensor grad_output, SymInt[1] output_size, SymInt[3] input_size, float? scales=None) -> Tensor"""
    return _backward_of(lambda x: _interpolate(x, output_size, [scales], "nearest"), grad_output, input_size)


@register("aten::upsample_nearest2d")
def aten_upsample_nearest2d(self, output_size, scales_h=None, scales_w=None):
    """upsample_nearest2d(Tensor self, SymInt[2] output_size, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _interpolate(self, output_size, [scales_h, scales_w], "nearest")


@register("aten::upsample_nearest2d.vec")
def aten_upsample_nearest2d_vec(input, output_size, scale_factors):
    """upsample_nearest2d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor"""
    return _interpolate(input, *_vec_size(input, output_size, scale_factors, 2), "nearest")


@register("aten::upsample_nearest2d_backward")
def aten_upsample_nearest2d_backward(grad_output, output_size, input_size, scales_h=None, scales_w=None):
    """upsample_nearest2d_backward(Tensor grad_output, SymInt[2] output_size, SymInt[4] input_size, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _backward_of(
        lambda x: _interpolate(x, output_size, [scales_h, scales_w], "nearest"), grad_output, input_size
    )


@register("aten::upsample_nearest3d")
def aten_upsample_nearest3d(self, output_size, scales_d=None, scales_h=None, scales_w=None):
    """upsample_nearest3d(Tensor self, SymInt[3] output_size, float? scales_d=None, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _interpolate(self, output_size, [scales_d, scales_h, scales_w], "nearest")


@register("aten::upsample_nearest3d.vec")
def aten_upsample_nearest3d_vec(input, output_size, scale_factors):
    """upsample_nearest3d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor"""
    return _interpolate(input, *_vec_size(input, output_size, scale_factors, 3), "nearest")


@register("aten::upsample_nearest3d_backward")
def aten_upsample_nearest3d_backward(
    grad_output, output_size, input_size, scales_d=None, scales_h=None, scales_w=None
):
    """upsample_nearest3d_backward(Tensor grad_output, SymInt[3] output_size, SymInt[5] input_size, float? scales_d=None, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _backward_of(
        lambda x: _interpolate(x, output_size, [scales_d, scales_h, scales_w], "nearest"),
        grad_output,
        input_size,
    )


@register("aten::upsample_trilinear3d")
def aten_upsample_trilinear3d(self, output_size, align_corners, scales_d=None, scales_h=None, scales_w=None):
    """upsample_trilinear3d(Tensor self, SymInt[3] output_size, bool align_corners, float? scales_d=None, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _interpolate(self, output_size, [scales_d, scales_h, scales_w], "linear", align_corners)


@register("aten::upsample_trilinear3d.vec")
def aten_upsample_trilinear3d_vec(input, output_size, align_corners, scale_factors):
    """upsample_trilinear3d.vec(Tensor input, SymInt[]? output_size, bool align_corners, float[]? scale_factors) -> Tensor"""
    return _interpolate(input, *_vec_size(input, output_size, scale_factors, 3), "linear", align_corners)


@register("aten::upsample_trilinear3d_backward")
def aten_upsample_trilinear3d_backward(
    grad_output, output_size, input_size, align_corners, scales_d=None, scales_h=None, scales_w=None
):
    """upsample_trilinear3d_backward(Tensor grad_output, SymInt[3] output_size, SymInt[5] input_size, bool align_corners, float? scales_d=None, float? scales_h=None, float? scales_w=None) -> Tensor"""
    return _backward_of(
        lambda x: _interpolate(x, output_size, [scales_d, scales_h, scales_w], "linear", align_corners),
        grad_output,
        input_size,
    )
