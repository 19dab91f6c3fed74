"""Complex arithmetic as CPU PyTorch computes it, built from real and imaginary parts.

CPU torch multiplies and divides complex numbers with c10::complex's formulas (the plain product,
Smith's division), and calls C's complex functions (C99 Annex G special values) for exp, log,
sqrt and the trigonometric family. XLA's complex ops differ at infinities and NaNs (e.g.
1 / (inf + inf j) is 0 there, NaN in torch)."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
from jax import lax

from torchax.ops._helpers import as_scalar, float32_via_double


def _quadrant(w: jax.Array, re_like: jax.Array | None, im_like: jax.Array) -> jax.Array:
    """Signs of an inverse function's parts set from the argument's (signed zeros included), so
    that a value on a branch cut lands on the side its signed zero names, as in C's complex math."""
    re = jnp.abs(w.real) if re_like is None else jnp.copysign(jnp.abs(w.real), re_like)
    return lax.complex(re, jnp.copysign(jnp.abs(w.imag), im_like))


def _real_sinh(x: jax.Array) -> jax.Array:
    """sinh of real values; float32 through float64: XLA's float32 sinh is off by more than
    torch's tolerance (sinh(33) by 1.4e-6 relative)."""
    return float32_via_double(jnp.sinh, x)


def _real_cosh(x: jax.Array) -> jax.Array:
    """cosh of real values; float32 through float64, as _real_sinh."""
    return float32_via_double(jnp.cosh, x)


def _cx(re, im, like: jax.Array) -> jax.Array:
    """A complex array shaped like `like` from two real parts (arrays or Python numbers)."""
    dtype, shape = like.real.dtype, jnp.broadcast_shapes(jnp.shape(re), jnp.shape(im), like.shape)
    return lax.complex(
        jnp.broadcast_to(jnp.asarray(re, dtype), shape), jnp.broadcast_to(jnp.asarray(im, dtype), shape)
    )


def _c10_mul(x: jax.Array, y: jax.Array) -> jax.Array:
    """x * y as c10::complex: (ac - bd) + (ad + bc) i, so inf * 0 makes a NaN part."""
    a, b, c, d = x.real, x.imag, y.real, y.imag
    return _cx(a * c - b * d, a * d + b * c, x)


def _c10_div(x: jax.Array, y: jax.Array) -> jax.Array:
    """x / y as c10::complex (NumPy's Smith division): scaled by the larger part of y."""
    x, y = jnp.broadcast_arrays(x, y)
    a, b, c, d = x.real, x.imag, y.real, y.imag
    by_c = jnp.abs(c) >= jnp.abs(d)  # False when either is NaN, as in C++
    rat = jnp.where(by_c, d / c, c / d)
    scl = 1 / jnp.where(by_c, c + d * rat, d + c * rat)
    re = jnp.where(by_c, (a + b * rat) * scl, (a * rat + b) * scl)
    im = jnp.where(by_c, (b - a * rat) * scl, (b * rat - a) * scl)
    by_zero = by_c & (c == 0) & (d == 0)  # a complex infinity or NaN, part by part
    return _cx(jnp.where(by_zero, a / jnp.abs(c), re), jnp.where(by_zero, b / jnp.abs(d), im), x)


