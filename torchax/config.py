"""Runtime settings read by the dispatcher."""

from __future__ import annotations

import dataclasses
import os


@dataclasses.dataclass
class Config:
    # Run ops that have neither a lowering nor a decomposition on CPU PyTorch (copying the
    # tensors there and back, with a warning once per op) instead of raising OperatorNotLowered.
    allow_cpu_fallback: bool = False
    # Let the coverage manifest steer dispatch (a known-failing op/dtype skips its lowering). The
    # conformance suite turns it off: it measures the lowerings themselves.
    dispatch_by_coverage: bool = True
    # Raise instead of taking another path when the coverage manifest marks an (op, dtype) as
    # failing, and instead of any CPU fallback. Also set by the environment variable TORCHAX_STRICT=1.
    strict: bool = dataclasses.field(default_factory=lambda: os.environ.get("TORCHAX_STRICT", "") == "1")


config = Config()
