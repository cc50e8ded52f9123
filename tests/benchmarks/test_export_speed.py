"""100,000 line-item rows to XLSX and CSV, against raw xlsxwriter in constant-memory mode.

Run: .venv/bin/python -m pytest tests/benchmarks/test_export_speed.py -s -o addopts=""
Each writer runs in its own forked process so its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import tempfile
import time

DOCUMENTS, ITEMS = 10_000, 10  # 100,000 item rows


def _documents():
    for d in range(DOCUMENTS):
        yield {
            "filename": f"invoice-{d:05d}.pdf",
            "status": "succeeded",
            "document_type": "invoice",
            "sources": {},
            "error": None,
            "duration_ms": 12,
            "data": {
                "invoice_number": f"INV-{d:05d}",
                "invoice_date": "2025-03-03",
                "vendor_name": "Acme Ltd",
                "total": f"{d}.50",
                "line_items": [
                    {
                        "description": f"Item {i} of order {d}",
                        "quantity": i + 1,
                        "unit_price": "12.34",
                        "amount": f"{12.34 * (i + 1):.2f}",
                    }
                    for i in range(ITEMS)
                ],
            },
        }


def _ours(kind: str, path: str) -> None:
    from exports import writers

    plan = writers.plan_columns(_documents(), items_field="line_items")
    with open(path, "wb") as out:
        write = writers.write_xlsx if kind == "xlsx" else writers.write_csv
        write(_documents(), out, plan=plan, layout="items", items_field="line_items")


def _raw_xlsxwriter(path: str) -> None:
    import datetime

    import xlsxwriter

    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    money = workbook.add_format({"num_format": "#,##0.00"})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    row = 1
    for doc in _documents():
        data = doc["data"]
        for item in data["line_items"]:
            # the same cells our writer writes for these rows (empty error columns stay empty)
            sheet.write_string(row, 0, doc["filename"])
            sheet.write_string(row, 1, doc["status"])
            sheet.write_string(row, 2, doc["document_type"])
            sheet.write_string(row, 5, data["invoice_number"])
            sheet.write_datetime(row, 6, datetime.datetime.fromisoformat(data["invoice_date"]), date)
            sheet.write_string(row, 7, data["vendor_name"])
            sheet.write_number(row, 8, float(data["total"]), money)
            sheet.write_string(row, 9, item["description"])
            sheet.write_number(row, 10, item["quantity"])
            sheet.write_number(row, 11, float(item["unit_price"]), money)
            sheet.write_number(row, 12, float(item["amount"]), money)
            row += 1
    workbook.close()


def _measure(target, *args) -> tuple[float, float, float]:
    def run(queue) -> None:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        django.setup()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        target(*args)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        queue.put((time.perf_counter() - started, (peak - before) / 1024, peak / 1024))

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=run, args=(queue,))
    process.start()
    result = queue.get()
    process.join()
    return result


def test_export_speed_and_memory():
    with tempfile.TemporaryDirectory() as folder:
        raw = _measure(_raw_xlsxwriter, f"{folder}/raw.xlsx")
        xlsx = _measure(_ours, "xlsx", f"{folder}/ours.xlsx")
        csv = _measure(_ours, "csv", f"{folder}/ours.csv")
    print(
        f"\n100,000 line-item rows: raw xlsxwriter constant_memory {raw[0]:.2f} s (peak {raw[2]:.0f} MB); "
        f"our XLSX {xlsx[0]:.2f} s (peak {xlsx[2]:.0f} MB, +{xlsx[1]:.0f} MB while writing), "
        f"{raw[0] / xlsx[0]:.2f} of xlsxwriter's speed; our CSV {csv[0]:.2f} s (peak {csv[2]:.0f} MB)"
    )
