"""CTC loss, fractional max pooling and grid sampling against CPU torch on cases the OpInfo samples leave out."""

import math

import pytest
import torch
import torch.nn.functional as F

import torchax  # noqa: F401


def _ctc_case(targets_1d: bool):
    # batch entries: an ordinary one, repeated labels, an empty target, a zero-length input
    # with an empty target, and one too short for its target (infinite loss)
    torch.manual_seed(0)
    log_probs = torch.randn(6, 5, 4, dtype=torch.float64).log_softmax(-1)
    padded = torch.tensor([[1, 2, 3], [2, 2, 1], [0, 0, 0], [0, 0, 0], [3, 3, 3]])
    input_lengths = [6, 5, 4, 0, 4]
    target_lengths = [3, 3, 0, 0, 3]
    if targets_1d:
        targets = torch.cat([padded[b, :n] for b, n in enumerate(target_lengths)])
    else:
        targets = padded
    return log_probs, targets, input_lengths, target_lengths


@pytest.mark.parametrize("targets_1d", [False, True])
@pytest.mark.parametrize("zero_infinity", [False, True])
def test_ctc_loss_edge_lengths_forward_and_backward(env, targets_1d, zero_infinity):
    log_probs, targets, il, tl = _ctc_case(targets_1d)
    x = log_probs.clone().requires_grad_()
    expected = F.ctc_loss(x, targets, il, tl, reduction="none", zero_infinity=zero_infinity)
    (expected_grad,) = torch.autograd.grad(expected.sum(), x)
    jx = log_probs.to("jax").requires_grad_()
    actual = F.ctc_loss(jx, targets.to("jax"), il, tl, reduction="none", zero_infinity=zero_infinity)
    (actual_grad,) = torch.autograd.grad(actual.sum(), jx)
    torch.testing.assert_close(actual.cpu(), expected)
    torch.testing.assert_close(actual_grad.cpu(), expected_grad, equal_nan=True)


def test_ctc_loss_log_alpha_shape_and_valid_entries(env):
    log_probs, targets, il, tl = _ctc_case(False)
    nll, log_alpha = torch.ops.aten._ctc_loss(log_probs, targets, il, tl, 0, False)
    jnll, jalpha = torch.ops.aten._ctc_loss(log_probs.to("jax"), targets.to("jax"), il, tl, 0, False)
    assert jalpha.shape == log_alpha.shape and jalpha.dtype == log_alpha.dtype
    torch.testing.assert_close(jnll.cpu(), nll)
    # torch leaves the entries past each input length and 2 * target length uninitialised
    for b in range(len(il)):
        rows, cols = il[b], 2 * tl[b] + 1
        torch.testing.assert_close(jalpha[b, :rows, :cols].cpu(), log_alpha[b, :rows, :cols])


def test_ctc_loss_tensor_lengths_and_blank(env):
    log_probs, targets, il, tl = _ctc_case(False)
    targets = torch.where(targets == 0, 1, targets - 1)  # blank = 3: labels 0..2
    args = (targets, torch.tensor(il), torch.tensor(tl))
    expected = F.ctc_loss(log_probs, *args, blank=3, reduction="mean", zero_infinity=True)
    actual = F.ctc_loss(
        log_probs.to("jax"), *(a.to("jax") for a in args), blank=3, reduction="mean", zero_infinity=True
    )
    torch.testing.assert_close(actual.cpu(), expected)
    assert not math.isnan(actual.item())


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32, torch.float16, torch.bfloat16])
@pytest.mark.parametrize(
    ("shape", "kernel", "out"),
    [
        ((2, 3, 37, 29), [3, 2], [11, 20]),
        ((3, 23, 17), [4, 1], [7, 17]),
        ((2, 2, 9, 13, 11), [2, 3, 2], [5, 4, 7]),
    ],
)
def test_fractional_max_pool_matches_cpu_for_given_samples(env, dtype, shape, kernel, out):
    # same samples, same windows: values and indices exactly as CPU torch, with NaNs and ties
    torch.manual_seed(1)
    n = len(kernel)
    x = torch.randn(shape).round().to(dtype)
    x.view(-1)[::13] = float("nan")
    batch = shape[0] if len(shape) == n + 2 else 1
    samples = torch.rand(batch, shape[-n - 1], n).to(dtype)
    samples[0, 0] = torch.tensor([1.7, -0.4, 0.99][:n]).to(dtype)  # outside [0, 1): no check in torch
    op = torch.ops.aten.fractional_max_pool2d if n == 2 else torch.ops.aten.fractional_max_pool3d
    expected = op(x, kernel, out, samples)
    actual = op(x.to("jax"), kernel, out, samples.to("jax"))
    torch.testing.assert_close(actual[0].cpu(), expected[0], rtol=0, atol=0, equal_nan=True)
    assert torch.equal(actual[1].cpu(), expected[1])


