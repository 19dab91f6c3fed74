"""Searching, counting, histograms and hashes on the jax device against CPU torch, on the inputs
OpInfo does not draw: NaN, -0.0, subnormals, unsorted boundaries, scalar promotion, ties."""

import pytest
import torch

from tests.conftest import cpu

NAN, INF = float("nan"), float("inf")


def _same(fn, *args, **kwargs):
    """fn on CPU and on the jax device agree exactly, dtype included."""
    expected = fn(*args, **kwargs)
    moved = [a.to("jax") if isinstance(a, torch.Tensor) else a for a in args]
    moved_kw = {k: v.to("jax") if isinstance(v, torch.Tensor) else v for k, v in kwargs.items()}
    out = cpu(fn(*moved, **moved_kw))
    torch.testing.assert_close(out, expected, rtol=0, atol=0, equal_nan=True)


_f32_tiny = (
    torch.tensor([0x00000001, 0x00400000, 0x80000005], dtype=torch.int64).to(torch.int32).view(torch.float32)
)


@pytest.mark.parametrize(
    ("boundaries", "values"),
    [
        (torch.tensor([1.0, 2.0, NAN]), torch.tensor([1.5, NAN, 2.0, -INF, INF])),
        (torch.tensor([1.0, NAN, 2.0]), torch.tensor([1.5, NAN, 2.0, 0.5, 3.0])),  # NaN mid-row
        (torch.tensor([-0.0, 0.0, 1.0]), torch.tensor([0.0, -0.0])),
        (torch.cat([torch.zeros(1), _f32_tiny.abs().sort().values]), _f32_tiny),  # subnormals
        (torch.tensor([3, 1, 2, 5, 4]), torch.tensor([0, 1, 2, 3, 4, 5, 6])),  # unsorted
        (
            torch.tensor([[1, 3, 5], [2, 2, 2]], dtype=torch.int8),
            torch.tensor([[2, 3], [2, 1]], dtype=torch.int8),
        ),
        (torch.tensor([], dtype=torch.float64), torch.tensor([1.0, 2.0])),
    ],
)
@pytest.mark.parametrize("right", [False, True])
def test_searchsorted_matches_cpu(env, boundaries, values, right):
    _same(torch.searchsorted, boundaries, values, right=right)
    _same(torch.searchsorted, boundaries, values, side="right" if right else "left", out_int32=True)


def test_searchsorted_promotes_as_torch(env):
    b = torch.tensor([1, 2, 3], dtype=torch.int8)
    _same(torch.searchsorted, b, -129)  # the scalar wraps to int8
    _same(torch.searchsorted, b, torch.tensor(-129))  # zero-dim: int8 too
    _same(torch.searchsorted, b, torch.tensor([-129]))  # int64
    _same(torch.searchsorted, torch.tensor([16777217]), 16777216.5, right=True)  # float32
    _same(
        torch.searchsorted, torch.tensor([100, 200], dtype=torch.uint8), torch.tensor([-1], dtype=torch.int8)
    )
    _same(torch.bucketize, 2.5, torch.tensor([1, 2, 3]))
    _same(torch.bucketize, torch.tensor([[2.5, -1.0]]), torch.tensor([1, 2, 3]), right=True)


def test_searchsorted_sorter(env):
    seq = torch.tensor([[5.0, 1.0, NAN, 3.0], [2.0, 2.0, 0.0, -1.0]])
    sorter = seq.argsort(dim=-1)
    _same(torch.searchsorted, seq, torch.tensor([[3.0, NAN, 0.0], [2.0, -2.0, 9.0]]), sorter=sorter)


