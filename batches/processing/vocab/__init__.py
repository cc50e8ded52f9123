"""Label vocabularies for several languages, kept as data: one TOML file per language.

Adding a language is adding a file beside this one (``xx.toml``); ``check_languages`` says what
it lacks. Wordings are stored as printed (accents, case, "N°"); ``normalise_label`` is the one
normalisation applied to them and, by the engine, to a document's text, so both meet halfway.
Plain Python: no Django, no third-party imports.
"""

from __future__ import annotations

import re
import string
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

VOCAB_DIR = Path(__file__).resolve().parent

FIELD_NAMES: tuple[str, ...] = (
    "invoice_number",
    "invoice_date",
    "due_date",
    "vendor_name",
    "customer_name",
    "currency",
    "subtotal",
    "tax",
    "total",
    "po_number",
    "order_date",
    "buyer",
    "supplier",
    "merchant_name",
    "date",
    "payment_method",
    "full_name",
    "email",
    "phone",
    "skills",
    "years_experience",
    "account_holder",
    "account_number_last4",
    "statement_period_start",
    "statement_period_end",
    "opening_balance",
    "closing_balance",
    "contact_person",
    "line_items",
)
DOCUMENT_TYPES: tuple[str, ...] = ("invoice", "receipt", "purchase_order", "resume", "bank_statement")
ITEM_COLUMN_NAMES: tuple[str, ...] = ("description", "quantity", "unit_price", "amount")
SECTION_KINDS: tuple[str, ...] = (
    "skills",
    "experience",
    "education",
    "summary",
    "languages",
    "contact",
    "more",
)
DATE_ORDERS: tuple[str, ...] = ("dmy", "mdy", "ymd")
# Display values a payment word maps to; a closed set so a typo in a file is caught by the check.
PAYMENT_METHOD_VALUES: frozenset[str] = frozenset(
    {
        "Cash",
        "Card",
        "Credit Card",
        "Debit Card",
        "Gift Card",
        "Voucher",
        "Bank transfer",
        "Direct debit",
        "Cheque",
        "Visa",
        "Mastercard",
        "Maestro",
        "American Express",
        "Diners Club",
        "Discover",
        "JCB",
        "UnionPay",
        "Apple Pay",
        "Google Pay",
        "Samsung Pay",
        "PayPal",
        "Contactless",
        "Mobile payment",
        "Mobile Money",
        "Bancontact",
        "iDEAL",
        "Twint",
        "Bizum",
        "Satispay",
        "MB Way",
        "Multibanco",
        "Multicaixa",
        "Pix",
        "Boleto",
        "Meal voucher",
        "Store credit",
        "Klarna",
        "Invoice",
        "Cash on delivery",
        "Interac",
        "PayNow",
        "M-Pesa",
        "UPI",
        "GCash",
        "Redcompra",
        "Webpay",
        "Yape",
        "Plin",
        "Nequi",
        "Daviplata",
        "QR Simple",
    }
)
# Fields whose strong labels may coincide within one language: one wording names both because
# the two fields are the same party or the same printed line on different document types.
ALLOWED_OVERLAPS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("vendor_name", "supplier"),
        ("vendor_name", "merchant_name"),
        ("customer_name", "buyer"),
        ("statement_period_start", "statement_period_end"),
    )
)


@dataclass(frozen=True)
class Label:
    text: str
    normalised: str
    language: str
    strong: bool