def _c99_mul(x: jax.Array, y: jax.Array) -> jax.Array:
    """x * y as C's complex product (Annex G, the one C's cpow uses): where the plain formula
    gives NaN + NaN i although a factor is infinite (or a product overflowed), the infinity is
    recovered."""
    a, b, c, d = x.real, x.imag, y.real, y.imag
    ac, bd, ad, bc = a * c, b * d, a * d, b * c
    re, im = ac - bd, ad + bc

    def box(u):  # an infinite part as ±1, a finite one as ±0
        return jnp.copysign(jnp.where(jnp.isinf(u), 1, 0).astype(u.dtype), u)

    def unnan(u):
        return jnp.where(jnp.isnan(u), jnp.copysign(jnp.zeros_like(u), u), u)

    x_inf = jnp.isinf(a) | jnp.isinf(b)
    y_inf = jnp.isinf(c) | jnp.isinf(d)
    a, b = jnp.where(x_inf, box(a), a), jnp.where(x_inf, box(b), b)
    c, d = jnp.where(x_inf, unnan(c), c), jnp.where(x_inf, unnan(d), d)
    c, d = jnp.where(y_inf, box(c), c), jnp.where(y_inf, box(d), d)
    a, b = jnp.where(y_inf, unnan(a), a), jnp.where(y_inf, unnan(b), b)
    overflow = ~x_inf & ~y_inf & (jnp.isinf(ac) | jnp.isinf(bd) | jnp.isinf(ad) | jnp.isinf(bc))
    a, b, c, d = (jnp.where(overflow, unnan(u), u) for u in (a, b, c, d))
    recover = jnp.isnan(re) & jnp.isnan(im) & (x_inf | y_inf | overflow)
    re = jnp.where(recover, jnp.inf * (a * c - b * d), re)
    im = jnp.where(recover, jnp.inf * (a * d + b * c), im)
    return _cx(re, im, x)


def _complex_add(x: jax.Array, y: jax.Array, alpha) -> jax.Array:
    """x + alpha * y as CPU torch adds complex tensors: the complex product alpha * y is taken
    even for alpha 1, so an infinite part of y makes its other part NaN (inf * 0)."""
    return x + _c10_mul(y, as_scalar(alpha, y.dtype))


def _cpow(base: jax.Array, exponent: jax.Array) -> jax.Array:
    """C's cpow, as CPU torch calls it: exp(exponent * log(base)) with C's product, so 0 ** 0
    is NaN + NaN i. A finite complex64 result is taken from complex128: cexp amplifies the
    float32 rounding of exponent * log(base) (glibc's cpowf rounds less than XLA's float32 log,
    sin and cos); infinite and NaN parts stay where the complex64 computation puts them, as C's."""
    narrow = _cexp(_c99_mul(*jnp.broadcast_arrays(exponent, _clog(base))))
    if base.dtype != jnp.complex64:
        return narrow
    wide = _cpow(base.astype(jnp.complex128), exponent.astype(jnp.complex128)).astype(jnp.complex64)
    return jnp.where(jnp.isfinite(narrow) & jnp.isfinite(wide), wide, narrow)  # both parts finite


def complex_log_add_exp(x: jax.Array, y: jax.Array) -> jax.Array:
    """log(exp(x) + exp(y)) for complex values as CPU torch computes it (logaddexp, and each step
    of logcumsumexp): max + log1p(exp(min - max)), min and max by real part (y is the min on a
    tie), not wrapped to the principal value; NaN + NaN i where a part is NaN; for equal infinite
    real parts min (-inf) or log(exp(x) + exp(y)) (+inf)."""
    x, y = jnp.broadcast_arrays(x, y)
    x_first = x.real < y.real
    lo, hi = jnp.where(x_first, x, y), jnp.where(x_first, y, x)
    general = _c10_log1p(_cexp(lo - hi)) + hi
    infinite = jnp.where(lo.real < 0, lo, _clog(_cexp(lo) + _cexp(hi)))
    out = jnp.where(jnp.isinf(lo.real) & (lo.real == hi.real), infinite, general)
    nan = jnp.isnan(x.real) | jnp.isnan(x.imag) | jnp.isnan(y.real) | jnp.isnan(y.imag)
    return jnp.where(nan, _cx(jnp.nan, jnp.nan, x), out)


def _exp_limit(dtype) -> int:
    """glibc's t = int((max exponent - 1) ln 2): beyond it exp overflows, and C's complex
    functions scale by exp(t) first."""
    return int((jnp.finfo(dtype).maxexp - 1) * math.log(2))


