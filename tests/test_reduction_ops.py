"""Reduction and scan lowerings against CPU torch on cases the OpInfo samples leave out."""

import pytest
import torch

import torchax  # noqa: F401


@pytest.mark.parametrize("dtype", [torch.float32, torch.complex64])
def test_logcumsumexp_rounds_once_as_cpu_does(env, dtype):
    # CPU torch runs the recurrence in double for float32 and complex64 and rounds each output
    # once: a float32 recurrence is a few ulp off along a long scan (and the backward's
    # difference of exponentials turns that into ~1e-3 in the gradient)
    x = (torch.randn(2000, 3, generator=torch.Generator().manual_seed(0)) * 4).to(dtype)
    expected = torch.logcumsumexp(x, 0)
    actual = torch.logcumsumexp(x.to("jax"), 0).cpu()
    assert actual.dtype == expected.dtype
    torch.testing.assert_close(actual, expected, atol=0, rtol=0)
