"""The offline extraction engine: values found by label, by layout and by type.

1. Candidate (label, value) pairs come from every line: ``label: value``, ``label | value``
   (table cells), ``label    value`` (wide gaps), dot leaders, a label alone on its line with
   the value below it, a row of labels over a row of values, and a known label at the start
   of a line followed by its value (PDF text loses the gaps).
2. A field takes the candidate whose label is closest to the field's wordings (fuzzy) and
   whose value parses as the field's type; failing that, type-driven finders (e-mails, phone
   numbers, the letterhead for a vendor, a currency sign) fill in.
3. Line items come from tables whose header names at least two item columns, or from text
   lines under such a header, read right-to-left as numbers.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.readers import ReadDocument
from batches.processing.builtin.vocabulary import (
    FIELDS,
    ITEM_COLUMNS,
    ITEM_COLUMNS_NORMALISED,
    field_type,
    label_score,
    normalise_label,
)

SEPARATOR = re.compile(r"^\s*([^:|\t]{1,60}?)\s*(?::|\||\t|\.{3,}|\s{2,}|\s[-\u2013]\s)\s*(.*?)\s*$")
LABEL_MIN = 84
HEAD_LINES, TAIL_LINES = 400, 200


@dataclass
class Candidate:
    label: str
    value: str
    line: str
    page: int
    index: int  # line number in the document


@dataclass
class Found:
    value: Any
    page: int | None
    snippet: str
    confidence: float


def _lines(document: ReadDocument) -> list[tuple[int, str]]:
    out = []
    for page_number, page in enumerate(document.pages, start=1):
        out.extend((page_number, line.rstrip()) for line in page.split("\n"))
    return out


def _is_label_like(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 6 and not re.search(r"\d{2,}|@", text) and len(text) <= 45


def _prefixes_by_first_word() -> dict[str, list[str]]:
    """Known label phrases grouped by their first word, longest first (one dict lookup a line)."""
    known = {normalise_label(p) for name, (_t, syn) in FIELDS.items() for p in (name.replace("_", " "), *syn)}
    grouped: dict[str, list[str]] = {}
    for phrase in sorted((p for p in known if len(p) >= 3), key=len, reverse=True):
        grouped.setdefault(phrase.split(" ", 1)[0], []).append(phrase)
    return grouped


_PREFIXES_BY_WORD = _prefixes_by_first_word()


def _cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"\s+\|\s+|\t|\s{2,}", line.strip()) if c.strip()]


def candidates(lines: list[tuple[int, str]]) -> list[Candidate]:
    found: list[Candidate] = []
    for index, (page, raw) in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        cells = [c.strip() for c in re.split(r"\s+\|\s+|\t|\s{2,}", line) if c.strip()]
        # label | value | label | value ... (tables and wide layouts)
        if len(cells) >= 2:
            for a, b in itertools.pairwise(cells):
                if _is_label_like(a.rstrip(":")):
                    found.append(Candidate(a.rstrip(":"), b, line, page, index))
            for cell in cells:  # "PO: 4500012345      Date: 2025-01-17"
                inner = SEPARATOR.match(cell)
                if inner and inner.group(2) and ":" in cell:
                    found.append(Candidate(inner.group(1), inner.group(2), line, page, index))
        match = SEPARATOR.match(line)
        if match and match.group(2):
            found.append(Candidate(match.group(1), match.group(2), line, page, index))
        # a label alone (maybe with a colon): the value is on the next non-empty lines
        label_only = line.rstrip(":").strip()
        if (line.endswith(":") or len(cells) == 1) and _is_label_like(label_only):
            following = [text.strip() for _p, text in lines[index + 1 : index + 4] if text.strip()]
            if following:
                found.append(Candidate(label_only, following[0], following[0], page, index + 1))
        # a row of labels over a row of values
        if (
            len(cells) >= 2
            and all(_is_label_like(c) for c in cells)
            and index + 1 < len(lines)
            and len(_header_columns(cells)) < 2  # an item table's header is not a row of labels
        ):
            values = _cells(lines[index + 1][1])
            after = _cells(lines[index + 2][1]) if index + 2 < len(lines) else []
            # one row of values under the labels; a second row of the same width makes it a table
            if len(values) == len(cells) and len(after) != len(cells):
                found.extend(
                    Candidate(c, v, lines[index + 1][1].strip(), page, index + 1)
                    for c, v in zip(cells, values, strict=True)
                )
        # a known label at the start of the line, one space before the value (PDF text)
        lowered = normalise_label(line)
        for prefix in _PREFIXES_BY_WORD.get(lowered.split(" ", 1)[0], ()):
            if lowered.startswith(prefix + " "):
                words = len(prefix.split())
                tokens = line.split()
                rest = " ".join(tokens[words:]).lstrip(":#.- ")
                first = rest.split(" ", 1)[0].lower().strip(".:#") if rest else ""
                # "Tax ID: 118431010" names another thing than "Tax"
                if rest and first not in (
                    "id",
                    "no",
                    "number",
                    "code",
                    "ref",
                    "reg",
                    "registration",
                    "terms",
                ):
                    found.append(Candidate(" ".join(tokens[:words]), rest, line, page, index))
                break
    return found


def _month_first(text: str) -> bool:
    for a, b in re.findall(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b", text):
        if int(a) > 12:
            return False
        if int(b) > 12:
            return True
    return True


def _parse(kind: str, value: str, *, month_first: bool) -> Any:
    value = value.strip()
    if not value:
        return None
    if kind in ("date", "date_start"):
        return norm.parse_date(value, month_first=month_first)
    if kind == "date_end":
        dates = norm.find_dates(value, month_first=month_first)
        return dates[-1][1] if dates else None
    if kind == "money":
        value = re.sub(r"\(?\d+(?:[.,]\d+)?\s*%\)?", " ", value)  # "Tax (19%): 955,20" is not -19
        return norm.parse_amount(value) if re.search(r"\d", value) else None
    if kind == "currency":
        return norm.find_currency(value.upper() if len(value) <= 4 else value)
    if kind == "email":
        return norm.parse_email(value)
    if kind == "phone":
        return norm.parse_phone(value)
    if kind == "int":
        number = norm.parse_int(value)
        return number if number is not None and number <= 70 else None  # "2002 - present" is not a count
    if kind == "last4":
        return norm.last4(value)
    if kind == "list":
        items = [i.strip(" •·-*\t") for i in re.split(r"[,;•·|]|\s-\s", value)]
        return [i for i in items if i] or None
    if kind == "id":
        token = re.search(r"[A-Za-z0-9][A-Za-z0-9\-_/.]*\d[A-Za-z0-9\-_/.]*", value)
        return token.group(0).rstrip(".") if token else None
    if kind in ("party", "person", "text"):
        if not re.search(r"[^\W\d_]{2}", value):
            return None  # a name has letters: "****1023" is not an account holder
        return value.strip(" :,;")
    return value


def extract_fields(document: ReadDocument, specs: list) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Values and their sources for the requested fields (FieldSpec-like objects)."""
    lines = _lines(document)
    text = document.text
    month_first = _month_first(text)
    # Labelled fields live in a document's header and footer blocks: on a long document only
    # those are searched (line items still read every line).
    window = lines if len(lines) <= HEAD_LINES + TAIL_LINES else lines[:HEAD_LINES] + lines[-TAIL_LINES:]
    cands = candidates(window)
    data: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    warnings: list[str] = []
    for spec in specs:
        kind = spec.type if spec.type not in ("text",) else field_type(spec.name)
        if spec.name == "line_items" or (kind in ("line_items", "list") and spec.children):
            items, item_sources = extract_line_items(
                document, lines, [c.name for c in spec.children] or list(ITEM_COLUMNS)
            )
            data[spec.name] = items
            sources[spec.name] = item_sources
            continue
        if kind == "list":
            bullets = _fallback(spec.name, kind, window, text, month_first, data)
            if bullets is not None and len(bullets.value) >= 2:
                data[spec.name] = bullets.value
                sources[spec.name] = {
                    "page": bullets.page,
                    "snippet": bullets.snippet[:300],
                    "confidence": 0.8,
                }
                continue
        if kind in ("date_start", "date_end"):
            ranged = _date_range(window, month_first)
            if ranged:
                start, end, page, line = ranged
                data[spec.name] = start if kind == "date_start" else end
                sources[spec.name] = {"page": page, "snippet": line[:300], "confidence": 0.85}
                continue
        best: tuple[float, int, Any, Candidate] | None = None
        for cand in cands:
            score = label_score(cand.label, spec.name)
            if score < LABEL_MIN:
                continue
            value = _parse(kind, cand.value, month_first=month_first)
            if value in (None, "", []):
                continue
            key = (score, -cand.index)
            if best is None or key > (best[0], best[1]):
                best = (score, -cand.index, value, cand)
        if best is not None:
            score, _i, value, cand = best
            data[spec.name] = value
            sources[spec.name] = {
                "page": cand.page,
                "snippet": cand.line[:300],
                "confidence": round(score / 100 * 0.95, 2),
            }
            continue
        fallback = _fallback(spec.name, kind, window, text, month_first, data) or _inline(
            spec.name, kind, window, month_first
        )
        if fallback is not None:
            data[spec.name] = fallback.value
            sources[spec.name] = {
                "page": fallback.page,
                "snippet": fallback.snippet[:300],
                "confidence": fallback.confidence,
            }
        else:
            warnings.append(f"{spec.name}: not found")
    return data, sources, warnings


