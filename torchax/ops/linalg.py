"""Matrix products and linear algebra."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
from jax._src.lax.linalg import geqrf as _geqrf  # not re-exported by jax.lax.linalg
from torch.linalg import LinAlgError  # the exception type torch.linalg raises

from torchax.ops._helpers import as_scalar, traced
from torchax.registry import Promotion, register

_HIGHEST = jax.lax.Precision.HIGHEST
_HALF = (jnp.float16, jnp.bfloat16)


# -- helpers -------------------------------------------------------------------------------
def _acc(dtype) -> jnp.dtype:
    """The accumulation dtype CPU torch uses for a product of `dtype` values."""
    return jnp.dtype(jnp.float32) if dtype in _HALF else jnp.dtype(dtype)


def _check_product(op: str, *xs) -> None:
    """CPU torch's product kernels take no bool and no mixed dtypes."""
    if xs[0].dtype == jnp.bool_:
        raise NotImplementedError(f"\"{op}\" not implemented for 'Bool'")
    for x in xs[1:]:
        if x.dtype != xs[0].dtype:
            raise RuntimeError(
                f"{op}: expected both inputs to have the same dtype, but got {xs[0].dtype} and {x.dtype}"
            )


def _matmul(a, b):
    """a @ b at full float32 precision, accumulating half types in float32 (result in the
    accumulation dtype; callers cast once at the end, as torch rounds once)."""
    return jnp.matmul(a, b, precision=_HIGHEST, preferred_element_type=_acc(a.dtype))


def _scaled_sum(self, prod, beta, alpha, dtype):
    """beta * self + alpha * prod, rounded once to `dtype`. Like torch, integer kernels truncate
    float alpha/beta to integers, and self (NaN included) is ignored when beta is 0."""
    if jnp.issubdtype(dtype, jnp.integer):
        alpha, beta = int(alpha), int(beta)
    if alpha != 1:
        prod = prod * alpha
    if beta != 0:
        s = self.astype(prod.dtype)
        prod = prod + (s * beta if beta != 1 else s)
    return prod.astype(dtype)


def _mT(x):
    return jnp.swapaxes(x, -1, -2)


def _mH(x):
    return jnp.conj(_mT(x)) if jnp.iscomplexobj(x) else _mT(x)


def _batch_broadcast(a, b):
    """Broadcast the batch dimensions (all but the last two) of two matrix stacks."""
    batch = jnp.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    return jnp.broadcast_to(a, batch + a.shape[-2:]), jnp.broadcast_to(b, batch + b.shape[-2:])


def _real_dtype(dtype) -> jnp.dtype:
    return jnp.finfo(dtype).dtype


def _empty(dtype):
    return jnp.zeros((0,), dtype)


def _check_errors(info, api_name: str, is_matrix: bool) -> None:
    """Raise torch's LinAlgError for the first nonzero LAPACK-style info code (eager only:
    under jit the values are unknown and nothing is checked)."""
    if traced(info) or info.size == 0 or not bool(jnp.any(info != 0)):
        return
    flat = info.reshape(-1)
    i = int(jnp.argmax(flat != 0))
    code = int(flat[i])
    where = "" if is_matrix else f": (Batch element {i})"
    if code < 0:
        raise RuntimeError(f"{api_name}{where}: Argument {-code} has illegal value.")
    if "inv" in api_name:
        msg = f"The diagonal element {code} is zero, the inversion could not be completed because the input matrix is singular."
    elif "solve" in api_name:
        msg = "The solver failed because the input matrix is singular."
    elif "cholesky" in api_name:
        msg = (
            "The factorization could not be completed because the input is not positive-definite "
            f"(the leading minor of order {code} is not positive-definite)."
        )
    elif "svd" in api_name:
        msg = (
            "The algorithm failed to converge because the input matrix is ill-conditioned or has "
            f"too many repeated singular values (error code: {code})."
        )
    elif "eig" in api_name or "syevd" in api_name:
        msg = (
            "The algorithm failed to converge because the input matrix is ill-conditioned or has "
            f"too many repeated eigenvalues (error code: {code})."
        )
    elif "lstsq" in api_name:
        msg = (
            "The least squares solution could not be computed because the input matrix does not "
            f"have full rank (error code: {code})."
        )
    elif "lu_factor" in api_name:
        raise RuntimeError(
            f"{api_name}{where}: U[{code},{code}] is zero and using it on lu_solve would result in a "
            "division by zero. If you still want to perform the factorization, consider calling "
            "linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)"
        )
    else:
        raise RuntimeError(f"{api_name}{where}: Unknown error code: {code}.")
    raise LinAlgError(f"{api_name}{where}: {msg}")


def _getrf(a):
    """LAPACK getrf as torch returns it: (LU, 1-based int32 pivots, int32 info)."""
    lu, pivots, _ = jax.lax.linalg.lu(a)
    diag = jnp.diagonal(lu, axis1=-2, axis2=-1)
    zero = diag == 0
    if diag.shape[-1]:
        info = jnp.where(jnp.any(zero, -1), jnp.argmax(zero, -1) + 1, 0).astype(jnp.int32)
    else:
        info = jnp.zeros(a.shape[:-2], jnp.int32)
    return lu, (pivots + 1).astype(jnp.int32), info


def _permutation(pivots, m: int):
    """1-based LAPACK pivots -> 0-based permutation perm with A[perm] = L @ U."""
    return jax.lax.linalg.lu_pivots_to_permutation(pivots - 1, m)


def _take_rows(x, perm):
    return jnp.take_along_axis(x, jnp.broadcast_to(perm[..., :, None], perm.shape + x.shape[-1:]), axis=-2)


def _lu_solve_left(lu, perm, b, adjoint: bool):
    """Solve A X = B (or A^H X = B) from A[perm] = L @ U; batch dimensions broadcast."""
    batch = jnp.broadcast_shapes(lu.shape[:-2], b.shape[:-2])
    lu = jnp.broadcast_to(lu, batch + lu.shape[-2:])
    perm = jnp.broadcast_to(perm, batch + perm.shape[-1:])
    b = jnp.broadcast_to(b, batch + b.shape[-2:])
    tri = jax.lax.linalg.triangular_solve
    if not adjoint:
        y = tri(lu, _take_rows(b, perm), left_side=True, lower=True, unit_diagonal=True)
        return tri(lu, y, left_side=True, lower=False)
    conj = jnp.iscomplexobj(lu)
    y = tri(lu, b, left_side=True, lower=False, transpose_a=True, conjugate_a=conj)
    y = tri(lu, y, left_side=True, lower=True, transpose_a=True, conjugate_a=conj, unit_diagonal=True)
    return _take_rows(y, jnp.argsort(perm, axis=-1))