@pytest.mark.parametrize("n", [2, 3])
def test_fractional_max_pool_backward_matches_cpu(env, n):
    torch.manual_seed(2)
    x = torch.randn(2, 3, *[9] * n, dtype=torch.float64)
    samples = torch.rand(2, 3, n, dtype=torch.float64)
    pool = F.fractional_max_pool2d if n == 2 else F.fractional_max_pool3d
    kernel, out = [3] * n, [5] * n
    cotangent = torch.randn(2, 3, *out, dtype=torch.float64)
    xe = x.clone().requires_grad_()
    (expected,) = torch.autograd.grad(
        pool(xe, kernel, output_size=out, _random_samples=samples), xe, cotangent
    )
    xa = x.to("jax").requires_grad_()
    actual_out = pool(xa, kernel, output_size=out, _random_samples=samples.to("jax"))
    (actual,) = torch.autograd.grad(actual_out, xa, cotangent.to("jax"))
    torch.testing.assert_close(actual.cpu(), expected)


def test_fractional_max_pool_rejects_a_pool_too_large(env):
    x = torch.randn(1, 1, 16, 16)
    with pytest.raises(RuntimeError, match="too large"):
        torch.ops.aten.fractional_max_pool2d(x.to("jax"), [3, 3], [15, 8], torch.rand(1, 1, 2).to("jax"))


@pytest.mark.parametrize("padding_mode", ["zeros", "reflection"])
def test_grid_sample_float32_on_a_wide_image_rounds_as_cpu(env, padding_mode):
    # CPU's float32 kernel unnormalizes x by a fused multiply-subtract: rounding twice moved
    # samples on a 456-wide image holding 0-255 by up to 4e-3
    g = torch.Generator().manual_seed(0)
    image = torch.randint(0, 256, (1, 2, 120, 456), generator=g).float()
    grid = torch.rand(1, 120, 456, 2, generator=g) * 2 - 1
    expected = torch.nn.functional.grid_sample(image, grid, padding_mode=padding_mode, align_corners=False)
    actual = torch.nn.functional.grid_sample(
        image.to("jax"), grid.to("jax"), padding_mode=padding_mode, align_corners=False
    )
    torch.testing.assert_close(actual.cpu(), expected)


def test_bilinear_downscale_of_a_large_image_computes_source_positions_as_cpu(env):
    # CPU's float32 kernel computes scale * (i + 0.5) - 0.5 with a fused multiply-add; rounding
    # twice moved the weights of a 345-row image by up to 3e-5, and results by up to 2.6e-4
    g = torch.Generator().manual_seed(0)
    image = torch.rand(2, 3, 345, 456, generator=g) * 18 - 9
    expected = F.interpolate(image, size=(270, 270), mode="bilinear", align_corners=False)
    actual = F.interpolate(image.to("jax"), size=(270, 270), mode="bilinear", align_corners=False)
    torch.testing.assert_close(actual.cpu(), expected)


@pytest.mark.parametrize("n", [2, 3])
def test_fractional_max_pool_of_an_empty_batch(env, n):
    # a reshape with -1 over an empty batch divided by zero
    pool = F.fractional_max_pool2d if n == 2 else F.fractional_max_pool3d
    x = torch.randn(0, 2, *[6] * n)
    values, indices = pool(x.to("jax"), 2, output_size=3, return_indices=True)
    expected = pool(x, 2, output_size=3, return_indices=True)
    assert values.shape == expected[0].shape and indices.shape == expected[1].shape
    assert values.dtype == x.dtype and indices.dtype == torch.int64