@dataclass(frozen=True)
class FieldWords:
    labels: tuple[str, ...]
    weak: tuple[str, ...] = ()
    # Near-miss wordings that must not be read as this field ("Total items" is not a total).
    exclude: tuple[str, ...] = ()
    # Labels of the value's first part printed apart before it ("Punto de Venta: 0004" before
    # "Comp. Nro: 00012876"): the value is both, joined by a dash.
    prefix: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProseWords:
    """A language's words of running text: names, letters, careers, tills and statements."""

    particles: tuple[str, ...] = ()  # small words inside a name ("van", "du", "von")
    addressed: tuple[str, ...] = ()  # before whom a document is for ("für", "au nom de")
    at: tuple[str, ...] = ()  # "at" before a company ("bei", "chez")
    payee: tuple[str, ...] = ()  # before the payee in a payment's instructions ("payable to")
    company: tuple[str, ...] = ()  # a party's name in its section ("Denominazione", "Razão social")
    by_address: tuple[str, ...] = ()  # a body named by its building's address ("Condominio Via Nizza 214")
    firm_words: tuple[str, ...] = ()  # words that end a firm's name ("Supplies", "Servicios")
    capital: tuple[str, ...] = ()  # a legal form's share capital after it ("au capital")
    same: tuple[str, ...] = ()  # a party's box referring to another ("O MESMO", "Idem")
    signatures: tuple[str, ...] = ()  # a signature's caption ("Firma autorizada", "Unterschrift")
    column_headings: tuple[str, ...] = ()  # a letterhead's column heading ("KONTAKT", "BANK"): no name
    bank_account: tuple[str, ...] = ()  # a line of bank details ("bank account")
    tax_ids: tuple[str, ...] = ()  # the names of tax and register numbers ("TRN", "NIF"): no party's name
    salesperson: tuple[str, ...] = ()  # a seller's word that may name its employee ("Vendedor: Rafael …")
    purchaser: tuple[str, ...] = ()  # a buyer's word that may name its employee ("Acheteur  Mathieu …")
    purchaser_heading: tuple[str, ...] = ()  # one that does only over a person ("Buyer" over "Priya Kaur")
    branch: tuple[str, ...] = ()  # a branch's word before its place ("Succursale di Ascona")
    departments: tuple[str, ...] = ()  # a department's word ("Accounts Department", "Buchhaltung")
    streets: tuple[str, ...] = ()  # a street's word before its name ("Rue de la Plaine")
    buildings: tuple[str, ...] = ()  # a building's word in an address ("Rickergate House")
    greetings: tuple[str, ...] = ()  # a letter's greeting ("Dear", "Sehr geehrte")
    closings: tuple[str, ...] = ()  # and its closing ("Kind regards", "Mit freundlichen Grüßen")
    dateline: tuple[str, ...] = ()  # between a dateline's town and date ("den", "le")
    copies: tuple[str, ...] = ()  # a copy's mark over the letterhead ("Original", "Duplicado")
    over_address: tuple[str, ...] = ()  # alone over an addressee's name ("Firma", "An")
    mail_headers: tuple[str, ...] = ()  # a printed e-mail's header labels ("From", "Betreff")
    ongoing: tuple[str, ...] = ()  # a position still held ("present", "heute")
    since: tuple[str, ...] = ()  # before its start ("seit 03/2020", "since 2019")
    years: tuple[str, ...] = ()  # "years", "Jahre"
    experience: tuple[str, ...] = ()  # "experience", "Erfahrung" (also ending a longer word)
    career: tuple[str, ...] = ()  # "career", "trayectoria"
    of: tuple[str, ...] = ()  # between them ("of", "de", "d'")
    with_years: tuple[str, ...] = ()  # before a count of years ("with twelve years in", "mit über")
    levels: tuple[str, ...] = ()  # how well a skill is mastered ("Expert", "Avanzado"): no skill
    level_headings: tuple[str, ...] = ()  # a skills table's column of levels ("Level", "Nivel")
    tendered: tuple[str, ...] = ()  # a till's amount handed over ("CASH", "ESPÈCES")
    approved: tuple[str, ...] = ()  # a card terminal's word that the payment went through ("Akkoord")
    paid_with: tuple[str, ...] = ()  # between a payment's label and its card ("PAGAMENTO CON BANCOMAT")
    trades: tuple[str, ...] = ()  # a shop's kind on its sign ("Bar", "Pasticceria"): no name alone
    change: tuple[str, ...] = ()  # and the change given back ("CHANGE", "RÜCKGELD")
    tills: tuple[str, ...] = ()  # a till's word before its number ("Caixa 5", "Kasse 3")
    operators: tuple[str, ...] = ()  # words before the company running the shop ("Gestito da:")
    post_boxes: tuple[str, ...] = ()  # a post box's word ("P.O. Box", "Postfach")
    period: tuple[str, ...] = ()  # a statement's period ("period", "Zeitraum", "relevé")
    period_from: tuple[str, ...] = ()  # words opening it ("from", "vom")
    debit_marks: tuple[str, ...] = ()  # after an amount taken from the account ("233,70 S", "12.40 DR")
    credit_marks: tuple[str, ...] = ()  # after one paid in ("1.456,30 H", "80.00 CR")
    debit: tuple[str, ...] = ()  # a direct debit's sentence ("collect", "abbuch", "prélev")
    debit_on: tuple[str, ...] = ()  # before the day it is taken ("on or after", "am", "le")
    registers: tuple[str, ...] = ()  # a company register's line ("Registro Mercantil", "Amtsgericht")
    carried: tuple[str, ...] = ()  # a table's sum carried to or from another page ("Übertrag", "Report")
    pages: tuple[str, ...] = ()  # the word before a page's count ("Pág. 1/2", "Seite 1 von 3")
    discounts: tuple[str, ...] = ()  # a discount off a total over it ("Desconto", "Remise")
    tips: tuple[str, ...] = ()  # a tip added to a total over it ("Propina", "Trinkgeld")
    units: tuple[str, ...] = ()  # an item table's unit of measure heading ("Unité", "Einheit")
    optional: tuple[str, ...] = ()  # an item offered, not in the sum ("Optional", "Alternativposition")


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    fields: Mapping[str, FieldWords]
    item_columns: Mapping[str, tuple[str, ...]]
    total_stop_words: tuple[str, ...]
    before_tax_words: tuple[str, ...]
    after_tax_words: tuple[str, ...]  # a total's words that say the tax is in it ("brutto", "TTC")
    levied_on_words: tuple[str, ...]  # between a tax's rate and the amount it is levied on ("auf")
    classes: Mapping[str, tuple[tuple[str, float], ...]]
    months: tuple[tuple[str, ...], ...]
    weekdays: tuple[tuple[str, ...], ...]
    date_order: str
    date_order_alternatives: tuple[str, ...]
    range_from: tuple[str, ...]
    range_to: tuple[str, ...]
    decimal: str
    thousands: tuple[str, ...]
    currencies: Mapping[str, tuple[str, ...]]
    payment_methods: Mapping[str, str]
    sections: Mapping[str, tuple[str, ...]]
    common_words: tuple[str, ...]
    source: Path
    letters: str = ""  # the letters beyond a-z it writes, lower case ("äöüß")
    # Words that join a label to its value inside a sentence ("is", "s'élève à", "beträgt").
    sentence_links: tuple[str, ...] = ()
    # Payment sentences and terms: stems of paying, the words before a deadline, "days".
    payment_words: tuple[str, ...] = ()
    deadline_words: tuple[str, ...] = ()
    day_words: tuple[str, ...] = ()
    month_end_words: tuple[str, ...] = ()  # a term counted to the end of the month ("fine mese")
    number_words: tuple[tuple[str, ...], ...] = ()  # by value: number_words[2] = ("two",)
    # Words that join a second clause to a sentence after a value ("und", "et"), and the articles
    # a clause may start with ("einen", "le"): "… 3.800,15 EUR und einen Endsaldo von …".
    clause_joins: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    # Words that offer a second way ("oder", "or"): "… bis 25.03.2025 mit 2 % Skonto oder bis
    # 14.04.2025 netto": each way is a clause of its own.
    clause_alternatives: tuple[str, ...] = ()
    # Words of courtesy before a person's name ("Mme", "Herrn", "Mevrouw"): not part of the name.
    courtesy_titles: tuple[str, ...] = ()
    # Where a phone number printed without its country code is dialled ("06 12 34 56 78": FR).
    phone_regions: tuple[str, ...] = ("US",)
    # The currency its documents count in when no amount shows a sign or a code ("" when unsure).
    usual_currency: str = ""
    prose: ProseWords = ProseWords()


# --- normalisation -------------------------------------------------------------------------

