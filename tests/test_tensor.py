"""The Tensor on the device jax: factories, conversions back to torch, repr, mutation via views."""

import warnings

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


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16, torch.int64, torch.bool, torch.complex64])
@pytest.mark.parametrize("n", [3, 1000, 100_000])
@pytest.mark.parametrize("contiguous", [True, False])
def test_moving_to_jax_copies(env, dtype, n, contiguous):
    """A CPU tensor moved to jax is a copy: writing the CPU tensor afterwards leaves it alone
    (JAX's CPU transfer may alias host memory; small and large buffers alias differently)."""
    cpu = torch.zeros(2, n, dtype=dtype)
    cpu = cpu if contiguous else cpu[:, ::2]
    moved = cpu.to("jax")
    cpu.fill_(1)
    assert moved.dtype == dtype and moved.shape == cpu.shape
    assert not moved.cpu().to(torch.float64).abs().sum()


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


def _complex_mutations(device):
    z = torch.zeros(3, dtype=torch.complex128, device=device)
    z.real.copy_(torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, device=device))
    z.imag[1:] = -4.0
    s = torch.zeros((), dtype=torch.complex64, device=device)
    s.imag.add_(2.5)  # a 0-dim complex tensor
    x = torch.arange(12.0, device=device).reshape(3, 2, 2)
    c = torch.view_as_complex(x[1])  # a view of a view, joining pairs into complex numbers
    c.mul_(1j)
    r = torch.view_as_real(z)
    r[2, 0] = 9.0
    z.imag.mul_(2)  # r sees the write through z.imag
    return z, s, x, r


def test_writes_through_complex_views_match_cpu(env):
    for got, want in zip(_complex_mutations("jax"), _complex_mutations("cpu"), strict=True):
        torch.testing.assert_close(cpu(got), want)


def test_parameter_data_alias(env):
    lin = torch.nn.Linear(2, 2).to("jax")
    lin.weight.data.fill_(1.0)
    assert lin.weight.cpu().tolist() == [[1.0, 1.0], [1.0, 1.0]]


def _metadata_ops(device):
    """In-place metadata ops, each followed by an op that reads the new layout."""
    out = []
    x = torch.arange(6.0, device=device)
    x.unsqueeze_(0)
    out += [x.shape, x @ torch.ones(6, 1, device=device)]
    x = torch.arange(6.0, device=device).reshape(1, 2, 1, 3)
    x.squeeze_()
    out += [x.shape, x @ torch.ones(3, device=device)]
    x = torch.arange(6.0, device=device).reshape(2, 3)
    x.t_()
    out += [x.shape, x @ torch.ones(2, device=device)]
    x = torch.arange(6.0, device=device).reshape(2, 3)
    row = x[0]
    x.transpose_(0, 1)
    x[1, 0] = 100.0  # reaches row, a view taken before the transpose
    out += [x.shape, x.clone(), row.clone()]
    x = torch.arange(6.0, device=device).reshape(2, 3)
    x.swapdims_(0, 1)
    out += [x.shape, x + 0]
    x = torch.arange(6.0, device=device)
    x.as_strided_((2, 2), (1, 2))
    out += [x.shape, x.clone()]
    x = torch.arange(6.0, device=device)
    x.resize_(2, 2)
    out += [x.shape, x.clone()]
    x = torch.arange(6.0, device=device).reshape(2, 3)
    y = x[1]
    y.unsqueeze_(0)
    y.mul_(2)  # a view keeps writing to its base after changing its layout
    out += [y.shape, y.clone(), x.clone()]
    return out


def test_inplace_metadata_ops_match_cpu(env):
    for got, want in zip(_metadata_ops("jax"), _metadata_ops("cpu"), strict=True):
        if isinstance(want, torch.Size):
            assert got == want
        else:
            torch.testing.assert_close(cpu(got), want)


def test_out_is_resized_like_cpu(env):
    for device in ("cpu", "jax"):
        empty = torch.empty(0, device=device)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # an empty out= is resized silently
            torch.add(torch.ones(3, device=device), 1, out=empty)
        assert empty.shape == (3,) and cpu(empty).tolist() == [2.0, 2.0, 2.0]
        wrong = torch.empty(2, 2, device=device)
        with pytest.warns(UserWarning, match="An output with one or more elements was resized"):
            torch.add(torch.ones(3, device=device), 1, out=wrong)
        assert wrong.shape == (3,) and cpu(wrong @ torch.ones(3, device=device)).item() == 6.0


@pytest.mark.parametrize(
    "make",
    [
        lambda d: torch.tensor([1.0, 2.0]).to(d),
        lambda d: torch.zeros(2, device=d),
        lambda d: torch.full((2, 3), 7, device=d),
        lambda d: torch.arange(3, device=d),
        lambda d: torch.tensor([1, 2], device=d),
        lambda d: torch.arange(6.0).to(d).reshape(2, 3)[[1, 0]],
        lambda d: torch.zeros(3).copy_(torch.arange(3.0, device=d)),
    ],
)
def test_creation_outside_the_environment(make):
    """Without enable_globally() the factories reach the jax device's kernels (backend.py)."""
    out, expected = make("jax"), make("cpu")
    assert out.device == expected.device or out.device.type == "jax"
    assert out.dtype == expected.dtype
    torch.testing.assert_close(cpu(out), expected)


def test_randn_outside_the_environment():
    x = torch.randn(4000, device="jax")
    assert isinstance(x, torchax.Tensor) and x.shape == (4000,) and x.dtype == torch.float32
    assert abs(float(x.mean())) < 0.1 and 0.9 < float(x.std()) < 1.1


@pytest.mark.parametrize(
    "index",
    [[0, 2], ([1, 0], [0, 2]), [-1, 0, -1], (slice(None), [2, 0])],
    ids=["list", "two lists", "negative", "slice and list"],
)
def test_index_with_python_lists(env, index):
    x = torch.arange(12.0).reshape(3, 4)
    torch.testing.assert_close(cpu(x.to("jax")[index]), x[index])


def _conjugates(device):
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(3, 3, dtype=torch.complex64, generator=gen).to(device)
    b = torch.randn(3, 2, dtype=torch.complex64, generator=gen).to(device)
    z = torch.randn(8, dtype=torch.complex128, generator=gen).to(device)
    return [
        a.mH @ b,
        a.H.resolve_conj(),
        a.conj() + 0,
        torch.fft.hfft(z),
        torch.fft.ihfft(z.real).resolve_conj(),
    ]


def test_conjugate_views_match_cpu(env):
    """aten::_conj (behind .H, .mH, fft.hfft) gives the conjugated values; is_conj() is False."""
    for got, want in zip(_conjugates("jax"), _conjugates("cpu"), strict=True):
        assert not got.is_conj()
        torch.testing.assert_close(cpu(got), want)
