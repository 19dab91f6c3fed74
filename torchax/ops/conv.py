"""Convolution and its backward, im2col and col2im."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from torchax.registry import register


def _expand(values, n: int) -> tuple[int, ...]:
    """An aten int[] argument of length 1 or n as n ints (torch repeats a single value)."""
    values = [int(v) for v in values]
    return tuple(values * n) if len(values) == 1 else tuple(values)


def _compute_dtype(dtype):
    """float16/bfloat16 convolve with float32 accumulation, as CPU torch does."""
    if dtype in (jnp.float16, jnp.bfloat16):
        return jnp.float32
    return dtype


def _precision(dtype):
    # CPU torch computes float32 convolutions in full float32; XLA's default may use less.
    return jax.lax.Precision.HIGHEST if jnp.issubdtype(dtype, jnp.inexact) else None


def _conv(input, weight, stride, padding, dilation, transposed, output_padding, groups):
    """The convolution without bias, in the dtype of its (already cast) arguments."""
    n = weight.ndim - 2
    stride, padding, dilation = _expand(stride, n), _expand(padding, n), _expand(dilation, n)
    spatial = "DHW"[3 - n :] if n <= 3 else None
    if spatial is None:
        raise RuntimeError("unsupported ConvNd parameters")  # as CPU torch, for 4 or more spatial dims
    if any(p < 0 for p in padding):
        raise RuntimeError("negative padding is not supported")
    numbers = ("NC" + spatial, "OI" + spatial, "NC" + spatial)
    if not transposed:
        return jax.lax.conv_general_dilated(
            input,
            weight,
            window_strides=stride,
            padding=[(p, p) for p in padding],
            rhs_dilation=dilation,
            dimension_numbers=numbers,
            feature_group_count=groups,
            precision=_precision(input.dtype),
        )
    # A transposed convolution is the gradient of a convolution with respect to its input: a
    # convolution of the input dilated by `stride` with the flipped kernel, its in/out channels
    # swapped within each group.
    output_padding = _expand(output_padding, n)
    cin, cout_g = weight.shape[0], weight.shape[1]
    k = weight.shape[2:]
    w = weight.reshape(groups, cin // groups, cout_g, *k)
    w = jnp.swapaxes(w, 1, 2).reshape(groups * cout_g, cin // groups, *k)
    w = jnp.flip(w, axis=tuple(range(2, 2 + n)))
    pads = [
        (d * (kk - 1) - p, d * (kk - 1) - p + op)
        for kk, p, d, op in zip(k, padding, dilation, output_padding, strict=True)
    ]
    return jax.lax.conv_general_dilated(
        input,
        w,
        window_strides=(1,) * n,
        padding=pads,
        lhs_dilation=stride,
        rhs_dilation=dilation,
        dimension_numbers=numbers,
        feature_group_count=groups,
        precision=_precision(input.dtype),
    )


def _unfold_index(size, kernel_size, dilation, padding, stride) -> tuple[np.ndarray, tuple[int, int]]:
    """For im2col/col2im on a plane of `size`: the flat position in the padded plane of each
    (kernel offset, block), shape (kh*kw*L,), and the padded plane's shape."""
    (h, w), (kh, kw), (dh, dw), (ph, pw), (sh, sw) = (
        size,
        kernel_size,
        _expand(dilation, 2),
        _expand(padding, 2),
        _expand(stride, 2),
    )
    hp, wp = h + 2 * ph, w + 2 * pw
    lh = (hp - dh * (kh - 1) - 1) // sh + 1
    lw = (wp - dw * (kw - 1) - 1) // sw + 1
    rows = np.arange(kh)[:, None, None, None] * dh + np.arange(lh)[None, None, :, None] * sh
    cols = np.arange(kw)[None, :, None, None] * dw + np.arange(lw)[None, None, None, :] * sw
    return (rows * wp + cols).reshape(-1), (hp, wp)


