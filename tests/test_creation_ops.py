"""Factories whose rounding is subtle, bit for bit against CPU PyTorch."""

import pytest
import torch

from tests.conftest import cpu

LOGSPACE_ARGS = [
    (0, 4, 4),
    (4.3, -3, 1),
    (0, 2, 4, 5.0),
    (-2.5, 3.7, 7, 2.0),
    (5, 2, 6, 2.0),
    (3.3, -7.9, 11, 3.5),
]


@pytest.mark.parametrize(
    "dtype", [torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.int64, torch.int16]
)
@pytest.mark.parametrize("args", LOGSPACE_ARGS)
def test_logspace_rounds_once_as_cpu_torch(env, dtype, args):
    # the exponents and the power in double, one rounding to the dtype (half precision included);
    # a single step is base ** start, start not first rounded to the dtype
    expected = torch.logspace(*args, dtype=dtype)
    assert torch.equal(cpu(torch.logspace(*args, dtype=dtype, device="jax")), expected)
