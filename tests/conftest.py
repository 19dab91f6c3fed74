"""Shared fixtures for the runtime tests."""

import pytest
import torch
from torch._decomp import decomposition_table

import torchax
from torchax import registry
from torchax.registry import _table


@pytest.fixture
def env():
    """The torchax environment, active for the test (and left again afterwards)."""
    with torchax.default_env() as e:
        yield e


def cpu(x):
    """A result from the jax device as a CPU tensor (pytrees too)."""
    return torch.utils._pytree.tree_map(lambda t: t.cpu() if isinstance(t, torch.Tensor) else t, x)


@pytest.fixture
def unserved_op(env, monkeypatch):
    """An aten op `(Tensor self) -> Tensor` that has a CPU kernel but no decomposition and no
    composite kernel, with its lowering (if any) hidden for the test: so nothing but the CPU
    fallback could serve it. Found in the installed torch, not from a hand-kept name."""
    for name in sorted(dir(torch.ops.aten)):
        packet = getattr(torch.ops.aten, name, None)
        if not isinstance(packet, torch._ops.OpOverloadPacket) or name.startswith("_"):
            continue
        for overload in packet.overloads():
            op = getattr(packet, overload)
            if (
                str(op._schema).endswith("(Tensor self) -> Tensor")
                and op not in decomposition_table
                and not op.has_kernel_for_dispatch_key(torch._C.DispatchKey.CompositeImplicitAutograd)
                and op.has_kernel_for_dispatch_key(torch._C.DispatchKey.CPU)
            ):
                try:
                    op(torch.ones(3))
                except Exception:  # noqa: BLE001 - an op that needs other inputs: try the next
                    continue
                if registry.get(op) is not None:
                    monkeypatch.delitem(_table._TABLE, op)
                env.invalidate()  # handlers are resolved anew, without the hidden lowering
                yield op
                monkeypatch.undo()
                env.invalidate()
                return
    raise AssertionError("no (Tensor self) -> Tensor op with a CPU kernel and no decomposition")
