"""OpInfos that call core ATen overloads as such, for those no entry of op_db dispatches.

PyTorch decomposes some core overloads before any dispatch mode sees them (sym_size.int,
upsample_bilinear2d.vec, var.dim, ...: CompositeImplicitAutograd) or never calls them from its
Python API (div.Scalar_mode, atan2.out, copy, randperm); exported graphs call them directly.
Each OpInfo here calls `torch.ops.aten.<overload>` on its samples, so the harness compares our
lowering of exactly that overload with CPU PyTorch's kernel. Names are "aten.<overload>".
"""

from __future__ import annotations

import functools
import itertools

import torch
from torch.testing import make_tensor
from torch.testing._internal.common_dtype import (
    all_types_and,
    all_types_and_complex_and,
    floating_and_complex_types_and,
    floating_types_and,
)
from torch.testing._internal.opinfo.core import ErrorInput, OpInfo, SampleInput

ALL = all_types_and_complex_and(torch.bool, torch.float16, torch.bfloat16)
SHAPES = ((), (0,), (5,), (2, 3), (2, 0, 4), (1, 3, 1, 2))


def _maker(device, dtype, requires_grad=False):
    return functools.partial(make_tensor, device=device, dtype=dtype, requires_grad=requires_grad)


def _layouts(op, device, dtype, requires_grad, **kwargs):
    """Tensors of several shapes (zero-dim and empty among them), with each dim where one is asked."""
    make = _maker(device, dtype)
    takes_dim = op.name in ("aten.sym_size.int", "aten.sym_stride.int")
    for shape in SHAPES:
        dims = range(-len(shape), len(shape)) if takes_dim else [None]
        for dim in dims:
            yield SampleInput(make(shape), args=() if dim is None else (dim,))


def _layout_errors(op, device, **kwargs):
    """size() and stride() of a zero-dim tensor take no dim, not even 0 or -1."""
    for dim in (0, -1):
        sample = SampleInput(make_tensor((), device=device, dtype=torch.float32), args=(dim,))
        yield ErrorInput(sample, error_type=IndexError, error_regex="tensor has no dimensions")


def _copy(op, device, dtype, requires_grad, **kwargs):
    """copy(self, src): src broadcast to self's shape, in self's dtype."""
    make = _maker(device, dtype)
    for shape, src_shape in (((2, 3), (2, 3)), ((2, 3), (3,)), ((4, 1, 2), (1, 2)), ((), ()), ((0, 2), (2,))):
        yield SampleInput(make(shape), args=(make(src_shape),))
    yield SampleInput(make((3,)), args=(make((3,), dtype=torch.float64),))  # src in another dtype


def _atan2_out(op, device, dtype, requires_grad, **kwargs):
    make = _maker(device, dtype)
    result = torch.result_type(torch.ones((), dtype=dtype), 1.0)
    for shape, other in (((5,), (5,)), ((2, 3), (3,)), ((), ()), ((0, 3), (3,))):
        a, b = make(shape), make(other)
        out = torch.empty(torch.broadcast_shapes(shape, other), dtype=result, device=device)
        yield SampleInput(a, args=(b,), kwargs={"out": out})


def _div_scalar_mode(op, device, dtype, requires_grad, **kwargs):
    make = _maker(device, dtype, requires_grad)
    scalars = (3, -2, 7) if not dtype.is_floating_point else (3, -2.5, 0.5)
    for mode, scalar, shape in itertools.product((None, "trunc", "floor"), scalars, ((), (4, 5))):
        if mode is None and not dtype.is_floating_point:
            continue  # true division of an integer tensor by a number is div.Scalar's
        yield SampleInput(make(shape, exclude_zero=True), args=(scalar,), kwargs={"rounding_mode": mode})


def _randperm(op, device, dtype, requires_grad, **kwargs):
    for n in (0, 1, 10, 100):
        yield SampleInput(n, kwargs={"dtype": dtype, "device": device})


