"""Neural-network ops: softmax, embedding, distances, losses."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np

from torchax.ops._helpers import dtype_name, float32_via_double, traced
from torchax.registry import register

_HALF = (jnp.float16, jnp.bfloat16)

# aten's Reduction enum
_NONE, _MEAN, _SUM = 0, 1, 2


# -- helpers -------------------------------------------------------------------------------
def _opmath(x):
    """x in the dtype CPU torch computes it in: float32 for half types."""
    return x.astype(jnp.float32) if x.dtype in _HALF else x


def _reduce(loss, reduction: int):
    if reduction == _MEAN:
        return jnp.mean(loss)
    if reduction == _SUM:
        return jnp.sum(loss)
    return loss


def _grad_norm(grad_output, self, reduction: int):
    """grad_output scaled by 1/numel for a mean reduction."""
    return grad_output / self.size if reduction == _MEAN else grad_output


def _last_axis_view(x, dim: int):
    """A 0-d tensor behaves like a 1-element vector for softmax-style ops along `dim`."""
    return (x.reshape(1), 0) if x.ndim == 0 else (x, dim % x.ndim)


def _pairwise_norm(diff, p: float):
    """The p-norm over the last axis of pairwise differences, as torch's cdist/pdist kernels."""
    a = jnp.abs(diff)
    if p == 0:
        return jnp.sum(a != 0, -1).astype(diff.dtype)
    if p == 1:
        return jnp.sum(a, -1)
    if p == 2:
        return jnp.sqrt(jnp.sum(a * a, -1))
    if p == float("inf"):
        return jnp.max(a, -1, initial=0)
    return jnp.sum(a**p, -1) ** (1 / p)


def _pairwise_norm_grad(diff, dist, p: float):
    """d dist / d diff for `_pairwise_norm`, with torch's conventions at zero distance."""
    dist = dist[..., None]
    zero = dist == 0
    if p == 0:
        return jnp.zeros_like(diff)
    if p == 1:
        return jnp.sign(diff)
    if p == 2:
        return jnp.where(zero, 0, diff / jnp.where(zero, 1, dist))
    if p == float("inf"):
        return jnp.sign(diff) * (jnp.abs(diff) == dist)
    a = jnp.abs(diff)
    safe = jnp.where(zero, 1, dist)
    if p < 2:
        g = jnp.sign(diff) * a ** (p - 1) / safe ** (p - 1)
        return jnp.where(zero | ((diff == 0) & (p < 1)), 0, g)
    return jnp.where(zero, 0, diff * a ** (p - 2) / safe ** (p - 1))


def _euclidean_dist(x1, x2):
    """torch's matrix-product form of the 2-norm distance (used for large inputs), including its
    clamp of squared distances at 1e-30."""
    n1 = jnp.sum(x1 * x1, -1, keepdims=True)
    n2 = jnp.sum(x2 * x2, -1, keepdims=True)
    a = jnp.concatenate([-2 * x1, n1, jnp.ones_like(n1)], -1)
    b = jnp.concatenate([x2, jnp.ones_like(n2), n2], -1)
    sq = jnp.matmul(a, jnp.swapaxes(b, -1, -2), precision=jax.lax.Precision.HIGHEST)
    return jnp.sqrt(jnp.maximum(sq, 1e-30))


def _sum_product(a, b, axes, dtype):
    """sum(a * b) over `axes` (kept as size-1 dims) for broadcastable a and b, as one einsum
    accumulated in float32 for half types and rounded once to `dtype`, like torch's bmm."""
    full = np.broadcast_shapes(a.shape, b.shape)
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    acc = jnp.float32 if dtype in _HALF else dtype

    def operand(x):
        keep = [d for d in range(len(full)) if x.shape[d] == full[d] != 1]
        return x.reshape([x.shape[d] for d in keep]).astype(acc), "".join(letters[d] for d in keep)

    (x, sx), (y, sy) = operand(a), operand(b)
    kept = [d for d in range(len(full)) if d not in axes and full[d] != 1]
    precision = jax.lax.Precision.HIGHEST if jnp.issubdtype(acc, jnp.inexact) else None
    out = jnp.einsum(
        f"{sx},{sy}->{''.join(letters[d] for d in kept)}",
        x,
        y,
        precision=precision,
        preferred_element_type=acc,
    )
    return out.reshape([full[d] if d in kept else 1 for d in range(len(full))]).astype(dtype)


def _segments(data, lengths, offsets, axis: int, unsafe: bool):
    """For segment_reduce: data with the reduced axis moved to the outer dims' end, flattened
    to (rows, N, *inner); per row and position its segment (S where no segment holds it); the
    lengths (rows, S); and the output's shape before the axis is moved back."""
    axis %= data.ndim
    outer, n = data.shape[:axis], data.shape[axis]
    if offsets is None:
        if lengths is None:
            raise RuntimeError("segment_reduce: either lengths or offsets must be defined")
        lengths = lengths.astype(jnp.int64)
        starts = jnp.cumsum(lengths, -1) - lengths
        offsets = jnp.concatenate([starts, starts[..., -1:] + lengths[..., -1:]], -1)
    offsets = offsets.astype(jnp.int64)
    lengths = offsets[..., 1:] - offsets[..., :-1]
    if not unsafe and not traced(lengths) and lengths.size:
        if bool(jnp.any(lengths < 0)):
            raise RuntimeError("lengths contains negative value!")
        if bool(jnp.any(offsets[..., -1] - offsets[..., 0] != n)):
            raise RuntimeError("segment_reduce: the lengths of the segments must sum to data.size(axis)")
    rows = math.prod(outer)
    segs = lengths.shape[-1]
    x = data.reshape(rows, n, *data.shape[axis + 1 :])
    ends = offsets[..., 1:].reshape(rows, 1, segs)
    pos = jnp.arange(n)[None, :, None]
    seg = jnp.sum(ends <= pos, -1)  # (rows, N): the first segment whose end lies past pos
    seg = jnp.where(pos[..., 0] < offsets[..., :1].reshape(rows, 1), segs, seg)
    return x, seg, lengths.reshape(rows, segs), (*outer, segs, *data.shape[axis + 1 :])


