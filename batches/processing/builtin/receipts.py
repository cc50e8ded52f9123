"""What a till receipt says without labels: who sold, and what was paid.

- **Paid total**: a till prints what was handed over and what came back ("CASH 100.00",
  "CHANGE 19.10"); tendered minus change is the total paid, which picks the right one among several
  "total" lines (before rounding, after rounding, the tax summary's own "TOTAL").
- **Merchant**: the top lines are scored rather than taken in order. A business word or legal
  form (SDN BHD, ENTERPRISE, RESTAURANT, GmbH...), capitals, OCR confidence and size count for a
  line; digits, an address, a registration number or a label count against it. A name that ends
  in "&" goes on on the next line; a registration number after the name is dropped. The company
  that keeps the shop, printed with its legal form right under the sign, is the merchant (as real
  receipts are labelled: the company as printed).
"""

from __future__ import annotations

import re
import statistics
from decimal import Decimal

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.labels import STRONG, for_the_attention_of, label_index
from batches.processing.builtin.values import (
    LEGAL_FORM_AT_END,
    LEGAL_FORM_WORD,
    SIGN_WORDS,
    column_headings,
    page_count,
    trades,
    wrapped_with,
)
from batches.processing.layout.model import Cell, Layout, Line
from batches.processing.vocab import (
    SPACED_TITLE_LETTERS,
    alternation,
    document_titles,
    is_document_title,
    normalise_label,
    payment_method,
    prose_words,
)

# Words that open the amount handed over and the change given back, in the vocabulary languages.
TENDERED = re.compile(rf"^(?:{alternation(prose_words(lambda words: words.tendered))})\b", re.I)
CHANGE = re.compile(rf"^(?:{alternation(prose_words(lambda words: words.change))})\b", re.I)
BUSINESS = re.compile(
    r"\b(sdn\.?\s*bhd|bhd|s/b|enterprise|trading|restaurant|restoran|cafe|caf[eé]|mart|store|shop|hardware|"
    r"bakeries|bakery|company|co\.|pharmacy|stationery|supermarket|market|hotel|gmbh|ltd|limited|llc|inc|sarl|s\.a\.|"
    r"b\.v\.|bv|spa|s\.r\.l\.|pizza|kitchen|bistro|boutique|electrical|books|resources|holdings|industries|"
    r"cash\s*(?:&|and)\s*carry|bank|banco|banque|banca|sparkasse|volksbank|caja|caixa|cassa|spaarbank|"
    r"building\s+society|credit\s+union|"
    # a shop's trade in the languages read: "GOUGER STREET DELI", "Bakkerij Demerhof", "FARMACIA …"
    r"deli|delicatessen|bakkerij|b[äa]ckerei|konditorei|boulangerie|p[âa]tisserie|panader[ií]a|"
    r"pasteler[ií]a|padaria|pastelaria|panetteria|pasticceria|farm[aá]cia|pharmacie|apotheke|apotheek|"
    r"drogerie|drogaria|ferreter[ií]a|quincaillerie|eisenwaren|ijzerwaren|ferramenta|trattoria|osteria|"
    r"brasserie|cantina|taqueria|tiffin|grocers?|grocery|coffee\s+(?:house|shop|bar|roasters?)|"
    r"garden\s+cent(?:re|er)|florists?|butchers?|"
    r"steak\s*house|tea\s*rooms?|pub)\b",
    re.I,
)
# Words of an address, a label or a footer: a line holding one is not the seller's name.
NOT_A_NAME = re.compile(
    r"\b(jalan|jln|taman|lot|no\.|road|street|st\.|avenue|rue|strasse|straße|straat|via|calle|"
    r"selangor|kuala lumpur|johor|tel|fax|gst|reg|co\.? no|invoice|receipt|date|cashier|goods|"
    r"sold|returnable|refund|thank|welcome|again|cash(?!\s*(?:&|and)\s*carry)|change|tax|total|darul|ehsan|merci|danke|gracias|"
    r"grazie|obrigad)\b",
    re.I,
)
# A name's second line that opens with its legal form: "POPULAR BOOK" / "CO. (M) SDN BHD".
LEGAL_TAIL = re.compile(
    r"^(co\.|company|sdn|bhd|s/b|trading|enterprise|gmbh|ltd|limited|llc|inc)(?!\w)", re.I
)
# A line that ends with a legal form completes the name above it: "EIGHT OUNCE" / "COFFEE CO.".
LEGAL_END = re.compile(r"(co\.|sdn\.? ?bhd\.?|bhd\.?|s/b|gmbh|ltd\.?|limited|llc|inc\.?)$", re.I)
NAME_GOES_ON = re.compile(r"^(?:&\s+)?\(?[^\W\d_][^\d:@]*$|^&$")
LEGAL_FORM = re.compile(
    r"\b(co\.|company|sdn\.? ?bhd\.?|bhd\.?|s/b|gmbh|ltd\.?|limited|llc|inc\.?)(?!\w)", re.I
)
NAME_END = re.compile(
    r"(?<=\s)(co\.|sdn\.? ?bhd\.?|bhd\.?|s/b|gmbh|ag|ltd\.?|limited|llc|inc\.?|sas|sarl|"
    r"s\.a\. de c\.v\.|s\. de r\.l\.(?: de c\.v\.)?|"  # Mexico's forms, before their first words
    r"s\.a\.s\.|s\.a\.m\.|s\.a\.|s\.r\.l\.|srl|b\.v\.|bv|e\.u\.|asbl|vzw|anstalt|"
    r"n\.v\.|nv|lda\.?|ltda\.?|oy|ab|spa|s\.p\.a\.|kg|ohg|e\.k\.|ug(?:\s\(haftungsbeschränkt\))?|gbr|kgaa|plc|sagl|sàrl|og|s\.l\.u?\.?|"
    r"commv|vof)(?=\s|$)",
    re.I,
)
# OCR's confusions between capitals and digits, inside a word of capitals or dotted initials
DIGIT_FOR_LETTER = re.compile(r"(?<=[A-Z]\.)[0158](?=\.)|(?<=[A-Z])[0158](?=[A-Z])")
LETTER_FOR_DIGIT = {"0": "O", "1": "I", "5": "S", "8": "B"}
# A lower-case "l" read as "!" or "|" at the end of a word ("Sag!" for "Sagl", "Hote|")
LETTER_L_READ_AS_BAR = re.compile(r"(?<=[a-z])[!|](?=\s|$)")
# A legal form's small "l" read as a one ("S.r.1." for "S.r.l.").
FORM_L_READ_AS_ONE = re.compile(r"(?<=\b[A-Z]\.[a-z]\.)1(?=\.?(?:\s|$))")
# "Sdn Bhd" as OCR misreads it: "SON BHD", "SUN BHD", "Sdn.Rhd"; the D, B and H are mended in place
SDN_BHD = re.compile(
    r"\b(S)[DOU0](N\.?\s?)[BR8](?:[HN]|[IlL1|]{2})(D)\b", re.I
)  # "SDN BILD": its H read as two strokes
SB = re.compile(r"(?<!\S)[5S]/[8B](?!\S)")
TRAILING_JUNK = re.compile(r"[\s<>=~_|*»«]+$")
LEADING_JUNK = re.compile(r"^[\s<>=~_|*»«]+")
# The words before the company that runs the shop ("Gestito da: Commerciale Bellomo S.r.l.s.").
OPERATED_BY = re.compile(rf"^(?:{alternation(prose_words(lambda words: words.operators))})\b\s*:?\s*", re.I)
REGISTRATION = re.compile(
    r"\s*[\(\[]?\s*(?:co\.?\s*(?:reg\.?)?\s*(?:no\.?)?\s*[:.]?\s*)?\d{4,}[-\s]?[A-Z]\b[\)\]]?.*$"
)
TOP_LINES = 10
PRICE = re.compile(r"\d[.,]\d{2}\b")  # a cell priced like an item: its line is bought, not the seller
MIN_CONFIDENCE = 0.3  # an OCR line read this badly is a logo or noise
MIN_SCORE = 1.0


