"""A letterhead's first line: whether it names the issuer (not a title, a label, a logo's
initials, an address or a sentence), and its name less the logo or title printed beside it,
wrapped over lines in a large font or followed by its legal form on the line under it."""

from __future__ import annotations

import re
from functools import cache

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.found import Lines, first_cell
from batches.processing.builtin.fallbacks.names import (
    ACADEMIC_TITLES,
    LEGAL_FORM,
    PARTICLE,
    SALUTATION,
    TITLE_WORDS,
    a_street_and_town,
)
from batches.processing.builtin.labels import LEADER, TWO_WORDINGS, for_the_attention_of, label_index
from batches.processing.builtin.receipts import (
    BANNER,
    NUMBER_SIGN_AFTER,
    a_copy_mark,
    a_title,
    initials_of,
    without_a_title_after,
)
from batches.processing.builtin.values import (
    CUT_SHORT,
    LEGAL_FORM_AT_END,
    LEGAL_FORMS,
    NOT_A_NAME,
    STREET,
    a_streets_name,
    column_headings,
    trades,
    wrapped_with,
)
from batches.processing.layout.model import Cell, Layout, Line, Source
from batches.processing.vocab import clause_words, common_word, field_labels, normalise_label

# A letterhead name whose font is this many times the page's usual size may wrap over lines.
HEADING_SIZE = 1.2
MAX_NAME_LINES = 3
# A name's lines are in one font size, give or take this share of it (OCR's boxes: a line's
# descenders, "ç" and ",", make it taller).
SIZE_SLACK, OCR_SIZE_SLACK = 0.05, 0.25
FORM_FIRST = re.compile(rf"(?:{LEGAL_FORMS})\s+[^\W\d_]")  # a company named by its form first
PHONE_DIGITS = 6  # a name holds fewer digits than a phone number
MONOGRAM = re.compile(r"[^\W\d_]{1,3}")


# A format's name and its version, no company's: "CFDI 4.0", "UBL 2.1", "Factur-X 1.07".
FORMATS_VERSION = re.compile(r"[^\W\d_][\w-]*\s+v?\d+\.\d+(?:\.\d+)?")


def looks_like_letterhead(line: str) -> bool:
    """The first line of a letterhead: a name, whatever characters it holds, not a title or a label."""
    words = {w.lower().strip(".,:") for w in first_cell(line).split()}  # "To,  P.O. No." is no name
    if (
        not re.search(r"[^\W\d_]{2}", line)
        or (len(line) > 80 and not LEGAL_FORM.fullmatch(first_cell(line)))  # but a company beside
        # its labels ("Servicios Industriales del Bajío, S.A. de C.V.  Serie y folio  Fecha y hora …")
        or words <= TITLE_WORDS
        or SALUTATION.match(line)
    ):
        return False
    name = first_cell(line)
    if "@" in line and ("@" in name or not LEGAL_FORM.fullmatch(name)):
        return False  # a contact line; a company beside its e-mail address is a letterhead still
    if (
        LEADER.search(name)
        or BRACKETED.fullmatch(name)
        or TRADES.fullmatch(line.strip())
        or BANNER.fullmatch(line.strip())
    ):
        return False  # "Btw-nummer klant ........": a label and its leader dots; a note in
        # brackets ("(ORIGINAL FOR RECIPIENT)", "[COPY]"); a tagline of trades
        # ("Möbel · Innenausbau · Zirbenholz"); a fiscal printer's banner ("*** START OF LEGAL RECEIPT ***")
    if (
        NOT_A_NAME.search(name)
        or any(word in norm.CURRENCY_CODES for word in name.split())  # "All amounts in AUD"
        or STREET.search(name)
        or (a_streets_name(name) and not LEGAL_FORM.search(name))
        or sum(c.isdigit() for c in name) >= PHONE_DIGITS
    ):
        return False  # a register or tax number ("CHE-159.946.647 IVA"), a postal code and town, a
        # street, also with no number ("Quartier Poumpoumré"), a phone number ("Teléfono +34 91 555 34 64")
    if (
        _is_monogram(name)
        or normalise_label(name) in column_headings()
        or a_title(name)
        or any(label_index(()).names_a_label(part) for part in name.split(TWO_WORDINGS))
        or (name != line.strip() and label_index(()).a_whole_label(name))  # "Uw referentie  inkoop wk 8"
        or label_index(()).near_miss(name)
        or for_the_attention_of(name)
    ):
        return False  # a logo's initials ("LM" over "Lindenhof Medien OG"), a column's heading
        # ("KONTAKT"), "RECHNUNG", "Destinataire"; two labels of one block ("Delivered to / Invoice
        # address"); a person a block names after its label ("Inh. Frank Hänsch", "z. Hd. Frau Berger")
    # a company by its legal form, whatever stands beside it ("…OG  Rechnungsdatum  17.06.2023"),
    # its final dot no sentence's ("Boa Vista Engenharia Unipessoal, Lda.")
    if LEGAL_FORM.fullmatch(name):
        return True
    if a_copy_mark(name.split()[0]):
        return False  # a copy's mark and whom it is for: "ORIGINAL FOR RECIPIENT", "Copia cliente"
    if FORMATS_VERSION.fullmatch(name):
        return False  # an e-invoice format's mark beside the title: "CFDI 4.0", "XRechnung 3.0"
    if len(name.split()) > 7 or (re.search(r"[.!?]$", line) and len(line.split()) > 4) or _a_sentence(name):
        return False  # a sentence, not a name
    if _a_dates_caption(name):
        return False  # "DATA DE RECEBIMENTO": a box's caption for a date written in by hand
    return not re.match(r"^[\w\s.#/]{1,30}:\s", line) and not re.search(r"\s{2,}\S+\s{2,}", line)


