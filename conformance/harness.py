"""The conformance harness: runs OpInfo samples on CPU PyTorch and on the jax device and compares.

Everything the tests, the self-test and tools/check_ops.py share lives here: the OpInfo index,
the profiles, the deterministic sample subsets, the four checks (values, grad, jit, errors), the
comparisons (exact, statistics for random ops, what is defined for ambiguous outputs), and the
rule that turns per-sample results plus the expectations table into a test outcome.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import itertools
import math
import os
import random
import time
import traceback
import zlib
from collections.abc import Callable, Iterator

import numpy as np
import torch
from torch.testing._comparison import default_tolerances
from torch.utils import _pytree as pytree

import torchax
from conformance import expectations as ex
from conformance import trace

SEED = 1234  # seeds the generation of every sample, so every process sees the same samples
CHECKS = ("values", "grad", "jit", "errors")
DTYPE_BY_NAME = dict(zip(ex.DTYPE_NAMES, ex.DTYPES, strict=True))


# -- profiles -----------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Profile:
    """How much of the suite to run. `None` for a sample limit means every sample."""

    name: str
    values_samples: int | None
    values_samples_main: int | None  # for float32 and int64, the dtypes most programs use
    grad_dtypes: tuple[str, ...]
    grad_samples: int | None
    jit_dtypes: tuple[str, ...] | None  # None: every dtype
    jit_samples: int | None
    reference_inputs: bool  # also run reference_inputs (beyond sample_inputs)
    timeout: int  # seconds per test (pytest-timeout)
    checks: tuple[str, ...] = CHECKS  # which checks run at all
    values_dtypes: tuple[str, ...] | None = None  # None: every dtype CPU torch supports

    def values_limit(self, dtype: str) -> int | None:
        return self.values_samples_main if dtype in ("float32", "int64") else self.values_samples


PROFILES = {
    # ci: the deterministic shard CI runs (README's test command): the values check in float32
    # for every OpInfo, on the default profile's samples. The default profile (every dtype, plus
    # gradients, jit and error inputs) takes longer than CI's budget on 2 cores.
    "ci": Profile(
        "ci",
        2,
        3,
        (),
        0,
        (),
        0,
        reference_inputs=False,
        timeout=120,
        checks=("values",),
        values_dtypes=("float32",),
    ),
    # default: sized to finish in under 25 minutes on two cores with a fresh compilation cache
    "default": Profile(
        "default", 2, 3, ("float32",), 2, ("float32",), 1, reference_inputs=False, timeout=120
    ),
    "full": Profile(
        "full", None, None, ("float32", "float64"), None, None, None, reference_inputs=True, timeout=900
    ),
}


def parse_shard(text: str) -> tuple[int, int]:
    """'K/N' -> (K, N), checked."""
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise ValueError(f"--conformance-shard wants K/N, got {text!r}") from None
    if not 1 <= k <= n:
        raise ValueError(f"--conformance-shard wants 1 <= K <= N, got {text!r}")
    return k, n


def shard_of(test_id: str, n: int) -> int:
    """The shard (1..n) of a test id ("opinfo-dtype" or "opinfo"): every check of one
    (OpInfo, dtype) pair lands in the same shard, in every process and run."""
    return zlib.crc32(test_id.encode()) % n + 1


# -- the OpInfo index ---------------------------------------------------------------------------
@functools.cache
def opinfos() -> dict[str, object]:
    """Every OpInfo of op_db by full name ("name" or "name.variant"), in op_db order, then
    direct.py's, which call core ATen overloads that no entry of op_db dispatches."""
    from torch.testing._internal import common_utils
    from torch.testing._internal.common_methods_invocations import op_db

    from conformance.direct import direct_op_db

    # OpInfo's sample iterators look for a unittest.TestCase on the call stack (to label the
    # input they are on) with inspect.stack(), which reads the source of every frame: about
    # 40% of a values test. There is no TestCase here, so the lookup always finds nothing.
    common_utils.extract_test_fn = lambda: None
    return {full_name(op): op for op in [*op_db, *direct_op_db]}


def full_name(op) -> str:
    return op.name + ("." + op.variant_test_name if op.variant_test_name else "")


def dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


def supported_dtypes(op) -> list[str]:
    """The dtypes among the twelve we test that CPU PyTorch supports for this OpInfo."""
    supported = op.supported_dtypes("cpu")
    return [n for n, d in DTYPE_BY_NAME.items() if d in supported]


def backward_dtypes(op) -> list[str]:
    if not op.supports_autograd:
        return []
    supported = op.supported_backward_dtypes("cpu")
    return [n for n, d in DTYPE_BY_NAME.items() if d in supported and d.is_floating_point]


def _skip_reason(decorator) -> str | None:
    """The reason of a unittest.skip decorator (None for other decorators)."""
    try:
        wrapped = decorator(lambda: None)
    except Exception:  # noqa: BLE001 - decorators we do not know just do not count
        return None
    return getattr(wrapped, "__unittest_skip_why__", None)


@functools.cache
def random_opinfos() -> frozenset[str]:
    """OpInfos whose outputs are random: op_db skips their CPU-vs-device comparison as
    "non-deterministic"; plus expectations.RANDOM; minus those whose values are undefined."""
    found = set(ex.RANDOM)
    for name, op in opinfos().items():
        for d in op.decorators:
            if getattr(d, "test_name", None) != "test_compare_cpu" or d.device_type not in (None, "cpu"):
                continue
            if any("non-deterministic" in (_skip_reason(dec) or "") for dec in d.decorators):
                found.add(name)
    return frozenset(found - set(ex.UNDEFINED_VALUES))


def pairs_for(check: str, profile: Profile) -> list[tuple[str, str | None]]:
    """The (OpInfo, dtype) pairs a check runs in a profile, in op_db and dtype order."""
    pairs: list[tuple[str, str | None]] = []
    if check not in profile.checks:
        return pairs
    for name, op in opinfos().items():
        if check == "values":
            pairs += [
                (name, d)
                for d in supported_dtypes(op)
                if profile.values_dtypes is None or d in profile.values_dtypes
            ]
        elif check == "grad":
            pairs += [(name, d) for d in backward_dtypes(op) if d in profile.grad_dtypes]
        elif check == "jit":
            pairs += [
                (name, d)
                for d in supported_dtypes(op)
                if profile.jit_dtypes is None or d in profile.jit_dtypes
            ]
        elif check == "errors":
            if op.error_inputs_func is not None:
                pairs.append((name, None))
    return pairs


# -- samples ------------------------------------------------------------------------------------
def _seed(index: int) -> None:
    # what torch.manual_seed does on this machine, without its walk over every device backend
    # (~1.5 ms, once per sample): the CPU generator, and the jax device's stream
    torch.random.default_generator.manual_seed(SEED + index)
    torchax.manual_seed(SEED + index)
    random.seed(SEED + index)
    np.random.seed(SEED + index)