RANGE_JOIN = re.compile(r"^\s*(?:-|\u2013|\u2014|to|until|till|through|thru)\s*$", re.I)


def _date_range(lines, month_first: bool) -> tuple[str, str, int, str] | None:
    """The first 'DATE to DATE' on a line that speaks of a period (or the first at all)."""
    fallback = None
    for page, line in lines:
        dates = norm.find_dates(line, month_first=month_first)
        for (start_pos, start), (end_pos, end) in itertools.pairwise(dates):
            gap = re.sub(r"^.*\b\d{4}\b\.?", "", line[start_pos:end_pos])  # what joins the two dates
            if RANGE_JOIN.match(gap) and start <= end:
                if re.search(r"period|from|statement|between", line, re.I):
                    return start, end, page, line.strip()
                fallback = fallback or (start, end, page, line.strip())
    return fallback


def _inline(name: str, kind: str, lines, month_first: bool) -> Found | None:
    """A value written inside a sentence: "invoice INV-7 dated 5 March 2024 … due by April 4"."""
    if kind in ("party", "person", "list", "line_items") or name not in FIELDS:
        return None
    phrases = sorted(
        {p for p in (name.replace("_", " "), *FIELDS[name][1]) if len(p) >= 3}, key=len, reverse=True
    )
    for page, line in lines:
        lowered = line.lower()
        for phrase in phrases:
            for match in re.finditer(rf"\b{re.escape(phrase)}\b", lowered):
                window = line[match.end() : match.end() + 48]
                window = re.sub(
                    r"^\s*(?:of|is|was|at|by|on|:|=|-|amounts? to|number)?\s*", "", window, flags=re.I
                )
                value = _parse(kind, window, month_first=month_first)
                if value not in (None, "", []) and (kind != "id" or re.match(r"[#\s]*[A-Za-z0-9]", window)):
                    if kind == "id" and value.lower() in phrases:
                        continue
                    return Found(value, page, line.strip(), 0.6)
    return None


