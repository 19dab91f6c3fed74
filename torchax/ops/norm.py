"""Normalisation: batch, layer, group norm and their backward ops."""

from __future__ import annotations