# "N°", "Nº", "N.º", "n.", "No.", "Nr.", "Num.", "Núm." and "#" all say "number".
_NUMBER_SIGN = re.compile(
    # OCR reads "Nº" as "N2" or "N?": "N2 de cuenta", "N.2 da fatura", "N2 pedido", "N? factura"
    r"(?<!\w)n\s*\.?\s*\?|(?<!\w)n\s*\.?\s*2(?=\s+(?:de|do|da|del|di|du|des|dos|das|[^\W\d_]{4,})\b)|"
    r"(?<!\w)n\s*\.?\s*[°º]|(?<!\w)(?:no|nr|nro|num|núm|nbr)\.|(?<!\w)n\.(?![^\W\d_]\.)|#"
)
# A bare "no" says "number" only where a number follows or the label ends ("Invoice No 12",
# "Invoice No"), or "de" and a word ("No de facture", as Québec writes it), so "no se admiten
# devoluciones" keeps its word.
_BARE_NO = re.compile(r"(?<!\w)no(?=\s*[:\-]?\s*(?:\d|$)|\s+(?:de|du|des|del)\s+[^\W\d_])")
# OCR reads a label's last "à" as "&" ("Facturé &", "Livré &"): no name ends on its ampersand.
_A_READ_AS_AMPERSAND = re.compile(r"(?<=[^\W\d_]) &\s*:?\s*$")
_ALWAYS_NUMBER = frozenset({"nr", "nro", "num", "nbr"})
_PUNCTUATION = re.compile(r"[^\w\s]|_")
# Initials each with its point ("H.T.", "T.V.A.", "P.U."): one word, as printed without points.
_INITIALS = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.){2,}(?![^\W\d_])")
# A standard's code for the field, bracketed after its label ("Rechnungsnummer (BT-1):", "Käufer
# (BG-7)", as an e-invoice's printout names EN 16931's terms): no part of the label's wording.
FIELD_CODE = re.compile(r"\s*\(\s*[A-Z]{2,3}-\d{1,3}(?:/\d{1,3})*\s*\)(?=\s*(?::|$))")


@lru_cache(maxsize=20_000)
def initials_joined(text: str) -> str:
    """Initials written with points as one word ("Montant H.T." → "Montant HT", "T.V.A. 20 %")."""
    return _INITIALS.sub(lambda initials: initials.group().replace(".", "") + " ", text)


@lru_cache(maxsize=65_536)
def normalise_label(text: str) -> str:
    """Casefold, drop accents, spell number signs as "number", punctuation as spaces (cached: the
    same cells and labels are normalised again and again)."""
    lowered = FIELD_CODE.sub("", text).casefold()
    lowered = _NUMBER_SIGN.sub(" number ", lowered)
    lowered = _BARE_NO.sub(" number ", lowered)
    lowered = _A_READ_AS_AMPERSAND.sub(" a", lowered)
    stripped = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    words = _PUNCTUATION.sub(" ", stripped).split()
    return " ".join("number" if w in _ALWAYS_NUMBER else w for w in words)


# --- loading -------------------------------------------------------------------------------


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: expected a list of strings")
    return tuple(value)


def _letters(value: Any, where: str) -> str:
    if not isinstance(value, str) or not all(c.isalpha() and c == c.lower() for c in value):
        raise ValueError(f"{where}: expected a string of lower-case letters")
    return value


def _weighted(value: Any, where: str) -> tuple[tuple[str, float], ...]:
    out = []
    for entry in value or ():
        if not (
            isinstance(entry, list)
            and len(entry) == 2
            and isinstance(entry[0], str)
            and isinstance(entry[1], int | float)
        ):
            raise ValueError(f"{where}: expected [phrase, weight] pairs, got {entry!r}")
        out.append((entry[0], float(entry[1])))
    return tuple(out)


def _language_from(data: dict[str, Any], path: Path) -> Language:
    where = path.name
    fields = {
        name: FieldWords(
            labels=_strings(words.get("labels"), f"{where} fields.{name}.labels"),
            weak=_strings(words.get("weak"), f"{where} fields.{name}.weak"),
            exclude=_strings(words.get("exclude"), f"{where} fields.{name}.exclude"),
            prefix=_strings(words.get("prefix"), f"{where} fields.{name}.prefix"),
        )
        for name, words in data.get("fields", {}).items()
    }
    dates = data.get("dates", {})
    ranges = dates.get("range_words", {})
    numbers = data.get("numbers", {})
    return Language(
        code=data.get("code", path.stem),
        name=data.get("name", path.stem),
        fields=fields,
        item_columns={
            k: _strings(v, f"{where} item_columns.{k}") for k, v in data.get("item_columns", {}).items()
        },
        total_stop_words=_strings(data.get("stop_words", {}).get("totals"), f"{where} stop_words.totals"),
        before_tax_words=_strings(
            data.get("stop_words", {}).get("before_tax"), f"{where} stop_words.before_tax"
        ),
        after_tax_words=_strings(
            data.get("stop_words", {}).get("after_tax"), f"{where} stop_words.after_tax"
        ),
        levied_on_words=_strings(
            data.get("stop_words", {}).get("levied_on"), f"{where} stop_words.levied_on"
        ),
        classes={k: _weighted(v, f"{where} classes.{k}") for k, v in data.get("classes", {}).items()},
        months=tuple(_strings(m, f"{where} dates.months") for m in dates.get("months", ())),
        weekdays=tuple(_strings(d, f"{where} dates.weekdays") for d in dates.get("weekdays", ())),
        date_order=dates.get("order", "dmy"),
        date_order_alternatives=_strings(
            dates.get("order_alternatives"), f"{where} dates.order_alternatives"
        ),
        range_from=_strings(ranges.get("from"), f"{where} dates.range_words.from"),
        range_to=_strings(ranges.get("to"), f"{where} dates.range_words.to"),
        decimal=numbers.get("decimal", "."),
        thousands=_strings(numbers.get("thousands"), f"{where} numbers.thousands"),
        currencies={
            k: _strings(v, f"{where} numbers.currencies.{k}")
            for k, v in numbers.get("currencies", {}).items()
        },
        payment_methods=dict(data.get("payment_methods", {})),
        sections={k: _strings(v, f"{where} sections.{k}") for k, v in data.get("sections", {}).items()},
        common_words=_strings(
            data.get("detection", {}).get("common_words"), f"{where} detection.common_words"
        ),
        source=path,
        letters=_letters(data.get("detection", {}).get("letters", ""), f"{where} detection.letters"),
        sentence_links=_strings(data.get("sentences", {}).get("links"), f"{where} sentences.links"),
        payment_words=_strings(data.get("sentences", {}).get("payment"), f"{where} sentences.payment"),
        deadline_words=_strings(data.get("sentences", {}).get("deadline"), f"{where} sentences.deadline"),
        day_words=_strings(data.get("sentences", {}).get("days"), f"{where} sentences.days"),
        month_end_words=_strings(data.get("sentences", {}).get("month_end"), f"{where} sentences.month_end"),
        number_words=tuple(_strings(w, f"{where} numbers.words") for w in numbers.get("words", ())),
        courtesy_titles=_strings(data.get("names", {}).get("courtesy"), f"{where} names.courtesy"),
        phone_regions=_strings(numbers.get("phone_regions"), f"{where} numbers.phone_regions") or ("US",),
        usual_currency=numbers.get("usual_currency", ""),
        clause_joins=_strings(data.get("sentences", {}).get("joins"), f"{where} sentences.joins"),
        articles=_strings(data.get("sentences", {}).get("articles"), f"{where} sentences.articles"),
        clause_alternatives=_strings(
            data.get("sentences", {}).get("alternatives"), f"{where} sentences.alternatives"
        ),
        prose=_prose_words(data, where),
    )