def _first(lines, predicate) -> tuple[int, str] | None:
    for page, line in lines:
        if line.strip() and predicate(line.strip()):
            return page, line.strip()
    return None


def _fallback(name: str, kind: str, lines, text: str, month_first: bool, data: dict) -> Found | None:
    if kind == "email":
        hit = _first(lines, norm.parse_email)
        return Found(norm.parse_email(hit[1]), hit[0], hit[1], 0.7) if hit else None
    if kind == "phone":
        hit = _first(lines, lambda line: re.search(r"(\+|\b00)\d", line) and norm.parse_phone(line))
        return Found(norm.parse_phone(hit[1]), hit[0], hit[1], 0.6) if hit else None
    if kind == "currency":
        code = norm.find_currency(text)
        return Found(code, None, code, 0.6) if code else None
    if (
        kind == "party" and name in ("vendor_name", "merchant_name", "supplier", "account_holder")
    ) or kind == "person":
        # the letterhead: the first line that is a name, not a title, a label or an address
        if kind == "person":
            hit = _first(lines, lambda line: _looks_like_name(line, person=True))
        else:
            hit = _first(lines, _looks_like_letterhead)
        return Found(hit[1], hit[0], hit[1], 0.5) if hit else None
    if name == "payment_method":
        match = re.search(r"\b(visa|master ?card|amex|american express|maestro|debit card|credit card|cash|paypal|"
                          r"apple pay|google pay|gift card|bank transfer|cheque|check)\b", text, re.I)  # fmt: skip
        if match:
            return Found(
                match.group(0).title() if match.group(0).islower() else match.group(0),
                None,
                match.group(0),
                0.5,
            )
    if kind == "int" and "year" in name:
        match = re.search(
            r"(\d{1,2}|\w+)\+?\s+years?(?:'|\u2019)?\s+(?:of\s+)?(?:\w+\s+){0,3}experience", text, re.I
        )
        if match:
            value = norm.parse_int(match.group(1))
            return Found(value, None, match.group(0), 0.6) if value is not None else None
    if kind == "list":
        for index, (page, line) in enumerate(lines):
            if label_score(line.strip().rstrip(":"), name) >= LABEL_MIN:
                items = []
                for _p, following in lines[index + 1 : index + 30]:
                    stripped = following.strip()
                    if not stripped:
                        if items:
                            break
                        continue
                    if (
                        not re.match(r"^[•·\-*]", stripped)
                        and items
                        and _is_label_like(stripped)
                        and stripped.endswith(":")
                    ):
                        break
                    items.extend(i.strip(" •·-*") for i in re.split(r"[,;•·|]", stripped) if i.strip(" •·-*"))
                    if not re.match(r"^[•·\-*]", stripped):
                        break
                if items:
                    return Found(items, page, line, 0.6)
    return None


