"""Conversion processors: tabular, sitemap, svg_pptx and generate.

Each is plain Python (bytes and options in, a result out) with an optional batch-level
``finish`` step that turns the per-document outputs into the batch's files (one deck from
many slides, one merged table, one sitemap set for the whole batch).
"""
