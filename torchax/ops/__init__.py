"""The lowerings, one module per family; importing this package registers them all."""

from torchax.ops import (  # noqa: F401
    conv,
    creation,
    fft,
    indexing,
    linalg,
    nn,
    norm,
    pointwise,
    pool,
    random,
    reduction,
    resample,
    shape,
    sorting,
    special,
)