TITLE_WORDS = {"invoice", "receipt", "statement", "purchase", "order", "resume", "résumé", "curriculum", "vitae",
               "bank", "tax", "bill", "to", "page", "date", "account"}  # fmt: skip


def _looks_like_letterhead(line: str) -> bool:
    """The first line of a letterhead: a name, whatever characters it holds, not a title or a label."""
    words = {w.lower().strip(".,:") for w in line.split()}
    if not re.search(r"[^\W\d_]{2}", line) or len(line) > 80 or words <= TITLE_WORDS:
        return False
    return not re.match(r"^[\w\s.#/]{1,30}:\s", line) and not re.search(r"\s{2,}\S+\s{2,}", line)


def _looks_like_name(line: str, *, person: bool) -> bool:
    if re.search(r"\d|@|:|\||\s{2,}", line.strip()) or len(line) > 60:
        return False
    if sum(
        label_score(word, column) >= 90 for word in line.split() for column in ("line_items",)
    ) or re.search(r"\b(qty|quantity|description|amount|price)\b", line, re.I):
        return False
    words = line.split()
    if not 1 <= len(words) <= 6 or ({w.lower().strip(".,") for w in words} & TITLE_WORDS and len(words) <= 2):
        return False
    if not re.search(r"[^\W\d_]{2}", line):
        return False
    if person:
        return 2 <= len(words) <= 4 and all(w[0].isupper() for w in words if w[0].isalpha())
    return True


NUMBER_TOKEN = re.compile(r"(?<![\w.,])[-(]?[$€£]?\d[\d.,'\u2019]*\)?(?:\s?[A-Z]{3})?(?![\w])")