def _a_sentence(name: str) -> bool:
    """Whether a line is a sentence with no full stop ("This is not a tax invoice"): a capital, then
    ``SENTENCE_WORDS`` words in small letters or more (no name's particles or articles), one of
    them a word of everyday prose."""
    first, *rest = name.split()
    lower = [
        word
        for word in rest
        if word[:1].islower() and not PARTICLE.fullmatch(word) and word not in clause_words()[1]
    ]
    return first[:1].isupper() and len(lower) >= SENTENCE_WORDS and any(map(common_word, lower))


SENTENCE_WORDS = 3


def _a_dates_caption(name: str) -> bool:
    """Whether a line opens with a date's word and a small word after it ("DATA DE RECEBIMENTO",
    "Date of receipt", "Datum van ontvangst"): the caption of a date, no name."""
    words = normalise_label(name).split()
    return len(words) >= 3 and words[0] in _date_words() and words[1] in CUT_SHORT


@cache
def _date_words() -> frozenset[str]:
    """Every language's one-word labels of a document's date ("data", "date", "datum", "fecha")."""
    return frozenset(
        label.normalised for label in field_labels("invoice_date") if " " not in label.normalised
    )


BRACKETED = re.compile(r"\(.*\)|\[.*\]")
TRADES = re.compile(r"[^\W\d_]+(?:\s[·•|]\s[^\W\d_]+){2,}")  # one word each, three or more


def _is_monogram(text: str) -> bool:
    return bool(MONOGRAM.fullmatch(text)) and text.isupper()


def without_logo_or_title(line: str) -> str:
    """A line less the logo's initials or the document's title printed before the name: "LM
    Lindenhof Medien OG", "CM Cabinet Marchetti SARL" (the initials of the words after them),
    "INVOICE      Oakridge Facilities Corp.". A label that opens with a title ("Invoice No." over
    its number, beside "Dated") is no title: its line is a row of labels."""
    line = line.strip()
    first = first_cell(line)
    numbered = NUMBER_SIGN_AFTER.search(first) is not None  # "Recibo nº  VALOR": a row of labels
    if a_title(first) and first != line and not (numbered or label_index(()).names_a_label(first)):
        return line[len(first) :].lstrip(" |·•\t")
    if _is_monogram(first) and first != line:
        return line[len(first) :].lstrip(" |·•\t")
    head, _space, rest = line.partition(" ")
    initials = "".join(word[0] for word in rest.split()[: len(head)])
    if rest and _is_monogram(head) and head.casefold() == initials.casefold():
        return rest
    return without_a_title_after(line)