def _grads(fn, *inputs):
    """Gradients of fn's output (against a fixed cotangent) w.r.t. the floating inputs, on CPU and jax."""
    out = []
    for device in ("cpu", "jax"):
        xs = [x.to(device).requires_grad_(x.is_floating_point()) for x in inputs]
        y = fn(*xs)
        cot = torch.linspace(-1, 2, y.numel(), dtype=y.dtype).reshape(y.shape).to(device)
        out.append([g.cpu() for g in torch.autograd.grad(y, [x for x in xs if x.requires_grad], cot)])
    return out


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_margin_loss_backward_matches_cpu(env, reduction):
    torch.manual_seed(0)
    x = torch.randn(4, 5, dtype=torch.float64)
    target = torch.tensor([0, 3, 4, 3])
    weight = torch.rand(5, dtype=torch.float64)
    multi = [
        (
            lambda a, t, p=p, m=m, w=w: F.multi_margin_loss(
                a, t, p=p, margin=m, weight=w, reduction=reduction
            ),
            (x, target),
        )  # fmt: skip
        for p, m, w in ((1, 1.0, None), (2, 0.7, weight))
    ]
    labels = torch.tensor([[3, 0, -1, 1, 2], [1, 1, 4, -1, 0], [-1, 2, 2, 2, 2], [0, 1, 2, 3, 4]])
    multilabel = (lambda a, t: F.multilabel_margin_loss(a, t, reduction=reduction), (x, labels))
    vector = (lambda a, t: F.multi_margin_loss(a, t, reduction=reduction), (x[0], target[1]))
    for fn, inputs in (*multi, multilabel, vector):
        cpu, ours = _grads(fn, *inputs)
        torch.testing.assert_close(ours, cpu)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_margin_losses_of_scalars_vectors_and_batches_match_cpu(env, reduction):
    """Shapes as CPU's kernels: a 0-dim or 1-D input is one sample, its 'none' loss 0-dim (the
    decompositions gave shape [1]); multilabel's is_target has the target's shape."""
    torch.manual_seed(0)
    cases = [
        (torch.randn(()), torch.tensor(0), torch.tensor(0)),
        (torch.randn(5), torch.tensor(3), torch.tensor([2, 0, -1, 3, 3])),
        (torch.randn(3, 5), torch.tensor([2, 0, 4]), torch.tensor([[2, 0, -1, 3, 1]] * 3)),
    ]
    for x, target, labels in cases:
        for p, weight in ((1, None), (2, torch.rand(x.shape[-1] if x.ndim else 1))):
            kw = dict(p=p, margin=0.7, weight=weight, reduction=reduction)
            expected = F.multi_margin_loss(x, target, **kw)
            weight = weight if weight is None else weight.to("jax")
            actual = F.multi_margin_loss(x.to("jax"), target.to("jax"), **dict(kw, weight=weight))
            torch.testing.assert_close(actual.cpu(), expected)
        r = {"none": 0, "mean": 1, "sum": 2}[reduction]
        expected = torch.ops.aten.multilabel_margin_loss_forward(x, labels, r)
        actual = torch.ops.aten.multilabel_margin_loss_forward(x.to("jax"), labels.to("jax"), r)
        torch.testing.assert_close([t.cpu() for t in actual], list(expected))


def test_shrink_and_masked_scatter_backward_match_cpu(env):
    x = torch.tensor([-1.0, -0.5, -0.2, 0.0, 0.3, 0.5, 2.0], dtype=torch.float64)
    for fn in (F.hardshrink, F.softshrink, lambda a: F.hardshrink(a, -0.5)):
        cpu, ours = _grads(fn, x)
        torch.testing.assert_close(ours, cpu)
    mask = torch.tensor([[True, False, True], [False, False, True]])
    source = torch.arange(8, dtype=torch.float64).reshape(2, 4)
    cpu, ours = _grads(lambda s: torch.zeros(2, 3, dtype=s.dtype, device=s.device).masked_scatter(
        mask.to(s.device), s), source)  # fmt: skip
    torch.testing.assert_close(ours, cpu)


@pytest.mark.parametrize("dtype", [torch.int32, torch.float32])
def test_margin_losses_take_long_targets_only(env, dtype):
    x = torch.randn(5, 4, device="jax")
    with pytest.raises(RuntimeError, match="expected scalar type Long but found (Int|Float)"):
        F.multi_margin_loss(x, torch.ones(5, dtype=dtype, device="jax"))
    with pytest.raises(RuntimeError, match="expected scalar type Long but found (Int|Float)"):
        F.multilabel_margin_loss(x, torch.ones(5, 4, dtype=dtype, device="jax"))