def _prose_words(data: Mapping[str, Any], where: str) -> ProseWords:
    names, letters, resumes, receipts, statements, debits, registers, tables = (
        data.get(section, {})
        for section in (
            "names",
            "letters",
            "resumes",
            "receipts",
            "statements",
            "debits",
            "registers",
            "tables",
        )
    )
    return ProseWords(
        particles=_strings(names.get("particles"), f"{where} names.particles"),
        addressed=_strings(names.get("for"), f"{where} names.for"),
        at=_strings(names.get("at"), f"{where} names.at"),
        payee=_strings(names.get("payee"), f"{where} names.payee"),
        company=_strings(names.get("company"), f"{where} names.company"),
        by_address=_strings(names.get("by_address"), f"{where} names.by_address"),
        firm_words=_strings(names.get("firm_words"), f"{where} names.firm_words"),
        capital=_strings(names.get("capital"), f"{where} names.capital"),
        same=_strings(names.get("same"), f"{where} names.same"),
        signatures=_strings(names.get("signatures"), f"{where} names.signatures"),
        column_headings=_strings(names.get("column_headings"), f"{where} names.column_headings"),
        bank_account=_strings(names.get("bank_account"), f"{where} names.bank_account"),
        tax_ids=_strings(names.get("tax_ids"), f"{where} names.tax_ids"),
        salesperson=_strings(names.get("salesperson"), f"{where} names.salesperson"),
        purchaser=_strings(names.get("purchaser"), f"{where} names.purchaser"),
        purchaser_heading=_strings(names.get("purchaser_heading"), f"{where} names.purchaser_heading"),
        branch=_strings(names.get("branch"), f"{where} names.branch"),
        departments=_strings(names.get("departments"), f"{where} names.departments"),
        streets=_strings(names.get("streets"), f"{where} names.streets"),
        buildings=_strings(names.get("buildings"), f"{where} names.buildings"),
        greetings=_strings(letters.get("greetings"), f"{where} letters.greetings"),
        closings=_strings(letters.get("closings"), f"{where} letters.closings"),
        dateline=_strings(letters.get("dateline"), f"{where} letters.dateline"),
        copies=_strings(letters.get("copies"), f"{where} letters.copies"),
        over_address=_strings(letters.get("over_address"), f"{where} letters.over_address"),
        mail_headers=_strings(letters.get("mail_headers"), f"{where} letters.mail_headers"),
        ongoing=_strings(resumes.get("ongoing"), f"{where} resumes.ongoing"),
        since=_strings(resumes.get("since"), f"{where} resumes.since"),
        years=_strings(resumes.get("years"), f"{where} resumes.years"),
        experience=_strings(resumes.get("experience"), f"{where} resumes.experience"),
        career=_strings(resumes.get("career"), f"{where} resumes.career"),
        of=_strings(resumes.get("of"), f"{where} resumes.of"),
        with_years=_strings(resumes.get("with_years"), f"{where} resumes.with_years"),
        levels=_strings(resumes.get("levels"), f"{where} resumes.levels"),
        level_headings=_strings(resumes.get("level_headings"), f"{where} resumes.level_headings"),
        tendered=_strings(receipts.get("tendered"), f"{where} receipts.tendered"),
        approved=_strings(receipts.get("approved"), f"{where} receipts.approved"),
        paid_with=_strings(receipts.get("paid_with"), f"{where} receipts.paid_with"),
        change=_strings(receipts.get("change"), f"{where} receipts.change"),
        tills=_strings(receipts.get("tills"), f"{where} receipts.tills"),
        operators=_strings(receipts.get("operators"), f"{where} receipts.operators"),
        post_boxes=_strings(receipts.get("post_boxes"), f"{where} receipts.post_boxes"),
        trades=_strings(receipts.get("trades"), f"{where} receipts.trades"),
        period=_strings(statements.get("period"), f"{where} statements.period"),
        period_from=_strings(statements.get("period_from"), f"{where} statements.period_from"),
        debit_marks=_strings(statements.get("debit_marks"), f"{where} statements.debit_marks"),
        credit_marks=_strings(statements.get("credit_marks"), f"{where} statements.credit_marks"),
        debit=_strings(debits.get("words"), f"{where} debits.words"),
        debit_on=_strings(debits.get("on"), f"{where} debits.on"),
        registers=_strings(registers.get("words"), f"{where} registers.words"),
        carried=_strings(tables.get("carried"), f"{where} tables.carried"),
        pages=_strings(tables.get("pages"), f"{where} tables.pages"),
        discounts=_strings(tables.get("discounts"), f"{where} tables.discounts"),
        tips=_strings(tables.get("tips"), f"{where} tables.tips"),
        units=_strings(tables.get("units"), f"{where} tables.units"),
        optional=_strings(tables.get("optional"), f"{where} tables.optional"),
    )


def load_language(path: Path) -> Language:
    with path.open("rb") as handle:
        return _language_from(tomllib.load(handle), path)


def load_languages(folder: Path) -> list[Language]:
    """Every ``*.toml`` in the folder, sorted by language code."""
    return sorted((load_language(p) for p in folder.glob("*.toml")), key=lambda lang: lang.code)


