"""jax_jit, JittableModule, extract_jax and the views between torch and JAX values."""

import jax
import jax.numpy as jnp
import pytest
import torch
import torch.nn as nn

import torchax
from torchax.interop import JittableModule, call_jax, call_torch, extract_jax, jax_jit, jax_view, torch_view


class Counting(nn.Module):
    """A small MLP with dropout that counts how often its Python forward runs (= traces)."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.5)
        self.traces = 0

    def forward(self, x):
        self.traces += 1
        return self.drop(self.fc(x))


def test_jittable_module_traces_once_for_same_shapes(env):
    m = Counting().to("jax").eval()
    jm = JittableModule(m)
    x = torch.randn(4, 8, device="jax")
    outs = [jm(x) for _ in range(10)]
    assert m.traces == 1
    for o in outs[1:]:
        torch.testing.assert_close(o.cpu(), outs[0].cpu())
    jm(torch.randn(5, 8, device="jax"))  # a new shape traces again
    assert m.traces == 2


def test_dropout_masks_differ_per_call_and_repeat_after_reseed(env):
    m = Counting().to("jax").train()
    jm = JittableModule(m)
    x = torch.ones(16, 8, device="jax")

    def masks(n):
        return [(jm(x).cpu() == 0) for _ in range(n)]

    torch.manual_seed(123)
    first = masks(3)
    assert not torch.equal(first[0], first[1]) and not torch.equal(first[1], first[2])
    assert 0.2 < first[0].float().mean() < 0.8  # p = 0.5
    torch.manual_seed(123)
    again = masks(3)
    for a, b in zip(first, again, strict=True):
        assert torch.equal(a, b)


def test_eager_random_repeats_after_reseed(env):
    torch.manual_seed(7)
    a, b = torch.randn(5, device="jax"), torch.randn(5, device="jax")
    torch.manual_seed(7)
    c = torch.randn(5, device="jax")
    assert not torch.equal(a.cpu(), b.cpu())
    assert torch.equal(a.cpu(), c.cpu())


def test_jax_jit_compiles_and_draws_fresh_numbers(env):
    calls = []

    @jax_jit
    def f(x, y):
        calls.append(1)
        return x @ y + torch.rand(2, 2, device="jax")

    x = torch.eye(2, device="jax")
    y = torch.ones(2, 2, device="jax")
    r1, r2 = f(x, y), f(x, y)
    assert len(calls) == 1
    assert not torch.equal(r1.cpu(), r2.cpu())
    assert bool(((r1.cpu() >= 1) & (r1.cpu() < 2)).all())


def test_views_and_calls_roundtrip(env):
    t = torch.arange(6.0, device="jax").reshape(2, 3)
    tree = {"a": t, "b": [t, 3]}
    viewed = jax_view(tree)
    assert isinstance(viewed["a"], jax.Array) and viewed["b"][1] == 3
    back = torch_view(viewed)
    assert isinstance(back["b"][0], torchax.Tensor)
    torch.testing.assert_close(back["a"].cpu(), t.cpu())

    s = call_jax(jnp.sin, t)
    torch.testing.assert_close(s.cpu(), torch.sin(t.cpu()))
    r = call_torch(lambda a: a * 2 + 1, jnp.ones(3))
    assert isinstance(r, jax.Array)
    assert r.tolist() == [3.0, 3.0, 3.0]


def test_extract_jax_gives_pure_function_and_grads():
    torch.manual_seed(0)
    m = nn.Linear(3, 2)
    x_cpu = torch.randn(4, 3)
    expected = m(x_cpu)
    params, fn = extract_jax(m)
    x = jnp.asarray(x_cpu.numpy())
    out = jax.jit(fn)(params, x)
    torch.testing.assert_close(
        torch.from_numpy(jax.device_get(out).copy()), expected.detach(), atol=1e-6, rtol=1e-5
    )

    grads = jax.grad(lambda p: fn(p, x).sum())(params)
    expected.sum().backward()
    torch.testing.assert_close(torch.from_numpy(jax.device_get(grads["weight"]).copy()), m.weight.grad)


def test_jittable_module_writes_back_buffers(env):
    torch.manual_seed(0)
    bn_cpu = nn.BatchNorm1d(3)
    x_cpu = torch.randn(8, 3)
    bn = nn.BatchNorm1d(3).to("jax")
    jm = JittableModule(bn)
    out = jm(x_cpu.to("jax"))
    expected = bn_cpu(x_cpu)
    torch.testing.assert_close(out.cpu(), expected, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(bn.running_mean.cpu(), bn_cpu.running_mean, atol=1e-6, rtol=1e-5)


@pytest.mark.parametrize("shape", [(3,), (2, 3)])
def test_jax_jit_static_argnums(env, shape):
    @jax_jit
    def f(x):
        return x.sum(0)

    x = torch.ones(*shape, device="jax")
    torch.testing.assert_close(f(x).cpu(), torch.ones(*shape).sum(0))


def test_jitted_function_returns_torch_named_tuples(env):
    x_cpu = torch.tensor([[3.0, 1.0], [2.0, 5.0]])
    out = jax_jit(lambda t: torch.max(t, dim=1))(x_cpu.to("jax"))
    expected = torch.max(x_cpu, dim=1)
    assert type(out) is type(expected)
    torch.testing.assert_close(out.values.cpu(), expected.values)
    torch.testing.assert_close(out.indices.cpu(), expected.indices)


@pytest.mark.parametrize("op", [torch.fmod, torch.remainder, torch.floor_divide])
def test_jax_jit_integer_division_by_a_python_number(env, op):
    # eager checks a divisor for zero (torch raises ZeroDivisionError); under jit a Python-number
    # divisor is a constant, and the check must not turn it into a traced bool
    x = torch.tensor([-7, 5, 0, 9], dtype=torch.int8)
    expected = op(x, 3)
    actual = jax_jit(lambda t: op(t, 3))(x.to("jax")).cpu()
    torch.testing.assert_close(actual, expected, atol=0, rtol=0)


def test_jax_jit_integer_linspace_steps_as_eager(env):
    # the step (end - start) / (steps - 1) in double: under jit XLA turned a constant divisor into
    # a multiply by its rounded reciprocal, and 24.99999... truncated to 24 for 25
    start, end = torch.tensor(50), torch.tensor(1)
    expected = torch.linspace(start, end, 50, dtype=torch.int16)
    fn = jax_jit(lambda a, b: torch.linspace(a, b, 50, dtype=torch.int16, device="jax"))
    torch.testing.assert_close(fn(start.to("jax"), end.to("jax")).cpu(), expected, atol=0, rtol=0)
