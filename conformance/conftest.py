"""pytest wiring of the conformance harness: options, profiles, JAX settings, result records."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, Phase, settings

from conformance import harness, recorder

# torch's test utilities load a Hypothesis profile of their own when imported ("dev": random,
# or "pytorch_ci" where $CI is set); import them first so that ours is the one in force.
import torch.testing._internal.common_utils  # noqa: E402, F401  isort: skip

# Hypothesis: "ci" (the default) is deterministic and keeps no example database, so every run
# and every xdist worker tries the same examples; "thorough" explores (--hypothesis-profile).
_HYPOTHESIS_COMMON = {
    "deadline": None,  # JAX compiles each new shape: time per example varies by 100x
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    max_examples=10,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each new shape costs a compilation
    print_blob=True,
    **_HYPOTHESIS_COMMON,
)
settings.register_profile("thorough", max_examples=300, **_HYPOTHESIS_COMMON)
settings.load_profile("ci")

_RUN_ENV = "TORCHAX_CONFORMANCE_RUN"


def pytest_addoption(parser):
    group = parser.getgroup("conformance", "torchax conformance harness")
    group.addoption(
        "--conformance-profile",
        choices=sorted(harness.PROFILES),
        default="default",
        help="default: every (OpInfo, dtype) pair on a deterministic subset of samples, gradients "
        "and jit on float32; full: every sample and every check",
    )
    group.addoption(
        "--conformance-results",
        default=None,
        metavar="DIR",
        help=f"where each process writes its JSON-lines results (default: {recorder.DEFAULT_DIR} under the "
        "repository root; 'none': nowhere)",
    )
    group.addoption(
        "--conformance-sample",
        default=None,
        metavar="ID",
        help="run only this sample of the selected tests: s<N> (sample_inputs), r<N> (reference_inputs) "
        "or e<N> (error_inputs), as the results and their reproduce commands name it",
    )
    group.addoption(
        "--conformance-shard",
        default=None,
        type=harness.parse_shard,
        metavar="K/N",
        help="run shard K of N (1 <= K <= N) of the OpInfo tests, split by (OpInfo, dtype), so a long "
        "profile can run in parts whose results merge; the harness's own tests run in shard 1",
    )
    group.addoption(
        "--conformance-suggest",
        action="store_true",
        help="at the end, print expectation entries for the failing tests (first error as reason)",
    )
    group.addoption(
        "--jax-cache-dir",
        default=None,
        metavar="DIR",
        help="JAX persistent compilation cache (default: $TORCHAX_JAX_CACHE or ~/.cache/torchax-jax; "
        "'none' to disable)",
    )


def _is_worker(config) -> bool:
    return hasattr(config, "workerinput")


def _profile(config) -> harness.Profile:
    return harness.PROFILES[config.getoption("conformance_profile")]


def pytest_configure(config):
    harness.configure_jax(config.getoption("jax_cache_dir"))
    if not _is_worker(config):  # the controller (or a run without xdist) names the run,
        os.environ.setdefault(_RUN_ENV, recorder.new_run_id())  # unless its caller did
    config._conformance_tests = []  # test records seen by this process
    config._conformance_recorder = None
    directory = config.getoption("conformance_results") or config.rootpath / recorder.DEFAULT_DIR
    if directory != "none":
        worker = config.workerinput["workerid"] if _is_worker(config) else "main"
        config._conformance_recorder = recorder.Recorder(
            directory, os.environ[_RUN_ENV], worker, config.getoption("conformance_profile")
        )
    if not _is_worker(config):
        config.pluginmanager.register(_TestRecords(config), "conformance-test-records")


def pytest_unconfigure(config):
    rec = getattr(config, "_conformance_recorder", None)
    if rec is not None:
        rec.close()


def pytest_collection_modifyitems(config, items):
    if config.getoption("conformance_shard"):
        _keep_shard(config, items)
    items.sort(key=_pair_order(items))
    timeout = _profile(config).timeout
    for item in items:
        if "conformance" not in item.nodeid:
            continue
        if item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(timeout))
        if _ID.search(item.nodeid):  # OpInfo samples warn a lot (deprecations, sparse beta...)
            item.add_marker(pytest.mark.filterwarnings("ignore"))


def _keep_shard(config, items) -> None:
    """Deselect the conformance tests outside shard K of N."""
    k, n = config.getoption("conformance_shard")
    keep, drop = [], []
    for item in items:
        m = _ID.search(item.nodeid)
        if "conformance" not in item.nodeid:
            keep.append(item)
        elif m is None:  # the harness's own tests and the property tests
            (keep if k == 1 else drop).append(item)
        else:
            (keep if harness.shard_of(m.group(2), n) == k else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _measure_lowerings_themselves(monkeypatch):
    """The suite measures lowerings, so the shipped manifest must not steer dispatch around them."""
    import torchax

    monkeypatch.setattr(torchax.config, "dispatch_by_coverage", False)


@pytest.fixture
def conformance(request):
    """Runs one (check, OpInfo, dtype) test through the harness and turns its result into the
    pytest outcome; every sample is recorded."""
    config = request.config
    rec = config._conformance_recorder

    def run(check: str, opinfo: str, dtype: str | None, **kw) -> harness.TestResult:
        sink = (lambda r: rec.write({"kind": "sample", **r})) if rec is not None else None
        result = harness.run_test(
            check,
            opinfo,
            dtype,
            _profile(config),
            only=config.getoption("conformance_sample"),
            sink=sink,
            **kw,
        )
        failing = [r["sample"] for r in result.records if r["status"] in ("fail", "xfail")]
        first = next((r for r in result.records if r["status"] in ("fail", "xfail")), {})
        request.node.user_properties.append(
            (
                "conformance",
                {
                    "check": check,
                    "opinfo": opinfo,
                    "dtype": dtype,
                    "samples": result.counts,
                    "ran": sum(
                        1 for r in result.records if r["status"] in ("pass", "fail", "xfail", "xpass")
                    ),
                    "failing": failing,
                    "xpass": [r["sample"] for r in result.records if r["status"] == "xpass"],
                    "first_error": first.get("error", ""),
                },
            )
        )
        if result.outcome == "failed":
            pytest.fail(result.message, pytrace=False)
        if result.outcome == "xfailed":
            pytest.xfail(result.message)
        if result.outcome == "skipped":
            pytest.skip(result.message)
        return result

    return run


_ID = re.compile(r"::test_(values|grad|jit|errors)\[(.+)\]$")


def _pair(nodeid: str) -> str | None:
    """The (OpInfo, dtype) test id of a values/grad/jit test, else None."""
    m = _ID.search(nodeid)
    return m.group(2) if m and m.group(1) != "errors" else None


def _pair_order(items):
    """Sort key that puts each (OpInfo, dtype)'s values, grad and jit tests next to each other
    (where its values test stands), so the jit test finds the eager results the values test
    just computed; every other test keeps its place."""
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        first.setdefault(_pair(item.nodeid) or item.nodeid, i)
    return lambda item: first[_pair(item.nodeid) or item.nodeid]  # list.sort is stable


@pytest.hookimpl(optionalhook=True)  # pytest -p no:xdist still runs
def pytest_xdist_make_scheduler(config, log):
    """With -n and xdist's default distribution: one worker runs all of an (OpInfo, dtype)'s
    tests, in collection order (see _pair_order); other tests are distributed one by one."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByPair(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _pair(nodeid) or nodeid

        def _reschedule(self, node):
            """Keep at least two tests on a node (or tell it there are no more): a worker runs a
            test only once it knows the next one, so a node left holding one test would wait
            forever (loadscope gives one unit at a time, and a replacement worker only one)."""
            if node.shutting_down:
                return
            while self.workqueue and self._pending_of(self.assigned_work[node]) < 2:
                self._assign_work_unit(node)
            if not self.workqueue:
                node.shutdown()

        def remove_node(self, node):
            """A worker that crashed: xdist reports the test it was running as failed; the rest
            of its work goes back to the queue, but not that test (which could crash the next
            worker too: loadscope would run it again)."""
            workload = self.assigned_work.pop(node)
            pending = [
                (unit, nodeid) for unit in workload.values() for nodeid, done in unit.items() if not done
            ]
            if not pending:
                return None
            unit, crashed = pending[0]
            unit[crashed] = True
            self.workqueue.update({scope: u for scope, u in workload.items() if not all(u.values())})
            for other in self.assigned_work:
                self._reschedule(other)
            return crashed

    return ByPair(config, log)


