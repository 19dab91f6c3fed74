"""Indexing: gather, scatter, index, index_put, masked ops, nonzero."""

from __future__ import annotations
