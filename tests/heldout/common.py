"""What every document builder shares: the per-document context, parties, addresses, identifiers."""

# ruff: noqa: RUF001 (documents print en dashes and typographic marks)
from __future__ import annotations

import datetime as dt
import random
import string
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from . import fmt, ir, vocab

A4_FONTS = [
    "helvetica",
    "times",
    "dejavu",
    "dejavu_serif",
    "dejavu_cond",
    "liberation_sans",
    "liberation_serif",
    "liberation_narrow",
]
MONO_FONTS = ["courier", "dejavu_mono", "liberation_mono"]
ACCENTS = [(0.92, 0.92, 0.92), (0.88, 0.93, 0.98), (0.93, 0.96, 0.9), (0.98, 0.94, 0.88), (0.94, 0.91, 0.97)]

PHONE_LABEL = {
    "en": ["Tel", "Phone", "T"],
    "fr": ["Tél.", "Tél :", "Téléphone"],
    "de": ["Tel.", "Telefon", "Fon"],
    "nl": ["Tel.", "Telefoon", "T"],
    "es": ["Tel.", "Teléfono", "Tlf."],
    "it": ["Tel.", "Telefono"],
    "pt": ["Tel.", "Telefone"],
}
EMAIL_LABEL = {
    "en": "Email",
    "fr": "E-mail",
    "de": "E-Mail",
    "nl": "E-mail",
    "es": "Email",
    "it": "E-mail",
    "pt": "E-mail",
}
BANK_WORDS = {
    "en": "Bank",
    "fr": "Banque",
    "de": "Bank",
    "nl": "Bank",
    "es": "Banco",
    "it": "Banca",
    "pt": "Banco",
}
CUSTOMER_PREFIX = {"de": {"m": "Herrn", "f": "Frau"}}
CLOSING = {
    "en": ["Kind regards,", "Yours faithfully,"],
    "fr": ["Veuillez agréer, Madame, Monsieur, nos salutations distinguées."],
    "de": ["Mit freundlichen Grüßen"],
    "nl": ["Met vriendelijke groet,"],
    "es": ["Atentamente,"],
    "it": ["Distinti saluti."],
    "pt": ["Com os melhores cumprimentos,"],
}


class SafeDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = "".join(ch if ch.isalnum() else "-" for ch in s.lower())
    while "--" in s:
        s = s.replace("--", "-")
    return s.strip("-")


@dataclass
class Party:
    name: str
    address: list[str]
    phone: str = ""
    phone_e164: str = ""
    email: str = ""
    tax_id: str = ""
    reg: str = ""
    iban: str = ""
    bic: str = ""
    person: tuple[str, str, str] | None = None  # first, last, gender
    extra: dict = field(default_factory=dict)


