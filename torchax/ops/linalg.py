"""Matrix products and linear algebra."""

from __future__ import annotations

import jax
import jax.numpy as jnp
from jax._src.lax.linalg import geqrf as _geqrf  # not re-exported by jax.lax.linalg
from torch.linalg import LinAlgError  # the exception type torch.linalg raises

from torchax.registry import register

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


def _is_concrete(x) -> bool:
    return not isinstance(x, jax.core.Tracer)


def _check_errors(info, api_name: str, is_matrix: bool) -> None:
    """Raise torch's LinAlgError for the first nonzero LAPACK-style info code (eager only:
    under jit the values are unknown and nothing is checked)."""
    if not _is_concrete(info) or info.size == 0 or not bool(jnp.any(info != 0)):
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
    if _is_concrete(failed):
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
    # like torch, factor A^T for real A (torch does when A is contiguous) and solve the adjoint
    use_t = not jnp.iscomplexobj(A)
    lu, pivots, info = _getrf(_mT(A) if use_t else A)
    if check_errors:
        _check_errors(info, "torch.linalg.solve_ex", A.ndim == 2)
    vector = _solve_is_vector_rhs(A, B)
    b = B[..., None] if vector else B
    x = _lu_solve(lu, _permutation(pivots, A.shape[-1]), b, left, use_t)
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
    if batch1.shape[0] == 0 or dtype not in _HALF:
        prod = jnp.einsum(
            "bij,bjk->ik", batch1, batch2, precision=_HIGHEST, preferred_element_type=_acc(dtype)
        )
        return _scaled_sum(self, prod, beta, alpha, dtype)
    # torch adds one batch at a time into the output (addmm_ per batch), rounding each step:
    # for half types that rounding is visible, so follow it
    first = _scaled_sum(self, _matmul(batch1[0], batch2[0]), beta, alpha, dtype)
    first = jnp.broadcast_to(first, shape)

    def step(out, mats):
        return _scaled_sum(out, _matmul(*mats), 1, alpha, dtype), None

    out, _ = jax.lax.scan(step, first, (batch1[1:], batch2[1:]))
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
    shape = jnp.broadcast_shapes(self.shape, other.shape)
    a, b = jnp.broadcast_to(self, shape), jnp.broadcast_to(other, shape)
    if a.shape[dim] != 3:
        raise RuntimeError(
            f"linalg.cross: inputs dimension {dim} must have length 3. Got {self.shape[dim]} and "
            f"{other.shape[dim]}"
        )
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
        if not _is_concrete(full) or bool(jnp.all(full)):
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
    if self.shape[-1] == 0:
        return self
    return jax.scipy.linalg.expm(self.astype(_acc(self.dtype))).astype(self.dtype)


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
