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