def _segment_fold(x, seg, lens, reduce: str, initial):
    """sum, mean or prod of half-type segments as torch's CPU kernel computes them: from
    `initial`, adding (multiplying) one element at a time in the data's dtype."""
    segs = lens.shape[1]
    start = initial if initial is not None else (1 if reduce == "prod" else 0)
    carry = jnp.full((x.shape[0], segs, *x.shape[2:]), start, x.dtype)
    onehot = jnp.moveaxis(seg[:, None, :] == jnp.arange(segs)[None, :, None], -1, 0)
    onehot = onehot.reshape(*onehot.shape, *(1,) * (x.ndim - 2))

    def step(acc, item):
        here, value = item
        new = acc * value[:, None] if reduce == "prod" else acc + value[:, None]
        return jnp.where(here, new, acc), None

    out = jax.lax.scan(step, carry, (onehot, jnp.moveaxis(x, 1, 0)))[0]
    if reduce == "mean":
        empty = jnp.nan if initial is None else initial
        out = jnp.where(
            lens == 0, jnp.asarray(empty, x.dtype), out / jnp.where(lens == 0, 1, lens).astype(x.dtype)
        )
    return out


def _segment_reduce(data, reduce: str, lengths, offsets, axis: int, unsafe: bool, initial):
    """torch's segment_reduce: sum, mean, max, min or prod over consecutive segments of `axis`,
    an empty segment giving `initial` (else 0, NaN, -inf, inf, 1)."""
    x, seg, lens, shape = _segments(data, lengths, offsets, axis, unsafe)
    segs = lens.shape[-1]
    inner = x.ndim - 2
    lens = lens.reshape(*lens.shape, *(1,) * inner)
    if data.dtype in _HALF and reduce in ("sum", "mean", "prod"):
        # CPU torch accumulates half types in their own dtype, element after element.
        return _segment_fold(x, seg, lens, reduce, initial).reshape(shape)
    acc = data.dtype
    if reduce in ("sum", "mean"):
        out = jax.vmap(lambda d, i: jax.ops.segment_sum(d, i, segs))(x, seg)
        if initial is not None:
            out = out + initial
        if reduce == "mean":
            empty = jnp.nan if initial is None else initial
            out = jnp.where(lens == 0, empty, out / jnp.where(lens == 0, 1, lens).astype(acc))
    elif reduce in ("max", "min", "prod"):
        # Dense masks rather than scatters: their gradients (ties split equally, products
        # with zeros) are those of torch's backward.
        mask = (seg[:, None, :] == jnp.arange(segs)[None, :, None]).reshape(
            *seg.shape[:1], segs, -1, *(1,) * inner
        )
        fill = {"max": -jnp.inf, "min": jnp.inf, "prod": 1}[reduce]
        masked = jnp.where(mask, x[:, None], jnp.asarray(fill, acc))
        out = {"max": jnp.max, "min": jnp.min, "prod": jnp.prod}[reduce](masked, axis=2)
        if initial is not None:
            out = {"max": jnp.maximum, "min": jnp.minimum, "prod": jnp.multiply}[reduce](out, initial)
    else:
        raise RuntimeError(f"segment_reduce: reduction {reduce!r} is not supported")
    return out.reshape(shape).astype(data.dtype)


def _bags(indices, offsets, include_last_offset: bool):
    """(number of bags, bag of each index position). Like CPU torch, the last bag runs to the
    end of `indices` whatever the last offset says."""
    n_bags = offsets.shape[0] - 1 if include_last_offset else offsets.shape[0]
    starts = offsets[:n_bags]
    pos = jnp.arange(indices.shape[0])
    bag = jnp.searchsorted(starts, pos, side="right") - 1
    return n_bags, jnp.clip(bag, 0, max(n_bags - 1, 0))


def _nll_parts(self, target, weight, ignore_index):
    """Per-element (-weight * input at target) and weight, zero where the target is ignored;
    the class axis is 1 (0 for an unbatched input)."""
    axis = 0 if self.ndim == 1 else 1
    if self.ndim == 1 and target.ndim > 0:
        target = target[0]
    keep = target != ignore_index
    safe = jnp.where(keep, target, 0)
    picked = jnp.take_along_axis(self, jnp.expand_dims(safe, axis).astype(jnp.int64), axis=axis)
    picked = jnp.squeeze(picked, axis)
    w = jnp.ones((), self.dtype) if weight is None else jnp.take(weight, safe).astype(self.dtype)
    w = jnp.where(keep, w, 0).astype(self.dtype)
    return -picked * w, w


def _nll_forward(self, target, weight, reduction, ignore_index):
    n_classes = self.shape[0 if self.ndim == 1 else 1]
    checked = jnp.where(target == ignore_index, 0, target)
    if not traced(checked) and checked.size and bool(jnp.any((checked < 0) | (checked >= n_classes))):
        bad = int(checked[jnp.argmax((checked < 0) | (checked >= n_classes))] if checked.ndim else checked)
        raise IndexError(f"Target {bad} is out of bounds.")
    x = _opmath(self)
    loss, w = _nll_parts(x, target, None if weight is None else _opmath(weight), ignore_index)
    if reduction == _NONE and self.ndim >= 2:
        return loss.astype(self.dtype), jnp.zeros((), self.dtype)
    total = jnp.sum(w)
    out = jnp.sum(loss)
    if reduction == _MEAN:
        out = out / total
    return out.astype(self.dtype), total.astype(self.dtype)


def _nll_backward(grad_output, self, target, weight, reduction, ignore_index, total_weight):
    axis = 0 if self.ndim == 1 else 1
    if self.ndim == 1 and target.ndim > 0:
        target = target[0]
    g = _opmath(grad_output)
    if reduction == _MEAN:
        g = g / _opmath(total_weight)
    keep = target != ignore_index
    safe = jnp.where(keep, target, 0)
    w = jnp.ones((), g.dtype) if weight is None else jnp.take(_opmath(weight), safe)
    scale = jnp.where(keep, -w * (g if (reduction == _NONE and self.ndim >= 2) else g.reshape(())), 0)
    classes = jnp.arange(self.shape[axis]).reshape([-1 if i == axis else 1 for i in range(self.ndim)])
    hit = jnp.expand_dims(safe, axis) == classes
    return jnp.where(hit, jnp.expand_dims(scale, axis), 0).astype(self.dtype)


def _check_range(indices, size: int, message: str) -> None:
    """Raise torch's IndexError for an index outside [0, size) (eager only: under jit the values
    are unknown, and gathers clamp)."""
    if traced(indices) or indices.size == 0:
        return
    if bool(jnp.any((indices < 0) | (indices >= size))):
        raise IndexError(message)


def _softmax_dtype(self, half_to_float: bool):
    return jnp.float32 if half_to_float and self.dtype in _HALF else self.dtype


def _margin_losses(x, loss_of_rows, reduction: int, out_shape):
    """A margin loss over the class axis of x ((C,) or (N, C)), reduced; loss_of_rows maps the
    (N, C) rows to N losses."""
    losses = loss_of_rows(_opmath(x).reshape(-1, x.shape[-1]) if x.ndim else _opmath(x).reshape(1, 1))
    return _reduce(losses.reshape(out_shape), reduction)


