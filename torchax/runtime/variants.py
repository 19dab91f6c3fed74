"""In-place and out= overloads, mapped to the functional overload they are derived from."""

from __future__ import annotations

import functools

import torch


def written_args(overload: torch._ops.OpOverload) -> list[str]:
    """Names of the arguments the schema says the op writes (alias info with is_write)."""
    return [a.name for a in overload._schema.arguments if a.alias_info and a.alias_info.is_write]


def _signature(args) -> list[tuple[str, str]]:
    return [(a.name, str(a.type)) for a in args]


@functools.cache
def functional_of(overload: torch._ops.OpOverload) -> torch._ops.OpOverload | None:
    """`add_.Tensor` -> `add.Tensor`; `add.out` -> `add.Tensor`; None for ops that write nothing
    or whose writes are not an in-place or out= form of a functional overload."""
    written = written_args(overload)
    if not written:
        return None
    schema = overload._schema
    packet_name = schema.name.split("::")[1]
    if written == ["self"] and packet_name.endswith("_") and not packet_name.startswith("_"):
        # add_.Tensor -> add.Tensor; transpose_ -> transpose.int; normal_ -> normal_functional
        for stem in (packet_name[:-1], packet_name[:-1] + "_functional"):
            packet = getattr(torch.ops.aten, stem, None)
            if packet is None:
                continue
            name = overload._overloadname
            types = [str(a.type) for a in schema.arguments]
            if name in packet.overloads():  # unless the name means other arguments there:
                same = getattr(packet, name)  # pow_.Scalar is pow.Tensor_Scalar, not pow.Scalar
                if [str(a.type) for a in same._schema.arguments] == types:
                    return same
            found = _same_arguments(packet, schema.arguments)
            if found is not None:
                return found
        return None
    functional = getattr(torch.ops.aten, packet_name + "_functional", None)
    if functional is not None and overload._overloadname in functional.overloads():
        # e.g. _native_batch_norm_legit -> _native_batch_norm_legit_functional, which returns
        # the new values of the written arguments after the op's own results
        return getattr(functional, overload._overloadname)
    if all(a.kwarg_only for a in schema.arguments if a.alias_info and a.alias_info.is_write):
        # out= form: the functional overload has the same non-out arguments.
        want = _signature(a for a in schema.arguments if not (a.alias_info and a.alias_info.is_write))
        packet = getattr(torch.ops.aten, packet_name)
        for name in packet.overloads():
            cand = getattr(packet, name)
            if cand is overload or written_args(cand):
                continue
            if _signature(cand._schema.arguments) == want:
                return cand
    return None


def _same_arguments(packet, arguments) -> torch._ops.OpOverload | None:
    """The overload of packet that writes nothing and takes these arguments (names and types,
    defaults aside): transpose_.default -> transpose.int."""
    want = _signature(arguments)
    for name in packet.overloads():
        cand = getattr(packet, name)
        if not written_args(cand) and _signature(cand._schema.arguments) == want:
            return cand
    return None


@functools.cache
def defaults_to_pass(overload: torch._ops.OpOverload, base: torch._ops.OpOverload) -> tuple:
    """Positional defaults of overload that its functional base lacks, which the derived call
    must pass (bernoulli_.float has p=0.5, bernoulli.p has no default); () when there are none.
    Entries before the first such default are placeholders: the caller always passes those."""
    mine = [a for a in overload._schema.arguments if not a.kwarg_only]
    theirs = [a for a in base._schema.arguments if not a.kwarg_only]
    pairs = enumerate(zip(mine, theirs, strict=False))
    needed = [i for i, (a, b) in pairs if a.has_default_value() > b.has_default_value()]
    if not needed:
        return ()
    return tuple(a.default_value if a.has_default_value() else None for a in mine[: needed[-1] + 1])


@functools.cache
def out_names(overload: torch._ops.OpOverload) -> tuple[str, ...]:
    """The out= arguments of an out-variant overload, in schema order."""
    return tuple(
        a.name for a in overload._schema.arguments if a.kwarg_only and a.alias_info and a.alias_info.is_write
    )
