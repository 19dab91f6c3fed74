"""Kernels of the jax device for the aten ops that PyTorch's C++ calls below Python dispatch."""

from __future__ import annotations

import torch

# Factories and copies that C++ code runs with the Python dispatch key excluded or before any
# jax tensor exists: `cpu_tensor.to('jax')` and `torch.zeros(2, device='jax')` outside the
# environment, the index tensor built for `x[[0, 2]]`. Each kernel hands the call to the default
# environment, as __torch_dispatch__ would.
_LIBRARY = torch.library.Library("aten", "IMPL")


def _dispatch(op: torch._ops.OpOverload, *args, **kwargs):
    from torchax.runtime.env import default_env

    return default_env().dispatch(op, (), args, kwargs)


def _copy_from(self: torch.Tensor, dst: torch.Tensor, non_blocking: bool = False) -> torch.Tensor:
    """_copy_from(Tensor self, Tensor dst, bool non_blocking=False) -> Tensor: dst.copy_(self)."""
    return _dispatch(torch.ops.aten.copy_.default, dst, self, non_blocking)


def _forward(op: torch._ops.OpOverload):
    """A kernel that runs op in the default environment."""

    def kernel(*args, **kwargs):
        return _dispatch(op, *args, **kwargs)

    return kernel


def _install() -> None:
    _LIBRARY.impl("empty.memory_format", _forward(torch.ops.aten.empty.memory_format), "PrivateUse1")
    _LIBRARY.impl("empty_strided", _forward(torch.ops.aten.empty_strided.default), "PrivateUse1")
    _LIBRARY.impl("_copy_from", _copy_from, "PrivateUse1")


_install()
