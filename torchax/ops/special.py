"""Special functions: gamma family, zeta, Bessel, Airy and orthogonal polynomials."""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import jax
import jax.numpy as jnp
import jax.scipy.special as jsp
from jax import lax

from torchax.ops.pointwise import _arrays, _is_exact
from torchax.registry import Promotion, register

# -- orthogonal polynomials ------------------------------------------------------------------


def _degree(n: jax.Array) -> jax.Array:
    """A polynomial degree as C++'s static_cast<int64_t> makes it (NaN, inf, overflow: negative)."""
    if _is_exact(n.dtype):
        return n.astype(jnp.int64)
    ok = jnp.isfinite(n) & (jnp.abs(n) < 2.0**63)
    return jnp.where(ok, jnp.trunc(jnp.where(ok, n, 0)), -1).astype(jnp.int64)


@functools.partial(jax.jit, static_argnames=("step", "stop_on_nan"))
def _recurrence(x, n, p1, active, *, step, stop_on_nan=True):
    """P_n by a three-term recurrence, from P_0 = 1 and P_1 = p1: step(j, x, P_{j-1}, P_j) gives
    P_{j+1}. Elements stop at their own degree (where `active`); the loop stops when every active
    element is done or, like torch's loops, has become NaN."""
    bound = jnp.max(jnp.where(active, n, 0), initial=0)

    def cond(carry):
        j, _, q = carry
        live = active & (j < n)
        if stop_on_nan:
            live = live & ~jnp.isnan(q)
        return (j < bound) & jnp.any(live)

    def body(carry):
        j, p, q = carry
        live = active & (j < n)
        if stop_on_nan:
            live = live & ~jnp.isnan(q)
        r = step(j.astype(x.dtype), x, p, q)
        return j + 1, jnp.where(live, q, p), jnp.where(live, r, q)

    p0 = jnp.ones_like(x)
    _, _, q = lax.while_loop(cond, body, (jnp.asarray(1, jnp.int64), p0, p1))
    return jnp.where(n < 0, jnp.zeros_like(x), jnp.where(n == 0, p0, q))


def _chebyshev_step(j, y, p, q):
    return (y + y) * q - p


def _chebyshev(kind: str, x, n, shifted: bool):
    """Chebyshev polynomials T, U, V, W (or their shifted forms on [0, 1]) as CPU torch computes
    them: exact values at the ends of the interval, trigonometric forms for high degrees inside
    it, the recurrence elsewhere."""
    x, n = _arrays(x, n)
    x, n = jnp.broadcast_arrays(x, _degree(n))
    y = x + x - 1 if shifted else x
    nf = n.astype(x.dtype)
    one = jnp.ones_like(x)
    odd = n % 2 == 1
    sign = jnp.where(odd, -one, one)
    at_plus = (x == 1) if shifted else (jnp.abs(x) == 1) & (x > 0)
    at_minus = (x == 0) if shifted else (jnp.abs(x) == 1) & (x < 0)
    theta = jnp.arccos(jnp.clip(y, -1, 1))
    if kind == "t":
        p1, plus, minus = y, one, sign
        trig = jnp.cos(nf * theta)
        trig_from = 6
    elif kind == "u":
        p1, plus, minus = y + y, nf + 1, sign * (nf + 1)
        s = jnp.sin(theta)
        trig = jnp.where(s != 0, jnp.sin((nf + 1) * theta) / s, (nf + 1) * jnp.cos((nf + 1) * theta) / y)
        trig_from = 6 if shifted else 8
    elif kind == "v":
        p1, plus, minus = y + y - 1, one, sign * (nf + nf + 1)
        trig = jnp.where(jnp.sin(theta / 2) != 1, jnp.cos((nf + 0.5) * theta) / jnp.cos(theta / 2), minus)
        trig_from = 6 if shifted else 8
    else:
        p1, plus, minus = y + y + 1, nf + nf + 1, sign
        at_end = minus if shifted else jnp.where(x > 0, plus, minus)
        trig = jnp.where(jnp.cos(theta / 2) != 1, jnp.sin((nf + 0.5) * theta) / jnp.sin(theta / 2), at_end)
        trig_from = 4 if shifted else 8
    use_trig = (n > trig_from) & (jnp.abs(y) < 1)
    ends = at_plus | at_minus
    rec = _recurrence(y, n, p1, ~ends & ~use_trig, step=_chebyshev_step)
    out = jnp.where(use_trig, trig, rec)
    out = jnp.where(ends, jnp.where(at_plus, plus, minus), out)
    return jnp.where(n < 0, jnp.zeros_like(x), out)


def _hermite_h_step(j, x, p, q):
    return (x + x) * q - (j + j) * p


