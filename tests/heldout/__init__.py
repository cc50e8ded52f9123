"""Held-out extraction test set: a deterministic generator of documents written apart from the engine.

Run ``python -m tests.heldout.generate OUT_DIR [--seed N]``; see ``tests/heldout/README.md``.
"""
