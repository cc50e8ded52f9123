"""Which field a piece of a document names, in any language the vocabularies know.

A label ends at a colon or where its value starts ("Rechnungsnr. RE-2019-0457"); the words
before are matched exactly against every language's wordings (after ``normalise_label``), and
a label that fills its cell is also matched fuzzily ("Invoice Numbr"). A wording listed as a
near miss for a field ("N° TVA" is not the invoice number) removes that field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from batches.processing import vocab
from batches.processing.builtin.vocabulary import field_type
from batches.processing.vocab import FIELD_CODE, a_title_in_two_wordings, normalise_label

STRONG, WEAK = 1.0, 0.7
TOTAL = "total"
SUM_OF_A_LABEL = 0.97  # "Total des taxes": as sure as a label read from a cell's leading words
FUZZY_MIN = 88
MAX_LABEL_WORDS = 7
TWO_WORDINGS = " / "
# "Label: value", not a time (10:30) nor a URL (https://)
COLON = re.compile(r"^(?P<label>[^:\d][^:]{0,60}?)\s*[:\uff1a]\s*(?P<rest>(?!//).*)$")
# The currency in brackets at a label's end, before its colon ("TOTAL INCL OF TAX (TZS):"): no
# part of its wording.
CURRENCY_ALONE = re.compile(r"[A-Z]{3}|[€$£¥₹₦₵]|RM|Rs\.?|Kz|[RN]\$")  # a currency's code or sign, as printed
CURRENCY_NOTE = re.compile(rf"\s*\(\s*(?:{CURRENCY_ALONE.pattern})\s*\)$")
# A label the vocabulary does not know, then one it may know in brackets: the same thing in
# the usual words ("Suma de importes (base imponible total)").
# "Add: CGST @ 9%": the sum's step, then the label
ADDED = re.compile(r"^(?:Add|Plus)\s*:\s*(?=[^\W\d_])", re.I)
STRAY_LETTER = re.compile(r"[a-z]\s+(?=[^\W\d_]{4})")  # a lone small letter before a label's word
BRACKETED_WORDING = re.compile(r"[^()]*\(([^()]*[^\W\d_][^()]*)\)\s*")
# A rate OCR ran into its label ("IVA15%", "MwSt19%"): a space between them.
GLUED_RATE = re.compile(r"(?<=[^\W\d_]{2})(?=\d{1,2}(?:[.,]\d{1,2})?\s*%)")
# A tax's code with its rate run into it, the rate again in brackets: "CGST9 (9%)", "IGST18 (18%)".
CODE_WITH_ITS_RATE = re.compile(r"\b([A-Z]{2,5})(\d{1,2}(?:[.,]\d{1,2})?)(?=\s*\(\s*\2\s*%\s*\))")
# A tax rate before or inside its label ("21% btw", "+ 19 % USt.", "zzgl. 20 % USt.") is no part of
# the wording; one before the value stays ("VAT 20% 200.00").
RATE_IN_LABEL = re.compile(r"(?:^|(?<=\s))[+(]?\s*\d{1,2}(?:[.,]\d{1,2})?\s*%\)?\s+(?=[^\W\d_])")
# A note in brackets that the tax is included qualifies the label before it, in any language:
# "Total (IVA incl.)", "Totale (IVA inclusa)", "Gesamt (inkl. MwSt.)", "Total (VAT inclusive)",
# "Total (inc. GST)" label the total, not the tax.
TAX_INCLUDED_NOTE = re.compile(
    r"\s*\([^()]*?(?<!\w)(?:inc|incl|inkl|inclu[iíy]d[oa]s?|inclus[ea]?s?|inclusief|inclus[oa]|included|inclusive)"
    r"(?!\w)[^()]*\)",
    re.I,
)
# The ordinal sign of "Nº" that OCR read as a 2 ("FATURA N2 000872", "N2 PC-25-00731"), before a
# number; or as an e ("Ne factura"), tried where nothing else is a label.
NUMERO_READ_AS_2 = re.compile(r"(?<![\w.])N\.?2(?=\s+[A-Z]{0,4}[-/]?\d)")  # "N.2 NE-0087/2026" too
# "N® factura" too; in small letters after the document's word ("Factura ne")
NUMERO_MISREAD = re.compile(
    r"(?:^|(?<=\s))N\.?[e2®](?=\s|$)|(?<=[^\W\d_]\s)n(?:\.?[e2®])?(?=\s*$)|^NO(?=\s+[A-Z\u00c0-\u00de]{3,}\b)"
)  # "NO FACTURE" in capitals, its sign lost
LEADING_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\s+(?=[^\W\d_])")
BRACKET_MISREAD = re.compile(r"[€{\[](?=[^\W\d_][^()]*\))")
# Pieces of a line apart by a middle dot are cells of their own ("N.º FR ATSIRE01FR/12 · ATCUD:
# JJ8Q2ZTR-12"): a label's value ends at the dot.
MIDDLE_DOT = re.compile(r"\s[·•]\s")
# Leader dots (or dashes, underscores) that lead a label's eye to its value are a colon: "Alter
# Kontostand ........ € 6.424,71", "Saldo precedente …………".
LEADER = re.compile(r"\s*(?:[.\u2026·_-]\s?){3,}\s*(?=\S|$)")


# A weak label's word before a lone reference ("Factuur F202266193", "Invoice INV-002096"), its
# series letters perhaps printed apart ("Fatura FT 2024/318", Colombia's "N° FEMD 10388"), labels it.
LONE_ID = re.compile(r"(?:[A-Z]{2,4} )?[A-Z0-9][\w\-/.]*\d[\w\-/.]*")
# Words and a colon after a label: the label printed goes on ("Folio fiscal (UUID):").
LABEL_GOES_ON = re.compile(r"[^\W\d_][^:\d]{0,30}:(?!\d)")
CACHE_TEXTS = 50_000
OWN_SHORT = 0.85
# Words that say a field's type rather than what it is: "check-in date" is labelled "Check-in".
TYPE_WORDS = {"date", "number", "no", "amount", "name", "id", "value", "code"}


def _a_number_sign_then_figures(tokens: list[str]) -> bool:
    """Whether the words after a label are a number's sign and a figure ("N. 0322/24", "Nr. 12"):
    a weak label's word before them names that number."""
    return len(tokens) == 2 and normalise_label(tokens[0]) == "number" and any(c.isdigit() for c in tokens[1])


