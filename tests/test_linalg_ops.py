"""Linear-algebra lowerings against CPU torch on cases the OpInfo samples leave out."""

import pytest
import torch

import torchax  # noqa: F401


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.complex64, torch.complex128])
@pytest.mark.parametrize("hermitian", [False, True])
def test_ldl_solve_with_2x2_pivots(env, dtype, hermitian):
    # A zero diagonal forces Bunch-Kaufman to take 2x2 pivot blocks (negative pivots), a path
    # the OpInfo's well-conditioned samples rarely reach.
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(2, 6, 6, dtype=dtype, generator=gen)
    a = a + (a.mH if hermitian else a.mT)
    a = a - torch.diag_embed(a.diagonal(dim1=-2, dim2=-1))
    b = torch.randn(1, 6, 3, dtype=dtype, generator=gen)
    ld, pivots = torch.linalg.ldl_factor(a, hermitian=hermitian)
    assert (pivots < 0).any()
    expected = torch.linalg.ldl_solve(ld, pivots, b, hermitian=hermitian)
    actual = torch.linalg.ldl_solve(ld.to("jax"), pivots.to("jax"), b.to("jax"), hermitian=hermitian)
    assert actual.dtype == expected.dtype
    torch.testing.assert_close(actual.cpu(), expected)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.complex64])
@pytest.mark.parametrize("left", [True, False])
def test_solve_ex_returns_a_lu_and_its_backward_is_right(env, dtype, left):
    # linalg.solve's backward solves with the LU and pivots _linalg_solve_ex returns: they must be
    # A's own (as CPU torch returns them), not A^T's, or every gradient is wrong
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(2, 5, 5, dtype=dtype, generator=gen) + 2 * torch.eye(5, dtype=dtype)
    b = torch.randn(2, *((5, 3) if left else (3, 5)), dtype=dtype, generator=gen)
    expected = torch.ops.aten._linalg_solve_ex(a, b, left=left)
    actual = torch.ops.aten._linalg_solve_ex(a.to("jax"), b.to("jax"), left=left)
    for got, want in zip(actual, expected, strict=True):
        torch.testing.assert_close(got.cpu(), want)
    grads = []
    for device in ("cpu", "jax"):
        a_, b_ = (t.to(device).requires_grad_() for t in (a, b))
        out = torch.linalg.solve(a_, b_, left=left)
        grads.append([g.cpu() for g in torch.autograd.grad(out, (a_, b_), torch.ones_like(out))])
    torch.testing.assert_close(grads[1], grads[0])


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_of_an_empty_matrix_under_jit(env, upper):
    from torchax.interop import jax_jit

    a = torch.zeros(2, 0, 0)
    out = jax_jit(lambda x: torch.linalg.cholesky(x, upper=upper))(a.to("jax"))
    assert out.shape == (2, 0, 0) and out.device.type == "jax"
