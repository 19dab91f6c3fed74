"""The table of lowerings: `register`, name resolution against torch.ops.aten, and queries."""

from torchax.registry._manifest import entry, key_dtype, known_failures
from torchax.registry._promotion import Promotion
from torchax.registry._table import (
    Kind,
    Lowering,
    RegistrationError,
    core_aten_overloads,
    get,
    lowerings,
    missing_core,
    name_of,
    register,
    resolve,
)

__all__ = [
    "Kind",
    "Lowering",
    "Promotion",
    "RegistrationError",
    "core_aten_overloads",
    "entry",
    "get",
    "key_dtype",
    "known_failures",
    "lowerings",
    "missing_core",
    "name_of",
    "register",
    "resolve",
]
