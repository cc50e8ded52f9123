"""Regions and how a spreadsheet prints their numbers and dates.

A number format carries the locale (``[$-407]``) so that LibreOffice prints German separators and month
names whatever the machine's own locale is; the Python twins below (``money_text``, ``date_text``)
give the string LibreOffice prints for the same value, which ``verify.py`` then looks for.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "de-AT": "Jänner Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
}
MONTHS_SHORT = {
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec",
    "de": "Jan Feb Mär Apr Mai Jun Jul Aug Sep Okt Nov Dez",
    "de-AT": "Jän Feb Mär Apr Mai Jun Jul Aug Sep Okt Nov Dez",
}


@dataclass(frozen=True)
class Region:
    key: str  # "de-AT"
    lcid: str  # the Windows locale id LibreOffice reads in a number format
    currency: str
    symbol: str
    symbol_first: bool  # where the region writes its sign when nobody chooses otherwise
    group: str  # thousands separator LibreOffice prints for the locale
    decimal: str
    date_formats: tuple[str, ...]  # spreadsheet date codes people of the region use
    vat: Decimal  # standard rate
    reduced: Decimal | None  # a second rate for lines that take it
    paper: str = "A4"
    country: str = ""

    @property
    def language(self) -> str:
        return self.key.split("-")[0]

    @property
    def sign_is_shared(self) -> bool:
        """`$` is also the sign of other currencies: such documents print the code as well."""
        return self.symbol == "$" and self.currency != "USD"

    @property
    def month_key(self) -> str:
        return self.key if self.key in MONTHS else self.language


D = Decimal
REGIONS: dict[str, Region] = {
    r.key: r
    for r in (
        Region(
            "en-GB",
            "809",
            "GBP",
            "£",
            True,
            ",",
            ".",
            ("DD/MM/YYYY", "D MMMM YYYY", "DD-MMM-YYYY"),
            D("20"),
            D("5"),
            country="United Kingdom",
        ),
        Region(
            "en-US",
            "409",
            "USD",
            "$",
            True,
            ",",
            ".",
            ("MM/DD/YYYY", "MMMM D, YYYY", "MMM D, YYYY"),
            D("7.25"),
            None,
            paper="Letter",
            country="USA",
        ),
        Region(
            "en-IE",
            "1809",
            "EUR",
            "€",
            True,
            ",",
            ".",
            ("DD/MM/YYYY", "D MMMM YYYY", "DD MMM YYYY"),
            D("23"),
            D("13.5"),
            country="Ireland",
        ),
        Region(
            "en-AU",
            "C09",
            "AUD",
            "$",
            True,
            ",",
            ".",
            ("DD/MM/YYYY", "D MMMM YYYY", "D MMM YYYY"),
            D("10"),
            None,
            country="Australia",
        ),
        Region(
            "fr-FR",
            "40C",
            "EUR",
            "€",
            False,
            "\xa0",
            ",",
            ("DD/MM/YYYY", "D MMMM YYYY"),
            D("20"),
            D("5.5"),
            country="France",
        ),
        Region(
            "fr-BE",
            "80C",
            "EUR",
            "€",
            False,
            ".",
            ",",
            ("DD/MM/YYYY", "D MMMM YYYY", "DD-MM-YYYY"),
            D("21"),
            D("6"),
            country="Belgique",
        ),
        Region(
            "fr-CH",
            "100C",
            "CHF",
            "CHF",
            True,
            "'",
            ".",
            ("DD.MM.YYYY", "D MMMM YYYY"),
            D("8.1"),
            D("2.6"),
            country="Suisse",
        ),
        Region(
            "nl-NL",
            "413",
            "EUR",
            "€",
            True,
            ".",
            ",",
            ("DD-MM-YYYY", "D MMMM YYYY", "D MMM YYYY"),
            D("21"),
            D("9"),
            country="Nederland",
        ),
        Region(
            "nl-BE",
            "813",
            "EUR",
            "€",
            True,
            ".",
            ",",
            ("DD/MM/YYYY", "D MMMM YYYY"),
            D("21"),
            D("6"),
            country="België",
        ),
        Region(
            "de-DE",
            "407",
            "EUR",
            "€",
            False,
            ".",
            ",",
            ("DD.MM.YYYY", "D. MMMM YYYY", "DD. MMM YYYY"),
            D("19"),
            D("7"),
            country="Deutschland",
        ),
        Region(
            "de-AT",
            "C07",
            "EUR",
            "€",
            True,
            ".",
            ",",
            ("DD.MM.YYYY", "D. MMMM YYYY"),
            D("20"),
            D("10"),
            country="Österreich",
        ),
        Region(
            "de-CH",
            "807",
            "CHF",
            "CHF",
            True,
            "'",
            ".",
            ("DD.MM.YYYY", "D. MMMM YYYY"),
            D("8.1"),
            D("2.6"),
            country="Schweiz",
        ),
        Region(
            "es-ES",
            "C0A",
            "EUR",
            "€",
            False,
            ".",
            ",",
            ("DD/MM/YYYY", 'D "de" MMMM "de" YYYY', "DD-MM-YYYY"),
            D("21"),
            D("10"),
            country="España",
        ),
        Region(
            "es-MX",
            "80A",
            "MXN",
            "$",
            True,
            ",",
            ".",
            ("DD/MM/YYYY", 'D "de" MMMM "de" YYYY'),
            D("16"),
            None,
            country="México",
        ),
        Region(
            "it-IT",
            "410",
            "EUR",
            "€",
            True,
            ".",
            ",",
            ("DD/MM/YYYY", "D MMMM YYYY", "DD.MM.YYYY"),
            D("22"),
            D("10"),
            country="Italia",
        ),
        Region(
            "pt-PT",
            "816",
            "EUR",
            "€",
            False,
            "\xa0",
            ",",
            ("DD/MM/YYYY", 'D "de" MMMM "de" YYYY', "YYYY-MM-DD"),
            D("23"),
            D("13"),
            country="Portugal",
        ),
        Region(
            "pt-BR",
            "416",
            "BRL",
            "R$",
            True,
            ".",
            ",",
            ("DD/MM/YYYY", 'D "de" MMMM "de" YYYY'),
            D("5"),
            None,
            country="Brasil",
        ),
    )
}

# LibreOffice prints a "/" of a date code as the locale's own date separator.
DATE_SEPARATORS = {"fr-CH": ".", "de-DE": ".", "de-AT": ".", "de-CH": ".", "nl-NL": "-", "pt-PT": "-"}

LANGUAGE_REGIONS: dict[str, tuple[str, ...]] = {
    "en": ("en-GB", "en-US", "en-IE", "en-AU"),
    "fr": ("fr-FR", "fr-BE", "fr-CH"),
    "nl": ("nl-NL", "nl-BE"),
    "de": ("de-DE", "de-AT", "de-CH"),
    "es": ("es-ES", "es-MX"),
    "it": ("it-IT",),
    "pt": ("pt-PT", "pt-BR"),
}


@dataclass(frozen=True)
class MoneyStyle:
    """How one document prints money: its own choice, kept for every amount it prints."""

    token: str  # what stands beside the number: the sign or the ISO code
    before: bool
    space: bool
    grouping: bool
    in_table: bool  # whether the item table's cells carry the token too


def money_format(region: Region, style: MoneyStyle, *, with_token: bool = True) -> str:
    """The spreadsheet number format for money in ``region``."""
    number = "#,##0.00" if style.grouping else "0.00"
    prefix = f"[$-{region.lcid}]"
    if not with_token:
        return prefix + number
    token = f"[${style.token}-{region.lcid}]" if style.token == region.symbol else f'"{style.token}"'
    gap = " " if style.space else ""
    return prefix + (token + gap + number if style.before else number + gap + token)


def number_text(value: Decimal, region: Region, *, grouping: bool, places: int = 2) -> str:
    sign = "-" if value < 0 else ""
    text = f"{abs(value):.{places}f}"
    whole, _, frac = text.partition(".")
    if grouping:
        whole = re.sub(r"\B(?=(\d{3})+$)", lambda _m: region.group, whole)
    return sign + whole + (region.decimal + frac if places else "")


def money_text(value: Decimal, region: Region, style: MoneyStyle, *, with_token: bool = True) -> str:
    number = number_text(abs(value), region, grouping=style.grouping)
    sign = "-" if value < 0 else ""
    if not with_token:
        return sign + number
    gap = " " if style.space else ""
    return sign + (style.token + gap + number if style.before else number + gap + style.token)


def rate_places(rate: Decimal) -> int:
    """Decimals a rate needs: 19 -> 0, 5.5 -> 1, 8.875 -> 3."""
    return max(0, -rate.normalize().as_tuple().exponent)


def percent_format(region: Region, rate: Decimal) -> str:
    places = rate_places(rate)
    return f"[$-{region.lcid}]0{'.' + '0' * places if places else ''}%"


def percent_text(rate: Decimal, region: Region) -> str:
    places = rate_places(rate)
    return number_text(rate, region, grouping=False, places=places) + "%"


def date_format(region: Region, code: str) -> str:
    return f"[$-{region.lcid}]{code}"


_DATE_TOKEN = re.compile(r'"[^"]*"|YYYY|MMMM|MMM|MM|M|DD|D|.', re.S)


def date_text(value: dt.date, region: Region, code: str) -> str:
    """What LibreOffice prints for ``value`` under the date code ``code`` in ``region``."""
    months = MONTHS[region.month_key].split()
    short = MONTHS_SHORT.get(region.month_key, MONTHS_SHORT["en"]).split()
    parts = {
        "YYYY": f"{value.year:04d}",
        "MMMM": months[value.month - 1],
        "MMM": short[value.month - 1],
        "MM": f"{value.month:02d}",
        "M": str(value.month),
        "DD": f"{value.day:02d}",
        "D": str(value.day),
    }
    out = []
    for token in _DATE_TOKEN.findall(code):
        if token.startswith('"'):
            out.append(token[1:-1])
        elif token == "/":
            out.append(DATE_SEPARATORS.get(region.key, "/"))
        else:
            out.append(parts.get(token, token))
    return "".join(out)
