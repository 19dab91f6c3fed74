"""Elementwise lowerings: arithmetic, comparison, logic, unary maths, activations and special functions."""

from __future__ import annotations

import functools
import math

import jax
import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np
from jax import lax

from torchax.ops._complex import (
    _c10_div,
    _c10_log1p,
    _c10_mul,
    _casinh,
    _catanh,
    _ccosh,
    _cexp,
    _clog,
    _complex_add,
    _cpow,
    _csinh,
    _ctanh,
    _cx,
    _nan_cases,
    _quadrant,
    _real_cosh,
    _real_sinh,
    _times_i,
    _times_minus_i,
    complex_log_add_exp,
)
from torchax.ops._helpers import (
    as_scalar,
    default_float,
    dtype_name,
    float32_via_double,
    order_key,
    traced,
    truthy,
)
from torchax.registry import Promotion, register
from torchax.registry._promotion import _key, dtypes_for, promoting

# -- shared rules ----------------------------------------------------------------------------

_PYSCALAR = (bool, int, float, complex)


def _arrays(*xs) -> tuple:
    """The operands as arrays of one dtype: the promotion wrapper has cast the arrays to the compute
    dtype, and a Python scalar takes that dtype too (an int too big for int8 wraps, like torch)."""
    dtype = next(x.dtype for x in xs if not isinstance(x, _PYSCALAR))
    return tuple(as_scalar(x, dtype) if isinstance(x, _PYSCALAR) else x for x in xs)


def _common(*xs) -> tuple:
    """The operands cast to torch's common dtype, with no wider compute dtype. Comparisons see
    values as they are stored: in torch `half_tensor == 0.1` compares with half(0.1)."""
    dtype = dtypes_for(Promotion.NO_OPMATH, tuple(_key(x) for x in xs))[1]
    return tuple(as_scalar(x, dtype) if isinstance(x, _PYSCALAR) else x.astype(dtype) for x in xs)


@functools.partial(jax.jit, static_argnames="op")
def _ordered(op, a, b):
    """`op(a, b)` for a comparison op on operands of one floating dtype, through their order keys:
    XLA on CPU flushes subnormal operands of comparisons to zero. NaN is unequal to everything."""
    if jnp.issubdtype(a.dtype, jnp.complexfloating):  # only eq/ne reach here with complex
        same = _ordered(jnp.equal, a.real, b.real) & _ordered(jnp.equal, a.imag, b.imag)
        return same if op is jnp.equal else ~same
    (ka, nan_a), (kb, nan_b) = order_key(a), order_key(b)
    return jnp.where(nan_a | nan_b, op is jnp.not_equal, op(ka, kb))


def _compare(op, self, other):
    a, b = _common(self, other)
    if _is_exact(a.dtype):
        return op(a, b)
    return _ordered(op, *jnp.broadcast_arrays(a, b))


def _is_int(dtype) -> bool:
    return jnp.issubdtype(dtype, jnp.integer)


def _is_exact(dtype) -> bool:
    """Integers and bool: the dtypes where rounding is the identity."""
    return not jnp.issubdtype(dtype, jnp.inexact)


def _is_complex(dtype) -> bool:
    return jnp.issubdtype(dtype, jnp.complexfloating)


def _check_divisor(op: str, other) -> None:
    """Integer division by zero raises RuntimeError('ZeroDivisionError') in torch. Checked whenever
    the divisor is concrete (eager); under jax.jit it cannot be, and the result there is XLA's."""
    if not _is_int(other.dtype) or traced(other):
        return
    if np.any(np.asarray(other) == 0):  # in NumPy: under tracing, jnp on a constant gives a tracer
        raise RuntimeError(f"ZeroDivisionError ({op}: integer division by zero)")


def _check_alpha(op: str, alpha, dtype) -> None:
    if isinstance(alpha, float | complex) and _is_exact(dtype):
        raise RuntimeError(
            f"{op}: for integral input tensors, argument alpha must not be a floating point number."
        )
    if dtype == jnp.bool_ and not isinstance(alpha, bool) and alpha not in (0, 1):
        raise RuntimeError(f"{op}: boolean alpha only supported for Boolean results.")


def _no_bool(op: str, dtype, hint: str) -> None:
    if dtype == jnp.bool_:
        raise RuntimeError(f"{op} on bool tensors is not supported. {hint}")


def _no_complex(op: str, dtype) -> None:
    if _is_complex(dtype):
        raise RuntimeError(f"{op} is not supported for complex tensors.")


def _complex_abs(x: jax.Array) -> jax.Array:
    """|x| as hypot(re, im): infinite when either part is, even if the other is NaN."""
    mag = jnp.abs(x)
    return jnp.where(jnp.isinf(x.real) | jnp.isinf(x.imag), jnp.full((), jnp.inf, mag.dtype), mag)


def _complex_pow_scalar(self: jax.Array, exponent) -> jax.Array:
    """self ** exponent for a complex tensor and a scalar, with CPU torch's shortcuts."""
    if exponent == 0.5:
        return aten_sqrt(self)
    if exponent == -0.5:
        return aten_rsqrt(self)
    if exponent == -1:
        return aten_reciprocal(self)
    if exponent == 2:
        return _c10_mul(self, self)
    if exponent == 3:
        return _c10_mul(_c10_mul(self, self), self)
    if exponent == -2:
        return _c10_div(jnp.ones_like(self), _c10_mul(self, self))
    return _cpow(*_arrays(self, exponent))


def _log_base(x: jax.Array, base: int) -> jax.Array:
    """log2 / log10. For complex values as CPU torch: log2 is log(z) / ln 2 part by part (a true
    division, correctly rounded), log10 is C's clog10, log(z) * log10(e)."""
    if not _is_complex(x.dtype):
        return jnp.log2(x) if base == 2 else jnp.log10(x)
    w = _clog(x)
    if base == 2:  # a full array behind a barrier: XLA turns x / scalar into x * (1 / scalar)
        ln2 = lax.optimization_barrier(jnp.full(w.shape, math.log(2), w.real.dtype))
        return _cx(w.real / ln2, w.imag / ln2, x)
    log10_e = as_scalar(math.log10(math.e), w.real.dtype)
    return _cx(w.real * log10_e, w.imag * log10_e, x)


@jax.jit
def _int_pow(base: jax.Array, exp: jax.Array) -> jax.Array:
    """torch's integer power: square-and-multiply wrapping in base's dtype, as C++ does (jnp.power
    gets some wrapped powers wrong: uint8 190 ** 128 gave 1 for 0), and a negative exponent gives
    0 except for the bases 1 and -1."""
    base, exp = jnp.broadcast_arrays(base, exp.astype(jnp.promote_types(exp.dtype, jnp.int8)))

    def step(_, carry):
        acc, x, e = carry
        return jnp.where((e & 1) == 1, acc * x, acc), x * x, e >> 1

    start = (jnp.ones_like(base), base, jnp.maximum(exp, 0))
    pos = lax.fori_loop(0, jnp.iinfo(exp.dtype).bits - 1, step, start)[0]
    one = jnp.ones((), base.dtype)
    neg = jnp.where(base == 1, one, jnp.where(base == -1, jnp.where(exp % 2 == 0, one, -one), 0))
    return jnp.where(exp < 0, neg.astype(base.dtype), pos)


