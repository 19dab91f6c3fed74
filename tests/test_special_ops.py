"""Special-function and integer-arithmetic lowerings against CPU torch where OpInfo samples are thin."""

import pytest
import torch

import torchax  # noqa: F401

INF, NAN = float("inf"), float("nan")


@pytest.mark.parametrize("fn", [torch.special.gammainc, torch.special.gammaincc])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_incomplete_gamma_for_large_shape_parameters(env, fn, dtype):
    # the series and continued fraction drift as a grows (float32 gammaincc at a = x = 5e6 was
    # 0.00056 for 0.49994; a = 1e20 gave inf): from a = 1e5 on, Temme's expansion
    a = torch.tensor([501.0, 13437.7, 4988429.0, 1e20, 1e8, 1e5, 99999.0, 2e5, 1e7], dtype=torch.float64)
    x = a * torch.tensor([1.0, 1.0, 1.0, 1.0, 1.0003, 1.01, 1.01, 0.99, 0.9995], dtype=torch.float64)
    expected = fn(a, x).to(dtype)  # CPU in double: its float32 kernel is itself off by up to 4e-4 here
    actual = fn(a.to(dtype).to("jax"), x.to(dtype).to("jax")).cpu()
    torch.testing.assert_close(actual, expected)


@pytest.mark.parametrize("fn", [torch.special.gammainc, torch.special.gammaincc])
def test_incomplete_gamma_edge_values_follow_cpu(env, fn):
    a = torch.tensor([INF, INF, NAN, 0.0, 0.0, 3.0, -1.0, 2.0, 1e-3])
    x = torch.tensor([INF, NAN, INF, 1.0, 0.0, 0.0, 1.0, -1.0, 1e-30])
    torch.testing.assert_close(fn(a.to("jax"), x.to("jax")).cpu(), fn(a, x), equal_nan=True)


@pytest.mark.parametrize("dtype", [torch.int8, torch.int16, torch.uint8, torch.int32, torch.int64])
def test_lcm_wraps_as_cpu_does(env, dtype):
    # int16: lcm(1113, 10701) = 3970071 wraps to -27625, with its sign (C++ takes abs in int first)
    info = torch.iinfo(dtype)
    values = torch.tensor([1113, 10701, -1113, 97, 0, 255, 7, 120], dtype=torch.int64)
    a = values.clamp(info.min, info.max).to(dtype)
    b = a.flip(0).roll(1)
    torch.testing.assert_close(torch.lcm(a.to("jax"), b.to("jax")).cpu(), torch.lcm(a, b), atol=0, rtol=0)


@pytest.mark.parametrize("n", [1, 2, 4])
def test_polygamma_of_nan_is_nan(env, n):
    # the Hurwitz zeta behind polygamma(n >= 1) returned a finite number (-24.89 for n = 4) at NaN
    x = torch.tensor([NAN, 0.5, -2.5, 3.0], dtype=torch.float64)
    torch.testing.assert_close(torch.polygamma(n, x.to("jax")).cpu(), torch.polygamma(n, x), equal_nan=True)
    s = torch.tensor([2.0, 3.0, 1.0], dtype=torch.float64)
    q = torch.tensor([NAN, NAN, NAN], dtype=torch.float64)
    torch.testing.assert_close(
        torch.special.zeta(s.to("jax"), q.to("jax")).cpu(), torch.special.zeta(s, q), equal_nan=True
    )


@pytest.mark.parametrize("dtype", [torch.uint8, torch.int8, torch.int32, torch.int64])
def test_integer_pow_of_tensors_wraps_as_cpu_does(env, dtype):
    # jnp.power's integer algorithm gave 1 for uint8 190 ** 128 (0 mod 256) and other wrong wraps
    info = torch.iinfo(dtype)
    base = torch.tensor([190, 55, -55, 127, -127, 2, 3, -1, 1, 0], dtype=torch.int64).clamp(
        info.min, info.max
    )
    exp = torch.tensor([128, 127, 127, 127, 127, 8, 40, 7, 9, 0], dtype=torch.int64).clamp(0, info.max)
    base, exp = base.to(dtype), exp.to(dtype)
    torch.testing.assert_close(
        torch.pow(base.to("jax"), exp.to("jax")).cpu(), torch.pow(base, exp), atol=0, rtol=0
    )


def test_lgamma_float32_of_negative_numbers_is_as_close_as_cpu(env):
    # XLA's float32 lgamma is up to 1.3e-5 off for negative x (CPU's: 1.9e-6); mvlgamma's sums
    # of such terms cancel into failures against CPU PyTorch
    x = torch.empty(200_000).uniform_(-20, 0, generator=torch.Generator().manual_seed(0))
    exact = torch.lgamma(x.double())
    ours = (torch.lgamma(x.to("jax")).cpu().double() - exact).abs().max()
    assert ours <= (torch.lgamma(x).double() - exact).abs().max()


def test_gcd_of_the_most_negative_integer_ends_and_matches_cpu(env):
    # jnp.gcd looped forever: abs(-128) wraps to -128 in int8 and its Euclid never reached 0
    a = torch.tensor([-128, -128, 0, -128, 12, -12, 0, 7], dtype=torch.int8)
    b = torch.tensor([-128, 0, -128, 6, 18, 18, 0, -21], dtype=torch.int8)
    assert torch.equal(torch.gcd(a.to("jax"), b.to("jax")).cpu(), torch.gcd(a, b))
    big = torch.tensor([-(2**63), -(2**63), 5, 2**62])
    other = torch.tensor([6, -(2**63), 0, 3 * 2**40])
    assert torch.equal(torch.gcd(big.to("jax"), other.to("jax")).cpu(), torch.gcd(big, other))


@pytest.mark.parametrize("dtype", [torch.int16, torch.float32, torch.float64])
def test_exp2_of_whole_numbers_is_the_exact_power_of_two(env, dtype):
    # XLA's exp2 is a few ulps off for large arguments (2**127 in float32 by 1.7e-6 relative)
    x = torch.arange(-120, 128, dtype=dtype)
    assert torch.equal(torch.exp2(x.to("jax")).cpu(), torch.exp2(x))


def test_erfinv_float32_near_one_is_within_an_ulp_of_double(env):
    # XLA's float32 erfinv is up to ~50 ulp off as |x| -> 1, where the function is steep
    x = torch.cat([torch.linspace(-1, 1, 2001), 1 - torch.logspace(-7, -1, 200)]).float()
    expected = torch.erfinv(x.double())
    actual = torch.erfinv(x.to("jax")).cpu()
    torch.testing.assert_close(actual.double(), expected, atol=0, rtol=1.2e-7)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_spherical_bessel_j0_at_infinities_and_zero(env, dtype):
    x = torch.tensor([INF, -INF, 0.0, -0.0, NAN, 1e-30, 3.0], dtype=dtype)
    actual = torch.special.spherical_bessel_j0(x.to("jax")).cpu()
    torch.testing.assert_close(actual, torch.special.spherical_bessel_j0(x), equal_nan=True)