def _test_record(report) -> dict | None:
    """The record of one conformance test from its report (also for crashed tests)."""
    props = dict(report.user_properties).get("conformance")
    m = _ID.search(report.nodeid)
    if props is None and m is None:
        return None
    if props is None:  # the worker died or timed out before the test could say anything
        check, test_id = m.groups()
        if check != "errors" and "-" not in test_id:
            return None  # an empty parametrization (the profile runs no such pairs)
        opinfo, dtype = test_id.rsplit("-", 1) if check != "errors" else (test_id, None)
        props = {"check": check, "opinfo": opinfo, "dtype": dtype, "samples": {}, "ran": 0, "failing": []}
    if report.skipped and hasattr(report, "wasxfail"):
        outcome, message = "xfailed", report.wasxfail
    elif report.skipped:
        outcome = "skipped"
        message = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        message = message.removeprefix("Skipped: ")
    elif report.failed:
        outcome, message = "failed", str(report.longrepr)[-2000:]
    else:
        outcome, message = "passed", ""
    return {
        "kind": "test",
        **props,
        "outcome": outcome,
        "message": message,
        "nodeid": report.nodeid,
        "duration_s": round(report.duration, 3),
    }


class _TestRecords:
    """In the controller (or a run without xdist): one record per conformance test, from its
    report, so that tests whose worker crashed are recorded too."""

    def __init__(self, config):
        self.config = config

    def pytest_runtest_logreport(self, report):
        # the call phase; a setup that skipped or failed; or xdist's report of a crashed worker
        if report.when == "call" or report.when == "???" or (report.when == "setup" and not report.passed):
            record = _test_record(report)
            if record is not None:
                self.config._conformance_tests.append(record)
                if self.config._conformance_recorder is not None:
                    self.config._conformance_recorder.write(record)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    tests = getattr(config, "_conformance_tests", [])
    if not tests or _is_worker(config):
        return
    tr = terminalreporter
    summary = recorder.counts(tests)
    samples: dict[str, dict[str, int]] = {}
    for t in tests:
        for status, n in (t.get("samples") or {}).items():
            samples.setdefault(t["check"], {}).setdefault(status, 0)
            samples[t["check"]][status] += n
    tr.section("conformance")
    tr.write_line(
        f"profile {config.getoption('conformance_profile')}: {summary['opinfos']} OpInfos, "
        f"{summary['pairs']} (OpInfo, dtype) pairs in the values check"
    )
    for check, by_outcome in sorted(summary["tests"].items()):
        tr.write_line(f"  {check:7s} tests   {_fmt(by_outcome)}")
        tr.write_line(f"  {check:7s} samples {_fmt(samples.get(check, {}))}")
    rec = config._conformance_recorder
    if rec is not None:
        tr.write_line(f"results: {rec.path.parent}/{os.environ[_RUN_ENV]}-*.jsonl")
    if config.getoption("conformance_suggest"):
        found = recorder.suggest(tests)
        tr.section("suggested expectation entries (make each reason specific)")
        for entry in found:
            tr.write_line(recorder.render(entry))
        if not found:
            tr.write_line("(none: no failing conformance tests)")


def _fmt(counter: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items())) or "-"