def paid_total(layout: Layout) -> tuple[Decimal, Line] | None:
    """Tendered minus change (the last amount tendered before the change), when the receipt prints
    both and a line above the tendered amount prints the same value (the total's own line,
    returned with it), the same digits without their point, or a line's two amounts add up to it
    (a tax summary's net and tax, when OCR lost the total's own amount), or a line states the tax
    included in it at its rate."""
    lines = layout.lines
    if not any(CHANGE.match(line.text) for line in lines):
        return None  # most documents: no change given, nothing to add up
    tendered = change = None
    amounts: list[tuple[Decimal, Line]] = []
    above: list[Line] = []  # the lines above the tendered amount
    for line in lines:
        text = line.text.strip(" :|")
        amount = _last_price(line) or (norm.parse_amount(text) if re.search(r"\d", text) else None)
        if amount is None:
            continue
        if change is None and CHANGE.match(text):
            change = abs(Decimal(amount))  # "Change RM: 6.00-": given back, whatever its sign
        elif TENDERED.match(text) and change is None:
            if tendered is not None:  # "Cash  71.00" over "Cash Received  101,00": the total paid in cash
                amounts.append(tendered)
                above.append(tendered[1])
            tendered = (Decimal(amount), line)
        elif tendered is None:
            amounts.extend((Decimal(a), line) for a in _cell_amounts(line))
            above.append(line)
    if tendered is None or change is None or change > tendered[0]:
        return None
    paid = tendered[0] - change
    printed = (
        [line for value, line in amounts if value == paid]
        or _without_its_point(paid, above)
        or _net_and_tax_of(paid, lines)
        or _tax_included_in(paid, lines)
        or _total_misread(paid, above)
        or ([tendered[1]] if _prices_add_up(paid, above) else [])  # its line garbled: the tendered one
    )
    if paid <= 0 or not printed:
        return None  # a misread amount (OCR dropped a decimal point): nothing confirms it
    return paid, printed[-1]


HALF_A_CENT = Decimal("0.005")  # a tax printed to the cent is the rate's share of the total, rounded


def paid_under_a_lost_total(layout: Layout, read: set[int]) -> tuple[Decimal, Line] | None:
    """What a payment's line right under a total's label pays ("Total CHF  22:30" over "TWINT
    22.10"), where no amount of the label's line was read (``read``: the indexes of the lines a
    total was read on) and a line states the tax included in it at its rate, or the prices above
    add up to it."""
    lines = layout.lines
    for at, line in enumerate(lines[1:], start=1):
        label = lines[at - 1]
        if label.index in read or not _a_totals_label(label.cells[0].text):
            continue
        amount = _last_price(line)
        if amount is None or payment_method(line.cells[0].text) is None:
            continue
        paid = Decimal(amount)
        if _tax_included_in(paid, lines) or sum(Decimal(a) for a in _prices_above(lines[: at - 1])) == paid:
            return paid, line
    return None


def _a_totals_label(text: str) -> bool:
    return any(hit.field == "total" and hit.score >= STRONG for hit in label_index(("total",)).hits(text))


def _prices_above(lines: list[Line]) -> list[str]:
    """The prices of the item lines over a total: each line's last, up to the last line without one."""
    prices: list[str] = []
    for line in reversed(lines):
        price = _last_price(line)
        if price is None:
            break
        prices.append(price)
    return prices


