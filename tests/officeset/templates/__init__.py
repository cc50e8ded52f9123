"""The invoice templates, one module each; ``TEMPLATES`` lists them."""

from __future__ import annotations

from tests.officeset.templates import (
    din_letter,
    facture_fr,
    factuur_nl,
    freelance,
    long_table,
    multirate,
    paid,
    saas,
    shop,
    utility,
    word_letter,
    word_table,
)

TEMPLATES = (
    saas.TEMPLATE,
    din_letter.TEMPLATE,
    facture_fr.TEMPLATE,
    factuur_nl.TEMPLATE,
    freelance.TEMPLATE,
    utility.TEMPLATE,
    shop.TEMPLATE,
    word_table.TEMPLATE,
    word_letter.TEMPLATE,
    multirate.TEMPLATE,
    long_table.TEMPLATE,
    paid.TEMPLATE,
)
