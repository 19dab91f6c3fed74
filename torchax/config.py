"""Runtime settings read by the dispatcher."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class Config:
    # Run ops that have neither a lowering nor a decomposition on CPU PyTorch (copying the
    # tensors there and back, with a warning once per op) instead of raising OperatorNotLowered.
    allow_cpu_fallback: bool = False


config = Config()