def _tax_included_in(paid: Decimal, lines: list[Line]) -> list[Line]:
    """The lines stating the tax included in what was paid, at their rate ("GST @6% included in
    total  RM 0.60" of 10.60), where OCR lost the total's own amount."""
    found = []
    for line in lines:
        rates = norm.TAX_RATE.findall(line.text)
        amounts = [norm.parse_amount(cell.text) for cell in line.cells if PRICE.search(cell.text)]
        if len(rates) != 1 or len(amounts) != 1 or amounts[0] is None:
            continue
        rate = Decimal(rates[0].replace(",", "."))
        if rate > 0 and abs(paid * rate / (100 + rate) - Decimal(amounts[0])) <= HALF_A_CENT:
            found.append(line)
    return found


def change_given(lines: list[tuple[int, str]]) -> tuple[int, str] | None:
    """(page, line) of the change a till gave back ("Change Due : 34.10"): change is given for
    cash, so a receipt that prints no payment word was paid in cash."""
    for page, line in lines:
        text = line.strip(" :|")
        if CHANGE.match(text) and (amount := norm.parse_amount(text)) is not None and Decimal(amount) != 0:
            return page, line.strip()
    return None


def _without_its_point(paid: Decimal, lines: list[Line]) -> list[Line]:
    """The lines printing what was paid with the decimal point OCR lost ("RM2440" for 24.40)."""
    digits = f"{paid:.2f}".replace(".", "")
    return [line for line in lines if any(re.sub(r"\D", "", c.text) == digits for c in line.cells)]


def _total_misread(paid: Decimal, lines: list[Line]) -> list[Line]:
    """The total's own line, its amount read with no decimals and about as many digits as what
    was paid ("TOTAL  23513" for 25,73): OCR's misreading of it, which tendered minus change reads back."""
    digits = len(f"{paid:.2f}") - 1
    return [
        line
        for line in lines
        if len(line.cells) > 1
        and _a_totals_label(line.cells[0].text)
        and re.fullmatch(r"\d+", line.cells[-1].text)
        and abs(len(line.cells[-1].text) - digits) <= 1
    ]


def _prices_add_up(paid: Decimal, lines: list[Line]) -> bool:
    """Whether the items' lines, two or more in a row (lines of no price between them), have prices
    that add up to what was paid, where OCR garbled the total's own line ("VA OX OTA. 25  00,30")."""
    priced = [Decimal(price) for line in lines if (price := _last_price(line)) is not None]
    for start in range(len(priced)):
        running = Decimal(0)
        for end in range(start, len(priced)):
            running += priced[end]
            if running == paid and end > start:
                return True
            if running > paid:
                break
    return False


def _net_and_tax_of(paid: Decimal, lines: list[Line]) -> list[Line]:
    """The lines of two amounts that add up to what was paid: a tax summary's net and tax."""
    found = []
    for line in lines:
        amounts = [norm.parse_amount(cell.text) or "0" for cell in line.cells if PRICE.search(cell.text)]
        if len(amounts) == 2 and sum(map(Decimal, amounts)) == paid:
            found.append(line)
    return found


def _last_price(line: Line) -> str | None:
    """The amount of the line's last cell priced to the cent; its last word's where the cell's
    words read as no amount, OCR's reading of a card's number before it ("CASH  (4/9 //8 50.00")."""
    priced = [cell for cell in line.cells[1:] if PRICE.search(cell.text)]
    if not priced:
        return None
    amount = norm.parse_amount(priced[-1].text)
    if amount is not None and Decimal(amount) >= 0:
        return amount
    words = [word.text for word in priced[-1].words if PRICE.search(word.text)]
    return norm.parse_amount(words[-1]) if words else None


def _cell_amounts(line: Line) -> list[str]:
    return [a for cell in line.cells if re.search(r"\d", cell.text) and (a := norm.parse_amount(cell.text))]


ROUNDING = re.compile(
    r"\b(rounding|rounded|round|arrondi|rundung|gerundet|afronding|afgerond|redondeo|redondeado|"
    r"arrotondamento|arredondamento)\b",
    re.I,
)
CASH_STEP = Decimal("0.05")


def rounded_total(total: Decimal, layout: Layout) -> tuple[Decimal, Line] | None:
    """The cash-rounded total printed after a rounding line, within 5 cents of ``total``."""
    lines = layout.lines
    start = next((i for i, line in enumerate(lines) if ROUNDING.search(line.text)), None)
    if start is None:
        return None
    for line in lines[start:]:
        for amount in map(Decimal, _cell_amounts(line)):
            if amount != total and abs(amount - total) < CASH_STEP and amount % CASH_STEP == 0:
                return amount, line
    return None


PAYMENT_REACH = 3  # lines under a total where the payment that settles it is printed


def paid_as_read(total: Decimal, line: Line, layout: Layout) -> tuple[Decimal, Line] | None:
    """The amount a payment line just under an OCR'd total pays, where the total's digits are the
    payment's and one more (a speck or a currency's sign read as a digit: "Totaal 106,95"
    over "Bancontact 10,95") or, where it is the one payment, the payment's with one misread
    ("Total CHF 96.60" over "TWINT 56.60", the items' prices adding up to the payment): what was
    paid, the total as printed.
    A speck may stand before the payment's word."""
    if line.confidence >= 1.0:
        return None
    printed = _digits(total)
    payments = [
        (Decimal(amount), under)
        for under in layout.lines[line.index + 1 : line.index + 1 + PAYMENT_REACH]
        for amount in _amounts_paid(under)
    ]
    for amount, under in payments:
        paid = _digits(amount)
        one_more = len(printed) == len(paid) + 1 and any(
            printed[:at] + printed[at + 1 :] == paid for at in range(len(printed))
        )
        misread = (
            len(payments) == 1  # paid one way: a split payment's part is no misread total
            and len(printed) == len(paid)
            and sum(a != b for a, b in zip(printed, paid, strict=True)) == 1
            and _prices_add_up(amount, layout.lines[: line.index])  # not the payment's own misreading
        )
        if one_more or misread:
            return amount, under
    return None


