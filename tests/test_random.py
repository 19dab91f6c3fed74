"""In-place random ops on the jax device: shape, dtype, range, statistics and seeding."""

import math

import pytest
import torch

N = 10_000

# op, its call, the range of values CPU torch draws (inclusive bounds), mean and std of the law
INPLACE = [
    ("normal_", lambda x: x.normal_(), (-math.inf, math.inf), 0.0, 1.0),
    ("normal_ mean std", lambda x: x.normal_(2.0, 3.0), (-math.inf, math.inf), 2.0, 3.0),
    ("uniform_", lambda x: x.uniform_(2, 3), (2.0, 3.0), 2.5, 1 / math.sqrt(12)),
    ("bernoulli_ p", lambda x: x.bernoulli_(0.3), (0.0, 1.0), 0.3, math.sqrt(0.3 * 0.7)),
    ("bernoulli_", lambda x: x.bernoulli_(), (0.0, 1.0), 0.5, 0.5),
    ("random_ from to", lambda x: x.random_(2, 5), (2.0, 4.0), 3.0, math.sqrt(2 / 3)),
    ("random_ to", lambda x: x.random_(4), (0.0, 3.0), 1.5, math.sqrt(15 / 12)),
    ("exponential_", lambda x: x.exponential_(2.0), (0.0, math.inf), 0.5, 0.5),
    ("log_normal_", lambda x: x.log_normal_(0.0, 0.5), (0.0, math.inf), math.exp(0.125), None),
    ("cauchy_", lambda x: x.cauchy_(), (-math.inf, math.inf), None, None),
    ("geometric_", lambda x: x.geometric_(0.25), (1.0, math.inf), 4.0, math.sqrt(0.75) / 0.25),
]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize(("name", "draw", "bounds", "mean", "std"), INPLACE, ids=[r[0] for r in INPLACE])
def test_inplace_random_like_cpu(env, name, draw, bounds, mean, std, dtype):
    x = torch.empty(N, dtype=dtype, device="jax")
    assert draw(x) is x and x.shape == (N,) and x.dtype == dtype
    expected = draw(torch.empty(N, dtype=dtype))  # CPU torch: the same law
    values = x.cpu()
    assert bounds[0] <= float(values.min()) and float(values.max()) <= bounds[1]
    if mean is not None:
        assert abs(float(values.mean()) - mean) < 0.1 * max(1.0, abs(mean))
        assert abs(float(expected.mean()) - mean) < 0.1 * max(1.0, abs(mean))
    if std is not None:
        assert abs(float(values.std()) - std) < 0.1 * std
    else:  # heavy tails: compare the median with CPU's
        assert abs(float(values.median()) - float(expected.median())) < 0.1
    torch.manual_seed(11)
    first = draw(torch.empty(N, dtype=dtype, device="jax")).cpu()
    torch.manual_seed(11)
    again = draw(torch.empty(N, dtype=dtype, device="jax")).cpu()
    assert torch.equal(first, again)


def test_random_from_to_int_dtypes(env):
    x = torch.empty(1000, dtype=torch.int64, device="jax").random_(-3, 3)
    assert x.dtype == torch.int64 and int(x.min()) == -3 and int(x.max()) == 2
    b = torch.empty(1000, dtype=torch.uint8, device="jax").random_()
    assert b.dtype == torch.uint8 and 0 <= int(b.min()) and int(b.max()) <= 255 and int(b.max()) > 200


def test_uniform_bad_range_raises_like_cpu(env):
    with pytest.raises(RuntimeError, match="uniform_ expects to return a"):
        torch.empty(3).uniform_(3, 2)
    with pytest.raises(RuntimeError, match="uniform_ expects to return a"):
        torch.empty(3, device="jax").uniform_(3, 2)


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float32, torch.float64])
def test_rrelu_draws_a_slope_per_nonpositive_element(env, dtype):
    x_cpu = torch.linspace(-3, 3, N, dtype=dtype)
    x = x_cpu.to("jax")
    # eval: the mean slope, as CPU torch
    assert torch.equal(
        torch.nn.functional.rrelu(x, 0.1, 0.3).cpu(), torch.nn.functional.rrelu(x_cpu, 0.1, 0.3)
    )
    # training: rrelu_with_noise writes each element's slope into noise (1 where x > 0)
    noise = torch.zeros(N, dtype=dtype, device="jax")
    out = torch.ops.aten.rrelu_with_noise(x, noise, 0.1, 0.3, True)
    assert isinstance(out, torch.Tensor) and out.shape == (N,) and out.dtype == dtype
    out, noise, x = out.cpu(), noise.cpu(), x_cpu
    assert torch.equal(out, x * noise)
    slopes = noise[x <= 0]
    assert torch.all(noise[x > 0] == 1) and torch.all((slopes >= 0.1) & (slopes <= 0.3))
    assert abs(slopes.double().mean().item() - 0.2) < 0.005  # uniform on [0.1, 0.3): sd of the mean 0.0008


def test_multinomial_checks_weights_eagerly_as_cpu_and_not_under_jit(env):
    from torchax.interop import jax_jit

    bad = torch.tensor([0.2, -0.1, 0.5])
    with pytest.raises(RuntimeError, match="element < 0"):
        torch.multinomial(bad, 2)  # CPU PyTorch
    with pytest.raises(RuntimeError, match="element < 0"):
        torch.multinomial(bad.to("jax"), 2)
    with pytest.raises(RuntimeError, match=r"sum of probabilities <= 0"):
        torch.multinomial(torch.zeros(3, device="jax"), 2, True)
    # under jit the weights are not known: no check, no host round trip
    draw = jax_jit(lambda p: torch.multinomial(p, 2))
    assert draw(bad.to("jax")).shape == (2,)
