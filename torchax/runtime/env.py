"""The environment: dispatch of each aten call (lowering, decomposition, CPU fallback, error),
the PRNG key, and the modes that route here factory calls with device='jax' and lowered overloads
PyTorch would decompose before dispatch."""

from __future__ import annotations

import dataclasses
import functools
import inspect
import warnings
from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np
import torch
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode

from torchax import _dtypes, registry
from torchax.config import config
from torchax.registry import Kind
from torchax.runtime import tensor as _tensor_module
from torchax.runtime import variants
from torchax.runtime.device import is_jax_device
from torchax.runtime.tensor import Tensor

Handler = Callable[[tuple, dict], object]
_ArrayImpl = type(jnp.zeros(()))


@dataclasses.dataclass(frozen=True)
class Call:
    """One dispatched aten call, as recorded by trace.recording()."""

    op: str  # "aten::add.Tensor"
    dtypes: tuple[torch.dtype, ...]  # dtypes of the tensor arguments, else (the dtype it creates,)
    path: str  # "lowering", "decomposition" or "fallback"


class OperatorNotLowered(NotImplementedError):
    """An aten op reached torchax with no lowering, no decomposition and no fallback allowed."""


# -- moving values between the torch and JAX sides -------------------------------------------
def _to_jax(x):
    """An aten argument as the lowering sees it: arrays for tensors, numpy dtypes for dtypes."""
    if type(x) is Tensor and x._root is None:  # the common case, first
        return x._elem
    if isinstance(x, Tensor):
        return x.jax()
    if isinstance(x, torch.Tensor):
        # a transfer of a private copy: jnp.asarray would compile a conversion program for every
        # new shape (~25 ms), and device_put alone may alias the CPU tensor's memory on CPU
        return jax.device_put(np.array(_dtypes.torch_to_numpy(x.cpu())))
    if isinstance(x, torch.dtype):
        return _dtypes.to_jax(x)
    if isinstance(x, list | tuple) and x and isinstance(x[0], torch.Tensor | type(None)):
        return [_to_jax(v) for v in x]
    return x


def _from_jax(x):
    if type(x) is _ArrayImpl or isinstance(x, jax.Array):
        return Tensor(x)
    if isinstance(x, tuple | list):
        return type(x)(_from_jax(v) for v in x)
    return x


def _to_cpu(x):
    if isinstance(x, Tensor):
        return _dtypes.jax_to_torch(x.jax())
    if isinstance(x, list | tuple):
        return type(x)(_to_cpu(v) for v in x)
    if isinstance(x, torch.device) and x.type == "jax":
        return torch.device("cpu")
    return x


def _describe(args, kwargs) -> str:
    dtypes = [str(a.dtype).removeprefix("torch.") for a in _tensors(args, kwargs)]
    return ", ".join(dtypes) or "no tensor arguments"


def _dtypes_of(args, kwargs) -> tuple[torch.dtype, ...]:
    """What a call is keyed by in the manifest: its tensors' dtypes, else the dtype it creates."""
    dtypes = tuple(t.dtype for t in _tensors(args, kwargs))
    made = kwargs.get("dtype")
    return dtypes or ((made,) if isinstance(made, torch.dtype) else ())


def _tensors(args, kwargs):
    for a in (*args, *kwargs.values()):
        if isinstance(a, torch.Tensor):
            yield a
        elif isinstance(a, list | tuple):
            yield from (v for v in a if isinstance(v, torch.Tensor))


def _key_for(seed: int) -> jax.Array:
    # torch seeds are unsigned 64-bit; JAX takes a signed 64-bit seed
    return jax.random.key(int(seed) % (1 << 63))


class _JaxMode(TorchDispatchMode):
    """Active under enable_globally()/default_env(): aten calls that involve a jax tensor or
    ask for device='jax' go to the environment; all else runs natively."""

    def __init__(self, env: Environment):
        super().__init__()
        self.env = env

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if Tensor in types or is_jax_device(kwargs.get("device")):
            return self.env.dispatch(func, types, args, kwargs)
        return func(*args, **kwargs)


def _key_from(generator: torch.Generator) -> jax.Array:
    """A key drawn from a torch.Generator: the generator decides the stream, and advances."""
    with torch.utils._python_dispatch._disable_current_modes():
        seed = int(torch.randint(0, 1 << 62, (), generator=generator))
    return jax.random.key(seed)