def _id_then_link(tokens: list[str]) -> bool:
    """A lone reference and a word linking it to what follows, or a dash setting it apart from a
    subject's words: "Factuur 2024-031 d.d. 29 februari 2024", "Invoice 4711 of 3 March 2024",
    "factuur LV-2024-031 - etiket 'Mandel Amber'" (a hyphen or an en dash)."""
    return (
        len(tokens) >= 2
        and bool(LONE_ID.fullmatch(tokens[0]))
        and (tokens[1].casefold() in vocab.sentence_links() or tokens[1] in SUBJECT_DASHES)
    )


SUBJECT_DASHES = frozenset({"-", "\u2013", "\u2014"})


def _shortened(field: str) -> list[str]:
    """A prompt's own field without its trailing type word, when something is left."""
    words = field.split("_")
    if len(words) >= 2 and words[-1] in TYPE_WORDS:
        return [normalise_label(" ".join(words[:-1]))]
    return []


# One letter with an underscore or another mark glued to it that no label prints ("_a", "a_", "~e").
SPECK_LETTER = re.compile(r"[_~^`]+[^\W\d_]|[^\W\d_][_~^`]+")


@dataclass(frozen=True, slots=True)
class LabelHit:
    field: str
    score: float  # 0..1: how surely the words name the field
    rest: str  # the text after the label in the same cell; "" when the label fills the cell


