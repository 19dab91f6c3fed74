"""Normalisation: batch, layer, group norm and their backward ops.

Statistics are computed in float32 for half inputs, as CPU torch does. Saved statistics take
the input's dtype, or float32 when a half input comes with float32 parameters (torch's
"mixed type" kernels)."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp

from torchax.registry import register

_HALF = (jnp.float16, jnp.bfloat16)


# -- helpers -------------------------------------------------------------------------------
def _opmath(x):
    return None if x is None else (x.astype(jnp.float32) if x.dtype in _HALF else x)


def _stat_dtype(input, *params):
    """The dtype of saved means and inverse deviations."""
    for p in params:
        if p is not None:
            return p.dtype if input.dtype in _HALF and p.dtype == jnp.float32 else input.dtype
    return input.dtype


def _channel(v, ndim: int):
    """A per-channel (dim 1) vector shaped to broadcast against an ndim-D input."""
    return v.reshape((1, -1) + (1,) * (ndim - 2))


def _moments(x, axes):
    """(mean, biased variance) over `axes`, kept as size-1 dims; two passes for accuracy."""
    mean = jnp.mean(x, axes, keepdims=True)
    centered = x - mean
    return mean, jnp.mean(centered * centered, axes, keepdims=True)


def _affine(out, weight, bias, ndim: int):
    if weight is not None:
        out = out * _channel(_opmath(weight), ndim)
    if bias is not None:
        out = out + _channel(_opmath(bias), ndim)
    return out


def _batch_norm_train(input, weight, bias, eps, stat_dtype):
    """(output, mean, rstd, unbiased variance): statistics over all dims but the channel dim.

    CPU torch stores the statistics in `stat_dtype` and normalises with the stored values, so a
    half input with half parameters is normalised by a mean and rstd rounded to half."""
    x = _opmath(input)
    axes = (0,) + tuple(range(2, input.ndim))
    mean, var = _moments(x, axes)
    rstd = jax.lax.rsqrt(var + eps)
    mean, rstd = (_opmath(s.astype(stat_dtype)) for s in (mean, rstd))
    out = _affine((x - mean) * rstd, weight, bias, input.ndim)
    n = input.size // input.shape[1] if input.shape[1] else 0
    unbiased = var * (n / (n - 1)) if n > 1 else var * jnp.nan
    return out.astype(input.dtype), mean.reshape(-1), rstd.reshape(-1), unbiased.reshape(-1)


def _batch_norm_eval(input, weight, bias, running_mean, running_var, eps):
    x = _opmath(input)
    mean = _channel(_opmath(running_mean), input.ndim)
    rstd = jax.lax.rsqrt(_channel(_opmath(running_var), input.ndim) + eps)
    return _affine((x - mean) * rstd, weight, bias, input.ndim).astype(input.dtype)


def _check_batch_norm(input) -> None:
    if input.ndim < 2:
        raise RuntimeError(f"batch_norm: expected input with at least 2 dims, got {input.ndim}")


def _updated(running, stat, momentum):
    return ((1 - momentum) * _opmath(running) + momentum * stat).astype(running.dtype)


# -- lowerings, alphabetical by op ---------------------------------------------------------
# _native_batch_norm_legit.default and native_batch_norm are not lowered here: they write the
# running statistics in place (the first says so in its schema, the second does it without
# saying), which a pure function cannot. They decompose (torch._decomp, via copy_) until the
# runtime can call _native_batch_norm_legit_functional below and write its last two results.
@register("aten::_batch_norm_no_update")
def aten__batch_norm_no_update(input, weight, bias, running_mean, running_var, momentum, eps):
    """_batch_norm_no_update(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, float momentum, float eps) -> (Tensor, Tensor, Tensor, Tensor)"""
    _check_batch_norm(input)
    if running_mean is None or running_var is None:
        raise RuntimeError("batch_norm: running_mean and running_var must be defined in evaluation mode")
    out = _batch_norm_eval(input, weight, bias, running_mean, running_var, eps)
    empty = jnp.zeros((0,), _stat_dtype(input, weight, bias, running_mean, running_var))
    return out, empty, empty, jnp.zeros((0,), jnp.uint8)


@register("aten::_batch_norm_with_update_functional")
def aten__batch_norm_with_update_functional(input, weight, bias, running_mean, running_var, momentum, eps):
    """_batch_norm_with_update_functional(Tensor input, Tensor? weight, Tensor? bias, Tensor running_mean, Tensor running_var, float momentum, float eps) -> (Tensor, Tensor, Tensor, Tensor, Tensor running_mean_out, Tensor running_var_out)"""
    out, mean, rstd, new_mean, new_var = aten__native_batch_norm_legit_functional(
        input, weight, bias, running_mean, running_var, True, momentum, eps
    )
    return out, mean, rstd, jnp.zeros((0,), jnp.uint8), new_mean, new_var


@register("aten::_native_batch_norm_legit.no_stats")
def aten__native_batch_norm_legit_no_stats(input, weight, bias, training, momentum, eps):
    """_native_batch_norm_legit.no_stats(Tensor input, Tensor? weight, Tensor? bias, bool training, float momentum, float eps) -> (Tensor, Tensor, Tensor)"""
    _check_batch_norm(input)
    if not training:
        raise RuntimeError("batch_norm: running_mean and running_var must be defined in evaluation mode")
    dtype = _stat_dtype(input, weight, bias)
    out, mean, rstd, _ = _batch_norm_train(input, weight, bias, eps, dtype)
    return out, mean.astype(dtype), rstd.astype(dtype)


@register("aten::_native_batch_norm_legit_functional")
def aten__native_batch_norm_legit_functional(
    input, weight, bias, running_mean, running_var, training, momentum, eps
):
    """_native_batch_norm_legit_functional(Tensor input, Tensor? weight, Tensor? bias, Tensor running_mean, Tensor running_var, bool training, float momentum, float eps) -> (Tensor, Tensor, Tensor, Tensor running_mean_out, Tensor running_var_out)"""
    _check_batch_norm(input)
    dtype = _stat_dtype(input, weight, bias, running_mean, running_var)
    if not training:
        out = _batch_norm_eval(input, weight, bias, running_mean, running_var, eps)
        empty = jnp.zeros((0,), dtype)
        return out, empty, empty, running_mean, running_var
    out, mean, rstd, unbiased = _batch_norm_train(input, weight, bias, eps, dtype)
    new_mean = _updated(running_mean, mean, momentum)
    new_var = _updated(running_var, unbiased, momentum)
    return out, mean.astype(dtype), rstd.astype(dtype), new_mean, new_var


@register("aten::_native_batch_norm_legit_no_training")
def aten__native_batch_norm_legit_no_training(input, weight, bias, running_mean, running_var, momentum, eps):
    """_native_batch_norm_legit_no_training(Tensor input, Tensor? weight, Tensor? bias, Tensor running_mean, Tensor running_var, float momentum, float eps) -> (Tensor, Tensor, Tensor)"""
    _check_batch_norm(input)
    out = _batch_norm_eval(input, weight, bias, running_mean, running_var, eps)
    empty = jnp.zeros((0,), _stat_dtype(input, weight, bias, running_mean, running_var))
    return out, empty, empty


@register("aten::native_batch_norm_backward")
def aten_native_batch_norm_backward(
    grad_out, input, weight, running_mean, running_var, save_mean, save_invstd, train, eps, output_mask
):
    """native_batch_norm_backward(Tensor grad_out, Tensor input, Tensor? weight, Tensor? running_mean, Tensor? running_var, Tensor? save_mean, Tensor? save_invstd, bool train, float eps, bool[3] output_mask) -> (Tensor, Tensor, Tensor)"""
    ndim = input.ndim
    x, g = _opmath(input), _opmath(grad_out)
    if train:
        mean, invstd = _opmath(save_mean), _opmath(save_invstd)
    else:
        mean, invstd = _opmath(running_mean), jax.lax.rsqrt(_opmath(running_var) + eps)
    axes = (0,) + tuple(range(2, ndim))
    n = input.size // input.shape[1] if input.shape[1] else 1
    centered = x - _channel(mean, ndim)
    sum_g = jnp.sum(g, axes)
    dot_p = jnp.sum(g * centered, axes)
    param_dtype = input.dtype if weight is None else weight.dtype
    grad_input = grad_weight = grad_bias = None
    if output_mask[0]:
        scale = invstd if weight is None else invstd * _opmath(weight)
        if train:
            proj = _channel(dot_p / n * invstd * invstd, ndim)
            grad_input = (g - _channel(sum_g / n, ndim) - centered * proj) * _channel(scale, ndim)
        else:
            grad_input = g * _channel(scale, ndim)
        grad_input = grad_input.astype(input.dtype)
    if output_mask[1]:
        grad_weight = (dot_p * invstd).astype(param_dtype)
    if output_mask[2]:
        grad_bias = sum_g.astype(param_dtype)
    return grad_input, grad_weight, grad_bias


@register("aten::native_group_norm")
def aten_native_group_norm(input, weight, bias, N, C, HxW, group, eps):
    """native_group_norm(Tensor input, Tensor? weight, Tensor? bias, SymInt N, SymInt C, SymInt HxW, int group, float eps) -> (Tensor, Tensor, Tensor)"""
    if C % group:
        raise RuntimeError(
            f"Expected number of channels in input to be divisible by num_groups, but got input of "
            f"shape {list(input.shape)} and num_groups={group}"
        )
    x = _opmath(input).reshape(N, group, C // group * HxW)  # no -1: N may be 0
    mean, var = _moments(x, -1)
    rstd = jax.lax.rsqrt(var + eps)
    out = ((x - mean) * rstd).reshape(input.shape)
    out = _affine(out, weight, bias, input.ndim).astype(input.dtype)
    dtype = _stat_dtype(input, weight, bias)
    return out, mean.reshape(N, group).astype(dtype), rstd.reshape(N, group).astype(dtype)


@register("aten::native_group_norm_backward")
def aten_native_group_norm_backward(grad_out, input, mean, rstd, weight, N, C, HxW, group, output_mask):
    """native_group_norm_backward(Tensor grad_out, Tensor input, Tensor mean, Tensor rstd, Tensor? weight, SymInt N, SymInt C, SymInt HxW, int group, bool[3] output_mask) -> (Tensor, Tensor, Tensor)"""
    cpg = C // group
    x = _opmath(input).reshape(N, group, cpg, HxW)
    g = _opmath(grad_out).reshape(N, group, cpg, HxW)
    mean = _opmath(mean).reshape(N, group, 1, 1)
    rstd = _opmath(rstd).reshape(N, group, 1, 1)
    x_hat = (x - mean) * rstd
    param_dtype = input.dtype if weight is None else weight.dtype
    grad_input = grad_weight = grad_bias = None
    if output_mask[0]:
        gw = g if weight is None else g * _opmath(weight).reshape(1, group, cpg, 1)
        m = cpg * HxW
        sum_g = jnp.sum(gw, (2, 3), keepdims=True)
        sum_gx = jnp.sum(gw * x_hat, (2, 3), keepdims=True)
        grad_input = (rstd / m * (m * gw - sum_g - x_hat * sum_gx)).reshape(input.shape).astype(input.dtype)
    if output_mask[1]:
        grad_weight = jnp.sum(g * x_hat, (0, 3)).reshape(C).astype(param_dtype)
    if output_mask[2]:
        grad_bias = jnp.sum(g, (0, 3)).reshape(C).astype(param_dtype)
    return grad_input, grad_weight, grad_bias


@register("aten::native_layer_norm")
def aten_native_layer_norm(input, normalized_shape, weight, bias, eps):
    """native_layer_norm(Tensor input, SymInt[] normalized_shape, Tensor? weight, Tensor? bias, float eps) -> (Tensor, Tensor, Tensor)"""
    if not normalized_shape:
        raise RuntimeError(
            "Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, "
            "but got normalized_shape = []"
        )
    axis = input.ndim - len(normalized_shape)
    if axis < 0 or tuple(input.shape[axis:]) != tuple(normalized_shape):
        raise RuntimeError(
            f"Given normalized_shape={list(normalized_shape)}, expected input with shape "
            f"[*, {', '.join(map(str, normalized_shape))}], but got input of size{list(input.shape)}"
        )
    x = _opmath(input)
    axes = tuple(range(axis, input.ndim))
    dtype = _stat_dtype(input, weight, bias)
    if math.prod(normalized_shape) == 0:  # torch: mean 0, rstd NaN
        stat = (*input.shape[:axis],) + (1,) * len(axes)
        return input, jnp.zeros(stat, dtype), jnp.full(stat, jnp.nan, dtype)
    mean, var = _moments(x, axes)
    rstd = jax.lax.rsqrt(var + eps)
    out = (x - mean) * rstd
    if weight is not None:
        out = out * _opmath(weight)
    if bias is not None:
        out = out + _opmath(bias)
    return out.astype(input.dtype), mean.astype(dtype), rstd.astype(dtype)


@register("aten::native_layer_norm_backward")
def aten_native_layer_norm_backward(grad_out, input, normalized_shape, mean, rstd, weight, bias, output_mask):
    """native_layer_norm_backward(Tensor grad_out, Tensor input, SymInt[] normalized_shape, Tensor mean, Tensor rstd, Tensor? weight, Tensor? bias, bool[3] output_mask) -> (Tensor, Tensor, Tensor)"""
    axis = input.ndim - len(normalized_shape)
    inner = tuple(range(axis, input.ndim))
    outer = tuple(range(axis))
    x, g = _opmath(input), _opmath(grad_out)
    x_hat = (x - _opmath(mean)) * _opmath(rstd)
    grad_input = grad_weight = grad_bias = None
    if output_mask[0]:
        n = math.prod(normalized_shape)
        gw = g if weight is None else g * _opmath(weight)
        sum_g = jnp.sum(gw, inner, keepdims=True)
        sum_gx = jnp.sum(gw * x_hat, inner, keepdims=True)
        grad_input = (_opmath(rstd) / max(n, 1) * (n * gw - sum_g - x_hat * sum_gx)).astype(input.dtype)
    if output_mask[1] and weight is not None:
        grad_weight = jnp.sum(g * x_hat, outer).astype(weight.dtype)
    if output_mask[2] and bias is not None:
        grad_bias = jnp.sum(g, outer).astype(bias.dtype)
    return grad_input, grad_weight, grad_bias
