"""Convolution and its backward, im2col and col2im."""

from __future__ import annotations