def _hermite_he_step(j, x, p, q):
    return x * q - j * p


def _laguerre_step(j, x, p, q):
    return (((j + j) + (1 - x)) * q - j * p) / (j + 1)


def _legendre_step(j, x, p, q):
    return ((j + j + 1) * x * q - j * p) / (j + 1)


def _hermite(x, n, p1_of, step):
    """Hermite polynomials as CPU torch computes them: NaN above a degree limit of the dtype."""
    x, n = _arrays(x, n)
    x, n = jnp.broadcast_arrays(x, _degree(n))
    limit = 128 if x.dtype == jnp.float32 else 512
    out = _recurrence(x, n, p1_of(x), n <= limit, step=step, stop_on_nan=False)
    return jnp.where(n > limit, jnp.full((), jnp.nan, x.dtype), out)


# -- zeta and the Bessel family, computed in float64 (CPU torch computes float32 in double too) --

_EULER_GAMMA = 0.57721566490153286061
_F64 = jnp.float64


def _wide(x: jax.Array) -> jax.Array:
    return x.astype(_F64)


def _bernoulli_even(count: int) -> list[Fraction]:
    """B_2, B_4, ..., B_{2 count}, from sum_{k<=m} C(m+1, k) B_k = 0."""
    b = [Fraction(1)]
    for m in range(1, 2 * count + 1):
        b.append(-sum(math.comb(m + 1, k) * b[k] for k in range(m)) / (m + 1))
    return [b[2 * j] for j in range(1, count + 1)]


# Euler-Maclaurin corrections B_2j / (2j)!
_EM = [float(b / math.factorial(2 * j)) for j, b in enumerate(_bernoulli_even(14), start=1)]
_ZETA_SHIFT = 16  # terms summed directly before the Euler-Maclaurin tail


def _hurwitz_positive(s: jax.Array, a: jax.Array) -> jax.Array:
    """sum_{k>=0} (a + k)^-s for a > 0, s > 1: a direct sum, then the Euler-Maclaurin tail."""
    total = jnp.zeros_like(a + s)
    for k in range(_ZETA_SHIFT):
        total = total + jnp.power(a + k, -s)
    w = a + _ZETA_SHIFT
    w_s = jnp.power(w, -s)
    total = total + w * w_s / (s - 1) + 0.5 * w_s
    term = w_s * s / w  # (s)_(2j-1) w^(-s-2j+1), j = 1
    for j, c in enumerate(_EM, start=1):
        total = total + c * term
        term = term * (s + 2 * j - 1) * (s + 2 * j) / (w * w)
    return total


def _hurwitz_zeta(s: jax.Array, q: jax.Array) -> jax.Array:
    """sum_{k>=0} (q + k)^-s as CPU torch defines it: for q < 0 (s an integer) the sum runs over
    the terms with q + k < 0 too. Those are (-1)^s (zeta(s, 1 - r) - zeta(s, m + 1 - r)) with
    r = q + m in (0, 1), so every zeta evaluated has a positive argument."""
    s, q = jnp.broadcast_arrays(_wide(s), _wide(q))
    neg = q <= 0
    m = jnp.where(neg, jnp.ceil(-q), 0)
    r = jnp.where(neg, q + m, q)
    r = jnp.where(r > 0, r, 1)  # q a non-positive integer: inf below
    odd = jnp.mod(s, 2) == 1
    head = _hurwitz_positive(s, jnp.where(neg, 1 - r, 1)) - _hurwitz_positive(s, m + 1 - r)
    out = _hurwitz_positive(s, r) + jnp.where(neg, jnp.where(odd, -head, head), 0)
    inf, nan = jnp.inf, jnp.nan
    out = jnp.where(neg & (s != jnp.floor(s)), nan, out)
    out = jnp.where(neg & (q == jnp.floor(q)), inf, out)
    out = jnp.where((q == inf) | jnp.isnan(q), nan, out)
    out = jnp.where(s < 1, nan, out)
    return jnp.where(s == 1, inf, out)


def _horner(coefs: list[float], y: jax.Array) -> jax.Array:
    out = jnp.zeros_like(y)
    for c in reversed(coefs):
        out = out * y + c
    return out


def _hankel_coefs(nu: float, count: int) -> list[float]:
    """a_k(nu) = prod_{i<=k} (4 nu^2 - (2i - 1)^2) / (k! 8^k): the asymptotic series of the Bessel
    functions for large arguments are sums of a_k / x^k with signs that depend on the function."""
    mu, a, out = 4 * nu * nu, 1.0, [1.0]
    for k in range(1, count):
        a *= (mu - (2 * k - 1) ** 2) / (8 * k)
        out.append(a)
    return out


