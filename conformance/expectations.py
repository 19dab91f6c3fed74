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
EXPECTATIONS: list[Entry] = [
    xfail(
        "_segment_reduce.lengths",
        "float32",
        reason="aten::segment_reduce (float32, int64) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "_segment_reduce.offsets",
        "float32",
        reason="aten::segment_reduce (float32, int64) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "_upsample_bilinear2d_aa",
        "float32",
        reason="aten::_upsample_bilinear2d_aa (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "allclose",
        "float32",
        reason="aten::allclose (float32, float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "as_strided.partial_views",
        "float32",
        samples=("s1", "s2"),
        reason="input is a view with a storage offset; our tensors own only their visible elements, so reads before or past them cannot match",
    ),
    xfail(
        "bucketize",
        "float32",
        reason="aten::item (int64) has no lowering and its decomposition does not reach one",
    ),
    xfail("chalf", "float32", reason="complex32 (chalf) has no JAX dtype"),
    xfail(
        "complex",
        "float32",
        reason="Python-scalar result differs: complex/polar with a 0-dim sample returns a mismatching scalar (not yet investigated)",
    ),
    xfail(
        "corrcoef",
        "float32",
        reason="aten::equal (bool, bool) has no lowering and its decomposition does not reach one",
    ),
    skip(
        "cosh",
        ALL,
        check="properties",
        reason="Hypothesis (ci profile) found a mismatch in the shared run but not when run alone: order-dependent, to investigate before it can be a strict xfail",
    ),
    xfail(
        "cov",
        "float32",
        reason="aten::equal (bool, bool) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "equal",
        "float32",
        reason="aten::equal (float32, float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "hash_tensor",
        "float32",
        reason="aten::hash_tensor (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "histc",
        "float32",
        reason="aten::histc (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "histogram",
        "float32",
        reason="aten::histogram.bin_ct (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "histogramdd",
        "float32",
        reason="aten::_histogramdd_bin_edges (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "isin",
        "float32",
        samples=("s1",),
        reason="aten::searchsorted.Tensor (float32, float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "linalg.ldl_factor",
        "float32",
        reason="aten::linalg_ldl_factor_ex (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "linalg.ldl_factor_ex",
        "float32",
        reason="aten::linalg_ldl_factor_ex (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "linalg.ldl_solve",
        "float32",
        reason="aten::linalg_ldl_solve (float32, int32, float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "matrix_exp",
        "float32",
        samples=("s1",),
        reason="not yet investigated: Mismatch: Tensor-likes are not close!",
    ),
    xfail(
        "native_batch_norm",
        "float32",
        samples=("s1",),
        reason="training without running stats: save_mean/save_invstd shape [0] expected by torch, lowering returns per-channel stats",
    ),
    xfail(
        "nn.functional.bilinear",
        "float32",
        reason="aten::_trilinear (float32, float32, float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "nn.functional.conv_transpose3d",
        "float32",
        samples=("s0",),
        reason="not yet investigated: Mismatch: Tensor-likes are not close!",
    ),
    xfail(
        "nn.functional.ctc_loss",
        "float32",
        reason="aten::_ctc_loss (float32, int64) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "nn.functional.fractional_max_pool2d",
        "float32",
        reason="aten::fractional_max_pool2d (float32, float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "nn.functional.fractional_max_pool3d",
        "float32",
        reason="aten::fractional_max_pool3d (float32, float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "nn.functional.linear_cross_entropy.chunked",
        "float32",
        samples=("s0", "s1"),
        reason="torch_nn::_linear_cross_entropy_batch_chunked (float32, float32, int64) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "nn.functional.linear_cross_entropy.chunked_none",
        "float32",
        samples=("s0", "s1"),
        reason="torch_nn::_linear_cross_entropy_batch_chunked_no_reduction (float32, float32, int64) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "nn.functional.rrelu",
        "float32",
        reason="aten::rrelu_with_noise_functional (float32, float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "polar",
        "float32",
        reason="Python-scalar result differs: complex/polar with a 0-dim sample returns a mismatching scalar (not yet investigated)",
    ),
    xfail(
        "polygamma.polygamma_n_0",
        "float32",
        reason="polygamma values differ from CPU PyTorch beyond float32 tolerance (jax.scipy.special.polygamma accuracy, not yet investigated)",
    ),
    xfail(
        "polygamma.polygamma_n_1",
        "float32",
        reason="polygamma values differ from CPU PyTorch beyond float32 tolerance (jax.scipy.special.polygamma accuracy, not yet investigated)",
    ),
    xfail(
        "polygamma.polygamma_n_2",
        "float32",
        reason="polygamma values differ from CPU PyTorch beyond float32 tolerance (jax.scipy.special.polygamma accuracy, not yet investigated)",
    ),
    xfail(
        "polygamma.polygamma_n_3",
        "float32",
        reason="polygamma values differ from CPU PyTorch beyond float32 tolerance (jax.scipy.special.polygamma accuracy, not yet investigated)",
    ),
    xfail(
        "polygamma.polygamma_n_4",
        "float32",
        reason="polygamma values differ from CPU PyTorch beyond float32 tolerance (jax.scipy.special.polygamma accuracy, not yet investigated)",
    ),
    xfail(
        "pow",
        ALL,
        check="properties",
        reason="Hypothesis (ci profile): drawn integer/negative-exponent or special-value operands differ from CPU PyTorch; see the falsifying example of a run",
    ),
    xfail(
        "prod",
        ALL,
        check="properties",
        reason="Hypothesis (ci profile): hypothesis reports an error on drawn inputs (empty or non-contiguous reductions), not yet investigated; see the falsifying example of a run",
    ),
    xfail(
        "searchsorted",
        "float32",
        reason="aten::searchsorted.Tensor (float32, float32) has no lowering and its decomposition does not reach one",
    ),
    skip(
        "sigmoid",
        ALL,
        check="properties",
        reason="Hypothesis (ci profile) found a mismatch in the shared run but not when run alone: order-dependent, to investigate before it can be a strict xfail",
    ),
    xfail("sparse.mm.reduce", "float32", reason="sparse layouts: the jax device holds dense jax.Arrays only"),
    xfail(
        "sparse.sampled_addmm", "float32", reason="sparse layouts: the jax device holds dense jax.Arrays only"
    ),
    xfail(
        "special.airy_ai",
        "float32",
        reason="aten::special_airy_ai (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "special.bessel_j0",
        "float32",
        reason="aten::special_bessel_j0 (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "special.bessel_j1",
        "float32",
        reason="aten::special_bessel_j1 (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "special.bessel_y0",
        "float32",
        reason="aten::special_bessel_y0 (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "special.bessel_y1",
        "float32",
        reason="aten::special_bessel_y1 (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "special.modified_bessel_k0",
        "float32",
        reason="aten::special_modified_bessel_k0 (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "special.modified_bessel_k1",
        "float32",
        reason="aten::special_modified_bessel_k1 (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "special.polygamma.special_polygamma_n_0",
        "float32",
        reason="polygamma values differ from CPU PyTorch beyond float32 tolerance (jax.scipy.special.polygamma accuracy, not yet investigated)",
    ),
    xfail(
        "special.scaled_modified_bessel_k0",
        "float32",
        reason="aten::special_scaled_modified_bessel_k0 (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "special.scaled_modified_bessel_k1",
        "float32",
        reason="aten::special_scaled_modified_bessel_k1 (float32) has no lowering and its decomposition does not reach one",
    ),
    xfail(
        "sub",
        ALL,
        check="properties",
        reason="Hypothesis (ci profile): drawn mixed-dtype operands (Python scalars / zero-dim tensors of other dtypes) give a value that differs from CPU PyTorch; see the falsifying example of a run",
    ),
    xfail(
        "to_sparse",
        "float32",
        reason="aten::_to_sparse (float32) has no lowering and its decomposition does not reach one",
    ),
    skip(
        "xlogy",
        ALL,
        check="properties",
        reason="Hypothesis (ci profile) found a mismatch in the shared run but not when run alone: order-dependent, to investigate before it can be a strict xfail",
    ),
]


def lookup(opinfo: str, dtype: str | None, check: str, table: list[Entry] | None = None) -> list[Entry]:
    """The entries that apply to one test: (OpInfo full name, dtype name or None, check)."""
    return [e for e in (EXPECTATIONS if table is None else table) if e.covers(opinfo, dtype, check)]
