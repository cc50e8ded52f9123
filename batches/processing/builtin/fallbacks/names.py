"""Names read from their words: a company by its legal form, a person's name, the small
words a name may hold, and whether an e-mail address spells a name."""

from __future__ import annotations

import re
from functools import cache

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.found import all_headings, first_cell
from batches.processing.builtin.receipts import COPY_MARKS, a_title
from batches.processing.builtin.values import BULLET, LEGAL_FORMS, a_streets_name, page_count
from batches.processing.vocab import alternation, normalise_label, prose_words

# A copy's mark over the letterhead ("Original", "Duplicado", "ORIGINAL FOR RECIPIENT").
# A person's professional or academic title before the name ("Dr", "Prof.", "dott.ssa", "Avv."):
# the person's, no part of a business's name.
ACADEMIC_TITLES = "dott|dr|prof|avv|ing|arch|geom|rag|mag"
TITLE_WORDS = {
    "invoice",
    "receipt",
    "statement",
    "purchase",
    "order",
    "resume",
    "résumé",
    "curriculum",
    "vitae",
    "bank",
    "tax",
    "bill",
    "to",
    "page",
    "date",
    "account",
    "dear",
    "hello",
    "hi",
} | COPY_MARKS
# Small words inside a name: "de Vries CommV", "Éditions du Quai EURL", "van den Berg Advies".
NAME_PARTICLES = alternation(prose_words(lambda words: words.particles))
NAME_WORD = r"(?:[A-Z0-9\u00c0-\u00de][\w&'.\-]*|[a-z]{1,3}['\u2019][A-Z\u00c0-\u00de][\w&'.\-]*|&)"  # "d'Or"
# A company named by its legal form: capitalised words, small words inside them (or first on the
# line: "de Vries CommV"; elided before the last: "Les Gîtes de l'Ourthe SRL"), then the form.
# An elided small word before a word in small letters inside a name ("Studio d'ingegneria Ferretti SA").
ELIDED_WORD = r"[a-z]{1,2}['\u2019][a-z\u00e0-\u00ff]+"
# A dash between a brand and what the firm does ("Frio Atlântico - Refrigeração Comercial, Lda."),
# a word of letters each side.
DASH_JOIN = r"(?:(?<=[^\W\d_]\s)[-\u2013]\s+(?=[A-Z\u00c0-\u00de][^\W\d_]))?"
# A legal form's words OCR spaced apart like cells ("Börner Frischemarkt GmbH &  Co.  KG").
SPACED_FORM = re.compile(r"(?<=&)\s{2,}|\s{2,}(?=&\s*Co\b)|(?<=Co\.)\s{2,}(?=KG)|(?<=Co)\s{2,}(?=KG)")


def with_its_form_joined(line: str) -> str:
    """A line with a legal form's words OCR spaced apart put together again, one cell."""
    return SPACED_FORM.sub(" ", line)


LEGAL_FORM = re.compile(
    rf"((?:^(?:{NAME_PARTICLES})\s+(?:(?:{NAME_PARTICLES})\s+)?)?"
    rf"(?:{NAME_WORD}\s+{DASH_JOIN}(?:(?:{NAME_WORD}|{NAME_PARTICLES}|{ELIDED_WORD})\s+{DASH_JOIN}){{0,4}})?"
    rf"(?:[a-z]{{1,3}}['\u2019])?[A-Z\u00c0-\u00de][\w&'.\-]*),?\s+({LEGAL_FORMS})(?:\s\(haftungsbeschränkt\))?(?![\w])"
)
# A French company named with its legal form first ("SARL Fournil Tréguinel", "SAS Boulangerie
# Martin"): capitalised words after the form.
FORM_FIRST = re.compile(
    rf"(?:SARL|SAS|SASU|EURL|SNC|SCI|SELARL)\s+{NAME_WORD}(?:\s+(?:{NAME_WORD}|{NAME_PARTICLES})){{0,5}}"
)
# A letter's greeting or closing ("Sehr geehrter Herr Becker,", "Kind regards"): no one's name.
SALUTATION = re.compile(
    rf"^(?:{alternation(prose_words(lambda words: (*words.greetings, *words.closings)))})\b", re.I
)


