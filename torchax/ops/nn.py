"""Neural-network ops: softmax, embedding, distances, losses."""

from __future__ import annotations
