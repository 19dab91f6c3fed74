"""Random lowerings: each receives a fresh PRNG key from the environment as `key`.

A `generator=` argument is accepted and not read here: the runtime chooses the key."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
from jax import lax

from torchax.ops._helpers import default_float, dtype_name, shape_of, traced
from torchax.ops.creation import convert
from torchax.registry import Kind, register

# -- shared rules --------------------------------------------------------------------------


def _float_dtype(name, dtype) -> jnp.dtype:
    dtype = jnp.dtype(dtype)
    if not jnp.issubdtype(dtype, jnp.floating):
        raise RuntimeError(f"\"{name}\" not implemented for '{dtype_name(dtype)}'")
    return dtype


def _complex_parts(draw_part, key, shape, dtype):
    """A complex draw as torch makes it: real and imaginary parts drawn independently."""
    part = jnp.finfo(dtype).dtype
    re_key, im_key = jax.random.split(key)
    return lax.complex(draw_part(re_key, shape, part), draw_part(im_key, shape, part)).astype(dtype)


def _uniform(key, shape, dtype, low=0.0, high=1.0):
    """Uniform in [low, high) in a float dtype (drawn in float32 at least, then rounded); for a
    complex dtype, each part so."""
    if jnp.issubdtype(dtype, jnp.complexfloating):
        return _complex_parts(lambda k, sh, d: _uniform(k, sh, d, low, high), key, shape, dtype)
    dtype = _float_dtype("check_uniform_bounds", dtype)
    draw = jnp.promote_types(dtype, jnp.float32)
    return jax.random.uniform(key, shape, draw, low, high).astype(dtype)


def _normal(key, shape, dtype, mean=0.0, std=1.0):
    """mean + std * N(0, 1). For a complex dtype, as torch: std times a standard complex normal
    draw (each part N(0, 1/2)), shifted by a tensor mean, or by a number mean in each part."""
    if isinstance(std, int | float) and std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    if jnp.issubdtype(dtype, jnp.complexfloating):
        unit = _complex_parts(lambda k, sh, d: _normal(k, sh, d, 0.0, math.sqrt(0.5)), key, shape, dtype)
        shift = complex(mean, mean) if isinstance(mean, int | float) else mean
        return (shift + std * unit).astype(dtype)
    dtype = _float_dtype("normal", dtype)
    draw = jnp.promote_types(dtype, jnp.float32)
    return (mean + std * jax.random.normal(key, shape, draw)).astype(dtype)


def _open_unit(key, shape, dtype):
    """Uniform in (0, 1]: safe to take the log of."""
    return 1.0 - jax.random.uniform(key, shape, jnp.promote_types(dtype, jnp.float32))


def _integers(key, shape, low, high, dtype):
    """Integers uniform in [low, high), drawn as int64 and converted to `dtype`."""
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    return convert(jax.random.randint(key, shape, low, high, jnp.int64), dtype)


def _random_bound(dtype) -> int:
    """torch's exclusive upper bound of random_() with no range: 2**mantissa + 1 for floats,
    max + 1 for integers (int64's max is left out: the draw is int64)."""
    dtype = jnp.dtype(dtype)
    if dtype == jnp.bool_:
        return 2
    if jnp.issubdtype(dtype, jnp.floating):
        return 2 ** (jnp.finfo(dtype).nmant + 1) + 1
    return min(int(jnp.iinfo(dtype).max) + 1, int(jnp.iinfo(jnp.int64).max))


def _bernoulli(key, shape, p, dtype):
    draw = jnp.promote_types(jnp.result_type(p), jnp.float32) if hasattr(p, "dtype") else jnp.float32
    return (jax.random.uniform(key, shape, draw) < p).astype(dtype)


def _check_weights(p, replacement: bool) -> None:
    """multinomial's weights: finite, >= 0, a positive sum per distribution."""
    flags = jnp.stack([jnp.any(~(p >= 0)), jnp.any(jnp.isinf(p)), jnp.any(jnp.sum(p, axis=-1) <= 0)])
    negative, infinite, no_mass = (bool(f) for f in jax.device_get(flags))  # one transfer
    if not replacement and (negative or infinite):
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if negative:
        raise RuntimeError("invalid multinomial distribution (encountering probability entry < 0)")
    if infinite:
        raise RuntimeError(
            "invalid multinomial distribution (encountering probability entry = infinity or NaN)"
        )
    if no_mass:
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")


# -- lowerings, alphabetical by op -----------------------------------------------------------


@register("aten::bernoulli", kind=Kind.RANDOM)
def aten_bernoulli(self, *, generator=None, key):
    """bernoulli(Tensor self, *, Generator? generator=None) -> Tensor"""
    return _bernoulli(key, self.shape, self, self.dtype)


@register("aten::bernoulli.p", kind=Kind.RANDOM)
def aten_bernoulli_p(self, p, *, generator=None, key):
    """bernoulli.p(Tensor self, float p, *, Generator? generator=None) -> Tensor"""
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
    return _bernoulli(key, self.shape, p, self.dtype)


@register("aten::bernoulli.Tensor", kind=Kind.RANDOM)
def aten_bernoulli_tensor(self, p, *, generator=None, key):
    """bernoulli.Tensor(Tensor self, Tensor p, *, Generator? generator=None) -> Tensor"""
    return _bernoulli(key, self.shape, jnp.broadcast_to(p, self.shape), self.dtype)


@register("aten::cauchy", kind=Kind.RANDOM)
def aten_cauchy(self, median=0.0, sigma=1.0, *, generator=None, key):
    """cauchy(Tensor self, float median=0., float sigma=1., *, Generator? generator=None) -> Tensor"""
    dtype = _float_dtype("cauchy", self.dtype)
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma}")
    u = jax.random.uniform(key, self.shape, jnp.promote_types(dtype, jnp.float32))
    return (median + sigma * jnp.tan(math.pi * (u - 0.5))).astype(dtype)