def _lu_solve(lu, perm, b, left: bool, adjoint: bool):
    if left:
        return _lu_solve_left(lu, perm, b, adjoint)
    # X A = B <=> A^H X^H = B^H, and X A^H = B <=> A X^H = B^H
    return _mH(_lu_solve_left(lu, perm, _mH(b), not adjoint))


def _solve_is_vector_rhs(a, b) -> bool:
    """torch's rule: B is a batch of vectors if it is 1-D or A's shape minus the last dim."""
    return b.ndim == 1 or (b.ndim == a.ndim - 1 and b.shape == a.shape[:-1])


def _cholesky_info(a):
    """The 1-based order of the first leading minor of (the lower triangle of) `a` that is not
    positive-definite, 0 if none: an unblocked right-looking Cholesky run for its pivots only."""
    n = a.shape[-1]
    if n == 0:  # the loop body is traced (under jit) even when it runs no step
        return jnp.zeros(a.shape[:-2], jnp.int32)
    low = jnp.tril(a)
    s = low + _mH(jnp.tril(a, -1))
    rows = jnp.arange(n)

    def step(k, state):
        s, info = state
        d = jnp.real(jnp.take(jnp.take(s, k, axis=-1), k, axis=-1))
        bad = ~(d > 0)
        info = jnp.where((info == 0) & bad, k + 1, info)
        col = jnp.take(s, k, axis=-1) / jnp.sqrt(jnp.where(bad, 1, d))[..., None]
        col = jnp.where(rows > k, col, 0)
        s = s - col[..., :, None] * jnp.conj(col)[..., None, :]
        return s, info

    _, info = jax.lax.fori_loop(0, n, step, (s, jnp.zeros(a.shape[:-2], jnp.int32)))
    return info


def _cholesky(a, upper: bool):
    """(factor, info) as potrf: lower L with A = L L^H from A's lower triangle, or upper U with
    A = U^H U from A's upper triangle."""
    src = _mH(a) if upper else a
    low = jax.lax.linalg.cholesky(src, symmetrize_input=False)
    failed = jnp.any(jnp.isnan(low))
    if not traced(failed):
        info = _cholesky_info(src) if bool(failed) else jnp.zeros(a.shape[:-2], jnp.int32)
    else:
        info = jax.lax.cond(failed, _cholesky_info, lambda x: jnp.zeros(x.shape[:-2], jnp.int32), src)
    return (_mH(low) if upper else low), info


def _eye_like(a):
    n = a.shape[-1]
    return jnp.broadcast_to(jnp.eye(n, dtype=a.dtype), a.shape)


def _check_mm_shapes(a, b) -> None:
    if a.ndim != 2 or b.ndim != 2:
        raise RuntimeError(f"self must be a matrix, got {a.ndim}-D and {b.ndim}-D tensors")
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} and "
            f"{b.shape[0]}x{b.shape[1]})"
        )


def _check_vectors(op: str, a, b) -> None:
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
    if a.shape[0] != b.shape[0]:
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] to have "
            "the same number of elements, but got "
            f"{a.shape[0]} and {b.shape[0]} elements respectively"
        )


def _lu_unpack(lu, pivots, m: int):
    k = min(lu.shape[-2:])
    low = jnp.tril(lu[..., :, :k], -1) + jnp.eye(lu.shape[-2], k, dtype=lu.dtype)
    up = jnp.triu(lu[..., :k, :])
    perm = _permutation(pivots, m)
    eye = jnp.eye(m, dtype=lu.dtype)
    p = jnp.swapaxes(eye[perm], -1, -2)  # P[:, i] = e_perm[i], so that A = P L U
    return p, low, up


# -- matrix exponential ---------------------------------------------------------------------
# CPU torch's algorithm (Bader, Blanes, Casas, "Computing the matrix exponential with an
# optimized Taylor polynomial approximation", 2019): a Taylor-type polynomial of degree 1, 2, 4,
# 8, 12 or 18 chosen by the 1-norm, scaling and squaring beyond degree 18. Following it (rather
# than jax.scipy.linalg.expm's Pade) keeps float32 results within rounding of torch's.
_MEXP_THETAS = {  # the largest 1-norm each degree serves, per precision
    4: (
        1.192092800768788e-07,
        5.978858893805233e-04,
        5.116619363445086e-02,
        5.800524627688768e-01,
        1.461661507209034e00,
        3.010066362817634e00,
    ),
    8: (
        2.220446049250313e-16,
        2.580956802971767e-08,
        3.397168839976962e-04,
        4.991228871115323e-02,
        2.996158913811580e-01,
        1.090863719290036e00,
    ),
}
_SQRT_177 = 0.1330413469565007072504e2
_T8_X3 = 2.0 / 3.0
_T8_X1 = _T8_X3 * ((1.0 + _SQRT_177) / 88.0)
_T8_X2 = _T8_X3 * ((1.0 + _SQRT_177) / 352.0)
_T8_X4 = (-271.0 + 29.0 * _SQRT_177) / (315.0 * _T8_X3)
_T8_X5 = (-11.0 + 11.0 * _SQRT_177) / (1260.0 * _T8_X3)
_T8_X6 = (-99.0 + 11.0 * _SQRT_177) / (5040.0 * _T8_X3)
_T8_X7 = (89.0 - _SQRT_177) / (5040.0 * _T8_X3)
_T8_Y2 = (857.0 - 58.0 * _SQRT_177) / 630.0
_T12_B = (  # rows: the coefficients of I, A, A^2, A^3 in B1..B4
    (9.0198e-16, 0.46932117595418237389, -0.20099424927047284052, -0.04623946134063071740),
    (5.31597895759871264183, 1.19926790417132231573, 0.01179296240992997031, 0.01108844528519167989),
    (0.18188869982170434744, 0.05502798439925399070, 0.09351590770535414968, 0.00610700528898058230),
    (-2.0861320e-13, -0.13181061013830184015, -0.02027855540589259079, -0.00675951846863086359),
)
_T18_B = (  # rows: the coefficients of I, A, A^2, A^3, A^6 in B1..B5
    (0.0, -1.00365581030144618291e-01, -8.02924648241156932449e-03, -8.92138498045404492646e-04, 0.0),
    (
        0.0,
        3.97849749499645077844e-01,
        1.36783778460411720168e00,
        4.98289622525382669416e-01,
        -6.37898194594723280150e-04,
    ),
    (
        -1.09676396052962061844e01,
        1.68015813878906206114e00,
        5.71779846478865511061e-02,
        -6.98210122488052056106e-03,
        3.34975017086070470649e-05,
    ),
    (
        -9.04316832390810593223e-02,
        -6.76404519071381882256e-02,
        6.75961301770459654925e-02,
        2.95552570429315521194e-02,
        -1.39180257516060693404e-05,
    ),
    (0.0, 0.0, -9.23364619367118555360e-02, -1.69364939002081722752e-02, -1.40086798182036094347e-05),
)