def samples(
    op,
    dtype: str | None,
    check: str,
    *,
    limit: int | None = None,
    only: str | None = None,
    full: bool = False,
) -> Iterator[tuple[str, object]]:
    """(sample id, SampleInput or ErrorInput) for a check. Ids name the source and the index in
    it: "s3" is sample_inputs' fourth sample, "r3" reference_inputs', "e3" error_inputs'.
    Each index is generated under its own seed, so every process and every run sees the same
    samples. `limit` keeps the first sample_inputs (the default profile's subset); `full` adds
    reference_inputs, where an OpInfo has them (those equal to a sample_input are left out);
    `only` generates just one id (and the samples before it in its source)."""
    if check == "errors":
        sources = [("e", lambda: op.error_inputs("cpu", set_seed=False))]
    else:
        torch_dtype = DTYPE_BY_NAME[dtype]
        grad = check == "grad"
        sources = [("s", lambda: op.sample_inputs("cpu", torch_dtype, requires_grad=grad, set_seed=False))]
        if (full or (only or "").startswith("r")) and not grad and op.reference_inputs_func is not None:
            sources.append(("r", lambda: op.reference_inputs("cpu", torch_dtype, set_seed=False)))
    seen: set[str] = set()
    for prefix, make in sources:
        want = None
        if only is not None:
            if not only.startswith(prefix):
                continue
            want = int(only[len(prefix) :])
        for index, item in _indexed(make(), limit=limit if prefix == "s" else None, only=want):
            if prefix == "s" and full:
                seen.add(_fingerprint(item))
            elif prefix == "r" and _fingerprint(item) in seen:
                continue  # reference_inputs often start with the sample_inputs
            if full_name(op) in ex.OWN_STORAGE and check != "errors":
                item = item.transform(_own_storage)
            yield f"{prefix}{index}", item


def _own_storage(t):
    """A copy of `t` that owns exactly its visible elements (what `.to(device)` gives)."""
    if not isinstance(t, torch.Tensor):
        return t
    with torch.no_grad():
        copy = t.clone(memory_format=torch.contiguous_format)
    return copy.requires_grad_(t.requires_grad)


def _indexed(source, *, limit: int | None, only: int | None) -> Iterator[tuple[int, object]]:
    it = iter(source)
    index = 0
    while (limit is None or index < limit) and (only is None or index <= only):
        _seed(index)
        try:
            item = next(it)
        except StopIteration:
            return
        if only is None or index == only:
            yield index, item
        index += 1


