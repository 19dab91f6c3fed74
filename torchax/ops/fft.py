"""Fast Fourier transforms: the three aten primitives torch.fft decomposes into."""

from __future__ import annotations

import math

import jax.numpy as jnp

from torchax.registry import register


def _normalize(x, n: int, normalization: int):
    """aten's fft_norm_mode: 0 leaves the unnormalized transform, 1 scales by 1/sqrt(n), 2 by 1/n
    (whatever the direction: torch.fft picks the mode per direction before calling aten)."""
    if normalization == 0 or n == 0:
        return x
    scale = 1 / math.sqrt(n) if normalization == 1 else 1 / n
    return x * jnp.asarray(scale, jnp.finfo(x.dtype).dtype)


def _axes(dim, ndim: int) -> tuple[int, ...]:
    return tuple(d % ndim for d in dim)


@register("aten::_fft_c2c")
def aten__fft_c2c(self, dim, normalization, forward):
    """_fft_c2c(Tensor self, SymInt[] dim, int normalization, bool forward) -> Tensor"""
    axes = _axes(dim, self.ndim)
    if not axes:
        return self
    # unnormalized in both directions ("forward" puts numpy's 1/n on the forward transform)
    out = jnp.fft.fftn(self, axes=axes) if forward else jnp.fft.ifftn(self, axes=axes, norm="forward")
    return _normalize(out, math.prod(self.shape[d] for d in axes), normalization).astype(self.dtype)


@register("aten::_fft_c2r")
def aten__fft_c2r(self, dim, normalization, last_dim_size):
    """_fft_c2r(Tensor self, int[] dim, int normalization, SymInt last_dim_size) -> Tensor"""
    axes = _axes(dim, self.ndim)
    sizes = [self.shape[d] for d in axes[:-1]] + [last_dim_size]
    out = jnp.fft.irfftn(self, s=sizes, axes=axes, norm="forward")
    real = jnp.finfo(self.dtype).dtype
    return _normalize(out, math.prod(sizes), normalization).astype(real)


@register("aten::_fft_r2c")
def aten__fft_r2c(self, dim, normalization, onesided):
    """_fft_r2c(Tensor self, int[] dim, int normalization, bool onesided) -> Tensor"""
    axes = _axes(dim, self.ndim)
    out = jnp.fft.rfftn(self, axes=axes) if onesided else jnp.fft.fftn(self, axes=axes)
    complex_dtype = jnp.result_type(self.dtype, jnp.complex64)
    n = math.prod(self.shape[d] for d in axes)
    return _normalize(out, n, normalization).astype(complex_dtype)
