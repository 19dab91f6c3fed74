"""Eager dispatch overhead: a 16x16 float32 add on the jax device vs the raw jnp.add it lowers to."""

from __future__ import annotations

import timeit

import jax.numpy as jnp
import torch

import torchax


def best_per_call(fn, number: int = 2000, repeat: int = 7) -> float:
    fn()  # warm up (compiles)
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main() -> None:
    a = jnp.ones((16, 16), jnp.float32)
    b = jnp.ones((16, 16), jnp.float32)
    raw = best_per_call(lambda: jnp.add(a, b))

    with torchax.default_env():
        x = torch.ones(16, 16, device="jax")
        y = torch.ones(16, 16, device="jax")
        in_env = best_per_call(lambda: torch.add(x, y))
    plain = best_per_call(lambda: torch.add(x, y))  # Tensor.__torch_dispatch__, no mode

    print(f"raw jnp.add:                  {raw * 1e6:8.2f} us")
    print(f"torchax add (default_env):    {in_env * 1e6:8.2f} us   ratio {in_env / raw:.2f}x")
    print(f"torchax add (no mode):        {plain * 1e6:8.2f} us   ratio {plain / raw:.2f}x")


if __name__ == "__main__":
    main()
