"""Upsampling, padding and grid sampling."""

from __future__ import annotations