@pytest.mark.parametrize(
    "call",
    [
        lambda d: torch.searchsorted(torch.tensor([1.0, 2.0], device=d), 1.0, side="left", right=True),
        lambda d: torch.searchsorted(torch.tensor([1.0, 2.0], device=d), 1.0, side="middle"),
        lambda d: torch.searchsorted(torch.ones(2, 2, device=d), torch.ones(1, device=d)),
        lambda d: torch.searchsorted(torch.ones(2, 2, device=d), 1.0),
        lambda d: torch.searchsorted(torch.ones(2, device=d), 1.0, sorter=torch.tensor([0, 2], device=d)),
        lambda d: torch.searchsorted(
            torch.ones(2, device=d), 1.0, sorter=torch.tensor([0, 1], dtype=torch.int32, device=d)
        ),
        lambda d: torch.bucketize(torch.ones(2, device=d), torch.ones(2, 2, device=d)),
        lambda d: torch.isin(torch.tensor([True], device=d), torch.tensor([1], device=d)),
        lambda d: torch.bincount(torch.tensor([1, -2], device=d)),
        lambda d: torch.bincount(torch.tensor([1, 2], device=d), torch.ones(3, device=d)),
        lambda d: torch.bincount(torch.tensor([1.0], device=d)),
        lambda d: torch.histc(torch.tensor([1.0, NAN], device=d)),
        lambda d: torch.histc(torch.tensor([1.0, 2.0], device=d), 3, 5, 1),
        lambda d: torch.histc(torch.tensor([1, 2], device=d)),
        lambda d: torch.histogram(torch.tensor([1.0, INF], device=d), 3),
        lambda d: torch.histogram(torch.tensor([1.0], device=d), 3, range=(1.0, 0.0)),
        lambda d: torch.histogram(torch.tensor([1.0], device=d), 3, weight=torch.ones(2, device=d)),
        lambda d: torch.histogramdd(torch.ones(5, 6, device=d), [1, 1, 1, 1, 1]),
        lambda d: torch.hash_tensor(torch.ones(0, device=d)),
        lambda d: torch.hash_tensor(torch.ones(2, 0, device=d), 1),
        lambda d: torch.hash_tensor(torch.ones(2, device=d), mode=1),
    ],
)
def test_errors_match_cpu(env, call):
    with pytest.raises(Exception) as expected:
        call("cpu")
    with pytest.raises(expected.type) as got:
        cpu(call("jax"))

    def head(e):  # the message up to the values it quotes (C++ prints NaN as -nan at times)
        return str(e.value).split(",")[0].split("[")[0]

    assert head(got) == head(expected)


def test_isin_matches_cpu(env):
    elements = torch.tensor([0.0, -0.0, NAN, 1.0, 2.0, 1e-40])
    _same(torch.isin, elements, torch.tensor([NAN, 0.0, 1e-40]))
    _same(torch.isin, elements, torch.tensor([NAN, 0.0, 1e-40]), invert=True)
    _same(torch.isin, elements, torch.tensor([-NAN, -NAN, -NAN, 2.0, -NAN, -NAN]))  # NaN of either sign
    _same(torch.isin, elements.half(), torch.tensor([1.0, -NAN, NAN, 5.0, -NAN], dtype=torch.float16))
    _same(torch.isin, torch.tensor([1, 2, 300], dtype=torch.int16), torch.tensor([1.0, 300.5]))
    _same(torch.isin, torch.tensor([1, 2, 255], dtype=torch.uint8), -1)  # -1 wraps to 255
    _same(torch.isin, torch.tensor([1.0], dtype=torch.float16), 1.0001)  # rounds to half
    _same(torch.isin, 2, torch.tensor([1, 2, 255], dtype=torch.uint8))
    _same(torch.isin, torch.tensor(1.0), torch.tensor([], dtype=torch.float32))