def _float_divmod_floor(a: jax.Array, b: jax.Array) -> jax.Array:
    """Floor division of floats as CPU torch computes it (Python's divmod rules, exact at .5)."""
    mod = jnp.fmod(a, b)
    div = (a - mod) / b
    div = jnp.where((mod != 0) & ((b < 0) != (mod < 0)), div - 1, div)
    floor = jnp.floor(div)
    floor = jnp.where(div - floor > 0.5, floor + 1, floor)
    out = jnp.where(div != 0, floor, jnp.copysign(jnp.zeros_like(div), a / b))
    return jnp.where(b == 0, a / b, out)


def _div_rounding(op: str, a: jax.Array, b: jax.Array, mode: str) -> jax.Array:
    if _is_exact(a.dtype):
        _check_divisor(op, b)
        if mode == "trunc":
            return lax.div(*jnp.broadcast_arrays(a, b))
        return jnp.floor_divide(a, b)
    _no_complex(f"{op} with rounding_mode", a.dtype)
    if mode == "trunc":
        return jnp.trunc(a / b)
    return _float_divmod_floor(a, b)


def _true_div(self, other):
    self, other = _arrays(self, other)
    return _c10_div(self, other) if _is_complex(self.dtype) else jnp.true_divide(self, other)


def _floor_div(self, other):
    self, other = _arrays(self, other)
    return _div_rounding("div", self, other, "floor")


def _trunc_div(self, other):
    self, other = _arrays(self, other)
    if self.dtype in (jnp.float16, jnp.bfloat16):
        # CPU torch's vectorized kernel rounds the quotient to the 16-bit dtype before truncating
        quotient = self.astype(jnp.float32) / other.astype(jnp.float32)
        return jnp.trunc(quotient.astype(self.dtype))
    return _div_rounding("div", self, other, "trunc")


_TRUE_DIV = promoting(_true_div, Promotion.INT_TO_FLOAT, (0, 1))
_ROUNDING_DIV = {
    "floor": promoting(_floor_div, Promotion.DEFAULT, (0, 1)),
    "trunc": promoting(_trunc_div, Promotion.NO_OPMATH, (0, 1)),
}


def _remainder(self, other):
    self, other = _arrays(self, other)
    _check_divisor("remainder", other)
    return jnp.remainder(self, other)


def _shift_left(self, other):
    self, other = _arrays(self, other)
    bits = jnp.iinfo(self.dtype).bits
    out = jnp.left_shift(self, jnp.clip(other, 0, bits - 1))
    return jnp.where((other < 0) | (other >= bits), jnp.zeros((), self.dtype), out)


def _shift_right(self, other):
    self, other = _arrays(self, other)
    bits = jnp.iinfo(self.dtype).bits
    if jnp.issubdtype(self.dtype, jnp.signedinteger):  # out of range: the sign fills every bit
        return jnp.right_shift(self, jnp.where((other < 0) | (other >= bits - 1), bits - 1, other))
    out = jnp.right_shift(self, jnp.clip(other, 0, bits - 1))
    return jnp.where(other >= bits, jnp.zeros((), self.dtype), out)


def _xlogy(x, y, log):
    out = jnp.where(x == 0, jnp.zeros((), x.dtype), x * log(y))
    return jnp.where(jnp.isnan(y), y, out)


def _complex_parts(op: str, real, imag) -> jax.Array:
    """real + i imag, checked as torch checks torch.complex and torch.polar."""
    if real.dtype != imag.dtype:
        raise RuntimeError(
            f"Expected object of scalar type {dtype_name(real.dtype)} but got scalar type "
            f"{dtype_name(imag.dtype)} for second argument"
        )
    if real.dtype not in (jnp.float32, jnp.float64):
        if real.dtype == jnp.float16:
            raise RuntimeError(
                f"{op}: Half inputs make a ComplexHalf (complex32) result, which JAX cannot hold"
            )
        raise RuntimeError(
            f"Expected both inputs to be Half, Float or Double tensors but got "
            f"{dtype_name(real.dtype)} and {dtype_name(imag.dtype)}"
        )
    return lax.complex(*jnp.broadcast_arrays(real, imag))


def _shrink_backward(grad, self, lambd):
    """hard- and softshrink pass the gradient outside [-lambd, lambd]."""
    return jnp.where((self >= -lambd) & (self <= lambd), jnp.zeros((), grad.dtype), grad)


# -- the lowerings, alphabetical by op -------------------------------------------------------


@register("aten::_conj_physical", promotion=Promotion.NO_OPMATH)
def aten__conj_physical(self):
    """_conj_physical(Tensor self) -> Tensor"""
    return jnp.conj(self) if _is_complex(self.dtype) else self


@register("aten::abs", promotion=Promotion.COMPLEX_TO_FLOAT)
def aten_abs(self):
    """abs(Tensor self) -> Tensor"""
    _no_bool("abs", self.dtype, "")
    if _is_complex(self.dtype):
        return _complex_abs(self)
    return jnp.abs(self)


@register("aten::acos", promotion=Promotion.INT_TO_FLOAT)
def aten_acos(self):
    """acos(Tensor self) -> Tensor"""
    w = jnp.arccos(self)
    if not _is_complex(self.dtype):
        return w
    w = lax.complex(w.real, jnp.copysign(jnp.abs(w.imag), -self.imag))
    return _nan_cases(
        self,
        w,
        y_nan_x_zero=(math.pi / 2, jnp.nan),
        y_nan_x_inf=(jnp.nan, -jnp.inf),
        x_nan_y_inf=(jnp.nan, -self.imag),
    )


@register("aten::acosh", promotion=Promotion.INT_TO_FLOAT)
def aten_acosh(self):
    """acosh(Tensor self) -> Tensor"""
    w = jnp.arccosh(self)
    if not _is_complex(self.dtype):
        return w
    w = _quadrant(w, None, self.imag)
    return _nan_cases(
        self,
        w,
        y_nan_x_zero=(jnp.nan, math.pi / 2),
        y_nan_x_inf=(jnp.inf, jnp.nan),
        x_nan_y_inf=(jnp.inf, jnp.nan),
    )


@register("aten::add.Scalar", promotion=Promotion.DEFAULT)
def aten_add_scalar(self, other, alpha=1):
    """add.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor"""
    return aten_add_tensor(self, other, alpha=alpha)