@cache
def languages() -> list[Language]:
    return load_languages(VOCAB_DIR)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


# --- fields and tables ---------------------------------------------------------------------


def all_field_names() -> list[str]:
    return list(FIELD_NAMES)


@cache
def _labels_by_field() -> dict[str, tuple[Label, ...]]:
    out: dict[str, list[Label]] = {}
    for lang in languages():
        for name, words in lang.fields.items():
            bucket = out.setdefault(name, [])
            for strong, texts in ((True, words.labels), (False, words.weak)):
                bucket.extend(Label(t, normalise_label(t), lang.code, strong) for t in texts)
    return {name: tuple(labels) for name, labels in out.items()}


def field_labels(field: str) -> list[Label]:
    """Every language's wordings for a field, strong ones and weak ones; [] for an unknown field."""
    return list(_labels_by_field().get(field, ()))


@cache
def prefix_labels(field: str) -> frozenset[str]:
    """Every language's labels of a field's first part printed apart before it, normalised."""
    return frozenset(
        normalise_label(text)
        for lang in languages()
        for text in getattr(lang.fields.get(field), "prefix", ())
    )


@cache
def _exclusions() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for lang in languages():
        for name, words in lang.fields.items():
            out.setdefault(name, []).extend(normalise_label(t) for t in words.exclude)
    return {name: tuple(_unique(texts)) for name, texts in out.items()}


def field_exclusions(field: str) -> list[str]:
    """Normalised near-miss wordings that name something else ("total qty" for total)."""
    return list(_exclusions().get(field, ()))


@cache
def _item_columns() -> dict[str, tuple[Label, ...]]:
    return {
        column: tuple(
            Label(t, normalise_label(t), lang.code, True)
            for lang in languages()
            for t in lang.item_columns.get(column, ())
        )
        for column in ITEM_COLUMN_NAMES
    }


def item_column_labels() -> dict[str, list[Label]]:
    return {column: list(labels) for column, labels in _item_columns().items()}


@cache
def _total_stop_words() -> tuple[str, ...]:
    return tuple(_unique(normalise_label(w) for lang in languages() for w in lang.total_stop_words))


def total_stop_words() -> list[str]:
    """Normalised words that open the totals block under an item table, all languages."""
    return list(_total_stop_words())


@cache
def before_tax_words() -> tuple[str, ...]:
    """Normalised words that make a total's label name the amount before tax, all languages."""
    return tuple(_unique(normalise_label(w) for lang in languages() for w in lang.before_tax_words))


@cache
def after_tax_words() -> tuple[str, ...]:
    """Normalised words that make a total's label name the amount with its tax, all languages."""
    return tuple(_unique(normalise_label(w) for lang in languages() for w in lang.after_tax_words))


@cache
def levied_on_words() -> frozenset[str]:
    """Normalised words between a tax's rate and the amount it is levied on ("20 % USt. von
    3.985,00", "TVA 20 % sur 1 250,00"), all languages."""
    return frozenset(normalise_label(w) for lang in languages() for w in lang.levied_on_words)


# --- classification ------------------------------------------------------------------------


@cache
def _class_keywords() -> dict[str, tuple[tuple[str, float], ...]]:
    merged: dict[str, dict[str, float]] = {kind: {} for kind in DOCUMENT_TYPES}
    for lang in languages():
        for kind, words in lang.classes.items():
            bucket = merged.setdefault(kind, {})
            for phrase, weight in words:
                key = normalise_label(phrase)
                bucket[key] = max(weight, bucket.get(key, weight))  # a phrase shared by languages counts once
    return {kind: tuple(words.items()) for kind, words in merged.items()}


def class_keywords() -> dict[str, list[tuple[str, float]]]:
    """Normalised keyword phrases and their weights per document type, merged across languages."""
    return {kind: list(words) for kind, words in _class_keywords().items()}


TITLE_WEIGHT = 2.5  # a type's keyword this telling is its documents' title ("Fatura", "Rechnung")


@cache
def document_titles() -> frozenset[str]:
    """Normalised phrases that title a document of a type ("fatura", "nota de encomenda"): a line
    that reads only that is no one's name."""
    return frozenset(
        phrase for words in _class_keywords().values() for phrase, weight in words if weight >= TITLE_WEIGHT
    )


def usual_currency(language: str) -> str:
    """The currency a language's documents most often count in ("" when that is unsure: English)."""
    return next((lang.usual_currency for lang in languages() if lang.code == language), "")


@cache
def known_phone_regions() -> frozenset[str]:
    """Every region a vocabulary dials numbers in."""
    return frozenset(region for lang in languages() for region in lang.phone_regions)


def phone_regions(language: str) -> tuple[str, ...]:
    """Where a language's documents may dial numbers without a country code, likeliest first
    (("US",) when the language is unknown)."""
    return next((lang.phone_regions for lang in languages() if lang.code == language), ("US",))


@cache
def courtesy_titles() -> tuple[str, ...]:
    """Every language's words of courtesy before a name, as printed, longest first."""
    titles = {t for lang in languages() for t in lang.courtesy_titles}
    return tuple(sorted(titles, key=len, reverse=True))


# A title this long read with spaces inside, perhaps one letter misread, is still the title.
SPACED_TITLE_LETTERS = 6


@cache
def _spaceless_titles() -> dict[int, tuple[str, ...]]:
    """The titles without their spaces, by their length (a text is compared with those of its own)."""
    by_length: dict[int, set[str]] = {}
    for title in document_titles():
        if len(title) >= SPACED_TITLE_LETTERS:
            spaceless = title.replace(" ", "")
            by_length.setdefault(len(spaceless), set()).add(spaceless)
    return {length: tuple(sorted(titles)) for length, titles in by_length.items()}


# A title and a note in brackets after it ("FACTURA (CFDI 4.0)", "Rechnung (Kopie)").
TITLE_NOTE = re.compile(r"(.+?)\s*\([^()]*\)")