def _combination(mats, coefficients):
    """sum_j c_j * M_j, accumulated left to right as torch's linear-combination kernel does."""
    out = mats[0] * coefficients[0]
    for m, c in zip(mats[1:], coefficients[1:], strict=True):
        out = out + m * c
    return out


def _powers(a, count: int) -> list:
    """The first `count` of I, A, A^2, A^3, A^6."""
    ps = [_eye_like(a), a]
    if count > 2:
        ps.append(_matmul(a, a))
    if count > 3:
        ps.append(_matmul(a, ps[2]))
    if count > 4:
        ps.append(_matmul(ps[3], ps[3]))
    return ps[:count]


def _mexp_t1(a):
    eye, a1 = _powers(a, 2)
    return eye + a1


def _mexp_t2(a):
    eye, a1, a2 = _powers(a, 3)
    return eye + a1 + a2 / 2


def _mexp_t4(a):
    eye, a1, a2 = _powers(a, 3)
    x = _matmul(a2, _combination([eye, a1, a2], [1 / 2.0, 1 / 6.0, 1 / 24.0]))
    return _combination([eye, a1, a2, x], [1.0, 1.0, 0.0, 1.0])


def _mexp_t8(a):
    eye, a1, a2 = _powers(a, 3)
    a4 = _matmul(a2, _combination([a1, a2], [_T8_X1, _T8_X2]))
    a8 = _matmul(
        _combination([a2, a4], [_T8_X3, 1.0]),
        _combination([eye, a1, a2, a4], [_T8_X4, _T8_X5, _T8_X6, _T8_X7]),
    )
    return _combination([eye, a1, a2, a4, a8], [1.0, 1.0, _T8_Y2, 0.0, 1.0])


def _mexp_t12(a):
    ps = _powers(a, 4)
    b1, b2, b3, b4 = (_combination(ps, row) for row in _T12_B)
    a6 = b3 + _matmul(b4, b4)
    return b1 + _matmul(b2 + a6, a6)


def _mexp_t18(a):
    ps = _powers(a, 5)
    b1, b2, b3, b4, b5 = (_combination(ps, row) for row in _T18_B)
    a9 = b4 + _matmul(b1, b5)
    return b2 + _matmul(b3 + a9, a9)


def _mexp_scaled(a, norm, theta):
    """exp(A) as exp(A / 2^s)^(2^s), s the least with |A / 2^s|_1 <= theta18, per matrix."""
    s = jnp.maximum(jnp.ceil(jnp.log2(norm / theta)), 0)
    finite = jnp.isfinite(s)
    s = jnp.where(finite, s, 0)
    x = _mexp_t18(a / jnp.power(2, s).astype(norm.dtype)[:, None, None])
    steps = s.astype(jnp.int32)

    def square(i, x):
        return jnp.where((i < steps)[:, None, None], _matmul(x, x), x)

    x = jax.lax.fori_loop(0, jnp.max(steps), square, x)
    return jnp.where(finite[:, None, None], x, jnp.nan)


def _mexp(a):
    """exp of a stack (b, n, n) of float32/64 or complex matrices, as CPU torch computes it: one
    matrix by the degree its 1-norm needs, a batch all by degree 18 with scaling."""
    real = _real_dtype(a.dtype)
    thetas = _MEXP_THETAS[jnp.dtype(real).itemsize]
    theta = [jnp.asarray(t, real) for t in thetas]
    norm = jnp.max(jnp.sum(jnp.abs(a), -2), -1)
    if a.shape[0] > 1:
        return _mexp_scaled(a, norm, theta[5])
    # degree i serves theta[i-1] < |A| <= theta[i]; |A| >= theta[4]: degree 18, scaled; NaN: NaN
    nrm = norm[0]
    index = jnp.where(jnp.isnan(nrm), 6, jnp.where(nrm >= theta[4], 5, jnp.sum(nrm > jnp.stack(theta[:4]))))
    branches = [_mexp_t1, _mexp_t2, _mexp_t4, _mexp_t8, _mexp_t12]
    branches = branches + [lambda x: _mexp_scaled(x, norm, theta[5]), lambda x: jnp.full_like(x, jnp.nan)]
    return jax.lax.switch(index, branches, a)


# -- LDL^T (Bunch-Kaufman) ---------------------------------------------------------------
_LDL_BLOCK = 64  # LAPACK's block size for ?sytrf: larger matrices take the blocked path
_BK_ALPHA = (1.0 + math.sqrt(17.0)) / 8.0  # Bunch-Kaufman's pivot threshold


