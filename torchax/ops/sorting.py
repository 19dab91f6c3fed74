"""Sorting and selection: sort, topk, kthvalue, mode, median."""

from __future__ import annotations