def is_document_title(text: str) -> bool:
    """Whether a text is a document's title ("FATTURA", "Rechnung", "Nota de encomenda"), also as
    OCR spaces a large one out ("F ACTU RA", "E ACTU UR" for FACTUUR with its F read as E)."""
    norm = normalise_label(text)
    if norm in document_titles():
        return True
    noted = TITLE_NOTE.fullmatch(text.strip())
    if noted and normalise_label(noted.group(1)) in document_titles():
        return True  # "FACTURA (CFDI 4.0)"
    if a_title_in_two_wordings(text):
        return True
    if " " not in norm:
        return False
    words = norm.split()
    if len(words) >= 2 and words[0] in document_titles() and words[1] in _title_links():
        return True  # "FATURA DE LOCAÇÃO DE BENS MÓVEIS": the title and what it is for
    spaceless = norm.replace(" ", "")
    return any(
        sum(a != b for a, b in zip(title, spaceless, strict=True)) <= 1
        for title in _spaceless_titles().get(len(spaceless), ())
    )


def a_title_in_two_wordings(text: str) -> bool:
    """Whether a text is a document's title in two wordings, a slash between them ("TAX INVOICE /
    CASH MEMO")."""
    wordings = text.split(" / ")
    return len(wordings) > 1 and all(normalise_label(wording) in document_titles() for wording in wordings)


@cache
def _title_links() -> frozenset[str]:
    """The small words after a title that say what it is for or of ("de", "of", "van", "di")."""
    joins = {word.casefold() for lang in languages() for word in lang.clause_joins}
    links = {word for lang in languages() for word in (*lang.prose.of, *lang.prose.particles)}
    return frozenset(normalise_label(word) for word in links if word.casefold() not in joins) - {""}


# --- dates ---------------------------------------------------------------------------------


def _month_table(langs: Iterable[Language]) -> tuple[dict[str, int], list[str]]:
    table: dict[str, int] = {}
    conflicts: list[str] = []
    for lang in langs:
        for number, names in enumerate(lang.months, start=1):
            for name in names:
                key = normalise_label(name)
                if table.setdefault(key, number) != number:
                    conflicts.append(
                        f"{lang.code}: month word {name!r} is month {table[key]} in another language"
                    )
    return table, conflicts


@cache
def _months() -> dict[str, int]:
    return _month_table(languages())[0]


def month_number(word: str) -> int | None:
    """1..12 for a month name or abbreviation in any language ("Juillet", "okt.", "março")."""
    return _months().get(normalise_label(word))


@cache
def _weekday_words() -> frozenset[str]:
    return frozenset(normalise_label(w) for lang in languages() for day in lang.weekdays for w in day)


def weekday_words() -> set[str]:
    """Normalised weekday names and abbreviations; includes short ones like "di" and "ma"."""
    return set(_weekday_words())


@cache
def _number_words() -> dict[str, int]:
    return {
        word.casefold(): value
        for lang in languages()
        for value, words in enumerate(lang.number_words)
        for word in words
    }


def number_word(word: str) -> int | None:
    """The value of a number written as a word in any language ("dos", "zwölf", "dix-huit")."""
    return _number_words().get(word.casefold())


@cache
def sentence_links() -> tuple[str, ...]:
    """Every language's words between a label and its value in a sentence, longest first."""
    links = {link.casefold() for lang in languages() for link in lang.sentence_links}
    return tuple(sorted(links, key=len, reverse=True))


def prose_words(words: Callable[[ProseWords], tuple[str, ...]]) -> tuple[str, ...]:
    """Every language's words of one kind (``prose_words(lambda p: p.ongoing)``), longest first."""
    found = {word for lang in languages() for word in words(lang.prose)}
    return tuple(sorted(found, key=lambda word: (-len(word), word)))


def range_words_to() -> tuple[str, ...]:
    """Every language's words ending a range ("to", "bis", "hasta"), as printed, longest first."""
    found = {word for lang in languages() for word in lang.range_to}
    return tuple(sorted(found, key=lambda word: (-len(word), word)))


def alternation(phrases: Iterable[str]) -> str:
    """A regular expression's alternatives matching any of the phrases as printed, longest first."""
    return "|".join(re.escape(phrase) for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)))


@cache
def clause_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every language's words joining a second clause, and its articles, each longest first."""
    joins = {w.casefold() for lang in languages() for w in lang.clause_joins}
    articles = {w.casefold() for lang in languages() for w in lang.articles}
    return tuple(sorted(joins, key=len, reverse=True)), tuple(sorted(articles, key=len, reverse=True))


@dataclass(frozen=True)
class TermWords:
    """Every language's words of payment terms, longest first."""

    payment: tuple[str, ...]
    deadline: tuple[str, ...]
    days: tuple[str, ...]
    month_end: tuple[str, ...]


@cache
def term_words() -> TermWords:
    def joined(words) -> tuple[str, ...]:
        return tuple(sorted({w.casefold() for w in words}, key=len, reverse=True))

    langs = languages()
    return TermWords(
        joined(w for lang in langs for w in lang.payment_words),
        joined(w for lang in langs for w in lang.deadline_words),
        joined(w for lang in langs for w in lang.day_words),
        joined(w for lang in langs for w in lang.month_end_words),
    )


@cache
def _range_words() -> tuple[frozenset[str], frozenset[str]]:
    starts = frozenset(normalise_label(w) for lang in languages() for w in lang.range_from)
    ends = frozenset(normalise_label(w) for lang in languages() for w in lang.range_to)
    return starts, ends


def range_words() -> tuple[set[str], set[str]]:
    """(words before a range's start, words before its end): "du"/"au", "vom"/"bis", ..."""
    starts, ends = _range_words()
    return set(starts), set(ends)


def numeric_date_orders(language: str | None = None) -> tuple[str, ...]:
    """Numeric date orders to try, usual first: ("mdy", "dmy") for English, ("dmy",) for French.

    Without a language, every order any vocabulary uses, the most common first.
    """
    if language is not None:
        for lang in languages():
            if lang.code == language:
                return (lang.date_order, *(o for o in lang.date_order_alternatives if o != lang.date_order))
        return ("dmy", "mdy")
    counts = Counter(o for lang in languages() for o in (lang.date_order, *lang.date_order_alternatives))
    return tuple(order for order, _n in counts.most_common())


# --- numbers, money, payment ---------------------------------------------------------------


def number_separators(language: str) -> tuple[str, tuple[str, ...]]:
    """(decimal separator, thousands separators) for a language code; English's if unknown."""
    by_code = {lang.code: lang for lang in languages()}
    lang = by_code.get(language) or by_code.get(ENGLISH)
    return (lang.decimal, lang.thousands) if lang else (".", (",",))