def _ldl_one(a, hermitian):
    """(LD, 1-based pivots, info) of one matrix as LAPACK's unblocked ?sytf2 / ?hetf2 (lower)
    computes them: Bunch-Kaufman pivoting, step by step in the same order, so that LD and the
    pivots (negative for 2x2 blocks) agree with CPU torch's."""
    n = a.shape[-1]
    cplx = jnp.iscomplexobj(a)
    herm = hermitian and cplx
    idx = jnp.arange(n)

    def abs1(x):
        return jnp.abs(jnp.real(x)) + jnp.abs(jnp.imag(x)) if cplx else jnp.abs(x)

    def dabs(x):
        return jnp.abs(jnp.real(x)) if herm else abs1(x)

    def mirror(m):
        low = jnp.tril(m)
        up = jnp.swapaxes(jnp.tril(m, -1), 0, 1)
        return low + (jnp.conj(up) if herm else up)

    if herm:
        a = jnp.where(jnp.eye(n, dtype=bool), jnp.real(a).astype(a.dtype), a)
    a = jnp.tril(a)

    def cond(st):
        return st[3] < n

    def body(st):
        a, ipiv, info, k = st
        col = a[:, k]
        absakk = dabs(a[k, k])
        below = idx > k
        c1 = jnp.where(below, abs1(col), -1)
        imax = jnp.argmax(c1)
        colmax = jnp.where(k < n - 1, c1[imax], 0)
        zero = (jnp.maximum(absakk, colmax) == 0) | jnp.isnan(absakk)
        row = jnp.where((idx >= k) & (idx < imax), abs1(a[imax, :]), 0)
        colim = jnp.where(idx > imax, abs1(a[:, imax]), 0)
        rowmax = jnp.maximum(jnp.max(row), jnp.max(colim))
        no_swap = (absakk >= _BK_ALPHA * colmax) | (absakk >= _BK_ALPHA * colmax * (colmax / rowmax))
        one_swap = dabs(a[imax, imax]) >= _BK_ALPHA * rowmax
        kp = jnp.where(zero | no_swap, k, imax)
        kstep = jnp.where(zero | no_swap | one_swap, 1, 2)
        kk = k + kstep - 1
        # interchange kk and kp in the trailing submatrix (data movement only)
        perm = jnp.where(idx == kk, kp, jnp.where(idx == kp, kk, idx))
        full = mirror(a)
        swapped = jnp.tril(full[perm][:, perm])
        trail = (idx[:, None] >= k) & (idx[None, :] >= k)
        a = jnp.where(trail & ~zero, swapped, a)
        # rank-1 update (1x1 pivot)
        x = jnp.where(below, a[:, k], 0)
        if herm:
            d11 = 1 / jnp.real(a[k, k])
            temp = (-d11) * jnp.conj(x)
        else:
            d11 = 1 / a[k, k]
            temp = (-d11) * x
        upd1 = a + x[:, None] * temp[None, :]
        col1 = jnp.where(below, d11 * x, a[:, k])
        # rank-2 update (2x2 pivot)
        below2 = idx > k + 1
        xk = jnp.where(below2, a[:, k], 0)
        xk1 = jnp.where(below2, a[:, jnp.minimum(k + 1, n - 1)], 0)
        akk = a[k, k]
        ak1k1 = a[jnp.minimum(k + 1, n - 1), jnp.minimum(k + 1, n - 1)]
        ak1k = a[jnp.minimum(k + 1, n - 1), k]
        if herm:
            d = jnp.abs(ak1k)
            d11_ = jnp.real(ak1k1) / d
            d22_ = jnp.real(akk) / d
            tt = 1 / (d11_ * d22_ - 1)
            d21 = ak1k / d
            d = tt / d
            wk = d * (d11_ * xk - d21 * xk1)
            wkp1 = d * (d22_ * xk1 - jnp.conj(d21) * xk)
            upd2 = a - xk[:, None] * jnp.conj(wk)[None, :] - xk1[:, None] * jnp.conj(wkp1)[None, :]
        else:
            d21 = ak1k
            d11_ = ak1k1 / d21
            d22_ = akk / d21
            t = 1 / (d11_ * d22_ - 1)
            d21 = t / d21
            wk = d21 * (d11_ * xk - xk1)
            wkp1 = d21 * (d22_ * xk1 - xk)
            upd2 = a - xk[:, None] * wk[None, :] - xk1[:, None] * wkp1[None, :]
        lowmask = idx[:, None] >= idx[None, :]
        t1 = lowmask & below[:, None] & below[None, :]
        t2 = lowmask & below2[:, None] & below2[None, :]
        new1 = jnp.where(t1, upd1, a)
        new1 = new1.at[:, k].set(col1)
        new2 = jnp.where(t2, upd2, a)
        new2 = new2.at[:, k].set(jnp.where(below2, wk, a[:, k]))
        new2 = new2.at[:, jnp.minimum(k + 1, n - 1)].set(
            jnp.where(below2, wkp1, new2[:, jnp.minimum(k + 1, n - 1)])
        )
        if herm:
            new1 = jnp.where(jnp.eye(n, dtype=bool), jnp.real(new1).astype(a.dtype), new1)
            new2 = jnp.where(jnp.eye(n, dtype=bool), jnp.real(new2).astype(a.dtype), new2)
        a = jnp.where(zero, a, jnp.where(kstep == 1, new1, new2))
        info = jnp.where(zero & (info == 0), k + 1, info)
        p1 = jnp.where(idx == k, kp + 1, ipiv)
        p2 = jnp.where((idx == k) | (idx == k + 1), -(kp + 1), ipiv)
        ipiv = jnp.where(kstep == 1, p1, p2).astype(jnp.int32)
        return a, ipiv, info, k + kstep

    a, ipiv, info, _ = jax.lax.while_loop(
        cond, body, (a, jnp.zeros(n, jnp.int32), jnp.zeros((), jnp.int32), jnp.zeros((), jnp.int32))
    )
    return a, ipiv, info


def _ldl_solve_one(ld, piv, b, hermitian):
    """X with A X = B for one LD and its pivots, as LAPACK's ?sytrs / ?hetrs (lower) compute it:
    L D X' = P B column by column forwards, then L^T X = X' (L^H when hermitian) backwards."""
    n = ld.shape[-1]
    herm = hermitian and jnp.iscomplexobj(ld)
    idx = jnp.arange(n)

    def swap(b, r, kp):
        perm = jnp.where(idx == r, kp, jnp.where(idx == kp, r, idx))
        return b[perm]

    def col(j, lo):
        """Column j of L below row lo, zero elsewhere."""
        return jnp.where(idx > lo, ld[:, jnp.clip(j, 0, n - 1)], 0)

    def forward(st):
        b, k = st
        p = piv[k]
        two = p < 0
        k1 = jnp.minimum(k + 1, n - 1)
        b = swap(b, jnp.where(two, k1, k), jnp.where(two, -p, p) - 1)
        # 1x1 block: eliminate below k, scale row k by 1/D(k,k)
        upd1 = b - col(k, k)[:, None] * b[k][None, :]
        dkk = ld[k, k]
        inv = 1 / jnp.real(dkk) if herm else 1 / dkk
        upd1 = upd1.at[k].set(upd1[k] * inv)
        # 2x2 block: eliminate below k + 1, then solve with D(k:k+2, k:k+2)
        upd2 = b - col(k, k1)[:, None] * b[k][None, :]
        upd2 = upd2 - col(k1, k1)[:, None] * upd2[k1][None, :]
        d21 = ld[k1, k]
        d21c = jnp.conj(d21) if herm else d21
        d11 = ld[k, k] / d21c
        d22 = ld[k1, k1] / d21
        denom = d11 * d22 - 1
        bk, bk1 = upd2[k] / d21c, upd2[k1] / d21
        upd2 = upd2.at[k].set((d22 * bk - bk1) / denom)
        upd2 = upd2.at[k1].set((d11 * bk1 - bk) / denom)
        return jnp.where(two, upd2, upd1), k + jnp.where(two, 2, 1)

    def backward(st):
        b, k = st
        p = piv[k]
        two = p < 0
        km1 = jnp.maximum(k - 1, 0)

        def dot(j):
            c = col(j, k)
            c = jnp.conj(c) if herm else c
            return jnp.matmul(c, b, precision=_HIGHEST)

        upd = b.at[k].add(-dot(k))
        upd = jnp.where(two, upd.at[km1].add(-dot(km1)), upd)
        upd = swap(upd, k, jnp.where(two, -p, p) - 1)
        return upd, k - jnp.where(two, 2, 1)

    b, _ = jax.lax.while_loop(lambda st: st[1] < n, forward, (b, jnp.zeros((), jnp.int32)))
    b, _ = jax.lax.while_loop(lambda st: st[1] >= 0, backward, (b, jnp.full((), n - 1, jnp.int32)))
    return b