@register("aten::add.Tensor", promotion=Promotion.DEFAULT)
def aten_add_tensor(self, other, *, alpha=1):
    """add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor"""
    self, other = _arrays(self, other)
    if _is_complex(self.dtype):
        return _complex_add(self, other, alpha)
    if alpha != 1:
        _check_alpha("add", alpha, self.dtype)
        other = other * as_scalar(alpha, other.dtype)
    return jnp.add(self, other)


@register("aten::addcdiv", promotion=Promotion.DEFAULT, promote=("self", "tensor1", "tensor2"))
def aten_addcdiv(self, tensor1, tensor2, *, value=1):
    """addcdiv(Tensor self, Tensor tensor1, Tensor tensor2, *, Scalar value=1) -> Tensor"""
    if _is_exact(self.dtype):
        raise RuntimeError(
            "addcdiv: integer division with addcdiv is no longer supported; "
            "use (input + value * torch.true_divide(tensor1, tensor2)) instead."
        )
    return self + as_scalar(value, self.dtype) * tensor1 / tensor2


@register("aten::addcmul", promotion=Promotion.DEFAULT, promote=("self", "tensor1", "tensor2"))
def aten_addcmul(self, tensor1, tensor2, *, value=1):
    """addcmul(Tensor self, Tensor tensor1, Tensor tensor2, *, Scalar value=1) -> Tensor"""
    if self.dtype == jnp.bool_:
        return self | (bool(value) & tensor1 & tensor2)
    return self + as_scalar(value, self.dtype) * tensor1 * tensor2


@register("aten::angle")
def aten_angle(self):
    """angle(Tensor self) -> Tensor"""
    if _is_complex(self.dtype):
        return jnp.angle(self)
    if _is_exact(self.dtype):
        self = self.astype(default_float(None))
    out = jnp.where(self < 0, jnp.asarray(math.pi, self.dtype), jnp.zeros((), self.dtype))
    return jnp.where(jnp.isnan(self), self, out)


@register("aten::asin", promotion=Promotion.INT_TO_FLOAT)
def aten_asin(self):
    """asin(Tensor self) -> Tensor"""
    if not _is_complex(self.dtype):
        return jnp.arcsin(self)
    return _times_minus_i(_casinh(_times_i(self)))  # asin(z) = -i asinh(i z), as C computes it


@register("aten::asinh", promotion=Promotion.INT_TO_FLOAT)
def aten_asinh(self):
    """asinh(Tensor self) -> Tensor"""
    return _casinh(self) if _is_complex(self.dtype) else jnp.arcsinh(self)


@register("aten::atan", promotion=Promotion.INT_TO_FLOAT)
def aten_atan(self):
    """atan(Tensor self) -> Tensor"""
    if not _is_complex(self.dtype):
        return jnp.arctan(self)
    return _times_minus_i(_catanh(_times_i(self)))  # atan(z) = -i atanh(i z), as C computes it


@register("aten::atan2", promotion=Promotion.INT_TO_FLOAT)
def aten_atan2(self, other):
    """atan2(Tensor self, Tensor other) -> Tensor"""
    return jnp.arctan2(self, other)


@register("aten::atanh", promotion=Promotion.INT_TO_FLOAT)
def aten_atanh(self):
    """atanh(Tensor self) -> Tensor"""
    return _catanh(self) if _is_complex(self.dtype) else jnp.arctanh(self)


@register(
    "aten::bitwise_and.Scalar",
    "aten::bitwise_and.Scalar_Tensor",
    "aten::bitwise_and.Tensor",
    promotion=Promotion.DEFAULT,
)
def aten_bitwise_and(self, other):
    """bitwise_and.Tensor(Tensor self, Tensor other) -> Tensor"""
    return jnp.bitwise_and(*_arrays(self, other))


@register(
    "aten::bitwise_left_shift.Scalar_Tensor",
    "aten::bitwise_left_shift.Tensor",
    "aten::bitwise_left_shift.Tensor_Scalar",
    promotion=Promotion.DEFAULT,
)
def aten_bitwise_left_shift(self, other):
    """bitwise_left_shift.Tensor(Tensor self, Tensor other) -> Tensor"""
    return _shift_left(self, other)


@register("aten::bitwise_not", promotion=Promotion.DEFAULT)
def aten_bitwise_not(self):
    """bitwise_not(Tensor self) -> Tensor"""
    return jnp.invert(self)


@register(
    "aten::bitwise_or.Scalar",
    "aten::bitwise_or.Scalar_Tensor",
    "aten::bitwise_or.Tensor",
    promotion=Promotion.DEFAULT,
)
def aten_bitwise_or(self, other):
    """bitwise_or.Tensor(Tensor self, Tensor other) -> Tensor"""
    return jnp.bitwise_or(*_arrays(self, other))


@register(
    "aten::bitwise_right_shift.Scalar_Tensor",
    "aten::bitwise_right_shift.Tensor",
    "aten::bitwise_right_shift.Tensor_Scalar",
    promotion=Promotion.DEFAULT,
)
def aten_bitwise_right_shift(self, other):
    """bitwise_right_shift.Tensor(Tensor self, Tensor other) -> Tensor"""
    return _shift_right(self, other)


@register(
    "aten::bitwise_xor.Scalar",
    "aten::bitwise_xor.Scalar_Tensor",
    "aten::bitwise_xor.Tensor",
    promotion=Promotion.DEFAULT,
)
def aten_bitwise_xor(self, other):
    """bitwise_xor.Tensor(Tensor self, Tensor other) -> Tensor"""
    return jnp.bitwise_xor(*_arrays(self, other))


@register("aten::ceil", promotion=Promotion.DEFAULT)
def aten_ceil(self):
    """ceil(Tensor self) -> Tensor"""
    return self if _is_exact(self.dtype) else jnp.ceil(self)


@register("aten::clamp", promotion=Promotion.DEFAULT, promote=("self", "min", "max"))
def aten_clamp(self, min=None, max=None):
    """clamp(Tensor self, Scalar? min=None, Scalar? max=None) -> Tensor"""
    return aten_clamp_tensor(self, min, max)


@register("aten::clamp.Tensor", promotion=Promotion.DEFAULT, promote=("self", "min", "max"))
def aten_clamp_tensor(self, min=None, max=None):
    """clamp.Tensor(Tensor self, Tensor? min=None, Tensor? max=None) -> Tensor"""
    if min is None and max is None:
        raise RuntimeError("clamp: at least one of 'min' or 'max' must not be None")
    _no_complex("clamp", self.dtype)
    if min is not None:
        self = jnp.maximum(*_arrays(self, min))
    if max is not None:
        self = jnp.minimum(*_arrays(self, max))
    return self


@register("aten::clamp_max", "aten::clamp_max.Tensor", promotion=Promotion.DEFAULT)
def aten_clamp_max(self, max):
    """clamp_max(Tensor self, Scalar max) -> Tensor"""
    _no_complex("clamp_max", self.dtype)
    return jnp.minimum(*_arrays(self, max))