def _exp_times(a: jax.Array, m: jax.Array, *, half: bool = False) -> jax.Array:
    """exp(a) * m (half: exp(a) / 2 * m), finite wherever the product is, as glibc's complex
    functions compute it: beyond t (see _exp_limit) m is scaled by exp(t) (up to twice) first."""
    t = _exp_limit(a.dtype)
    exp_t = jnp.exp(as_scalar(t, a.dtype))
    for scale in (exp_t / 2 if half else exp_t, exp_t):
        big = a > t
        m = jnp.where(big, m * scale, m)
        a = jnp.where(big, a - t, a)
    return jnp.exp(a) * m


def _cexp(z: jax.Array) -> jax.Array:
    """C's cexp: exp(x) cis(y), with exp(+inf + i inf) = inf + NaN i, exp(-inf + i inf) = 0 and
    an imaginary part 0 wherever y is."""
    x, y = z.real, z.imag
    re, im = _exp_times(x, jnp.cos(y)), _exp_times(x, jnp.sin(y))
    bad_y = ~jnp.isfinite(y)
    re = jnp.where((x == jnp.inf) & bad_y, x, jnp.where((x == -jnp.inf) & bad_y, 0, re))
    im = jnp.where((x == -jnp.inf) & bad_y, jnp.copysign(jnp.zeros_like(y), y), im)
    return _cx(re, jnp.where(y == 0, y, im), z)


def _clog(z: jax.Array) -> jax.Array:
    """C's clog: an infinite part makes |z| infinite even when the other part is NaN."""
    w = jnp.log(z)
    x, y = z.real, z.imag
    inf_nan = (jnp.isinf(x) | jnp.isinf(y)) & (jnp.isnan(x) | jnp.isnan(y))
    return jnp.where(inf_nan, _cx(jnp.inf, jnp.nan, z), w)


def _csinh(z: jax.Array) -> jax.Array:
    """C's csinh from real functions (jnp's complex sinh loses a small real part, and overflows
    cosh(x) sin(y) early); sinh(±0 + i y) = ±0 + i sin(y), sinh(±inf + i inf) = inf + NaN i."""
    x, y = z.real, z.imag
    big = jnp.abs(x) > _exp_limit(x.dtype)
    cos_y = jnp.where(jnp.signbit(x), -jnp.cos(y), jnp.cos(y))
    re = jnp.where(big, _exp_times(jnp.abs(x), cos_y, half=True), _real_sinh(x) * jnp.cos(y))
    im = jnp.where(big, _exp_times(jnp.abs(x), jnp.sin(y), half=True), _real_cosh(x) * jnp.sin(y))
    inf_x = jnp.isinf(x) & ~jnp.isfinite(y)
    re = jnp.where(inf_x, jnp.inf, jnp.where(x == 0, x, re))
    im = jnp.where(inf_x, jnp.nan, jnp.where(y == 0, y, im))
    return _cx(re, im, z)


def _ccosh(z: jax.Array) -> jax.Array:
    """C's ccosh from real functions: cosh(±0 + i y) has imaginary part 0 (y infinite or NaN
    too), cosh(±inf + i inf) = inf + NaN i."""
    x, y = z.real, z.imag
    big = jnp.abs(x) > _exp_limit(x.dtype)
    sin_y = jnp.where(jnp.signbit(x), -jnp.sin(y), jnp.sin(y))
    re = jnp.where(big, _exp_times(jnp.abs(x), jnp.cos(y), half=True), _real_cosh(x) * jnp.cos(y))
    im = jnp.where(big, _exp_times(jnp.abs(x), sin_y, half=True), _real_sinh(x) * jnp.sin(y))
    inf_x = jnp.isinf(x) & ~jnp.isfinite(y)
    re = jnp.where(inf_x, jnp.inf, re)
    zero = jnp.copysign(jnp.zeros_like(x), x) * jnp.where(jnp.isfinite(y), y, 1)
    im = jnp.where(inf_x, jnp.nan, jnp.where((y == 0) | (x == 0), zero, im))
    return _cx(re, im, z)