class LabelIndex:
    """The wordings of a set of fields, ready to match a document's cells."""

    def __init__(self, fields: Iterable[str], extra: Mapping[str, Sequence[str]] | None = None) -> None:
        self.phrases: dict[str, dict[str, float]] = {}  # normalised phrase → {field: weight}
        self.exclusions: dict[str, set[str]] = {}
        # every known field's wordings, so that "PO Date" reads as a date's label even when only
        # the PO number was asked for; callers keep the hits of the fields they want
        for field in dict.fromkeys([*vocab.all_field_names(), *fields]):
            wordings = [
                (label.normalised, STRONG if label.strong else WEAK) for label in vocab.field_labels(field)
            ]
            wordings.append((normalise_label(field.replace("_", " ")), STRONG))
            wordings += [(normalise_label(text), STRONG) for text in (extra or {}).get(field, ())]
            if not vocab.field_labels(field):
                wordings += [(phrase, OWN_SHORT) for phrase in _shortened(field)]
            for phrase, weight in wordings:
                if phrase:
                    by_field = self.phrases.setdefault(phrase, {})
                    by_field[field] = max(weight, by_field.get(field, 0.0))
            self.exclusions[field] = set(vocab.field_exclusions(field))
        self._choices = list(self.phrases)
        # the wordings with an "rn", as a scan reads them with an "m" ("Foumisseur", "Retoumo")
        self._rn_as_m = {phrase.replace("rn", "m"): phrase for phrase in self.phrases if "rn" in phrase}
        self._cache: dict[str, list[LabelHit]] = {}
        # each excluded wording with the space that ends it, for ``led_by_a_near_miss``
        self._near_miss_heads = tuple(
            f"{excluded} " for words in self.exclusions.values() for excluded in words
        )
        self._near_miss_heads_of = {
            field: tuple(f"{excluded} " for excluded in words) for field, words in self.exclusions.items()
        }

    def hits(self, text: str) -> list[LabelHit]:
        """The fields the text's leading words name, best first (cached per text)."""
        cached = self._cache.get(text)
        if cached is None:
            if len(self._cache) >= CACHE_TEXTS:
                self._cache.clear()  # an index lives across documents: its memory stays bounded
            found = _surer(self._hits(text.strip()), self._misread(text.strip()))
            cached = self._cache[text] = _surer(found, self._after_its_date(text.strip()))
        return cached

    def _after_its_date(self, text: str) -> list[LabelHit]:
        """The hits of a label after the date its row opens with, in one cell ("01-07-2025
        OPENING BALANCE", a statement's first row): the date is the row's, the label, filling
        the rest of the cell, names the amount in the next ("02-07-2025 Payment received" is a
        movement's description, no label)."""
        dated = LEADING_DATE.match(text)
        return [hit for hit in self._hits(text[dated.end() :]) if not hit.rest] if dated else []

    def _misread(self, text: str) -> list[LabelHit]:
        """The hits of the text as it was printed, where OCR read its "Nº" as "Ne" or "N2" ("Ne
        factura", "FACTURA N2") or lost its mark ("Ordine n", "NO FACTURE"), or read its opening
        bracket as "€", "{" or "[" ("TOTAL €GST INCL)")."""
        mended = BRACKET_MISREAD.sub("(", NUMERO_MISREAD.sub("Nº", text))
        return self._hits(mended) if mended != text else []

    def names_a_label(self, text: str) -> bool:
        """True when the whole text is itself a strong label (so it is no value)."""
        return any(hit.score >= 0.95 and not hit.rest for hit in self.hits(text))

    def a_whole_label(self, text: str) -> bool:
        """True when the whole text is a label, however weak ("Data", "Compte"), nothing after it."""
        return any(not hit.rest for hit in self.hits(text))

    def near_miss(self, text: str) -> bool:
        """True when the whole text is a wording a vocabulary keeps apart from a field's labels
        ("Klantnummer" beside the customer's "Aan"): a label of something else, no value."""
        norm = normalise_label(LEADER.sub(": ", text).rstrip(" :"))
        return any(norm in excluded for excluded in self.exclusions.values())

    def led_by_a_near_miss(self, text: str, field: str | None = None) -> bool:
        """True when the text starts with a wording a vocabulary keeps apart from a field's labels
        (``field``'s alone, when given), then a value ("UID ATU89013307", "N° TVA FR 27
        228904111"): another field's label and value."""
        heads = self._near_miss_heads if field is None else self._near_miss_heads_of.get(field, ())
        return normalise_label(text).startswith(heads)

    def _hits(self, text: str) -> list[LabelHit]:
        text = ADDED.sub("", CODE_WITH_ITS_RATE.sub(r"\1", FIELD_CODE.sub("", text)))
        text = NUMERO_READ_AS_2.sub("Nº", GLUED_RATE.sub(" ", MIDDLE_DOT.split(text, 1)[0]))
        text = LEADER.sub(": ", RATE_IN_LABEL.sub("", TAX_INCLUDED_NOTE.sub("", text))).rstrip()
        if not text or len(text) > 160 or SPECK_LETTER.fullmatch(text):
            return []  # "_a": a speck beside a letter OCR read, no label "A"
        colon = COLON.match(text)
        if colon and re.search(r"[^\W\d_]", colon.group("label")):
            found = self._whole(CURRENCY_NOTE.sub("", colon.group("label")), colon.group("rest"))
            bracketed = BRACKETED_WORDING.fullmatch(colon.group("label"))
            if not found and bracketed:  # "Suma de importes (base imponible total): 5.599,50 €"
                found = self._whole(bracketed.group(1), colon.group("rest"))
            speck = STRAY_LETTER.match(colon.group("label"))
            if not found and speck:  # "e erie-Folio: A-2230": a speck read as a letter before the label
                found = self._whole(colon.group("label")[speck.end() :], colon.group("rest"))
            if found:
                return found
        text = CURRENCY_NOTE.sub("", text) or text  # "TOTAL A PAGAR (Kz)": its currency in brackets
        exact = self.phrases.get(normalise_label(text))
        if exact:
            return self._ranked(exact, 1.0, "", normalise_label(text))
        bracketed = BRACKETED_WORDING.fullmatch(text)
        if bracketed:  # "Buyer (Bill to)", "Consignee (Ship to)": a party's label in two wordings
            outer, inner = (
                self._whole(text[: bracketed.start(1) - 1], ""),
                self._whole(bracketed.group(1), ""),
            )
            if any(field_type(hit.field) == "party" for hit in inner):
                return _merged(outer, inner)  # a party's caption glossed: its name is under it
        prefixed = [] if a_title_in_two_wordings(text) else self._prefix(text)  # "TAX INVOICE / CASH MEMO"
        summed = self._a_sum_of(prefixed)
        if summed:  # a weak total still, for a document that asks no other amount ("Bestellwert netto")
            score = min(prefixed[0].score, round(SUM_OF_A_LABEL * BEFORE_TAX_TOTAL, 3))
            weak = LabelHit(TOTAL, score, prefixed[0].rest)
            return _merged(summed, [weak])
        if prefixed and _before_tax().search(normalise_label(text)):
            # "Total Excluding SST": "Total" leads a weak total; the whole may read as a subtotal
            return _merged(prefixed, self._whole(text, ""))
        if prefixed and re.fullmatch(r"[^\W\d_]{4,}", prefixed[0].rest):
            # "Total llíquido": the whole may be a longer label OCR misspelt ("Total Ilíquido")
            return _merged(prefixed, self._whole(text, ""))
        found = prefixed or self._whole(text, "")
        if not found and TWO_WORDINGS in text:
            # "Faktura zk. / Nº Factura", "Oinarria / Base imponible": a label in two languages,
            # the first one no vocabulary holds; a party's caption so worded ("NOME / RAZÃO
            # SOCIAL") heads a section, which the party finders read as a whole
            second = self._hits(text.rsplit(TWO_WORDINGS, 1)[1])
            return [hit for hit in second if field_type(hit.field) != "party"]
        return found

    def _a_sum_of(self, prefixed: list[LabelHit]) -> list[LabelHit]:
        """A total's word before another amount's label names that amount's sum, rather than the
        document's total: "Total des taxes", "Total do IVA", "Gesamt USt", "Totaal BTW". A particle may link
        them ("des", "do", "der"); the rest must be the other label whole, with no value but one
        after its colon ("Summe Umsatzsteuer: 998,45")."""
        if not prefixed or prefixed[0].field != TOTAL:
            return []
        label, value = prefixed[0].rest, ""
        if LABEL_GOES_ON.match(label):
            label, _colon, value = label.partition(":")
        if re.search(r"\d", label):
            return []
        words = label.split()
        if words and words[0].casefold() in _particles():
            words = words[1:]
        if not words or _after_tax().fullmatch(normalise_label(" ".join(words))):
            return []  # "Endbetrag inkl. MwSt.": the total with its tax, not the tax's sum
        return [
            LabelHit(hit.field, round(hit.score * SUM_OF_A_LABEL, 3), value.strip())
            for hit in self._whole(" ".join(words), "")
            if hit.score >= STRONG and hit.field != TOTAL and field_type(hit.field) == "money"
        ]

    def _whole(self, label: str, rest: str) -> list[LabelHit]:
        """A whole label: exact, or fuzzy when it is short enough to be only a label."""
        norm = normalise_label(label)
        if not norm or len(norm.split()) > MAX_LABEL_WORDS:
            return []
        weights = self.phrases.get(norm)
        if weights:
            return self._ranked(weights, 1.0, rest, norm)
        printed_rn = self._rn_as_m.get(norm)  # "Foumisseur": OCR read the "rn" as an "m"
        if printed_rn:
            return self._ranked(self.phrases[printed_rn], 1.0, rest, printed_rn)
        best: dict[str, float] = {}
        for phrase, score, _i in process.extract(
            norm, self._choices, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN, limit=8
        ):
            if _taxed_otherwise(norm, phrase):
                continue  # "Rechnungsbetrag brutto" is no misspelt "Rechnungsbetrag netto"
            for field, weight in self.phrases[phrase].items():
                best[field] = max(best.get(field, 0.0), weight * score / 100)
        return self._ranked(best, 1.0, rest, norm)

    def _prefix(self, text: str) -> list[LabelHit]:
        """The longest run of leading words that is a known label; the rest is the value."""
        tokens = text.split()
        for count in range(min(len(tokens) - 1, MAX_LABEL_WORDS), 0, -1):
            norm = normalise_label(" ".join(tokens[:count]))
            weights = self.phrases.get(norm)
            marked = tokens[count - 1].endswith((":", "#")) or tokens[count].startswith((":", "#"))
            marked = (
                marked
                or bool(LONE_ID.fullmatch(" ".join(tokens[count:])))
                or _id_then_link(tokens[count:])
                or _a_number_sign_then_figures(tokens[count:])  # "FATTURA DIFFERITA  N. 0322/24"
            )
            if weights and not marked and max(weights.values()) < STRONG:
                continue  # "Van Dijk B.V.": a weak word ("van", from) is a label only when marked as one,
                # or before a lone reference
            if weights:
                signed = _a_number_sign_then_figures(tokens[count:])
                rest = " ".join(tokens[count + signed :]).lstrip(":#.-\u2013=> ")
                goes_on = LABEL_GOES_ON.match(rest)
                if not marked and goes_on and not self._qualifies(weights, goes_on.group()[:-1]):
                    return []  # "Folio fiscal (UUID): 6F2A…": a longer label than "Folio"; not
                    # "Bestellwert netto:", a total before tax
                if tokens[count - 1].endswith("/") and self._another_wording(rest):
                    rest = ""  # "SPETT.LE / CESSIONARIO": two wordings of one label, no value
                rest = _past_a_tax_qualifier(rest)  # "Endbetrag brutto", "Gesamtsumme brutto: 6.253,45"
                if self._another_party_joined(weights, rest):
                    return []  # "Käufer und Verkäufer": a heading over both parties, neither's name
                return self._ranked(weights, 0.97, rest, normalise_label(text))
        return []

    def _qualifies(self, weights: Mapping[str, float], words: str) -> bool:
        """The words after a total's label only qualify it: before or with its tax ("Bestellwert
        netto:", "Gesamtsumme brutto:"), or name the amount it sums ("Summe Umsatzsteuer:")."""
        norm = normalise_label(words)
        if _before_tax().fullmatch(norm) or _after_tax().fullmatch(norm):
            return True
        return TOTAL in weights and bool(self._a_sum_of([LabelHit(TOTAL, 1.0, words)]))

    def _another_party_joined(self, weights: Mapping[str, float], rest: str) -> bool:
        """A party's caption, a conjunction, and another party's caption ("Buyer and Seller")."""
        conjunction, _space, label = rest.partition(" ")
        if normalise_label(conjunction) not in vocab.joining_words(alternatives=False):
            return False
        parties = {field for field in weights if field_type(field) == "party"}
        return bool(parties) and any(
            hit.score >= STRONG and field_type(hit.field) == "party" and hit.field not in parties
            for hit in self._whole(label, "")
        )

    def _another_wording(self, rest: str) -> bool:
        """What follows a label and its slash is the label's other wording: a strong label
        ("SPETT.LE / CESSIONARIO"), or one word with no digit ("DESTINATÁRIO / REMETENTE")."""
        one_word = len(rest.split()) == 1 and not re.search(r"\d", rest)
        return one_word or any(hit.score >= STRONG for hit in self._whole(rest, ""))

    def _excluded(self, field: str, norm: str) -> bool:
        """A near miss for the field, also misspelt ("Total Oty" is "Total Qty", not a total); not
        a label of the field's own that a near miss only resembles ("Rg.-Nr." beside "Reg. No.")."""
        for excluded in self.exclusions.get(field, ()):
            if norm == excluded or norm.startswith(excluded + " "):
                return True
            head = " ".join(norm.split()[: len(excluded.split())])
            own = field in self.phrases.get(head, {})
            if len(excluded) >= 6 and not own and fuzz.ratio(head, excluded) >= FUZZY_MIN:
                return True
        return False

    def _ranked(self, weights: Mapping[str, float], factor: float, rest: str, norm: str) -> list[LabelHit]:
        hits = [
            LabelHit(field, round(weight * factor * _before_tax_factor(field, norm), 3), rest.strip())
            for field, weight in weights.items()
            if not self._excluded(field, norm)
        ]
        return sorted(hits, key=lambda hit: -hit.score)


