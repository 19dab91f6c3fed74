"""The Tensor on the device jax: factories, conversions back to torch, repr, mutation via views."""

import numpy as np
import pytest
import torch

import torchax
from tests.conftest import cpu


@pytest.mark.parametrize(
    "make",
    [
        lambda d: torch.zeros(2, 3, device=d),
        lambda d: torch.ones(2, 3, dtype=torch.int32, device=d),
        lambda d: torch.full((2,), 7, device=d),
        lambda d: torch.arange(5, device=d),
        lambda d: torch.arange(0, 1, 0.25, device=d),
        lambda d: torch.tensor([[1, 2], [3, 4]], device=d),
        lambda d: torch.tensor(2.5, dtype=torch.float64, device=d),
        lambda d: torch.empty(2, 2, device=d).shape,
    ],
)
def test_factories_match_cpu(env, make):
    out = make("jax")
    expected = make("cpu")
    if isinstance(expected, torch.Size):
        assert out == expected
        return
    assert isinstance(out, torchax.Tensor) and out.device.type == "jax"
    assert out.dtype == expected.dtype
    torch.testing.assert_close(out.cpu(), expected)


def test_random_factories_shape_dtype_stats(env):
    x = torch.randn(4000, device="jax")
    u = torch.rand(4000, dtype=torch.float64, device="jax")
    assert x.shape == (4000,) and x.dtype == torch.float32 and u.dtype == torch.float64
    assert abs(float(x.mean())) < 0.1 and 0.9 < float(x.std()) < 1.1
    assert 0 <= float(u.min()) and float(u.max()) < 1 and abs(float(u.mean()) - 0.5) < 0.05


def test_back_to_torch(env):
    x = torch.tensor([[1.5, 2.0], [3.0, 4.0]], device="jax")
    assert x.cpu().device.type == "cpu" and type(x.cpu()) is torch.Tensor
    assert isinstance(x.numpy(), np.ndarray) and x.numpy().tolist() == [[1.5, 2.0], [3.0, 4.0]]
    assert x[1, 0].item() == 3.0
    assert x.tolist() == [[1.5, 2.0], [3.0, 4.0]]
    b = torch.ones(2, dtype=torch.bfloat16, device="jax")
    assert b.cpu().dtype == torch.bfloat16 and b.cpu().tolist() == [1.0, 1.0]


def test_repr_is_readable(env):
    x = torch.tensor([1.0, 2.0], device="jax")
    assert repr(x) == "tensor([1., 2.], device='jax:0')"


def _mutations(device):
    x = torch.zeros(4, 5, device=device)
    x[1] = 5.0
    x[:, 2] += 1
    x.t()[0].mul_(3)
    x.diagonal().fill_(7)
    v = x.view(20)
    v[3] = -1
    y = x[2:, 1:4]
    x.add_(1)  # y sees the write to its base
    y.sub_(0.5)  # x sees the write through y
    return x, y, v


def test_writes_through_views_match_cpu(env):
    for got, want in zip(_mutations("jax"), _mutations("cpu"), strict=True):
        torch.testing.assert_close(cpu(got), want)


def test_parameter_data_alias(env):
    lin = torch.nn.Linear(2, 2).to("jax")
    lin.weight.data.fill_(1.0)
    assert lin.weight.cpu().tolist() == [[1.0, 1.0], [1.0, 1.0]]