@register("aten::clamp_min", "aten::clamp_min.Tensor", promotion=Promotion.DEFAULT)
def aten_clamp_min(self, min):
    """clamp_min(Tensor self, Scalar min) -> Tensor"""
    _no_complex("clamp_min", self.dtype)
    return jnp.maximum(*_arrays(self, min))


@register("aten::complex")
def aten_complex(real, imag):
    """complex(Tensor real, Tensor imag) -> Tensor"""
    return _complex_parts("complex", real, imag)


@register("aten::copysign.Scalar", "aten::copysign.Tensor", promotion=Promotion.INT_TO_FLOAT)
def aten_copysign(self, other):
    """copysign.Tensor(Tensor self, Tensor other) -> Tensor"""
    return jnp.copysign(*_arrays(self, other))


@register("aten::cos", promotion=Promotion.INT_TO_FLOAT)
def aten_cos(self):
    """cos(Tensor self) -> Tensor"""
    return _ccosh(_times_i(self)) if _is_complex(self.dtype) else jnp.cos(self)


@register("aten::cosh", promotion=Promotion.INT_TO_FLOAT)
def aten_cosh(self):
    """cosh(Tensor self) -> Tensor"""
    return _ccosh(self) if _is_complex(self.dtype) else _real_cosh(self)


@register("aten::deg2rad", promotion=Promotion.INT_TO_FLOAT)
def aten_deg2rad(self):
    """deg2rad(Tensor self) -> Tensor"""
    return self * as_scalar(math.pi / 180, self.dtype)


@register("aten::div.Scalar", "aten::div.Tensor", promotion=Promotion.INT_TO_FLOAT)
def aten_div(self, other):
    """div.Tensor(Tensor self, Tensor other) -> Tensor"""
    return _true_div(self, other)


@register("aten::div.Scalar_mode", "aten::div.Tensor_mode")
def aten_div_mode(self, other, *, rounding_mode):
    """div.Tensor_mode(Tensor self, Tensor other, *, str? rounding_mode) -> Tensor"""
    # the promotion depends on the mode: true division makes floats, rounding keeps integers
    if rounding_mode is None:
        return _TRUE_DIV(self, other)
    if rounding_mode not in _ROUNDING_DIV:
        raise RuntimeError(
            f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{rounding_mode}'"
        )
    return _ROUNDING_DIV[rounding_mode](self, other)


@register("aten::elu", promotion=Promotion.DEFAULT, promote=("self",))
def aten_elu(self, alpha=1, scale=1, input_scale=1):
    """elu(Tensor self, Scalar alpha=1, Scalar scale=1, Scalar input_scale=1) -> Tensor"""
    neg = jnp.expm1(self * input_scale) * (alpha * scale)
    return jnp.where(self > 0, self * scale, neg).astype(self.dtype)


@register("aten::eq.Scalar", "aten::eq.Tensor")
def aten_eq(self, other):
    """eq.Tensor(Tensor self, Tensor other) -> Tensor"""
    return _compare(jnp.equal, self, other)


@register("aten::erf", promotion=Promotion.INT_TO_FLOAT)
def aten_erf(self):
    """erf(Tensor self) -> Tensor"""
    return jsp.erf(self)


@register("aten::erfc", promotion=Promotion.INT_TO_FLOAT)
def aten_erfc(self):
    """erfc(Tensor self) -> Tensor"""
    return jsp.erfc(self)


@register("aten::erfinv", promotion=Promotion.INT_TO_FLOAT)
def aten_erfinv(self):
    """erfinv(Tensor self) -> Tensor"""
    return float32_via_double(jsp.erfinv, self)  # XLA's float32 erfinv: ~50 ulp off near +-1


@register("aten::exp", promotion=Promotion.INT_TO_FLOAT)
def aten_exp(self):
    """exp(Tensor self) -> Tensor"""
    return _cexp(self) if _is_complex(self.dtype) else jnp.exp(self)


@register("aten::exp2", promotion=Promotion.INT_TO_FLOAT)
def aten_exp2(self):
    """exp2(Tensor self) -> Tensor"""
    if _is_complex(self.dtype):  # exp(z ln 2), the product part by part (no complex product)
        ln2 = as_scalar(math.log(2), self.real.dtype)
        return _cexp(_cx(self.real * ln2, self.imag * ln2, self))
    # 2**n exactly: XLA's exp2 is a few ulps off for large arguments (2**127 in float32)
    whole = jnp.round(self)
    scale = jnp.clip(jnp.where(jnp.isfinite(whole), whole, 0), -2000, 2000).astype(jnp.int32)
    return jnp.where(jnp.isfinite(self), jnp.ldexp(jnp.exp2(self - whole), scale), jnp.exp2(self))


@register("aten::expm1", promotion=Promotion.INT_TO_FLOAT)
def aten_expm1(self):
    """expm1(Tensor self) -> Tensor"""
    if not _is_complex(self.dtype):
        return jnp.expm1(self)
    # c10's formula: expm1(x) cos(y) - 2 sin(y/2)^2 + i exp(x) sin(y)
    x, y = self.real, self.imag
    s = jnp.sin(y / 2)
    return _cx(jnp.expm1(x) * jnp.cos(y) - 2 * s * s, jnp.exp(x) * jnp.sin(y), self)


@register("aten::floor", promotion=Promotion.DEFAULT)
def aten_floor(self):
    """floor(Tensor self) -> Tensor"""
    return self if _is_exact(self.dtype) else jnp.floor(self)


@register("aten::floor_divide", "aten::floor_divide.Scalar", promotion=Promotion.DEFAULT)
def aten_floor_divide(self, other):
    """floor_divide(Tensor self, Tensor other) -> Tensor"""
    self, other = _arrays(self, other)
    return _div_rounding("floor_divide", self, other, "floor")


@register("aten::fmax", promotion=Promotion.DEFAULT)
def aten_fmax(self, other):
    """fmax(Tensor self, Tensor other) -> Tensor"""
    _no_complex("fmax", self.dtype)
    return jnp.fmax(self, other)


@register("aten::fmin", promotion=Promotion.DEFAULT)
def aten_fmin(self, other):
    """fmin(Tensor self, Tensor other) -> Tensor"""
    _no_complex("fmin", self.dtype)
    return jnp.fmin(self, other)


@register("aten::fmod.Scalar", "aten::fmod.Tensor", promotion=Promotion.DEFAULT)
def aten_fmod(self, other):
    """fmod.Tensor(Tensor self, Tensor other) -> Tensor"""
    self, other = _arrays(self, other)
    _check_divisor("fmod", other)
    return jnp.fmod(self, other)


@register("aten::frac", promotion=Promotion.DEFAULT)
def aten_frac(self):
    """frac(Tensor self) -> Tensor"""
    return self - jnp.trunc(self)


