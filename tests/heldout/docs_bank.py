"""Bank statements: masked account number, statement period, opening and closing balances, transactions.

closing = opening + credits - debits, and the running balance column (when printed) adds up.
"""

# ruff: noqa: RUF001 (documents print en dashes and typographic marks)
from __future__ import annotations

import calendar
import datetime as dt
import string
from dataclasses import dataclass
from decimal import Decimal

from . import fmt, ir, vocab
from .common import Ctx, Party, rand_date
from .fmt import money_truth, scaled_price

BANK_LAYOUTS = ["classic", "boxes", "ledger", "columns", "sentence"]
TX_RANGES = {
    "salary": (180000, 520000),
    "rent": (50000, 160000),
    "utility": (3000, 18000),
    "small": (300, 12000),
    "cash": (2000, 30000),
    "fee": (200, 1200),
    "transfer_in": (2000, 50000),
}
COL_SETS = [
    ["date", "desc", "debit", "credit", "balance"],
    ["date", "value", "desc", "amount"],
    ["date", "desc", "amount", "balance"],
    ["date", "desc", "debit", "credit"],
    ["date", "value", "desc", "debit", "credit"],
]


@dataclass
class Tx:
    date: dt.date
    desc: str
    amount: Decimal  # + credit, - debit
    balance: Decimal


@dataclass
class Statement:
    bank: Party
    holder: Party
    holder_shown: str
    account: str  # full number (IBAN or domestic)
    is_iban: bool
    start: dt.date
    end: dt.date
    opening: Decimal
    closing: Decimal
    txs: list[Tx]
    number: str

    @property
    def credits(self) -> Decimal:
        return sum((t.amount for t in self.txs if t.amount > 0), Decimal(0))

    @property
    def debits(self) -> Decimal:
        return -sum((t.amount for t in self.txs if t.amount < 0), Decimal(0))

    @property
    def last4(self) -> str:
        return "".join(ch for ch in self.account if ch.isdigit())[-4:]


def period(ctx: Ctx) -> tuple[dt.date, dt.date, str]:
    r = ctx.rng
    d = rand_date(r, dt.date(2014, 1, 1), dt.date(2025, 9, 30))
    kind = r.choices(["month", "mid", "quarter", "weeks"], weights=[55, 20, 10, 15])[0]
    if kind == "month":
        return d.replace(day=1), d.replace(day=calendar.monthrange(d.year, d.month)[1]), kind
    if kind == "mid":
        start = d.replace(day=r.choice([5, 10, 15, 16, 20]))
        y, m = (start.year + (start.month == 12), start.month % 12 + 1)
        return start, dt.date(y, m, start.day) - dt.timedelta(days=1), kind
    if kind == "quarter":
        qm = (d.month - 1) // 3 * 3 + 1
        end_m = qm + 2
        return dt.date(d.year, qm, 1), dt.date(d.year, end_m, calendar.monthrange(d.year, end_m)[1]), kind
    return d, d + dt.timedelta(days=r.choice([13, 20, 27])), kind