def _var_dim(op, device, dtype, requires_grad, **kwargs):
    make = _maker(device, dtype)
    for shape, dim, unbiased, keepdim in (
        ((4, 5), [1], True, False),
        ((4, 5), [0, 1], False, True),
        ((3, 4, 5), None, True, False),
        ((3, 4, 5), [-1], False, False),
        ((6,), [0], True, True),
        ((2, 0, 3), [2], True, False),
    ):
        yield SampleInput(make(shape), args=(dim, unbiased, keepdim))


def _avg_pool1d(op, device, dtype, requires_grad, **kwargs):
    make = _maker(device, dtype)
    for shape, kernel, stride, padding, ceil_mode, include_pad in (
        ((2, 3, 9), [3], [], [0], False, True),
        ((2, 3, 9), [3], [2], [1], False, True),
        ((2, 3, 10), [4], [3], [2], True, False),
        ((3, 7), [2], [1], [1], True, True),
        ((1, 2, 5), [5], [5], [0], False, False),
    ):
        yield SampleInput(make(shape), args=(kernel, stride, padding, ceil_mode, include_pad))


def _adaptive_avg_pool1d(op, device, dtype, requires_grad, **kwargs):
    make = _maker(device, dtype)
    for shape, size in (((2, 3, 9), [3]), ((2, 3, 7), [4]), ((3, 10), [1]), ((1, 2, 5), [7])):
        yield SampleInput(make(shape), args=(size,))


def _upsample2d(op, device, dtype, requires_grad, **kwargs):
    """upsample_*2d.vec(input, output_size, [align_corners,] scale_factors): one of the two sizes."""
    make = _maker(device, dtype)
    corners = (False, True) if "bilinear" in op.name else (None,)
    for shape, size, scales in (
        ((1, 2, 4, 5), [8, 10], None),
        ((2, 1, 5, 3), [3, 7], None),
        ((1, 3, 4, 4), None, [2.0, 2.0]),
        ((1, 1, 6, 5), None, [0.5, 1.7]),
    ):
        for align in corners:
            args = (size, scales) if align is None else (size, align, scales)
            yield SampleInput(make(shape), args=args)


def _direct(overload: str, samples, dtypes, **kwargs) -> OpInfo:
    packet, _, name = overload.partition(".")
    op = getattr(getattr(torch.ops.aten, packet), name or "default")
    return OpInfo(
        "aten." + overload,
        op=op,
        dtypes=dtypes,
        sample_inputs_func=samples,
        supports_autograd=False,  # autograd records the decomposition of these (PyTorch's path)
        supports_out=False,
        **kwargs,
    )


FLOATING = floating_types_and(torch.float16, torch.bfloat16)
direct_op_db: list[OpInfo] = [
    _direct("adaptive_avg_pool1d", _adaptive_avg_pool1d, FLOATING),
    _direct("atan2.out", _atan2_out, all_types_and(torch.bool, torch.float16, torch.bfloat16)),
    _direct("avg_pool1d", _avg_pool1d, FLOATING),
    _direct("copy", _copy, ALL),
    _direct("div.Scalar_mode", _div_scalar_mode, all_types_and(torch.float16, torch.bfloat16)),
    _direct("randperm", _randperm, all_types_and(torch.float16, torch.bfloat16)),
    _direct("sym_is_contiguous", _layouts, ALL),
    _direct("sym_numel", _layouts, ALL),
    _direct("sym_size.int", _layouts, ALL, error_inputs_func=_layout_errors),
    _direct("sym_storage_offset", _layouts, ALL),
    _direct("sym_stride.int", _layouts, ALL, error_inputs_func=_layout_errors),
    _direct("upsample_bilinear2d.vec", _upsample2d, FLOATING),
    _direct("upsample_nearest2d.vec", _upsample2d, FLOATING),
    _direct("var.dim", _var_dim, floating_and_complex_types_and(torch.float16, torch.bfloat16)),
]