def _hinge(z):
    """max(0, z) with PyTorch's derivative at 0: none (z > 0 strictly)."""
    return jnp.where(z > 0, z, jnp.zeros((), z.dtype))


def _check_margin_input(x, target) -> int:
    """CPU's argument checks of the margin losses; the number of classes (1 for a 0-dim input)."""
    if target.dtype != jnp.int64:
        raise RuntimeError(f"expected scalar type Long but found {dtype_name(target.dtype)}")
    if x.ndim > 2 or (x.ndim and x.shape[-1] == 0):
        raise RuntimeError(
            f"Expected non-empty vector or matrix with optional 0-dim batch size, but got: {list(x.shape)}"
        )
    return x.shape[-1] if x.ndim else 1


def _multi_margin_rows(target, p: int, margin, weight):
    def rows(x):
        y = target.reshape(-1).astype(jnp.int32)
        x_y = jnp.take_along_axis(x, y[:, None], axis=1)
        z = _hinge(margin - x_y + x)
        z = z if p == 1 else z * z
        if weight is not None:
            z = z * _opmath(weight)[y][:, None]
        others = jnp.arange(x.shape[1])[None, :] != y[:, None]
        return jnp.where(others, z, 0).sum(axis=1) / x.shape[1]

    return rows


def _multilabel_targets(target, n_classes: int):
    """(valid, y, is_target) of multilabel targets as rows of n_classes: valid marks the targets
    before the first negative one, y the targets (0 where not valid), is_target the classes named."""
    t = target.reshape(-1, n_classes).astype(jnp.int32)
    valid = jnp.cumprod(t >= 0, axis=1).astype(bool)
    y = jnp.where(valid, t, 0)
    return valid, y, ((y[:, :, None] == jnp.arange(n_classes)) & valid[:, :, None]).any(axis=1)


def _multilabel_margin_rows(target):
    def rows(x):
        valid, y, is_target = _multilabel_targets(target, x.shape[1])
        x_y = jnp.take_along_axis(x, y, axis=1)
        h = _hinge(1 - (x_y[:, :, None] - x[:, None, :]))
        keep = valid[:, :, None] & ~is_target[:, None, :]
        return jnp.where(keep, h, 0).sum(axis=(1, 2)) / x.shape[1]

    return rows


def _margin_loss_backward(grad_output, self, rows, reduction: int, out_shape):
    _, vjp = jax.vjp(lambda x: _margin_losses(x, rows, reduction, out_shape), _opmath(self))
    return vjp(_opmath(grad_output).reshape(() if reduction != _NONE else out_shape))[0].astype(self.dtype)


# -- CTC: alpha/beta in log space over the blank-interleaved target l', as LossCTC.cpp ------
# exp and log as C's expf/logf round them: CTC's gradient is a difference of terms near the loss
# (hundreds), so one ulp of XLA's float32 exp or log there is ~1e-5 in the result
def _ctc_exp(x):
    return float32_via_double(jnp.exp, x)


def _ctc_log(x):
    return float32_via_double(jnp.log, x)


def _log_add3(a, b, c):
    """log(e^a + e^b + e^c), shifted by the largest term (by 0 when all are -inf), as torch's
    CTC kernel adds in log space."""
    m = jnp.maximum(jnp.maximum(a, b), c)
    m = jnp.where(m == -jnp.inf, 0, m)
    return _ctc_log(_ctc_exp(a - m) + _ctc_exp(b - m) + _ctc_exp(c - m)) + m


def _ctc_setup(log_probs, targets, input_lengths, target_lengths, blank: int, width: int):
    """Lengths as arrays, l' (N, 2*width+1) with blanks at even positions, the log-probabilities
    of l' per step (T, N, 2*width+1), and which (t, b, s) take part (t < input length,
    s <= 2 * target length). Targets are (N, S) padded or 1-d concatenated."""
    t_max, n_batch, _ = log_probs.shape
    il = jnp.asarray(input_lengths, jnp.int64).reshape(n_batch)
    tl = jnp.asarray(target_lengths, jnp.int64).reshape(n_batch)
    s = jnp.arange(2 * width + 1)
    k = jnp.maximum(s - 1, 0) // 2
    if targets.size == 0:
        picked = jnp.zeros((n_batch, s.size), jnp.int64)
    elif targets.ndim == 2:
        picked = targets[:, jnp.minimum(k, targets.shape[1] - 1)]
    else:
        start = jnp.cumsum(tl) - tl
        picked = targets[jnp.minimum(start[:, None] + k[None], targets.size - 1)]
    ext = jnp.where(s % 2 == 0, blank, picked).astype(jnp.int64)
    lp = jnp.take_along_axis(log_probs, jnp.broadcast_to(ext[None], (t_max, *ext.shape)), axis=2)
    live = (jnp.arange(t_max)[:, None, None] < il[None, :, None]) & (s[None, None] <= 2 * tl[None, :, None])
    return il, tl, ext, lp, live


def _ctc_width(target_lengths, targets) -> int:
    """The longest target: l' has 2 * width + 1 positions. Under tracing the lengths are
    unknown, so the targets' own extent bounds it."""
    if traced(target_lengths):
        return int(targets.shape[1] if targets.ndim == 2 else targets.size)
    return int(np.max(np.asarray(target_lengths), initial=0))


def _ctc_class_sums(ab, ext, n_classes: int):
    """log sum of alpha*beta over the positions s with l'_s = c, (T, N, C): added in log space
    one position at a time from the last s down, the order torch's kernel uses (float32
    gradients are a difference of near-equal terms, so the order shows)."""
    t_max, n_batch, _ = ab.shape
    t_idx = jnp.arange(t_max)[:, None]
    b_idx = jnp.arange(n_batch)[None, :]

    def step(acc, inputs):
        x, c = inputs  # (T, N), (N,)
        cur = acc[t_idx, b_idx, c[None]]
        m = jnp.maximum(cur, x)
        added = _ctc_log(_ctc_exp(cur - m) + _ctc_exp(x - m)) + m
        new = jnp.where(cur == -jnp.inf, x, jnp.where(x == -jnp.inf, cur, added))
        return acc.at[t_idx, b_idx, c[None]].set(new), None

    init = jnp.full((t_max, n_batch, n_classes), -jnp.inf, ab.dtype)
    acc, _ = jax.lax.scan(step, init, (jnp.moveaxis(ab, 2, 0), ext.T), reverse=True)
    return acc