def wrapped_name(layout: Layout, page: int, name: str) -> str:
    """A letterhead name in a large font that wraps onto the next lines ("Müller / Medientechnik /
    GmbH"): each line below it that starts at its left edge (or is centred under it, on a till
    roll's "BAR PASTICCERIA" / "DOLCE VITA"), in its font size, with no digit, colon or @ (an
    address or a label), continues it; a line all right of it stands beside it and is passed
    over. A name that is only the last line of one ("Lab S.r.l." under "Navigli Creative",
    where the address beside the first made it no letterhead) gets its lines above back the
    same way. Body-sized names are left as they are:
    there the line below is the street."""
    lines = [line for line in layout.lines if line.page == page]
    sizes = sorted(w.size for line in lines for w in line.words if w.size)
    head = next((line.cells[0] for line in lines if line.cells[0].text == name), None)
    slack = (
        OCR_SIZE_SLACK
        if page - 1 < len(layout.pages) and layout.pages[page - 1].source is Source.OCR
        else SIZE_SLACK
    )
    if head is None or not sizes or head.words[0].size < HEADING_SIZE * sizes[len(sizes) // 2]:
        return name
    size, parts, bottom = head.words[0].size, [name], max(w.y1 for w in head.words)
    if LEGAL_FORM_AT_END.search(name):
        parts = _name_lines_above(lines, head, size, slack) + parts
    for line in lines:
        cell = line.cells[0]
        if cell.words[0].y0 <= bottom - 0.5 * size or cell.x0 > head.x1:
            continue  # above or beside the name (its address column: "20144 Milano")
        if (
            min(abs(cell.x0 - head.x0), abs(cell.x0 + cell.x1 - head.x0 - head.x1) / 2) > 0.2 * size
            or abs(cell.words[0].size - size) > slack * size
            or cell.words[0].y0 - bottom > size
            or re.search(r"[\d@:]", cell.text)
            or len(parts) == MAX_NAME_LINES
            or FORM_FIRST.match(cell.text)  # "SARL Maison Guérin" under a shop's sign: a company of its own
            or trades().fullmatch(normalise_label(cell.text))  # "Boulangerie - Pâtisserie": the shop's kind
            or a_street_and_town(cell.text)  # "Kenyatta Avenue, Nakuru" under a till roll's sign
            or PERSONS_TITLE.match(cell.text)  # "dott.ssa Baldini Elena" under a pharmacy's sign: its owner
            or (LEGAL_FORM_AT_END.search(parts[-1]) and not cell.text.startswith("de "))
            # "… SUPPLIES LTD": whole ("nhe*" under it a speck), but for a form's half ("de C.V.")
        ):
            break
        parts.append(cell.text)
        bottom = max(w.y1 for w in cell.words)
    return " ".join(parts)


# A person's title opening a line ("dott.ssa Baldini Elena", "Dr. med. Kurt Weber", "Avv. Rossi"):
# the person who runs the business named over it, no part of that name.
PERSONS_TITLE = re.compile(rf"(?:{ACADEMIC_TITLES}|mr|mrs|ms|mme|sig)(?:\.|\.?ssa\b)\s", re.I)


def _name_lines_above(lines: list[Line], head: Cell, size: float, slack: float) -> list[str]:
    """The cells over a name's last line that begin it: at its left edge, in its font size, each
    no more than a line's height over the next, with no digit, colon or @; a line with no cell
    there stands beside the name."""
    above: list[str] = []
    top = min(w.y0 for w in head.words)
    for line in reversed([line for line in lines if max(w.y1 for w in line.words) <= top + 0.5 * size]):
        if top - max(w.y1 for w in line.words) > size:
            break
        cell = next((cell for cell in line.cells if abs(cell.x0 - head.x0) <= 0.2 * size), None)
        if cell is None:
            continue  # the address beside the name ("20144 Milano")
        if abs(cell.words[0].size - size) > slack * size or re.search(r"[\d@:]", cell.text):
            break
        if cell.text.isupper() and not head.text.isupper():
            break  # "MAMA NGOZI SUPERSTORE" over "Superstore Logistics Pty Ltd": a sign over its company
        above.insert(0, cell.text)
        top = min(w.y0 for w in cell.words)
        if len(above) == MAX_NAME_LINES - 1:
            break
    return above


def with_legal_tail(lines: Lines, line: str, name: str) -> str:
    """A letterhead's name and its legal form on the line under it ("Lopes Consultoria" /
    "Unipessoal Lda."), or under its logo's initials beside it ("Autopartes del Norte de Coahuila"
    / "AN" / "S.A. de C.V. · RFC …")."""
    row = next((row for row, (_page, text) in enumerate(lines) if text.strip() == line), len(lines))
    below = first_cell(lines[row + 1][1]) if row + 1 < len(lines) else ""
    if initials_of(below, name) and row + 2 < len(lines):
        below = first_cell(lines[row + 2][1])
    if below == "&":  # "& SUPPLY", spaced wide under a centred name
        below = " ".join(lines[row + 1][1].split())
    if below and name.endswith(below):
        return name  # the wrapped lines were joined already ("… del Valle, S.A." / "de C.V.")
    return wrapped_with(name, below)