def _amounts_paid(line: Line) -> list[str]:
    """The amounts after a payment's word in a line's first or second cell (a speck before it)."""
    words = (at for at, cell in enumerate(line.cells[:2]) if payment_method(cell.text.strip(" .:")))
    paid = next(words, None)
    after = Line(line.cells[paid + 1 :], page=line.page, index=line.index) if paid is not None else None
    return _cell_amounts(after) if after is not None else []


def _digits(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", "")


DISCOUNT = re.compile(rf"^(?:{alternation(prose_words(lambda words: words.discounts))})(?!\w)", re.I)
TIP = re.compile(rf"^(?:{alternation(prose_words(lambda words: words.tips))})(?!\w)", re.I)


def owed_after_a_discount_or_a_tip(
    total: Decimal, line: Line, later: list[tuple[Decimal, Line]], layout: Layout
) -> int:
    """Which of the totals printed under a total is it less a discount printed between the two
    ("Valor total R$ 232,54", "Desconto R$ 8,00", "Valor a Pagar R$ 224,54"), or it and a tip
    ("TOTAL  $890.00", "Propina  $89.00", "TOTAL PAGADO  $979.00"): what is owed, or was paid;
    -1 when none is."""
    for position, (owed, owed_line) in enumerate(later):
        for other in layout.lines[line.index + 1 : owed_line.index]:
            amounts = set(map(Decimal, _cell_amounts(other)))
            discounted = owed < total and DISCOUNT.match(other.text) and total - owed in amounts
            if discounted or (owed > total and TIP.match(other.text) and owed - total in amounts):
                return position
    return -1


def _name_of(line: Line) -> str:
    """The line's first cell, with the cells after it that go on in words (a letter-spaced
    heading reads "B | & | BEST RESTAURANT") or finish a legal form ("SDN" | "BHD")."""
    company = _company_beside_a_label(line)
    if company is not None:
        return company
    texts = [cell.text for cell in line.cells]
    if len(texts) > 1 and a_title(texts[0]):
        texts = texts[1:]  # "Recibo nº  VALOR": the title's cell, no name's first words
    if len(texts) > 1 and initials_of(texts[0], texts[1]):
        texts = texts[1:]  # "BR  Studio Associato Bettin & Rizzato": the logo's monogram beside the name
    cells = texts[:1]
    for at, text in enumerate(texts[1:], start=1):
        if not (LEGAL_TAIL.match(text) or NAME_GOES_ON.match(text)) or a_title(text):
            break
        if _labels_a_date(text, texts[at + 1 : at + 2]):
            break  # "Fiduciaria Cassarate SA  Data  09.11.2025": the meta's label beside the name
        cells.append(text)
    name = TRAILING_JUNK.sub("", REGISTRATION.sub("", " ".join(cells)))
    name = LEADING_JUNK.sub("", name).strip()
    if name[:1] == "(" and name[-1:] == ")":
        name = name[1:-1]  # "(A Unit of Sagar Hospitality Pvt. Ltd.)" under the sign
    name = OPERATED_BY.sub("", name)  # "== Bar Pasticceria ==", "Gestito da: …"
    if line.confidence < 1.0:  # OCR's
        name = FORM_DOT_AS_COMMA.sub(".", name.rstrip())
    return name.strip(" ,:;|")


def _labels_a_date(text: str, after: list[str]) -> bool:
    """Whether a cell is a label, however weak ("Data", "Datum"), of the date the next cell prints."""
    return bool(after) and norm.parse_date(after[0]) is not None and label_index(()).a_whole_label(text)


def initials_of(mark: str, name: str) -> bool:
    """Whether two or three capitals are initials of a longer name's words, in order ("BR" of
    "Studio Associato Bettin & Rizzato")."""
    if not (2 <= len(mark) <= 3 and mark.isalpha() and mark.isupper()) or len(name.split()) < len(mark) + 1:
        return False
    initials = iter(word[0] for word in name.split() if word[:1].isupper())
    return all(letter in initials for letter in mark)


def _company_beside_a_label(line: Line) -> str | None:
    """A company's name by its legal form in a later cell of a line that a label or an amount
    opens ("Invoice Date  Derwent Valley Joinery Pty Ltd", "R$ 1.850,00  Oficina Mecânica … Ltda.
    · CNPJ …": the seller's block right of the labels or of a receipt's box of its sum)."""
    first = line.cells[0].text if line.cells else ""
    if len(line.cells) < 2 or not (label_index(()).names_a_label(first) or an_amount_alone(first)):
        return None
    ends = (ONE_LINE_ADDRESS.split(cell.text, maxsplit=1)[0].strip() for cell in line.cells[1:])
    return next((text for text in ends if (form := NAME_END.search(text)) and form.end() == len(text)), None)


def an_amount_alone(text: str) -> bool:
    """Whether a cell holds an amount and nothing else but its currency ("R$ 1.850,00")."""
    return norm.AMOUNT_RE.fullmatch(norm.CURRENCY_RE.sub("", text).strip()) is not None


def a_title(text: str) -> bool:
    """A document's title ("FATTURA", "Rechnung", "Nota de encomenda"), no one's name; also with
    its number's sign after it, the label of the number ("Recibo nº", "Quittung Nr.")."""
    return is_document_title(text) or is_document_title(NUMBER_SIGN_AFTER.sub("", text))


# A number's sign after a word ("Recibo nº", "Bon Nr.", "Receipt No.", "Fattura n.", "Ticket #").
NUMBER_SIGN_AFTER = re.compile(r"(?<=[^\W\d_])\s+(?:n[°º.o]?\.?º?|nr\.?|no\.?|#)\s*:?$", re.I)


# A copy's mark printed over the letterhead ("Original", "Duplicado", `[names] copies`): no name.
COPY_MARKS = frozenset(mark.casefold() for mark in prose_words(lambda words: words.copies))


def a_copy_mark(text: str) -> bool:
    """Whether a word is a copy's or a stamp's mark ("ORIGINAL", "PAGATO"), in the brackets or
    points a stamp's frame is read as ("(PERVENUTO"), or its capitals read apart ("P AGADO")."""
    mark = text.strip().strip(STAMPS_FRAME)
    if mark.isupper() and len(mark.split()) <= SPACED_MARK_PARTS:
        mark = mark.replace(" ", "")
    return mark.casefold() in COPY_MARKS


SPACED_MARK_PARTS = 3


STAMPS_FRAME = "()[]{}.,:;-|"


def _read_confidence(line: Line) -> float:
    """How surely OCR read a line's words, its specks left out (a logo's strokes read as '=="')."""
    worded = [word.confidence for cell in line.cells for word in cell.words if WORDED.search(word.text)]
    return min(worded) if worded else line.confidence


WORDED = re.compile(r"\w\w")


# Three words or more after a row of stars or signs (a fiscal printer's "*** START OF LEGAL
# RECEIPT ***"; not a sign framed by them: "== Bar Pasticceria ==").
BANNER = re.compile(r"[*=#~]{2,}\s*[^\W\d_]+(?:\s+[^\W\d_]+){2,}.*")
# A unit's word and number, then a comma: an address's first part ("Stall 18, Adelaide Central
# Market", "Shop 4, …", "Loja 12, …"); or last, after a comma ("Chichiri Shopping Centre, Shop 14").
UNIT_AND_NUMBER = re.compile(
    r"[^\W\d_]+\.?\s+\d{1,4}[A-Za-z]?\s*,\s|.*,\s*[^\W\d_]+\.?\s+\d{1,4}[A-Za-z]?\s*$"
)


def _line_score(name: str, line: Line, position: int, median_height: float) -> float:
    letters = sum(c.isalpha() for c in name)
    confidence = _read_confidence(line)
    if (
        confidence < MIN_CONFIDENCE
        or letters < 3
        or not re.search(r"[^\W\d_]{3}", name)  # "a É e e É": a logo's strokes, no word
        or len(set(re.sub(r"\W", "", name).casefold())) <= 1  # "EEE": a pattern's squares read as one letter
        or LOGO_READ.fullmatch(name) is not None
        or TILL_NUMBER.fullmatch(name.strip()) is not None
        or letters < 0.6 * sum(c.isalnum() for c in name)
        or "@" in name
        or "www" in name.lower()
    ):
        return float("-inf")
    if (
        a_title(name)
        or for_the_attention_of(name)
        or normalise_label(name) in norm.country_names()
        or a_copy_mark(name)
        or all(a_title(cell.text) or a_copy_mark(cell.text) for cell in line.cells)
        or label_index(()).names_a_label(name)
        or page_count().match(name)
        or BANNER.fullmatch(line.text.strip())
    ):
        return float("-inf")  # "FATURA", "Rechnung": the document's title beside the letterhead;
        # "À l'attention de Mme Lambert" under the addressee's name; "AUSTRALIA": an address's end;
        # "Original": a copy's mark, also beside the title ("FACTURA  Original"); "Data de emissão":
        # a label beside its value; "Pagina 1/1"; "*** START OF LEGAL RECEIPT ***": a fiscal
        # printer's banner
    score = 1.0 + confidence - 0.15 * position
    score += 2.0 if BUSINESS.search(name) else 0.0
    score -= 2.0 if TAGLINE.fullmatch(name) and not LEGAL_FORM_WORD.search(name) else 0.0
    # "Stationery - Office furniture - Printing consumables": what the firm sells, under its name
    score += 0.5 if name.upper() == name else 0.0
    score += min(line.height / max(median_height, 1e-6), 2.0) - 1.0
    score -= (
        2.0
        if NOT_A_NAME.search(name) or UNIT_AND_NUMBER.match(name) or UNIT_AND_NUMBER.match(_name_of(line))
        else 0.0
    )
    score -= 1.5 if sum(c.isdigit() for c in name) >= 3 else 0.0
    score -= 2.0 if ":" in name else 0.0  # "Tel: ...", "Cashier: ...", "Razón Social: …" are labels
    score -= WEAK_LABEL if label_index(()).a_whole_label(name) else 0.0  # "Valor", "Data": a box's caption
    score -= 2.0 if _a_row_of_words(line) else 0.0  # "Cod. cliente  Pagamento  Agente  Banca d'appoggio"
    priced = any(PRICE.search(norm.without_dates(cell.text)) for cell in line.cells[1:])
    score -= 2.0 if priced and _company_beside_a_label(line) is None else 0.0
    # "Café con leche  38.38" (not "Periodo  01.01.2025 - 31.03.2025" beside a bank's name)
    return score


WEAK_LABEL = 1.5  # a name that is a label, however weak: more likely a box's caption


# A till's word and its number alone ("Caixa 5", "Kasse 03"): where the sale was rung up.
TILL_NUMBER = re.compile(
    rf"(?:{alternation(prose_words(lambda words: words.tills))})\.?\s*(?:n[°º.o]\s*)?\d{{1,3}}", re.I
)


# A line of one short word in small letters ("all" over "The Murrumbidgee"): a logo's strokes
# OCR read as letters, no name.
LOGO_READ = re.compile(r"[a-z]{1,3}")


# Three kinds of goods or more, a dash, a dot or a bar between them: a tagline, no name.
TAGLINE = re.compile(
    r"[^\W\d_]+(?: [^\W\d_]+){0,2}(?: ?[-\u2013\u2014\u00b7\u2022|,] [^\W\d_]+(?: [^\W\d_]+){0,2}){2,}"
)
ONE_LINE_ADDRESS = re.compile(r"\s[-·•|\u2013\u2014]\s")


def _before_its_address(name: str) -> str:
    """A name its address follows on its line ("Cassa di Risparmio del Lario - Via Garibaldi, 170
    - 20121 Milano"), or its tax number after its legal form ("… Pvt. Ltd. 37AAFCG4821K1Z3", a
    column beside it OCR ran into the name): the name alone, two words or more with no figure."""
    first, *rest = ONE_LINE_ADDRESS.split(name, maxsplit=1)
    if rest and len(first.split()) >= 2 and not re.search(r"\d", first) and NOT_A_NAME.search(rest[0]):
        return first
    named, _space, code = name.rpartition(" ")
    if TAX_NUMBER.fullmatch(code) and LEGAL_FORM_AT_END.search(named):
        return named
    return name


TAX_NUMBER = re.compile(r"(?=\S*\d)(?=\S*[A-Z])[A-Z\d]{10,}")  # "37AAFCG4821K1Z3", "B12345678X"


ROW_OF_WORDS = 4  # cells of words on a line: a table's row or a row of headings, no name


def _a_row_of_words(line: Line) -> bool:
    """Whether a line is a row of several cells of words (not a letter-spaced name's single letters)."""
    return sum(len(re.findall(r"[^\W\d_]", cell.text)) >= ROW_OF_WORDS for cell in line.cells) >= ROW_OF_WORDS


def merchant(layout: Layout, *, taken: frozenset[str] = frozenset()) -> tuple[str, Line] | None:
    """The best-scoring of the first lines as the seller's name, with the line it came from;
    none of ``taken`` (normalised names of other parties: the customer a label names)."""
    lines = [_without_a_leading_speck(line) for line in layout.lines[: TOP_LINES * 2] if line.page == 1]
    lines = lines[:TOP_LINES]
    if not lines:
        return None
    median_height = statistics.median(line.height for line in lines)
    names = [_before_its_address(without_a_title_after(_name_of(line))) for line in lines]
    scored = [
        (
            float("-inf")
            if _taken(name, taken)
            or normalise_label(name) in column_headings()  # "BANK" over a bank's details
            or a_trades_sign_over_its_company(names, i)
            or _an_item_over_its_count(lines, i)
            else _line_score(name, line, i, median_height),
            i,
        )
        for i, (name, line) in enumerate(zip(names, lines, strict=True))
    ]
    best, index = max(scored)
    if best < MIN_SCORE:
        return None  # no line reads as a name: nothing beats a wrong one
    legal = _legal_name_under(names, [score for score, _i in scored], index, lines)
    sign = lines[index].cells[0].text
    if legal == index + 1 and (whole := wrapped_with(sign, lines[legal].cells[0].text)) != sign:
        return whole, lines[index]  # "FERRAMENTA AGOGNA" over "FORNITURE S.R.L.": the name's end
    if legal is not None:  # "FERRETERÍA EL CHIMBORAZO" over "Ferrechimbo Cía. Ltda.": the company
        index = legal
    elif _a_company(names[index]):
        pass  # the company its legal form names, whatever sign is printed over it
    elif index and _a_sign_over(names[index - 1], lines[index - 1], lines[index], scored[index - 1][0]):
        index -= 1  # "AU FOURNIL DE L'ERDRE" over "Boulangerie Guérin": the shop's sign names it
    elif index and _the_monogram_of(names[index], names[index - 1]) and scored[index - 1][0] >= MIN_SCORE:
        index -= 1  # "Marco Bellandi" over "MB  Consulenza informatica …": the logo's initials, a tagline
    signed, top = (a_trades_sign_and_its_name(names, index - 1) if index else None), index - 1
    if signed is None:  # the best line the shop's kind itself: "BAR PASTICCERIA" over "RIDOLA"
        signed, top = a_trades_sign_and_its_name(names, index), index
    if index and _its_kind_under(names, lines, index - 1):
        signed, top = f"{names[index - 1]} {names[index]}", index - 1  # "ANNAPURNA" over "PURE VEG …"
    if signed is not None:  # "ABARROTES Y CREMERIA" over "LA HUASTECA": the sign is both lines
        return (_ocr_tidied(signed) if lines[index].confidence < 1.0 else signed), lines[top]
    name = _before_its_address(without_a_title_after(_joined(lines, index)))
    if _its_kind_under(names, lines, index):
        name = f"{names[index]} {names[index + 1]}"  # "WRENFIELD" over "COFFEE HOUSE": the sign both lines
    elif index + 1 < len(lines) and not LEGAL_FORM_WORD.search(name):  # "SAS au capital de 30 000 €"
        name = wrapped_with(name, lines[index + 1].cells[0].text)
    name = _up_to_legal_form(_with_legal_form(name, lines) or name)
    return (_ocr_tidied(name) if lines[index].confidence < 1.0 else name), lines[index]


def _without_a_leading_speck(line: Line) -> Line:
    """The line less a short word in small letters OCR read unsurely before a name in capitals
    ("ann  HYDRAULIQUES PERRAUDIN SARL": a fax's smudge at the paper's edge)."""
    first, *rest = line.cells[0].words
    capitals = [word.text for word in rest if any(c.isalpha() for c in word.text)]
    if (
        not capitals
        or not all(text.isupper() for text in capitals)
        or not (first.text.isalpha() and first.text.islower() and len(first.text) <= SPECK_LETTERS)
        or first.confidence >= SPECK_CONFIDENCE
    ):
        return line
    return Line([Cell(rest), *line.cells[1:]], page=line.page, index=line.index)


SPECK_LETTERS = 3
SPECK_CONFIDENCE = 0.5


def _an_item_over_its_count(lines: list[Line], index: int) -> bool:
    """Whether the line is an item's, its count times its price on the next line ("Café con leche"
    over "2 x 11,50  23,00")."""
    return index + 1 < len(lines) and COUNT_TIMES_A_PRICE.match(lines[index + 1].text.strip()) is not None


COUNT_TIMES_A_PRICE = re.compile(r"\d{1,4}\s?[x\u00d7*]\s?\d+[.,]\d{2}\b", re.I)


TITLE_WORDS_AFTER = 4  # a title after a name on its line: up to four words, or pieces OCR spaced out


def without_a_title_after(name: str) -> str:
    """A name less the document's title printed after it on its line: in capitals, as OCR read it
    into the name's cell ("Clinique Vétérinaire des Arceaux BON DE COMMANDE"), or spaced out
    ("Installatietechniek de Vries CommV E ACTU UR")."""
    words = name.split()
    if is_document_title(name):
        return name  # "LOCAL PURCHASE ORDER": a title whole, not "LOCAL" before one
    for count in range(min(TITLE_WORDS_AFTER, len(words) - 1), 0, -1):
        tail = " ".join(words[-count:])
        in_capitals = tail.isupper() and is_document_title(tail)
        spaced = (
            count > 1
            and sum(c.isalpha() for c in tail) >= SPACED_TITLE_LETTERS
            and a_title(tail)
            and normalise_label(tail)
            not in document_titles()  # "This is not a tax invoice": words as printed
        )
        if in_capitals or spaced:
            return re.sub(r"\s+".join(map(re.escape, words[-count:])) + r"\s*$", "", name).rstrip()
    return name


LEGAL_NAME_REACH = 2  # lines under a shop's sign that may print the company that runs it


def _a_company(name: str) -> bool:
    """A name with its legal form, as printed or as OCR misread it ("S.r.1.", "S.n.C.")."""
    return bool(LEGAL_FORM_WORD.search(name) or LEGAL_FORM_AT_END.search(_ocr_tidied(name)))


def _legal_name_under(names: list[str], scores: list[float], index: int, lines: list[Line]) -> int | None:
    """The line right under the shop's sign (or the next) that names the company running the shop
    with its legal form ("Forn de Pa Cal" / "Ton" / "Forns Segrià S.L."): a receipt's merchant
    is that company, as printed (the convention real receipts are labelled by); None where the
    sign itself holds a legal form or no such line follows before a line of no name (a label's
    "Company No: SA" is none), or that company is its owner's ("NORDFRISCH MARKT" over "Inh.
    Jens Quandt e.K.": the sole trader who owns the shop, not its name)."""
    if _a_company(names[index]):
        return None
    for below in range(index + 1, min(index + 1 + LEGAL_NAME_REACH, len(names))):
        if for_the_attention_of(lines[below].text):
            return None
        if _a_company(names[below]) and scores[below] >= MIN_SCORE and ":" not in names[below]:
            return below
        if scores[below] < MIN_SCORE:
            return None
    return None


def _a_name_over_its_kind(above: str, sign: Line, name: str, line: Line) -> bool:
    """Whether a line naming the shop's kind ("PURE VEG RESTAURANT", "Grocer": a trade's word and
    no legal form) stands under a name of a few words printed at least as large ("ANNAPURNA", "The
    Murrumbidgee"): the logo's name, the sign both lines."""
    return (
        OVER_ITS_KIND.fullmatch(above) is not None
        and trades().fullmatch(normalise_label(above)) is None
        and not NOT_A_NAME.search(above)
        and not a_title(above)
        and not a_copy_mark(above)
        and sign.height >= line.height
        and BUSINESS.search(name) is not None
        and not LEGAL_FORM_WORD.search(name)
        and len(name.split()) <= SIGN_WORDS
        and not re.search(r"[\d@:]", name)
    )


def _its_kind_under(names: list[str], lines: list[Line], index: int) -> bool:
    """Whether the best line, a name, has the shop's kind under it: the sign is both lines."""
    return index + 1 < len(lines) and _a_name_over_its_kind(
        names[index], lines[index], names[index + 1], lines[index + 1]
    )


# A name over its shop's kind: up to three words, one of four letters or more.
OVER_ITS_KIND = re.compile(
    r"(?=.*[^\W\d_]{4})[^\W\d_]{2,}(?:['\u2019][^\W\d_]*)?(?: [^\W\d_]{2,}(?:['\u2019][^\W\d_]*)?){0,2}"
)


def _the_monogram_of(name: str, above: str) -> bool:
    """Whether a name opens with a logo's initials, those of the words of the name above it."""
    first, words = name.split()[0] if name.split() else "", above.split()
    return (
        2 <= len(first) <= 3
        and first.isupper()
        and len(words) == len(first)
        and all(word[0] == letter for word, letter in zip(words, first, strict=True))
    )


def _a_sign_over(name: str, line: Line, company: Line, score: float) -> bool:
    """Whether a line right over one that names a business by its trade (no legal form: a company
    with one is the merchant, ``_legal_name_under``) is the shop's own sign: words of capitals, two
    or more, printed at least as large, read as a name, not its kind alone."""
    return (
        score >= MIN_SCORE
        and name.upper() == name
        and len(name.split()) >= 2
        and not BUSINESS.search(name)
        and line.height >= company.height
        and BUSINESS.search(company.text) is not None
        and trades().fullmatch(normalise_label(name)) is None
    )


def a_trades_sign_over_its_company(names: list[str], at: int) -> bool:
    """Whether a top line names only the shop's kind ("Bar Pasticceria") over the company that
    keeps it ("Due Torri S.n.c."), one of the next two lines: that company is the name."""
    words = normalise_label(names[at])
    return (
        bool(words)
        and trades().fullmatch(words) is not None
        and any(LEGAL_FORM_WORD.search(name) for name in names[at + 1 : at + 3])
        and a_trades_sign_and_its_name(names, at)
        is None  # not "PASTICCERIA" / "DOLCE VUCCIRIA" / "di … s.a.s."
    )


def a_trades_sign_and_its_name(names: list[str], at: int) -> str | None:
    """A top line naming only the shop's kind ("PASTICCERIA") over the shop's own name, a few
    words with no digit and no legal form ("DOLCE VUCCIRIA"): the sign is both lines."""
    below = names[at + 1] if at + 1 < len(names) else ""
    words = normalise_label(names[at])
    if not words or trades().fullmatch(words) is None or not below:
        return None
    if len(below.split()) > SIGN_WORDS or re.search(r"[\d@:]", below) or LEGAL_FORM_WORD.search(below):
        return None
    return f"{names[at]} {below}"


def _taken(name: str, taken: frozenset[str]) -> bool:
    """Whether a line names another party, alone, before a label beside it ("Hotel Steirerhof
    Betriebs GmbH  KUNDENNUMMER"), or after its label ("To  Oakmere Lettings Ltd")."""
    normalised = normalise_label(name)
    return normalised in taken or any(
        normalised.startswith(f"{other} ")
        or (
            normalised.endswith(f" {other}")
            and label_index(()).a_whole_label(normalised[: -len(other)].strip())
        )
        for other in taken
    )


def _joined(lines: list[Line], index: int) -> str:
    """The name on its line, with the line above or below that it runs on into."""
    name = _name_of(lines[index])
    above = _name_of(lines[index - 1]) if index > 0 else ""
    if above.endswith("&") or (LEGAL_TAIL.match(name) and above and not NOT_A_NAME.search(above)):
        return f"{above} {name}"
    if index + 1 < len(lines):
        below = _name_of(lines[index + 1])
        completes = LEGAL_END.search(below) and not LEGAL_END.search(name) and not NOT_A_NAME.search(below)
        if completes and below.casefold().startswith(f"{name.casefold()} "):
            return below  # a logo's "MLIMA FRESH" over the whole name, "Mlima Fresh Supermarket Ltd"
        if name.endswith("&") or below.startswith("& ") or (completes and len(below.split()) <= 4):
            return f"{name} {below}"
    return name


def _with_legal_form(name: str, lines: list[Line]) -> str | None:
    """A logo's short name printed again with its legal form ("EIGHT OUNCE" / "EIGHT OUNCE
    COFFEE CO. THE GARDENS MALL"): the name as far as its legal form."""
    if LEGAL_FORM.search(name):
        return None
    for line in lines:
        text = line.text
        if text.upper().startswith(name.upper() + " "):
            form = LEGAL_FORM.search(text, len(name))
            if form and len(text[len(name) : form.start()].split()) <= 3:
                whole = LEGAL_FORM_WORD.match(text, form.start())  # "GmbH & Co. KG", not "GmbH"
                return text[: max(form.end(), whole.end() if whole else 0)].strip()
    return None


def _up_to_legal_form(name: str) -> str:
    """A name ends with its legal form: what a line prints after it is a title or a label
    ("Harbour Logistics Pty Ltd TAX INVOICE", "Atelier Saphir SAS Facture")."""
    forms = list(NAME_END.finditer(name))
    return (
        name[: forms[-1].end()] if forms and forms[-1].end() < len(name) and forms[-1].start() > 0 else name
    )


def _mended_sdn_bhd(match: re.Match[str]) -> str:
    s, n, d = match.groups()
    return f"{s}dn{n[1:]}Bhd" if d.islower() else f"{s}DN{n[1:]}BHD"


def _ocr_tidied(name: str) -> str:
    """What OCR does to a printed name, undone: a digit read for a letter inside a word
    ("D.1.Y."), an "l" read as "!" ("Sag!"), a legal form misread ("SON BHD", "5/8"), spaces
    inside brackets ("(KL )"), a bracket left open by a cut-off registration number."""
    name = DIGIT_FOR_LETTER.sub(lambda m: LETTER_FOR_DIGIT[m.group(0)], name)
    name = SDN_BHD.sub(_mended_sdn_bhd, name)
    name = SB.sub("S/B", name)
    name = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", name))
    name = re.sub(r"(\w) '(s)\b", r"\1'\2", name, flags=re.I)
    name = LETTER_L_READ_AS_BAR.sub("l", name)
    name = FORM_L_READ_AS_ONE.sub("l", name)
    opened = name.rfind("(")
    if opened > 0 and ")" not in name[opened:]:
        name = name[:opened]
    name = LOGO_SPECK.sub("", name)
    name = BRACKET_READ_AS_C.sub("(", name)
    name = SPECK_AFTER_A_WORD.sub("", name)
    name = INITIALS_COMMA.sub(r"\1.", name)
    return name.strip(" ,:;|-{}[")


# A speck read as a full stop after a word of capitals, another word of capitals after it
# ("CATTANEO. MECCANICA S.R.L."): no abbreviation is that long in capitals.
# Dotted initials whose last dot OCR read as a comma ("MR. D.I.Y, (M) SDN BHD"): the dot.
INITIALS_COMMA = re.compile(r"\b((?:[A-Z]\.){2,}[A-Z]),(?=\s)")
SPECK_AFTER_A_WORD = re.compile(r"(?<=[A-ZÀ-Þ]{6})\.(?= [A-ZÀ-Þ]{2})")


# An opening bracket read as a C before a bracketed word that closes ("CO. CM) SDN BHD": "(M)"),
# where no bracket opens it.
BRACKET_READ_AS_C = re.compile(r"(?<![\w(])C(?=[A-Z]{1,12}\))(?![^(]*\()")
# A legal form's last dot read as a comma ("LOMBARDA S.r.l,"), and a logo's strokes read as a short
# word in small letters before a name in capitals ("all TERMOIDRAULICA LOMBARDA"), or as signs
# before any name ("» Recife Digital …" for a "</>" logo), or as a short word a bracket closes that
# none opened ("ice) Caju Bijagós …").
FORM_DOT_AS_COMMA = re.compile(r"(?<=\b[^\W\d_]\.[^\W\d_]\.[^\W\d_]),$")
LOGO_SPECK = re.compile(
    r'^(?:[a-z]{1,3}\s+(?=[A-ZÀ-Þ]{2,}\b)|[<>»«=~*#|/\\"]+\s+(?=[A-ZÀ-Þ])|[^\W\d_]{1,3}[)\]]\s+(?=[A-ZÀ-Þ]))'
)