def _ctc_check(log_probs, targets, input_lengths, target_lengths) -> None:
    """torch's argument checks, where the lengths are known."""
    if log_probs.ndim != 3:
        raise RuntimeError(
            f"_ctc_loss: expected 3-dimensional log_probs, but got {log_probs.ndim}-dimensional"
        )
    if traced(input_lengths) or traced(target_lengths):
        return
    il, tl = np.asarray(input_lengths).reshape(-1), np.asarray(target_lengths).reshape(-1)
    n = log_probs.shape[1]
    if il.size != n or tl.size != n:
        raise RuntimeError(
            f"_ctc_loss: input_lengths and target_lengths must have {n} entries (the batch size)"
        )
    if np.any(il > log_probs.shape[0]) or np.any(il < 0):
        raise RuntimeError(f"_ctc_loss: expected input_lengths to have values in [0, {log_probs.shape[0]}]")
    if np.any(tl < 0):
        raise RuntimeError("_ctc_loss: target_lengths must be non-negative")
    if targets.ndim == 2 and np.any(tl > targets.shape[1]):
        raise RuntimeError(f"_ctc_loss: expected targets to have size at least {tl.max()} at dimension 1")
    if targets.ndim == 1 and tl.sum() > targets.size:
        raise RuntimeError(f"_ctc_loss: expected targets to have at least {tl.sum()} elements")


def _ctc_beta(lp, ext, il, tl, live):
    """log beta (T, N, S), -inf outside `live`: eq. (10)/(11) of Graves et al., run backwards
    from t = input length - 1 for each batch entry."""
    neg = jnp.asarray(-jnp.inf, lp.dtype)
    s = jnp.arange(ext.shape[1])[None]
    two_tl = 2 * tl[:, None]
    start = (s == two_tl) | (s == two_tl - 1)
    step2 = s < two_tl
    step3 = (s < two_tl - 1) & (ext != jnp.roll(ext, -2, axis=1))
    last = il[:, None] - 1

    def step(nxt, inputs):
        t, lp_t, live_t = inputs
        b2 = jnp.where(step2, jnp.roll(nxt, -1, axis=1), neg)
        b3 = jnp.where(step3, jnp.roll(nxt, -2, axis=1), neg)
        row = jnp.where(t == last, jnp.where(start, lp_t, neg), _log_add3(nxt, b2, b3) + lp_t)
        row = jnp.where(live_t, row, neg)
        return row, row

    init = jnp.full(ext.shape, neg)
    _, beta = jax.lax.scan(step, init, (jnp.arange(lp.shape[0]), lp, live), reverse=True)
    return beta


# -- lowerings, alphabetical by op ---------------------------------------------------------
@register("aten::_cdist_backward")
def aten__cdist_backward(grad, x1, x2, p, cdist):
    """_cdist_backward(Tensor grad, Tensor x1, Tensor x2, float p, Tensor cdist) -> Tensor"""
    batch = jnp.broadcast_shapes(x1.shape[:-2], x2.shape[:-2])
    a = jnp.broadcast_to(x1, batch + x1.shape[-2:])
    b = jnp.broadcast_to(x2, batch + x2.shape[-2:])
    diff = a[..., :, None, :] - b[..., None, :, :]
    g = _pairwise_norm_grad(diff, cdist, p) * grad[..., None]
    return jnp.sum(g, -2).astype(x1.dtype)


@register("aten::_cdist_forward")
def aten__cdist_forward(x1, x2, p, compute_mode):
    """_cdist_forward(Tensor x1, Tensor x2, float p, int? compute_mode) -> Tensor"""
    if x1.ndim < 2 or x2.ndim < 2:
        raise RuntimeError("cdist only supports at least 2D tensors")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(
            f"X1 and X2 must have the same number of columns. X1: {x1.shape[-1]} X2: {x2.shape[-1]}"
        )
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    batch = jnp.broadcast_shapes(x1.shape[:-2], x2.shape[:-2])
    a = jnp.broadcast_to(x1, batch + x1.shape[-2:])
    b = jnp.broadcast_to(x2, batch + x2.shape[-2:])
    r1, r2 = a.shape[-2], b.shape[-2]
    mode = compute_mode or 0
    if p == 2 and (mode == 1 or (mode == 0 and (r1 > 25 or r2 > 25))) and a.shape[-1] and r1 and r2:
        return _euclidean_dist(a, b).astype(x1.dtype)
    return _pairwise_norm(a[..., :, None, :] - b[..., None, :, :], p).astype(x1.dtype)


@register("aten::_ctc_loss", "aten::_ctc_loss.Tensor")
def aten__ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, zero_infinity=False):
    """_ctc_loss(Tensor log_probs, Tensor targets, int[] input_lengths, int[] target_lengths, int blank=0, bool zero_infinity=False) -> (Tensor, Tensor)"""
    # (neg_log_likelihood (N,), log_alpha (N, T, 2 * max target length + 1)). torch leaves
    # log_alpha uninitialised outside t < input length, s <= 2 * target length: -inf here.
    # zero_infinity is applied by the caller (ctc_loss) and by the backward.
    _ctc_check(log_probs, targets, input_lengths, target_lengths)
    width = _ctc_width(target_lengths, targets)
    il, tl, ext, lp, live = _ctc_setup(log_probs, targets, input_lengths, target_lengths, blank, width)
    neg = jnp.asarray(-jnp.inf, log_probs.dtype)
    s = jnp.arange(ext.shape[1])[None]
    step3 = (s >= 2) & (ext != jnp.roll(ext, 2, axis=1))

    def step(prev, inputs):
        lp_t, live_t = inputs
        a2 = jnp.where(s >= 1, jnp.roll(prev, 1, axis=1), neg)
        a3 = jnp.where(step3, jnp.roll(prev, 2, axis=1), neg)
        row = jnp.where(live_t, _log_add3(prev, a2, a3) + lp_t, neg)
        return row, row

    first = jnp.where(live[0] & (s <= 1), lp[0], neg)
    _, rest = jax.lax.scan(step, first, (lp[1:], live[1:]))
    alpha = jnp.concatenate([first[None], rest])  # (T, N, S)
    end = jnp.take_along_axis(alpha, jnp.maximum(il - 1, 0)[None, :, None], axis=0)[0]  # (N, S)
    l1 = jnp.take_along_axis(end, (2 * tl)[:, None], axis=1)[:, 0]
    l2 = jnp.take_along_axis(end, jnp.maximum(2 * tl - 1, 0)[:, None], axis=1)[:, 0]
    l2 = jnp.where(tl > 0, l2, neg)
    m = jnp.maximum(l1, l2)
    m = jnp.where(m == -jnp.inf, 0, m)
    nll = -(_ctc_log(_ctc_exp(l1 - m) + _ctc_exp(l2 - m)) + m)
    nll = jnp.where(il == 0, jnp.where(tl == 0, 0, jnp.inf), nll).astype(log_probs.dtype)
    return nll, jnp.transpose(alpha, (1, 0, 2))


