"""Years of experience: as a résumé states them, or the months within its dated positions
outside its education, summed (a month two positions share counted once, a gap between them not at
all; a position held "to present" counted to when the résumé was written)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.found import CELL_BREAK, Found, Lines, letter_spacing_closed
from batches.processing.builtin.values import page_count
from batches.processing.layout.model import Cell, Layout
from batches.processing.vocab import (
    SECTION_KINDS,
    alternation,
    month_number,
    normalise_label,
    number_word,
    prose_words,
    range_words_to,
    section_headings,
)

ONGOING = alternation(prose_words(lambda words: words.ongoing))
YEARS_WORD = alternation(prose_words(lambda words: words.years))
EXPERIENCE_WORD = alternation(prose_words(lambda words: words.experience))
CAREER_WORD = alternation(prose_words(lambda words: words.career))
OF_WORD = alternation(prose_words(lambda words: words.of))
PRESENT = re.compile(rf"\b(?:{ONGOING})\b", re.I)
# "12 years of experience", "19 ans d'expérience", "8 Jahre Berufserfahrung", "17 años de trayectoria"
YEARS_STATED = re.compile(
    rf"\b(\d{{1,2}}|\w+(?:-\w+)?)\+?\s+(?:{YEARS_WORD})(?:'|\u2019)?\s+"
    rf"(?:\w+\s+){{0,3}}?(?:(?:{OF_WORD})\s*)?\w*(?:{EXPERIENCE_WORD}|{CAREER_WORD})",
    re.I,
)
# A career of so many years: "una trayectoria de 17 años", "une carrière de 15 ans", "a career of 12 years".
YEARS_OF_A_CAREER = re.compile(
    rf"\b(?:{CAREER_WORD})\s+(?:{OF_WORD})?\s*(\d{{1,2}}|\w+)\+?\s+(?:{YEARS_WORD})\b", re.I
)
# A count of years after a word for "with" in a profile: "with twelve years in manufacturing",
# "avec plus de 10 ans dans", "mit über elf Jahren".
YEARS_WITH = re.compile(
    rf"\b(?:{alternation(prose_words(lambda words: words.with_years))})\s+"
    rf"(\d{{1,2}}|\w+(?:-\w+)?)\+?\s+(?:{YEARS_WORD})\b",
    re.I,
)
# The word for experience as a label, then the years: "Experiencia: 7 años", "Berufserfahrung: 12 Jahre".
YEARS_LABELLED = re.compile(rf"\w*(?:{EXPERIENCE_WORD})\s*:\s*(\d{{1,2}})\+?\s*(?:{YEARS_WORD})\b", re.I)
# Its dash may be lost between two cells of a scan ("04/2019  heute"); a month by name may stand
# before its year with a slash ("jan/2018 - jun/2023").
# "março de 2021" and "March of 2021" name a month as "März 2021" does
MONTH_THEN_YEAR = r"(?:\.?\s+(?:de\s+|of\s+)?|/)"
# A month by name and its year next: the range's end after a dash OCR lost ("Ene. 2017 Abr. 2022").
MONTH_YEAR_AHEAD = r"[^\W\d_]{3,9}\.?\s(?:19|20)\d{2}"
# A year and its month after it, ISO's way ("2018-12 - 2023-02"), where a spaced dash follows:
# "2011-12" alone is two years.
ISO_MONTH_AT_START = r"(?:-(?P<i1>0[1-9]|1[0-2])(?=\s+[-\u2013\u2014]|\s*[\u2013\u2014]))?"
ISO_MONTH_AT_END = r"(?:-(?P<i2>0[1-9]|1[0-2])(?![\d-]))?"
YEAR_RANGE = re.compile(
    rf"\b(?:(?P<m1>[^\W\d_]{{3,9}}){MONTH_THEN_YEAR}|(?P<n1>\d{{1,2}})[/.])?(?P<y1>(?:19|20)\d{{2}})"
    rf"{ISO_MONTH_AT_START}"
    rf"(?:\s*[-\u2013\u2014]\s*|\s+(?:{alternation(range_words_to())})\s+|\s{{2,}}|\s(?={MONTH_YEAR_AHEAD}))"
    rf"(?:(?:(?P<m2>[^\W\d_]{{3,9}}){MONTH_THEN_YEAR}|(?P<n2>\d{{1,2}})[/.])?(?P<y2>(?:19|20)\d{{2}})"
    rf"{ISO_MONTH_AT_END}|(?=\w))",
    re.I,
)


def years(lines: Lines, text: str, layout: Layout | None = None) -> Found | None:
    """Years of experience as stated, or the whole years of months within the dated positions
    outside education (``layout``: where each line's cells start, when its lines are ``lines``)."""
    stated_forms = (YEARS_STATED, YEARS_LABELLED, YEARS_OF_A_CAREER, YEARS_WITH)
    for stated in (form.search(text) for form in stated_forms):
        if stated is None:
            continue
        value = norm.parse_int(stated.group(1)) if stated.group(1).isdigit() else number_word(stated.group(1))
        if value is not None:
            return Found(value, None, stated.group(0), 0.6)
    # a copyright's years ("© Unión Europea, 2002-2025" under a Europass CV) are no position
    cells = _cells_of(lines, layout)
    working = [
        (page, line)
        for page, line in _outside_section(lines, "education", cells)
        if not _a_copyright(line) and not page_count().search(line)  # a footer: "… 2002-2026  Pagina 2/2"
    ]
    positions = [
        (_month_of(match, 1), _month_of(match, 2), line)
        for _page, line in _ends_unwrapped(working)
        for match in YEAR_RANGE.finditer(line)
        if match.group("y2") or PRESENT.search(line) or _opens_a_cell(line, match.start())
    ]
    since = [(_month_of(match, 1), line) for _page, line in working for match in SINCE_A_DATE.finditer(line)]
    held = [start[0] for start, end, line in positions if end is None and PRESENT.search(line)]
    now = _written_when(_without_spans(text), held + [start[0] for start, _line in since])
    spans = [
        (start, end if end is not None else now, line)
        for start, end, line in positions
        if end is not None or PRESENT.search(line)
    ] + [(start, now, line) for start, line in since]
    positions += [(start, now, line) for start, line in since]
    spans = [(start, end, line) for start, end, line in spans if end[0] >= start[0]]
    if not spans:
        return None
    unread_ends = [start for start, end, line in positions if end is None and not PRESENT.search(line)]
    worked = _months_worked([(start, end) for start, end, _line in spans], unread_ends)
    return Found(worked // 12, None, spans[0][2].strip(), 0.45)


def _a_copyright(line: str) -> bool:
    """Whether "©" opens the line's years ("© Unión Europea, 2002-2025"), not a timeline's bullet
    OCR read as one after a position's span ("02/2021 - to date  ©  Seed Systems Specialist")."""
    mark = line.find("©")
    span = YEAR_RANGE.search(line)
    return mark >= 0 and (span is None or mark < span.start())


def _without_spans(text: str) -> str:
    """The text without its positions' spans, whose months date no writing ("Mei 2018 - Heden"
    over "Januari 2015 - December 2019"); a date is no span ("Atualizado em 2024-07-31")."""

    def span(match: re.Match[str]) -> str:
        spanned = match.group("y2") or PRESENT.match(text, match.end())
        return " " if spanned else match.group(0)

    return YEAR_RANGE.sub(span, text)


# A date range whose narrow column wrapped its end onto the next line ("out. 2019 -" over
# "presente", "set. 2015 - set." over "2019", "Da aprile 2014 ad" over "aprile 2018"): the first
# cell ends at its dash or its word for "to" (or the end's month), the next line's first cell is
# the end's year, its month and year, or a word for "now".
OPEN_RANGE = re.compile(
    rf"(?:19|20)\d{{2}}\s*(?:[-\u2013\u2014]|\s(?:{alternation(range_words_to())}))\s*(?:[^\W\d_]{{3,9}}\.?)?$",
    re.I,
)
WRAPPED_END = re.compile(rf"(?:(?:[^\W\d_]{{3,9}}\.?\s+)?(?:19|20)\d{{2}}|(?:{ONGOING}))\.?$", re.I)


def _ends_unwrapped(lines: Lines) -> Lines:
    """The lines with each date range's wrapped end put back after its dash (``OPEN_RANGE``)."""
    out = list(lines)
    for at in range(len(out) - 1):
        (page, line), (next_page, below) = out[at], out[at + 1]
        first, *rest = CELL_BREAK.split(line.strip(), 1)
        end, *after = CELL_BREAK.split(below.strip(), 1)
        if OPEN_RANGE.search(first) and WRAPPED_END.fullmatch(end):
            out[at] = (page, "  ".join([f"{first} {end}", *rest]))
            out[at + 1] = (next_page, "  ".join(after))
    return out


def _opens_a_cell(line: str, start: int) -> bool:
    """Whether a date range starts its line's cell (after the day of its first date, if any): a
    position's dates, where its end may be unread ("04/2019  heute", "03/03/2014-31/07/2019"),
    not a year inside a sentence ("D.Lgs. 196/2003 e del …")."""
    before = line[:start].rsplit("  ", 1)[-1].strip()
    return not before or bool(DAY_BEFORE.fullmatch(before))


DAY_BEFORE = re.compile(r"\d{1,2}[/.]")


# The start of a position still held, after a word for "since": "seit 03/2020", "since May 2019".
SINCE_A_DATE = re.compile(
    rf"\b(?:{alternation(prose_words(lambda words: words.since))})\s+"
    r"(?:(?P<m1>[^\W\d_]{3,9})\.?\s+|(?P<n1>\d{1,2})[/.])?(?P<y1>(?:19|20)\d{2})\b",
    re.I,
)


When = tuple[int, int | None]  # a year and its month, if printed


def _month_of(match: re.Match[str], end: int) -> When | None:
    """(year, month or None) of a dated position's first or second ``end`` ("Déc. 2012", "04/2019",
    "2019-04", "2015"): its groups y (the year), m (a month's name), n or i (its number)."""
    groups = match.groupdict()
    if not groups[f"y{end}"]:
        return None
    name, number = groups[f"m{end}"], groups[f"n{end}"] or groups.get(f"i{end}")
    month = month_number(name) if name else None
    if month is None and number and 1 <= int(number) <= 12:
        month = int(number)
    return int(groups[f"y{end}"]), month


def _months_worked(spans: list[tuple[When, When]], unread_ends: list[When]) -> int:
    """Months within any dated position, a month two positions share counted once (a gap between
    them not at all); a position whose end is unread runs to the next one's start."""
    ranges = [_month_range(start, end) for start, end in spans]
    starts = sorted(first for first, _last in ranges)
    for start in unread_ends:
        first = _month_range(start, start)[0]
        ranges.append((first, min((later for later in starts if later > first), default=first)))
    worked, reached = 0, None
    for first, last in sorted(ranges):
        first = first if reached is None else max(first, reached)
        worked += max(0, last - first)
        reached = last if reached is None else max(reached, last)
    return worked


def _month_range(first: When, last: When) -> tuple[int, int]:
    """The months from one (year, month) to another as [first, last): both months counted when
    both ends name one ("Déc. 2012 - Janv. 2024" is 11 years and 2 months, "01/2010 - 12/2025"
    16 years), the one named on both ends when one does, else whole years ("2015 - 2019": 4)."""
    start, end = first[1] or last[1], last[1] or first[1]
    if start is None or end is None:
        return 12 * first[0], 12 * last[0]
    both = first[1] is not None and last[1] is not None
    return 12 * first[0] + start, 12 * last[0] + end + both


def _written_when(text: str, open_starts: list[int]) -> tuple[int, int | None]:
    """(year, month or None) a document was written, for a position held "to present": the latest
    year it names with a month ("Austin, May 2024", "Mis à jour : 2024-01-22"), never one after
    this year, and the latest month it names in that year; this month when it names none but the
    start of a position held to present, or no month at all. A year alone ("Green Belt (2021)")
    dates a certificate."""
    this_year = date.today().year
    dated = {year for year, _month in _months_and_years(text) if year <= this_year}
    latest = max(dated, default=this_year)
    if not dated or latest <= max(open_starts, default=0):
        return this_year, date.today().month
    return latest, max(_months_named(text, latest), default=None)


# A month and its year: "March 2024", "março de 2024", "13-Nov-2018", "March 14, 2026", "2024-01-22",
# "22.01.2024", "22/01/2024".
MONTH_AND_YEAR = re.compile(
    r"\b(?P<name>[^\W\d_]{3,10})\.?(?:\s+|-)(?:de\s+|of\s+|\d{1,2}(?:st|nd|rd|th)?,\s+)?(?P<y1>(?:19|20)\d{2})\b"
    r"|\b(?P<y2>(?:19|20)\d{2})-(?P<m2>\d{2})-\d{2}\b"
    r"|\b\d{1,2}[./](?P<m3>\d{1,2})[./](?P<y3>(?:19|20)\d{2})\b"
)


def _months_named(text: str, year: int) -> Iterator[int]:
    """The months the text names in a year, by name or in a full date (day first)."""
    return (month for printed, month in _months_and_years(text) if printed == year)


def _months_and_years(text: str) -> Iterator[tuple[int, int]]:
    """(year, month) of each month the text names with its year, by name or in a full date."""
    for match in MONTH_AND_YEAR.finditer(text):
        if match.group("name"):
            month, printed = month_number(match.group("name")), match.group("y1")
        elif match.group("y2"):
            month, printed = int(match.group("m2")), match.group("y2")
        else:
            month, printed = int(match.group("m3")), match.group("y3")
        if month is not None and 1 <= month <= 12:
            yield int(printed), month


def _outside_section(lines: Lines, kind: str, cells: list[tuple[Cell, Cell, float]] | None = None) -> Lines:
    """The lines outside the sections of a kind. A section opened by a heading in the body beside a
    sidebar's item ("Git  FORMACIÓN") is not closed by the sidebar's next heading ("IDIOMAS  Grado
    en Matemáticas  2009 - 2013"), only by one in the body or across the page; one opened by the
    body's heading beside the sidebar ("Formation  Organisation d'événements") not by the
    sidebar's beside the body ("Master en sciences …  Langues"). ``cells``: each
    line's first and last cells and its height; then a heading alone on its line in another column
    than the section's (the body's "FORMACIÓN", the sidebar's "IDIOMAS" under it) closes nothing."""
    headings = set(section_headings(kind))
    others = {h for k in SECTION_KINDS if k not in (kind, "education") for h in section_headings(k)}
    kept, inside, beside, column = [], False, False, None
    middle = max((last.x1 for _first, last, _height in cells or []), default=0.0) / 2
    for row, (page, line) in enumerate(lines):
        whole, first, last = _heading_names(line)
        where = cells[row] if cells else None
        in_its_column = _the_columns_next(last, others, column, where)
        if (whole | first | last) & headings:
            inside = True
            beside = not ((whole | first) & headings)  # opened by the body's heading only
            column = where and (where[1] if beside else where[0])
        elif ((whole | last) if beside else (whole | first)) & others or in_its_column:
            if (
                inside
                and column
                and where
                and not in_its_column
                and not _one_column(column, where[0], where[2])
            ):
                continue  # another column's heading, on a line of its own beside the section
            inside = False  # the line goes on beside a sidebar's heading ("CONTACTOS  09/2019 - presente")
            kept.append((page, line))
        elif not inside:
            kept.append((page, line))
        elif beside and column and where and column.x0 > middle:  # a sidebar on the page's right
            kept.extend((page, body) for body in [_beside_the_sidebar(line, column, where)] if body)
    return kept


def _the_columns_next(
    last: set[str], others: set[str], column: Cell | None, where: tuple[Cell, Cell, float] | None
) -> bool:
    """Whether a line ends in another section's heading in the column of the section's own (the
    body's "WERKERVARING" beside the sidebar's "SAP EWM", under the body's "OPLEIDING")."""
    return (
        bool(last & others)
        and column is not None
        and where is not None
        and _one_column(column, where[1], where[2])
    )


def _beside_the_sidebar(line: str, column: Cell, where: tuple[Cell, Cell, float]) -> str:
    """A line's text without its cell in a sidebar's section (``column``, the section's heading
    in a sidebar on the right of the body): the body beside it goes on ("Customer Service Representative"
    beside the sidebar's education "2012 - 2016")."""
    first, last, height = where
    if _one_column(column, last, height):
        cells = CELL_BREAK.split(line.strip())
        return "  ".join(cells[:-1]) if len(cells) > 1 and not _one_column(column, first, height) else ""
    return line


def _one_column(cell: Cell, other: Cell, height: float) -> bool:
    """Whether two cells stand in one column: their left edges or their centres within a line's height."""
    return abs(cell.x0 - other.x0) <= height or abs(cell.x0 + cell.x1 - other.x0 - other.x1) / 2 <= height


def _cells_of(lines: Lines, layout: Layout | None) -> list[tuple[Cell, Cell, float]] | None:
    """Each of ``lines``'s first and last cells and its height, from the layout whose lines they
    are (None where they are not its lines)."""
    if layout is None or len(layout.lines) != len(lines):
        return None
    if any(
        line.text.rstrip() != text or line.page != page
        for line, (page, text) in zip(layout.lines, lines, strict=True)
    ):
        return None
    return [
        (line.cells[0], line.cells[_before_specks([cell.text for cell in line.cells]) - 1], line.height)
        for line in layout.lines
    ]


def _before_specks(cells: list[str]) -> int:
    """How many of a line's cells come before the specks OCR read after its last text (an icon or a
    photo's edge beside a heading: "e DATEV  AUSBILDUNG  ge a Tek  ES"), two at least."""
    kept = len(cells)
    while kept > 2 and SPECKS.fullmatch(cells[kept - 1].strip()):
        kept -= 1
    return kept


SPECKS = re.compile(r"[^\W\d_]{1,3}(?:\s+[^\W\d_]{1,3})*")  # short letter groups alone: no word, no figure


def _heading_names(line: str) -> tuple[set[str], set[str], set[str]]:
    """What a line names if it is a section's heading: the line alone, its first cell beside a
    sidebar's ("Formazione  Excel"), its last beside a sidebar's item ("Git  FORMACIÓN"); each
    also the first of two headings joined by a sign ("EDUCATION & CERTIFICATIONS")."""
    cells = CELL_BREAK.split(line.strip())
    cells = cells[: _before_specks(cells)]
    out = []
    for text in (line, cells[0], cells[-1] if len(cells) > 1 else ""):
        text = letter_spacing_closed(text.strip().rstrip(":"))
        names = {
            normalise_label(text),
            normalise_label(JOINED_HEADINGS.split(text, maxsplit=1)[0]),
            normalise_label(SPECKS_AFTER.sub("", text)),  # "Opleiding eo": an icon OCR read after it
            normalise_label(SPECKS_BEFORE.sub("", text)),  # "o Formación": or before it
        }
        out.append(names - {""})
    return out[0], out[1], out[2]


JOINED_HEADINGS = re.compile(r"\s+[&/+]\s+")
SPECKS_AFTER = re.compile(r"(?<=[^\W\d_]{4})(?:\s+[a-z]{1,2})+$")  # a heading's word, then specks
SPECKS_BEFORE = re.compile(r"^(?:(?:[a-z]{1,2}|[^\w\s]{1,2})\s+)+(?=[^\W\d_]{4})")