# -- lowerings, alphabetical by op ---------------------------------------------------------
@register("aten::_linalg_check_errors")
def aten__linalg_check_errors(info, api_name, *, is_matrix):
    """_linalg_check_errors(Tensor info, str api_name, *, bool is_matrix) -> ()"""
    _check_errors(info, api_name, is_matrix)


@register("aten::_linalg_det")
def aten__linalg_det(A):
    """_linalg_det(Tensor A) -> (Tensor result, Tensor LU, Tensor pivots)"""
    # torch factors A^T for real A (contiguous, as torchax tensors are); its backward relies on it
    lu, pivots, _ = _getrf(A if jnp.iscomplexobj(A) else _mT(A))
    diag = jnp.diagonal(lu, axis1=-2, axis2=-1)
    odd = jnp.sum(pivots != jnp.arange(1, pivots.shape[-1] + 1, dtype=pivots.dtype), -1) % 2
    det = jnp.prod(diag, -1) * jnp.where(odd == 1, -1, 1).astype(A.dtype)
    return det.astype(A.dtype), lu, pivots


@register("aten::_linalg_eigh")
def aten__linalg_eigh(A, UPLO="L", compute_v=True):
    """_linalg_eigh(Tensor A, str UPLO="L", bool compute_v=True) -> (Tensor eigenvalues, Tensor eigenvectors)"""
    v, w = jax.lax.linalg.eigh(A, lower=UPLO.upper() == "L", symmetrize_input=False)
    return w.astype(_real_dtype(A.dtype)), (v if compute_v else _empty(A.dtype))


@register("aten::_linalg_eigvals")
def aten__linalg_eigvals(self):
    """_linalg_eigvals(Tensor self) -> Tensor"""
    return jnp.linalg.eigvals(self)


@register("aten::_linalg_slogdet")
def aten__linalg_slogdet(A):
    """_linalg_slogdet(Tensor A) -> (Tensor sign, Tensor logabsdet, Tensor LU, Tensor pivots)"""
    lu, pivots, _ = _getrf(A if jnp.iscomplexobj(A) else _mT(A))
    diag = jnp.diagonal(lu, axis1=-2, axis2=-1)
    absd = jnp.abs(diag)
    odd = jnp.sum(pivots != jnp.arange(1, pivots.shape[-1] + 1, dtype=pivots.dtype), -1) % 2
    unit = jnp.where(absd == 0, 0, diag / jnp.where(absd == 0, 1, absd))
    sign = jnp.prod(unit, -1) * jnp.where(odd == 1, -1, 1).astype(A.dtype)
    logabsdet = jnp.sum(jnp.log(absd), -1)
    return sign.astype(A.dtype), logabsdet.astype(_real_dtype(A.dtype)), lu, pivots


@register("aten::_linalg_solve_ex")
def aten__linalg_solve_ex(A, B, *, left=True, check_errors=False):
    """_linalg_solve_ex(Tensor A, Tensor B, *, bool left=True, bool check_errors=False) -> (Tensor result, Tensor LU, Tensor pivots, Tensor info)"""
    # LU and pivots are A's own (as CPU torch returns them): solve's backward solves with them
    lu, pivots, info = _getrf(A)
    if check_errors:
        _check_errors(info, "torch.linalg.solve_ex", A.ndim == 2)
    vector = _solve_is_vector_rhs(A, B)
    b = B[..., None] if vector else B
    x = _lu_solve(lu, _permutation(pivots, A.shape[-1]), b, left, False)
    return (x[..., 0] if vector else x), lu, pivots, info


@register("aten::_linalg_svd")
def aten__linalg_svd(A, full_matrices=False, compute_uv=True, *, driver=None):
    """_linalg_svd(Tensor A, bool full_matrices=False, bool compute_uv=True, *, str? driver=None) -> (Tensor U, Tensor S, Tensor Vh)"""
    if not compute_uv:
        s = jnp.linalg.svd(A, compute_uv=False)
        return _empty(A.dtype), s.astype(_real_dtype(A.dtype)), _empty(A.dtype)
    u, s, vh = jnp.linalg.svd(A, full_matrices=full_matrices)
    return u, s.astype(_real_dtype(A.dtype)), vh


@register("aten::addbmm")
def aten_addbmm(self, batch1, batch2, *, beta=1, alpha=1):
    """addbmm(Tensor self, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1) -> Tensor"""
    _check_product("addbmm", batch1, batch2)
    dtype = batch1.dtype
    shape = (batch1.shape[1], batch2.shape[2])
    if batch1.shape[0] == 0 or not (dtype in _HALF or jnp.issubdtype(dtype, jnp.complexfloating)):
        # real types: torch's gemm accumulates each batch into the output unrounded in between
        # (beta=1), which one contraction over batches and columns follows most closely
        prod = jnp.einsum(
            "bij,bjk->ik", batch1, batch2, precision=_HIGHEST, preferred_element_type=_acc(dtype)
        )
        return _scaled_sum(self, prod, beta, alpha, dtype)
    # half and complex types: torch adds one batch at a time into the output (addmm_ per batch),
    # rounding each sum; the products can run as one batch, their sum must follow that order
    prods = _matmul(batch1, batch2)
    first = jnp.broadcast_to(_scaled_sum(self, prods[0], beta, alpha, dtype), shape)

    def step(out, prod):
        return _scaled_sum(out, prod, 1, alpha, dtype), None

    out, _ = jax.lax.scan(step, first, prods[1:])
    return out


@register("aten::addmm")
def aten_addmm(self, mat1, mat2, *, beta=1, alpha=1):
    """addmm(Tensor self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1) -> Tensor"""
    _check_product("addmm_impl_cpu_", mat1, mat2)
    _check_mm_shapes(mat1, mat2)
    return _scaled_sum(self, _matmul(mat1, mat2), beta, alpha, mat1.dtype)


@register("aten::addmv")
def aten_addmv(self, mat, vec, *, beta=1, alpha=1):
    """addmv(Tensor self, Tensor mat, Tensor vec, *, Scalar beta=1, Scalar alpha=1) -> Tensor"""
    _check_product("addmv_impl_cpu", mat, vec)
    return _scaled_sum(self, _matmul(mat, vec), beta, alpha, mat.dtype)


