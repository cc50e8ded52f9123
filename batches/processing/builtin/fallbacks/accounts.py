"""An account's values by their type: a masked account number wherever it is printed (or an IBAN),
and a balance read from a statement's running-balance column."""

from __future__ import annotations

import re

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.found import Found, Lines
from batches.processing.builtin.periods import OPENING, balance_chain


def masked_account(lines: Lines, text: str) -> Found | None:
    """A masked account number wherever it is printed, a sentence included ("für Ihr Konto
    DE83xxxxxxxxxxxxxx0086 weisen wir …", "votre compte BE41 xxxx xxxx 9575 pour la"); else the
    first IBAN printed in full ("CH56 0483 5012 3456 7800 9")."""
    for page, line in lines:
        masked = norm.MASKED.search(line)
        if masked and sum(c.isdigit() for c in masked.group(1)) >= 2:
            digits = norm.last4(line[masked.start() :])
            if digits:
                return Found(digits, page, line.strip(), 0.5)
    for page, line in lines:  # no number masked: the account's IBAN, printed in full
        iban = IBAN.search(line)
        if iban:
            return Found(re.sub(r"\D", "", iban.group(0))[-4:], page, line.strip(), 0.45)
    return None


# An IBAN in groups of four or in one run: two letters, two check digits, groups of four, the
# last of one to four.
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")


def chained_balance(name: str, lines: Lines) -> Found | None:
    """A balance no label gave, from the statement's running-balance column: its last balance
    closes the period; a balance printed alone over the first movement opens it."""
    chain = balance_chain(lines)
    balance = (chain[0] if name == OPENING else chain[1]) if chain else None
    if balance is None:
        return None
    value, page, line = balance
    return Found(value, page, line, 0.5, ["read from the running balance of the statement's lines"])
