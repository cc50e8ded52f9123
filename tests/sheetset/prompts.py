"""prompts.json in the corpus's shape: per kind the prompt, the strict prompt, fields and their types."""

from __future__ import annotations

STRICT = (
    " Return dates as YYYY-MM-DD, money amounts as plain numbers with two decimals (for example 1234.50, no"
    " currency sign or thousands separator), the currency as an ISO 4217 code (USD, EUR, ...), quantities and"
    " years as integers, and the phone number in international form (+14155550134)."
)
LINE_ITEM_TYPES = {"description": "string", "quantity": "int", "unit_price": "money", "amount": "money"}
KINDS: dict[str, tuple[str, dict[str, str]]] = {
    "invoice": (
        "Extract the invoice number, invoice date, due date, vendor name, customer name, currency, subtotal,"
        " tax, total and the line items (description, quantity, unit price, amount).",
        {
            "invoice_number": "string",
            "invoice_date": "date",
            "due_date": "date",
            "vendor_name": "string",
            "customer_name": "string",
            "currency": "currency",
            "subtotal": "money",
            "tax": "money",
            "total": "money",
            "line_items": "line_items",
        },
    ),
    "receipt": (
        "Extract the merchant name, the purchase date, the total paid, the payment method and the currency.",
        {
            "merchant_name": "string",
            "date": "date",
            "total": "money",
            "payment_method": "string",
            "currency": "currency",
        },
    ),
    "purchase_order": (
        "Extract the purchase order number, order date, buyer, supplier, order total and the line items"
        " (description, quantity, unit price, amount).",
        {
            "po_number": "string",
            "order_date": "date",
            "buyer": "string",
            "supplier": "string",
            "total": "money",
            "line_items": "line_items",
        },
    ),
    "resume": (
        "Extract the candidate's full name, email address, phone number, list of skills and total years of"
        " experience.",
        {
            "full_name": "string",
            "email": "email",
            "phone": "phone",
            "skills": "string_list",
            "years_experience": "int",
        },
    ),
    "bank_statement": (
        "Extract the account holder, the last four digits of the account number, the statement period start"
        " and end dates, and the opening and closing balances.",
        {
            "account_holder": "string",
            "account_number_last4": "last4",
            "statement_period_start": "date",
            "statement_period_end": "date",
            "opening_balance": "money",
            "closing_balance": "money",
        },
    ),
}
CLASSIFY = (
    "Identify the document type (invoice, receipt, purchase_order, resume or bank_statement) and extract the"
    " fields for that type (for invoices: invoice number, invoice date, due date, vendor name, customer name,"
    " currency, subtotal, tax, total, line items; for receipts: merchant name, purchase date, total, payment"
    " method, currency; for purchase orders: purchase order number, order date, buyer, supplier, total, line"
    " items; for resumes: full name, email, phone, skills, years of experience; for bank statements: account"
    " holder, last four digits of the account number, statement period start, statement period end, opening"
    " balance, closing balance; line items have description, quantity, unit price and amount)." + STRICT
)


def prompts_document(meta: dict) -> dict:
    out: dict = {"_meta": meta}
    for kind, (prompt, types) in KINDS.items():
        entry: dict = {
            "prompt": prompt,
            "prompt_strict": prompt + STRICT,
            "fields": list(types),
            "field_types": types,
        }
        if "line_items" in types:
            entry["line_item_fields"] = list(LINE_ITEM_TYPES)
            entry["line_item_field_types"] = dict(LINE_ITEM_TYPES)
        out[kind] = entry
    out["_classify_and_extract"] = {"prompt": CLASSIFY, "document_types": list(KINDS)}
    return out
