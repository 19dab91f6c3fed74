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