class _JaxFunctionMode(TorchFunctionMode):
    """Two kinds of call never reach _JaxMode with a jax tensor, and are served here:
    constructors from Python data (torch.tensor and kin), which build their tensor below the
    dispatcher's Python key: built on CPU, then moved to jax; and aten overloads that PyTorch
    decomposes before dispatch (CompositeImplicitAutograd: sym_size.int, upsample_bilinear2d.vec,
    ...) called as such, as exported graphs do: those with a lowering go to the environment,
    unless autograd must record the call (then their decomposition runs, as in PyTorch)."""

    def __init__(self, env: Environment):
        super().__init__()
        self.env = env

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func in _FROM_DATA and is_jax_device(kwargs.get("device")):
            kwargs["device"] = "cpu"
            return Tensor(_to_jax(func(*args, **kwargs)))
        if type(func) is torch._ops.OpOverload and _served_before_dispatch(func):
            tensors = list(_tensors(args, kwargs))
            grad = torch.is_grad_enabled() and any(t.requires_grad for t in tensors)
            if not grad and any(isinstance(t, Tensor) for t in tensors):
                return self.env.dispatch(func, types, args, kwargs)
        return func(*args, **kwargs)


@functools.cache
def _served_before_dispatch(func: torch._ops.OpOverload) -> bool:
    """A lowered overload that PyTorch would decompose before any dispatch mode sees it."""
    implicit = torch._C.DispatchKey.CompositeImplicitAutograd
    return func.has_kernel_for_dispatch_key(implicit) and registry.get(func) is not None


_FROM_DATA = {torch.tensor, torch.as_tensor, torch.asarray, torch.Tensor.new_tensor}