@register("aten::_ctc_loss_backward", "aten::_ctc_loss_backward.Tensor")
def aten__ctc_loss_backward(
    grad,
    log_probs,
    targets,
    input_lengths,
    target_lengths,
    neg_log_likelihood,
    log_alpha,
    blank,
    zero_infinity=False,
):
    """_ctc_loss_backward(Tensor grad, Tensor log_probs, Tensor targets, int[] input_lengths, int[] target_lengths, Tensor neg_log_likelihood, Tensor log_alpha, int blank, bool zero_infinity=False) -> Tensor"""
    # torch's gradient is with respect to the logits under log_softmax (eq. 16):
    # (exp(lp) - exp(log sum_{s: l'_s = c} alpha*beta + nll - lp)) * grad, zero past each input
    # length and, with zero_infinity, for infinite losses.
    t_max, n_batch, n_classes = log_probs.shape
    width = (log_alpha.shape[2] - 1) // 2
    il, tl, ext, lp, live = _ctc_setup(log_probs, targets, input_lengths, target_lengths, blank, width)
    beta = _ctc_beta(lp, ext, il, tl, live)
    alpha = jnp.transpose(log_alpha, (1, 0, 2)).astype(log_probs.dtype)
    ab = jnp.where(live, alpha + beta, -jnp.inf)  # (T, N, S)
    log_ab = _ctc_class_sums(ab, ext, n_classes)
    nll = neg_log_likelihood.astype(log_probs.dtype)[None, :, None]
    g = jnp.broadcast_to(grad.astype(log_probs.dtype), (n_batch,))[None, :, None]
    out = (_ctc_exp(log_probs) - _ctc_exp(log_ab + nll - log_probs)) * g
    keep = jnp.arange(t_max)[:, None, None] < il[None, :, None]
    if zero_infinity:
        keep = keep & (nll != jnp.inf)
    return jnp.where(keep, out, 0).astype(log_probs.dtype)


@register("aten::_embedding_bag", "aten::_embedding_bag_forward_only")
def aten__embedding_bag(
    weight,
    indices,
    offsets,
    scale_grad_by_freq=False,
    mode=0,
    sparse=False,
    per_sample_weights=None,
    include_last_offset=False,
    padding_idx=-1,
):
    """_embedding_bag(Tensor weight, Tensor indices, Tensor offsets, bool scale_grad_by_freq=False, int mode=0, bool sparse=False, Tensor? per_sample_weights=None, bool include_last_offset=False, int padding_idx=-1) -> (Tensor, Tensor, Tensor, Tensor)"""
    # Results as CPU torch: (output, offset2bag, bag_size, max_indices); bag_size is zero in sum
    # mode and max_indices repeats bag_size in mean mode. offset2bag is always filled here
    # (torch leaves it empty on its sum fast path), as the backward lowerings read it.
    index_dtype = indices.dtype
    n_bags, bag = _bags(indices, offsets, include_last_offset)
    keep = indices != padding_idx if padding_idx >= 0 else jnp.ones(indices.shape, bool)
    rows = _opmath(jnp.take(weight, indices, axis=0))
    count = jax.ops.segment_sum(keep.astype(index_dtype), bag, n_bags)
    offset2bag = bag.astype(index_dtype)
    if mode == 2:
        masked = jnp.where(keep[:, None], rows, -jnp.inf)
        best = jax.ops.segment_max(masked, bag, n_bags)
        pos = jnp.arange(indices.shape[0])[:, None]
        first = jax.ops.segment_min(
            jnp.where(keep[:, None] & (masked == best[bag]), pos, indices.shape[0]), bag, n_bags
        )
        nonempty = (count > 0)[:, None]
        arg = jnp.take(indices, jnp.clip(first, 0, max(indices.shape[0] - 1, 0)))
        out = jnp.where(nonempty, best, 0)
        max_indices = jnp.where(nonempty, arg, 0).astype(index_dtype)
        return out.astype(weight.dtype), offset2bag, count, max_indices
    if per_sample_weights is not None:
        rows = rows * _opmath(per_sample_weights)[:, None]
    out = jax.ops.segment_sum(jnp.where(keep[:, None], rows, 0), bag, n_bags)
    if mode == 1:
        out = out / jnp.maximum(count, 1)[:, None].astype(out.dtype)
        return out.astype(weight.dtype), offset2bag, count, count
    zeros = jnp.zeros((n_bags,), index_dtype)
    return out.astype(weight.dtype), offset2bag, zeros, zeros


@register("aten::_embedding_bag_backward")
def aten__embedding_bag_backward(
    grad,
    indices,
    offsets,
    offset2bag,
    bag_size,
    maximum_indices,
    num_weights,
    scale_grad_by_freq,
    mode,
    sparse,
    per_sample_weights,
    padding_idx=-1,
):
    """_embedding_bag_backward(Tensor grad, Tensor indices, Tensor offsets, Tensor offset2bag, Tensor bag_size, Tensor maximum_indices, SymInt num_weights, bool scale_grad_by_freq, int mode, bool sparse, Tensor? per_sample_weights, int padding_idx=-1) -> Tensor"""
    # sparse=True asks for a sparse gradient; torchax has no sparse layout, so it is dense
    return aten__embedding_bag_dense_backward(
        grad,
        indices,
        offset2bag,
        bag_size,
        maximum_indices,
        num_weights,
        scale_grad_by_freq,
        mode,
        per_sample_weights,
        padding_idx,
    )


@register("aten::_embedding_bag_dense_backward")
def aten__embedding_bag_dense_backward(
    grad,
    indices,
    offset2bag,
    bag_size,
    maximum_indices,
    num_weights,
    scale_grad_by_freq,
    mode,
    per_sample_weights,
    padding_idx=-1,
):
    """_embedding_bag_dense_backward(Tensor grad, Tensor indices, Tensor offset2bag, Tensor bag_size, Tensor maximum_indices, SymInt num_weights, bool scale_grad_by_freq, int mode, Tensor? per_sample_weights, int padding_idx=-1) -> Tensor"""
    g = _opmath(grad)
    out = jnp.zeros((num_weights, grad.shape[-1]), g.dtype)
    if mode == 2:
        nonempty = (bag_size > 0)[:, None]
        cols = jnp.broadcast_to(jnp.arange(grad.shape[-1]), maximum_indices.shape)
        out = out.at[maximum_indices, cols].add(jnp.where(nonempty, g, 0))
        return out.astype(grad.dtype)
    rows = jnp.take(g, offset2bag, axis=0)
    if mode == 1:
        rows = rows / jnp.maximum(jnp.take(bag_size, offset2bag), 1)[:, None].astype(g.dtype)
    if per_sample_weights is not None:
        rows = rows * _opmath(per_sample_weights)[:, None]
    if scale_grad_by_freq:
        counts = jnp.zeros((num_weights,), g.dtype).at[indices].add(1)
        rows = rows / jnp.take(counts, indices)[:, None]
    if padding_idx >= 0:
        rows = jnp.where((indices != padding_idx)[:, None], rows, 0)
    return out.at[indices].add(rows).astype(grad.dtype)


