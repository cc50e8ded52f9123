"""Field vocabulary: canonical names, their types and the label wordings documents use for them.

The engine matches labels fuzzily against these phrases (word order, punctuation and
abbreviations like "No." and "#" do not matter), so wordings beyond this list still match
when they are close; the list is a starting point, not the limit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

FIELDS: dict[str, tuple[str, list[str]]] = {
    "invoice_number": (
        "id",
        [
            "invoice number",
            "invoice id",
            "invoice ref",
            "invoice reference",
            "bill number",
            "document number",
            "invoice",
        ],
    ),
    "invoice_date": (
        "date",
        [
            "invoice date",
            "date of invoice",
            "issue date",
            "date issued",
            "issued on",
            "billing date",
            "invoice dated",
            "date",
            "dated",
        ],
    ),
    "due_date": (
        "date",
        ["due date", "payment due", "due", "pay by", "payable by", "due by", "payment due date"],
    ),
    "vendor_name": (
        "party",
        ["vendor", "supplier", "seller", "from", "issued by", "billed by", "vendor name"],
    ),
    "customer_name": (
        "party",
        ["customer", "bill to", "billed to", "client", "sold to", "invoice to", "customer name", "to"],
    ),
    "currency": ("currency", ["currency"]),
    "subtotal": (
        "money",
        [
            "subtotal",
            "sub total",
            "net amount",
            "net total",
            "total before tax",
            "total excl tax",
            "amount before tax",
            "total net",
        ],
    ),
    "tax": ("money", ["tax", "vat", "sales tax", "gst", "tax amount", "total tax", "mwst", "vat amount"]),
    "total": (
        "money",
        [
            "total",
            "grand total",
            "amount due",
            "total due",
            "balance due",
            "total amount",
            "order total",
            "total paid",
            "amount paid",
            "invoice total",
            "total payable",
            "total incl tax",
            "po total",
            "amount payable",
            "total to pay",
            "to pay",
            "sum due",
            "please pay",
            "total eur",
            "total usd",
        ],
    ),
    "po_number": (
        "id",
        [
            "purchase order number",
            "po number",
            "order number",
            "purchase order",
            "po",
            "order",
            "po reference",
        ],
    ),
    "order_date": ("date", ["order date", "date ordered", "po date", "date of order", "ordered on", "date"]),
    "buyer": ("party", ["buyer", "ordered by", "purchaser", "bill to", "customer", "buyer name"]),
    "supplier": ("party", ["supplier", "vendor", "seller", "supplier name", "vendor name", "to"]),
    "merchant_name": ("party", ["merchant", "store", "shop", "merchant name", "sold by"]),
    "date": (
        "date",
        ["date", "purchase date", "transaction date", "date of purchase", "receipt date", "sale date"],
    ),
    "payment_method": (
        "payment",
        [
            "payment method",
            "paid by",
            "payment",
            "method of payment",
            "tender",
            "paid with",
            "payment type",
            "card type",
        ],
    ),
    "full_name": ("person", ["name", "full name", "candidate", "applicant", "candidate name"]),
    "email": ("email", ["email", "e mail", "email address", "mail"]),
    "phone": ("phone", ["phone", "telephone", "tel", "mobile", "cell", "phone number", "contact number"]),
    "skills": (
        "list",
        [
            "skills",
            "key skills",
            "core skills",
            "technical skills",
            "competencies",
            "expertise",
            "technologies",
            "skill set",
            "core competencies",
            "list of skills",
        ],
    ),
    # not "experience" alone: that is a résumé's section heading, not a number of years
    "years_experience": ("int", ["years of experience", "years experience", "total experience"]),
    "account_holder": (
        "party",
        [
            "account holder",
            "account name",
            "holder",
            "account owner",
            "name",
            "customer",
            "customer name",
            "prepared for",
        ],
    ),
    "account_number_last4": (
        "last4",
        [
            "account number",
            "account",
            "iban",
            "acct",
            "account ending",
            "last four digits of the account number",
        ],
    ),
    "statement_period_start": (
        "date_start",
        ["statement period", "period", "period start", "start date", "from", "statement from"],
    ),
    "statement_period_end": (
        "date_end",
        ["statement period", "period", "period end", "end date", "to", "statement to"],
    ),
    "opening_balance": (
        "money",
        [
            "opening balance",
            "balance brought forward",
            "starting balance",
            "beginning balance",
            "previous balance",
            "balance forward",
            "start balance",
            "balance at start of period",
            "balance at the start",
        ],
    ),
    "closing_balance": (
        "money",
        [
            "closing balance",
            "ending balance",
            "balance carried forward",
            "new balance",
            "final balance",
            "end balance",
            "closing",
            "balance at end of period",
            "balance at the end",
        ],
    ),
    # the customer's or buyer's person to deal with ("Attn", "Requested by"): not the party itself
    "contact_person": ("person", ["contact person", "contact", "contact name", "attention", "requested by"]),
    "line_items": ("line_items", ["line items", "items", "lines", "products", "order lines"]),
}

ITEM_COLUMNS: dict[str, list[str]] = {
    "description": [
        "description",
        "item",
        "product",
        "service",
        "details",
        "article",
        "item description",
        "particulars",
    ],
    "quantity": ["quantity", "qty", "units", "count", "pcs", "hours"],
    "unit_price": ["unit price", "price", "rate", "unit cost", "each", "price per unit", "unit"],
    "amount": ["amount", "line total", "total", "subtotal", "net", "line amount", "value", "extended"],
}

ABBREVIATIONS = {
    "no": "number",
    "nr": "number",
    "num": "number",
    "#": "number",
    "nbr": "number",
    "acct": "account",
    "a c": "account",
    "qty": "quantity",
    "amt": "amount",
    "dt": "date",
    "tel": "phone",
    "ph": "phone",
    "e-mail": "email",
    "p o": "po",
    "p.o.": "po",
    "inv": "invoice",
}


@lru_cache(maxsize=65536)
def normalise_label(label: str) -> str:
    text = label.lower().replace("#", " number ").replace("p.o.", "po").replace("e-mail", "email")
    text = re.sub(r"[^\w\s]", " ", text)
    words = [ABBREVIATIONS.get(w, w) for w in text.split()]
    filler = ("the", "a", "an", "of", "your", "our", "for", "this", "ending", "in", "on", "at", "by", "with")
    return " ".join(w for w in words if w not in filler)


ITEM_COLUMNS_NORMALISED = {c: [normalise_label(s) for s in synonyms] for c, synonyms in ITEM_COLUMNS.items()}
_NORMALISED = {
    name: [normalise_label(s) for s in [name.replace("_", " "), *syn]] for name, (_t, syn) in FIELDS.items()
}


@lru_cache(maxsize=65536)
def _cached_score(norm: str, field: str) -> float:
    phrases = _NORMALISED.get(field) or [normalise_label(field.replace("_", " "))]
    return max(fuzz.ratio(norm, p) for p in phrases)


def label_score(label: str, field: str, extra: list[str] | None = None) -> float:
    """How well a document's label names a field, 0..100."""
    norm = normalise_label(label)
    if not norm:
        return 0.0
    phrases = _NORMALISED.get(field, [normalise_label(field.replace("_", " "))]) + [
        normalise_label(e) for e in extra or []
    ]
    return max(fuzz.ratio(norm, p) for p in phrases)


