"""What the measured coverage says: `status` of one (op, dtype), `check` of a whole program."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import torch

from torchax.registry import entry, key_dtype
from torchax.runtime.env import default_env
from torchax.runtime.trace import recording


def status(op: str, dtype: torch.dtype) -> dict:
    """The manifest's entry for `op` ("aten::add.Tensor") in `dtype`: status (pass, fail, xfail or
    untested), samples passed/total, largest error seen, xfail reason, path that served it."""
    return dict(entry(op, dtype))


@dataclasses.dataclass(frozen=True)
class Use:
    op: str
    dtypes: tuple[torch.dtype, ...]
    path: str  # lowering, decomposition or fallback
    status: str  # the manifest's status for the op in its dtype (registry.key_dtype)


@dataclasses.dataclass
class Report:
    uses: list[Use]

    @property
    def not_lowered(self) -> list[Use]:
        """Uses served by a CPU fallback or whose manifest status is a failure."""
        return [u for u in self.uses if u.path == "fallback" or u.status in ("fail", "xfail")]

    def __str__(self) -> str:
        lines = [f"{'aten op':44} {'dtypes':28} {'path':14} manifest"]
        for u in self.uses:
            dts = ",".join(str(d).removeprefix("torch.") for d in u.dtypes) or "-"
            lines.append(f"{u.op:44} {dts:28} {u.path:14} {u.status}")
        bad = self.not_lowered
        lines.append(
            f"{len(self.uses)} distinct aten calls; "
            + ("all served by lowerings and decompositions." if not bad else f"{len(bad)} fell back or fail:")
        )
        lines += [f"  {u.op} ({u.path}, {u.status})" for u in bad]
        return "\n".join(lines)


def check(fn: Callable | torch.nn.Module, *example_inputs, verbose: bool = True, **kwargs) -> Report:
    """Run `fn(*example_inputs)` once on the jax device and report every aten op it used, with
    its dtypes, the path that served it and the manifest's status. Prints the report unless
    verbose=False."""
    with default_env(), recording() as calls:
        fn(*example_inputs, **kwargs)
    seen: dict[tuple, Use] = {}
    for c in calls:
        key = (c.op, c.dtypes, c.path)
        if key not in seen:
            dtype = key_dtype(c.dtypes) or torch.get_default_dtype()
            seen[key] = Use(c.op, c.dtypes, c.path, entry(c.op, dtype)["status"])
    report = Report(list(seen.values()))
    if verbose:
        print(report)
    return report