# A total qualified as before tax ("Total Sales (Excluding GST)", "Totale ordine (IVA esclusa)")
# is a weak total: the order's total when nothing adds the tax, not an invoice's gross.
BEFORE_TAX_TOTAL = 0.7


def _surer(printed: list[LabelHit], misread: list[LabelHit]) -> list[LabelHit]:
    """The hits of a text as printed, or as OCR misread it where those are surer ("FACTURA N2":
    "FACTURA Nº", a whole label, not the weak "FACTURA" before a value "N2")."""
    best = max((hit.score for hit in printed), default=0.0)
    return misread if max((hit.score for hit in misread), default=0.0) > best else printed


def _merged(first: list[LabelHit], second: list[LabelHit]) -> list[LabelHit]:
    """Two readings' hits, the surer one for each field, surest first."""
    best: dict[str, LabelHit] = {}
    for hit in (*first, *second):
        if hit.field not in best or hit.score > best[hit.field].score:
            best[hit.field] = hit
    return sorted(best.values(), key=lambda hit: -hit.score)


def _before_tax_factor(field: str, norm: str) -> float:
    return BEFORE_TAX_TOTAL if field == TOTAL and _before_tax().search(norm) else 1.0


@lru_cache(maxsize=32)
def label_index(fields: tuple[str, ...]) -> LabelIndex:
    """The index of a set of fields, built once and shared by the documents that ask for them."""
    return LabelIndex(fields)


