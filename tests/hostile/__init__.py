"""Hostile inputs built by code, so every attack file is reproducible and reviewable (no blobs)."""
