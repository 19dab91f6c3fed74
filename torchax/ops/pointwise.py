"""Elementwise lowerings: arithmetic, comparison, logic and unary maths."""

from __future__ import annotations

import jax
import jax.numpy as jnp

from torchax.registry import Promotion, register


@register("aten::abs", promotion=Promotion.COMPLEX_TO_FLOAT)
def aten_abs(self):
    """abs(Tensor self) -> Tensor"""
    return jnp.abs(self)


@register("aten::add.Tensor", promotion=Promotion.DEFAULT)
def aten_add_tensor(self, other, *, alpha=1):
    """add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor"""
    return jnp.add(self, other * alpha if alpha != 1 else other)


@register("aten::add.Scalar", promotion=Promotion.DEFAULT)
def aten_add_scalar(self, other, alpha=1):
    """add.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor"""
    return jnp.add(self, other * alpha if alpha != 1 else other)


@register("aten::div.Tensor", "aten::div.Scalar", promotion=Promotion.INT_TO_FLOAT)
def aten_div(self, other):
    """div.Tensor(Tensor self, Tensor other) -> Tensor"""
    return jnp.true_divide(self, other)


@register("aten::eq.Tensor", "aten::eq.Scalar", promotion=Promotion.ALWAYS_BOOL)
def aten_eq(self, other):
    """eq.Tensor(Tensor self, Tensor other) -> Tensor"""
    return jnp.equal(self, other)


@register("aten::exp", promotion=Promotion.INT_TO_FLOAT)
def aten_exp(self):
    """exp(Tensor self) -> Tensor"""
    return jnp.exp(self)


@register("aten::ge.Tensor", "aten::ge.Scalar", promotion=Promotion.ALWAYS_BOOL)
def aten_ge(self, other):
    """ge.Tensor(Tensor self, Tensor other) -> Tensor"""
    return jnp.greater_equal(self, other)


@register("aten::gt.Tensor", "aten::gt.Scalar", promotion=Promotion.ALWAYS_BOOL)
def aten_gt(self, other):
    """gt.Tensor(Tensor self, Tensor other) -> Tensor"""
    return jnp.greater(self, other)


@register("aten::le.Tensor", "aten::le.Scalar", promotion=Promotion.ALWAYS_BOOL)
def aten_le(self, other):
    """le.Tensor(Tensor self, Tensor other) -> Tensor"""
    return jnp.less_equal(self, other)


@register("aten::lt.Tensor", "aten::lt.Scalar", promotion=Promotion.ALWAYS_BOOL)
def aten_lt(self, other):
    """lt.Tensor(Tensor self, Tensor other) -> Tensor"""
    return jnp.less(self, other)


@register("aten::mul.Tensor", "aten::mul.Scalar", promotion=Promotion.DEFAULT)
def aten_mul(self, other):
    """mul.Tensor(Tensor self, Tensor other) -> Tensor"""
    if self.dtype == jnp.bool_:
        return jnp.logical_and(self, other)
    return jnp.multiply(self, other)


@register("aten::ne.Tensor", "aten::ne.Scalar", promotion=Promotion.ALWAYS_BOOL)
def aten_ne(self, other):
    """ne.Tensor(Tensor self, Tensor other) -> Tensor"""
    return jnp.not_equal(self, other)


@register("aten::neg", promotion=Promotion.DEFAULT)
def aten_neg(self):
    """neg(Tensor self) -> Tensor"""
    return jnp.negative(self)


@register("aten::relu", promotion=Promotion.DEFAULT)
def aten_relu(self):
    """relu(Tensor self) -> Tensor"""
    return jnp.maximum(self, 0).astype(self.dtype)


@register("aten::sigmoid", promotion=Promotion.INT_TO_FLOAT)
def aten_sigmoid(self):
    """sigmoid(Tensor self) -> Tensor"""
    return jax.nn.sigmoid(self)


@register("aten::sub.Tensor", promotion=Promotion.DEFAULT)
def aten_sub_tensor(self, other, *, alpha=1):
    """sub.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor"""
    return jnp.subtract(self, other * alpha if alpha != 1 else other)


@register("aten::sub.Scalar", promotion=Promotion.DEFAULT)
def aten_sub_scalar(self, other, alpha=1):
    """sub.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor"""
    return jnp.subtract(self, other * alpha if alpha != 1 else other)


@register("aten::threshold_backward")
def aten_threshold_backward(grad_output, self, threshold):
    """threshold_backward(Tensor grad_output, Tensor self, Scalar threshold) -> Tensor"""
    return jnp.where(self <= threshold, jnp.zeros((), grad_output.dtype), grad_output)


@register("aten::where.self", promotion=Promotion.NO_OPMATH, promote=("self", "other"))
def aten_where_self(condition, self, other):
    """where.self(Tensor condition, Tensor self, Tensor other) -> Tensor"""
    return jnp.where(condition, self, other)