def looks_like_person(line: str) -> bool:
    if re.search(r"\d|@|:|\||\s{2,}", line.strip()) or len(line) > 60 or BULLET.match(line.strip()):
        return False
    if normalise_label(line) in all_headings() or a_title(line):
        return False  # "Key Skills", "CORE COMPETENCIES": a résumé's section, not its owner; "F ACTU RA"
    if re.search(r"\b(qty|quantity|description|amount|price)\b", line, re.I):
        return False
    words = line.split()
    if a_branch(line) or a_streets_name(line):
        return False  # "Succursale di Ascona": a bank's branch, under its name; "Rue de la Plaine"
    if "," in line and normalise_label(line.rsplit(",", 1)[1]) in norm.country_regions():
        return False  # "Aveiro, Portugal": a town and its country
    names = [w for w in words if not re.fullmatch(NAME_PARTICLES, w)]  # "Ana Paula de Souza Lima"
    if not 2 <= len(names) <= 4 or len(words) > 6 or ({w.lower().strip(".,") for w in words} & TITLE_WORDS):
        return False
    if not all(re.search(r"\w", w) for w in words):
        return False  # "Belo Horizonte - MG": a town and its state, not a person
    if re.fullmatch(r"[^\W\d_]", words[-1]):
        return False  # "Permis C", a licence's class: a name ends in a word or an initial's dot
    inner = [w for w in words[1:-1] if not re.fullmatch(NAME_PARTICLES, w)]  # "Éditions du Pont Neuf"
    named = [words[0], *inner, words[-1]]
    return all(w[0].isupper() for w in named if w[0].isalpha()) and bool(re.search(r"[^\W\d_]{2}", line))


def a_branch(name: str) -> bool:
    """Whether a name is a branch's, its word first or last (`[names] branch`: "Succursale
    Plateau-Mont-Royal", "Kitwe Branch"); a company named with its legal form is none ("Oficina
    Mecânica Palanca Negra, Lda.": a workshop)."""
    return bool(_end_words(name) & _branch_words()) and not LEGAL_FORM.search(name)


def a_street_and_town(text: str) -> bool:
    """A street with no number and its town after a comma ("Kenyatta Avenue, Nakuru"): under a
    till roll's sign, its address, no more of its name."""
    street, comma, town = text.partition(",")
    return (
        bool(comma)
        and a_streets_name(street)
        and 0 < len(town.split()) <= TOWN_WORDS
        and not re.search(r"\d", text)
    )


TOWN_WORDS = 3


def _end_words(name: str) -> set[str]:
    words = name.split()
    return {normalise_label(words[0]), normalise_label(words[-1])} if words else set()


@cache
def _branch_words() -> frozenset[str]:
    return frozenset(normalise_label(word) for word in prose_words(lambda words: words.branch))


def a_buildings_name(line: str) -> bool:
    """Whether a line names a building, its word last and no figure in it (`[names] buildings`:
    "Rickergate House", "Immeuble Le Phénix" first): an address's line under a name."""
    return not re.search(r"\d", line) and bool(_end_words(line) & _building_words())


@cache
def _building_words() -> frozenset[str]:
    return frozenset(normalise_label(word) for word in prose_words(lambda words: words.buildings))


def a_name(text: str, sender: str) -> bool:
    """Words that may name an addressee: letters, no number, not the sender's own name (a
    letterhead's address line over its name)."""
    own = normalise_label(first_cell(sender)) == normalise_label(text)
    return (
        bool(re.search(r"[^\W\d_]{2}", text))
        and not re.search(r"\d|@", text)
        and len(text.split()) <= 8
        and not own
    )


PARTICLE = re.compile(rf"(?:{NAME_PARTICLES})", re.I)


