"""`torchax.Tensor`: a torch.Tensor on the device `jax` whose data is a jax.Array."""

from __future__ import annotations

import weakref

import jax
import jax.numpy as jnp
import numpy as np
import torch

from torchax import _dtypes
from torchax.runtime.device import DEVICE


class Tensor(torch.Tensor):
    """Holds a jax.Array. A view also holds its root tensor and the layout function from the
    root's value to its own, so that writes through the view reach the root and the root's
    later writes reach the view (checked by the root's version)."""

    __torch_function__ = torch._C._disabled_torch_function_impl

    @staticmethod
    def __new__(cls, elem: jax.Array, requires_grad: bool = False):
        t = torch.Tensor._make_wrapper_subclass(
            cls, elem.shape, dtype=_dtypes.TO_TORCH[elem.dtype], device=DEVICE, requires_grad=requires_grad
        )
        t._elem = elem
        t._root = None  # the tensor that owns the data, for a view
        t._view_fn = None  # root value -> this view's value (None: an alias of the root)
        t._seen = 0  # the root's version when _elem was last computed
        t._jversion = 0  # bumped by every write to this (root) tensor
        t._views = None  # this root's views by id, weakly held; made with the first view
        return t

    def __init__(self, *args, **kwargs):
        pass

    @classmethod
    def __torch_dispatch__(cls, func, types, args=(), kwargs=None):
        return _dispatch(func, types, args, kwargs or {})

    # -- the data -------------------------------------------------------------------------
    def jax(self) -> jax.Array:
        """The value as a jax.Array (for a view: recomputed if the root was written since)."""
        root = self._root
        if root is None:
            return self._elem
        if self._seen != root._jversion:
            self._elem = root._elem if self._view_fn is None else self._view_fn(root._elem)
            self._seen = root._jversion
        return self._elem

    def _assign(self, value: jax.Array) -> None:
        """Overwrite the whole value in place (same shape and dtype), through to the root."""
        root = self._root
        if root is None:
            self._elem = value
            self._jversion += 1
            return
        root._elem = value if self._view_fn is None else _write_through(root._elem, self._view_fn, value)
        root._jversion += 1
        self._elem = value
        self._seen = root._jversion

    def _make_view(self, elem: jax.Array, fn) -> Tensor:
        """A view of self with value `elem` = fn(self's value); fn None means an alias."""
        out = Tensor(elem)
        root = self._root
        if root is None:
            out._root, out._view_fn = self, fn
        else:
            prev = self._view_fn
            out._root = root
            if fn is None:
                out._view_fn = prev
            elif prev is None:
                out._view_fn = fn
            else:
                out._view_fn = lambda base: fn(prev(base))
        out._seen = out._root._jversion
        out._root._track(out)
        return out

    def _track(self, view: Tensor) -> None:
        """Remember a view of this root, so that _relayout can move it to another root."""
        if self._views is None:  # keyed by id: tensors compare elementwise, not by identity
            self._views = weakref.WeakValueDictionary()
        self._views[id(view)] = view

    def _relayout(self, new: Tensor) -> None:
        """In-place metadata ops (t_, unsqueeze_, resize_, an out= resize): self takes the value and
        layout of `new`, a view of self or a fresh tensor, and PyTorch sees self's new size."""
        if self._root is None:  # self's data moves to a hidden root, with the views of it
            hidden = Tensor(self._elem)
            hidden._jversion, hidden._views, self._views = self._jversion, self._views, None
            for view in (hidden._views or {}).values():
                view._root = hidden
        elif new._root is None:
            self._root._views.pop(id(self), None)
        if new._root is None:
            self._root = self._view_fn = None
            self._jversion += 1
        else:
            self._root, self._view_fn, self._seen = new._root, new._view_fn, new._seen
            self._root._track(self)
        self._elem = new._elem
        _set_size(self, new.shape)

    # -- back to torch and numpy -----------------------------------------------------------
    def numpy(self, *, force: bool = False) -> np.ndarray:
        return np.asarray(self.jax())

    def tolist(self):
        return _dtypes.jax_to_torch(self.jax()).tolist()

    def __repr__(self, *, tensor_contents=None) -> str:
        value = self.jax()
        if isinstance(value, jax.core.Tracer):
            return f"torchax.Tensor(<traced {tuple(self.shape)} {self.dtype}>, device='{self.device}')"
        text = repr(_dtypes.jax_to_torch(value))
        extra = f", device='{self.device}'"
        if self.requires_grad:
            extra += (
                ", requires_grad=True"
                if self.grad_fn is None
                else f", grad_fn=<{type(self.grad_fn).__name__}>"
            )
        return text[:-1] + extra + ")"


def _write_through(base: jax.Array, view_fn, value: jax.Array) -> jax.Array:
    """`base` with the elements that the layout-only view `view_fn` covers set to `value`.

    The view is applied to the positions of base's elements, counted in real units: a complex
    element is two units (its real then its imaginary part), so the views that split or join
    complex numbers (view_as_real, view_as_complex, and .real/.imag made of them) write back."""
    complex_base = jnp.issubdtype(base.dtype, jnp.complexfloating)
    if complex_base:
        k = 2 * jnp.arange(base.size, dtype=jnp.float64).reshape(base.shape)
        positions = jax.lax.complex(k, k + 1)
        units = jnp.stack([base.real, base.imag], axis=-1).ravel()
    else:
        kind = jnp.float64 if jnp.issubdtype(base.dtype, jnp.floating) else jnp.int64  # view_as_complex
        positions = jnp.arange(base.size, dtype=kind).reshape(base.shape)
        units = base.ravel()
    index = view_fn(positions)
    if jnp.iscomplexobj(index):
        index, value = (jnp.stack([a.real, a.imag], axis=-1) for a in (index, value))
    units = units.at[index.astype(jnp.int64).ravel()].set(value.ravel().astype(units.dtype))
    if complex_base:
        pairs = units.reshape(*base.shape, 2)
        return jax.lax.complex(pairs[..., 0], pairs[..., 1])
    return units.reshape(base.shape)


def _set_size(t: torch.Tensor, shape) -> None:
    """Give the wrapper `t` the size `shape` (contiguous strides) as PyTorch sees it. As torch's
    own wrapper subclasses do for inplace_view ops (utils/_python_dispatch.py), the metadata is
    changed by the op's meta kernel, here set_ onto a bare wrapper of the new size."""
    like = torch.Tensor._make_wrapper_subclass(Tensor, shape, dtype=t.dtype, device=DEVICE)
    with torch.utils._mode_utils.no_dispatch():
        meta = torch._C._meta_in_tls_dispatch_include()
        torch._C._set_meta_in_tls_dispatch_include(True)
        try:
            torch.ops.aten.set_.source_Tensor(t, like)
        finally:
            torch._C._set_meta_in_tls_dispatch_include(meta)


def _dispatch(func, types, args, kwargs):
    """Until the default environment exists; creating it rebinds `_dispatch` to its `dispatch`."""
    from torchax.runtime.env import default_env

    return default_env().dispatch(func, types, args, kwargs)