@register("aten::exponential", kind=Kind.RANDOM)
def aten_exponential(self, lambd=1.0, *, generator=None, key):
    """exponential(Tensor self, float lambd=1., *, Generator? generator=None) -> Tensor"""
    dtype = _float_dtype("exponential", self.dtype)
    if lambd <= 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    return (-jnp.log(_open_unit(key, self.shape, dtype)) / lambd).astype(dtype)


@register("aten::geometric", kind=Kind.RANDOM)
def aten_geometric(self, p, *, generator=None, key):
    """geometric(Tensor self, float p, *, Generator? generator=None) -> Tensor"""
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p}")
    trials = jnp.ceil(jnp.log(_open_unit(key, self.shape, jnp.float32)) / math.log1p(-p))
    return convert(jnp.maximum(trials, 1), self.dtype)


@register("aten::log_normal", kind=Kind.RANDOM)
def aten_log_normal(self, mean=1.0, std=2.0, *, generator=None, key):
    """log_normal(Tensor self, float mean=1., float std=2., *, Generator? generator=None) -> Tensor"""
    dtype = _float_dtype("log_normal", self.dtype)
    if std <= 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std}")
    return jnp.exp(_normal(key, self.shape, jnp.promote_types(dtype, jnp.float32), mean, std)).astype(dtype)


@register("aten::multinomial", kind=Kind.RANDOM)
def aten_multinomial(self, num_samples, replacement=False, *, generator=None, key):
    """multinomial(Tensor self, SymInt num_samples, bool replacement=False, *, Generator? generator=None) -> Tensor"""
    if self.ndim not in (1, 2):
        raise RuntimeError(f"prob_dist must be 1 or 2 dim, got {self.ndim}")
    if not jnp.issubdtype(self.dtype, jnp.floating):
        raise RuntimeError(
            f"multinomial only supports floating-point dtypes for input, got: {dtype_name(self.dtype)}"
        )
    n = self.shape[-1]
    if num_samples <= 0:
        raise RuntimeError(f"cannot sample n_sample <= 0 samples (got {num_samples})")
    if not replacement and num_samples > n:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if n > 2**24:
        raise RuntimeError("number of categories cannot exceed 2^24")
    if not traced(self):  # eagerly the weights are known: checked as CPU PyTorch checks them
        _check_weights(self, replacement)
    logits = jnp.log(self.astype(jnp.promote_types(self.dtype, jnp.float32)))
    if replacement:
        shape = (*self.shape[:-1], num_samples)
        out = jax.random.categorical(key, logits[..., None, :], axis=-1, shape=shape)
    else:  # Gumbel top-k: sampling without replacement in proportion to the weights
        perturbed = logits + jax.random.gumbel(key, logits.shape, logits.dtype)
        out = jax.lax.top_k(perturbed, num_samples)[1]
    return out.astype(jnp.int64)


@register("aten::native_dropout", kind=Kind.RANDOM)
def aten_native_dropout(input, p, train, *, key):
    """native_dropout(Tensor input, float p, bool? train) -> (Tensor, Tensor)"""
    if train is False or p == 0:  # train=None counts as training, as in torch
        return input, jnp.ones(input.shape, jnp.bool_)
    keep = jax.random.bernoulli(key, 1 - p, input.shape)
    scale = 1 / (1 - p) if p < 1 else 0.0
    return jnp.where(keep, input * scale, 0).astype(input.dtype), keep


