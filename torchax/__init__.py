"""torchax: PyTorch programs on JAX. Import, `enable_globally()`, and use device 'jax'."""

from __future__ import annotations

import jax

jax.config.update("jax_enable_x64", True)  # int64 and float64 are real, as in PyTorch

from torchax import coverage, ops  # noqa: E402,F401  (ops: registers the lowerings)
from torchax.config import config  # noqa: E402
from torchax.runtime import DEVICE, Environment, OperatorNotLowered, Tensor, default_env  # noqa: E402

__version__ = "0.1.0"

_global_envs: list[Environment] = []


def enable_globally() -> Environment:
    """Route every aten call that involves the jax device through torchax until disabled."""
    env = default_env()
    if not _global_envs:
        env.__enter__()
        _global_envs.append(env)
    return env


def disable_globally() -> None:
    while _global_envs:
        _global_envs.pop().__exit__(None, None, None)


def manual_seed(seed: int) -> None:
    """Seed the JAX PRNG stream of random ops on the jax device (torch.manual_seed does too)."""
    default_env().manual_seed(seed)


__all__ = [
    "DEVICE",
    "Environment",
    "OperatorNotLowered",
    "Tensor",
    "config",
    "coverage",
    "default_env",
    "disable_globally",
    "enable_globally",
    "manual_seed",
]
