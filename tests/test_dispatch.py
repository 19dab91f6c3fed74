"""Dispatch order: lowering, decomposition, CPU fallback where allowed, else OperatorNotLowered."""

import warnings

import pytest
import torch

import torchax
from torchax import registry
from torchax.runtime.trace import recording


def test_not_lowered_raises_naming_op_and_dtype(env, unserved_op):
    op = unserved_op
    x = torch.ones(3, device="jax")
    with pytest.raises(torchax.OperatorNotLowered) as info:
        op(x)
    message = str(info.value)
    assert registry.name_of(op) in message and "float32" in message and "@register" in message


def test_cpu_fallback_when_allowed(env, unserved_op, monkeypatch):
    op = unserved_op
    monkeypatch.setattr(torchax.config, "allow_cpu_fallback", True)
    x_cpu = torch.linspace(0.1, 0.9, 5)
    with warnings.catch_warnings(record=True) as caught, recording() as calls:
        warnings.simplefilter("always")
        out = op(x_cpu.to("jax"))
    assert isinstance(out, torchax.Tensor)
    torch.testing.assert_close(out.cpu(), op(x_cpu))
    assert any(registry.name_of(op) in str(w.message) for w in caught)
    assert [c.path for c in calls if c.op == registry.name_of(op)] == ["fallback"]


def test_paths_are_recorded(env):
    x = torch.ones(2, 2, device="jax")
    with recording() as calls:
        (x + 1).add_(2)
        torch.ones_like(x)
    paths = {c.op: c.path for c in calls}
    assert paths["aten::add.Tensor"] == "lowering"
    assert paths["aten::add_.Tensor"] == "lowering"  # derived from add.Tensor


def test_overloads_decomposed_before_dispatch_run_their_lowering(env):
    """upsample_bilinear2d.vec is CompositeImplicitAutograd: PyTorch would decompose it before
    any dispatch mode; called as such (as exported graphs do) its own lowering serves it, unless
    autograd records the call, when the decomposition runs as in PyTorch."""
    vec = torch.ops.aten.upsample_bilinear2d.vec
    x_cpu = torch.randn(1, 2, 3, 4)
    x = x_cpu.to("jax")
    with recording() as calls:
        out = vec(x, None, False, [2.0, 1.5])
        assert torch.ops.aten.sym_size.int(x, -1) == 4
    assert [(c.op, c.path) for c in calls] == [
        ("aten::upsample_bilinear2d.vec", "lowering"),
        ("aten::sym_size.int", "lowering"),
    ]
    torch.testing.assert_close(out.cpu(), vec(x_cpu, None, False, [2.0, 1.5]))
    leaf = x.clone().requires_grad_()
    with recording() as calls:
        vec(leaf, None, False, [2.0, 1.5]).sum().backward()
    assert "aten::upsample_bilinear2d.vec" not in {c.op for c in calls}
    torch.testing.assert_close(leaf.grad.cpu(), torch.full_like(x_cpu, 3.0))


def test_inplace_forms_take_the_functional_overload_with_their_arguments(env):
    """pow_.Scalar(Tensor self, Scalar exponent) is pow.Tensor_Scalar's in-place form, not
    pow.Scalar's (Scalar self, Tensor exponent); likewise float_power_.Scalar and ldexp_."""
    x_cpu = torch.tensor([0.5, 1.0, 3.0])
    cases = [
        lambda t: t.pow_(3.0),
        lambda t: t.float_power_(2) if t.dtype == torch.float64 else t.double().float_power_(2),
        lambda t: t.ldexp_(torch.tensor([1.0, 2.0, 3.0], device=t.device)),
    ]
    for case in cases:
        torch.testing.assert_close(case(x_cpu.clone().to("jax")).cpu(), case(x_cpu.clone()))


def test_inplace_dtype_error_like_torch(env):
    x = torch.ones(3, dtype=torch.int64, device="jax")
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        x.add_(1.5)


def test_bad_arguments_raise_runtime_error_as_in_pytorch(env):
    # JAX rejects the shapes with a ValueError; PyTorch's kernels raise RuntimeError
    x, w = torch.ones(2, 3, 4), torch.ones(5, 2, 3)
    with pytest.raises(RuntimeError):
        torch.nn.functional.conv1d(x, w)
    with pytest.raises(
        RuntimeError, match=r"aten::convolution \(float32, float32\): conv_general_dilated"
    ) as info:
        torch.nn.functional.conv1d(x.to("jax"), w.to("jax"))
    assert isinstance(info.value.__cause__, ValueError)


def test_out_variant_derived(env):
    a = torch.ones(3, device="jax")
    out = torch.empty(3, device="jax")
    result = torch.add(a, 2, out=out)
    assert result is out
    torch.testing.assert_close(out.cpu(), torch.full((3,), 3.0))


def test_custom_op_runs_its_composite_kernel(env):
    """A torch.library custom op written with aten ops for every device (CompositeExplicitAutograd)
    runs that kernel here, its aten ops served by our lowerings."""
    lib = torch.library.Library("torchax_test", "FRAGMENT")  # a throwaway namespace
    lib.define("scaled_tanh(Tensor x, float scale) -> Tensor")
    lib.impl("scaled_tanh", lambda x, scale: torch.tanh(x) * scale, "CompositeExplicitAutograd")
    op = torch.ops.torchax_test.scaled_tanh.default
    x_cpu = torch.linspace(-2, 2, 7)
    with recording() as calls:
        out = op(x_cpu.to("jax"), 3.0)
    torch.testing.assert_close(out.cpu(), torch.tanh(x_cpu) * 3.0)
    paths = {c.op: c.path for c in calls}
    assert paths["torchax_test::scaled_tanh"] == "decomposition" and paths["aten::tanh"] == "lowering"
