"""The quickstart program: runs unchanged, eager and jitted, and matches CPU PyTorch."""

import copy
import subprocess
import sys
from pathlib import Path

import torch

import torchax
from torchax.interop import JittableModule
from torchax.runtime.trace import recording

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples"))
import quickstart  # noqa: E402


def test_example_prints_shapes_and_device():
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["torch.Size([3, 10])", "jax:0", "torch.Size([3, 10])", "jax:0"]


def test_eager_and_jitted_match_cpu(env):
    torch.manual_seed(0)
    model = quickstart.MyModel()
    x_cpu = torch.randn(3, 1, 28, 28)
    expected = model(x_cpu)

    m = copy.deepcopy(model).to("jax")
    x = x_cpu.to("jax")
    eager = m(x)
    jitted = JittableModule(m)(x)
    assert eager.shape == jitted.shape == torch.Size([3, 10])
    assert str(eager.device) == str(jitted.device) == "jax:0"
    torch.testing.assert_close(eager.cpu(), expected, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(jitted.cpu(), expected, atol=1e-5, rtol=1e-5)


def test_enable_globally_and_disable():
    torchax.enable_globally()
    try:
        t = torch.ones(2, device="jax")
        assert isinstance(t, torchax.Tensor)
    finally:
        torchax.disable_globally()
    assert type(torch.ones(2)) is torch.Tensor


def test_coverage_check_lists_every_op_of_the_quickstart_model(env, capsys):
    model = quickstart.MyModel().to("jax")
    x = torch.randn(3, 1, 28, 28, device="jax")
    with recording() as calls:
        model(x)
    report = torchax.coverage.check(model, x)
    assert {u.op for u in report.uses} == {c.op for c in calls}  # every aten op the model runs
    assert {"aten::view", "aten::addmm", "aten::relu"} <= {u.op for u in report.uses}
    assert all(u.path == "lowering" for u in report.uses) and report.not_lowered == []
    printed = capsys.readouterr().out
    assert all(u.op in printed for u in report.uses) and "all served by lowerings" in printed