def test_isin_assume_unique_follows_torch(env):
    # with many test elements torch sorts elements ++ test_elements and, assuming both unique,
    # calls an element found when the next sorted value equals it: a repeated element is then
    # found even if test_elements lacks it. We answer as torch does; with few test elements
    # torch compares directly and assume_unique changes nothing.
    elements = torch.tensor([6, 9, 1, 6, 4, 1, 0, 5, 2, 5, 8, 1, 8, 1, 2, 8, 0, 3, 8])
    many = torch.tensor([9, 2, 7, 0, 8, 8, 6, 8, 5, 8, 6, 5, 2, 4, 2, 7, 2, 4, 9, 8, 5, 6, 4, 3, 3, 4, 0])
    for test in (many, many[:5]):
        for invert in (False, True):
            _same(torch.isin, elements, test, assume_unique=True, invert=invert)
            _same(torch.isin, elements.double(), test.double(), assume_unique=True, invert=invert)
            _same(torch.isin, elements, test, invert=invert)


def test_histograms_match_cpu(env):
    x = torch.tensor([0.0, 0.1, 0.2, 0.3, 1.0, 1.0, NAN, -1.0, 2.0, 0.7])
    _same(torch.histc, x, 4, 0, 1)
    _same(torch.histc, x.half(), 3, 0, 1)
    _same(torch.histc, x.bfloat16(), 7, 0.1, 0.9)
    _same(torch.histc, torch.tensor([2.0, 2.0]), 3)  # min == max from the data: widened by 1
    _same(torch.histc, torch.tensor([]), 3)
    _same(torch.histogram, x, 5, range=(0.0, 1.0))
    _same(torch.histogram, x.double(), torch.tensor([0.0, 0.1, 0.5, 1.0], dtype=torch.float64))
    _same(torch.histogram, x, torch.tensor([0.5, 0.0, 1.0]))  # unsorted edges: torch's bisection
    _same(torch.histogram, torch.tensor([2.0, 2.0]), 2)  # min == max: widened by 0.5
    _same(torch.histogram, torch.tensor([]), 3)  # no data: [0, 1]
    w = torch.arange(10.0)
    _same(torch.histogram, x, 3, range=(0.0, 1.0), weight=w, density=True)
    pts = torch.tensor([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0], [NAN, 0.2], [0.2, 0.9]])
    _same(torch.histogramdd, pts[[0, 1, 2, 4]], [2, 3])  # NaN rows need a range
    _same(torch.histogramdd, pts, [2, 3], range=[0.0, 1.0, 0.0, 2.0], weight=torch.arange(5.0), density=True)
    _same(torch.histogramdd, pts, [torch.tensor([0.0, 0.5, 1.0]), torch.tensor([0.0, 1.0])])


def test_bincount_matches_cpu(env):
    x = torch.tensor([0, 3, 3, 1, 7], dtype=torch.int16)
    _same(torch.bincount, x)
    _same(torch.bincount, x, minlength=10)
    _same(torch.bincount, x, torch.tensor([0.5, 1.0, 2.0, 3.0, 4.0]))
    _same(torch.bincount, x, torch.tensor([1, 2, 3, 4, 5]))  # integer weights: float64
    _same(torch.bincount, torch.tensor([], dtype=torch.int64), minlength=3)


def test_bincount_refuses_tracing(env):
    from torchax.interop import jax_jit

    f = jax_jit(lambda x: torch.bincount(x))
    with pytest.raises(RuntimeError, match="bincount"):
        f(torch.tensor([1, 2], device="jax"))


def test_hash_tensor_bits_match_cpu(env):
    f32 = (
        torch.tensor(
            [0x00000001, 0x007FFFFF, 0x80000003, 0x7F800001, 0x7FC12345, 0xFFA00000], dtype=torch.int64
        )
        .to(torch.int32)
        .view(torch.float32)
    )
    for x in (f32, torch.tensor([1.5, -0.0, INF, -INF, NAN])):
        for i in range(len(x)):
            _same(torch.hash_tensor, x[i : i + 1])
    h = torch.tensor([1, 0x8001, 0x03FF, 0x7C01, 0x7E01, 0xFE00, 0x3C00], dtype=torch.int32).to(torch.int16)
    for dtype in (torch.float16, torch.bfloat16):
        for i in range(len(h)):
            _same(torch.hash_tensor, h[i : i + 1].view(dtype))
    _same(torch.hash_tensor, torch.tensor([[True, False], [True, True]]), 1, keepdim=True)
    _same(torch.hash_tensor, torch.tensor([[-1, 5], [3, -7]], dtype=torch.int8), [0, 1])
    _same(torch.hash_tensor, torch.tensor([[250, 5]], dtype=torch.uint8), 0)
    _same(torch.hash_tensor, torch.zeros(0, 3), 1)