@register("aten::_embedding_bag_per_sample_weights_backward")
def aten__embedding_bag_per_sample_weights_backward(
    grad, weight, indices, offsets, offset2bag, mode, padding_idx=-1
):
    """_embedding_bag_per_sample_weights_backward(Tensor grad, Tensor weight, Tensor indices, Tensor offsets, Tensor offset2bag, int mode, int padding_idx=-1) -> Tensor"""
    if mode != 0:
        raise NotImplementedError("embedding_bag_backward: per_sample_weights only supported for mode='sum'")
    if offset2bag.shape[0] != indices.shape[0]:  # torch's sum fast path leaves it empty
        _, offset2bag = _bags(indices, offsets, False)
    rows = _opmath(jnp.take(weight, indices, axis=0))
    g = _opmath(jnp.take(grad, offset2bag, axis=0))
    out = jnp.sum(rows * g, -1)
    if padding_idx >= 0:
        out = jnp.where(indices != padding_idx, out, 0)
    return out.astype(grad.dtype)


@register("aten::_log_softmax")
def aten__log_softmax(self, dim, half_to_float):
    """_log_softmax(Tensor self, int dim, bool half_to_float) -> Tensor"""
    x, axis = _last_axis_view(_opmath(self), dim)
    shifted = x - jnp.max(x, axis, keepdims=True, initial=-jnp.inf)
    out = shifted - jnp.log(jnp.sum(jnp.exp(shifted), axis, keepdims=True))
    return out.reshape(self.shape).astype(_softmax_dtype(self, half_to_float))


@register("aten::_log_softmax_backward_data")
def aten__log_softmax_backward_data(grad_output, output, dim, input_dtype):
    """_log_softmax_backward_data(Tensor grad_output, Tensor output, int dim, ScalarType input_dtype) -> Tensor"""
    g, axis = _last_axis_view(_opmath(grad_output), dim)
    out, _ = _last_axis_view(_opmath(output), dim)
    grad = g - jnp.exp(out) * jnp.sum(g, axis, keepdims=True)
    return grad.reshape(grad_output.shape).astype(input_dtype)


@register("aten::_pdist_backward")
def aten__pdist_backward(grad, self, p, pdist):
    """_pdist_backward(Tensor grad, Tensor self, float p, Tensor pdist) -> Tensor"""
    n = self.shape[0]
    i, j = np.triu_indices(n, 1)
    diff = self[i] - self[j]
    c = _pairwise_norm_grad(diff, pdist, p) * grad[:, None]
    out = jnp.zeros_like(self).at[i].add(c).at[j].add(-c)
    return out.astype(self.dtype)


@register("aten::_pdist_forward")
def aten__pdist_forward(self, p=2.0):
    """_pdist_forward(Tensor self, float p=2.) -> Tensor"""
    if self.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {self.ndim}D")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    i, j = np.triu_indices(self.shape[0], 1)
    return _pairwise_norm(self[i] - self[j], p).astype(self.dtype)


@register("aten::_segment_reduce_backward")
def aten__segment_reduce_backward(
    grad, output, data, reduce, *, lengths=None, offsets=None, axis=0, initial=None
):
    """_segment_reduce_backward(Tensor grad, Tensor output, Tensor data, str reduce, *, Tensor? lengths=None, Tensor? offsets=None, int axis=0, Scalar? initial=None) -> Tensor"""
    acc = jnp.float32 if data.dtype in _HALF else data.dtype
    _, vjp = jax.vjp(
        lambda d: _segment_reduce(d, reduce, lengths, offsets, axis, True, initial), data.astype(acc)
    )
    return vjp(grad.astype(acc))[0].astype(data.dtype)


@register("aten::_softmax")
def aten__softmax(self, dim, half_to_float):
    """_softmax(Tensor self, int dim, bool half_to_float) -> Tensor"""
    x, axis = _last_axis_view(_opmath(self), dim)
    e = jnp.exp(x - jnp.max(x, axis, keepdims=True, initial=-jnp.inf))
    out = e / jnp.sum(e, axis, keepdims=True)
    return out.reshape(self.shape).astype(_softmax_dtype(self, half_to_float))


@register("aten::_softmax_backward_data")
def aten__softmax_backward_data(grad_output, output, dim, input_dtype):
    """_softmax_backward_data(Tensor grad_output, Tensor output, int dim, ScalarType input_dtype) -> Tensor"""
    g, axis = _last_axis_view(_opmath(grad_output), dim)
    out, _ = _last_axis_view(_opmath(output), dim)
    go = g * out
    grad = go - out * jnp.sum(go, axis, keepdims=True)
    return grad.reshape(grad_output.shape).astype(input_dtype)


@register("aten::_trilinear")
def aten__trilinear(i1, i2, i3, expand1, expand2, expand3, sumdim, unroll_dim=1):
    """_trilinear(Tensor i1, Tensor i2, Tensor i3, int[] expand1, int[] expand2, int[] expand3, int[] sumdim, int unroll_dim=1) -> Tensor"""
    dtype = jnp.result_type(i1, i2, i3)
    total = i1.ndim + len(expand1)
    for x, expand in ((i2, expand2), (i3, expand3)):
        if x.ndim + len(expand) != total:
            raise RuntimeError("trilinear: expanded inputs must have the same number of dims")
    e1, e2, e3 = ({d % total for d in e} for e in (expand1, expand2, expand3))
    summed = {d % total for d in sumdim}
    unroll = unroll_dim % total if total else 0
    a, b, c = (jnp.expand_dims(x, tuple(sorted(e))) for x, e in ((i1, e1), (i2, e2), (i3, e3)))
    # As torch: first the sum over the dims i3 lacks, rounded to dtype, then over the dims it
    # has; a summed unroll dim is added up slice by slice in dtype.
    first = {d for d in summed if d in e3 and d != unroll}
    second = {d for d in summed if d not in e3 and d != unroll}
    out = _sum_product(_sum_product(a, b, first, dtype), c, second, dtype)
    # A dim every input lacks has size 0 in torch's output, as its size is never set.
    size = [
        0 if (d in e1 and d in e2 and d in e3 and d not in summed) else out.shape[d] for d in range(total)
    ]
    if unroll in summed and total:
        slices = jnp.moveaxis(out, unroll, 0)
        out = jax.lax.scan(lambda acc, s: (acc + s, None), jnp.zeros_like(slices[0]), slices)[0]
        out = jnp.expand_dims(out, unroll)
    size = [1 if d in summed else size[d] for d in range(total)]
    out = jnp.broadcast_to(out, size) if 0 in size else out
    return jnp.squeeze(out, tuple(sorted(summed))) if summed else out


