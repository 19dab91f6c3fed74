"""`register` and the lowering table it fills; every name is checked against torch.ops.aten."""

from __future__ import annotations

import dataclasses
import enum
import functools
import inspect
import keyword
from collections.abc import Callable

import torch

from torchax.registry._promotion import Promotion, promoting


class RegistrationError(ValueError):
    """A lowering whose name, uniqueness or signature does not fit its ATen schema."""


class Kind(enum.Enum):
    FUNCTIONAL = "functional"  # returns fresh arrays
    VIEW = "view"  # returns a layout-only view of its first argument (writes go to the base)
    RANDOM = "random"  # receives a fresh PRNG key as the keyword argument `key`


@dataclasses.dataclass(frozen=True)
class Lowering:
    name: str  # "aten::add.Tensor"
    overload: torch._ops.OpOverload
    fn: Callable  # what the runtime calls: the body under its promotion wrapper
    body: Callable  # the function as written
    kind: Kind
    promotion: Promotion | None
    source: tuple[str, int]


_TABLE: dict[torch._ops.OpOverload, Lowering] = {}


def resolve(name: str) -> torch._ops.OpOverload:
    """'aten::op' or 'aten::op.overload' -> the OpOverload; RegistrationError if unknown."""
    ns, sep, rest = name.partition("::")
    if ns != "aten" or not sep or not rest:
        raise RegistrationError(f"{name!r}: expected 'aten::op' or 'aten::op.overload'")
    op, _, overload = rest.partition(".")
    packet = getattr(torch.ops.aten, op, None) if op.isidentifier() else None
    if not isinstance(packet, torch._ops.OpOverloadPacket):
        raise RegistrationError(f"{name!r}: torch.ops.aten has no op {op!r}")
    overload = overload or "default"
    if overload not in packet.overloads():
        raise RegistrationError(
            f"{name!r}: aten::{op} has no overload {overload!r} (has {sorted(packet.overloads())})"
        )
    return getattr(packet, overload)


def name_of(overload: torch._ops.OpOverload) -> str:
    """The registry's name of an overload: 'aten::add.Tensor', 'aten::relu' for the default."""
    ov = overload._overloadname
    return overload._schema.name + ("" if ov == "default" else "." + ov)


def _check_signature(name: str, overload: torch._ops.OpOverload, fn: Callable, kind: Kind) -> None:
    """The function's parameters must be the schema's arguments: names, order, keyword-only-ness
    and presence of defaults (out= arguments excluded; a random op adds keyword-only `key`)."""
    params = list(inspect.signature(fn).parameters.values())
    if kind is Kind.RANDOM:
        if not params or params[-1].name != "key" or params[-1].kind is not params[-1].KEYWORD_ONLY:
            raise RegistrationError(f"{name}: a random lowering ends with keyword-only `key`")
        params = params[:-1]
    args = [a for a in overload._schema.arguments if not (a.alias_info and a.alias_info.is_write)]
    want = [(python_name(a.name), a.kwarg_only, a.has_default_value()) for a in args]
    have = [(p.name, p.kind is p.KEYWORD_ONLY, p.default is not p.empty) for p in params]
    if want != have:
        raise RegistrationError(
            f"{name}: parameters {_fmt(have)} do not match the schema {_fmt(want)} ({overload._schema})"
        )


def python_name(name: str) -> str:
    """A schema argument's name as a Python parameter: a keyword gets a trailing underscore
    (uniform's `from` is `from_`)."""
    return name + "_" if keyword.iskeyword(name) else name


def _keyword_arguments(overload: torch._ops.OpOverload, fn: Callable) -> Callable:
    """fn, taking the schema's keyword-named arguments (`from`) when passed by name as `from_`."""
    renamed = {a.name: python_name(a.name) for a in overload._schema.arguments if keyword.iskeyword(a.name)}
    if not renamed:
        return fn

    @functools.wraps(fn)
    def call(*args, **kwargs):
        return fn(*args, **{renamed.get(k, k): v for k, v in kwargs.items()})

    return call


