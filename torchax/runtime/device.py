"""The device `jax`: PyTorch's PrivateUse1 backend renamed, with a device module that seeds us."""

from __future__ import annotations

import types

import torch

DEVICE = torch.device("privateuseone", 0)  # re-made as jax:0 once the backend is renamed


def _install() -> torch.device:
    if torch._C._get_privateuse1_backend_name() != "jax":
        torch.utils.rename_privateuse1_backend("jax")
    if not hasattr(torch, "jax"):
        torch._register_device_module("jax", _device_module())
        # Device guard and hooks let PyTorch's C++ side (tensor.to, autograd's device threads)
        # handle a jax device without a compiled backend.
        torch._C._acc.register_python_privateuseone_hook(_Hooks())
        torch._C._acc.register_python_privateuseone_device_guard(_Guard())
    return torch.device("jax", 0)


class _Hooks(torch._C._acc.PrivateUse1Hooks):
    def is_available(self) -> bool:
        return False  # see is_available in _device_module

    def has_primary_context(self, device_index: int) -> bool:
        return True

    def is_built(self) -> bool:
        return True


class _Guard(torch._C._acc.DeviceGuard):
    def type_(self):
        return torch._C._autograd.DeviceType.PrivateUse1


def _device_module() -> types.ModuleType:
    mod = types.ModuleType("torch.jax", "The jax device of torchax.")

    # is_available() is False on purpose: renaming PrivateUse1 makes `jax` the process's
    # torch.accelerator, and claiming availability would make torch.accelerator and
    # torch.compile ask us for streams, which a JAX device does not have.
    mod.is_available = lambda: False
    mod.is_initialized = lambda: True
    mod.device_count = lambda: 1
    mod.current_device = lambda: 0
    mod._is_in_bad_fork = lambda: False

    def manual_seed_all(seed: int) -> None:
        # torch.manual_seed calls this for the PrivateUse1 backend: it is how the seed reaches JAX.
        from torchax.runtime.env import default_env

        default_env().manual_seed(seed)

    mod.manual_seed_all = manual_seed_all
    mod.manual_seed = manual_seed_all
    return mod


DEVICE = _install()


def is_jax_device(device) -> bool:
    if device is None:
        return False
    if isinstance(device, str):
        return device.startswith("jax")
    return getattr(device, "type", None) == "jax"