def model(ctx: Ctx, long: bool) -> Statement:
    r = ctx.rng
    bank_name = r.choice(vocab.BANK_NAMES[ctx.lang])
    bank = Party(name=bank_name, address=ctx.address())
    bank.bic = (
        "".join(r.choice(string.ascii_uppercase) for _ in range(4)) + fmt.country_of(ctx.variant) + "XX"
    )
    shown_phone, _ = fmt.phone(ctx.variant, r)
    bank.phone = shown_phone
    company = r.random() < 0.25
    holder = ctx.company(bank=False) if company else ctx.person_party()
    holder_shown = holder.name.upper() if r.random() < 0.35 else holder.name
    country = fmt.country_of(ctx.variant)
    if fmt.IBAN_LEN.get(country):
        account, is_iban = fmt.iban(country, r), True
    else:
        account, is_iban = (
            str(r.randint(1, 9)) + "".join(r.choice(string.digits) for _ in range(r.randint(9, 11))),
            False,
        )
        if account[-1] == "0":
            account = account[:-1] + "7"
    start, end, kind = period(ctx)
    ctx.features["period_kind"] = kind
    n = r.randint(26, 38) if long else r.randint(4, 14)
    days = sorted(start + dt.timedelta(days=r.randint(0, (end - start).days)) for _ in range(n))
    templates = vocab.TRANSACTIONS[ctx.lang]
    used_salary = used_rent = False
    txs: list[Tx] = []
    for day in days:
        for _ in range(10):
            text, k = r.choice(templates)
            if (k == "salary" and (used_salary or company)) or (k == "rent" and used_rent):
                continue
            break
        used_salary |= k == "salary"
        used_rent |= k == "rent"
        lo, hi = TX_RANGES[k]
        amount = scaled_price(r.randint(lo, hi), ctx.st.currency)
        if k == "cash":
            amount = Decimal(int(amount) // 10 * 10 or 20)
        sign = 1 if k in ("salary", "transfer_in") else -1
        desc = text.format(
            company=ctx.company_name(),
            month=vocab.MONTHS[ctx.lang][day.month - 1],
            shop=ctx.shop_name(),
            utility=r.choice(vocab.UTILITIES[ctx.lang]),
            person=" ".join(ctx.person()[:2]),
        )
        txs.append(Tx(day, desc, sign * amount, Decimal(0)))
    opening = scaled_price(r.randint(15000, 1800000), ctx.st.currency)
    low, running = Decimal(0), Decimal(0)
    for t in txs:
        running += t.amount
        low = min(low, running)
    if opening + low < 0:
        opening = -low + scaled_price(r.randint(5000, 90000), ctx.st.currency)
    bal = opening
    for t in txs:
        bal += t.amount
        t.balance = bal
    number = r.choice(
        [f"{start.month}/{start.year}", str(r.randint(1, 60)), f"{start.year}-{r.randint(1, 52):03d}"]
    )
    return Statement(
        bank=bank,
        holder=holder,
        holder_shown=holder_shown,
        account=account,
        is_iban=is_iban,
        start=start,
        end=end,
        opening=opening,
        closing=bal,
        txs=txs,
        number=number,
    )


def truth(ctx: Ctx, s: Statement) -> dict:
    return {
        "account_holder": s.holder_shown,
        "account_number_last4": s.last4,
        "statement_period_start": s.start.isoformat(),
        "statement_period_end": s.end.isoformat(),
        "opening_balance": money_truth(s.opening),
        "closing_balance": money_truth(s.closing),
    }


# ------------------------------------------------------------------------------------------ pieces
class Parts:
    def __init__(self, ctx: Ctx, s: Statement):
        self.ctx, self.s = ctx, s
        self.B = vocab.BANK
        mask = ctx.choice(["*", "X", "•", "x"])
        self.masked = self.mask(mask)
        self.neg_style = ctx.choice(["lead", "lead", "trail"] if ctx.lang == "de" else ["lead"])
        self.short_dates = ctx.chance(0.4)
        self.plus = ctx.chance(0.3)
        ctx.features["masked"] = self.masked

    def mask(self, ch: str) -> str:
        acc, ctx = self.s.account, self.ctx
        if self.s.is_iban:
            keep = ctx.choice([4, 4, 5, 6])
            body = acc[:4] + "".join(ch if i < len(acc) - keep else c for i, c in enumerate(acc) if i >= 4)
            return fmt.group4(body) if ctx.chance(0.7) else body
        tail = acc[-4:]
        return ctx.choice(
            [
                f"{ch * 4}{tail}",
                f"{ch * (len(acc) - 4)}{tail}",
                f"{ch * 4}-{ch * 4}-{tail}",
                f"{ch * 4} {ch * 4} {tail}",
            ]
        )

    def L(self, key: str, **kw) -> str:
        return self.ctx.label(self.B, key, **kw)

    def d(self, day: dt.date) -> str:
        return self.ctx.date(day)

    def tx_date(self, day: dt.date) -> str:
        if not self.short_dates:
            return self.ctx.date(day)
        lang = self.ctx.lang
        if lang == "de":
            return f"{day.day:02d}.{day.month:02d}."
        if lang == "en":
            if self.ctx.variant == "en-US":
                return f"{day.month:02d}/{day.day:02d}"
            return f"{day.day:02d} {vocab.MONTHS_ABBR['en'][day.month - 1]}"
        if lang == "nl":
            return f"{day.day:02d}-{day.month:02d}"
        return f"{day.day:02d}/{day.month:02d}"

    def signed(self, x: Decimal) -> str:
        s = self.ctx.st.num(abs(x))
        if x < 0:
            return f"{s}-" if self.neg_style == "trail" else f"-{s}"
        return f"+{s}" if self.plus else s

    def period_text(self) -> str:
        return self.L("span", start=self.d(self.s.start), end=self.d(self.s.end))

    def opening_label(self) -> str:
        return self.L("opening", prev=self.d(self.s.start - dt.timedelta(days=1)), start=self.d(self.s.start))

    def closing_label(self) -> str:
        return self.L("closing", end=self.d(self.s.end))

    def money(self, x: Decimal) -> str:
        return self.ctx.money(x)

    def account_pairs(self) -> list[tuple[str, str]]:
        s, ctx = self.s, self.ctx
        label = self.L("iban") if s.is_iban else self.L("account")
        pairs = [(self.L("holder"), s.holder_shown), (label, self.masked)]
        if s.is_iban and ctx.chance(0.5):
            pairs.append(("BIC", s.bank.bic))
        pairs.append((self.L("period"), self.period_text()))
        if ctx.chance(0.5):
            pairs.insert(0, (self.L("statement_no"), s.number))
        return pairs

    def table(self) -> ir.Table:
        ctx, s = self.ctx, self.s
        cols = list(ctx.choice(COL_SETS))
        ctx.features["columns"] = cols
        heads = {
            "date": self.L("col_date"),
            "value": self.L("col_value"),
            "desc": self.L("col_desc"),
            "debit": self.L("col_debit"),
            "credit": self.L("col_credit"),
            "amount": self.L("col_amount"),
            "balance": self.L("col_balance"),
        }
        rows, bold = [], []
        num = ctx.st.num
        with_edges = "balance" in cols and ctx.chance(0.7)
        if with_edges:
            row = {
                "date": self.tx_date(s.start),
                "value": "",
                "desc": self.opening_label(),
                "debit": "",
                "credit": "",
                "amount": "",
                "balance": num(s.opening),
            }
            rows.append([row[c] for c in cols])
            bold.append(0)
        for t in s.txs:
            value = t.date + dt.timedelta(days=ctx.rng.choice([0, 0, 1, 2]))
            row = {
                "date": self.tx_date(t.date),
                "value": self.tx_date(value),
                "desc": t.desc,
                "debit": num(-t.amount) if t.amount < 0 else "",
                "credit": num(t.amount) if t.amount > 0 else "",
                "amount": self.signed(t.amount),
                "balance": num(t.balance),
            }
            rows.append([row[c] for c in cols])
        if with_edges:
            row = {
                "date": self.tx_date(s.end),
                "value": "",
                "desc": self.closing_label(),
                "debit": "",
                "credit": "",
                "amount": "",
                "balance": num(s.closing),
            }
            rows.append([row[c] for c in cols])
            bold.append(len(rows) - 1)
        ctx.features["balance_rows_in_table"] = with_edges
        dw = 0.11 if self.short_dates else 0.15
        w = {"date": dw, "value": dw, "debit": 0.14, "credit": 0.14, "amount": 0.15, "balance": 0.15}
        widths = [w.get(c, 0) for c in cols]
        widths[cols.index("desc")] = 1 - sum(widths)
        aligns = ["left" if c in ("desc", "date", "value") else "right" for c in cols]
        return ir.Table(
            [heads[c] for c in cols],
            rows,
            aligns,
            widths,
            style=ctx.choice(["lines", "zebra", "grid", "plain"]),
            bold_rows=bold,
        )

    def summary_pairs(self) -> list[tuple[str, str]]:
        s = self.s
        return [
            (self.opening_label(), self.money(s.opening)),
            (self.L("credits"), self.money(s.credits)),
            (self.L("debits"), self.money(s.debits)),
            (self.closing_label(), self.money(s.closing)),
        ]

    def bank_head(self) -> ir.Text:
        b = self.s.bank
        return ir.Text([b.name, *b.address, self.ctx.phone_line(b)], first_bold=True, size=8.5)

    def holder_address(self) -> ir.Text:
        return ir.Text([self.s.holder_shown, *self.s.holder.address])


# ------------------------------------------------------------------------------------------ layouts
def layout_classic(p: Parts) -> list:
    ctx = p.ctx
    style = ctx.choice(["colon", "plain", "right"])
    ctx.features["meta_style"] = style
    return [
        ir.Row([[p.bank_head()], [ir.Heading(p.L("title"), size=18)]], widths=[0.6, 0.4]),
        ir.Row(
            [[p.holder_address()], [ir.Box([ir.KV(p.account_pairs(), style=style, size=9, space_after=0)])]],
            widths=[0.45, 0.55],
        ),
        p.table(),
        ir.KV(p.summary_pairs(), style="totals", bold_last=True, frac=0.55),
    ]


def layout_boxes(p: Parts) -> list:
    ctx = p.ctx
    ctx.features["meta_style"] = "boxes"
    head = [
        ir.Text([p.s.bank.name], size=15, bold=True),
        ir.Heading(f"{p.L('title')} – {p.period_text()}", size=12),
    ]
    pairs = [x for x in p.account_pairs() if x[0] != p.L("period")]
    return [
        *head,
        ir.KV(pairs, style="inline" if ctx.chance(0.5) else "colon"),
        ir.KV(p.summary_pairs(), style="boxes", per_row=4),
        p.table(),
    ]


def layout_ledger(p: Parts) -> list:
    """German-style: sender line, address window, info block, then the old/new balance lines around
    the list."""
    ctx, s = p.ctx, p.s
    ctx.features["meta_style"] = "plain"
    info = [
        (p.L("statement_no"), s.number),
        (p.L("period"), p.period_text()),
        (p.L("iban") if s.is_iban else p.L("account"), p.masked),
    ]
    if ctx.chance(0.5):
        info.append(("BIC", s.bank.bic))
    blocks = [
        ir.Text([" · ".join([s.bank.name, *s.bank.address])], size=7, gray=True),
        ir.Row([[p.holder_address()], [ir.KV(info, style="plain", size=9)]], widths=[0.5, 0.5]),
        ir.Heading(p.L("title"), size=14),
    ]
    if ctx.chance(0.5):
        blocks.append(ir.KV([(p.L("holder"), s.holder_shown)], style="colon"))
    blocks += [
        ir.KV([(p.opening_label(), p.money(s.opening))], style=ctx.choice(["dots", "plain"])),
        p.table(),
        ir.KV([(p.L("debits"), p.money(s.debits)), (p.L("credits"), p.money(s.credits))], style="totals"),
        ir.KV(
            [(p.closing_label(), p.money(s.closing))], style=ctx.choice(["dots", "totals"]), bold_last=True
        ),
    ]
    return blocks


def layout_columns(p: Parts) -> list:
    p.ctx.features["meta_style"] = "columns"
    return [
        p.bank_head(),
        ir.Heading(p.L("title"), size=16),
        ir.Row([[p.holder_address()], [ir.KV(p.account_pairs(), style="columns")]], widths=[0.4, 0.6]),
        ir.KV(p.summary_pairs(), style="columns", bold_values=True),
        p.table(),
    ]


def layout_sentence(p: Parts) -> list:
    ctx, s = p.ctx, p.s
    ctx.features["meta_style"] = "sentence"
    text = ctx.choice(p.B[ctx.lang]["sentence"]).format(
        holder=s.holder_shown,
        account=p.masked,
        start=p.d(s.start),
        end=p.d(s.end),
        opening=p.money(s.opening),
        closing=p.money(s.closing),
    )
    return [
        ir.Text([s.bank.name], size=16, bold=True, align="center"),
        ir.Text(s.bank.address, align="center", size=8),
        ir.Rule(),
        p.holder_address(),
        ir.Heading(p.L("title"), size=13),
        ir.Para(text.replace("..", ".")),
        p.table(),
    ]


LAYOUTS = {
    "classic": layout_classic,
    "boxes": layout_boxes,
    "ledger": layout_ledger,
    "columns": layout_columns,
    "sentence": layout_sentence,
}


def build(ctx: Ctx, layout: str, long: bool) -> tuple[ir.Doc, dict]:
    s = model(ctx, long)
    p = Parts(ctx, s)
    blocks = LAYOUTS[layout](p)
    doc = ctx.new_doc(blocks, title=f"{p.L('title')} {s.number}")
    if ctx.chance(0.6):
        doc.page_label = p.B[ctx.lang]["page"]
    if ctx.chance(0.5):
        doc.footer = [f"{s.bank.name} · BIC {s.bank.bic} · {ctx.registration(ctx.last_city) or ctx.tax_id()}"]
    ctx.features.update(transactions=len(s.txs), holder_is_company=s.holder.person is None)
    return doc, truth(ctx, s)