@register("aten::addr", promotion=Promotion.NO_OPMATH)
def aten_addr(self, vec1, vec2, *, beta=1, alpha=1):
    """addr(Tensor self, Tensor vec1, Tensor vec2, *, Scalar beta=1, Scalar alpha=1) -> Tensor"""
    for name, v in (("vec1", vec1), ("vec2", vec2)):
        if v.ndim != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {v.ndim}-D")
    dtype = vec1.dtype
    shape = (vec1.shape[0], vec2.shape[0])
    try:
        self = jnp.broadcast_to(self, shape)
    except ValueError:
        raise RuntimeError(
            f"The expanded size of the tensor must match the existing size: addr cannot expand self "
            f"of shape {list(self.shape)} to {list(shape)}"
        ) from None
    for name, s in (("beta", beta), ("alpha", alpha)):
        if isinstance(s, bool) and dtype != jnp.bool_:
            raise RuntimeError(f"Boolean {name} only supported for Boolean results.")
        if not (jnp.issubdtype(dtype, jnp.inexact) or isinstance(s, int)):
            raise RuntimeError(
                f"For integral input tensors, argument {name} must not be a floating point number."
            )
    if dtype == jnp.bool_:
        out = bool(alpha) & vec1[:, None] & vec2[None, :]
        return out | (self.astype(jnp.bool_) & bool(beta)) if beta else out
    # torch's elementwise kernel works in the tensors' dtype (alpha and beta converted to it),
    # rounding after each operation: for half types the rounding is visible
    a, b = as_scalar(alpha, dtype), as_scalar(beta, dtype)
    out = (a * vec1)[:, None] * vec2[None, :]
    return out if b == 0 else b * self + out


@register("aten::baddbmm")
def aten_baddbmm(self, batch1, batch2, *, beta=1, alpha=1):
    """baddbmm(Tensor self, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1) -> Tensor"""
    _check_product("baddbmm", batch1, batch2)
    return _scaled_sum(self, _matmul(batch1, batch2), beta, alpha, batch1.dtype)


@register("aten::bmm")
def aten_bmm(self, mat2):
    """bmm(Tensor self, Tensor mat2) -> Tensor"""
    _check_product("bmm", self, mat2)
    if self.ndim != 3 or mat2.ndim != 3:
        raise RuntimeError(f"batch1 must be a 3D tensor, got {self.ndim}D and {mat2.ndim}D")
    if self.shape[0] != mat2.shape[0] or self.shape[2] != mat2.shape[1]:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: "
            f"[{self.shape[0]}, {self.shape[2]}] but got: [{mat2.shape[0]}, {mat2.shape[1]}]."
        )
    return _matmul(self, mat2).astype(self.dtype)


@register("aten::cholesky")
def aten_cholesky(self, upper=False):
    """cholesky(Tensor self, bool upper=False) -> Tensor"""
    factor, info = _cholesky(self, upper)
    _check_errors(info, "cholesky", self.ndim == 2)
    return factor


@register("aten::cholesky_inverse")
def aten_cholesky_inverse(self, upper=False):
    """cholesky_inverse(Tensor self, bool upper=False) -> Tensor"""
    # A = L L^H (or U^H U); A^-1 = L^-H L^-1
    low = _mH(self) if upper else self
    tri = jax.lax.linalg.triangular_solve
    linv = tri(low, _eye_like(low), left_side=True, lower=True)
    return jnp.matmul(_mH(linv), linv, precision=_HIGHEST)


@register("aten::cholesky_solve")
def aten_cholesky_solve(self, input2, upper=False):
    """cholesky_solve(Tensor self, Tensor input2, bool upper=False) -> Tensor"""
    b, factor = _batch_broadcast(self, input2)
    low = _mH(factor) if upper else factor
    tri = jax.lax.linalg.triangular_solve
    y = tri(low, b, left_side=True, lower=True)
    return tri(low, y, left_side=True, lower=True, transpose_a=True, conjugate_a=jnp.iscomplexobj(low))


@register("aten::dot")
def aten_dot(self, tensor):
    """dot(Tensor self, Tensor tensor) -> Tensor"""
    _check_product("dot", self, tensor)
    _check_vectors("dot", self, tensor)
    return jnp.dot(self, tensor, precision=_HIGHEST, preferred_element_type=_acc(self.dtype)).astype(
        self.dtype
    )


@register("aten::geqrf")
def aten_geqrf(self):
    """geqrf(Tensor self) -> (Tensor a, Tensor tau)"""
    return _geqrf(self)


@register("aten::linalg_cholesky_ex")
def aten_linalg_cholesky_ex(self, *, upper=False, check_errors=False):
    """linalg_cholesky_ex(Tensor self, *, bool upper=False, bool check_errors=False) -> (Tensor L, Tensor info)"""
    factor, info = _cholesky(self, upper)
    if check_errors:
        _check_errors(info, "linalg.cholesky_ex", self.ndim == 2)
    return factor, info


@register("aten::linalg_cross")
def aten_linalg_cross(self, other, *, dim=-1):
    """linalg_cross(Tensor self, Tensor other, *, int dim=-1) -> Tensor"""
    if self.ndim != other.ndim:
        raise RuntimeError(
            f"linalg.cross: inputs must have the same number of dimensions. Got {self.ndim} and {other.ndim}"
        )
    if self.shape[dim] != 3 or other.shape[dim] != 3:
        raise RuntimeError(
            f"linalg.cross: inputs dimension {dim} must have length 3. Got {self.shape[dim]} and "
            f"{other.shape[dim]}"
        )
    shape = jnp.broadcast_shapes(self.shape, other.shape)
    a, b = jnp.broadcast_to(self, shape), jnp.broadcast_to(other, shape)
    a, b = jnp.moveaxis(a, dim, -1), jnp.moveaxis(b, dim, -1)
    a0, a1, a2 = a[..., 0], a[..., 1], a[..., 2]
    b0, b1, b2 = b[..., 0], b[..., 1], b[..., 2]
    out = jnp.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], axis=-1)
    return jnp.moveaxis(out, -1, dim).astype(self.dtype)


@register("aten::linalg_eig")
def aten_linalg_eig(self):
    """linalg_eig(Tensor self) -> (Tensor eigenvalues, Tensor eigenvectors)"""
    w, v = jnp.linalg.eig(self)
    return w, v


@register("aten::linalg_householder_product")
def aten_linalg_householder_product(input, tau):
    """linalg_householder_product(Tensor input, Tensor tau) -> Tensor"""
    return jax.lax.linalg.householder_product(input, tau)


