"""The lowerings, one module per family; importing this package registers them all."""

from torchax.ops import creation, linalg, pointwise, random, reduction, shape  # noqa: F401
