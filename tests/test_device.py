"""The jax device does not break native PyTorch: CPU tensors, torch.compile, torch.accelerator."""

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_torch_compile_and_accelerator_after_import():
    out = _run(
        """
        import torch
        before = torch.accelerator.is_available()
        import torchax
        f = torch.compile(lambda x: x.sin() + 1, backend="eager")
        x = torch.linspace(0, 1, 5)
        assert torch.equal(f(x), x.sin() + 1)
        torchax.enable_globally()
        torchax.disable_globally()
        g = torch.compile(lambda x: x.cos() * 2)
        assert torch.allclose(g(x), x.cos() * 2)
        assert type(x + 1) is torch.Tensor and (x + 1).device.type == "cpu"
        print(before == torch.accelerator.is_available())
        """
    )
    assert out == "True"


def test_native_cpu_ops_run_natively_under_env():
    out = _run(
        """
        import torch, torchax
        with torchax.default_env():
            y = torch.ones(3) * 2
            print(type(y).__name__, y.device)
        """
    )
    assert out == "Tensor cpu"
