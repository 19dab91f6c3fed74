"""Shared fixtures for the runtime tests."""

import pytest
import torch

import torchax


@pytest.fixture
def env():
    """The torchax environment, active for the test (and left again afterwards)."""
    with torchax.default_env() as e:
        yield e


def cpu(x):
    """A result from the jax device as a CPU tensor (pytrees too)."""
    return torch.utils._pytree.tree_map(lambda t: t.cpu() if isinstance(t, torch.Tensor) else t, x)
