"""The expectations table: every known failure, skip and tolerance override of the conformance
suite, as data. Nothing else in conformance/ decides that a failure is acceptable.

An entry names an OpInfo by its full name ("name" or "name.variant"), the dtypes it covers
(ALL for every dtype), the check it is about ("values", "grad", "jit", "errors" or
"properties"), optionally the samples it covers (ids as the results and the reproduce commands
show them: "s3" is the OpInfo's sample_inputs number 3, "r3" its reference_inputs number 3, "e3"
its error_inputs number 3), and a reason, which is required.

- xfail: strict. Each covered sample must fail; a covered sample that passes fails the test
  (an entry without `samples` covers the whole (OpInfo, dtype) test, which must have at least
  one failing sample and is then reported as xfailed).
- skip: the covered samples (or the whole test) are not run; for ops that hang or crash.
- tol: atol/rtol used instead of PyTorch's default tolerance for the covered samples.

Keep the table sorted by `Entry.key` (a test checks it). To start entries from a run:
`pytest conformance -n auto --conformance-suggest` prints the entries for the current failures,
each with the first error as its reason, or `python -m conformance.recorder suggest` reads
reports/results/. Make each reason specific (what is wrong and why) before committing it.
"""

from __future__ import annotations

import dataclasses
import re

import torch

ALL = None  # every dtype
CHECKS = ("values", "grad", "jit", "errors", "properties")
KINDS = ("skip", "tol", "xfail")

DTYPES = (
    torch.bool,
    torch.uint8,
    torch.int8,
    torch.int16,
    torch.int32,
    torch.int64,
    torch.float16,
    torch.bfloat16,
    torch.float32,
    torch.float64,
    torch.complex64,
    torch.complex128,
)
DTYPE_NAMES = tuple(str(d).removeprefix("torch.") for d in DTYPES)


@dataclasses.dataclass(frozen=True)
class Entry:
    kind: str  # "xfail" | "skip" | "tol"
    opinfo: str  # "add", "div.floor_rounding"
    dtypes: tuple[str, ...] | None  # None: every dtype
    reason: str
    check: str = "values"
    samples: tuple[str, ...] | None = None  # sample ids ("s3", "r12", "e0"); None: every sample
    match: str | None = None  # regex on the sample's summary, an alternative to `samples`
    atol: float | None = None
    rtol: float | None = None

    @property
    def key(self) -> tuple:
        return (self.opinfo, self.check, self.kind, self.dtypes or (), self.samples or (), self.match or "")

    def covers(self, opinfo: str, dtype: str | None, check: str) -> bool:
        return (
            self.opinfo == opinfo
            and self.check == check
            and (self.dtypes is None or dtype is None or dtype in self.dtypes)
        )

    def covers_sample(self, index: str, summary: str = "") -> bool:
        if self.samples is not None and index not in self.samples:
            return False
        return self.match is None or re.search(self.match, summary) is not None

    @property
    def whole_test(self) -> bool:
        return self.samples is None and self.match is None


def _dtypes(dtypes: str | tuple[str, ...] | None) -> tuple[str, ...] | None:
    if dtypes is None:
        return None
    if isinstance(dtypes, str):
        dtypes = tuple(dtypes.replace(",", " ").split())
    return tuple(sorted(dtypes, key=DTYPE_NAMES.index))


def xfail(opinfo, dtypes, *, reason, check="values", samples=None, match=None) -> Entry:
    return Entry("xfail", opinfo, _dtypes(dtypes), reason, check, _samples(samples), match)


def skip(opinfo, dtypes, *, reason, check="values", samples=None, match=None) -> Entry:
    return Entry("skip", opinfo, _dtypes(dtypes), reason, check, _samples(samples), match)


def tol(opinfo, dtypes, *, atol, rtol, reason, check="values", samples=None, match=None) -> Entry:
    return Entry("tol", opinfo, _dtypes(dtypes), reason, check, _samples(samples), match, atol, rtol)


def _samples(samples) -> tuple[str, ...] | None:
    """Sample ids, sorted; a bare int n means "sn" (the n-th of sample_inputs)."""
    if samples is None:
        return None
    ids = [f"s{s}" if isinstance(s, int) else s for s in samples]
    return tuple(sorted(ids, key=lambda i: (i[0], int(i[1:]))))


# -- how outputs are compared, where values alone do not say it --------------------------------
# OpInfos whose outputs are random are found from op_db itself (see harness.random_opinfos:
# PyTorch skips their CPU-vs-device comparison as "non-deterministic"); these add the ones op_db
# does not mark that way. Their outputs are compared by shape, dtype and statistics.
RANDOM = {
    "nn.functional.alpha_dropout": "drops elements at random (op_db marks it only for CUDA)",
    "normal.number_mean": "draws from a normal distribution (op_db skips it without saying why)",
    "randint": "draws random integers",
    "randn": "draws from a normal distribution",
}
# OpInfos whose output values are undefined (uninitialized memory): shape and dtype only.
UNDEFINED_VALUES = {
    "empty": "uninitialized memory",
    "empty_like": "uninitialized memory",
    "empty_permuted": "uninitialized memory",
    "empty_strided": "uninitialized memory",
    "new_empty": "uninitialized memory",
    "new_empty_strided": "uninitialized memory",
}

# OpInfos whose tensor arguments beyond the input stay on CPU: PyTorch requires them there.
HOST_TENSOR_ARGS = {
    "tensor_split": "tensor_indices_or_sections must be a CPU tensor",
}


# -- the table ----------------------------------------------------------------------------------
EXPECTATIONS: list[Entry] = []


def lookup(opinfo: str, dtype: str | None, check: str, table: list[Entry] | None = None) -> list[Entry]:
    """The entries that apply to one test: (OpInfo full name, dtype name or None, check)."""
    return [e for e in (EXPECTATIONS if table is None else table) if e.covers(opinfo, dtype, check)]
