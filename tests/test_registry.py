"""The registry: names resolve against torch.ops.aten at import; mistakes raise naming the op."""

import jax.numpy as jnp
import pytest
import torch

from torchax import registry
from torchax.registry import Kind, RegistrationError, register


def test_unknown_op_name_raises_with_name():
    with pytest.raises(RegistrationError, match="aten::definitely_not_an_op"):

        @register("aten::definitely_not_an_op")
        def f(self):
            return self


def test_unknown_overload_raises_with_name():
    with pytest.raises(RegistrationError, match="aten::add.NoSuchOverload"):

        @register("aten::add.NoSuchOverload")
        def f(self, other):
            return self


def test_duplicate_raises_with_name():
    # aten::add.Tensor is registered by torchax.ops.pointwise
    with pytest.raises(RegistrationError, match=r"aten::add\.Tensor: registered twice"):

        @register("aten::add.Tensor")
        def aten_add_again(self, other, *, alpha=1):
            return self


@pytest.mark.parametrize(
    "bad",
    [
        lambda self, other: self,  # missing keyword-only alpha
        lambda self, other, alpha=1: self,  # alpha is keyword-only in the schema
        lambda x, other, *, alpha=1: x,  # wrong name
        lambda self, other, *, alpha: self,  # alpha has a default in the schema
    ],
)
def test_mismatched_signature_raises_with_name(bad, monkeypatch):
    overload = torch.ops.aten.add.Tensor
    monkeypatch.delitem(registry._table._TABLE, overload)  # so that only the signature can fail
    with pytest.raises(RegistrationError, match=r"aten::add\.Tensor: parameters"):
        register("aten::add.Tensor")(bad)
    assert overload not in registry._table._TABLE


def test_random_lowering_needs_key():
    with pytest.raises(RegistrationError, match="aten::rand_like"):

        @register("aten::rand_like", kind=Kind.RANDOM)
        def f(self, *, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None):
            return self


def test_lookup_and_source_line():
    lowering = registry.get(torch.ops.aten.add.Tensor)
    assert lowering.name == "aten::add.Tensor"
    path, line = lowering.source
    assert path.endswith("pointwise.py")
    with open(path) as f:
        source_line = f.readlines()[line - 1]
    assert "aten::add.Tensor" in source_line  # the decorator line


def test_registry_lists_itself_and_missing_core():
    table = registry.lowerings()
    assert torch.ops.aten.mm.default in table
    core = registry.core_aten_overloads()
    assert torch.ops.aten.add.Tensor in core and torch.ops.aten.add_.Tensor not in core
    missing = registry.missing_core()
    served = {str(o) for o in core} - set(missing)
    assert "aten.add.Tensor" in served
    assert all(str(o) in {str(c) for c in core} for o in missing)


def test_register_returns_function_unchanged(monkeypatch):
    overload = torch.ops.aten.mm.default
    monkeypatch.delitem(registry._table._TABLE, overload)

    def aten_mm(self, mat2):
        return jnp.matmul(self, mat2)

    assert register("aten::mm")(aten_mm) is aten_mm


def test_writing_overloads_are_derived_not_registered():
    with pytest.raises(
        RegistrationError, match=r"aten::add_\.Tensor: writes its arguments.*aten::add\.Tensor"
    ):

        @register("aten::add_.Tensor")
        def f(self, other, *, alpha=1):
            return self


def test_keyword_argument_is_spelled_with_underscore(monkeypatch):
    """The schema's `from` (a Python keyword) is the parameter `from_`, also when passed by name."""
    overload = torch.ops.aten.uniform.default
    monkeypatch.delitem(registry._table._TABLE, overload)
    with pytest.raises(RegistrationError, match=r"aten::uniform: parameters"):
        register("aten::uniform", kind=Kind.RANDOM)(
            lambda self, low=0.0, to=1.0, *, generator=None, key: self
        )

    def aten_uniform(self, from_=0.0, to=1.0, *, generator=None, key):
        return jnp.full(self.shape, from_)

    register("aten::uniform", kind=Kind.RANDOM)(aten_uniform)
    lowering = registry.get(overload)
    assert lowering.fn(jnp.zeros(2), **{"from": 2.0}, to=3.0, key=None).tolist() == [2.0, 2.0]