def _fingerprint(sample) -> str:
    digest = hashlib.sha1(summary(sample).encode())
    for t in leaves(sample):
        if isinstance(t, torch.Tensor) and t.layout == torch.strided:
            # contiguous() keeps the stride of a one-element tensor, which view(uint8) refuses
            flat = t.detach().resolve_conj().resolve_neg().clone(memory_format=torch.contiguous_format)
            digest.update(flat.reshape(-1).view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()


def summary(sample) -> str:
    return sample.summary().replace('device="cpu", ', "").replace("SampleInput(", "", 1).removesuffix(")")


def leaves(sample) -> list:
    return pytree.tree_leaves((sample.input, sample.args, sample.kwargs))


def _is_device(v) -> bool:
    return isinstance(v, torch.device) or (
        isinstance(v, str) and v.split(":")[0] in ("cpu", "cuda", "meta", "jax")
    )


def to_jax(sample, *, keep_grad: bool = False, host_args: bool = False):
    """The sample on the jax device: tensors copied there, and a device argument (factory
    functions get device='cpu' from sample_inputs) made 'jax'. Dtypes and the rest are kept.
    `host_args` leaves the tensors among args and kwargs on CPU (see expectations.HOST_TENSOR_ARGS)."""
    from torch.testing._internal.opinfo.core import SampleInput

    def move(v, tensors=True):
        if isinstance(v, torch.Tensor) and not tensors:
            return v
        if isinstance(v, torch.Tensor):
            with torch.no_grad():
                moved = v.detach().to("jax")
            if keep_grad and v.requires_grad:
                moved.requires_grad_(True)
            return moved
        if _is_device(v):
            return "jax" if isinstance(v, str) else torch.device("jax")
        if isinstance(v, list):
            return [move(x, tensors) for x in v]
        if isinstance(v, tuple) and not hasattr(v, "_fields"):  # tuples and torch.Size
            return type(v)(move(x, tensors) for x in v)
        if isinstance(v, dict):
            return {k: move(x, tensors) for k, x in v.items()}
        return v

    with torchax.default_env():
        return SampleInput(
            move(sample.input),
            args=move(sample.args, not host_args),
            kwargs=move(sample.kwargs, not host_args),
            output_process_fn_grad=sample.output_process_fn_grad,
            broadcasts_input=sample.broadcasts_input,
            name=sample.name,
        )


def to_cpu(x):
    return pytree.tree_map(
        lambda t: t.cpu() if isinstance(t, torch.Tensor) and t.device.type == "jax" else t, x
    )


def call(op, sample):
    return op(sample.input, *sample.args, **sample.kwargs)


def first_line(e: BaseException) -> str:
    text = str(e).strip()
    return f"{type(e).__name__}: {text.splitlines()[0] if text else ''}"[:500]


# -- results of one sample ----------------------------------------------------------------------
@dataclasses.dataclass
class Outcome:
    status: str  # "pass" | "fail" | "skip"
    error: str = ""
    max_abs: float | None = None
    max_rel: float | None = None
    compare: str = "exact"  # "exact" | "statistics" | "metadata" | "defined" | "exception"
    aten: list = dataclasses.field(default_factory=list)
    result: object = None  # the jax device's result, on CPU (values check), for the jit check
    traceback: str = ""  # of the failure, for tools/check_ops.py --trace


class Mismatch(AssertionError):
    """A comparison failed; the message says where."""


# -- comparisons ----------------------------------------------------------------------------------
def error_metrics(actual, expected) -> tuple[float | None, float | None]:
    """The largest absolute and relative error over the tensor leaves (finite elements only)."""
    max_abs = max_rel = None
    for a, e in zip(pytree.tree_leaves(actual), pytree.tree_leaves(expected), strict=False):
        if not (isinstance(a, torch.Tensor) and isinstance(e, torch.Tensor)) or a.shape != e.shape:
            continue
        if a.layout != torch.strided or e.layout != torch.strided or e.numel() == 0:
            continue
        try:
            wide = torch.complex128 if (a.is_complex() or e.is_complex()) else torch.float64
            a64, e64 = a.detach().to(wide), e.detach().to(wide)
            ok = torch.isfinite(a64) & torch.isfinite(e64)
            diff = (a64 - e64).abs()[ok]
            if diff.numel() == 0:
                continue
            scale = e64.abs()[ok]
            abs_err = float(diff.max())
            nonzero = scale > 0
            rel_err = float((diff[nonzero] / scale[nonzero]).max()) if bool(nonzero.any()) else 0.0
        except (RuntimeError, TypeError):
            continue
        max_abs = abs_err if max_abs is None else max(max_abs, abs_err)
        max_rel = rel_err if max_rel is None else max(max_rel, rel_err)
    return max_abs, max_rel


def assert_same(actual, expected, *, atol: float | None = None, rtol: float | None = None) -> None:
    """Values, dtypes and structure agree (assert_close, NaNs equal, default tolerance per dtype)."""
    if (atol is None) != (rtol is None):
        raise ValueError("give both atol and rtol, or neither")
    try:
        torch.testing.assert_close(actual, expected, atol=atol, rtol=rtol, equal_nan=True, check_device=False)
    except AssertionError as e:
        raise Mismatch(str(e)) from None


DOUBLE = {torch.float16: torch.float64, torch.bfloat16: torch.float64, torch.float32: torch.float64,
          torch.complex64: torch.complex128}  # fmt: skip


def in_double(sample, *, integers: bool = False):
    """The sample with its half- and single-precision tensors (and dtype arguments) in double
    precision, those that require grad still requiring it; None when it has none. With
    `integers` (for a sample of integer tensors whose result is floating: airy_ai(int32) computes
    in float32), a sample with no floating tensor has its integer tensors in double instead."""
    changed = False
    widen = dict(DOUBLE)
    if integers and not any(isinstance(t, torch.Tensor) and t.is_floating_point() for t in leaves(sample)):
        widen.update(
            (d, torch.float64) for d in (torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64)
        )

    def up(v):
        nonlocal changed
        if isinstance(v, torch.dtype):
            if v not in DOUBLE:
                return v
            changed = True
            return DOUBLE[v]
        if not isinstance(v, torch.Tensor) or v.dtype not in widen:
            return v
        changed = True
        return v.detach().to(widen[v.dtype]).requires_grad_(v.requires_grad)

    doubled = sample.transform(up)
    return doubled if changed else None


def assert_closer_to_double(actual, expected, reference, *, atol=None, rtol=None) -> None:
    """Where actual and expected (CPU PyTorch's) differ beyond tolerance, actual is at least as
    close as expected to `reference`, the op computed in double precision: a result at least as
    close to float64 as PyTorch's own is right (DESIGN.md). Non-floating outputs must agree."""
    a_leaves, e_leaves = assert_structure(actual, expected)
    r_leaves = pytree.tree_leaves(reference)
    if len(r_leaves) != len(e_leaves):
        raise Mismatch("the double-precision reference has another structure")
    for i, (a, e, r) in enumerate(zip(a_leaves, e_leaves, r_leaves, strict=True)):
        if not (isinstance(e, torch.Tensor) and (e.is_floating_point() or e.is_complex())):
            assert_same(a, e, atol=atol, rtol=rtol)
            continue
        if a.dtype != e.dtype or a.shape != e.shape or not isinstance(r, torch.Tensor) or r.shape != e.shape:
            assert_same(a, e, atol=atol, rtol=rtol)  # raises, naming what differs
        wide = torch.complex128 if e.is_complex() else torch.float64
        a64, e64, r64 = (x.detach().to(wide) for x in (a, e, r))
        if atol is None:
            rtol_, atol_ = default_tolerances(e)
        else:
            rtol_, atol_ = rtol, atol
        near = torch.isclose(a64, e64, rtol=rtol_, atol=atol_, equal_nan=True)
        ours, theirs = (a64 - r64).abs(), (e64 - r64).abs()
        closer = (ours <= theirs) | (theirs.isnan() & ~ours.isnan())  # PyTorch's NaN for a number
        bad = int((~(near | closer)).sum())
        if bad:
            raise Mismatch(
                f"output {i}: {bad} of {e.numel()} elements differ from CPU PyTorch beyond its tolerance "
                "and are further than its own from the double-precision result"
            )


def assert_structure(actual, expected) -> tuple[list, list]:
    a_leaves, a_spec = pytree.tree_flatten(actual)
    e_leaves, e_spec = pytree.tree_flatten(expected)
    if len(a_leaves) != len(e_leaves):
        raise Mismatch(f"output structure differs: got {a_spec}, expected {e_spec}")
    for i, (a, e) in enumerate(zip(a_leaves, e_leaves, strict=True)):
        if isinstance(e, torch.Tensor) != isinstance(a, torch.Tensor):
            raise Mismatch(f"output {i}: got {type(a).__name__}, expected {type(e).__name__}")
    return a_leaves, e_leaves


def assert_metadata(actual, expected) -> None:
    """Shape and dtype only (for outputs whose values are undefined)."""
    for i, (a, e) in enumerate(zip(*assert_structure(actual, expected), strict=True)):
        if isinstance(e, torch.Tensor):
            if a.shape != e.shape or a.dtype != e.dtype:
                raise Mismatch(f"output {i}: got {a.dtype}{list(a.shape)}, expected {e.dtype}{list(e.shape)}")


POOL = 2000  # values a side that a random output is compared on
MAX_DRAWS = 100  # calls a side, at most, to pool them
SMALL = 100  # an output with fewer elements counts its draws, not its values, as the sample size
KS_C = 2.7  # two-sample Kolmogorov-Smirnov critical constant: a false alarm once in ~10^6 tests


def assert_statistics(actual, expected, redraw: Callable | None = None) -> None:
    """For random outputs: structure, shape and dtype of a draw; then, per output, no NaN/inf
    where CPU PyTorch has none, and the same distribution by a two-sample Kolmogorov-Smirnov
    test over values pooled from repeated draws (`redraw()` -> (actual, expected)) until each
    side has POOL values or MAX_DRAWS draws. The values of one draw of a SMALL output may depend
    on each other (attention weights that share one dropout mask): there the test counts draws."""
    assert_metadata(actual, expected)
    pairs = list(zip(*assert_structure(actual, expected), strict=True))
    pooled = [([_snapshot(a)], [_snapshot(e)]) for a, e in pairs]  # in-place ops redraw into e
    size = min((e.numel() for _, e in pairs if isinstance(e, torch.Tensor) and e.numel()), default=POOL)
    for _ in range(min(MAX_DRAWS, -(-POOL // max(size, 1))) - 1 if redraw else 0):
        more_a, more_e = redraw()
        for (pa, pe), a, e in zip(
            pooled, pytree.tree_leaves(more_a), pytree.tree_leaves(more_e), strict=True
        ):
            pa.append(a)
            pe.append(e)
    for i, (pa, pe) in enumerate(pooled):
        if not isinstance(pe[0], torch.Tensor) or pe[0].layout != torch.strided:
            continue
        a64 = torch.cat([_real_parts(t) for t in pa])
        e64 = torch.cat([_real_parts(t) for t in pe])
        for what, test in (("NaN", torch.isnan), ("inf", torch.isinf)):
            if not bool(test(e64).any()) and bool(test(a64).any()):
                raise Mismatch(f"output {i}: has {what} where CPU PyTorch has none")
        a64, e64 = a64[torch.isfinite(a64)], e64[torch.isfinite(e64)]
        if a64.numel() == 0 or e64.numel() == 0:
            continue
        d, n, m, unit = _ks_statistic(a64, e64), a64.numel(), e64.numel(), "values"
        if pe[0].numel() < SMALL:
            n, m, unit = len(pa), len(pe), "draws"
        allowed = KS_C * math.sqrt((n + m) / (n * m))
        if d > allowed:
            raise Mismatch(
                f"output {i}: not distributed like CPU PyTorch's draws (Kolmogorov-Smirnov "
                f"distance {d:.3f} over {n} and {m} {unit}, allowed {allowed:.3f}; means "
                f"{float(a64.mean()):.4g} and {float(e64.mean()):.4g})"
            )


def _snapshot(x):
    return x.detach().clone() if isinstance(x, torch.Tensor) else x


def _ks_statistic(a: torch.Tensor, e: torch.Tensor) -> float:
    """The largest gap between the empirical distribution functions of a and e."""
    a, e = torch.sort(a).values, torch.sort(e).values
    points = torch.cat([a, e])
    fa = torch.searchsorted(a, points, right=True) / a.numel()
    fe = torch.searchsorted(e, points, right=True) / e.numel()
    return float((fa - fe).abs().max())


def _real_parts(t: torch.Tensor) -> torch.Tensor:
    t = t.detach()
    if t.is_complex():
        t = torch.view_as_real(t.resolve_conj())
    return t.to(torch.float64).flatten()


# -- ambiguous outputs: compare what is defined -----------------------------------------------------
def _arg(sample, position: int, name: str, default):
    if len(sample.args) > position:
        return sample.args[position]
    return sample.kwargs.get(name, default)


def _index_spec(name: str, sample):
    """(dim, keepdim, has_values) for ops returning indices that are ambiguous under ties;
    None where the indices are defined (stable sorts) or there are none."""
    if name in ("sort", "argsort"):
        stable = sample.kwargs.get("stable", False)
        if stable:
            return None
        return _arg(sample, 0, "dim", -1), True, name == "sort"
    if name == "topk":
        return _arg(sample, 1, "dim", -1), True, True
    if name == "kthvalue":
        return _arg(sample, 1, "dim", -1), _arg(sample, 2, "keepdim", False), True
    if name in ("mode", "median", "nanmedian"):
        dim = _arg(sample, 0, "dim", -1 if name == "mode" else None)
        if dim is None:
            return None
        return dim, _arg(sample, 1, "keepdim", False), True
    if name in ("cummax", "cummin"):
        return _arg(sample, 0, "dim", 0), True, True
    return None


def assert_indices_defined(name: str, sample, actual, expected, atol, rtol) -> bool:
    """Values exactly; indices only where defined: each must point at an element equal to the
    expected one (ties may pick any). Returns False where this op needs no special comparison."""
    spec = _index_spec(name, sample)
    if spec is None:
        return False
    dim, keepdim, has_values = spec
    source = sample.input
    if has_values:
        values_a, idx_a = actual[0], actual[1]
        values_e, idx_e = expected[0], expected[1]
        assert_same(values_a, values_e, atol=atol, rtol=rtol)
    else:
        idx_a, idx_e = actual, expected
    if idx_a.dtype != idx_e.dtype or idx_a.shape != idx_e.shape:
        raise Mismatch(
            f"indices: got {idx_a.dtype}{list(idx_a.shape)}, expected {idx_e.dtype}{list(idx_e.shape)}"
        )
    if source.dim() == 0:
        assert_same(idx_a, idx_e)
        return True
    if not keepdim:
        idx_a, idx_e = idx_a.unsqueeze(dim), idx_e.unsqueeze(dim)
    if bool(((idx_a < 0) | (idx_a >= source.shape[dim])).any()):
        raise Mismatch("indices out of range")
    picked_a = torch.gather(source, dim, idx_a)
    picked_e = torch.gather(source, dim, idx_e)
    try:
        assert_same(picked_a, picked_e, atol=0, rtol=0)
    except Mismatch as e:
        raise Mismatch(f"indices point at different values (ties aside): {e}") from None
    return True


def _residual_ok(name: str, what: str, res_a: float, res_e: float, dtype: torch.dtype, n: int) -> None:
    eps = torch.finfo(dtype).eps if dtype.is_floating_point or dtype.is_complex else 0.0
    allowed = max(4 * res_e, 20 * eps * max(n, 1))
    if not res_a <= allowed:
        raise Mismatch(
            f"{name}: {what} residual {res_a:.3g} (CPU PyTorch {res_e:.3g}, allowed {allowed:.3g})"
        )


def _rel_residual(x: torch.Tensor, ref: torch.Tensor) -> float:
    if x.numel() == 0:
        return 0.0
    return float((x - ref).abs().max()) / max(1.0, float(ref.abs().max()))


def _wide(t: torch.Tensor) -> torch.Tensor:
    return t.detach().resolve_conj().to(torch.complex128 if t.is_complex() else torch.float64)


def _eye_like(m: torch.Tensor) -> torch.Tensor:
    return torch.eye(m.shape[-1], dtype=m.dtype).expand_as(m)


def _orthonormal_residual(q: torch.Tensor) -> float:
    gram = q.mH @ q
    return _rel_residual(gram, _eye_like(gram))


def _match_eigenvalues(wa: torch.Tensor, we: torch.Tensor) -> torch.Tensor:
    """wa reordered to pair each expected eigenvalue with its nearest unused actual one."""
    if wa.numel() == 0:
        return wa, torch.zeros(wa.shape, dtype=torch.long)
    wa2, we2 = wa.reshape(-1, wa.shape[-1]), we.reshape(-1, we.shape[-1])
    order = torch.empty(wa2.shape, dtype=torch.long)
    for b in range(we2.shape[0]):
        free = list(range(wa2.shape[1]))
        for j in range(we2.shape[1]):
            k = min(free, key=lambda i, b=b, j=j: abs(complex(wa2[b, i]) - complex(we2[b, j])))
            order[b, j] = k
            free.remove(k)
    return torch.gather(wa2, 1, order).reshape(wa.shape), order.reshape(wa.shape)


LOWRANK = ("svd_lowrank", "pca_lowrank")


def _assert_lowrank(name: str, sample, actual, expected) -> None:
    """Randomized low-rank SVD/PCA of a @ b.mT (less M, or centred): the factors depend on the
    random projection, so the reconstruction U diag(S) V^H is compared with the matrix it
    approximates, against the residual of CPU PyTorch's own result."""
    a, b = _wide(sample.input), _wide(sample.args[0])
    target = a @ b.mT
    if name == "svd_lowrank" and sample.kwargs.get("M") is not None:
        target = target - _wide(sample.kwargs["M"])
    if name == "pca_lowrank" and sample.kwargs.get("center", True):
        target = target - target.mean(dim=-2, keepdim=True)
    for got, want in zip(actual, expected, strict=True):
        if got.shape != want.shape or got.dtype != want.dtype:
            raise Mismatch(
                f"{name}: got {got.dtype}{list(got.shape)}, expected {want.dtype}{list(want.shape)}"
            )

    def rec(u, s, v):
        u, v = _wide(u), _wide(v)
        return _rel_residual(u @ torch.diag_embed(_wide(s).to(u.dtype)) @ v.mH, target)

    n = target.shape[-1]
    _residual_ok(name, "reconstruction", rec(*actual), rec(*expected), sample.input.dtype, n)


def assert_decomposition_defined(name: str, sample, actual, expected, atol, rtol) -> bool:
    """Eigen- and singular vectors are defined up to sign/phase (and order, for eig): compare
    the values, and the vectors by the reconstruction of the input and their orthonormality,
    against the residuals of CPU PyTorch's own result. False where the op needs nothing special."""
    if name not in ("linalg.eigh", "linalg.eig", "linalg.eigvals", "linalg.svd", "svd", *LOWRANK):
        return False
    if name in LOWRANK:
        _assert_lowrank(name, sample, actual, expected)
        return True
    a_in = sample.input
    dtype = a_in.dtype
    n = a_in.shape[-1] if a_in.dim() else 1
    if name == "linalg.eigh":
        (wa, va), (we, ve) = actual, expected
        assert_same(wa, we, atol=atol, rtol=rtol)
        uplo = _arg(sample, 0, "UPLO", "L")
        m = _wide(a_in)
        tri = m.tril() if uplo == "L" else m.triu()
        herm = tri + tri.mH - torch.diag_embed(torch.diagonal(m, dim1=-2, dim2=-1).real.to(m.dtype))

        def rec(w, v):
            v = _wide(v)
            return _rel_residual(v @ torch.diag_embed(_wide(w).to(v.dtype)) @ v.mH, herm)

        _residual_ok(name, "reconstruction", rec(wa, va), rec(we, ve), dtype, n)
        _residual_ok(
            name,
            "orthonormality",
            _orthonormal_residual(_wide(va)),
            _orthonormal_residual(_wide(ve)),
            dtype,
            n,
        )
        return True
    if name in ("linalg.eig", "linalg.eigvals"):
        if name == "linalg.eig":
            (wa, va), (we, ve) = actual, expected
        else:
            wa, we = actual, expected
        if wa.dtype != we.dtype or wa.shape != we.shape:
            raise Mismatch(
                f"eigenvalues: got {wa.dtype}{list(wa.shape)}, expected {we.dtype}{list(we.shape)}"
            )
        wa_sorted, order = _match_eigenvalues(wa, we)
        assert_same(wa_sorted, we, atol=atol, rtol=rtol)
        if name == "linalg.eig":
            m = _wide(a_in).to(torch.complex128)

            def rec(w, v):
                v = _wide(v)
                return _rel_residual(m @ v, v * _wide(w).unsqueeze(-2))

            _residual_ok(name, "eigenvector", rec(wa, va), rec(we, ve), dtype, n)
        return True
    if name in ("linalg.svd", "svd"):
        if name == "svd" and not _arg(sample, 1, "compute_uv", True):
            return False
        (ua, sa, xa), (ue, se, xe) = actual, expected
        assert_same(sa, se, atol=atol, rtol=rtol)
        for got, want, what in ((ua, ue, "U"), (xa, xe, "V")):
            if got.shape != want.shape or got.dtype != want.dtype:
                raise Mismatch(
                    f"{what}: got {got.dtype}{list(got.shape)}, expected {want.dtype}{list(want.shape)}"
                )
        k = sa.shape[-1]

        def rec(u, s, x):
            u, x = _wide(u)[..., :k], _wide(x)
            vh = x.mH[..., :k, :] if name == "svd" else x[..., :k, :]
            return _rel_residual(u @ torch.diag_embed(_wide(s).to(u.dtype)) @ vh, _wide(a_in))

        _residual_ok(name, "reconstruction", rec(ua, sa, xa), rec(ue, se, xe), dtype, n)
        for got, want, what in ((ua, ue, "U"), (xa, xe, "V")):
            _residual_ok(
                name,
                f"{what} orthonormality",
                _orthonormal_residual(_wide(got)),
                _orthonormal_residual(_wide(want)),
                dtype,
                n,
            )
        return True
    return False


def compare_mode(name: str) -> str:
    if name in ex.UNDEFINED_VALUES:
        return "metadata"
    if name in random_opinfos():
        return "statistics"
    return "exact"


def compare(name: str, sample, actual, expected, *, atol=None, rtol=None, redraw=None, in_double=None) -> str:
    """Raise Mismatch unless actual (the jax device's result, moved to CPU) conforms to
    expected (CPU PyTorch's); returns how it was compared. For random ops, `redraw()` gives
    another (actual, expected) pair of draws to pool; `in_double()` gives CPU PyTorch's result
    for the sample in double precision (None if it has no half- or single-precision inputs)."""
    mode = compare_mode(name)
    if mode == "metadata":
        assert_metadata(actual, expected)
        return mode
    try:
        if assert_indices_defined(name, sample, actual, expected, atol, rtol):
            return "defined"
        if assert_decomposition_defined(name, sample, actual, expected, atol, rtol):
            return "defined"
        assert_same(actual, expected, atol=atol, rtol=rtol)
        return "exact"
    except Mismatch as mismatch:
        if mode != "statistics":
            return closer_to_double(mismatch, actual, expected, in_double, atol=atol, rtol=rtol)
    assert_statistics(actual, expected, redraw)  # a random op whose draw differs from PyTorch's
    return "statistics"


def closer_to_double(mismatch, actual, expected, in_double, *, atol=None, rtol=None) -> str:
    """After `mismatch` (actual and expected differ beyond tolerance): "double" if actual is at
    least as close as expected to `in_double()`, CPU PyTorch's result in double precision; else
    raise (the mismatch stands where there is no such result)."""
    reference = _double_reference(in_double)
    if reference is None:
        raise mismatch
    try:
        assert_closer_to_double(actual, expected, reference, atol=atol, rtol=rtol)
    except Mismatch as further:
        raise Mismatch(f"{mismatch}\n{further}") from None
    return "double"


def _run_in_double(op, sample, integers: bool = False):
    """(the sample in double precision, CPU PyTorch's result on it), or None."""
    doubled = in_double(sample, integers=integers)
    return None if doubled is None else (doubled, call(op, doubled))


def _double_reference(in_double):
    try:
        return None if in_double is None else in_double()
    except Exception:  # noqa: BLE001 - no reference in double precision: the mismatch stands
        return None


# -- the checks on one sample -----------------------------------------------------------------------
def _device_mismatch(actual) -> str:
    for i, t in enumerate(pytree.tree_leaves(actual)):
        if isinstance(t, torch.Tensor) and t.device.type != "jax":
            return f"output {i} is on {t.device}, expected the jax device"
    return ""


@contextlib.contextmanager
def _fallback_off():
    """Conformance measures lowerings and decompositions: CPU fallback would hide a missing op."""
    saved = torchax.config.allow_cpu_fallback
    torchax.config.allow_cpu_fallback = False
    try:
        yield
    finally:
        torchax.config.allow_cpu_fallback = saved


@contextlib.contextmanager
def _seeds_shifted(k: int):
    """OpInfo's random ops reseed with torch.manual_seed(42) before each call (and restore the
    generator after), so repeated calls repeat one draw: shift every seed by k for draw k."""
    original = torch.manual_seed
    torch.manual_seed = lambda seed: original(int(seed) + 7919 * k)
    try:
        yield
    finally:
        torch.manual_seed = original


def check_values(op, sample, *, atol=None, rtol=None) -> Outcome:
    name = full_name(op)
    if not any(isinstance(v, torch.Tensor) or _is_device(v) for v in leaves(sample)):
        return Outcome("skip", "no tensor or device argument: PyTorch runs it on CPU, off the jax device")
    try:
        jsample = to_jax(sample, host_args=name in ex.HOST_TENSOR_ARGS)
    except Exception as e:  # noqa: BLE001
        return Outcome("fail", "moving the inputs to the jax device: " + first_line(e))
    before = [t._version if isinstance(t, torch.Tensor) else None for t in leaves(sample)]
    try:
        expected = call(op, sample)
    except Exception as e:  # noqa: BLE001
        return Outcome("skip", "CPU PyTorch raised " + first_line(e), compare="exception")
    if expected is NotImplemented:  # a reflected dunder called with a number as self
        return Outcome("skip", "CPU PyTorch returned NotImplemented: no result to compare")
    written = [
        i
        for i, (t, v) in enumerate(zip(leaves(sample), before, strict=True))
        if isinstance(t, torch.Tensor) and t._version != v
    ]
    out = Outcome("fail")
    try:
        with trace.recording() as out.aten, _fallback_off(), torchax.default_env():
            raw = call(op, jsample)
    except Exception as e:  # noqa: BLE001
        out.error, out.traceback = first_line(e), traceback.format_exc()
        return out
    try:
        actual = out.result = to_cpu(raw)
        if msg := _device_mismatch(raw):
            raise Mismatch(msg)
        out.max_abs, out.max_rel = error_metrics(actual, expected)
        draws = itertools.count(1)

        def redraw():
            with _seeds_shifted(next(draws)):
                with _fallback_off(), torchax.default_env():
                    again = to_cpu(call(op, jsample))
                return again, pytree.tree_map(_snapshot, call(op, sample))

        floating = any(
            isinstance(t, torch.Tensor) and t.is_floating_point() for t in pytree.tree_leaves(expected)
        )
        doubled = functools.cache(lambda: _run_in_double(op, sample, floating))  # (sample, result) or None

        def reference(i=None):
            if doubled() is None:
                return None
            return doubled()[1] if i is None else leaves(doubled()[0])[i]

        out.compare = compare(
            name, sample, actual, expected, atol=atol, rtol=rtol, redraw=redraw, in_double=reference
        )
        for i in written:  # in-place ops: the inputs they wrote must agree too (as outputs do)
            compare(
                name, sample, to_cpu(leaves(jsample)[i]), leaves(sample)[i], atol=atol, rtol=rtol,
                in_double=functools.partial(reference, i),
            )  # fmt: skip
    except Exception as e:  # noqa: BLE001
        out.error, out.traceback = first_line(e), traceback.format_exc()
        return out
    out.status = "pass"
    return out


def _differentiable(outputs) -> list[int]:
    return [
        i
        for i, t in enumerate(outputs)
        if isinstance(t, torch.Tensor) and t.requires_grad and (t.is_floating_point() or t.is_complex())
    ]


def check_grad(op, sample, *, atol=None, rtol=None) -> Outcome:
    """VJP: gradients of the sample's differentiable outputs against a fixed cotangent."""
    name = full_name(op)
    if name in random_opinfos() or name in ex.UNDEFINED_VALUES:
        return Outcome("skip", "random output: gradients depend on the draw")
    process = sample.output_process_fn_grad
    try:
        out_e = pytree.tree_leaves(process(call(op, sample)))
    except Exception as e:  # noqa: BLE001
        return Outcome("skip", "CPU PyTorch raised " + first_line(e), compare="exception")
    inputs_e = [t for t in leaves(sample) if isinstance(t, torch.Tensor) and t.requires_grad]
    picked = _differentiable(out_e)
    if not picked or not inputs_e:
        return Outcome("skip", "no differentiable output or input")
    torch.manual_seed(SEED)
    cotangents = [torch.randn_like(out_e[i]) for i in picked]
    try:
        grads_e = _cpu_grads(op, sample, picked, cotangents, out_e)
    except Exception as e:  # noqa: BLE001
        return Outcome("skip", "CPU PyTorch's backward raised " + first_line(e), compare="exception")
    out = Outcome("fail")
    try:
        jsample = to_jax(sample, keep_grad=True, host_args=name in ex.HOST_TENSOR_ARGS)
        with trace.recording() as out.aten, _fallback_off(), torchax.default_env():
            out_a = pytree.tree_leaves(process(call(op, jsample)))
            inputs_a = [t for t in leaves(jsample) if isinstance(t, torch.Tensor) and t.requires_grad]
            if _differentiable(out_a) != picked:
                raise Mismatch(f"differentiable outputs {_differentiable(out_a)}, expected {picked}")
            grads_a = torch.autograd.grad(
                [out_a[i] for i in picked], inputs_a, [c.to("jax") for c in cotangents], allow_unused=True
            )
        grads_a = [
            torch.zeros_like(x) if g is None else to_cpu(g) for g, x in zip(grads_a, inputs_e, strict=True)
        ]
        out.max_abs, out.max_rel = error_metrics(grads_a, grads_e)
        try:
            assert_same(grads_a, grads_e, atol=atol, rtol=rtol)
        except Mismatch as mismatch:
            in_double = functools.partial(_grads_in_double, op, sample, picked, cotangents)
            out.compare = closer_to_double(mismatch, grads_a, grads_e, in_double, atol=atol, rtol=rtol)
    except Exception as e:  # noqa: BLE001
        out.error, out.traceback = first_line(e), traceback.format_exc()
        return out
    out.status = "pass"
    return out


def _cpu_grads(op, sample, picked, cotangents, outputs=None) -> list:
    """CPU autograd's gradients of the sample's outputs `picked` (of `outputs`, else computed)
    against `cotangents`, for its inputs that require grad (zeros where unused)."""
    if outputs is None:
        outputs = pytree.tree_leaves(sample.output_process_fn_grad(call(op, sample)))
    inputs = [t for t in leaves(sample) if isinstance(t, torch.Tensor) and t.requires_grad]
    grads = torch.autograd.grad([outputs[i] for i in picked], inputs, cotangents, allow_unused=True)
    return [torch.zeros_like(x) if g is None else g for g, x in zip(grads, inputs, strict=True)]


def _grads_in_double(op, sample, picked, cotangents):
    """CPU PyTorch's gradients for the sample in double precision (the same cotangents,
    widened), or None where the sample has no half- or single-precision tensors."""
    doubled = in_double(sample)
    wide = [c.to(DOUBLE.get(c.dtype, c.dtype)) for c in cotangents]
    return None if doubled is None else _cpu_grads(op, doubled, picked, wide)


def jax_jit():
    """torchax.interop.jax_jit, or None while it does not exist."""
    try:
        from torchax.interop import jax_jit as jit
    except ImportError:
        return None
    return jit


def check_jit(op, sample, *, atol=None, rtol=None, eager: Outcome | None = None) -> Outcome:
    """For a sample whose eager result conforms: the same call under jax_jit agrees with eager.
    `eager` is the sample's values outcome where the values test already ran it."""
    jit = jax_jit()
    if jit is None:
        return Outcome("skip", "interop missing: torchax.interop.jax_jit does not exist")
    # before the eager run, which may write to the sample's inputs
    jsample = to_jax(sample, host_args=full_name(op) in ex.HOST_TENSOR_ARGS)
    if eager is None:
        eager = check_values(op, sample, atol=atol, rtol=rtol)
    if eager.status != "pass":
        return Outcome("skip", f"eager result does not conform ({eager.status}): jit not compared")
    name = full_name(op)
    out = Outcome("fail")
    try:
        flat, spec = pytree.tree_flatten((jsample.input, jsample.args, jsample.kwargs))
        where = [i for i, v in enumerate(flat) if isinstance(v, torch.Tensor)]

        def fn(*tensors):
            values = list(flat)
            for i, t in zip(where, tensors, strict=True):
                values[i] = t
            inp, args, kwargs = pytree.tree_unflatten(values, spec)
            return op(inp, *args, **kwargs)

        with trace.recording() as out.aten, _fallback_off(), torchax.default_env():
            jitted = jit(fn)(*[flat[i] for i in where])
        jitted = _numbers_as_in(eager.result, to_cpu(jitted))
        out.max_abs, out.max_rel = error_metrics(jitted, eager.result)
        out.compare = compare(name, sample, jitted, eager.result, atol=atol, rtol=rtol)
    except Exception as e:  # noqa: BLE001
        out.error, out.traceback = first_line(e), traceback.format_exc()
        return out
    out.status = "pass"
    return out


def _numbers_as_in(eager, jitted):
    """jax_jit returns arrays: where eager gave a Python number, the jitted zero-dim tensor's value."""
    number = isinstance(eager, bool | int | float | complex)
    if number and isinstance(jitted, torch.Tensor) and jitted.ndim == 0:
        return jitted.item()
    if isinstance(eager, tuple | list) and isinstance(jitted, tuple | list) and len(eager) == len(jitted):
        return type(jitted)(_numbers_as_in(e, j) for e, j in zip(eager, jitted, strict=True))
    return jitted


def check_error(op, error_input) -> Outcome:
    """The jax device raises the exception type CPU PyTorch raises for this error input."""
    from torchax.runtime.env import OperatorNotLowered

    sample = error_input.sample_input
    try:
        jsample = to_jax(sample, host_args=full_name(op) in ex.HOST_TENSOR_ARGS)
    except Exception as e:  # noqa: BLE001
        return Outcome("fail", "moving the inputs to the jax device: " + first_line(e), compare="exception")
    try:
        call(op, sample)
    except Exception as e:  # noqa: BLE001
        expected = type(e)
    else:
        return Outcome("skip", "CPU PyTorch did not raise", compare="exception")
    out = Outcome("fail", compare="exception")
    try:
        with trace.recording() as out.aten, _fallback_off(), torchax.default_env():
            to_cpu(call(op, jsample))
    except OperatorNotLowered as e:
        out.error, out.traceback = first_line(e), traceback.format_exc()
        return out
    except Exception as e:  # noqa: BLE001
        if isinstance(e, expected):
            out.status = "pass"
        else:
            out.error = f"raised {type(e).__name__}, CPU PyTorch raises {expected.__name__} ({first_line(e)})"
        return out
    out.error = f"did not raise; CPU PyTorch raises {expected.__name__}"
    return out


CHECK_FUNCTIONS: dict[str, Callable] = {"values": check_values, "grad": check_grad, "jit": check_jit}


# -- one test: samples, expectations, records, outcome --------------------------------------------
@dataclasses.dataclass
class TestResult:
    outcome: str  # "passed" | "failed" | "xfailed" | "skipped"
    message: str
    records: list[dict]

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.records:
            out[r["status"]] = out.get(r["status"], 0) + 1
        return out


def repro_command(check: str, name: str, dtype: str | None, index: str | None, profile: str) -> str:
    test_id = f"{name}-{dtype}" if dtype else name
    cmd = f"pytest 'conformance/test_ops.py::test_{check}[{test_id}]'"
    if index is not None:
        cmd += f" --conformance-sample={index}"
    if profile != "default":
        cmd += f" --conformance-profile={profile}"
    return cmd


# The values test's outcomes of the (OpInfo, dtype, profile) it ran last, by sample id: the
# jit test of the same pair compares with them rather than running each sample eagerly again
# (the collection puts a pair's tests next to each other, and one worker runs them). A change
# of lowerings (the environment's generation) makes them stale.
_EAGER: list = []  # [(op, dtype, profile name, env generation), {sample id: ((inputs' fingerprint, tolerances), Outcome)}]


def run_test(
    check: str,
    name: str,
    dtype: str | None,
    profile: Profile,
    *,
    table: list | None = None,
    only: str | None = None,
    sink: Callable[[dict], None] | None = None,
    op=None,
) -> TestResult:
    """Run one (check, OpInfo, dtype) test: every sample of its subset, each recorded, then the
    expectations decide the outcome. `op` replaces the OpInfo (the self-test plants one)."""
    op = op if op is not None else opinfos()[name]
    entries = ex.lookup(name, dtype, check, table)
    records: list[dict] = []

    def emit(record):
        records.append(record)
        if sink is not None:
            sink(record)

    base = {"check": check, "opinfo": name, "name": op.name, "variant": op.variant_test_name, "dtype": dtype}
    whole_skip = next((e for e in entries if e.kind == "skip" and e.whole_test), None)
    if whole_skip is not None and only is None:
        emit({**base, "sample": None, "status": "skip", "reason": whole_skip.reason, "summary": ""})
        return TestResult("skipped", whole_skip.reason, records)

    limit = None
    if only is None and check != "errors":
        limit = {
            "values": profile.values_limit(dtype),
            "grad": profile.grad_samples,
            "jit": profile.jit_samples,
        }
        limit = limit[check]
    source = samples(op, dtype, check, limit=limit, only=only, full=profile.reference_inputs)
    pair = (op, dtype, profile.name, torchax.default_env().generation)
    jit_follows = "jit" in profile.checks and (profile.jit_dtypes is None or dtype in profile.jit_dtypes)
    if check == "values":
        _EAGER[:] = [pair, {}]
    same = _EAGER and _EAGER[0][0] is op and _EAGER[0][1:] == pair[1:]
    eager_outcomes = _EAGER[1] if same else {}

    for index, sample in _guarded(source):
        if isinstance(sample, BaseException):  # PyTorch's own sample generator failed
            emit(
                {
                    **base,
                    "sample": index,
                    "summary": "",
                    "status": "skip",
                    "reason": "generating the sample raised " + first_line(sample),
                }
            )
            break
        desc = summary(sample.sample_input if check == "errors" else sample)
        matched = [e for e in entries if e.covers_sample(index, desc)]
        skip_entry = next((e for e in matched if e.kind == "skip"), None)
        tol_entry = next((e for e in matched if e.kind == "tol"), None)
        xfail_entry = next((e for e in matched if e.kind == "xfail"), None)
        record = {**base, "sample": index, "summary": desc[:300]}
        if skip_entry is not None:
            emit({**record, "status": "skip", "reason": skip_entry.reason})
            continue
        start = time.perf_counter()
        if check == "errors":
            outcome = check_error(op, sample)
        else:
            tols = {"atol": tol_entry.atol, "rtol": tol_entry.rtol} if tol_entry else {}
            reuse = {}
            # the inputs as they are now: samples may share tensors that earlier samples' CPU
            # runs wrote to (batch norm's running stats), so the same id can hold other values
            state = (
                (_fingerprint(sample), tols)
                if check == "jit" or (check == "values" and jit_follows)
                else None
            )
            if check == "jit" and eager_outcomes.get(index, (None,))[0] == state:
                reuse = {"eager": eager_outcomes[index][1]}
            try:
                outcome = CHECK_FUNCTIONS[check](op, sample, **tols, **reuse)
            except Exception as e:  # noqa: BLE001 - a harness-level error is this sample's failure
                outcome = Outcome("fail", "harness: " + first_line(e))
            if check == "values":
                eager_outcomes[index] = (state, outcome)
        status, reason = outcome.status, ""
        if status == "skip":
            reason = outcome.error
        elif xfail_entry is not None:
            reason = xfail_entry.reason
            if status == "fail":
                status = "xfail"
            elif not xfail_entry.whole_test:
                status = "xpass"
        emit(
            {
                **record,
                "status": status,
                "reason": reason,
                "error": outcome.error if outcome.status == "fail" else "",
                "max_abs_err": outcome.max_abs,
                "max_rel_err": outcome.max_rel,
                "compare": outcome.compare,
                "tolerance": [tol_entry.atol, tol_entry.rtol] if tol_entry else None,
                "aten": trace.summarize(outcome.aten),
                "duration_s": round(time.perf_counter() - start, 4),
                "repro": repro_command(check, name, dtype, index, profile.name),
                **({"cpu_wrong": True} if status == "xfail" and xfail_entry.cpu_wrong else {}),
            }
        )
    return TestResult(*decide(records, entries, only), records)


def _guarded(source):
    """The source's items; an exception raised while generating one becomes the last item,
    with the id None."""
    while True:
        try:
            item = next(source)
        except StopIteration:
            return
        except Exception as e:  # noqa: BLE001
            yield None, e
            return
        yield item


def decide(records: list[dict], entries: list, only: str | None = None) -> tuple[str, str]:
    """The test's outcome from its sample records: unexpected failures and unexpected passes
    of strict xfails fail it; expected failures make it xfailed; all-skipped skips it."""

    def lines(status):
        return [
            f"  sample {r['sample']}: {r.get('error') or r.get('reason')}\n    {r.get('summary', '')[:160]}\n"
            f"    repro: {r['repro']}"
            for r in records
            if r["status"] == status
        ]

    failed, xpassed = lines("fail"), lines("xpass")
    whole_xfail = next((e for e in entries if e.kind == "xfail" and e.whole_test), None)
    statuses = {r["status"] for r in records}
    if failed or xpassed:
        msg = ""
        if failed:
            msg += f"{len(failed)} of {len(records)} samples do not conform:\n" + "\n".join(failed[:5])
        if xpassed:
            msg += f"\n{len(xpassed)} samples pass but a strict xfail covers them (narrow the entry):\n"
            msg += "\n".join(xpassed[:5])
        return "failed", msg
    if whole_xfail is not None and "xfail" not in statuses and only is None:
        if statuses <= {"skip"}:
            return "skipped", "no sample ran: " + _skip_reasons(records)
        return "failed", f"XPASS(strict): every sample passes; remove the xfail entry ({whole_xfail.reason})"
    if "xfail" in statuses:
        reasons = sorted({r["reason"] for r in records if r["status"] == "xfail"})
        return "xfailed", "; ".join(reasons)
    if not records:
        return "skipped", "no samples for this dtype"
    if statuses <= {"skip"}:
        return "skipped", _skip_reasons(records)
    return "passed", ""


def _skip_reasons(records: list[dict]) -> str:
    reasons = sorted({r.get("reason", "") for r in records if r["status"] == "skip"})
    return "; ".join(reasons)[:500] or "skipped"


# -- runtime and JAX settings ---------------------------------------------------------------------------------------
def configure_jax(cache_dir: str | None = None) -> None:
    """Highest matmul precision (like CPU PyTorch) and the persistent compilation cache."""
    import jax

    jax.config.update("jax_default_matmul_precision", "highest")
    cache_dir = cache_dir or os.environ.get("TORCHAX_JAX_CACHE") or os.path.expanduser("~/.cache/torchax-jax")
    if cache_dir and cache_dir != "none":
        jax.config.update("jax_compilation_cache_dir", cache_dir)
        # eager dispatch compiles many small programs: cache them all
        jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)
        jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
