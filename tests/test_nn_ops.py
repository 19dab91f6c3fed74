"""Neural-network lowerings against CPU torch on cases the OpInfo samples leave out."""

import pytest
import torch

import torchax  # noqa: F401


def _on_jax(*tensors):
    return [t.to("jax") if isinstance(t, torch.Tensor) else t for t in tensors]


def test_batch_norm_half_normalises_with_half_statistics(env):
    # CPU torch rounds the saved mean and rstd to float16 and normalises with them.
    x = torch.randn(4, 3, 7) * 30 + 5
    x = x.half()
    w, b = torch.randn(3).half(), torch.randn(3).half()
    rm, rv = torch.zeros(3).half(), torch.ones(3).half()
    expected = torch.ops.aten._native_batch_norm_legit(x, w, b, rm.clone(), rv.clone(), True, 0.1, 1e-5)
    jrm, jrv = _on_jax(rm.clone(), rv.clone())
    actual = torch.ops.aten._native_batch_norm_legit(*_on_jax(x, w, b), jrm, jrv, True, 0.1, 1e-5)
    for a, e in zip(actual, expected, strict=True):
        torch.testing.assert_close(a.cpu(), e, rtol=0, atol=0)
    torch.testing.assert_close(jrm.cpu(), rm * 0.9 + expected[1] * 0.1, rtol=1e-3, atol=1e-3)


def test_batch_norm_with_update_and_no_update(env):
    x, w, b = torch.randn(5, 2, 3), torch.randn(2), torch.randn(2)
    rm, rv = torch.randn(2), torch.rand(2) + 0.5
    expected = torch.ops.aten._batch_norm_with_update(x, w, b, rm.clone(), rv.clone(), 0.3, 1e-5)
    jrm, jrv = _on_jax(rm.clone(), rv.clone())
    actual = torch.ops.aten._batch_norm_with_update(*_on_jax(x, w, b), jrm, jrv, 0.3, 1e-5)
    for a, e in zip(actual, expected, strict=True):
        assert a.shape == e.shape and a.dtype == e.dtype
    torch.testing.assert_close([t.cpu() for t in actual[:3]], list(expected[:3]))
    expected_rm, expected_rv = rm.clone(), rv.clone()
    torch.ops.aten._batch_norm_with_update(x, w, b, expected_rm, expected_rv, 0.3, 1e-5)
    torch.testing.assert_close((jrm.cpu(), jrv.cpu()), (expected_rm, expected_rv))
    expected = torch.ops.aten._batch_norm_no_update(x, w, b, rm, rv, 0.3, 1e-5)
    actual = torch.ops.aten._batch_norm_no_update(*_on_jax(x, w, b, rm, rv), 0.3, 1e-5)
    assert [t.shape for t in actual] == [t.shape for t in expected]
    torch.testing.assert_close(actual[0].cpu(), expected[0])


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.int64])
def test_trilinear_with_summed_unroll_dim(env, dtype):
    make = (
        (lambda *s: torch.randint(-5, 5, s, dtype=dtype))
        if not dtype.is_floating_point
        else (lambda *s: torch.randn(*s).to(dtype))
    )
    i1, i2, i3 = make(3, 4), make(5, 4, 6), make(3, 6)
    args = ([1, 3], [0], [1, 2], [1, 2, 3])  # unroll_dim 1 is summed: added up slice by slice
    expected = torch.ops.aten._trilinear(i1, i2, i3, *args)
    actual = torch.ops.aten._trilinear(*_on_jax(i1, i2, i3), *args)
    torch.testing.assert_close(actual.cpu(), expected)


@pytest.mark.parametrize("reduce", ["sum", "mean", "max", "min", "prod"])
def test_segment_reduce_along_inner_axis(env, reduce):
    data = torch.randn(2, 7, 3)
    lengths = torch.tensor([[3, 0, 4], [1, 6, 0]])
    expected = torch.segment_reduce(data, reduce, lengths=lengths, axis=1, initial=0.5)
    actual = torch.segment_reduce(*_on_jax(data), reduce, lengths=lengths.to("jax"), axis=1, initial=0.5)
    torch.testing.assert_close(actual.cpu(), expected)


@pytest.mark.parametrize("op", ["_upsample_bilinear2d_aa", "_upsample_bicubic2d_aa"])
@pytest.mark.parametrize("dtype", [torch.float32, torch.uint8])
def test_antialiased_resize(env, op, dtype):
    x = (torch.rand(1, 3, 9, 13) * 255).to(dtype)
    fn = getattr(torch.ops.aten, op)
    for size, align_corners in (([4, 5], False), ([12, 6], True), ([9, 20], False)):
        expected = fn(x, size, align_corners)
        actual = fn(x.to("jax"), size, align_corners)
        torch.testing.assert_close(
            actual.cpu(), expected, atol=1e-4 if dtype.is_floating_point else 0, rtol=1e-5
        )


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
def test_native_group_norm_of_an_empty_batch(env, dtype):
    # N = 0: the reshape to (N, group, -1) divided by zero
    x, w, b = torch.zeros(0, 4, 3, dtype=dtype), torch.ones(4, dtype=dtype), torch.zeros(4, dtype=dtype)
    expected = torch.ops.aten.native_group_norm(x, w, b, 0, 4, 3, 2, 1e-5)
    actual = torch.ops.aten.native_group_norm(x.to("jax"), w.to("jax"), b.to("jax"), 0, 4, 3, 2, 1e-5)
    for a, e in zip(actual, expected, strict=True):
        torch.testing.assert_close(a.cpu(), e)
