"""Values found by their type alone, for fields no label led to.

Each finder reads the document's text lines, ``(page, line)`` pairs, and returns a ``Found``
with a modest confidence: the letterhead for the party that issued a document, a company name
by its legal form, the first e-mail or phone number, the currency the amounts use, a payment
word in any language, a document's number beside or under its title, the years of experience
stated or spanned by dated positions, the bullets under a skills heading, and a document's first
date for its main date.

``find_by_type`` picks the finder for a field; the finders live by concern: ``parties``,
``letterhead``, ``addressees`` and ``persons`` (over ``names``), ``contacts``, ``experience``,
``skills``, ``dates``, ``accounts`` and ``numbers``, all over ``found``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.accounts import chained_balance, masked_account
from batches.processing.builtin.fallbacks.addressees import (
    addressee,
    person_addressed,
    return_address_sender,
    under_return_address,
)
from batches.processing.builtin.fallbacks.contacts import currency, email, paid_in_full, payment, phone
from batches.processing.builtin.fallbacks.dates import DUE_DATES, PRIMARY_DATES, first_date
from batches.processing.builtin.fallbacks.experience import years
from batches.processing.builtin.fallbacks.found import Found, Lines
from batches.processing.builtin.fallbacks.names import LEGAL_FORM, completed_from
from batches.processing.builtin.fallbacks.numbers import DOCUMENT_NUMBERS, titles_number
from batches.processing.builtin.fallbacks.parties import (
    ADDRESSEE_FIELDS,
    ISSUER_FIELDS,
    ORGANISATION_WORDS,
    OTHER_PARTY_FIELDS,
    issuing_party,
    other_party,
    restated_in_full,
    shop_operator,
)
from batches.processing.builtin.fallbacks.persons import name_over_two_lines, person
from batches.processing.builtin.fallbacks.skills import bullets, bullets_in_a_column, items_of_categories
from batches.processing.builtin.periods import BALANCES
from batches.processing.builtin.terms import deadline_date
from batches.processing.layout.model import Layout

MERCHANT = "merchant_name"  # a receipt's: the company that runs the shop, where it prints one
FINDERS: dict[str, Callable[[Lines, str], Found | None]] = {
    "last4": masked_account,
    "email": email,
    "phone": phone,
    "currency": currency,
    "person": person,
}


def _issuer_by_the_window(
    lines: Lines, text: str, layout: Layout | None, taken: frozenset[str]
) -> Found | None:
    """The issuer, never a window envelope's addressee; where the page names no company by its
    legal form for it, the company of the return address over the addressee."""
    addressed = under_return_address(layout)
    if addressed is None:
        return issuing_party(lines, text, layout, taken)
    letterhead = issuing_party(lines, text, layout, taken)
    if _printed_twice(letterhead, addressed):
        return letterhead
    found = issuing_party(lines, text, layout, taken | {addressed.value})
    if found is not None and LEGAL_FORM.fullmatch(found.value):
        return found
    return return_address_sender(layout) or found


def _printed_twice(letterhead: Found | None, addressed: Found) -> bool:
    """Whether the top line names the company a window's addressee seems to be, on a line of its
    own over it: a logo's name over its address line, then the company's own line ("Hotel
    Miravalle del Río, S.L.  CIF …"), the issuer's."""
    return (
        letterhead is not None
        and letterhead.value == addressed.value
        and letterhead.snippet != addressed.snippet
    )


def find_by_type(
    name: str,
    kind: str,
    lines: Lines,
    text: str,
    *,
    month_first: bool,
    layout: Layout | None = None,
    taken: frozenset[str] = frozenset(),
) -> Found | None:
    """The field's value from its type and role alone, or None. ``taken``: the other parties'
    names already found."""
    if name in OTHER_PARTY_FIELDS:
        return (
            under_return_address(layout)
            or other_party(lines, text, layout, taken)
            or addressee(lines, text, layout)
            or person_addressed(lines)
        )
    if name in ADDRESSEE_FIELDS:
        return under_return_address(layout) or addressee(lines, text, layout)
    organisation = kind in ("party", "text") and bool(set(name.split("_")) & ORGANISATION_WORDS)
    if (kind == "party" and name in ISSUER_FIELDS) or organisation:
        found = restated_in_full(_issuer_by_the_window(lines, text, layout, taken), lines)
        return (shop_operator(lines, found) if name == MERCHANT else None) or found
    if name == "payment_method":
        return payment(lines, text)
    if name == "total" and kind == "money":
        return paid_in_full(lines)
    if kind == "id" and name in DOCUMENT_NUMBERS and layout is not None:
        return titles_number(layout)
    if name in BALANCES:
        return chained_balance(name, lines)
    if kind == "int" and "year" in name:
        return years(lines, text, layout)
    if kind == "date" and name in PRIMARY_DATES:
        return first_date(lines, text, month_first)
    if kind == "date" and name in DUE_DATES:
        deadline = deadline_date(lines, month_first=month_first)
        return Found(deadline[0], deadline[1], deadline[2], 0.6) if deadline else None
    if kind == "person" and layout is not None:
        named = name_over_two_lines(layout, text) or person(lines, text)
        return replace(named, value=completed_from(norm.parse_email(text), named.value)) if named else None
    if kind == "list":
        listed = bullets_in_a_column(layout, text) or bullets(lines, text)
        return replace(listed, value=items_of_categories(listed.value)) if listed else None
    finder = FINDERS.get(kind)
    return finder(lines, text) if finder else None