@cache
def _particles() -> frozenset[str]:
    """The small words inside a name that link ("des", "do", "von"), not those that join ("e", "und")."""
    joins = {word.casefold() for lang in vocab.languages() for word in lang.clause_joins}
    return frozenset(word.casefold() for word in vocab.prose_words(lambda words: words.particles)) - joins


@cache
def _before_tax() -> re.Pattern[str]:
    return _any_of(vocab.before_tax_words())


@cache
def _after_tax() -> re.Pattern[str]:
    return _any_of(vocab.after_tax_words())


def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    longest_first = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in longest_first) + r")(?!\w)")


def _past_a_tax_qualifier(rest: str) -> str:
    """What follows a total's label past the words that say it is before or with tax, and their
    colon: "brutto: 6.253,45" → "6.253,45", "(netto)" → "", "brutto 12,00" → "12,00"."""
    words, colon, value = rest.partition(":")
    if not colon:
        words, value = re.match(r"([^\d€$£¥₹]*)(.*)", rest).groups()  # the value's currency kept
    norm = normalise_label(words)
    qualified = bool(norm) and (_before_tax().fullmatch(norm) or _after_tax().fullmatch(norm))
    return value.strip() if qualified else rest


def _taxed_otherwise(label: str, phrase: str) -> bool:
    """One label says before tax where the other says with it ("brutto" against "netto")."""
    before = (bool(_before_tax().search(label)), bool(_before_tax().search(phrase)))
    after = (bool(_after_tax().search(label)), bool(_after_tax().search(phrase)))
    return (before[0] and after[1]) or (after[0] and before[1])


def for_the_attention_of(cell: str) -> bool:
    """Whether a cell names the person at a party who is to read it ("z. Hd. Frau Berger",
    "t.a.v. Jan de Vries", "Attn: Accounts Payable", "Inh. Maria Huber"): not the party's name.
    A label of fewer than three letters is a word of a name ("AT Ï AS FROID": OCR's "ATLAS")."""
    return any(
        hit.field == "contact_person"
        and hit.score >= 0.95
        and hit.rest
        and sum(c.isalpha() for c in cell[: len(cell) - len(hit.rest)]) >= 3
        for hit in label_index(("contact_person",)).hits(cell)
    )