@register("aten::_convolution")
def aten__convolution(
    input,
    weight,
    bias,
    stride,
    padding,
    dilation,
    transposed,
    output_padding,
    groups,
    benchmark,
    deterministic,
    cudnn_enabled,
    allow_tf32,
):
    """_convolution(Tensor input, Tensor weight, Tensor? bias, SymInt[] stride, SymInt[] padding, SymInt[] dilation, bool transposed, SymInt[] output_padding, SymInt groups, bool benchmark, bool deterministic, bool cudnn_enabled, bool allow_tf32) -> Tensor"""
    return aten_convolution(
        input, weight, bias, stride, padding, dilation, transposed, output_padding, groups
    )


@register("aten::col2im")
def aten_col2im(self, output_size, kernel_size, dilation, padding, stride):
    """col2im(Tensor self, SymInt[2] output_size, int[2] kernel_size, int[2] dilation, int[2] padding, int[2] stride) -> Tensor"""
    batched = self.ndim == 3
    cols = self if batched else self[None]
    n, ckk = cols.shape[:2]
    kh, kw = _expand(kernel_size, 2)
    c = ckk // (kh * kw)
    index, (hp, wp) = _unfold_index(_expand(output_size, 2), (kh, kw), dilation, padding, stride)
    cols = cols.reshape(n, c, index.size)
    acc = jnp.float32 if self.dtype in (jnp.float16, jnp.bfloat16) else self.dtype
    out = jnp.zeros((n, c, hp * wp), acc).at[:, :, index].add(cols.astype(acc))
    ph, pw = _expand(padding, 2)
    h, w = _expand(output_size, 2)
    out = out.reshape(n, c, hp, wp)[:, :, ph : ph + h, pw : pw + w].astype(self.dtype)
    return out if batched else out[0]


@register("aten::convolution")
def aten_convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups):
    """convolution(Tensor input, Tensor weight, Tensor? bias, SymInt[] stride, SymInt[] padding, SymInt[] dilation, bool transposed, SymInt[] output_padding, SymInt groups) -> Tensor"""
    dtype = jnp.result_type(input, weight)
    compute = _compute_dtype(dtype)
    out = _conv(
        input.astype(compute),
        weight.astype(compute),
        stride,
        padding,
        dilation,
        transposed,
        output_padding,
        groups,
    )
    if bias is not None:
        out = out + bias.astype(compute).reshape((1, -1) + (1,) * (out.ndim - 2))
    return out.astype(dtype)


@register("aten::convolution_backward")
def aten_convolution_backward(
    grad_output,
    input,
    weight,
    bias_sizes,
    stride,
    padding,
    dilation,
    transposed,
    output_padding,
    groups,
    output_mask,
):
    """convolution_backward(Tensor grad_output, Tensor input, Tensor weight, SymInt[]? bias_sizes, SymInt[] stride, SymInt[] padding, SymInt[] dilation, bool transposed, SymInt[] output_padding, SymInt groups, bool[3] output_mask) -> (Tensor, Tensor, Tensor)"""
    compute = _compute_dtype(jnp.result_type(input, weight))

    def forward(x, w):
        return _conv(x, w, stride, padding, dilation, transposed, output_padding, groups)

    g = grad_output.astype(compute)
    _, vjp = jax.vjp(forward, input.astype(compute), weight.astype(compute))
    grad_input, grad_weight = vjp(g)
    grad_bias = jnp.sum(g, axis=(0, *range(2, g.ndim))) if output_mask[2] else None
    return (
        grad_input.astype(input.dtype) if output_mask[0] else None,
        grad_weight.astype(weight.dtype) if output_mask[1] else None,
        grad_bias.astype(grad_output.dtype) if grad_bias is not None else None,
    )


@register("aten::im2col")
def aten_im2col(self, kernel_size, dilation, padding, stride):
    """im2col(Tensor self, int[2] kernel_size, int[2] dilation, int[2] padding, int[2] stride) -> Tensor"""
    batched = self.ndim == 4
    x = self if batched else self[None]
    n, c, h, w = x.shape
    kh, kw = _expand(kernel_size, 2)
    ph, pw = _expand(padding, 2)
    index, (hp, wp) = _unfold_index((h, w), (kh, kw), dilation, padding, stride)
    x = jnp.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw))).reshape(n, c, hp * wp)
    out = x[:, :, index].reshape(n, c * kh * kw, index.size // (kh * kw))
    return out if batched else out[0]