class Environment:
    def __init__(self):
        self._handlers: dict[torch._ops.OpOverload, Handler] = {}
        self.generation = 0  # counts invalidate(): what was computed in one generation holds in it
        self._key = _key_for(torch.initial_seed())
        self._mode_stack: list[tuple] = []
        self._fallback_warned: set[str] = set()
        self._decomposing: set[torch._ops.OpOverload] = set()  # decompositions now running
        # While not None, each dispatched call appends a Call: see trace.py.
        self.records: list[Call] | None = None

    # -- randomness ------------------------------------------------------------------------
    def manual_seed(self, seed: int) -> None:
        self._key = _key_for(seed)

    def next_key(self) -> jax.Array:
        self._key, key = jax.random.split(self._key)
        return key

    # -- modes -----------------------------------------------------------------------------
    def __enter__(self) -> Environment:
        modes = (_JaxFunctionMode(self), _JaxMode(self))
        for mode in modes:
            mode.__enter__()
        self._mode_stack.append(modes)
        return self

    def __exit__(self, *exc) -> None:
        for mode in reversed(self._mode_stack.pop()):
            mode.__exit__(*exc)

    # -- dispatch --------------------------------------------------------------------------
    def dispatch(self, func, types, args, kwargs):
        handler = self._handlers.get(func)
        if handler is None:
            handler = self.handler_for(func)
        if self.records is not None:
            self.records.append(Call(registry.name_of(func), _dtypes_of(args, kwargs), handler.path))
        try:
            return handler(args, kwargs)
        except (TypeError, ValueError) as e:
            # JAX reports shapes and arguments a lowering cannot take as TypeError or ValueError,
            # PyTorch's kernels as RuntimeError: named by op and dtypes, JAX's message kept.
            # Subclasses (JAX's tracer errors, a dtype JAX lacks) pass unchanged.
            if handler.path != "lowering" or type(e) not in (TypeError, ValueError):
                raise
            raise RuntimeError(f"{registry.name_of(func)} ({_describe(args, kwargs)}): {e}") from e

    def invalidate(self) -> None:
        """Forget resolved handlers, after the registry, the manifest or the config changed."""
        self._handlers.clear()
        _served_before_dispatch.cache_clear()
        self.generation += 1

    def handler_for(self, func: torch._ops.OpOverload) -> Handler:
        """The handler `dispatch` uses for func, resolved once and cached; its `.path` says which
        step of the dispatch order serves func: lowering, decomposition or fallback."""
        handler = self._handlers.get(func)
        if handler is None:
            handler = self._handlers[func] = self._resolve(func)
        return handler

    def _resolve(self, func) -> Handler:
        special = _SPECIAL.get(func)
        if special is not None:
            return _path(special(self), "lowering")
        lowering = registry.get(func)
        if lowering is not None:
            return self._guarded(func, _path(self._lowered(lowering), "lowering"))
        base = variants.functional_of(func)
        if base is not None:
            return _path(self._derived(func, base), self.handler_for(base).path)
        return self._next_path(func)

    def _next_path(self, func) -> Handler:
        """What serves func when no lowering does: its decomposition, else the CPU fallback."""
        decomposition = _decomposition(func)
        if decomposition is not None:
            return _path(self._decomposed(func, decomposition), "decomposition")
        return _path(self._fallback(func), "fallback")

    def _guarded(self, func, lowered: Handler) -> Handler:
        """Dtypes the coverage manifest marks failing skip the lowering for the next path."""
        failing = registry.known_failures(registry.name_of(func))
        if not failing:
            return lowered
        name = registry.name_of(func)
        nxt = self._next_path(func)

        def guarded(args, kwargs):
            dtype = registry.key_dtype(_dtypes_of(args, kwargs))
            if dtype not in failing or not config.dispatch_by_coverage:
                return lowered(args, kwargs)
            if config.strict:
                raise OperatorNotLowered(
                    f"torchax: {name} is a known failure for {dtype} ({failing[dtype]}); strict mode "
                    f"forbids other paths (torchax.config.strict / TORCHAX_STRICT)"
                )
            if nxt.path == "fallback" and not config.allow_cpu_fallback:
                raise OperatorNotLowered(
                    f"torchax: {name} is a known failure for {dtype} ({failing[dtype]}) and has no "
                    f"decomposition. Set torchax.config.allow_cpu_fallback = True to run it on CPU "
                    f"PyTorch, or torchax.config.dispatch_by_coverage = False to run its lowering anyway."
                )
            if self.records:
                self.records[-1] = dataclasses.replace(self.records[-1], path=nxt.path)
            return nxt(args, kwargs)

        return _path(guarded, "lowering")

    def _lowered(self, lowering: registry.Lowering) -> Handler:
        fn = lowering.fn
        if lowering.kind is Kind.VIEW:

            def view(args, kwargs):
                src, rest = args[0], [_to_jax(a) for a in args[1:]]
                kw = {k: _to_jax(v) for k, v in kwargs.items()}
                out = fn(src.jax(), *rest, **kw)
                if isinstance(out, tuple | list):
                    return type(out)(
                        src._make_view(o, lambda b, i=i: fn(b, *rest, **kw)[i]) for i, o in enumerate(out)
                    )
                return src._make_view(out, lambda b: fn(b, *rest, **kw))

            return view
        if lowering.kind is Kind.RANDOM:

            def random(args, kwargs):
                kw = {k: _to_jax(v) for k, v in kwargs.items()}
                generator = kw.pop("generator", None)
                key = self.next_key() if generator is None else _key_from(generator)
                if "generator" in kwargs:
                    kw["generator"] = None
                return _from_jax(fn(*[_to_jax(a) for a in args], **kw, key=key))

            return random

        def functional(args, kwargs):
            if kwargs:
                return _from_jax(
                    fn(*[_to_jax(a) for a in args], **{k: _to_jax(v) for k, v in kwargs.items()})
                )
            return _from_jax(fn(*[_to_jax(a) for a in args]))

        return functional

    def _derived(self, func, base) -> Handler:
        """In-place and out= forms: run the functional overload, then write its results."""
        base_handler = self.handler_for(base)
        defaults = variants.defaults_to_pass(func, base)
        if defaults:
            functional = base_handler

            def base_handler(args, kwargs):
                return functional((*args, *defaults[len(args) :]), kwargs)

        outs = variants.out_names(func)
        name = registry.name_of(func)

        written = variants.written_args(func)
        if written != ["self"] and not outs:  # an op that also updates some arguments
            argnames = [a.name for a in func._schema.arguments]
            positions = [argnames.index(w) for w in written]
            n_results = len(func._schema.returns)

            def updating(args, kwargs):
                results = base_handler(args, kwargs)
                for pos, new in zip(positions, results[n_results:], strict=True):
                    target = args[pos] if pos < len(args) else kwargs[argnames[pos]]
                    _write(name, target, new)
                return results[0] if n_results == 1 else tuple(results[:n_results])

            return updating

        if torch.Tag.inplace_view in func.tags:  # t_, unsqueeze_, resize_: self changes its layout

            def relayout(args, kwargs):
                self_t = args[0]
                self_t._relayout(base_handler(args, kwargs))
                return self_t

            return relayout

        if not outs:  # in-place on self

            def inplace(args, kwargs):
                self_t = args[0]
                result = base_handler(args, kwargs)
                _write(name, self_t, result)
                return self_t

            return inplace

        def out_form(args, kwargs):
            kwargs = dict(kwargs)
            targets = [kwargs.pop(n) for n in outs]
            result = base_handler(args, kwargs)
            results = result if isinstance(result, tuple | list) else (result,)
            for t, r in zip(targets, results, strict=True):
                _resize_out(t, r.shape)
                _write(name, t, r)
            return targets[0] if len(targets) == 1 else tuple(targets)

        return out_form

    def _decomposed(self, func, decomposition) -> Handler:
        fallback = self._fallback(func)

        def decomposed(args, kwargs):
            if func in self._decomposing:  # the decomposition came back to func itself
                return fallback(args, kwargs)
            self._decomposing.add(func)
            try:
                # Factory calls inside the decomposition must land on the jax device too. Only the
                # dispatch mode: under a function mode, OpOverload.decompose re-dispatches the op.
                with _JaxMode(self):
                    return decomposition(*args, **kwargs)
            finally:
                self._decomposing.discard(func)

        return decomposed

    def _fallback(self, func) -> Handler:
        name = registry.name_of(func)
        written = variants.written_args(func)
        argnames = [a.name for a in func._schema.arguments]

        def fallback(args, kwargs):
            if not config.allow_cpu_fallback or config.strict:
                raise OperatorNotLowered(
                    f"torchax: {name} (dtypes: {_describe(args, kwargs)}) has no lowering and no "
                    f"decomposition (or strict mode forbids the CPU fallback). Add one with "
                    f"@register('{name}') in torchax/ops/, or set torchax.config.allow_cpu_fallback = "
                    f"True to run it on CPU PyTorch."
                )
            if name not in self._fallback_warned:
                self._fallback_warned.add(name)
                warnings.warn(f"torchax: {name} runs on CPU PyTorch (no lowering)", stacklevel=3)
            cpu_args, cpu_kwargs = _to_cpu(args), {k: _to_cpu(v) for k, v in kwargs.items()}
            result = func(*cpu_args, **cpu_kwargs)
            for w in written:  # copy writes back to the jax tensors they were made for
                i = argnames.index(w)
                target = args[i] if i < len(args) else kwargs.get(w)
                source = cpu_args[i] if i < len(args) else cpu_kwargs.get(w)
                if isinstance(target, Tensor):
                    target._assign(_to_jax(source))
            if written and result is not None:
                return args[argnames.index(written[0])] if len(written) == 1 else result
            return _to_jax_tensors(result)

        return fallback


