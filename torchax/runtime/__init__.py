"""The thin runtime: the jax device, the Tensor subclass and the dispatching environment."""

from torchax.runtime import backend  # noqa: F401  (registers the jax device's kernels)
from torchax.runtime.device import DEVICE
from torchax.runtime.env import Environment, OperatorNotLowered, default_env
from torchax.runtime.tensor import Tensor

__all__ = ["DEVICE", "Environment", "OperatorNotLowered", "Tensor", "default_env"]