@register("aten::frexp.Tensor")
def aten_frexp_tensor(self):
    """frexp.Tensor(Tensor self) -> (Tensor mantissa, Tensor exponent)"""
    if not jnp.issubdtype(self.dtype, jnp.floating):
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    mantissa, exponent = jnp.frexp(self)
    # subnormals from their bits (XLA on CPU flushes them to zero in arithmetic)
    info = jnp.finfo(self.dtype)
    uint = jnp.dtype(f"uint{info.bits}")
    bits = lax.bitcast_convert_type(self, uint)
    frac = bits & uint.type((1 << info.nmant) - 1)
    subnormal = ((bits >> info.nmant) & uint.type((1 << info.nexp) - 1) == 0) & (frac != 0)
    sub_m, sub_e = jnp.frexp(frac.astype(jnp.float64 if info.bits == 64 else jnp.float32))
    sub_m = jnp.copysign(sub_m, jnp.where(jnp.signbit(self), -1.0, 1.0)).astype(self.dtype)
    sub_e = sub_e + (info.minexp - info.nmant)
    return jnp.where(subnormal, sub_m, mantissa), jnp.where(subnormal, sub_e, exponent).astype(jnp.int32)


@register("aten::gcd", promotion=Promotion.DEFAULT)
def aten_gcd(self, other):
    """gcd(Tensor self, Tensor other) -> Tensor"""
    # Euclid as C++ runs it, remainders truncated: jnp.gcd never ends when abs wraps
    # (int8 -128 stays -128); here the remainder's magnitude falls each step, and the minimum
    # gives C++'s answer (gcd(-128, 6) = -2)
    a, b = jnp.broadcast_arrays(jnp.abs(self), jnp.abs(other))

    def step(state):
        a, b = state
        return jnp.where(a != 0, jax.lax.rem(b, jnp.where(a != 0, a, 1)), 0), jnp.where(a != 0, a, b)

    return jax.lax.while_loop(lambda state: jnp.any(state[0] != 0), step, (a, b))[1]


@register("aten::ge.Scalar", "aten::ge.Tensor")
def aten_ge(self, other):
    """ge.Tensor(Tensor self, Tensor other) -> Tensor"""
    return _compare(jnp.greater_equal, self, other)


@register("aten::gelu", promotion=Promotion.DEFAULT, promote=("self",))
def aten_gelu(self, *, approximate="none"):
    """gelu(Tensor self, *, str approximate="none") -> Tensor"""
    if approximate == "tanh":
        inner = math.sqrt(2 / math.pi) * (self + 0.044715 * (self * self * self))
        return 0.5 * self * (1 + jnp.tanh(inner))
    if approximate != "none":
        raise RuntimeError(f"gelu: approximate must be 'none' or 'tanh', got '{approximate}'")
    return self * 0.5 * (1 + jsp.erf(self * math.sqrt(0.5)))


@register("aten::gt.Scalar", "aten::gt.Tensor")
def aten_gt(self, other):
    """gt.Tensor(Tensor self, Tensor other) -> Tensor"""
    return _compare(jnp.greater, self, other)


@register("aten::hardshrink_backward")
def aten_hardshrink_backward(grad_out, self, lambd):
    """hardshrink_backward(Tensor grad_out, Tensor self, Scalar lambd) -> Tensor"""
    return _shrink_backward(grad_out, self, lambd)


@register("aten::hardsigmoid", promotion=Promotion.DEFAULT)
def aten_hardsigmoid(self):
    """hardsigmoid(Tensor self) -> Tensor"""
    return jnp.minimum(jnp.maximum(self + 3, 0), 6) / 6


@register("aten::hardswish", promotion=Promotion.DEFAULT)
def aten_hardswish(self):
    """hardswish(Tensor self) -> Tensor"""
    return self * jnp.minimum(jnp.maximum(self + 3, 0), 6) / 6


@register("aten::hardtanh", promotion=Promotion.DEFAULT, promote=("self",))
def aten_hardtanh(self, min_val=-1, max_val=1):
    """hardtanh(Tensor self, Scalar min_val=-1, Scalar max_val=1) -> Tensor"""
    lo, hi = as_scalar(min_val, self.dtype), as_scalar(max_val, self.dtype)
    return jnp.minimum(jnp.maximum(self, lo), hi)


@register("aten::heaviside", promotion=Promotion.DEFAULT)
def aten_heaviside(self, values):
    """heaviside(Tensor self, Tensor values) -> Tensor"""
    return jnp.where(self == 0, values, (self > 0).astype(self.dtype))


@register("aten::hypot", promotion=Promotion.DEFAULT)
def aten_hypot(self, other):
    """hypot(Tensor self, Tensor other) -> Tensor"""
    return jnp.hypot(self, other)


@register("aten::isinf", promotion=Promotion.ALWAYS_BOOL)
def aten_isinf(self):
    """isinf(Tensor self) -> Tensor"""
    return jnp.isinf(self)


@register("aten::isnan", promotion=Promotion.ALWAYS_BOOL)
def aten_isnan(self):
    """isnan(Tensor self) -> Tensor"""
    return jnp.isnan(self)


@register("aten::isneginf", promotion=Promotion.ALWAYS_BOOL)
def aten_isneginf(self):
    """isneginf(Tensor self) -> Tensor"""
    _no_complex("isneginf", self.dtype)
    return jnp.isneginf(self)


@register("aten::isposinf", promotion=Promotion.ALWAYS_BOOL)
def aten_isposinf(self):
    """isposinf(Tensor self) -> Tensor"""
    _no_complex("isposinf", self.dtype)
    return jnp.isposinf(self)