def _path(handler: Handler, path: str) -> Handler:
    handler.path = path
    return handler


def _to_jax_tensors(x):
    if isinstance(x, torch.Tensor) and not isinstance(x, Tensor):
        return Tensor(_to_jax(x))
    if isinstance(x, tuple | list):
        return type(x)(_to_jax_tensors(v) for v in x)
    return x


def _resize_out(out: torch.Tensor, shape) -> None:
    """An out= tensor of another shape than the result is resized, as PyTorch's resize_output
    does: silently when it has no elements, else with PyTorch's deprecation warning."""
    if out.shape == shape or not isinstance(out, Tensor):
        return
    if out.numel():
        warnings.warn(
            f"An output with one or more elements was resized since it had shape {list(out.shape)}, "
            f"which does not match the required output shape {list(shape)}. This behavior is "
            "deprecated, and in a future PyTorch release outputs will not be resized unless they have "
            "zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero "
            "elements with t.resize_(0).",
            UserWarning,
            stacklevel=4,
        )
    out._relayout(Tensor(jnp.zeros(tuple(shape), _dtypes.to_jax(out.dtype))))


_CAST_OK: dict[tuple[torch.dtype, torch.dtype], bool] = {}


def _write(name: str, target: torch.Tensor, result) -> None:
    """Store `result` (a Tensor from the functional op) into `target` as PyTorch would."""
    value = result.jax() if isinstance(result, Tensor) else _to_jax(result)
    if tuple(value.shape) != tuple(target.shape):
        if target.shape != torch.Size(jnp.broadcast_shapes(value.shape, tuple(target.shape))):
            raise RuntimeError(
                f"{name}: output with shape {list(target.shape)} doesn't match the broadcast "
                f"shape {list(value.shape)}"
            )
        value = jnp.broadcast_to(value, tuple(target.shape))
    src_dtype = _dtypes.TO_TORCH[value.dtype]
    if src_dtype != target.dtype:
        ok = _CAST_OK.get((src_dtype, target.dtype))
        if ok is None:
            ok = _CAST_OK[(src_dtype, target.dtype)] = torch.can_cast(src_dtype, target.dtype)
        if not ok:
            raise RuntimeError(
                f"{name}: result type {_short(src_dtype)} can't be cast to the desired output "
                f"type {_short(target.dtype)}"
            )
        value = value.astype(_dtypes.TO_JAX[target.dtype])
    if isinstance(target, Tensor):
        target._assign(value)
    else:  # a CPU tensor written from the jax side (e.g. cpu_tensor.copy_(jax_tensor))
        with torch.utils._python_dispatch._disable_current_modes():
            target.copy_(_dtypes.jax_to_torch(value))