@register("aten::binary_cross_entropy")
def aten_binary_cross_entropy(self, target, weight=None, reduction=1):
    """binary_cross_entropy(Tensor self, Tensor target, Tensor? weight=None, int reduction=1) -> Tensor"""
    x, t = _opmath(self), _opmath(target)
    # torch clamps each log at -100 so that the loss stays finite at 0 and 1
    loss = (t - 1) * jnp.maximum(jnp.log1p(-x), -100) - t * jnp.maximum(jnp.log(x), -100)
    if weight is not None:
        loss = loss * _opmath(weight)
    return _reduce(loss, reduction).astype(self.dtype)


@register("aten::binary_cross_entropy_backward")
def aten_binary_cross_entropy_backward(grad_output, self, target, weight=None, reduction=1):
    """binary_cross_entropy_backward(Tensor grad_output, Tensor self, Tensor target, Tensor? weight=None, int reduction=1) -> Tensor"""
    x, t, g = _opmath(self), _opmath(target), _opmath(grad_output)
    grad = g * (x - t) / jnp.maximum(x * (1 - x), 1e-12)
    if weight is not None:
        grad = grad * _opmath(weight)
    return _grad_norm(grad, self, reduction).astype(self.dtype)


@register("aten::binary_cross_entropy_with_logits")
def aten_binary_cross_entropy_with_logits(self, target, weight=None, pos_weight=None, reduction=1):
    """binary_cross_entropy_with_logits(Tensor self, Tensor target, Tensor? weight=None, Tensor? pos_weight=None, int reduction=1) -> Tensor"""
    x, t = _opmath(self), _opmath(target)
    log_sig = jax.nn.log_sigmoid(x)
    if pos_weight is not None:
        log_sig = log_sig * ((_opmath(pos_weight) - 1) * t + 1)
    loss = (1 - t) * x - log_sig
    if weight is not None:
        loss = loss * _opmath(weight)
    return _reduce(loss, reduction).astype(self.dtype)


@register("aten::embedding")
def aten_embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    """embedding(Tensor weight, Tensor indices, SymInt padding_idx=-1, bool scale_grad_by_freq=False, bool sparse=False) -> Tensor"""
    _check_range(indices, weight.shape[0], "index out of range in self")
    return jnp.take(weight, indices, axis=0, mode="clip")


@register("aten::embedding_dense_backward")
def aten_embedding_dense_backward(grad_output, indices, num_weights, padding_idx, scale_grad_by_freq):
    """embedding_dense_backward(Tensor grad_output, Tensor indices, SymInt num_weights, SymInt padding_idx, bool scale_grad_by_freq) -> Tensor"""
    idx = indices.reshape(-1)
    rows = _opmath(grad_output).reshape((idx.shape[0],) + grad_output.shape[indices.ndim :])
    expand = (slice(None),) + (None,) * (rows.ndim - 1)
    if scale_grad_by_freq:
        counts = jnp.zeros((num_weights,), rows.dtype).at[idx].add(1)
        rows = rows / jnp.take(counts, idx)[expand]
    if padding_idx >= 0:
        rows = jnp.where((idx != padding_idx)[expand], rows, 0)
    out = jnp.zeros((num_weights,) + rows.shape[1:], rows.dtype).at[idx].add(rows)
    return out.astype(grad_output.dtype)


@register("aten::embedding_renorm")
def aten_embedding_renorm(self, indices, max_norm, norm_type):
    """embedding_renorm(Tensor self, Tensor indices, float max_norm, float norm_type) -> Tensor"""
    # every referenced row whose norm exceeds max_norm is scaled down to it (1e-7 as torch)
    used = jnp.zeros((self.shape[0],), bool).at[indices.reshape(-1)].set(True)
    x = _opmath(self)
    # torch takes each row's norm in the weight's dtype, forms the scale in double from it and
    # multiplies by that scale rounded to the weight's dtype
    norm = _pairwise_norm(x, norm_type).astype(self.dtype).astype(jnp.float64)
    scale = jnp.where(used & (norm > max_norm), max_norm / (norm + 1e-7), 1)
    scale = scale.astype(self.dtype).astype(x.dtype)
    return (x * scale[:, None]).astype(self.dtype)


@register("aten::glu")
def aten_glu(self, dim=-1):
    """glu(Tensor self, int dim=-1) -> Tensor"""
    if self.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    if self.shape[dim] % 2:
        raise RuntimeError(
            f"Halving dimension must be even, but dimension {dim % self.ndim} is size {self.shape[dim]}"
        )
    a, b = jnp.split(_opmath(self), 2, axis=dim)
    return (a * jax.nn.sigmoid(b)).astype(self.dtype)


@register("aten::glu_backward")
def aten_glu_backward(grad_output, self, dim):
    """glu_backward(Tensor grad_output, Tensor self, int dim) -> Tensor"""
    a, b = jnp.split(_opmath(self), 2, axis=dim)
    g = _opmath(grad_output)
    sig = jax.nn.sigmoid(b)
    return jnp.concatenate([sig * g, (1 - sig) * sig * a * g], axis=dim).astype(self.dtype)


@register("aten::huber_loss")
def aten_huber_loss(self, target, reduction=1, delta=1.0):
    """huber_loss(Tensor self, Tensor target, int reduction=1, float delta=1.) -> Tensor"""
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    z = jnp.abs(_opmath(self) - _opmath(target))
    loss = jnp.where(z < delta, 0.5 * z * z, delta * (z - 0.5 * delta))
    return _reduce(loss, reduction).astype(self.dtype)


@register("aten::huber_loss_backward")
def aten_huber_loss_backward(grad_output, self, target, reduction, delta):
    """huber_loss_backward(Tensor grad_output, Tensor self, Tensor target, int reduction, float delta) -> Tensor"""
    x = _opmath(self) - _opmath(target)
    g = _grad_norm(_opmath(grad_output), self, reduction)
    grad = jnp.where(x < -delta, -g * delta, jnp.where(x > delta, g * delta, x * g))
    return grad.astype(self.dtype)


