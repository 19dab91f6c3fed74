"""Crossing between torch and JAX: views of values and functions, jax_jit, JittableModule."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import jax
import torch
from torch.utils import _pytree as torch_pytree

from torchax.runtime.env import default_env
from torchax.runtime.tensor import Tensor


# -- values and functions -------------------------------------------------------------------
def jax_view(x: Any) -> Any:
    """A pytree of torchax Tensors (and callables taking them) as jax.Arrays (and JAX callables)."""
    if callable(x) and not isinstance(x, torch.Tensor | torch.nn.Module):
        return functools.wraps(x)(lambda *a, **k: jax_view(x(*torch_view(a), **torch_view(k))))
    return torch_pytree.tree_map(lambda v: v.jax() if isinstance(v, Tensor) else v, x)


def torch_view(x: Any) -> Any:
    """A pytree of jax.Arrays (and JAX callables) as torchax Tensors (and torch callables)."""
    if callable(x) and not isinstance(x, jax.Array):
        return functools.wraps(x)(lambda *a, **k: torch_view(x(*jax_view(a), **jax_view(k))))
    return jax.tree_util.tree_map(lambda v: Tensor(v) if isinstance(v, jax.Array) else v, x)


def call_jax(jax_fn: Callable, *args, **kwargs) -> Any:
    """Call a JAX function on torchax Tensors; results come back as Tensors."""
    return torch_view(jax_fn(*jax_view(args), **jax_view(kwargs)))


def call_torch(torch_fn: Callable, *args, **kwargs) -> Any:
    """Call a torch function on jax.Arrays under the torchax environment; results are jax.Arrays."""
    with default_env():
        return jax_view(torch_fn(*torch_view(args), **torch_view(kwargs)))


# -- compilation ----------------------------------------------------------------------------
def _register_return_types() -> None:
    """torch's named-tuple results (torch.return_types: max, sort, aminmax...) as JAX pytrees, so
    that a jitted function may return them."""
    named = (getattr(torch.return_types, n) for n in dir(torch.return_types))
    for cls in {c for c in named if isinstance(c, type) and issubclass(c, tuple) and hasattr(c, "n_fields")}:
        jax.tree_util.register_pytree_node(cls, lambda x: (tuple(x), None), lambda _, kids, c=cls: c(kids))


_register_return_types()


def _with_key(pure: Callable) -> Callable:
    """`pure(*args)` -> `(key, *args) -> (result, key)`: the environment's PRNG key is an input and
    an output of the compiled function, so random ops draw fresh numbers on every call."""

    def keyed(key, *args, **kwargs):
        env = default_env()
        saved, env._key = env._key, key
        try:
            result = pure(*args, **kwargs)
            return result, env._key
        finally:
            env._key = saved

    return keyed


def jax_jit(fn: Callable, **jit_kwargs) -> Callable:
    """Compile a function of torch tensors on the jax device with jax.jit.

    `jit_kwargs` go to jax.jit (e.g. static_argnums, donate_argnums counted from fn's arguments)."""
    for k in ("static_argnums", "donate_argnums"):
        if k in jit_kwargs:
            nums = jit_kwargs[k]
            jit_kwargs[k] = tuple(n + 1 for n in ((nums,) if isinstance(nums, int) else nums))
    compiled = jax.jit(_with_key(jax_view(fn)), **jit_kwargs)

    @functools.wraps(fn)
    def call(*args, **kwargs):
        env = default_env()
        result, env._key = compiled(env.next_key(), *jax_view(args), **jax_view(kwargs))
        return torch_view(result)

    call.compiled = compiled
    return call


def extract_jax(module: torch.nn.Module) -> tuple[dict[str, jax.Array], Callable]:
    """`(params, fn)` with fn(params, *args, **kwargs) a pure JAX function computing module(*args).

    params holds the module's parameters and buffers as jax.Arrays (moved to the jax device)."""
    params = {k: _as_jax(v) for k, v in _state(module).items()}

    def fn(params, *args, **kwargs):
        with default_env():
            out = torch.func.functional_call(module, torch_view(params), torch_view(args), torch_view(kwargs))
            return jax_view(out)

    return params, fn


def _state(module: torch.nn.Module) -> dict[str, torch.Tensor]:
    state = dict(module.named_parameters(remove_duplicate=False))
    state.update(module.named_buffers(remove_duplicate=False))
    return state


def _as_jax(t: torch.Tensor) -> jax.Array:
    if isinstance(t, Tensor):
        return t.jax()
    with default_env():
        return t.detach().to("jax").jax()


class JittableModule(torch.nn.Module):
    """A module whose forward runs as one jax.jit-compiled function.

    Parameters and buffers are arguments of the compiled function, not constants in it, so
    updating them (e.g. by an optimizer) does not retrace; the PRNG key is threaded in and out,
    so dropout draws a fresh mask on every call; buffers written during forward (batch-norm
    running statistics) are written back to the module."""

    def __init__(self, module: torch.nn.Module, **jit_kwargs):
        super().__init__()
        self._module = module
        self._buffer_names = [k for k, _ in module.named_buffers(remove_duplicate=False)]

        def pure(state, args, kwargs):
            with default_env():
                tstate = torch_view(state)
                out = torch.func.functional_call(module, tstate, torch_view(args), torch_view(kwargs))
                new_buffers = {k: tstate[k].jax() for k in self._buffer_names}
                return jax_view(out), new_buffers

        self._compiled = jax.jit(_with_key(pure), **jit_kwargs)

    @property
    def module(self) -> torch.nn.Module:
        return self._module

    def forward(self, *args, **kwargs):
        env = default_env()
        state = {k: _as_jax(v) for k, v in _state(self._module).items()}
        (out, buffers), env._key = self._compiled(env.next_key(), state, jax_view(args), jax_view(kwargs))
        for name, value in buffers.items():
            target = self._module.get_buffer(name)
            if isinstance(target, Tensor):
                target._assign(value)
        return torch_view(out)