def _header_columns(cells: list[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for position, cell in enumerate(cells):
        label = normalise_label(cell)
        best, score = None, 0.0
        for column, synonyms in ITEM_COLUMNS_NORMALISED.items():
            s = max(fuzz.ratio(label, syn) for syn in synonyms)
            if s > score:
                best, score = column, s
        if best and score >= 80 and best not in mapping:
            mapping[best] = position
    return mapping


def _item(raw: dict[str, str], wanted: list[str]) -> dict[str, Any] | None:
    item: dict[str, Any] = {}
    for column in wanted:
        value = raw.get(column, "")
        if column == "quantity":
            parsed = norm.parse_amount(value) if value else None
            item[column] = (
                int(float(parsed))
                if parsed and float(parsed).is_integer()
                else (float(parsed) if parsed else None)
            )
        elif column in ("unit_price", "amount"):
            item[column] = norm.parse_amount(value) if value and re.search(r"\d", value) else None
        else:
            item[column] = value.strip() or None
    if not item.get("description") or all(
        item.get(c) is None for c in ("quantity", "unit_price", "amount") if c in wanted
    ):
        return None
    return item


# A cheap first look: a header line names at least one of these (checked before normalising).
HEADER_HINT = re.compile(
    r"(?i)qty|quantit|descr|item|price|amount|total|rate|product|unit|hours|cost|service|article"
)
STOP_WORDS = re.compile(r"^(sub\s*total|total|tax|vat|net|grand|balance|amount due|shipping total)\b", re.I)


def extract_line_items(document: ReadDocument, lines, wanted: list[str]) -> tuple[list[dict], list[dict]]:
    # 1. real tables (DOCX, HTML, XLSX, CSV)
    for table in document.tables:
        for header_index, header in enumerate(table[:10]):
            mapping = _header_columns(header)
            if "description" in mapping and len(mapping) >= 2:
                items, sources = [], []
                for row in table[header_index + 1 :]:
                    if STOP_WORDS.match((row[0] if row else "").strip()) or not any(row):
                        if items:
                            break
                        continue
                    raw = {c: row[i] if i < len(row) else "" for c, i in mapping.items()}
                    item = _item(raw, wanted)
                    if item:
                        items.append(item)
                        sources.append({"page": 1, "snippet": " | ".join(row)[:300], "confidence": 0.9})
                if items:
                    return items, sources
    # 2. text lines under a header that names the columns
    items, sources = [], []
    order: list[str] = []
    leading: list[str] = []
    pending = ""
    for page, raw_line in lines:
        line = raw_line.strip()
        header_hits = []
        if HEADER_HINT.search(line) and not re.search(r"\d{2,}", line):
            joined = normalise_label(line)
            header_hits = [
                c for c, synonyms in ITEM_COLUMNS_NORMALISED.items() if any(s in joined for s in synonyms)
            ]
        if len(header_hits) >= 3:
            # column order = order of first appearance of each column's wording in the header
            lowered = " " + normalise_label(line) + " "
            positions = {}
            for column, synonyms in ITEM_COLUMNS_NORMALISED.items():
                spots = [lowered.find(" " + s + " ") for s in synonyms]
                spots = [p for p in spots if p >= 0]
                if spots:
                    positions[column] = min(spots)
            ranked = sorted(positions, key=positions.get)
            cut = ranked.index("description") if "description" in ranked else 0
            leading = ranked[:cut]  # "Qty  Description  Unit  Total": numbers before the words too
            order = [c for c in ranked[cut:] if c != "description"]
            continue
        if not order or not line:
            continue
        if STOP_WORDS.match(line):
            order = [] if items else order
            continue
        spans = list(NUMBER_TOKEN.finditer(line))
        head = []
        if leading:
            if len(spans) < len(leading) + len(order) or spans[0].start() > 2:
                continue
            head, spans = spans[: len(leading)], spans[len(leading) :]
        if len(spans) < len(order):
            # a description that wrapped: its numbers follow on the next line
            pending = line if re.search(r"[A-Za-z]", line) else ""
            continue
        tail_spans = spans[-len(order) :]
        tail = [m.group(0) for m in tail_spans]
        description = line[head[-1].end() if head else 0 : tail_spans[0].start()].strip(" |-\t")
        if not re.search(r"[A-Za-z]", description) and pending:
            description = pending
        pending = ""
        if not description or not re.search(r"[A-Za-z]", description):
            continue
        raw = dict(zip(order, tail, strict=True)) | dict(
            zip(leading, [m.group(0) for m in head], strict=False)
        )
        raw["description"] = re.sub(r"\s{2,}|\s\|\s", " ", description).strip()
        item = _item(raw, wanted)
        if item:
            items.append(item)
            sources.append({"page": page, "snippet": line[:300], "confidence": 0.8})
    return items, sources


CLASS_KEYWORDS: dict[str, list[tuple[str, float]]] = {
    "invoice": [("invoice", 3), ("bill to", 2), ("due date", 2), ("invoice number", 3), ("amount due", 2), ("tax", 0.5)],
    "receipt": [("receipt", 4), ("thank you", 1.5), ("payment method", 2), ("paid", 1), ("cashier", 2), ("change", 1),
                ("card", 1), ("store", 1), ("merchant", 2), ("transaction", 1), ("visa", 1.5), ("mastercard", 1.5),
                ("shopping", 1.5), ("cash", 1), ("till", 1), ("tip", 0.5)],
    "purchase_order": [("purchase order", 5), ("po number", 4), ("p.o.", 3), ("ship to", 1.5), ("order date", 2),
                       ("supplier", 2), ("buyer", 2), ("delivery date", 1)],
    "resume": [("experience", 2), ("education", 3), ("skills", 3), ("curriculum vitae", 5), ("resume", 4),
               ("résumé", 4), ("profile", 1), ("employment", 2), ("university", 2), ("linkedin", 2)],
    "bank_statement": [("statement", 3), ("opening balance", 4), ("closing balance", 4), ("account holder", 3),
                       ("withdrawal", 2), ("deposit", 2), ("bank", 1.5), ("transactions", 1), ("sort code", 2)],
}  # fmt: skip


def classify(text: str) -> tuple[str, float]:
    lowered = text.lower()
    scores = {kind: sum(min(lowered.count(word), 3) * weight for word, weight in words)
              for kind, words in CLASS_KEYWORDS.items()}  # fmt: skip
    kind = max(scores, key=scores.get)
    total = sum(scores.values())
    if scores[kind] < 2.5:
        return "other", 0.0
    return kind, round(scores[kind] / total, 2) if total else 0.0
