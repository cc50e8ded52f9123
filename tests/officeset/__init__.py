"""Invoices printed by real producers (Chromium, LibreOffice), written apart from the engine.

See README.md: ``python -m tests.officeset.generate OUT_DIR --seed N``.
"""