@cache
def _currency_words() -> dict[str, str]:
    return {
        normalise_label(w): code
        for lang in languages()
        for code, words in lang.currencies.items()
        for w in words
    }


def currency_code(word_or_phrase: str) -> str | None:
    """ISO code for a currency word ("euros", "Franken", "reais"); None when unknown."""
    return _currency_words().get(normalise_label(word_or_phrase))


@cache
def currency_names() -> re.Pattern[str]:
    """Every language's currency names in words ("Indian Rupees", "pesos mexicanos"), longest first;
    not the codes and signs, which amounts carry."""
    names = {
        word
        for lang in languages()
        for words in lang.currencies.values()
        for word in words
        if any(c.islower() for c in word)
    }
    return re.compile(rf"(?<!\w)(?:{alternation(names)})(?!\w)", re.I)


@cache
def _payment_methods() -> dict[str, tuple[str, bool]]:
    """Normalised wording → (display value, whether it is an acronym printed in capitals)."""
    return {
        normalise_label(phrase): (value, _an_acronym(phrase))
        for lang in languages()
        for phrase, value in lang.payment_methods.items()
    }


def _an_acronym(phrase: str) -> bool:
    return phrase.isupper() and sum(c.isalpha() for c in phrase) >= 2


@cache
def payment_wordings() -> tuple[str, ...]:
    """Every language's payment wordings as the vocabularies spell them ("Carte bancaire")."""
    return tuple(_unique(phrase for lang in languages() for phrase in lang.payment_methods))


def payment_method(word_or_phrase: str) -> str | None:
    """Display value ("Cash", "Card", "Visa") for a payment wording in any language. An acronym
    ("DOC", "TED", "ACH") is one only in capitals: "Doc No." and "Ted" are no payment."""
    value, acronym = _payment_methods().get(normalise_label(word_or_phrase), (None, False))
    if acronym and any(c.islower() for c in word_or_phrase):
        return None
    return value


def payments_named(text: str, words_read: int = 6) -> set[str]:
    """The payment methods a few words name, in their first ``words_read`` ("Carte bancaire",
    "Mastercard ****3390", "VISA")."""
    words = re.findall(r"[^\W\d_]+", text)[:words_read]
    methods = {
        payment_method(" ".join(words[at : at + size]))
        for size in (1, 2, 3)
        for at in range(max(len(words) - size + 1, 0))
    }
    return methods - {None}


# --- résumés -------------------------------------------------------------------------------


@cache
def _sections() -> dict[str, tuple[str, ...]]:
    return {
        kind: tuple(
            _unique(
                wording
                for lang in languages()
                for h in lang.sections.get(kind, ())
                for wording in _with_an_ampersand(normalise_label(h))
            )
        )
        for kind in SECTION_KINDS
    }


def _with_an_ampersand(heading: str) -> tuple[str, ...]:
    """A heading, and where it joins two words by "and" the same with "&" (which normalises to
    nothing): "Kennis & vaardigheden" is "Kennis en vaardigheden"."""
    words = heading.split()
    joined = [word for word in words if word not in joining_words(alternatives=False)]
    return (heading, " ".join(joined)) if 0 < len(words) - len(joined) < len(words) - 1 else (heading,)


@cache
def joining_words(*, alternatives: bool = True) -> frozenset[str]:
    """Every language's one-word conjunctions, normalised: those joining two things ("and", "und",
    "et", `[sentences] joins`), and with ``alternatives`` those offering another ("or", "oder")."""
    words = [
        w for lang in languages() for w in (*lang.clause_joins, *(lang.clause_alternatives * alternatives))
    ]
    return frozenset(normalise_label(word) for word in words if " " not in word.strip())


def section_headings(kind: str) -> list[str]:
    """Normalised résumé headings of one kind (skills, experience, education, summary, languages)."""
    return list(_sections().get(kind, ()))


@cache
def headings_other_than(kind: str) -> frozenset[str]:
    """Normalised résumé headings of every kind of section but one: where that one's section ends."""
    return frozenset(
        heading for other in SECTION_KINDS if other != kind for heading in section_headings(other)
    )


# --- language detection --------------------------------------------------------------------


def _vocabulary_words(lang: Language) -> set[str]:
    phrases: list[str] = [*lang.common_words, *lang.payment_methods]
    for words in lang.fields.values():
        phrases += [*words.labels, *words.weak]
    for texts in (*lang.item_columns.values(), *lang.sections.values(), *lang.months, *lang.weekdays):
        phrases += texts
    phrases += [phrase for words in lang.classes.values() for phrase, _w in words]
    return {w for p in phrases for w in normalise_label(p).split() if len(w) >= 2 and not w.isdigit()}


def letters(code: str) -> frozenset[str]:
    """The letters a language writes, lower case: a-z and its own ('ç' and 'ã' for Portuguese,
    never 'ä'). Every letter for a language with no vocabulary."""
    lang = next((lang for lang in languages() if lang.code == code), None)
    return frozenset(string.ascii_lowercase + lang.letters) if lang else frozenset()


@cache
def _known_words() -> frozenset[str]:
    return frozenset(word for lang in languages() for word in _vocabulary_words(lang))


@cache
def _common_words() -> frozenset[str]:
    return frozenset(normalise_label(word) for lang in languages() for word in lang.common_words)


def common_word(text: str) -> bool:
    """A word of everyday prose in some language ("received", "und", "pour"), whatever its case."""
    return normalise_label(text) in _common_words()


def known_word(text: str) -> bool:
    """A word some vocabulary uses ("forward", "Rechnung"), whatever its case and punctuation."""
    words = normalise_label(text).split()
    return len(words) == 1 and words[0] in _known_words()


@cache
def _distinctive_words() -> dict[str, str]:
    """Word → the one language whose vocabulary uses it (words shared by languages say nothing)."""
    owners: dict[str, set[str]] = {}
    for lang in languages():
        for word in _vocabulary_words(lang):
            owners.setdefault(word, set()).add(lang.code)
    return {word: codes.pop() for word, codes in owners.items() if len(codes) == 1}


ENGLISH = "en"
FRENCH = "fr"
GERMAN = "de"
ITALIAN = "it"
SPANISH = "es"