def _ctanh(z: jax.Array) -> jax.Array:
    """C's ctanh: tanh(±0 + i y) = ±0 + i tan(y) (NaN for y infinite or NaN)."""
    x, y = z.real, z.imag
    w = jnp.tanh(z)
    return jnp.where((x == 0) & ~jnp.isfinite(y), _cx(x, jnp.nan, z), w)


def _times_i(z: jax.Array) -> jax.Array:
    """i z, exactly (no product): -y + x i."""
    return _cx(-z.imag, z.real, z)


def _times_minus_i(z: jax.Array) -> jax.Array:
    """-i z, exactly: y - x i."""
    return _cx(z.imag, -z.real, z)


def _nan_cases(z: jax.Array, w: jax.Array, *, y_nan_x_zero, y_nan_x_inf, x_nan_y_inf, x_nan_y_zero=None):
    """w, or where a part of z is NaN the value C's inverse functions give (Annex G): (re, im)
    pairs for a NaN y with x = ±0 or x infinite, for a NaN x with y infinite (or y = ±0), and
    NaN + NaN i in every other case."""
    x, y = z.real, z.imag
    out = jnp.where(jnp.isnan(x) | jnp.isnan(y), _cx(jnp.nan, jnp.nan, z), w)
    out = jnp.where(jnp.isnan(y) & (x == 0), _cx(*y_nan_x_zero, z), out)
    out = jnp.where(jnp.isnan(y) & jnp.isinf(x), _cx(*y_nan_x_inf, z), out)
    out = jnp.where(jnp.isnan(x) & jnp.isinf(y), _cx(*x_nan_y_inf, z), out)
    if x_nan_y_zero is not None:
        out = jnp.where(jnp.isnan(x) & (y == 0), _cx(*x_nan_y_zero, z), out)
    return out


def _casinh(z: jax.Array) -> jax.Array:
    """C's casinh: jnp's, with signs on the branch cuts and C's NaN cases."""
    w = _quadrant(jnp.arcsinh(z), z.real, z.imag)
    x, y = z.real, z.imag
    return _nan_cases(
        z, w, y_nan_x_zero=(jnp.nan, jnp.nan), y_nan_x_inf=(x, jnp.nan), x_nan_y_inf=(jnp.copysign(jnp.inf, x), jnp.nan),
        x_nan_y_zero=(jnp.nan, y),
    )  # fmt: skip


def _catanh(z: jax.Array) -> jax.Array:
    """C's catanh: jnp's, with signs on the branch cuts and C's NaN cases. complex64 is computed
    in complex128: near ±1 jnp's float32 formula overflows (atanh(1 + 1e-30 i) is not inf)."""
    w = _quadrant(jnp.arctanh(z.astype(jnp.complex128)).astype(z.dtype), z.real, z.imag)
    x, y = z.real, z.imag
    zero = jnp.copysign(jnp.zeros_like(x), x)
    right_angle = jnp.copysign(jnp.full_like(y, math.pi / 2), y)
    return _nan_cases(
        z, w, y_nan_x_zero=(x, jnp.nan), y_nan_x_inf=(zero, jnp.nan), x_nan_y_inf=(zero, right_angle)
    )


def _c10_log1p(z: jax.Array) -> jax.Array:
    """log1p as c10::complex computes it on CPU: with u = 1 + z, z where u == 1, log(u) where
    u - 1 == z, else log(u) * (z / (u - 1))."""
    x, y = z.real, z.imag
    u_re = x + 1
    log_u = _clog(_cx(u_re, y, z))
    out = _c10_mul(log_u, _c10_div(z, _cx(u_re - 1, y, z)))
    out = jnp.where((u_re - 1 == x) & ~jnp.isnan(y), log_u, out)
    return jnp.where((u_re == 1) & (y == 0), z, out)