def _hankel_pq(nu: float, x: jax.Array) -> tuple[jax.Array, jax.Array]:
    """P and Q of J_nu = sqrt(2 / (pi x)) (P cos chi - Q sin chi), Y_nu = ... (P sin chi + Q cos chi)."""
    a = _hankel_coefs(nu, 24)
    p = [a[k] * (-1) ** (k // 2) for k in range(0, 24, 2)]
    q = [a[k] * (-1) ** (k // 2) for k in range(1, 24, 2)]
    y = 1 / x
    return _horner(p, y * y), y * _horner(q, y * y)


_MILLER_N = 64  # start of the backward recurrence; J_64(x) is below 1e-20 of J_0 for x <= 20
_MILLER_NORM = [1.0] + [2.0 if m % 2 == 0 else 0.0 for m in range(1, _MILLER_N + 1)]
# S0 = sum_k (-1)^k J_2k / k and S1 = sum_k (-1)^k (J_{2k-1} - J_{2k+1}) / k as weights on J_m
_MILLER_S0 = [0.0] + [(-1) ** (m // 2) / (m // 2) if m % 2 == 0 else 0.0 for m in range(1, _MILLER_N + 1)]
_MILLER_S1 = [0.0] * (_MILLER_N + 1)
for _m in range(1, _MILLER_N + 1, 2):
    _k = (_m + 1) // 2
    _MILLER_S1[_m] += (-1) ** _k / _k
    if _m >= 3:
        _MILLER_S1[_m] -= (-1) ** (_k - 1) / (_k - 1)


def _miller(x: jax.Array):
    """J_0, J_1 and the Neumann sums S0, S1 for 1e-5 <= x <= 20: J_n by the backward recurrence
    J_{n-1} = (2n / x) J_n - J_{n+1} from n = 64, normalised by J_0 + 2 sum J_2k = 1."""
    norm_w, s0_w, s1_w = (jnp.asarray(c, _F64) for c in (_MILLER_NORM, _MILLER_S0, _MILLER_S1))

    def body(i, carry):
        f_next, f, f1, norm, s0, s1 = carry
        n = _MILLER_N - i
        m = n - 1
        f_prev = (2 * n) / x * f - f_next
        norm, s0, s1 = norm + norm_w[m] * f_prev, s0 + s0_w[m] * f_prev, s1 + s1_w[m] * f_prev
        f1 = jnp.where(m == 1, f_prev, f1)
        big = jnp.abs(f_prev) > 1e200
        scale = jnp.where(big, 1e-200, 1.0)
        return f * scale, f_prev * scale, f1 * scale, norm * scale, s0 * scale, s1 * scale

    zero, one = jnp.zeros_like(x), jnp.ones_like(x)
    init = (zero, one, zero, norm_w[_MILLER_N] * one, s0_w[_MILLER_N] * one, s1_w[_MILLER_N] * one)
    _, f0, f1, norm, s0, s1 = lax.fori_loop(0, _MILLER_N, body, init)
    return f0 / norm, f1 / norm, s0 / norm, s1 / norm


_J_SMALL, _J_LARGE = 1e-5, 20.0


def _bessel_j_y(x: jax.Array, order: int, kind: str) -> jax.Array:
    """J_order or Y_order (order 0 or 1) of |x| in float64; the callers add signs and domains."""
    ax = jnp.abs(_wide(x))
    small, large = ax < _J_SMALL, ax > _J_LARGE
    mid_x = jnp.where(small | large, 1.0, ax)
    j0, j1, s0, s1 = _miller(mid_x)
    sx = jnp.where(small, ax, 1.0)
    j0 = jnp.where(small, 1 - sx * sx / 4, j0)
    j1 = jnp.where(small, sx / 2 * (1 - sx * sx / 8), j1)
    s0 = jnp.where(small, -sx * sx / 8, s0)
    s1 = jnp.where(small, -sx / 2, s1)
    if kind == "j":
        near = j0 if order == 0 else j1
    else:
        lx = jnp.where(large, 1.0, ax)
        log_term = (2 / math.pi) * (jnp.log(lx / 2) + _EULER_GAMMA)
        if order == 0:
            near = log_term * j0 - (4 / math.pi) * s0
        else:
            near = log_term * j1 - (2 / math.pi) * j0 / lx + (2 / math.pi) * s1
    bx = jnp.where(large, ax, _J_LARGE + 1)
    p, q = _hankel_pq(order, bx)
    c, s = jnp.cos(bx), jnp.sin(bx)
    r = math.sqrt(0.5)
    if order == 0:  # chi = x - pi/4
        cos_chi, sin_chi = (c + s) * r, (s - c) * r
    else:  # chi = x - 3 pi/4
        cos_chi, sin_chi = (s - c) * r, -(s + c) * r
    amp = jnp.sqrt(2 / (math.pi * bx))
    far = amp * (p * cos_chi - q * sin_chi) if kind == "j" else amp * (p * sin_chi + q * cos_chi)
    return jnp.where(large, far, near)


def _bessel_y(x: jax.Array, order: int) -> jax.Array:
    out = _bessel_j_y(x, order, "y")
    out = jnp.where(x == 0, -jnp.inf, out)
    return jnp.where(x < 0, jnp.nan, out).astype(x.dtype)


_K_SERIES_MAX, _K_QUAD_MAX = 2.0, 25.0
_K_STEP, _K_NODES = 0.05, 121  # trapezoid rule on [0, 6]; its error falls like exp(-pi^2 / (2 h))


def _scaled_k_quadrature(nu: float, x: jax.Array) -> jax.Array:
    """exp(x) K_nu(x) = integral_0^inf exp(-x (cosh t - 1)) cosh(nu t) dt by the trapezoid rule,
    which converges exponentially for this analytic, doubly-exponentially decaying integrand."""

    def body(j, acc):
        t = j * _K_STEP
        w = jnp.where(j == 0, 0.5, 1.0) * _K_STEP
        return acc + w * jnp.exp(-x * (jnp.cosh(t) - 1)) * jnp.cosh(nu * t)

    return lax.fori_loop(0, _K_NODES, body, jnp.zeros_like(x))


def _scaled_k_asymptotic(nu: float, x: jax.Array) -> jax.Array:
    return jnp.sqrt(math.pi / (2 * x)) * _horner(_hankel_coefs(nu, 26), 1 / x)


def _scaled_k_large(nu: float, x: jax.Array) -> jax.Array:
    """exp(x) K_nu(x) for x above _K_SERIES_MAX (quadrature, then the asymptotic series)."""
    far = x > _K_QUAD_MAX
    quad = _scaled_k_quadrature(nu, jnp.where(far, _K_QUAD_MAX, x))
    return jnp.where(far, _scaled_k_asymptotic(nu, jnp.where(far, x, 2 * _K_QUAD_MAX)), quad)


_K_TERMS = 22
_HARMONIC = [sum(Fraction(1, i) for i in range(1, k + 1)) for k in range(_K_TERMS + 2)]


def _k_series(order: int, x: jax.Array) -> jax.Array:
    """K_0 or K_1 for 0 < x <= 2 by their series: the I series times log(x/2), plus digamma sums."""
    y = x * x / 4
    log_half = jnp.log(x / 2)
    if order == 0:
        i0 = _horner([1 / math.factorial(k) ** 2 for k in range(_K_TERMS)], y)
        rest = _horner([float(_HARMONIC[k]) / math.factorial(k) ** 2 for k in range(_K_TERMS)], y)
        return -(log_half + _EULER_GAMMA) * i0 + rest
    inv = [1 / (math.factorial(k) * math.factorial(k + 1)) for k in range(_K_TERMS)]
    i1 = x / 2 * _horner(inv, y)
    psi = [float(_HARMONIC[k] + _HARMONIC[k + 1]) - 2 * _EULER_GAMMA for k in range(_K_TERMS)]
    rest = _horner([p * c for p, c in zip(psi, inv, strict=True)], y)
    return 1 / x + log_half * i1 - x / 4 * rest


def _modified_k(x: jax.Array, order: int, scaled: bool) -> jax.Array:
    wx = _wide(x)
    near = wx <= _K_SERIES_MAX
    sx = jnp.where(near & (wx > 0), wx, 1.0)
    series = _k_series(order, sx)
    lx = jnp.where(near, 2 * _K_SERIES_MAX, wx)
    large = _scaled_k_large(order, lx)
    if scaled:
        out = jnp.where(near, series * jnp.exp(sx), large)
    else:
        out = jnp.where(near, series, large * jnp.exp(-lx))
    out = jnp.where(wx == 0, jnp.inf, out)
    return jnp.where(wx < 0, jnp.nan, out).astype(x.dtype)


# Airy Ai: the Maclaurin series near 0, K_{1/3} for x > 0, the oscillating expansion for x << 0
_AI0 = 3 ** (-2 / 3) / math.gamma(2 / 3)  # Ai(0)
_AIP0 = 3 ** (-1 / 3) / math.gamma(1 / 3)  # -Ai'(0)
_AIRY_SERIES_POS = 2.0
_AIRY_SERIES_NEG = -6.8  # zeta = 2/3 |x|^1.5 ~ 11.8: the asymptotic series is exact to ~1e-10 past here


def _airy_series_coefs(count: int) -> tuple[list[float], list[float]]:
    f, g = [1.0], [1.0]
    for k in range(1, count):
        f.append(f[-1] / ((3 * k - 1) * (3 * k)))
        g.append(g[-1] / ((3 * k) * (3 * k + 1)))
    return f, g


def _airy_u(count: int) -> list[float]:
    """u_k = (2k+1)(2k+3)...(6k-1) / (216^k k!), the coefficients of Airy's asymptotic series."""
    u = [1.0]
    for k in range(1, count):
        u.append(u[-1] * (6 * k - 5) * (6 * k - 3) * (6 * k - 1) / ((2 * k - 1) * 216 * k))
    return u


def _airy_ai(x: jax.Array) -> jax.Array:
    wx = _wide(x)
    series_x = jnp.where((wx >= _AIRY_SERIES_NEG) & (wx <= _AIRY_SERIES_POS), wx, 0.0)
    f, g = _airy_series_coefs(30)
    x3 = series_x * series_x * series_x
    series = _AI0 * _horner(f, x3) - _AIP0 * series_x * _horner(g, x3)

    pos = wx > _AIRY_SERIES_POS
    px = jnp.where(pos, wx, 2 * _AIRY_SERIES_POS)
    zeta = 2 / 3 * px * jnp.sqrt(px)
    scaled = _scaled_k_large(1 / 3, zeta)
    positive = jnp.sqrt(px / 3) / math.pi * scaled * jnp.exp(-zeta)

    neg = wx < _AIRY_SERIES_NEG
    z = jnp.where(neg, -wx, -2 * _AIRY_SERIES_NEG)
    zeta = 2 / 3 * z * jnp.sqrt(z)
    u = _airy_u(24)
    iz = 1 / zeta
    p = _horner([u[k] * (-1) ** (k // 2) for k in range(0, 24, 2)], iz * iz)
    q = iz * _horner([u[k] * (-1) ** (k // 2) for k in range(1, 24, 2)], iz * iz)
    c, s = jnp.cos(zeta), jnp.sin(zeta)
    r = math.sqrt(0.5)
    cos_phase, sin_phase = (c + s) * r, (s - c) * r  # zeta - pi/4
    negative = (cos_phase * p + sin_phase * q) / (math.sqrt(math.pi) * jnp.sqrt(jnp.sqrt(z)))

    out = jnp.where(pos, positive, jnp.where(neg, negative, series))
    return jnp.where(jnp.isinf(wx) | jnp.isnan(wx), jnp.nan, out).astype(x.dtype)


# -- the lowerings, alphabetical by op -------------------------------------------------------


@register("aten::digamma", promotion=Promotion.INT_TO_FLOAT)
def aten_digamma(self):
    """digamma(Tensor self) -> Tensor"""
    # torch: -inf at +0 and +inf at -0 (the limits from the right side of each), NaN at the poles
    at_zero = jnp.copysign(jnp.full((), jnp.inf, self.dtype), -self)
    return jnp.where(self == 0, at_zero, jsp.digamma(self))


@register("aten::i0", promotion=Promotion.INT_TO_FLOAT)
def aten_i0(self):
    """i0(Tensor self) -> Tensor"""
    return jsp.i0(self)


# Taylor coefficients in eta of Temme's C0 and C1 (DLMF 8.12.8), by Cauchy integrals in mpmath
_TEMME_C0 = (
    -1 / 3, 1 / 12, -2 / 135, 1 / 864, 1 / 2835, -1.7875514403292181e-4, 3.9192631785224378e-5,
    -2.1854485106799922e-6, -1.85406221071516e-6, 8.296711340953086e-7, -1.7665952736826079e-7,
    6.7078535434014986e-9,
)  # fmt: skip
_TEMME_C1 = (
    -1 / 540, -1 / 288, 1 / 378, -9.9022633744855967e-4, 2.0576131687242798e-4,
    -4.0187757201646091e-7, -1.8098550334489978e-5, 7.6491609160811101e-6,
)  # fmt: skip
_TEMME_FROM = 1e5  # shape parameters from which the expansion is used (error below 1e-14 there)


def _regularized_gamma(a, x, upper: bool):
    """Q(a, x) (`upper`) or P(a, x) in double precision. JAX's series and continued fraction lose
    accuracy as `a` grows (Q at a = x = 5e6: 0.00056 for 0.49994 in float32; a = 1e20: inf), so
    for a >= 1e5 Temme's uniform expansion: Q, P = erfc(+-eta sqrt(a/2))/2 +- R, with
    R = exp(-a eta^2/2)/sqrt(2 pi a) (C0 + C1/a)  (DLMF 8.12.3, 8.12.4)."""
    large = a >= _TEMME_FROM
    a_l = jnp.where(large, a, _TEMME_FROM)
    mu = jnp.where(large & jnp.isfinite(x), x, a_l) / a_l - 1  # lambda - 1
    eta = jnp.sign(mu) * jnp.sqrt(2 * (mu - jnp.log1p(mu)))
    near = jnp.abs(eta) < 0.3  # the closed forms cancel there: their Taylor series instead
    e = jnp.where(near, 1.0, eta)
    m = jnp.where(near, 1.0, mu)
    c0 = jnp.where(near, jnp.polyval(jnp.array(_TEMME_C0[::-1]), eta), 1 / m - 1 / e)
    closed_c1 = 1 / e**3 - 1 / m**3 - 1 / m**2 - 1 / (12 * m)
    c1 = jnp.where(near, jnp.polyval(jnp.array(_TEMME_C1[::-1]), eta), closed_c1)
    r = jnp.exp(-a_l * eta**2 / 2) / jnp.sqrt(2 * jnp.pi * a_l) * (c0 + c1 / a_l)
    sign = 1 if upper else -1
    temme = jsp.erfc(sign * eta * jnp.sqrt(a_l / 2)) / 2 + sign * r
    series = (jsp.gammaincc if upper else jsp.gammainc)(jnp.where(large, 1.0, a), x)
    return jnp.where(large, temme, series)


def _incomplete_gamma(a, x, *, upper: bool):
    """igammac (Q) or igamma (P) with torch's edge values, computed in double precision."""
    a, x = _arrays(a, x)
    return _incomplete_gamma_wide(_wide(a), _wide(x), upper).astype(a.dtype)


@functools.partial(jax.jit, static_argnums=2)  # one program: eagerly, each of its ~40 steps compiles
def _incomplete_gamma_wide(a, x, upper: bool):
    at_inf, at_zero = (0.0, 1.0) if upper else (1.0, 0.0)  # the limits x -> inf and x -> 0
    return jnp.select(
        [(x < 0) | (a < 0), a == 0, x == 0, jnp.isinf(a), jnp.isinf(x)],
        [
            jnp.nan,
            jnp.where(x > 0, at_inf, jnp.nan),
            at_zero,
            jnp.where(jnp.isinf(x), jnp.nan, at_zero),
            at_inf,
        ],
        _regularized_gamma(a, x, upper),
    )


@register("aten::igamma", promotion=Promotion.INT_TO_FLOAT)
def aten_igamma(self, other):
    """igamma(Tensor self, Tensor other) -> Tensor"""
    return _incomplete_gamma(self, other, upper=False)


@register("aten::igammac", promotion=Promotion.INT_TO_FLOAT)
def aten_igammac(self, other):
    """igammac(Tensor self, Tensor other) -> Tensor"""
    return _incomplete_gamma(self, other, upper=True)


@register("aten::lgamma", promotion=Promotion.INT_TO_FLOAT)
def aten_lgamma(self):
    """lgamma(Tensor self) -> Tensor"""
    # in float64: XLA's float32 lgamma is 3-4 ulps off for negative x (1e-5 where CPU's
    # lgammaf is within half an ulp), and mvlgamma's sums cancel it into relative error
    return jsp.gammaln(_wide(self)).astype(self.dtype)


@register("aten::polygamma", promotion=Promotion.INT_TO_FLOAT)
def aten_polygamma(n, self):
    """polygamma(int n, Tensor self) -> Tensor"""
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    if n == 0:
        return aten_digamma(self)
    # (-1)^(n+1) n! zeta(n + 1, x), with torch's zeta (jax's differs for x < 0)
    sign = 1.0 if n % 2 else -1.0
    return (sign * math.factorial(n) * _hurwitz_zeta(jnp.asarray(n + 1.0), self)).astype(self.dtype)


@register("aten::special_airy_ai", promotion=Promotion.INT_TO_FLOAT)
def aten_special_airy_ai(x):
    """special_airy_ai(Tensor x) -> Tensor"""
    return _airy_ai(x)


@register("aten::special_bessel_j0", promotion=Promotion.INT_TO_FLOAT)
def aten_special_bessel_j0(self):
    """special_bessel_j0(Tensor self) -> Tensor"""
    return _bessel_j_y(self, 0, "j").astype(self.dtype)


@register("aten::special_bessel_j1", promotion=Promotion.INT_TO_FLOAT)
def aten_special_bessel_j1(self):
    """special_bessel_j1(Tensor self) -> Tensor"""
    out = _bessel_j_y(self, 1, "j")
    return jnp.where(self < 0, -out, out).astype(self.dtype)


@register("aten::special_bessel_y0", promotion=Promotion.INT_TO_FLOAT)
def aten_special_bessel_y0(self):
    """special_bessel_y0(Tensor self) -> Tensor"""
    return _bessel_y(self, 0)


@register("aten::special_bessel_y1", promotion=Promotion.INT_TO_FLOAT)
def aten_special_bessel_y1(self):
    """special_bessel_y1(Tensor self) -> Tensor"""
    return _bessel_y(self, 1)


@register(
    "aten::special_chebyshev_polynomial_t",
    "aten::special_chebyshev_polynomial_t.n_scalar",
    "aten::special_chebyshev_polynomial_t.x_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_chebyshev_polynomial_t(x, n):
    """special_chebyshev_polynomial_t(Tensor x, Tensor n) -> Tensor"""
    return _chebyshev("t", x, n, shifted=False)


@register(
    "aten::special_chebyshev_polynomial_u",
    "aten::special_chebyshev_polynomial_u.n_scalar",
    "aten::special_chebyshev_polynomial_u.x_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_chebyshev_polynomial_u(x, n):
    """special_chebyshev_polynomial_u(Tensor x, Tensor n) -> Tensor"""
    return _chebyshev("u", x, n, shifted=False)


@register(
    "aten::special_chebyshev_polynomial_v",
    "aten::special_chebyshev_polynomial_v.n_scalar",
    "aten::special_chebyshev_polynomial_v.x_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_chebyshev_polynomial_v(x, n):
    """special_chebyshev_polynomial_v(Tensor x, Tensor n) -> Tensor"""
    return _chebyshev("v", x, n, shifted=False)


@register(
    "aten::special_chebyshev_polynomial_w",
    "aten::special_chebyshev_polynomial_w.n_scalar",
    "aten::special_chebyshev_polynomial_w.x_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_chebyshev_polynomial_w(x, n):
    """special_chebyshev_polynomial_w(Tensor x, Tensor n) -> Tensor"""
    return _chebyshev("w", x, n, shifted=False)


@register(
    "aten::special_hermite_polynomial_h",
    "aten::special_hermite_polynomial_h.n_scalar",
    "aten::special_hermite_polynomial_h.x_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_hermite_polynomial_h(x, n):
    """special_hermite_polynomial_h(Tensor x, Tensor n) -> Tensor"""
    return _hermite(x, n, lambda x: x + x, _hermite_h_step)


@register(
    "aten::special_hermite_polynomial_he",
    "aten::special_hermite_polynomial_he.n_scalar",
    "aten::special_hermite_polynomial_he.x_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_hermite_polynomial_he(x, n):
    """special_hermite_polynomial_he(Tensor x, Tensor n) -> Tensor"""
    return _hermite(x, n, lambda x: x, _hermite_he_step)


@register("aten::special_i0e", promotion=Promotion.INT_TO_FLOAT)
def aten_special_i0e(self):
    """special_i0e(Tensor self) -> Tensor"""
    return jsp.i0e(self)


@register("aten::special_i1", promotion=Promotion.INT_TO_FLOAT)
def aten_special_i1(self):
    """special_i1(Tensor self) -> Tensor"""
    return jsp.i1(self)


@register("aten::special_i1e", promotion=Promotion.INT_TO_FLOAT)
def aten_special_i1e(self):
    """special_i1e(Tensor self) -> Tensor"""
    return jsp.i1e(self)


@register(
    "aten::special_laguerre_polynomial_l",
    "aten::special_laguerre_polynomial_l.n_scalar",
    "aten::special_laguerre_polynomial_l.x_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_laguerre_polynomial_l(x, n):
    """special_laguerre_polynomial_l(Tensor x, Tensor n) -> Tensor"""
    x, n = _arrays(x, n)
    x, n = jnp.broadcast_arrays(x, _degree(n))
    out = _recurrence(x, n, 1 - x, x != 0, step=_laguerre_step)
    return jnp.where((x == 0) & (n >= 0), jnp.ones_like(x), out)


@register(
    "aten::special_legendre_polynomial_p",
    "aten::special_legendre_polynomial_p.n_scalar",
    "aten::special_legendre_polynomial_p.x_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_legendre_polynomial_p(x, n):
    """special_legendre_polynomial_p(Tensor x, Tensor n) -> Tensor"""
    x, n = _arrays(x, n)
    x, n = jnp.broadcast_arrays(x, _degree(n))
    ends = jnp.abs(x) == 1
    out = _recurrence(x, n, x, ~ends, step=_legendre_step)
    at_end = jnp.where((x > 0) | (n % 2 == 0), jnp.ones_like(x), -jnp.ones_like(x))
    return jnp.where(ends & (n >= 0), at_end, out)


@register("aten::special_modified_bessel_i0", promotion=Promotion.INT_TO_FLOAT)
def aten_special_modified_bessel_i0(self):
    """special_modified_bessel_i0(Tensor self) -> Tensor"""
    return jsp.i0(self)


@register("aten::special_modified_bessel_i1", promotion=Promotion.INT_TO_FLOAT)
def aten_special_modified_bessel_i1(self):
    """special_modified_bessel_i1(Tensor self) -> Tensor"""
    return jsp.i1(self)


@register("aten::special_modified_bessel_k0", promotion=Promotion.INT_TO_FLOAT)
def aten_special_modified_bessel_k0(self):
    """special_modified_bessel_k0(Tensor self) -> Tensor"""
    return _modified_k(self, 0, scaled=False)


@register("aten::special_modified_bessel_k1", promotion=Promotion.INT_TO_FLOAT)
def aten_special_modified_bessel_k1(self):
    """special_modified_bessel_k1(Tensor self) -> Tensor"""
    return _modified_k(self, 1, scaled=False)


@register("aten::special_scaled_modified_bessel_k0", promotion=Promotion.INT_TO_FLOAT)
def aten_special_scaled_modified_bessel_k0(x):
    """special_scaled_modified_bessel_k0(Tensor x) -> Tensor"""
    return _modified_k(x, 0, scaled=True)


@register("aten::special_scaled_modified_bessel_k1", promotion=Promotion.INT_TO_FLOAT)
def aten_special_scaled_modified_bessel_k1(x):
    """special_scaled_modified_bessel_k1(Tensor x) -> Tensor"""
    return _modified_k(x, 1, scaled=True)


@register(
    "aten::special_shifted_chebyshev_polynomial_t",
    "aten::special_shifted_chebyshev_polynomial_t.n_scalar",
    "aten::special_shifted_chebyshev_polynomial_t.x_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_shifted_chebyshev_polynomial_t(x, n):
    """special_shifted_chebyshev_polynomial_t(Tensor x, Tensor n) -> Tensor"""
    return _chebyshev("t", x, n, shifted=True)


@register(
    "aten::special_shifted_chebyshev_polynomial_u",
    "aten::special_shifted_chebyshev_polynomial_u.n_scalar",
    "aten::special_shifted_chebyshev_polynomial_u.x_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_shifted_chebyshev_polynomial_u(x, n):
    """special_shifted_chebyshev_polynomial_u(Tensor x, Tensor n) -> Tensor"""
    return _chebyshev("u", x, n, shifted=True)


@register(
    "aten::special_shifted_chebyshev_polynomial_v",
    "aten::special_shifted_chebyshev_polynomial_v.n_scalar",
    "aten::special_shifted_chebyshev_polynomial_v.x_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_shifted_chebyshev_polynomial_v(x, n):
    """special_shifted_chebyshev_polynomial_v(Tensor x, Tensor n) -> Tensor"""
    return _chebyshev("v", x, n, shifted=True)


@register(
    "aten::special_shifted_chebyshev_polynomial_w",
    "aten::special_shifted_chebyshev_polynomial_w.n_scalar",
    "aten::special_shifted_chebyshev_polynomial_w.x_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_shifted_chebyshev_polynomial_w(x, n):
    """special_shifted_chebyshev_polynomial_w(Tensor x, Tensor n) -> Tensor"""
    return _chebyshev("w", x, n, shifted=True)


@register("aten::special_spherical_bessel_j0", promotion=Promotion.INT_TO_FLOAT)
def aten_special_spherical_bessel_j0(x):
    """special_spherical_bessel_j0(Tensor x) -> Tensor"""
    safe = jnp.where((x == 0) | jnp.isinf(x), jnp.ones((), x.dtype), x)
    j0 = jnp.where(x == 0, jnp.ones((), x.dtype), jnp.sin(safe) / safe)
    return jnp.where(jnp.isinf(x), jnp.zeros((), x.dtype), j0)  # sin(x)/x -> 0 as |x| -> inf


@register(
    "aten::special_zeta",
    "aten::special_zeta.other_scalar",
    "aten::special_zeta.self_scalar",
    promotion=Promotion.INT_TO_FLOAT,
)
def aten_special_zeta(self, other):
    """special_zeta(Tensor self, Tensor other) -> Tensor"""
    self, other = _arrays(self, other)
    return _hurwitz_zeta(self, other).astype(self.dtype)
