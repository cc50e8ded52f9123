"""Prompt templates per document type (quick-starts in the wizard, used by the ``auto`` strategy)."""

from __future__ import annotations

TEMPLATE_FIELDS: dict[str, list[str]] = {
    "invoice": [
        "invoice_number",
        "invoice_date",
        "due_date",
        "vendor_name",
        "customer_name",
        "currency",
        "subtotal",
        "tax",
        "total",
        "line_items(description, quantity, unit_price, amount)",
    ],
    "receipt": ["merchant_name", "date", "total", "payment_method", "currency"],
    "purchase_order": [
        "po_number",
        "order_date",
        "buyer",
        "supplier",
        "currency",
        "total",
        "line_items(description, quantity, unit_price, amount)",
    ],
    "resume": ["full_name", "email", "phone", "skills", "years_experience"],
    "bank_statement": [
        "account_holder",
        "account_number_last4",
        "statement_period_start",
        "statement_period_end",
        "opening_balance",
        "closing_balance",
        "currency",
    ],
}

TEMPLATES: dict[str, str] = {kind: "fields: " + ", ".join(fields) for kind, fields in TEMPLATE_FIELDS.items()}
