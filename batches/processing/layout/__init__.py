"""One layout model for every format: pages → lines → words, each word with its box.

Readers (PDF character boxes, OCR, DOCX/HTML/XLSX structure, plain text) all produce a
:class:`~batches.processing.layout.model.Layout`; the extractor reads only that.
"""
