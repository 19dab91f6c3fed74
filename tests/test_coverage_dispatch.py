"""Dispatch by measured coverage: a failing (op, dtype) takes the next path; strict mode raises."""

import pytest
import torch

import torchax
from torchax.registry import _manifest
from torchax.runtime.trace import recording


@pytest.fixture
def manifest_marks_relu_float32_failing(monkeypatch):
    fake = {"ops": {"aten::relu": {"float32": {"status": "xfail", "reason": "planted by the test"}}}}
    monkeypatch.setattr(_manifest, "manifest", lambda: fake)
    torchax.default_env().invalidate()
    yield
    monkeypatch.undo()
    torchax.default_env().invalidate()


def test_failing_dtype_takes_decomposition(env, manifest_marks_relu_float32_failing):
    x_cpu = torch.tensor([-1.0, 0.5, 2.0])
    with recording() as calls:
        out = torch.relu(x_cpu.to("jax"))
        out64 = torch.relu(x_cpu.double().to("jax"))  # float64 is not marked: lowering
    torch.testing.assert_close(out.cpu(), torch.relu(x_cpu))
    torch.testing.assert_close(out64.cpu(), torch.relu(x_cpu.double()))
    relu_paths = [c.path for c in calls if c.op == "aten::relu"]
    assert relu_paths == ["decomposition", "lowering"]


def test_strict_mode_raises_for_failing_dtype(env, manifest_marks_relu_float32_failing, monkeypatch):
    monkeypatch.setattr(torchax.config, "strict", True)
    with pytest.raises(torchax.OperatorNotLowered, match=r"aten::relu is a known failure for torch.float32"):
        torch.relu(torch.ones(2, device="jax"))


def test_strict_mode_forbids_fallback(env, unserved_op, monkeypatch):
    monkeypatch.setattr(torchax.config, "allow_cpu_fallback", True)
    monkeypatch.setattr(torchax.config, "strict", True)
    with pytest.raises(torchax.OperatorNotLowered, match="strict"):
        unserved_op(torch.ones(2, device="jax"))


def test_status_reads_manifest(manifest_marks_relu_float32_failing):
    assert torchax.coverage.status("aten::relu", torch.float32)["status"] == "xfail"
    assert torchax.coverage.status("aten::relu", torch.float64)["status"] == "untested"


def test_where_is_measured_and_guarded_under_its_values_dtype(env, monkeypatch):
    """where(cond, x, y) is keyed by x's dtype, not its bool condition (registry.key_dtype)."""
    fake = {"ops": {"aten::where.self": {"float32": {"status": "fail", "reason": "planted by the test"}}}}
    monkeypatch.setattr(_manifest, "manifest", lambda: fake)
    monkeypatch.setattr(torchax.config, "allow_cpu_fallback", True)  # where's decomposition is where
    torchax.default_env().invalidate()
    cond = torch.tensor([True, False, True])
    x, y = torch.arange(3.0), torch.full((3,), -1.0)
    try:
        with recording() as calls:
            out = torch.where(cond.to("jax"), x.to("jax"), y.to("jax"))
            both = torch.where(cond.to("jax"), cond.to("jax"), cond.to("jax"))  # bool values: bool
        report = torchax.coverage.check(
            lambda a, b: torch.where(a, b, b), cond.to("jax"), x.to("jax"), verbose=False
        )
    finally:
        monkeypatch.undo()
        torchax.default_env().invalidate()
    torch.testing.assert_close(out.cpu(), torch.where(cond, x, y))
    assert both.cpu().tolist() == cond.tolist()
    paths = [c.path for c in calls if c.op == "aten::where.self"]
    assert paths[0] == "decomposition" and paths.count("lowering") == 1 and paths[-1] == "lowering"
    assert [u.status for u in report.uses if u.op == "aten::where.self"] == ["fail"]


def test_creation_op_is_measured_and_guarded_under_the_dtype_it_creates(env, monkeypatch):
    """scalar_tensor has no tensor argument: its dtype= keys both the record and the guard, so a
    failure measured in one dtype does not steer calls in another."""
    fake = {"ops": {"aten::scalar_tensor": {"float64": {"status": "fail", "reason": "planted by the test"}}}}
    monkeypatch.setattr(_manifest, "manifest", lambda: fake)
    monkeypatch.setattr(torchax.config, "allow_cpu_fallback", True)
    torchax.default_env().invalidate()
    try:
        with recording() as calls:
            half = torch.ops.aten.scalar_tensor(2.5, dtype=torch.float16, device="jax")
            double = torch.ops.aten.scalar_tensor(2.5, dtype=torch.float64, device="jax")
    finally:
        monkeypatch.undo()
        torchax.default_env().invalidate()
    assert half.cpu().item() == 2.5 and half.dtype == torch.float16 and double.dtype == torch.float64
    made = [(c.dtypes, c.path) for c in calls if c.op == "aten::scalar_tensor"]
    assert made == [((torch.float16,), "lowering"), ((torch.float64,), "fallback")]


def test_known_failure_without_decomposition_or_fallback_says_so(env, monkeypatch):
    """bmm has no decomposition: marked failing, with the CPU fallback off, the error names the
    known failure and both ways out, rather than claiming the op has no lowering."""
    fake = {"ops": {"aten::bmm": {"float32": {"status": "fail", "reason": "planted by the test"}}}}
    monkeypatch.setattr(_manifest, "manifest", lambda: fake)
    monkeypatch.setattr(torchax.config, "allow_cpu_fallback", False)
    torchax.default_env().invalidate()
    a = torch.ones(2, 3, 4, device="jax")
    try:
        with pytest.raises(torchax.OperatorNotLowered, match=r"aten::bmm is a known failure for "
                           r"torch.float32 \(planted by the test\) and has no decomposition.*allow_cpu_fallback.*"
                           r"dispatch_by_coverage"):  # fmt: skip
            torch.bmm(a, a.transpose(1, 2))
        monkeypatch.setattr(torchax.config, "dispatch_by_coverage", False)
        assert torch.bmm(a, a.transpose(1, 2)).cpu().eq(4.0).all()
    finally:
        monkeypatch.undo()
        torchax.default_env().invalidate()