@register("aten::normal.float_float", kind=Kind.RANDOM)
def aten_normal_float_float(
    mean, std, size, *, generator=None, dtype=None, layout=None, device=None, pin_memory=None, key
):
    """normal.float_float(float mean, float std, SymInt[] size, *, Generator? generator=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _normal(key, shape_of(size), default_float(dtype), mean, std)


@register("aten::normal.float_Tensor", kind=Kind.RANDOM)
def aten_normal_float_tensor(mean, std, *, generator=None, key):
    """normal.float_Tensor(float mean, Tensor std, *, Generator? generator=None) -> Tensor"""
    return _normal(key, std.shape, std.dtype, mean, std)


@register("aten::normal.Tensor_float", kind=Kind.RANDOM)
def aten_normal_tensor_float(mean, std=1.0, *, generator=None, key):
    """normal.Tensor_float(Tensor mean, float std=1., *, Generator? generator=None) -> Tensor"""
    return _normal(key, mean.shape, mean.dtype, mean, std)


@register("aten::normal.Tensor_Tensor", kind=Kind.RANDOM)
def aten_normal_tensor_tensor(mean, std, *, generator=None, key):
    """normal.Tensor_Tensor(Tensor mean, Tensor std, *, Generator? generator=None) -> Tensor"""
    shape = jnp.broadcast_shapes(mean.shape, std.shape)
    return _normal(key, shape, jnp.result_type(mean, std), mean, std)


@register("aten::normal_functional", kind=Kind.RANDOM)
def aten_normal_functional(self, mean=0.0, std=1.0, *, generator=None, key):
    """normal_functional(Tensor self, float mean=0., float std=1., *, Generator? generator=None) -> Tensor"""
    return _normal(key, self.shape, self.dtype, mean, std)


@register("aten::poisson", kind=Kind.RANDOM)
def aten_poisson(self, generator=None, *, key):
    """poisson(Tensor self, Generator? generator=None) -> Tensor"""
    rate = self.astype(jnp.promote_types(self.dtype, jnp.float32))
    return jax.random.poisson(key, rate, self.shape).astype(self.dtype)


@register("aten::rand", kind=Kind.RANDOM)
def aten_rand(size, *, dtype=None, layout=None, device=None, pin_memory=None, key):
    """rand(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _uniform(key, shape_of(size), default_float(dtype))


@register("aten::rand.generator", kind=Kind.RANDOM)
def aten_rand_generator(size, *, generator, dtype=None, layout=None, device=None, pin_memory=None, key):
    """rand.generator(SymInt[] size, *, Generator? generator, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _uniform(key, shape_of(size), default_float(dtype))


@register("aten::rand_like", kind=Kind.RANDOM)
def aten_rand_like(self, *, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None, key):
    """rand_like(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor"""
    return _uniform(key, self.shape, self.dtype if dtype is None else dtype)


@register("aten::rand_like.generator", kind=Kind.RANDOM)
def aten_rand_like_generator(
    self, *, generator, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None, key
):
    """rand_like.generator(Tensor self, *, Generator? generator, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor"""
    return _uniform(key, self.shape, self.dtype if dtype is None else dtype)


@register("aten::randint", kind=Kind.RANDOM)
def aten_randint(high, size, *, dtype=None, layout=None, device=None, pin_memory=None, key):
    """randint(SymInt high, SymInt[] size, *, ScalarType? dtype=4, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _integers(key, shape_of(size), 0, high, jnp.int64 if dtype is None else dtype)


@register("aten::randint.generator", kind=Kind.RANDOM)
def aten_randint_generator(
    high, size, *, generator, dtype=None, layout=None, device=None, pin_memory=None, key
):
    """randint.generator(SymInt high, SymInt[] size, *, Generator? generator, ScalarType? dtype=4, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _integers(key, shape_of(size), 0, high, jnp.int64 if dtype is None else dtype)


@register("aten::randint.low", kind=Kind.RANDOM)
def aten_randint_low(low, high, size, *, dtype=None, layout=None, device=None, pin_memory=None, key):
    """randint.low(SymInt low, SymInt high, SymInt[] size, *, ScalarType? dtype=4, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _integers(key, shape_of(size), low, high, jnp.int64 if dtype is None else dtype)


@register("aten::randint.low_generator", kind=Kind.RANDOM)
def aten_randint_low_generator(
    low, high, size, *, generator, dtype=None, layout=None, device=None, pin_memory=None, key
):
    """randint.low_generator(SymInt low, SymInt high, SymInt[] size, *, Generator? generator, ScalarType? dtype=4, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _integers(key, shape_of(size), low, high, jnp.int64 if dtype is None else dtype)


@register("aten::randint_like", kind=Kind.RANDOM)
def aten_randint_like(
    self, high, *, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None, key
):
    """randint_like(Tensor self, SymInt high, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor"""
    return _integers(key, self.shape, 0, high, self.dtype if dtype is None else dtype)


@register("aten::randint_like.low_dtype", kind=Kind.RANDOM)
def aten_randint_like_low_dtype(
    self, low, high, *, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None, key
):
    """randint_like.low_dtype(Tensor self, SymInt low, SymInt high, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor"""
    return _integers(key, self.shape, low, high, self.dtype if dtype is None else dtype)


@register("aten::randint_like.Tensor", kind=Kind.RANDOM)
def aten_randint_like_tensor(
    self, high, *, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None, key
):
    """randint_like.Tensor(Tensor self, Tensor high, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor"""
    dtype = self.dtype if dtype is None else dtype
    return convert(jax.random.randint(key, self.shape, 0, high.astype(jnp.int64), jnp.int64), dtype)


@register("aten::randn", kind=Kind.RANDOM)
def aten_randn(size, *, dtype=None, layout=None, device=None, pin_memory=None, key):
    """randn(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _normal(key, shape_of(size), default_float(dtype))


@register("aten::randn.generator", kind=Kind.RANDOM)
def aten_randn_generator(size, *, generator, dtype=None, layout=None, device=None, pin_memory=None, key):
    """randn.generator(SymInt[] size, *, Generator? generator, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return _normal(key, shape_of(size), default_float(dtype))


@register("aten::randn_like", kind=Kind.RANDOM)
def aten_randn_like(self, *, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None, key):
    """randn_like(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor"""
    return _normal(key, self.shape, self.dtype if dtype is None else dtype)


@register("aten::randn_like.generator", kind=Kind.RANDOM)
def aten_randn_like_generator(
    self, *, generator, dtype=None, layout=None, device=None, pin_memory=None, memory_format=None, key
):
    """randn_like.generator(Tensor self, *, Generator? generator, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor"""
    return _normal(key, self.shape, self.dtype if dtype is None else dtype)


@register("aten::random", kind=Kind.RANDOM)
def aten_random(self, *, generator=None, key):
    """random(Tensor self, *, Generator? generator=None) -> Tensor"""
    return _integers(key, self.shape, 0, _random_bound(self.dtype), self.dtype)


@register("aten::random.from", kind=Kind.RANDOM)
def aten_random_from(self, from_, to, *, generator=None, key):
    """random.from(Tensor self, int from, int? to, *, Generator? generator=None) -> Tensor"""
    return _integers(key, self.shape, from_, _random_bound(self.dtype) if to is None else to, self.dtype)


@register("aten::random.to", kind=Kind.RANDOM)
def aten_random_to(self, to, *, generator=None, key):
    """random.to(Tensor self, int to, *, Generator? generator=None) -> Tensor"""
    return _integers(key, self.shape, 0, to, self.dtype)


@register("aten::randperm", kind=Kind.RANDOM)
def aten_randperm(n, *, dtype=None, layout=None, device=None, pin_memory=None, key):
    """randperm(SymInt n, *, ScalarType? dtype=4, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return convert(jax.random.permutation(key, n), jnp.int64 if dtype is None else dtype)


@register("aten::randperm.generator", kind=Kind.RANDOM)
def aten_randperm_generator(n, *, generator, dtype=None, layout=None, device=None, pin_memory=None, key):
    """randperm.generator(SymInt n, *, Generator? generator, ScalarType? dtype=4, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor"""
    return convert(jax.random.permutation(key, n), jnp.int64 if dtype is None else dtype)


@register("aten::rrelu_with_noise_functional", kind=Kind.RANDOM)
def aten_rrelu_with_noise_functional(
    self, noise, lower=0.125, upper=1.0 / 3.0, training=False, generator=None, *, key
):
    """rrelu_with_noise_functional(Tensor self, Tensor noise, Scalar lower=0.125, Scalar upper=0.33333333333333331, bool training=False, Generator? generator=None) -> (Tensor, Tensor noise_out)"""
    dtype = _float_dtype("rrelu_with_noise", self.dtype)
    if not training:  # the mean slope (half precision multiplied in float32), noise untouched
        wide = jnp.promote_types(dtype, jnp.float32)
        scaled = (self.astype(wide) * jnp.asarray((lower + upper) / 2, wide)).astype(dtype)
        return jnp.where(self > 0, self, scaled), noise
    # training: each element <= 0 scaled by its own slope drawn from [lower, upper), kept as noise
    slopes = _uniform(key, self.shape, dtype, lower, upper)
    return jnp.where(self <= 0, self * slopes, self), jnp.where(self <= 0, slopes, 1).astype(noise.dtype)


@register("aten::uniform", kind=Kind.RANDOM)
def aten_uniform(self, from_=0.0, to=1.0, *, generator=None, key):
    """uniform(Tensor self, float from=0., float to=1., *, Generator? generator=None) -> Tensor"""
    if from_ > to:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={from_} > to={to}")
    return _uniform(key, self.shape, self.dtype, from_, to)