def test_histograms_under_jit_match_cpu(env):
    from torchax.interop import jax_jit

    x = torch.tensor([0.0, 0.1, 0.25, 0.3, 1.0, 1.0, -1.0, 2.0, 0.7])
    torch.testing.assert_close(
        cpu(jax_jit(lambda t: torch.histc(t, 6))(x.to("jax"))), torch.histc(x, 6), rtol=0, atol=0
    )
    out = cpu(jax_jit(lambda t: torch.histogram(t, 4, density=True))(x.to("jax")))
    torch.testing.assert_close(tuple(out), tuple(torch.histogram(x, 4, density=True)), rtol=0, atol=0)
    _same(torch.searchsorted, torch.tensor([0.0, 0.5, 1.0]), x)


@pytest.mark.parametrize("shape, dim", [((5, 1, 5), 1), ((5, 0, 5), 1), ((3, 1), 1), ((4, 2, 3), 0)])
def test_unique_dim_with_one_or_no_slices_matches_cpu(env, shape, dim):
    x = torch.randint(0, 3, shape, dtype=torch.int8, generator=torch.Generator().manual_seed(0))
    expected = torch.unique(x, dim=dim, return_inverse=True, return_counts=True)
    actual = torch.unique(x.to("jax"), dim=dim, return_inverse=True, return_counts=True)
    for a, e in zip(actual, expected, strict=True):
        torch.testing.assert_close(a.cpu(), e, atol=0, rtol=0)


def test_unique_dim_over_a_nonempty_dim_of_an_empty_tensor_raises_as_cpu(env):
    with pytest.raises(RuntimeError, match="0 sized dimensions"):
        torch.unique(torch.zeros(0, 3), dim=1)
    with pytest.raises(RuntimeError, match="0 sized dimensions"):
        torch.unique(torch.zeros(0, 3, device="jax"), dim=1)


@pytest.mark.parametrize(
    "fn",
    [
        lambda t: torch.unique(t, return_inverse=True, return_counts=True),
        lambda t: torch.unique(t, dim=0, return_inverse=True, return_counts=True),
        lambda t: torch.unique_consecutive(t, return_inverse=True, return_counts=True),
    ],
    ids=["unique", "unique_dim", "unique_consecutive"],
)
def test_unique_under_jit_says_its_shape_depends_on_the_values(env, fn):
    from torchax.interop import jax_jit

    x = torch.tensor([[1, 1], [2, 2], [1, 1]], device="jax")
    with pytest.raises(RuntimeError, match="unique.*: the shape of the result depends on the values"):
        jax_jit(fn)(x)
    empty = torch.zeros(0, 2, dtype=torch.int64)
    expected = fn(empty)  # an empty input's results have known shapes: no values needed
    assert len(expected) == 3
    for a, e in zip(jax_jit(fn)(empty.to("jax")), expected, strict=True):
        torch.testing.assert_close(a.cpu(), e, atol=0, rtol=0)


@pytest.mark.parametrize("dtype", [torch.bool, torch.float32])
def test_nonzero_static_of_an_empty_input_is_all_fill_value(dtype):
    # jnp.nonzero pads an empty input with 0, whatever fill_value says
    _same(torch.nonzero_static, torch.zeros(5, 0, 5, dtype=dtype), size=3)
    _same(torch.nonzero_static, torch.zeros(0, dtype=dtype), size=2, fill_value=7)