UMLAUTS_SPELLED_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def completed_from(email: str | None, name: str) -> str:
    """A name whose last word OCR cut short ("Niamh Gallag"), ended as its e-mail address spells
    it ("niamh.gallagher@…" gives "Niamh Gallagher"): the address holds the name's first word and
    a part that the last word opens, at most ``CUT_LETTERS`` longer."""
    words = name.split()
    if not email or len(words) < 2 or not words[-1].isalpha():
        return name
    parts = re.split(r"[._-]", email.split("@", 1)[0].casefold())
    last, first = words[-1].casefold(), normalise_label(words[0])
    if first not in parts:
        return name
    for part in parts:
        if part.startswith(last) and 0 < len(part) - len(last) <= CUT_LETTERS and part.isalpha():
            return " ".join([*words[:-1], words[-1] + part[len(last) :]])
    return name


CUT_LETTERS = 4

INITIAL_AND_SURNAME = re.compile(r"([A-Z\u00c0-\u00de])\.?\s+([A-Z\u00c0-\u00de][\w'\u2019-]+)")


def initial_written_out(name: str, text: str) -> str:
    """A person labelled by an initial and a surname ("Account name  Mrs E Penrose") as another
    line writes the first name out ("Eleanor Penrose" over the address): the longer, where one
    line's cell holds it whole."""
    short = INITIAL_AND_SURNAME.fullmatch(name.strip())
    if short is None:
        return name
    initial, surname = short.groups()
    whole = re.compile(rf"(?<![\w.])({initial}[a-z\u00df-\u00ff]+\s+{re.escape(surname)})(?![\w.])")
    found = {match.group(1) for match in whole.finditer(text)}
    return found.pop() if len(found) == 1 else name


def spells(email: str, name: str) -> bool:
    """Whether an e-mail address's local part is made of the name: two of its words, its initial
    and its last word, or its first word and the other words' initials ("fleur.jb" for Fleur
    Jansen-Bakker)."""
    local = normalise_label(email.split("@", 1)[0]).replace(" ", "")
    words = [w for w in normalise_label(name).split() if len(w) >= 2]
    if len(words) < 2:
        return False
    # an umlaut written out in an address ("kuehnemann" for Kühnemann, "strauss" for Strauß)
    spelled_out = [w for w in normalise_label(name.translate(UMLAUTS_SPELLED_OUT)).split() if len(w) >= 2]
    if len(spelled_out) == len(words):
        words = [plain if plain in local else out for plain, out in zip(words, spelled_out, strict=True)]
    found = sum(word in local for word in words)
    initials = words[0] + "".join(word[0] for word in words[1:])
    return found >= 2 or (words[-1] in local and local.startswith(words[0][0])) or local == initials


# A street and its house number: a word, then a number of one to four digits, or a number of up to
# three before it ("12 Dock Road"; "2000 Antwerpen" is a postcode and its town, an address's end),
# a Spanish "calle" shortened before its name ("C/ Alcalde Costa, 23"), a lot on an estate ("Zona
# Industrial das Cantarias, Lote 31");
# not a code of three groups ("Sort code 95-12-34").
STREET_LINE = re.compile(
    r"^(?:\d{1,3}[a-z]?,?\s+[^\W\d_]{3,}|(?:C/\s?)?[^\W\d_]{2,}(?:-[^\W\d_]+)*\.?(?:,?\s+[^\W\d_][\w'.-]*){0,4},?\s+\d{1,4}[a-z]?\b"
    r"(?![-.]\d{2}[-.]\d))"
)
STREET_LENGTH = 40


def a_street(line: str) -> bool:
    """A line that is a street and its house number alone ("Av. Rio Branco, 104 Centro",
    "12 Dock Road"), not a sender's whole address on one line ("Via Cantonale 8 · 6900 Lugano")."""
    text = line.strip()
    if len(text) > STREET_LENGTH or re.search(r"[·|•]|\s{2,}|\b\d{4,5}\b", text):
        return False  # a whole address on one line ("Polderweg 14 2871 RA Schoonhoven") has its postcode
    return bool(STREET_LINE.search(text)) and not page_count().search(text)  # "Page 1 of 2" is none