@register("aten::linalg_inv_ex")
def aten_linalg_inv_ex(A, *, check_errors=False):
    """linalg_inv_ex(Tensor A, *, bool check_errors=False) -> (Tensor inverse, Tensor info)"""
    lu, pivots, info = _getrf(A)
    if check_errors:
        _check_errors(info, "linalg.inv_ex", A.ndim == 2)
    inverse = _lu_solve(lu, _permutation(pivots, A.shape[-1]), _eye_like(A), True, False)
    return inverse, info


@register("aten::linalg_ldl_factor_ex")
def aten_linalg_ldl_factor_ex(self, *, hermitian=False, check_errors=False):
    """linalg_ldl_factor_ex(Tensor self, *, bool hermitian=False, bool check_errors=False) -> (Tensor LD, Tensor pivots, Tensor info)"""
    n = self.shape[-1]
    if n > _LDL_BLOCK:
        # LAPACK's blocked ?sytrf (?lasyf) takes over here: its rounding differs from ours
        raise NotImplementedError(
            f"linalg.ldl_factor_ex on the jax device: matrices larger than {_LDL_BLOCK}x{_LDL_BLOCK} "
            f"are not supported (got {n}x{n}); move the input to CPU"
        )
    batch = self.shape[:-2]
    flat = self.reshape((math.prod(batch), n, n))
    if flat.shape[0] == 0 or n == 0:
        ld, piv, info = flat, jnp.zeros(flat.shape[:-1], jnp.int32), jnp.zeros(flat.shape[:1], jnp.int32)
    else:
        ld, piv, info = jax.vmap(lambda a: _ldl_one(a, hermitian))(flat)
    ld, piv, info = ld.reshape(self.shape), piv.reshape(batch + (n,)), info.reshape(batch)
    if check_errors:
        _check_errors(info, "torch.linalg.ldl_factor_ex", self.ndim == 2)
    return ld, piv, info


@register("aten::linalg_ldl_solve")
def aten_linalg_ldl_solve(LD, pivots, B, *, hermitian=False):
    """linalg_ldl_solve(Tensor LD, Tensor pivots, Tensor B, *, bool hermitian=False) -> Tensor"""
    if B.ndim < 2:
        raise RuntimeError(
            f"torch.linalg.ldl_solve: Expected B to have at least 2 dimensions, but it has {B.ndim} dimensions instead"
        )
    if LD.dtype != B.dtype:
        raise RuntimeError(
            f"torch.linalg.ldl_solve: Expected LD and B to have the same dtype, but got LD with dtype "
            f"{LD.dtype} and B with dtype {B.dtype} instead"
        )
    if pivots.shape != LD.shape[:-1]:
        raise RuntimeError(
            "torch.linalg.ldl_solve: Expected LD.shape[:-1] and pivots.shape to be the same, but got "
            f"pivots with shape {list(pivots.shape)} instead"
        )
    n, nrhs = LD.shape[-1], B.shape[-1]
    if B.shape[-2] != n:
        raise RuntimeError(
            f"Incompatible matrix sizes for torch.linalg.ldl_solve: each A matrix is {n} by {n} but "
            f"each b matrix is {B.shape[-2]} by {nrhs}"
        )
    batch = jnp.broadcast_shapes(LD.shape[:-2], B.shape[:-2])
    count = math.prod(batch)
    if count == 0 or n == 0 or nrhs == 0:
        return jnp.zeros(batch + B.shape[-2:], B.dtype)
    ld = jnp.broadcast_to(LD, batch + LD.shape[-2:]).reshape((count, n, n))
    piv = jnp.broadcast_to(pivots.astype(jnp.int32), batch + (n,)).reshape((count, n))
    b = jnp.broadcast_to(B, batch + B.shape[-2:]).reshape((count, n, nrhs))
    x = jax.vmap(lambda l_, p_, b_: _ldl_solve_one(l_, p_, b_, hermitian))(ld, piv, b)
    return x.reshape(batch + B.shape[-2:])


@register("aten::linalg_lstsq")
def aten_linalg_lstsq(self, b, rcond=None, *, driver=None):
    """linalg_lstsq(Tensor self, Tensor b, float? rcond=None, *, str? driver=None) -> (Tensor solution, Tensor residuals, Tensor rank, Tensor singular_values)"""
    driver = driver or "gelsy"  # CPU torch's default
    m, n = self.shape[-2:]
    vector = b.ndim == self.ndim - 1
    rhs = b[..., None] if vector else b
    a, rhs = _batch_broadcast(self, rhs)
    real = _real_dtype(self.dtype)
    if rcond is None or rcond < 0:
        rcond = float(jnp.finfo(real).eps) * max(m, n)
    u, s, vh = jnp.linalg.svd(a, full_matrices=False)
    keep = s > rcond * s[..., :1] if s.shape[-1] else s > 0
    if driver == "gels":  # QR based: assumes full rank
        keep = jnp.ones_like(keep)
    sinv = jnp.where(keep, 1 / jnp.where(keep, s, 1), 0).astype(self.dtype)
    x = jnp.matmul(
        _mH(vh), sinv[..., :, None] * jnp.matmul(_mH(u), rhs, precision=_HIGHEST), precision=_HIGHEST
    )
    rank = jnp.sum(keep, -1).astype(jnp.int64)
    residuals = _empty(real)
    if driver != "gelsy" and m > n:
        full = rank == n
        if traced(full) or bool(jnp.all(full)):
            residuals = jnp.sum(jnp.abs(jnp.matmul(a, x, precision=_HIGHEST) - rhs) ** 2, -2).astype(real)
            if vector:
                residuals = residuals[..., 0]
    if vector:
        x = x[..., 0]
    rank_out = rank if driver != "gels" else _empty(jnp.int64)
    sv = s.astype(real) if driver in ("gelsd", "gelss") else _empty(real)
    return x, residuals, rank_out, sv


@register("aten::linalg_lu")
def aten_linalg_lu(A, *, pivot=True):
    """linalg_lu(Tensor A, *, bool pivot=True) -> (Tensor P, Tensor L, Tensor U)"""
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    lu, pivots, _ = _getrf(A)
    return _lu_unpack(lu, pivots, A.shape[-2])


@register("aten::linalg_lu_factor_ex")
def aten_linalg_lu_factor_ex(A, *, pivot=True, check_errors=False):
    """linalg_lu_factor_ex(Tensor A, *, bool pivot=True, bool check_errors=False) -> (Tensor LU, Tensor pivots, Tensor info)"""
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    lu, pivots, info = _getrf(A)
    if check_errors:
        _check_errors(info, "torch.linalg.lu_factor_ex", A.ndim == 2)
    return lu, pivots, info


