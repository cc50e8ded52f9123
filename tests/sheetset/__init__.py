"""Invoices and purchase orders made in spreadsheets, written apart from the engine.

Each document is an XLSX built with openpyxl and printed to PDF by LibreOffice Calc; some are then
scanned. See README.md: ``python -m tests.sheetset.generate OUT_DIR --seed N``.
"""
