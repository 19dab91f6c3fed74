"""Tests of the harness itself: it catches planted wrong lowerings, strict xfails cannot go stale,
the expectations table is well-formed, and the comparisons accept what is defined and only that."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import jax.numpy as jnp
import pytest
import torch

from conformance import expectations as ex
from conformance import harness, recorder, trace
from torchax import registry
from torchax.runtime import default_env

DEFAULT = harness.PROFILES["default"]
EXP = torch.ops.aten.exp.default
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def planted(monkeypatch):
    """plant(overload, wrap): replace a registered lowering's function by wrap(original fn) for
    the test, so the jax device computes something wrong; undone afterwards."""
    from torchax.registry import _table

    def plant(overload, wrap):
        original = registry.get(overload)
        assert original is not None, f"{overload} has no lowering to plant into"
        monkeypatch.setitem(_table._TABLE, overload, dataclasses.replace(original, fn=wrap(original.fn)))
        default_env().invalidate()

    yield plant
    monkeypatch.undo()
    default_env().invalidate()


def _values(name, dtype, table=(), **kw):
    return harness.run_test("values", name, dtype, DEFAULT, table=list(table), **kw)


# -- the harness catches a wrong lowering -------------------------------------------------------------
def test_correct_lowering_passes():
    result = _values("exp", "float32")
    assert result.outcome == "passed", result.message
    assert all(r["status"] == "pass" for r in result.records) and result.records


def test_planted_small_error_fails(planted):
    """exp off by 32 ulps (relative 4e-6, three times float32's rtol): reported as failing."""
    planted(EXP, lambda fn: lambda x: fn(x) * jnp.float32(1 + 32 * 2.0**-23))
    result = _values("exp", "float32")
    assert result.outcome == "failed"
    failing = [r for r in result.records if r["status"] == "fail"]
    assert failing, result.records
    assert "not close" in failing[0]["error"]
    assert any(r["max_rel_err"] and r["max_rel_err"] > 1.3e-6 for r in failing)
    assert "--conformance-sample=" in failing[0]["repro"]


def test_planted_one_ulp_is_within_tolerance(planted):
    """The other side of the same line: one ulp is inside PyTorch's float32 tolerance."""
    planted(EXP, lambda fn: lambda x: fn(x) * jnp.float32(1 + 2.0**-23))
    assert _values("exp", "float32").outcome == "passed"


def test_planted_wrong_dtype_fails(planted):
    planted(EXP, lambda fn: lambda x: fn(x).astype(jnp.float64))
    result = _values("exp", "float32")
    assert result.outcome == "failed"
    assert "dtype" in next(r for r in result.records if r["status"] == "fail")["error"]


def test_planted_error_is_caught_by_the_jit_check(planted):
    """A lowering that is wrong only when traced by jax_jit (eager still right)."""
    if harness.jax_jit() is None:
        pytest.skip("interop missing: torchax.interop.jax_jit does not exist")
    import jax

    def wrap(fn):
        return lambda x: fn(x) + 1 if isinstance(x, jax.core.Tracer) else fn(x)

    planted(EXP, wrap)
    result = harness.run_test("jit", "exp", "float32", DEFAULT)
    assert result.outcome == "failed", result.message


def test_planted_wrong_gradient_fails(planted):
    """exp's backward multiplies by the result; planting exp changes both sides consistently,
    so plant the backward's mul instead: gradient twice too large."""
    mul = torch.ops.aten.mul.Tensor
    if registry.get(mul) is None:
        pytest.skip("aten::mul.Tensor has no lowering")
    planted(mul, lambda fn: lambda a, b: fn(a, b) * 2)
    result = harness.run_test("grad", "exp", "float32", DEFAULT)
    assert result.outcome == "failed", result.message


def test_records_name_the_aten_ops_and_paths():
    if not trace.available():
        pytest.skip("the runtime has no dispatch hook (torchax.runtime.trace)")
    result = _values("exp", "float32")
    ops = {(d["op"], d["path"]) for r in result.records for d in r["aten"]}
    assert ("aten::exp", "lowering") in ops


# -- strict expectations -------------------------------------------------------------------------------
def test_unexpected_pass_of_a_strict_xfail_fails():
    table = [ex.xfail("exp", "float32", reason="planted: exp is wrong")]
    result = _values("exp", "float32", table)
    assert result.outcome == "failed"
    assert "XPASS(strict)" in result.message


def test_unexpected_pass_of_a_sample_xfail_fails():
    table = [ex.xfail("exp", "float32", samples=["s0"], reason="planted: sample 0 is wrong")]
    result = _values("exp", "float32", table)
    assert result.outcome == "failed"
    assert [r["sample"] for r in result.records if r["status"] == "xpass"] == ["s0"]


def test_expected_failure_is_xfailed(planted):
    planted(EXP, lambda fn: lambda x: fn(x) + 1)
    table = [ex.xfail("exp", "float32", reason="planted: exp is off by one")]
    result = _values("exp", "float32", table)
    assert result.outcome == "xfailed"
    assert result.message == "planted: exp is off by one"
    assert {r["status"] for r in result.records} <= {"xfail", "pass"}  # an empty sample passes
    assert "xfail" in {r["status"] for r in result.records}


def test_an_xfail_where_cpu_is_wrong_is_recorded_so(planted):
    planted(EXP, lambda fn: lambda x: fn(x) + 1)
    table = [ex.xfail("exp", "float32", samples=["s0"], reason="planted", cpu_wrong=True)]
    result = _values("exp", "float32", table)
    s0 = next(r for r in result.records if r["sample"] == "s0")
    assert s0["status"] == "xfail" and s0["cpu_wrong"] is True
    assert not any(r.get("cpu_wrong") for r in result.records if r["status"] != "xfail")


def test_failure_outside_the_xfailed_samples_fails(planted):
    planted(EXP, lambda fn: lambda x: fn(x) + 1)
    table = [ex.xfail("exp", "float32", samples=["s0"], reason="planted")]
    result = _values("exp", "float32", table)
    assert result.outcome == "failed"
    statuses = {r["sample"]: r["status"] for r in result.records}
    assert statuses["s0"] == "xfail" and "fail" in statuses.values()


def test_tolerance_override_applies(planted):
    planted(EXP, lambda fn: lambda x: fn(x) * jnp.float32(1 + 32 * 2.0**-23))
    table = [ex.tol("exp", "float32", atol=1e-5, rtol=1e-5, reason="planted: 32 ulps")]
    assert _values("exp", "float32", table).outcome == "passed"


def test_skip_entry_skips_with_its_reason():
    result = _values("exp", "float32", [ex.skip("exp", ex.ALL, reason="planted: hangs")])
    assert (result.outcome, result.message) == ("skipped", "planted: hangs")


def test_pytest_run_fails_on_a_stale_xfail(pytester, monkeypatch):
    """Through pytest itself: a strict xfail whose test passes makes the run fail."""
    pytester.makeconftest("from conformance.conftest import *  # noqa: F401,F403\n")
    pytester.makepyfile(
        test_stale="""
        from conformance import expectations as ex

        def test_exp(conformance):
            conformance("values", "exp", "float32", table=[ex.xfail("exp", "float32", reason="stale")])
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--conformance-results=none")
    result.assert_outcomes(failed=1)
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*XPASS(strict)*"])


def _collected(*args) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "--collect-only", "-q", "-p", "no:cacheprovider",
         "--conformance-profile=ci", "--conformance-results=none", *args],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [line for line in out.splitlines() if "::" in line]


def test_shards_split_the_opinfo_tests_by_pair():
    """--conformance-shard=K/N keeps the OpInfo tests whose (OpInfo, dtype) falls in shard K (so
    shards of a run are disjoint and together are the run), and the harness's tests in shard 1."""
    everything = _collected()
    shard = _collected("--conformance-shard=2/3")
    expected = [
        t for t in everything
        if "test_ops.py" in t and harness.shard_of(t.rsplit("[", 1)[1].rstrip("]"), 3) == 2
    ]  # fmt: skip
    assert shard == expected and 0 < len(shard) < len(everything) / 2
    assert [harness.parse_shard(x) for x in ("1/1", "3/8")] == [(1, 1), (3, 8)]
    for bad in ("0/2", "3/2", "two"):
        with pytest.raises(ValueError, match="--conformance-shard"):
            harness.parse_shard(bad)


def test_the_suite_runs_without_xdist():
    """The xdist scheduler hook is optional: `-p no:xdist` collects the same tests."""
    assert _collected("-p", "no:xdist", "-k", "exp") == _collected("-k", "exp") != []


def test_a_pairs_tests_are_collected_next_to_each_other():
    """values, grad and jit of one (OpInfo, dtype) stand together, values first."""
    ids = [t.split("::")[1] for t in _collected("--conformance-profile=default") if "test_ops.py" in t]
    runs = [re.sub(r"^test_\w+\[", "[", t) for t in ids if not t.startswith("test_errors")]
    blocks = [k for i, k in enumerate(runs) if i == 0 or runs[i - 1] != k]
    assert len(blocks) == len(set(blocks)) and ("test_values[add-float32]" in ids)
    at = ids.index("test_values[add-float32]")
    assert ids[at : at + 3] == ["test_values[add-float32]", "test_grad[add-float32]", "test_jit[add-float32]"]


def test_jit_test_compares_with_the_values_tests_eager_outcomes(monkeypatch):
    """After the pair's values test, the jit test runs nothing eagerly again; the same records."""
    calls = []
    check_values = harness.check_values
    monkeypatch.setattr(harness, "check_values", lambda *a, **k: calls.append(1) or check_values(*a, **k))
    harness._EAGER.clear()
    alone = harness.run_test("jit", "exp", "float32", DEFAULT)
    assert calls and alone.outcome == "passed"
    _values("exp", "float32")
    calls.clear()
    after = harness.run_test("jit", "exp", "float32", DEFAULT)
    assert not calls and after.outcome == "passed"
    assert [r["status"] for r in after.records] == [r["status"] for r in alone.records]


def test_jit_test_reuses_eager_outcomes_only_for_the_same_inputs():
    """native_batch_norm's samples share running stats that each CPU run updates: the jit test
    (which runs nothing on CPU when it reuses) sees other values under the same sample ids, and
    must then run eagerly itself. Reusing gave eager results 0.5 away from the jitted ones."""
    full = harness.PROFILES["full"]
    alone = harness.run_test("jit", "native_batch_norm", "bfloat16", full, table=[])
    harness.run_test("values", "native_batch_norm", "bfloat16", full, table=[])
    after = harness.run_test("jit", "native_batch_norm", "bfloat16", full, table=[])
    assert [(r["sample"], r["status"]) for r in after.records] == [
        (r["sample"], r["status"]) for r in alone.records
    ]
    assert alone.outcome == "passed"


def test_jit_test_runs_eagerly_again_after_lowerings_change(planted, monkeypatch):
    """Eager outcomes of the values test hold only while the lowerings do."""
    planted(EXP, lambda fn: lambda x: fn(x).astype(jnp.float64))
    assert _values("exp", "float32").outcome == "failed"
    monkeypatch.undo()  # the right lowering again
    default_env().invalidate()
    assert harness.run_test("jit", "exp", "float32", DEFAULT).outcome == "passed"


class _XdistConfig:
    """What xdist's loadscope scheduler reads of pytest's config."""

    option = type("Option", (), {"loadscopereorder": False})()

    def __init__(self, workers: int):
        self.workers = workers

    def getvalue(self, name):
        return {"dist": "load", "tx": [f"{self.workers}*popen"]}[name]


class _Worker:
    """What the scheduler sees of a worker: the tests sent to it, and whether it was told to stop."""

    def __init__(self, name):
        self.sent, self.shutting_down, self.gateway = [], False, type("Gateway", (), {"id": name})()

    def send_runtest_some(self, indices):
        self.sent += indices

    def shutdown(self):
        self.shutting_down = True


def test_a_crashed_workers_test_is_not_run_again():
    """The scheduler gives the rest of a crashed worker's pairs to others, not the test that
    crashed (xdist has reported it failed; run again, it could take down the next worker)."""
    from conformance import conftest

    sched = conftest.pytest_xdist_make_scheduler(_XdistConfig(2), None)
    ids = [
        f"conformance/test_ops.py::test_{c}[{p}-float32]" for p in ("abs", "exp") for c in ("values", "jit")
    ]
    crashing, other = _Worker("gw0"), _Worker("gw1")
    for node in (crashing, other):
        sched.add_node(node)
        sched.add_node_collection(node, ids)
    sched.schedule()
    assert sorted(crashing.sent + other.sent) == [0, 1, 2, 3]
    first = ids[crashing.sent[0]]
    assert sched.remove_node(crashing) == first
    replacement = _Worker("gw2")  # xdist starts one in the crashed worker's place
    sched.add_node(replacement)
    sched.add_node_collection(replacement, ids)
    sched.schedule()
    assert [ids[i] for i in replacement.sent] == [ids[crashing.sent[1]]]  # the rest, not the crashed test
    assert replacement.shutting_down  # told there is no more, so it runs its one test


def test_scheduler_never_leaves_a_worker_holding_one_test():
    """A worker runs a test once it knows the next one (or that there is none): the scheduler
    keeps two tests on each node while there is work, and says when there is no more."""
    from conformance import conftest

    sched = conftest.pytest_xdist_make_scheduler(_XdistConfig(1), None)
    ids = [f"conformance/test_ops.py::test_errors[op{i}]" for i in range(5)]  # one test per unit
    node = _Worker("gw0")
    sched.add_node(node)
    sched.add_node_collection(node, ids)
    sched.schedule()
    assert node.sent == [0, 1] and not node.shutting_down
    sched.mark_test_complete(node, 0)
    assert node.sent == [0, 1, 2]
    for i in (1, 2):
        sched.mark_test_complete(node, i)
    assert node.sent == [0, 1, 2, 3, 4] and node.shutting_down


def test_one_worker_runs_a_pairs_tests(tmp_path):
    """With -n, xdist gives each (OpInfo, dtype)'s tests to one worker."""
    subprocess.run(
        [sys.executable, "-m", "pytest", "conformance/test_ops.py", "-n", "2", "-q", "-p", "no:cacheprovider",
         "--conformance-profile=default", f"--conformance-results={tmp_path}", "-k", "float32 and (exp or abs)"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    worker_of: dict[tuple, set] = {}
    for path in tmp_path.glob("*-gw*.jsonl"):
        for line in path.read_text().splitlines():
            r = json.loads(line)
            worker_of.setdefault((r["opinfo"], r["dtype"]), set()).add(path.name)
    assert len(worker_of) >= 4 and all(len(w) == 1 for w in worker_of.values()), worker_of
    assert len(set().union(*worker_of.values())) == 2  # and both workers had work


# -- the expectations table ---------------------------------------------------------------------------
def test_every_entry_names_an_opinfo_with_a_reason():
    names = harness.opinfos()
    for e in ex.EXPECTATIONS:
        assert e.opinfo in names, f"{e.opinfo!r} is not an OpInfo (name or name.variant) in op_db"
        assert e.reason.strip(), f"{e.opinfo}: an entry needs a reason"
        assert e.kind in ex.KINDS and e.check in ex.CHECKS, e
        assert e.dtypes is None or set(e.dtypes) <= set(ex.DTYPE_NAMES), e
        assert e.samples is None or all(re.fullmatch(r"[sre]\d+", s) for s in e.samples), e
        assert (e.kind == "tol") == (e.atol is not None and e.rtol is not None), e
        assert e.kind == "xfail" or not e.cpu_wrong, e
        if e.check == "errors":
            assert e.dtypes is None, f"{e.opinfo}: error inputs have no dtype"


def test_entries_cover_dtypes_the_opinfo_supports():
    for e in ex.EXPECTATIONS:
        op = harness.opinfos()[e.opinfo]
        supported = harness.backward_dtypes(op) if e.check == "grad" else harness.supported_dtypes(op)
        assert e.dtypes is None or set(e.dtypes) <= set(supported), f"{e}: dtypes beyond {supported}"


def test_table_is_sorted_and_has_no_duplicates():
    keys = [e.key for e in ex.EXPECTATIONS]
    assert keys == sorted(keys), "keep conformance/expectations.py EXPECTATIONS sorted by Entry.key"
    assert len(set(keys)) == len(keys)


def test_comparison_tables_name_opinfos():
    for name in [*ex.RANDOM, *ex.UNDEFINED_VALUES, *ex.HOST_TENSOR_ARGS, *ex.OWN_STORAGE]:
        assert name in harness.opinfos(), name
    assert not set(ex.RANDOM) & set(ex.UNDEFINED_VALUES)


def test_random_opinfos_are_derived_from_op_db():
    found = harness.random_opinfos()
    assert {"bernoulli", "nn.functional.dropout", "normal", "uniform"} <= found
    assert "add" not in found and "empty" not in found


# -- collection is deterministic ------------------------------------------------------------------------
def test_pairs_cover_every_supported_dtype():
    pairs = harness.pairs_for("values", DEFAULT)
    assert len(pairs) == len(set(pairs))
    assert {n for n, _ in pairs} <= set(harness.opinfos())
    assert ("add", "float32") in pairs and ("add", "bool") in pairs
    assert sum(len(harness.supported_dtypes(op)) for op in harness.opinfos().values()) == len(pairs)


def test_samples_are_the_same_in_every_process():
    op = harness.opinfos()["add"]
    first = [harness._fingerprint(s) for _, s in harness.samples(op, "float32", "values", limit=3)]
    torch.rand(100)  # whatever ran before does not change the samples
    second = [harness._fingerprint(s) for _, s in harness.samples(op, "float32", "values", limit=3)]
    assert first == second and len(first) == 3
    only = [(i, harness._fingerprint(s)) for i, s in harness.samples(op, "float32", "values", only="s2")]
    assert only == [("s2", first[2])]


def test_full_profile_gets_every_reference_input():
    """reference_inputs include one-element views with stride 2: fingerprinting them (to leave
    out duplicates of sample_inputs) raised and cut the source short (exp: 20 of 38 samples)."""
    op = harness.opinfos()["exp"]
    ids = [i for i, _ in harness.samples(op, "float32", "values", full=True)]
    given = {harness._fingerprint(s) for s in op.sample_inputs("cpu", torch.float32)}
    new = [s for s in op.reference_inputs("cpu", torch.float32) if harness._fingerprint(s) not in given]
    assert len([i for i in ids if i.startswith("r")]) == len(new) > 10


def test_storage_dependent_samples_own_their_storage():
    # as_strided.partial_views: views of a larger tensor; CPU runs on what a device copy holds
    op = harness.opinfos()["as_strided.partial_views"]
    for _, s in harness.samples(op, "float32", "values", limit=3):
        assert s.input.storage_offset() == 0 and s.input.untyped_storage().nbytes() == 4 * s.input.numel()


# -- comparisons: what is defined, and only that ----------------------------------------------------------
def _sample(x, *args, **kwargs):
    from torch.testing._internal.opinfo.core import SampleInput

    return SampleInput(x, args=args, kwargs=kwargs)


def test_result_closer_to_double_than_pytorch_conforms():
    # CPU PyTorch's half result is off by 1.3e-3 (beyond its tolerance); ours by 3e-5: ours is right
    exact = torch.tensor([1 / 3], dtype=torch.float64)
    expected = torch.tensor([0.3320], dtype=torch.float16)
    ours = torch.tensor([1 / 3], dtype=torch.float16)
    sample = _sample(torch.ones(1, dtype=torch.float16))
    assert harness.compare("add", sample, ours, expected, in_double=lambda: exact) == "double"
    worse = torch.tensor([0.3350], dtype=torch.float16)  # further from 1/3 than PyTorch's
    with pytest.raises(harness.Mismatch, match="further than its own"):
        harness.compare("add", sample, worse, expected, in_double=lambda: exact)
    with pytest.raises(harness.Mismatch):  # without a double-precision reference, no second look
        harness.compare("add", sample, ours, expected)
    # PyTorch's NaN where the double-precision result is a number: ours (a number near it) is right
    tiny = torch.tensor([1.4e-215 - 1.2e-215j], dtype=torch.complex128)
    nan = torch.tensor([complex("nan+nanj")], dtype=torch.complex64)
    zero = torch.zeros(1, dtype=torch.complex64)
    assert harness.compare("add", sample, zero, nan, in_double=lambda: tiny) == "double"
    with pytest.raises(harness.Mismatch, match="further than its own"):  # a NaN of ours never is
        harness.compare("add", sample, nan, torch.ones(1, dtype=torch.complex64), in_double=lambda: tiny)


def test_sample_without_tensor_or_device_is_skipped_not_failed():
    """torch.mul(2.5, 4.0) is a CPU tensor whatever device the user works on: nothing to measure."""
    mul = harness.opinfos()["mul"]
    outcome = harness.check_values(mul, _sample(2.5, 4.0))
    assert outcome.status == "skip" and "no tensor or device argument" in outcome.error
    assert harness.check_values(mul, _sample(torch.tensor(2.5), 4.0)).status == "pass"


class _Square:
    """x * x whose CPU float32 kernel is off by 1e-3 (relative), as are we by `ours`."""

    name, variant_test_name = "square_for_the_harness", ""

    def __init__(self, ours: float):
        self.ours = ours

    def __call__(self, x):
        if x.device.type == "jax":
            return x * x * (1 + self.ours)
        return x * x * (1 + 1e-3) if x.dtype == torch.float32 else x * x


def test_sample_cpu_answers_not_implemented_is_skipped():
    """Tensor.__rsub__(3, t): CPU PyTorch returns NotImplemented (self is not a tensor)."""
    result = harness.run_test("values", "__rsub__", "uint8", DEFAULT, only="r43")
    assert [r["status"] for r in result.records] == ["skip"]
    assert "NotImplemented" in result.records[0]["reason"]


def test_gradient_closer_to_double_than_pytorch_conforms():
    sample = _sample(torch.linspace(1, 2, 5).requires_grad_())
    closer = harness.check_grad(_Square(1e-4), sample)  # 1e-4 off, PyTorch's 1e-3: ours is right
    assert (closer.status, closer.compare) == ("pass", "double"), closer.error
    further = harness.check_grad(_Square(-2e-3), sample)  # further from double than PyTorch's
    assert further.status == "fail" and "further than its own" in further.traceback, further.error


def test_in_double_widens_half_and_single_precision_only():
    sample = _sample(
        torch.ones(2, dtype=torch.float16), torch.ones(2, dtype=torch.int64), dtype=torch.float32
    )
    doubled = harness.in_double(sample)
    assert doubled.input.dtype == torch.float64 and doubled.args[0].dtype == torch.int64
    assert doubled.kwargs["dtype"] == torch.float64
    assert harness.in_double(_sample(torch.ones(2, dtype=torch.float64))) is None
    # integer tensors widen only for a sample without floating tensors whose result is floating
    assert harness.in_double(sample, integers=True).args[0].dtype == torch.int64
    ints = _sample(torch.tensor([-10701, 3], dtype=torch.int32), torch.ones(2, dtype=torch.bool))
    assert harness.in_double(ints) is None
    widened = harness.in_double(ints, integers=True)
    assert widened.input.dtype == torch.float64 and widened.args[0].dtype == torch.bool


def test_sort_ties_may_pick_either_index():
    x = torch.tensor([[3.0, 1.0, 3.0, 2.0]])
    expected = torch.sort(x, dim=-1, descending=True)
    swapped = torch.return_types.sort((expected.values, expected.indices[:, [1, 0, 2, 3]]))
    assert harness.compare("sort", _sample(x, -1, True), swapped, expected) == "defined"
    wrong = torch.return_types.sort((expected.values, expected.indices[:, [0, 1, 3, 2]]))
    with pytest.raises(harness.Mismatch, match="indices"):
        harness.compare("sort", _sample(x, -1, True), wrong, expected)


def test_eigenvector_signs_are_free_but_vectors_are_not():
    a = torch.tensor([[2.0, 1.0], [1.0, 3.0]], dtype=torch.float64)
    w, v = torch.linalg.eigh(a)
    expected = torch.return_types.linalg_eigh((w, v))
    flipped = torch.return_types.linalg_eigh((w, -v))
    assert harness.compare("linalg.eigh", _sample(a), flipped, expected) == "defined"
    wrong = torch.return_types.linalg_eigh((w, v[:, [1, 0]]))
    with pytest.raises(harness.Mismatch, match="reconstruction"):
        harness.compare("linalg.eigh", _sample(a), wrong, expected)


def test_svd_signs_are_free():
    a = torch.randn(4, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    u, s, vh = torch.linalg.svd(a, full_matrices=False)
    expected = torch.return_types.linalg_svd((u, s, vh))
    signs = torch.tensor([1.0, -1.0, -1.0], dtype=torch.float64)
    flipped = torch.return_types.linalg_svd((u * signs, s, vh * signs[:, None]))
    sample = _sample(a, full_matrices=False)
    assert harness.compare("linalg.svd", sample, flipped, expected) == "defined"
    with pytest.raises(harness.Mismatch):
        harness.compare("linalg.svd", sample, torch.return_types.linalg_svd((u * signs, s, vh)), expected)


def test_eig_eigenvalue_order_is_free():
    a = torch.tensor([[1.0, 2.0], [0.0, 3.0]], dtype=torch.float64)
    w, v = torch.linalg.eig(a)
    expected = torch.return_types.linalg_eig((w, v))
    reordered = torch.return_types.linalg_eig((w[[1, 0]], v[:, [1, 0]]))
    assert harness.compare("linalg.eig", _sample(a), reordered, expected) == "defined"
    wrong = torch.return_types.linalg_eig((w[[1, 0]], v))
    with pytest.raises(harness.Mismatch, match="eigenvector"):
        harness.compare("linalg.eig", _sample(a), wrong, expected)


def test_random_outputs_are_compared_by_statistics():
    g = torch.Generator().manual_seed(0)
    expected = torch.rand(2000, generator=g)
    other_draw = torch.rand(2000, generator=g)
    assert harness.compare("uniform", None, other_draw, expected) == "statistics"
    for wrong in (other_draw + 0.2, other_draw * 0.5, other_draw.double(), other_draw[:10]):
        with pytest.raises(harness.Mismatch):
            harness.compare("uniform", None, wrong, expected)


def test_small_random_outputs_are_pooled_over_redraws():
    g = torch.Generator().manual_seed(0)

    def draw(shift=0.0):
        return lambda: (torch.rand(1, generator=g) + shift, torch.rand(1, generator=g))

    first, expected = draw()()
    assert harness.compare("uniform", None, first, expected, redraw=draw()) == "statistics"
    with pytest.raises(harness.Mismatch, match="Kolmogorov-Smirnov"):  # 100 draws of one value a side
        harness.compare("uniform", None, first + 0.6, expected, redraw=draw(0.6))


def test_small_outputs_whose_values_share_a_draw_count_draws():
    # six equal elements per draw (attention weights under one dropout mask): 100 draws of the
    # same law a side, 23 more ones on one side, are no mismatch; as 600 independent values
    # they would be one (distance 0.23, allowed 0.16)
    gens = [torch.Generator().manual_seed(s) for s in (27, 127)]

    def draw():
        return tuple(torch.full((6,), float(torch.rand(1, generator=g) < 0.5)) for g in gens)

    first, expected = draw()
    assert not torch.equal(first, expected)
    assert harness.compare("uniform", None, first, expected, redraw=draw) == "statistics"
    with pytest.raises(harness.Mismatch, match="over 100 and 100 draws"):
        harness.compare("uniform", None, first + 2, expected, redraw=lambda: (draw()[0] + 2, draw()[1]))


def test_undefined_values_compare_metadata_only():
    expected = torch.empty(3, 4)
    assert harness.compare("empty", None, torch.full((3, 4), 7.0), expected) == "metadata"
    with pytest.raises(harness.Mismatch):
        harness.compare("empty", None, torch.full((4, 3), 7.0), expected)


# -- results and suggestions ------------------------------------------------------------------------------
def test_recorder_writes_json_lines(tmp_path):
    rec = recorder.Recorder(tmp_path, "run1", "gw0", "default")
    result = harness.run_test("values", "exp", "float32", DEFAULT, table=[], sink=rec.write)
    rec.close()
    lines = [json.loads(line) for line in (tmp_path / "run1-gw0.jsonl").read_text().splitlines()]
    assert len(lines) == len(result.records) > 0
    for field in (
        "opinfo",
        "variant",
        "dtype",
        "sample",
        "status",
        "error",
        "max_abs_err",
        "max_rel_err",
        "aten",
        "repro",
        "torch",
        "jax",
        "run",
        "profile",
    ):
        assert field in lines[0], field


def test_suggest_makes_entries_from_failing_tests():
    tests = [
        {
            "kind": "test",
            "check": "values",
            "opinfo": "exp",
            "dtype": "float32",
            "outcome": "failed",
            "failing": ["s0", "s1"],
            "ran": 2,
            "first_error": "Mismatch: not close",
            "run": "1",
        },
        {
            "kind": "test",
            "check": "values",
            "opinfo": "exp",
            "dtype": "float64",
            "outcome": "failed",
            "failing": ["s0", "s1"],
            "ran": 2,
            "first_error": "Mismatch: not close (float64)",
            "run": "1",
        },
        {
            "kind": "test",
            "check": "values",
            "opinfo": "abs",
            "dtype": "int64",
            "outcome": "failed",
            "failing": ["s1"],
            "ran": 3,
            "first_error": "TypeError: x",
            "run": "1",
        },
        {
            "kind": "test",
            "check": "jit",
            "opinfo": "add",
            "dtype": "float32",
            "outcome": "failed",
            "failing": [],
            "ran": 0,
            "message": "worker 'gw0' crashed",
            "run": "1",
        },
        {
            "kind": "test",
            "check": "values",
            "opinfo": "add",
            "dtype": "float32",
            "outcome": "passed",
            "failing": [],
            "ran": 2,
            "run": "1",
        },
    ]
    entries = recorder.suggest(tests)
    assert entries == sorted(entries, key=lambda e: e.key)
    assert ex.xfail("exp", "float32 float64", reason="Mismatch: not close") in entries
    assert ex.xfail("abs", "int64", samples=["s1"], reason="TypeError: x") in entries
    assert ex.skip("add", "float32", check="jit", reason="worker 'gw0' crashed") in entries
    assert len(entries) == 3
    namespace = {"xfail": ex.xfail, "skip": ex.skip, "tol": ex.tol, "ALL": ex.ALL}
    assert [eval(recorder.render(e).strip().rstrip(","), namespace) for e in entries] == entries


def test_our_hypothesis_profile_is_in_force(request):
    """torch's test utilities load a profile of their own on import; ours must win (CI once ran
    torch's 50 random-order examples instead of our 10 derandomized ones)."""
    from hypothesis import settings

    if request.config.getoption("hypothesis_profile", None) not in (None, "ci"):
        pytest.skip("another profile was asked for")
    harness.opinfos()  # imports torch's test utilities, as any OpInfo test does
    current = settings.default
    assert (current.derandomize, current.max_examples, current.database) == (True, 10, None)
