"""Pooling (max, average, adaptive) and their backward ops."""

from __future__ import annotations
