"""The conformance harness: every OpInfo, dtype and sample on the jax device against CPU PyTorch."""
