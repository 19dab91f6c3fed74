"""The one mapping between torch dtypes and JAX/NumPy dtypes."""

from __future__ import annotations

import jax.numpy as jnp
import ml_dtypes
import numpy as np
import torch

_PAIRS = [
    (torch.bool, np.dtype(np.bool_)),
    (torch.uint8, np.dtype(np.uint8)),
    (torch.uint16, np.dtype(np.uint16)),
    (torch.uint32, np.dtype(np.uint32)),
    (torch.uint64, np.dtype(np.uint64)),
    (torch.int8, np.dtype(np.int8)),
    (torch.int16, np.dtype(np.int16)),
    (torch.int32, np.dtype(np.int32)),
    (torch.int64, np.dtype(np.int64)),
    (torch.float16, np.dtype(np.float16)),
    (torch.bfloat16, np.dtype(ml_dtypes.bfloat16)),
    (torch.float32, np.dtype(np.float32)),
    (torch.float64, np.dtype(np.float64)),
    (torch.complex64, np.dtype(np.complex64)),
    (torch.complex128, np.dtype(np.complex128)),
    (torch.float8_e4m3fn, np.dtype(ml_dtypes.float8_e4m3fn)),
    (torch.float8_e5m2, np.dtype(ml_dtypes.float8_e5m2)),
]
TO_JAX: dict[torch.dtype, np.dtype] = dict(_PAIRS)
TO_TORCH: dict[np.dtype, torch.dtype] = {j: t for t, j in _PAIRS}


class NoCounterpart(TypeError):
    """A dtype one side has and the other has not (complex32 in JAX)."""


def to_jax(dtype: torch.dtype) -> np.dtype:
    try:
        return TO_JAX[dtype]
    except KeyError:
        raise NoCounterpart(f"torchax: torch dtype {dtype} has no JAX counterpart") from None


def to_torch(dtype) -> torch.dtype:
    try:
        return TO_TORCH[np.dtype(dtype)]
    except KeyError:
        raise NoCounterpart(f"torchax: JAX dtype {dtype} has no torch counterpart") from None


def torch_to_numpy(t: torch.Tensor) -> np.ndarray:
    """A CPU torch tensor as a NumPy array (bfloat16 and float8 via ml_dtypes), sharing memory."""
    t = t.detach().resolve_conj().resolve_neg()
    if t.dtype in (torch.bfloat16, torch.float16) or t.dtype.itemsize == 1 and t.is_floating_point():
        bits = {1: torch.uint8, 2: torch.int16}[t.dtype.itemsize]
        return t.view(bits).numpy().view(TO_JAX[t.dtype])
    return t.numpy()


def jax_to_torch(a) -> torch.Tensor:
    """A JAX array as a fresh CPU torch tensor (a copy: JAX buffers are immutable)."""
    arr = np.array(a)  # copies to host, writable
    dtype = TO_TORCH[arr.dtype]
    if dtype in (torch.bfloat16, torch.float16) or (arr.dtype.itemsize == 1 and dtype.is_floating_point):
        bits = {1: np.uint8, 2: np.int16}[arr.dtype.itemsize]
        return torch.from_numpy(arr.view(bits)).view(dtype)
    return torch.from_numpy(arr)


def is_float(dtype) -> bool:
    return jnp.issubdtype(dtype, jnp.floating)


def is_complex(dtype) -> bool:
    return jnp.issubdtype(dtype, jnp.complexfloating)
