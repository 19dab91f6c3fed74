"""Matrix products and linear algebra."""

from __future__ import annotations

import jax.numpy as jnp

from torchax.registry import register


@register("aten::addmm")
def aten_addmm(self, mat1, mat2, *, beta=1, alpha=1):
    """addmm(Tensor self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1) -> Tensor"""
    prod = jnp.matmul(mat1, mat2)
    if alpha != 1:
        prod = prod * alpha
    if beta == 0:
        return prod
    return (self * beta if beta != 1 else self) + prod


@register("aten::bmm")
def aten_bmm(self, mat2):
    """bmm(Tensor self, Tensor mat2) -> Tensor"""
    return jnp.matmul(self, mat2)


@register("aten::mm")
def aten_mm(self, mat2):
    """mm(Tensor self, Tensor mat2) -> Tensor"""
    return jnp.matmul(self, mat2)