@register("aten::mse_loss")
def aten_mse_loss(self, target, reduction=1):
    """mse_loss(Tensor self, Tensor target, int reduction=1) -> Tensor"""
    d = _opmath(self) - _opmath(target)
    return _reduce(d * d, reduction).astype(self.dtype)


@register("aten::mse_loss_backward")
def aten_mse_loss_backward(grad_output, self, target, reduction):
    """mse_loss_backward(Tensor grad_output, Tensor self, Tensor target, int reduction) -> Tensor"""
    d = _opmath(self) - _opmath(target)
    grad = 2 * d * _grad_norm(_opmath(grad_output), self, reduction)
    return grad.astype(self.dtype)


@register("aten::multi_margin_loss")
def aten_multi_margin_loss(self, target, p=1, margin=1, weight=None, reduction=1):
    """multi_margin_loss(Tensor self, Tensor target, Scalar p=1, Scalar margin=1, Tensor? weight=None, int reduction=1) -> Tensor"""
    classes = _check_margin_input(self, target)
    if p not in (1, 2):
        raise RuntimeError("only p == 1 and p == 2 supported")
    n = self.shape[0] if self.ndim == 2 else 1
    if target.ndim > 1 or target.size != n:
        raise RuntimeError(
            f"multi_margin_loss: target tensor should be 1-D with size equal to the number of input "
            f"samples (batch size). Expected target size [{n}], but got {list(target.shape)}."
        )
    if weight is not None and (weight.ndim > 1 or weight.size != classes):
        raise RuntimeError(f"inconsistent weight size, expected {classes} but got {list(weight.shape)}")
    rows = _multi_margin_rows(target, int(p), margin, weight)
    return _margin_losses(self, rows, reduction, target.shape).astype(self.dtype)


@register("aten::multi_margin_loss_backward")
def aten_multi_margin_loss_backward(grad_output, self, target, p, margin, weight=None, reduction=1):
    """multi_margin_loss_backward(Tensor grad_output, Tensor self, Tensor target, Scalar p, Scalar margin, Tensor? weight=None, int reduction=Mean) -> Tensor"""
    rows = _multi_margin_rows(target, int(p), margin, weight)
    return _margin_loss_backward(grad_output, self, rows, reduction, target.shape)


@register("aten::multilabel_margin_loss_forward")
def aten_multilabel_margin_loss_forward(self, target, reduction):
    """multilabel_margin_loss_forward(Tensor self, Tensor target, int reduction) -> (Tensor output, Tensor is_target)"""
    classes = _check_margin_input(self, target)
    if target.shape != self.shape:
        raise RuntimeError(
            f"inconsistent target size: {list(target.shape)} for input of size: {list(self.shape)}"
        )
    rows = _multilabel_margin_rows(target)
    loss = _margin_losses(self, rows, reduction, self.shape[:-1]).astype(self.dtype)
    _, _, is_target = _multilabel_targets(target, classes)
    return loss, is_target.reshape(target.shape).astype(self.dtype)


@register("aten::multilabel_margin_loss_backward")
def aten_multilabel_margin_loss_backward(grad_output, self, target, reduction, is_target):
    """multilabel_margin_loss_backward(Tensor grad_output, Tensor self, Tensor target, int reduction, Tensor is_target) -> Tensor"""
    rows = _multilabel_margin_rows(target)
    return _margin_loss_backward(grad_output, self, rows, reduction, self.shape[:-1])


@register("aten::nll_loss2d_backward")
def aten_nll_loss2d_backward(grad_output, self, target, weight, reduction, ignore_index, total_weight):
    """nll_loss2d_backward(Tensor grad_output, Tensor self, Tensor target, Tensor? weight, int reduction, SymInt ignore_index, Tensor total_weight) -> Tensor"""
    return _nll_backward(grad_output, self, target, weight, reduction, ignore_index, total_weight)


@register("aten::nll_loss2d_forward")
def aten_nll_loss2d_forward(self, target, weight, reduction, ignore_index):
    """nll_loss2d_forward(Tensor self, Tensor target, Tensor? weight, int reduction, SymInt ignore_index) -> (Tensor output, Tensor total_weight)"""
    return _nll_forward(self, target, weight, reduction, ignore_index)


@register("aten::nll_loss_backward")
def aten_nll_loss_backward(grad_output, self, target, weight, reduction, ignore_index, total_weight):
    """nll_loss_backward(Tensor grad_output, Tensor self, Tensor target, Tensor? weight, int reduction, SymInt ignore_index, Tensor total_weight) -> Tensor"""
    return _nll_backward(grad_output, self, target, weight, reduction, ignore_index, total_weight)


@register("aten::nll_loss_forward")
def aten_nll_loss_forward(self, target, weight, reduction, ignore_index):
    """nll_loss_forward(Tensor self, Tensor target, Tensor? weight, int reduction, SymInt ignore_index) -> (Tensor output, Tensor total_weight)"""
    return _nll_forward(self, target, weight, reduction, ignore_index)


@register("aten::segment_reduce")
def aten_segment_reduce(
    data, reduce, *, lengths=None, indices=None, offsets=None, axis=0, unsafe=False, initial=None
):
    """segment_reduce(Tensor data, str reduce, *, Tensor? lengths=None, Tensor? indices=None, Tensor? offsets=None, int axis=0, bool unsafe=False, Scalar? initial=None) -> Tensor"""
    if indices is not None:
        raise RuntimeError("segment_reduce(): indices based reduction is not supported yet.")
    return _segment_reduce(data, reduce, lengths, offsets, axis, unsafe, initial)


@register("aten::smooth_l1_loss")
def aten_smooth_l1_loss(self, target, reduction=1, beta=1.0):
    """smooth_l1_loss(Tensor self, Tensor target, int reduction=1, float beta=1.) -> Tensor"""
    z = jnp.abs(_opmath(self) - _opmath(target))
    loss = z if beta == 0 else jnp.where(z < beta, 0.5 * z * z / beta, z - 0.5 * beta)
    return _reduce(loss, reduction).astype(self.dtype)


@register("aten::smooth_l1_loss_backward")
def aten_smooth_l1_loss_backward(grad_output, self, target, reduction, beta):
    """smooth_l1_loss_backward(Tensor grad_output, Tensor self, Tensor target, int reduction, float beta) -> Tensor"""
    x = _opmath(self) - _opmath(target)
    g = _grad_norm(_opmath(grad_output), self, reduction)
    grad = jnp.where(jnp.abs(x) < beta, g * x / (beta or 1), g * jnp.sign(x))
    return grad.astype(self.dtype)