def language_of(text: str, *, default: str = ENGLISH) -> str:
    """Guess a text's language by counting words only one vocabulary uses; cheap, first 20k chars."""
    owners = _distinctive_words()
    counts = Counter(owners[w] for w in normalise_label(text[:20000]).split() if w in owners)
    if not counts:
        return default
    best = max(counts.values())
    leaders = sorted(code for code, n in counts.items() if n == best)
    return default if default in leaders else leaders[0]


# --- checking a file -----------------------------------------------------------------------


def _phrases(lang: Language) -> Iterable[tuple[str, str]]:
    """(where, phrase) for every phrase in a language, to check none normalises to nothing."""
    for name, words in lang.fields.items():
        for key, texts in (("labels", words.labels), ("weak", words.weak), ("exclude", words.exclude)):
            yield from ((f"fields.{name}.{key}", t) for t in texts)
    for column, texts in lang.item_columns.items():
        yield from ((f"item_columns.{column}", t) for t in texts)
    yield from (("stop_words.totals", t) for t in lang.total_stop_words)
    yield from (("stop_words.before_tax", t) for t in lang.before_tax_words)
    yield from (("stop_words.after_tax", t) for t in lang.after_tax_words)
    yield from (("stop_words.levied_on", t) for t in lang.levied_on_words)
    for kind, words in lang.classes.items():
        yield from ((f"classes.{kind}", p) for p, _w in words)
    for month in lang.months:
        yield from (("dates.months", m) for m in month)
    for day in lang.weekdays:
        yield from (("dates.weekdays", d) for d in day)
    yield from (("dates.range_words", w) for w in (*lang.range_from, *lang.range_to))
    for code, texts in lang.currencies.items():
        yield from ((f"numbers.currencies.{code}", t) for t in texts)
    yield from (("payment_methods", p) for p in lang.payment_methods)
    for kind, texts in lang.sections.items():
        yield from ((f"sections.{kind}", t) for t in texts)
    yield from (("names.courtesy", t) for t in lang.courtesy_titles)
    yield from (("sentences.joins", t) for t in lang.clause_joins)
    yield from (("sentences.articles", t) for t in lang.articles)
    for kind, texts in asdict(lang.prose).items():
        yield from ((f"prose.{kind}", t) for t in texts)


def _structure_problems(lang: Language) -> list[str]:
    problems = [f"fields.{f}: missing" for f in FIELD_NAMES if f not in lang.fields]
    problems += [f"fields.{f}: not a canonical field" for f in lang.fields if f not in FIELD_NAMES]
    problems += [f"fields.{f}: no strong label" for f, w in lang.fields.items() if not w.labels]
    problems += [f"item_columns.{c}: missing" for c in ITEM_COLUMN_NAMES if not lang.item_columns.get(c)]
    problems += [f"classes.{t}: missing" for t in DOCUMENT_TYPES if not lang.classes.get(t)]
    problems += [f"sections.{k}: missing" for k in SECTION_KINDS if not lang.sections.get(k)]
    if not lang.total_stop_words:
        problems.append("stop_words.totals: missing")
    if len(lang.months) != 12 or not all(lang.months):
        problems.append(f"dates.months: {len(lang.months)} months, expected 12")
    if len(lang.weekdays) != 7 or not all(lang.weekdays):
        problems.append(f"dates.weekdays: {len(lang.weekdays)} days, expected 7")
    for order in (lang.date_order, *lang.date_order_alternatives):
        if order not in DATE_ORDERS:
            problems.append(f"dates.order: {order!r} is not one of {DATE_ORDERS}")
    if not lang.range_from or not lang.range_to:
        problems.append("dates.range_words: needs both from and to")
    if lang.decimal not in (".", ","):
        problems.append(f"numbers.decimal: {lang.decimal!r}")
    problems += [
        f"payment_methods.{p!r}: {v!r} is not a known display value"
        for p, v in lang.payment_methods.items()
        if v not in PAYMENT_METHOD_VALUES
    ]
    return problems


def _overlap_problems(lang: Language) -> list[str]:
    owners: dict[str, set[str]] = {}
    for name, words in lang.fields.items():
        for text in words.labels:
            owners.setdefault(normalise_label(text), set()).add(name)
    problems = []
    for phrase, names in sorted(owners.items()):
        clashes = sorted(
            f"{a}/{b}" for a in names for b in names if a < b and frozenset((a, b)) not in ALLOWED_OVERLAPS
        )
        problems += [f"strong label {phrase!r} names both {pair}" for pair in clashes]
    return problems


def check_language(lang: Language) -> list[str]:
    """What a vocabulary file lacks or gets wrong; [] when it is complete."""
    problems = _structure_problems(lang)
    problems += [
        f"{where}: {text!r} normalises to nothing"
        for where, text in _phrases(lang)
        if not normalise_label(text)
    ]
    problems += _overlap_problems(lang)
    return [f"{lang.source.name}: {p}" for p in problems]


def check_languages(langs: Iterable[Language] | None = None) -> list[str]:
    """Every file's problems plus those between files (a month word meaning two months)."""
    langs = list(languages() if langs is None else langs)
    problems = [p for lang in langs for p in check_language(lang)]
    codes = Counter(lang.code for lang in langs)
    problems += [f"language code {code!r} used by {n} files" for code, n in codes.items() if n > 1]
    problems += _month_table(langs)[1]
    problems += _mapping_conflicts(langs, "payment method", lambda lang: lang.payment_methods.items())
    problems += _mapping_conflicts(
        langs, "currency", lambda lang: ((w, code) for code, words in lang.currencies.items() for w in words)
    )
    return problems


def _mapping_conflicts(
    langs: Iterable[Language], what: str, pairs: Callable[[Language], Iterable[tuple[str, str]]]
) -> list[str]:
    """Phrases that two files map to different values: the merged lookup would keep only one."""
    seen: dict[str, tuple[str, str]] = {}
    problems = []
    for lang in langs:
        for phrase, value in pairs(lang):
            key = normalise_label(phrase)
            first = seen.setdefault(key, (value, lang.code))
            if first[0] != value:
                problems.append(
                    f"{lang.code}: {what} {phrase!r} is {value!r} here, {first[0]!r} in {first[1]}"
                )
    return problems