def _refuse_writing(name: str, overload: torch._ops.OpOverload) -> None:
    """In-place, out= and other writing overloads are derived by the runtime from a functional one."""
    from torchax.runtime.variants import functional_of

    if any(a.alias_info and a.alias_info.is_write for a in overload._schema.arguments):
        base = functional_of(overload)
        hint = f"register its functional form {name_of(base)}" if base else "it has no functional form"
        raise RegistrationError(f"{name}: writes its arguments; the runtime derives it: {hint}")


def _fmt(sig: list[tuple[str, bool, bool]]) -> str:
    out, star = [], False
    for n, kw, default in sig:
        if kw and not star:
            out.append("*")
            star = True
        out.append(n + ("=…" if default else ""))
    return "(" + ", ".join(out) + ")"


def _promoted_positions(overload: torch._ops.OpOverload) -> tuple[int, ...]:
    """Positions of the schema's Tensor and Scalar arguments: those that take part in promotion."""
    return tuple(
        i
        for i, a in enumerate(overload._schema.arguments)
        if not a.kwarg_only and str(a.type) in ("Tensor", "Tensor?", "Scalar", "number")
    )


def register(
    *names: str,
    promotion: Promotion | None = None,
    kind: Kind = Kind.FUNCTIONAL,
    promote: tuple[str, ...] | None = None,
) -> Callable[[Callable], Callable]:
    """Register a pure-JAX function as the lowering of one or more ATen overloads.

    `promotion` applies PyTorch's elementwise type promotion to the arguments named in `promote`
    (default: every positional Tensor and Scalar argument). Returns the function unchanged."""

    def decorate(fn: Callable) -> Callable:
        code = fn.__code__
        for name in names:
            overload = resolve(name)
            if overload in _TABLE:
                prev = _TABLE[overload].source
                raise RegistrationError(f"{name}: registered twice (first at {prev[0]}:{prev[1]})")
            _refuse_writing(name, overload)
            _check_signature(name, overload, fn, kind)
            wrapped = _keyword_arguments(overload, fn)
            if promotion is not None:
                if promote is None:
                    positions = _promoted_positions(overload)
                else:
                    argnames = [a.name for a in overload._schema.arguments]
                    positions = tuple(argnames.index(p) for p in promote)
                wrapped = promoting(wrapped, promotion, positions)
            _TABLE[overload] = Lowering(
                name, overload, wrapped, fn, kind, promotion, (code.co_filename, code.co_firstlineno)
            )
        return fn

    return decorate


def get(overload: torch._ops.OpOverload) -> Lowering | None:
    return _TABLE.get(overload)


def lowerings() -> dict[torch._ops.OpOverload, Lowering]:
    """Every registered lowering, keyed by overload."""
    return dict(_TABLE)


@functools.cache
def core_aten_overloads() -> frozenset[torch._ops.OpOverload]:
    """Every overload of torch.ops.aten tagged core in the installed torch (all of them, not just
    those some code has looked up: torch.ops.aten fills its attributes lazily)."""
    found = set()
    names = {s.name.split("::", 1)[1] for s in torch._C._jit_get_all_schemas() if s.name.startswith("aten::")}
    for opname in sorted(names):
        packet = getattr(torch.ops.aten, opname, None)
        if not isinstance(packet, torch._ops.OpOverloadPacket):
            continue
        for ov in packet.overloads():
            overload = getattr(packet, ov)
            if torch.Tag.core in overload.tags:
                found.add(overload)
    return frozenset(found)


def missing_core() -> list[str]:
    """Core ATen overloads with no lowering, derived variants (in-place, out=) counted as served."""
    from torchax.runtime.variants import functional_of

    missing = []
    for overload in core_aten_overloads():
        base = functional_of(overload) or overload
        if base not in _TABLE:
            missing.append(str(overload))
    return sorted(missing)