class Ctx:
    """One document: its region, random generator, and the label wording it settled on."""

    def __init__(self, variant: str, rng: random.Random, fmt_name: str):
        self.variant = variant
        self.lang = variant.split("-")[0]
        self.rng = rng
        self.fmt = fmt_name
        self.st = fmt.Style(variant, rng)
        self._labels: dict = {}
        self.features: dict = {}

    # ---------------------------------------------------------------- choices
    def choice(self, seq):
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def label(self, table: dict, key: str, **kw) -> str:
        k = (id(table), key)
        if k not in self._labels:
            self._labels[k] = self.rng.choice(table[self.lang][key])
        s = self._labels[k]
        return (
            s.format_map(SafeDict(tax=self.st.region["tax"], cur=self.st.currency, **kw)) if "{" in s else s
        )

    def money(self, x: Decimal) -> str:
        return self.st.money(x)

    def date(self, d: dt.date) -> str:
        return self.st.date(d)

    # ---------------------------------------------------------------- people and companies
    def person(self) -> tuple[str, str, str]:
        v = self.variant
        firsts = (
            vocab.FIRST.get(v)
            or vocab.FIRST.get("en-MY" if v == "en-SG" else "", None)
            or vocab.FIRST[self.lang]
        )
        lasts = (
            vocab.LAST.get(v)
            or vocab.LAST.get("en-MY" if v == "en-SG" else "", None)
            or vocab.LAST[self.lang]
        )
        first, gender = self.choice(firsts).split(":")
        last = self.choice(lasts)
        if self.lang == "es" and self.chance(0.5):
            last = f"{last} {self.choice([x for x in lasts if x != last])}"
        if self.lang == "pt" and self.chance(0.4):
            last = f"{self.choice([x for x in lasts if x != last])} {last}"
        return first, last, gender

    def company_name(self, avoid: set[str] | None = None) -> str:
        avoid = avoid or set()
        for _ in range(50):
            pattern = self.choice(vocab.COMPANY_PATTERNS[self.lang])
            lasts = vocab.LAST.get(self.variant) or vocab.LAST[self.lang]
            last, last2 = self.rng.sample(lasts, 2)
            name = pattern.format(
                word=self.choice(vocab.COMPANY_WORDS[self.lang]),
                trade=self.choice(vocab.COMPANY_TRADES[self.lang]),
                last=last,
                last2=last2,
                form=self.choice(vocab.COMPANY_FORMS[self.variant]),
            )
            if name not in avoid:
                return name
        raise RuntimeError("no company name")

    def shop_name(self) -> str:
        lasts = vocab.LAST.get(self.variant) or vocab.LAST[self.lang]
        return self.choice(vocab.SHOP_PATTERNS[self.lang]).format(
            word=self.choice(vocab.COMPANY_WORDS[self.lang]), last=self.choice(lasts)
        )

    def address(self) -> list[str]:
        v, r = self.variant, self.rng
        streets = vocab.STREETS.get(v) or vocab.STREETS[self.lang]
        street = r.choice(streets)
        city, pc = r.choice(vocab.CITIES[v])
        self.last_city = city.split(",")[0].split(" (")[0].removesuffix(" NSW").removesuffix(" VIC")
        self.last_city = self.last_city.removesuffix(" QLD").removesuffix(" WA").split(" - ")[0]
        no = r.randint(1, 180)
        if v == "en-GB":
            return [f"{no} {street}", f"{city} {pc}"]
        if v == "en-US":
            return [f"{no * 10} {street}, Suite {r.randint(100, 900)}", f"{city} {pc}"]
        if v == "en-IE":
            return [f"{no} {street}", f"{city}, {pc}"]
        if v == "en-IN":
            return [f"{no}, {street}", f"{city} - {pc}"]
        if v == "en-MY":
            return [f"No. {no}, {street}", f"{pc} {city}"]
        if v == "en-SG":
            return [f"{no} {street} #0{r.randint(2, 9)}-{r.randint(10, 99)}", f"{city} {pc}"]
        if v == "en-AU":
            return [f"{no} {street}", f"{city} {pc}"]
        if v == "fr-FR":
            return [f"{no} {street}", f"{pc} {city.upper() if r.random() < 0.4 else city}"]
        if v == "es-MX":
            return [f"{street} {no}, Col. Centro", f"C.P. {pc}, {city}"]
        if v == "es-ES":
            return [
                f"{street}, {no}" + (f", {r.randint(1, 6)}º {r.choice('ABCD')}" if r.random() < 0.4 else ""),
                f"{pc} {city}",
            ]
        if v in ("it-IT", "pt-PT"):
            return [f"{street}, {no}", f"{pc} {city}"]
        if v == "pt-BR":
            return [f"{street}, {no} - Centro", city, f"CEP {pc}"]
        if v.startswith("nl"):
            return [f"{street} {no}", f"{pc}  {city}" if r.random() < 0.5 else f"{pc} {city}"]
        return [f"{street} {no}", f"{pc} {city}"]

    def tax_id(self) -> str:
        r, v = self.rng, self.variant
        d = lambda n: "".join(r.choice(string.digits) for _ in range(n))  # noqa: E731
        return {
            "en-GB": f"VAT Reg. No. GB {d(3)} {d(4)} {d(2)}",
            "en-US": f"EIN {d(2)}-{d(7)}",
            "en-IE": f"VAT No. IE{d(7)}{r.choice('ABCDTW')}",
            "en-IN": f"GSTIN: {d(2)}AB{r.choice('CDEFG')}DE{d(4)}F1Z{d(1)}",
            "en-MY": f"SST No.: W10-{d(4)}-{d(8)}",
            "en-SG": f"GST Reg No: {d(9)}{r.choice('KMNRW')}",
            "en-AU": f"ABN {d(2)} {d(3)} {d(3)} {d(3)}",
            "en-SE": f"VAT SE{d(10)}01",
            "fr-FR": f"TVA intracom. FR{d(2)} {d(9)}",
            "fr-BE": f"TVA BE 0{d(3)}.{d(3)}.{d(3)}",
            "fr-CH": f"CHE-{d(3)}.{d(3)}.{d(3)} TVA",
            "de-DE": f"USt-IdNr. DE{d(9)}",
            "de-AT": f"UID ATU{d(8)}",
            "de-CH": f"CHE-{d(3)}.{d(3)}.{d(3)} MWST",
            "nl-NL": f"Btw-id NL{d(9)}B0{r.randint(1, 9)}",
            "nl-BE": f"Btw BE 0{d(3)}.{d(3)}.{d(3)}",
            "es-ES": f"NIF {r.choice('ABB')}{d(8)}",
            "es-MX": f"RFC {r.choice(['ABC', 'XYZ', 'MRS'])}{d(6)}{r.choice('HJK')}{d(1)}{r.choice('ABC')}",
            "it-IT": f"P.IVA {d(11)}",
            "it-CH": f"CHE-{d(3)}.{d(3)}.{d(3)} IVA",
            "pt-PT": f"NIF {d(9)}",
            "pt-BR": f"CNPJ {d(2)}.{d(3)}.{d(3)}/0001-{d(2)}",
        }[v]

    def registration(self, city: str) -> str:
        r, v = self.rng, self.variant
        d = lambda n: "".join(r.choice(string.digits) for _ in range(n))  # noqa: E731
        return {
            "en-GB": f"Registered in England and Wales No. {d(8)}",
            "fr-FR": f"SIRET {d(3)} {d(3)} {d(3)} {d(5)} – RCS {city} B {d(3)} {d(3)} {d(3)}",
            "de-DE": f"Amtsgericht {city} HRB {d(5)}",
            "de-AT": f"FN {d(6)}{r.choice('abcd')}, Firmenbuchgericht {city}",
            "nl-NL": f"KvK {d(8)}",
            "nl-BE": f"RPR {city}",
            "es-ES": f"Inscrita en el Registro Mercantil de {city}",
            "it-IT": f"REA {city[:2].upper()}-{d(6)} – Cap. soc. € 10.000,00 i.v.",
            "pt-PT": f"Capital social 5 000 € – C.R.C. {city}",
            "en-IN": f"CIN U{d(5)}MH{d(4)}PTC{d(6)}",
            "en-MY": f"Company No. {d(6)}-{r.choice('ABKPUVW')}",
            "en-SG": f"UEN {d(9)}{r.choice('CDEKMNRW')}",
        }.get(v, "")

    def company(self, avoid: set[str] | None = None, bank: bool = True) -> Party:
        name = self.company_name(avoid)
        address = self.address()
        shown, e164 = fmt.phone(self.variant, self.rng)
        role = self.choice(["info", "billing", "office", "contact", "accounts", "sales"])
        email = f"{role}.{slug(name).split('-')[0]}@{self.choice(['example.com', 'example.org'])}"
        p = Party(
            name=name,
            address=address,
            phone=shown,
            phone_e164=e164,
            email=email,
            tax_id=self.tax_id(),
            reg=self.registration(self.last_city),
        )
        if bank:
            country = fmt.country_of(self.variant)
            if fmt.IBAN_LEN.get(country):
                p.iban = fmt.iban(country, self.rng)
                p.bic = (
                    "".join(self.rng.choice(string.ascii_uppercase) for _ in range(4))
                    + country
                    + "".join(self.rng.choice(string.ascii_uppercase + string.digits) for _ in range(2))
                )
            else:
                p.iban = ""
                p.extra["account_no"] = "".join(
                    self.rng.choice(string.digits) for _ in range(self.rng.randint(9, 12))
                )
        return p

    def person_party(self) -> Party:
        first, last, gender = self.person()
        shown, e164 = fmt.phone(self.variant, self.rng)
        return Party(
            name=f"{first} {last}",
            address=self.address(),
            phone=shown,
            phone_e164=e164,
            email=f"{slug(first)}.{slug(last)}@{self.choice(['example.com', 'example.org'])}",
            person=(first, last, gender),
        )

    # ---------------------------------------------------------------- blocks
    def phone_line(self, p: Party) -> str:
        return f"{self.choice(PHONE_LABEL[self.lang])} {p.phone}".replace(": +", " : +").replace(
            ":  +", ": +"
        )

    def party_lines(self, p: Party, contact: bool = True, ids: bool = False) -> list[str]:
        lines = [p.name, *p.address]
        if contact and p.phone:
            lines.append(self.phone_line(p))
        if contact and p.email:
            lines.append(p.email)
        if ids and p.tax_id:
            lines.append(p.tax_id)
        return lines

    def bank_line(self, p: Party) -> str:
        if p.iban:
            shown = fmt.group4(p.iban) if self.chance(0.7) else p.iban
            return f"IBAN {shown} · BIC {p.bic}"
        if self.variant == "en-GB":
            return (
                f"Sort code 20-{self.rng.randint(10, 99)}-{self.rng.randint(10, 99)} · "
                f"Account {p.extra['account_no'][-8:]}"
            )
        return f"{BANK_WORDS[self.lang]} account {p.extra.get('account_no', '')}"

    def footer(self, p: Party, with_bank: bool = True) -> list[str]:
        lines = [" · ".join([p.name, *p.address])]
        ids = [x for x in (p.tax_id, p.reg) if x]
        if ids:
            lines.append(" · ".join(ids))
        if with_bank:
            lines.append(self.bank_line(p))
        return lines

    def new_doc(self, blocks: list, **kw) -> ir.Doc:
        font = kw.pop("font", None) or self.choice(A4_FONTS)
        base = kw.pop("base", None) or self.choice([8.5, 9, 9.5, 10, 10.5])
        page = kw.pop("page", None) or (
            "letter" if self.variant in ("en-US", "es-MX") and self.chance(0.7) else "a4"
        )
        return ir.Doc(blocks=blocks, font=font, base=base, page=page, accent=self.choice(ACCENTS), **kw)


def rand_date(
    rng: random.Random, start: dt.date = dt.date(2013, 1, 1), end: dt.date = dt.date(2025, 11, 30)
) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def digits(rng: random.Random, n: int) -> str:
    return str(rng.randint(1, 9)) + "".join(rng.choice(string.digits) for _ in range(n - 1))