# A prompt's own field typed by its wording: the first word pattern that fits wins.
WORDING_TYPES = (
    (r"\biban\b", "iban"),
    (r"e_?mail", "email"),
    (r"phone|mobile|fax|telephone", "phone"),
    (r"percent|percentage|rate_pct|discount_rate", "percent"),
    (
        r"(^|_)(date|dated|day|deadline|check_in|check_out|arrival|departure|expiry|expires|valid_until)($|_)",
        "date",
    ),
    (r"(^|_)(total|amount|price|fee|cost|balance|sum|deposit|charge|subtotal|tax|vat_amount)($|_)", "money"),
    (r"(^|_)(count|years|nights|guests|quantity|qty)($|_)", "int"),
    (r"(^|_)(number|no|id|reference|ref|code|vat|siret|siren|ein|iban|swift|bic)($|_)", "id"),
)


def field_type(name: str) -> str:
    if name in FIELDS:
        return FIELDS[name][0]
    for pattern, kind in WORDING_TYPES:
        if re.search(pattern, name):
            return kind
    return "text"


# Wordings that name a field of their own even where a template field lists them as a label:
# a user asking for "the IBAN" wants the IBAN, not the last four digits of the account.
OWN_FIELDS = {"iban", "vat number", "vat id", "tax id", "swift", "bic", "siret", "website", "fax"}


def canonical_field(phrase: str) -> str:
    """Map a prompt's phrase ("the purchase order number") to a canonical field name when one fits."""
    norm = normalise_label(phrase)
    snake = re.sub(r"[^a-z0-9]+", "_", norm).strip("_")
    own = re.sub(r"[^a-z0-9]+", "_", _ascii(phrase.lower())).strip("_")  # the user's own words
    if snake in FIELDS:
        return snake
    if norm in OWN_FIELDS or own.replace("_", " ") in OWN_FIELDS:
        return own
    best, score = "", 0.0
    for name, phrases in _NORMALISED.items():
        for candidate in phrases:
            s = fuzz.ratio(norm, candidate)
            if norm.endswith(candidate) or norm.startswith(candidate):
                s = max(s, 90 if len(candidate.split()) > 1 else 0)
            if s > score:
                best, score = name, s
    return best if score >= 88 else own


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