def _short(dtype: torch.dtype) -> str:
    """torch.float32 -> 'Float', as PyTorch's messages name dtypes."""
    return {
        torch.bool: "Bool",
        torch.uint8: "Byte",
        torch.int8: "Char",
        torch.int16: "Short",
        torch.int32: "Int",
        torch.int64: "Long",
        torch.float16: "Half",
        torch.bfloat16: "BFloat16",
        torch.float32: "Float",
        torch.float64: "Double",
        torch.complex64: "ComplexFloat",
        torch.complex128: "ComplexDouble",
    }.get(dtype, str(dtype))


def _decomposition(func):
    from torch._decomp import decomposition_table

    decomposition = decomposition_table.get(func)
    if decomposition is not None:
        return decomposition
    if func.has_kernel_for_dispatch_key(torch._C.DispatchKey.CompositeImplicitAutograd):
        return func.decompose
    explicit = torch._C.DispatchKey.CompositeExplicitAutograd
    if func.namespace != "aten" and func.has_kernel_for_dispatch_key(explicit):
        # a custom op (torch.library) written in terms of aten ops for every device
        return lambda *args, **kwargs: func._op_dk(explicit, *args, **kwargs)
    # torch's reference decompositions call prims; a prim's aten implementation brings it back
    return getattr(func, "impl_aten", None)


# -- ops the runtime itself serves: moving between devices --------------------------------------
def _to_copy(env: Environment) -> Handler:
    lowering = registry.get(torch.ops.aten._to_copy.default)

    def to_copy(args, kwargs):
        src = args[0]
        device = kwargs.get("device")
        if device is not None and not is_jax_device(device):  # leaving the jax device
            kw = {k: v for k, v in kwargs.items() if k != "device"}
            cpu = _dtypes.jax_to_torch(src.jax()) if isinstance(src, Tensor) else src
            with torch.utils._python_dispatch._disable_current_modes():
                return cpu.to(device=device, dtype=kw.get("dtype"), copy=not isinstance(src, Tensor))
        kw = {k: _to_jax(v) for k, v in kwargs.items()}
        return Tensor(lowering.fn(_to_jax(src), **kw))

    return to_copy


def _lift(env: Environment) -> Handler:
    """torch.tensor(data, device='jax') builds a CPU tensor and lifts it: move it here."""

    def lift(args, kwargs):
        src = args[0]
        return src if isinstance(src, Tensor) else Tensor(_to_jax(src))

    return lift


# -- ops whose schema hides a write --------------------------------------------------------------
def _native_batch_norm(env: Environment) -> Handler:
    """native_batch_norm writes running_mean/var in training though its schema does not say so;
    it is served by the _native_batch_norm_legit forms, whose schemas do (and whose lowerings
    give CPU PyTorch's saved statistics: empty ones in evaluation)."""
    aten = torch.ops.aten

    def native_batch_norm(args, kwargs):
        bound = inspect.signature(_native_batch_norm_signature).bind(*args, **kwargs).arguments
        x, weight, bias = bound["input"], bound["weight"], bound["bias"]
        mean, var, momentum, eps = (
            bound["running_mean"],
            bound["running_var"],
            bound["momentum"],
            bound["eps"],
        )
        if not bound["training"]:
            return aten._native_batch_norm_legit_no_training(x, weight, bias, mean, var, momentum, eps)
        if mean is None or var is None:
            return aten._native_batch_norm_legit.no_stats(x, weight, bias, True, momentum, eps)
        return aten._native_batch_norm_legit(x, weight, bias, mean, var, True, momentum, eps)

    return native_batch_norm


def _native_batch_norm_signature(input, weight, bias, running_mean, running_var, training, momentum, eps):
    """native_batch_norm(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean,
    Tensor? running_var, bool training, float momentum, float eps) -> (Tensor, Tensor, Tensor)"""


_SPECIAL: dict[torch._ops.OpOverload, Callable[[Environment], Handler]] = {
    torch.ops.aten.native_batch_norm.default: _native_batch_norm,
    torch.ops.aten._to_copy.default: _to_copy,
    torch.ops.aten.lift_fresh.default: _lift,
    torch.ops.aten.lift_fresh_copy.default: _lift,
}

_DEFAULT: Environment | None = None


def default_env() -> Environment:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Environment()
        _tensor_module._dispatch = _DEFAULT.dispatch
    return _DEFAULT