@register("aten::linalg_lu_solve")
def aten_linalg_lu_solve(LU, pivots, B, *, left=True, adjoint=False):
    """linalg_lu_solve(Tensor LU, Tensor pivots, Tensor B, *, bool left=True, bool adjoint=False) -> Tensor"""
    return _lu_solve(LU, _permutation(pivots, LU.shape[-1]), B, left, adjoint)


@register("aten::linalg_matrix_exp")
def aten_linalg_matrix_exp(self):
    """linalg_matrix_exp(Tensor self) -> Tensor"""
    n = self.shape[-1]
    if n == 0:
        return self
    if n == 1:
        return jnp.exp(self)
    # half types: CPU torch's own result is wrong there (it reads its double coefficients as
    # half); compute the exponential in float32 and round once
    a = self.astype(_acc(self.dtype)).reshape((-1, n, n))
    return _mexp(a).reshape(self.shape).astype(self.dtype)


@register("aten::linalg_pinv.atol_rtol_tensor")
def aten_linalg_pinv_atol_rtol_tensor(self, *, atol=None, rtol=None, hermitian=False):
    """linalg_pinv.atol_rtol_tensor(Tensor self, *, Tensor? atol=None, Tensor? rtol=None, bool hermitian=False) -> Tensor"""
    m, n = self.shape[-2:]
    if self.size == 0:
        return jnp.zeros(self.shape[:-2] + (n, m), self.dtype)
    real = _real_dtype(self.dtype)
    atol_ = jnp.zeros((), jnp.float64) if atol is None else atol
    if rtol is None:
        default = jnp.asarray(float(jnp.finfo(real).eps) * max(m, n), jnp.float64)
        rtol = default if atol is None else jnp.where(atol > 0, 0.0, default)
    if not hermitian:
        u, s, vh = jnp.linalg.svd(self, full_matrices=False)
        top = s[..., :1]
        tol = jnp.maximum(atol_[..., None], rtol[..., None] * top)
        sinv = jnp.where(s > tol, 1 / s, 0).astype(self.dtype)
        return jnp.matmul(_mH(vh), sinv[..., :, None] * _mH(u), precision=_HIGHEST)
    w, v = jnp.linalg.eigh(self, symmetrize_input=False)
    wabs = jnp.abs(w)
    tol = jnp.maximum(atol_[..., None], rtol[..., None] * jnp.max(wabs, -1, keepdims=True))
    winv = jnp.where(wabs > tol, 1 / w, 0).astype(self.dtype)
    return jnp.matmul(v * winv[..., None, :], _mH(v), precision=_HIGHEST)


@register("aten::linalg_qr")
def aten_linalg_qr(A, mode="reduced"):
    """linalg_qr(Tensor A, str mode="reduced") -> (Tensor Q, Tensor R)"""
    if mode == "r":
        return _empty(A.dtype), jnp.linalg.qr(A, mode="r")
    q, r = jnp.linalg.qr(A, mode=mode)
    return q, r


@register("aten::linalg_solve_triangular")
def aten_linalg_solve_triangular(self, B, *, upper, left=True, unitriangular=False):
    """linalg_solve_triangular(Tensor self, Tensor B, *, bool upper, bool left=True, bool unitriangular=False) -> Tensor"""
    a, b = _batch_broadcast(self, B)
    return jax.lax.linalg.triangular_solve(a, b, left_side=left, lower=not upper, unit_diagonal=unitriangular)


@register("aten::lu_unpack")
def aten_lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """lu_unpack(Tensor LU_data, Tensor LU_pivots, bool unpack_data=True, bool unpack_pivots=True) -> (Tensor P, Tensor L, Tensor U)"""
    p, low, up = _lu_unpack(LU_data, LU_pivots.astype(jnp.int32), LU_data.shape[-2])
    empty = _empty(LU_data.dtype)
    return (p if unpack_pivots else empty), (low if unpack_data else empty), (up if unpack_data else empty)


@register("aten::mm")
def aten_mm(self, mat2):
    """mm(Tensor self, Tensor mat2) -> Tensor"""
    _check_product("addmm_impl_cpu_", self, mat2)
    _check_mm_shapes(self, mat2)
    return _matmul(self, mat2).astype(self.dtype)


@register("aten::mv")
def aten_mv(self, vec):
    """mv(Tensor self, Tensor vec) -> Tensor"""
    _check_product("addmv_impl_cpu", self, vec)
    if self.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {self.ndim}, {vec.ndim}")
    if self.shape[1] != vec.shape[0]:
        raise RuntimeError(
            f"size mismatch, got input ({self.shape[0]}), mat ({self.shape[0]}x{self.shape[1]}), "
            f"vec ({vec.shape[0]})"
        )
    return _matmul(self, vec).astype(self.dtype)


@register("aten::ormqr")
def aten_ormqr(self, input2, input3, left=True, transpose=False):
    """ormqr(Tensor self, Tensor input2, Tensor input3, bool left=True, bool transpose=False) -> Tensor"""
    return jax.lax.linalg.ormqr(self, input2, input3, left=left, transpose=transpose)


@register("aten::trace")
def aten_trace(self):
    """trace(Tensor self) -> Tensor"""
    if self.dtype == jnp.bool_:
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    if self.ndim != 2:
        raise RuntimeError("trace: expected a matrix")
    integer = jnp.issubdtype(self.dtype, jnp.integer)
    diag = jnp.diagonal(self)
    if integer:
        return jnp.sum(diag, dtype=jnp.int64)
    return jnp.sum(diag, dtype=_acc(self.dtype)).astype(self.dtype)


@register("aten::triangular_solve")
def aten_triangular_solve(self, A, upper=True, transpose=False, unitriangular=False):
    """triangular_solve(Tensor self, Tensor A, bool upper=True, bool transpose=False, bool unitriangular=False) -> (Tensor solution, Tensor cloned_coefficient)"""
    b, a = _batch_broadcast(self, A)
    x = jax.lax.linalg.triangular_solve(
        a, b, left_side=True, lower=not upper, transpose_a=transpose, unit_diagonal=unitriangular
    )
    return x, a


@register("aten::vdot")
def aten_vdot(self, other):
    """vdot(Tensor self, Tensor other) -> Tensor"""
    _check_product("vdot", self, other)
    _check_vectors("vdot", self, other)
    a = jnp.conj(self) if jnp.iscomplexobj(self) else self
    return jnp.dot(a, other, precision=_HIGHEST, preferred_element_type=_acc(self.dtype)).astype(self.dtype)
