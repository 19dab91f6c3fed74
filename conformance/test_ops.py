"""OpInfo-driven conformance: one test per (check, OpInfo, dtype), parametrized at collection
from op_db alone (so every xdist worker collects the same list); each test runs its samples."""

from __future__ import annotations

from conformance import harness


def pytest_generate_tests(metafunc):
    check = metafunc.function.__name__.removeprefix("test_")
    if check not in harness.CHECKS:
        return
    profile = harness.PROFILES[metafunc.config.getoption("conformance_profile")]
    pairs = harness.pairs_for(check, profile)
    ids = [f"{name}-{dtype}" if dtype else name for name, dtype in pairs]
    metafunc.parametrize(("opinfo", "dtype"), pairs, ids=ids)


def test_values(conformance, opinfo, dtype):
    """Outputs (and inputs an op writes) agree with CPU PyTorch in values and dtypes."""
    conformance("values", opinfo, dtype)


def test_grad(conformance, opinfo, dtype):
    """Gradients (VJP with a fixed cotangent) agree with CPU PyTorch's autograd."""
    conformance("grad", opinfo, dtype)


def test_jit(conformance, opinfo, dtype):
    """Under jax_jit, each sample whose eager result conforms gives the eager result."""
    conformance("jit", opinfo, dtype)


def test_errors(conformance, opinfo, dtype):
    """Each error input raises the exception type CPU PyTorch raises."""
    conformance("errors", opinfo, dtype)