@register("aten::lcm", promotion=Promotion.DEFAULT)
def aten_lcm(self, other):
    """lcm(Tensor self, Tensor other) -> Tensor"""
    # C++ computes |a / gcd * b| in int for narrower types and casts back: the wrapped product
    # keeps its sign there (int16 lcm(1113, 10701) is -27625), so compute at least in int32
    dtype = self.dtype
    a, b = (x.astype(jnp.promote_types(dtype, jnp.int32)) for x in (self, other))
    g = jnp.gcd(a, b)
    safe = jnp.where(g == 0, jnp.ones((), g.dtype), g)
    return jnp.where(g == 0, 0, jnp.abs(a // safe * b)).astype(dtype)


@register("aten::le.Scalar", "aten::le.Tensor")
def aten_le(self, other):
    """le.Tensor(Tensor self, Tensor other) -> Tensor"""
    return _compare(jnp.less_equal, self, other)


@register("aten::leaky_relu", promotion=Promotion.DEFAULT, promote=("self",))
def aten_leaky_relu(self, negative_slope=0.01):
    """leaky_relu(Tensor self, Scalar negative_slope=0.01) -> Tensor"""
    return jnp.where(self > 0, self, self * as_scalar(negative_slope, self.dtype))


@register("aten::lerp.Scalar", "aten::lerp.Tensor", promotion=Promotion.DEFAULT)
def aten_lerp(self, end, weight):
    """lerp.Tensor(Tensor self, Tensor end, Tensor weight) -> Tensor"""
    self, end, weight = _arrays(self, end, weight)
    # two formulas, as in torch, so that weight 0 gives self and weight 1 gives end exactly
    diff = end - self
    return jnp.where(jnp.abs(weight) < 0.5, self + weight * diff, end - diff * (1 - weight))


@register("aten::log", promotion=Promotion.INT_TO_FLOAT)
def aten_log(self):
    """log(Tensor self) -> Tensor"""
    return _clog(self) if _is_complex(self.dtype) else jnp.log(self)


@register("aten::log10", promotion=Promotion.INT_TO_FLOAT)
def aten_log10(self):
    """log10(Tensor self) -> Tensor"""
    return _log_base(self, 10)


@register("aten::log1p", promotion=Promotion.INT_TO_FLOAT)
def aten_log1p(self):
    """log1p(Tensor self) -> Tensor"""
    return _c10_log1p(self) if _is_complex(self.dtype) else jnp.log1p(self)


@register("aten::log2", promotion=Promotion.INT_TO_FLOAT)
def aten_log2(self):
    """log2(Tensor self) -> Tensor"""
    return _log_base(self, 2)


@register("aten::logaddexp", promotion=Promotion.DEFAULT)
def aten_logaddexp(self, other):
    """logaddexp(Tensor self, Tensor other) -> Tensor"""
    return complex_log_add_exp(self, other) if _is_complex(self.dtype) else jnp.logaddexp(self, other)


@register("aten::logaddexp2", promotion=Promotion.DEFAULT)
def aten_logaddexp2(self, other):
    """logaddexp2(Tensor self, Tensor other) -> Tensor"""
    return jnp.logaddexp2(self, other)


@register("aten::logical_and", promotion=Promotion.ALWAYS_BOOL)
def aten_logical_and(self, other):
    """logical_and(Tensor self, Tensor other) -> Tensor"""
    return jnp.logical_and(truthy(self), truthy(other))


@register("aten::logical_not", promotion=Promotion.ALWAYS_BOOL)
def aten_logical_not(self):
    """logical_not(Tensor self) -> Tensor"""
    return ~truthy(self)


@register("aten::logical_or", promotion=Promotion.ALWAYS_BOOL)
def aten_logical_or(self, other):
    """logical_or(Tensor self, Tensor other) -> Tensor"""
    return jnp.logical_or(truthy(self), truthy(other))


@register("aten::logical_xor", promotion=Promotion.ALWAYS_BOOL)
def aten_logical_xor(self, other):
    """logical_xor(Tensor self, Tensor other) -> Tensor"""
    return jnp.logical_xor(truthy(self), truthy(other))


@register("aten::logit", promotion=Promotion.INT_TO_FLOAT, promote=("self",))
def aten_logit(self, eps=None):
    """logit(Tensor self, float? eps=None) -> Tensor"""
    if eps is not None and eps >= 0:
        lo, hi = as_scalar(eps, self.dtype), as_scalar(1 - eps, self.dtype)
        self = jnp.where(self < lo, lo, jnp.where(self > hi, hi, self))
    out = jnp.log(self / (1 - self))
    return jnp.where(self == 1, jnp.full((), jnp.inf, self.dtype), out)


@register("aten::lt.Scalar", "aten::lt.Tensor")
def aten_lt(self, other):
    """lt.Tensor(Tensor self, Tensor other) -> Tensor"""
    return _compare(jnp.less, self, other)


@register("aten::masked_fill.Scalar", "aten::masked_fill.Tensor")
def aten_masked_fill(self, mask, value):
    """masked_fill.Scalar(Tensor self, Tensor mask, Scalar value) -> Tensor"""
    if isinstance(value, _PYSCALAR):
        value = as_scalar(value, self.dtype)
    else:
        if value.ndim != 0:
            raise RuntimeError(
                "masked_fill_ only supports a 0-dimensional value tensor, "
                f"but got tensor with {value.ndim} dimension(s)."
            )
        value = value.astype(self.dtype)
    out = jnp.where(mask, value, self)
    return jnp.broadcast_to(out, jnp.broadcast_shapes(self.shape, mask.shape))


@register("aten::maximum", promotion=Promotion.DEFAULT)
def aten_maximum(self, other):
    """maximum(Tensor self, Tensor other) -> Tensor"""
    _no_complex("maximum", self.dtype)
    return jnp.maximum(self, other)


@register("aten::minimum", promotion=Promotion.DEFAULT)
def aten_minimum(self, other):
    """minimum(Tensor self, Tensor other) -> Tensor"""
    _no_complex("minimum", self.dtype)
    return jnp.minimum(self, other)


@register("aten::mish", promotion=Promotion.DEFAULT)
def aten_mish(self):
    """mish(Tensor self) -> Tensor"""
    return self * jnp.tanh(jnp.log1p(jnp.exp(self)))


@register("aten::mul.Scalar", "aten::mul.Tensor", promotion=Promotion.DEFAULT)
def aten_mul(self, other):
    """mul.Tensor(Tensor self, Tensor other) -> Tensor"""
    self, other = _arrays(self, other)
    if self.dtype == jnp.bool_:
        return jnp.logical_and(self, other)
    return _c10_mul(self, other) if _is_complex(self.dtype) else jnp.multiply(self, other)


@register("aten::nan_to_num")
def aten_nan_to_num(self, nan=None, posinf=None, neginf=None):
    """nan_to_num(Tensor self, float? nan=None, float? posinf=None, float? neginf=None) -> Tensor"""
    if _is_exact(self.dtype):
        return self
    if _is_complex(self.dtype):
        return lax.complex(
            aten_nan_to_num(jnp.real(self), nan, posinf, neginf),
            aten_nan_to_num(jnp.imag(self), nan, posinf, neginf),
        )
    info = jnp.finfo(self.dtype)
    nan_v = as_scalar(0.0 if nan is None else nan, self.dtype)
    pos_v = as_scalar(info.max if posinf is None else posinf, self.dtype)
    neg_v = as_scalar(info.min if neginf is None else neginf, self.dtype)
    out = jnp.where(jnp.isnan(self), nan_v, self)
    return jnp.where(self == jnp.inf, pos_v, jnp.where(self == -jnp.inf, neg_v, out))


@register("aten::ne.Scalar", "aten::ne.Tensor")
def aten_ne(self, other):
    """ne.Tensor(Tensor self, Tensor other) -> Tensor"""
    return _compare(jnp.not_equal, self, other)


@register("aten::neg", promotion=Promotion.DEFAULT)
def aten_neg(self):
    """neg(Tensor self) -> Tensor"""
    _no_bool("Negation, the `-` operator,", self.dtype, "Use `~` or logical_not() to invert a mask.")
    return jnp.negative(self)


@register("aten::nextafter", promotion=Promotion.NO_OPMATH)
def aten_nextafter(self, other):
    """nextafter(Tensor self, Tensor other) -> Tensor"""
    return jnp.nextafter(self, other)


@register("aten::polar")
def aten_polar(abs, angle):
    """polar(Tensor abs, Tensor angle) -> Tensor"""
    _complex_parts("polar", abs, angle)  # torch's checks
    return _complex_parts("polar", abs * jnp.cos(angle), abs * jnp.sin(angle))


@register("aten::pow.Scalar", promotion=Promotion.BOOL_TO_LONG)
def aten_pow_scalar(self, exponent):
    """pow.Scalar(Scalar self, Tensor exponent) -> Tensor"""
    if self == 1 and not _is_complex(exponent.dtype):
        return jnp.ones_like(exponent)  # torch: 1 ** anything is 1, NaN included
    return aten_pow_tensor_tensor(*_arrays(self, exponent))


@register("aten::pow.Tensor_Scalar", promotion=Promotion.BOOL_TO_LONG)
def aten_pow_tensor_scalar(self, exponent):
    """pow.Tensor_Scalar(Tensor self, Scalar exponent) -> Tensor"""
    if _is_int(self.dtype):
        if exponent < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        return jnp.power(self, int(exponent))
    if _is_complex(self.dtype):
        return _complex_pow_scalar(self, exponent)
    # CPU torch's shortcuts for common exponents
    if exponent == 2:
        return self * self
    if exponent == 3:
        return self * self * self
    if exponent == 0.5:
        return jnp.sqrt(self)
    if exponent == -0.5:
        return lax.rsqrt(self)
    if exponent == -1:
        return 1 / self
    if exponent == -2:
        return 1 / (self * self)
    return jnp.power(*_arrays(self, exponent))


@register("aten::pow.Tensor_Tensor", promotion=Promotion.BOOL_TO_LONG)
def aten_pow_tensor_tensor(self, exponent):
    """pow.Tensor_Tensor(Tensor self, Tensor exponent) -> Tensor"""
    if _is_int(self.dtype):
        return _int_pow(self, exponent)
    if _is_complex(self.dtype):
        return _cpow(self, exponent)
    return jnp.power(self, exponent)


@register("aten::rad2deg", promotion=Promotion.INT_TO_FLOAT)
def aten_rad2deg(self):
    """rad2deg(Tensor self) -> Tensor"""
    return self * as_scalar(180 / math.pi, self.dtype)


@register("aten::reciprocal", promotion=Promotion.INT_TO_FLOAT)
def aten_reciprocal(self):
    """reciprocal(Tensor self) -> Tensor"""
    return _c10_div(jnp.ones_like(self), self) if _is_complex(self.dtype) else 1 / self


@register("aten::relu", promotion=Promotion.DEFAULT)
def aten_relu(self):
    """relu(Tensor self) -> Tensor"""
    _no_bool("relu", self.dtype, "")
    return jnp.maximum(self, jnp.zeros((), self.dtype))


@register(
    "aten::remainder.Scalar",
    "aten::remainder.Scalar_Tensor",
    "aten::remainder.Tensor",
    promotion=Promotion.DEFAULT,
)
def aten_remainder(self, other):
    """remainder.Tensor(Tensor self, Tensor other) -> Tensor"""
    return _remainder(self, other)


@register("aten::round", promotion=Promotion.DEFAULT)
def aten_round(self):
    """round(Tensor self) -> Tensor"""
    return self if _is_exact(self.dtype) else jnp.round(self)


@register("aten::round.decimals", promotion=Promotion.DEFAULT)
def aten_round_decimals(self, *, decimals):
    """round.decimals(Tensor self, *, int decimals) -> Tensor"""
    if _is_exact(self.dtype):
        return self
    scale = as_scalar(10.0 ** abs(decimals), self.dtype)
    if decimals < 0:
        return jnp.round(self / scale) * scale
    return jnp.round(self * scale) / scale


@register("aten::rsqrt", promotion=Promotion.INT_TO_FLOAT)
def aten_rsqrt(self):
    """rsqrt(Tensor self) -> Tensor"""
    if _is_complex(self.dtype):
        root = aten_sqrt(self)
        return _c10_div(jnp.ones_like(root), root)
    return lax.rsqrt(self)


@register("aten::sgn", promotion=Promotion.DEFAULT)
def aten_sgn(self):
    """sgn(Tensor self) -> Tensor"""
    if not _is_complex(self.dtype):
        return aten_sign(self)
    # z / |z| part by part, as CPU torch's vectorized kernel (sgn(inf j) = NaN i... = 0 + NaN i)
    mag = _complex_abs(self)
    safe = jnp.where(mag == 0, jnp.ones_like(mag), mag)
    return jnp.where(mag == 0, jnp.zeros((), self.dtype), _cx(self.real / safe, self.imag / safe, self))


@register("aten::sigmoid", promotion=Promotion.INT_TO_FLOAT)
def aten_sigmoid(self):
    """sigmoid(Tensor self) -> Tensor"""
    if _is_complex(self.dtype):  # 1 / (1 + exp(-z)), with C's exp and c10's division
        one = jnp.ones_like(self)
        return _c10_div(one, one + _cexp(-self))
    return jax.nn.sigmoid(self)


@register("aten::sign", promotion=Promotion.DEFAULT)
def aten_sign(self):
    """sign(Tensor self) -> Tensor"""
    if self.dtype == jnp.bool_:
        return self
    _no_complex("sign (use sgn for complex tensors)", self.dtype)
    # (0 < x) - (x < 0): NaN gives 0, as in torch
    return (self > 0).astype(self.dtype) - (self < 0).astype(self.dtype)


@register("aten::signbit", promotion=Promotion.ALWAYS_BOOL)
def aten_signbit(self):
    """signbit(Tensor self) -> Tensor"""
    _no_complex("signbit", self.dtype)
    if self.dtype == jnp.bool_:
        return jnp.zeros(self.shape, jnp.bool_)
    return self < 0 if _is_int(self.dtype) else jnp.signbit(self)


@register("aten::silu", promotion=Promotion.DEFAULT)
def aten_silu(self):
    """silu(Tensor self) -> Tensor"""
    return self / (1 + jnp.exp(-self))


@register("aten::sin", promotion=Promotion.INT_TO_FLOAT)
def aten_sin(self):
    """sin(Tensor self) -> Tensor"""
    if not _is_complex(self.dtype):
        return jnp.sin(self)
    w = _times_minus_i(_csinh(_times_i(self)))  # sin(z) = -i sinh(i z)
    # but C's csin(x + i inf) is NaN + inf i for x infinite or NaN, whatever the signs
    return jnp.where(~jnp.isfinite(self.real) & jnp.isinf(self.imag), _cx(jnp.nan, jnp.inf, self), w)


@register("aten::sinc", promotion=Promotion.INT_TO_FLOAT)
def aten_sinc(self):
    """sinc(Tensor self) -> Tensor"""
    x = self * as_scalar(math.pi, self.dtype)
    safe = jnp.where(self == 0, jnp.ones((), self.dtype), x)
    return jnp.where(self == 0, jnp.ones((), self.dtype), jnp.sin(safe) / safe)


@register("aten::sinh", promotion=Promotion.INT_TO_FLOAT)
def aten_sinh(self):
    """sinh(Tensor self) -> Tensor"""
    return _csinh(self) if _is_complex(self.dtype) else _real_sinh(self)


@register("aten::softplus", promotion=Promotion.DEFAULT, promote=("self",))
def aten_softplus(self, beta=1, threshold=20):
    """softplus(Tensor self, Scalar beta=1, Scalar threshold=20) -> Tensor"""
    scaled = self * beta
    return jnp.where(scaled > threshold, self, jnp.log1p(jnp.exp(scaled)) / beta)


@register("aten::softshrink_backward")
def aten_softshrink_backward(grad_output, self, lambd):
    """softshrink_backward(Tensor grad_output, Tensor self, Scalar lambd) -> Tensor"""
    return _shrink_backward(grad_output, self, lambd)


@register("aten::special_entr", promotion=Promotion.INT_TO_FLOAT)
def aten_special_entr(self):
    """special_entr(Tensor self) -> Tensor"""
    safe = jnp.where(self > 0, self, jnp.ones((), self.dtype))
    out = jnp.where(self > 0, -self * jnp.log(safe), jnp.where(self == 0, 0, -jnp.inf))
    return jnp.where(jnp.isnan(self), self, out.astype(self.dtype))


@register("aten::special_erfcx", promotion=Promotion.INT_TO_FLOAT)
def aten_special_erfcx(self):
    """special_erfcx(Tensor self) -> Tensor"""
    return jsp.erfcx(self)


@register("aten::special_log_ndtr", promotion=Promotion.INT_TO_FLOAT)
def aten_special_log_ndtr(self):
    """special_log_ndtr(Tensor self) -> Tensor"""
    return jsp.log_ndtr(self)


@register("aten::special_ndtri", promotion=Promotion.INT_TO_FLOAT)
def aten_special_ndtri(self):
    """special_ndtri(Tensor self) -> Tensor"""
    return jsp.ndtri(self)


@register(
    "aten::special_xlog1py",
    "aten::special_xlog1py.other_scalar",
    "aten::special_xlog1py.self_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_xlog1py(self, other):
    """special_xlog1py(Tensor self, Tensor other) -> Tensor"""
    return _xlogy(*_arrays(self, other), jnp.log1p)


@register("aten::sqrt", promotion=Promotion.INT_TO_FLOAT)
def aten_sqrt(self):
    """sqrt(Tensor self) -> Tensor"""
    w = jnp.sqrt(self)
    if not _is_complex(self.dtype):
        return w
    w = _quadrant(w, None, self.imag)
    # C's special values: sqrt(x + i inf) = inf + i inf for every x, NaN included
    x, y = self.real, self.imag
    w = jnp.where((x == jnp.inf) & jnp.isnan(y), _cx(jnp.inf, jnp.nan, self), w)
    w = jnp.where((x == -jnp.inf) & jnp.isnan(y), _cx(jnp.nan, jnp.inf, self), w)
    return jnp.where(jnp.isinf(y), _cx(jnp.inf, y, self), w)


def _is_bool(x) -> bool:
    return isinstance(x, bool) or getattr(x, "dtype", None) == jnp.bool_


def _sub_body(self, other, *, alpha=1):
    self, other = _arrays(self, other)
    if _is_complex(self.dtype):
        return _complex_add(self, other, -alpha)
    if alpha != 1:
        _check_alpha("sub", alpha, self.dtype)
        other = other * as_scalar(alpha, other.dtype)
    return jnp.subtract(self, other)


_sub_promoted = promoting(_sub_body, Promotion.DEFAULT, (0, 1))


def _sub_checked(self, other, alpha):
    # torch refuses bool operands before promoting, so check before the promotion wrapper runs
    if _is_bool(self) and _is_bool(other):
        raise RuntimeError(
            "Subtraction, the `-` operator, with two bool tensors is not supported. "
            "Use the `^` or `logical_xor()` operator instead."
        )
    if _is_bool(self) or _is_bool(other):
        raise RuntimeError(
            "Subtraction, the `-` operator, with a bool tensor is not supported. "
            "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."
        )
    return _sub_promoted(self, other, alpha=alpha)


@register("aten::sub.Scalar")
def aten_sub_scalar(self, other, alpha=1):
    """sub.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor"""
    return _sub_checked(self, other, alpha)


@register("aten::sub.Tensor")
def aten_sub_tensor(self, other, *, alpha=1):
    """sub.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor"""
    return _sub_checked(self, other, alpha)


@register("aten::tan", promotion=Promotion.INT_TO_FLOAT)
def aten_tan(self):
    """tan(Tensor self) -> Tensor"""
    return _times_minus_i(_ctanh(_times_i(self))) if _is_complex(self.dtype) else jnp.tan(self)


@register("aten::tanh", promotion=Promotion.INT_TO_FLOAT)
def aten_tanh(self):
    """tanh(Tensor self) -> Tensor"""
    return _ctanh(self) if _is_complex(self.dtype) else jnp.tanh(self)


@register("aten::threshold", promotion=Promotion.DEFAULT, promote=("self",))
def aten_threshold(self, threshold, value):
    """threshold(Tensor self, Scalar threshold, Scalar value) -> Tensor"""
    return jnp.where(self <= as_scalar(threshold, self.dtype), as_scalar(value, self.dtype), self)


@register("aten::threshold_backward")
def aten_threshold_backward(grad_output, self, threshold):
    """threshold_backward(Tensor grad_output, Tensor self, Scalar threshold) -> Tensor"""
    return jnp.where(self <= threshold, jnp.zeros((), grad_output.dtype), grad_output)


@register("aten::trunc", promotion=Promotion.DEFAULT)
def aten_trunc(self):
    """trunc(Tensor self) -> Tensor"""
    return self if _is_exact(self.dtype) else jnp.trunc(self)


@register("aten::where.self", promotion=Promotion.NO_OPMATH, promote=("self", "other"))
def aten_where_self(condition, self, other):
    """where.self(Tensor condition, Tensor self, Tensor other) -> Tensor"""
    return jnp.where(condition, self, other)


@register("aten::where.Scalar", "aten::where.ScalarOther", "aten::where.ScalarSelf",
          promotion=Promotion.NO_OPMATH, promote=("self", "other"))  # fmt: skip
def aten_where_scalar(condition, self, other):
    """where.ScalarSelf(Tensor condition, Scalar self, Tensor other) -> Tensor"""
    return jnp.where(condition, self, other)


@register(
    "aten::xlogy.Scalar_Other",
    "aten::xlogy.Scalar_Self",
    "aten::xlogy.Tensor",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_xlogy(self, other):
    """xlogy.Tensor(Tensor self, Tensor other) -> Tensor"""
    return _xlogy(*_arrays(self, other), jnp.log)
