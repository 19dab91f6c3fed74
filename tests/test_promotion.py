"""Result dtypes of arithmetic and comparisons equal CPU PyTorch's for every pair of operands."""

import itertools
import operator

import pytest
import torch

DTYPES = [torch.bool, torch.int32, torch.int64, torch.float32, torch.float64]


def _operands():
    """(label, make) for tensors of each dtype, zero-dim tensors of each dtype, Python scalars."""
    out = []
    for dt in DTYPES:
        out.append((f"t_{dt}", lambda dev, dt=dt: torch.ones(3, dtype=dt, device=dev)))
        out.append((f"z_{dt}", lambda dev, dt=dt: torch.ones((), dtype=dt, device=dev)))
    for value in (True, 2, 2.5):
        out.append((f"py_{type(value).__name__}", lambda dev, v=value: v))
    return out


OPERANDS = _operands()
OPS = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "truediv": operator.truediv,
    "eq": operator.eq,
    "lt": operator.lt,
    "ge": operator.ge,
    "ne": operator.ne,
}
PAIRS = [
    (a, b)
    for a, b in itertools.product(OPERANDS, repeat=2)
    if not (a[0].startswith("py_") and b[0].startswith("py_"))
]


@pytest.mark.parametrize("opname", list(OPS))
def test_result_dtype_matches_cpu(opname, env):
    op = OPS[opname]
    checked = 0
    for (la, ma), (lb, mb) in PAIRS:
        try:
            expected = op(ma("cpu"), mb("cpu"))
        except RuntimeError as e:  # e.g. bool - bool: torch refuses; so must we
            with pytest.raises(RuntimeError, match=str(e).split(",")[0][:30]):
                op(ma("jax"), mb("jax"))
            continue
        actual = op(ma("jax"), mb("jax"))
        assert actual.dtype == expected.dtype, f"{la} {opname} {lb}"
        assert actual.shape == expected.shape, f"{la} {opname} {lb}"
        torch.testing.assert_close(actual.cpu(), expected, msg=f"{la} {opname} {lb}")
        checked += 1
    assert checked > len(PAIRS) // 2
