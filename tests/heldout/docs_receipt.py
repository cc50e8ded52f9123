"""Shop receipts: thermal-printer slips (fixed-width lines, no field labels) and e-mailed receipts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from . import ir, vocab
from .common import MONO_FONTS, Ctx, Party, rand_date
from .fmt import money_truth, q, scaled_price

RECEIPT_LAYOUTS = ["thermal_classic", "thermal_nolabel", "thermal_card", "ereceipt"]
DATE_WORD = {
    "en": "Date",
    "fr": "Date",
    "de": "Datum",
    "nl": "Datum",
    "es": "Fecha",
    "it": "Data",
    "pt": "Data",
}
TIME_WORD = {
    "en": "Time",
    "fr": "Heure",
    "de": "Uhrzeit",
    "nl": "Tijd",
    "es": "Hora",
    "it": "Ora",
    "pt": "Hora",
}
AMOUNT_WORD = {
    "en": "AMOUNT",
    "fr": "MONTANT",
    "de": "Betrag",
    "nl": "Bedrag",
    "es": "IMPORTE",
    "it": "IMPORTO",
    "pt": "MONTANTE",
}
QTY_WORD = {
    "en": "Qty",
    "fr": "Qté",
    "de": "Menge",
    "nl": "Aantal",
    "es": "Cant.",
    "it": "Q.tà",
    "pt": "Qtd.",
}
ITEM_WORD = {
    "en": "Item",
    "fr": "Article",
    "de": "Artikel",
    "nl": "Artikel",
    "es": "Artículo",
    "it": "Articolo",
    "pt": "Artigo",
}
RECEIPT_TITLE = {
    "en": ["Your receipt", "Receipt", "Order receipt"],
    "fr": ["Votre ticket", "Reçu", "Ticket de caisse"],
    "de": ["Ihr Kassenbon", "Beleg", "Quittung"],
    "nl": ["Uw kassabon", "Bon", "Aankoopbewijs"],
    "es": ["Su ticket", "Ticket de compra", "Recibo"],
    "it": ["Il tuo scontrino", "Ricevuta"],
    "pt": ["O seu talão", "Recibo", "Talão de compra"],
}


@dataclass
class Receipt:
    merchant: str
    legal: Party
    when: dt.datetime
    items: list[tuple[str, int, Decimal, Decimal]]  # name, qty, unit price, amount
    total: Decimal
    rate: Decimal
    net: Decimal
    vat: Decimal
    method: str
    tendered: Decimal | None
    number: str
    register: int
    cashier: str


def model(ctx: Ctx, card_only: bool) -> Receipt:
    r = ctx.rng
    merchant = ctx.shop_name()
    if ctx.chance(0.5):
        merchant = merchant.upper()
    legal = ctx.company(bank=False)
    day = rand_date(r)
    when = dt.datetime(day.year, day.month, day.day, r.randint(7, 21), r.randint(0, 59), r.randint(0, 59))
    items = []
    for name, lo, hi in r.sample(vocab.RECEIPT_ITEMS[ctx.lang], r.randint(1, 8)):
        qty = 1 if r.random() < 0.7 else r.randint(2, 4)
        price = scaled_price(r.randint(int(lo * 100), int(hi * 100)), ctx.st.currency)
        items.append((name, qty, price, q(qty * price)))
    total = sum((a for *_, a in items), Decimal(0))
    rate = Decimal(str(r.choice(ctx.st.region["rates"])))
    net = q(total / (1 + rate / 100))
    methods = vocab.PAYMENT_METHODS[ctx.variant]
    if card_only:
        methods = [m for m in methods if m not in vocab.CASH_METHODS] or methods
    method = r.choice(methods)
    tendered = None
    if method in vocab.CASH_METHODS:
        step = Decimal(r.choice([5, 10, 20, 50])) * _price_unit(ctx)
        tendered = (total / step).to_integral_value(rounding=ROUND_CEILING) * step
        if tendered == total and r.random() < 0.5:
            tendered = total + step
    first, last, _ = ctx.person()
    return Receipt(
        merchant=merchant,
        legal=legal,
        when=when,
        items=items,
        total=total,
        rate=rate,
        net=net,
        vat=total - net,
        method=method,
        tendered=tendered,
        number=str(r.randint(100, 99999)),
        register=r.randint(1, 9),
        cashier=ctx.choice([first, f"{first} {last[0]}.", str(r.randint(1, 40))]),
    )


def _price_unit(ctx: Ctx) -> Decimal:
    return {
        "INR": Decimal(100),
        "MXN": Decimal(20),
        "SEK": Decimal(10),
        "MYR": Decimal(2),
        "BRL": Decimal(5),
    }.get(ctx.st.currency, Decimal(1))


def truth(ctx: Ctx, m: Receipt) -> dict:
    return {
        "merchant_name": m.merchant,
        "date": m.when.date().isoformat(),
        "total": money_truth(m.total),
        "payment_method": m.method,
        "currency": ctx.st.currency,
    }


def receipt_date_style(ctx: Ctx) -> str:
    region = ctx.st.region["dates"]
    numeric = [s for s in region if s in ("dmy/", "mdy/", "dmy.", "dmy-", "ymd-")] or ["dmy/"]
    two_digit = {"dmy/": "dmy2/", "mdy/": "mdy2/", "dmy.": "dmy2.", "dmy-": "dmy-"}
    style = ctx.choice(numeric)
    if ctx.chance(0.3) and style in two_digit:
        ctx.features["two_digit_year"] = two_digit[style] != style
        style = two_digit[style]
    return style


# ------------------------------------------------------------------------------------------ thermal
def lr(left: str, right: str, w: int) -> str:
    room = w - len(right) - 1
    if len(left) > room:
        left = left[:room]
    return left + " " * (w - len(left) - len(right)) + right


def thermal_lines(ctx: Ctx, m: Receipt, layout: str, w: int) -> tuple[list[str], list[str], list[str], str]:  # noqa: C901
    """(centred header lines, body lines, the line printed big/bold, tail lines)."""
    R = vocab.RECEIPT[ctx.lang]
    st = ctx.st
    date_style = receipt_date_style(ctx)
    date_s = st.date(m.when.date(), date_style)
    time_s = m.when.strftime("%H:%M") if ctx.chance(0.7) else m.when.strftime("%H:%M:%S")
    code = st.currency
    header = [m.merchant]
    if ctx.chance(0.5):
        header.append(m.legal.name)
    header += m.legal.address
    if ctx.chance(0.6):
        header.append(ctx.phone_line(m.legal))
    if ctx.chance(0.6):
        header.append(m.legal.tax_id)
    if ctx.variant == "it-IT" and ctx.chance(0.6):
        header += ["", "DOCUMENTO COMMERCIALE", "di vendita o prestazione"]
    if ctx.variant == "es-ES" and ctx.chance(0.5):
        header += ["", "FACTURA SIMPLIFICADA"]
    body: list[str] = []
    sep = ctx.choice(["-", "=", "-", "*"]) * w
    date_line = ctx.choice(
        [
            f"{date_s} {time_s}",
            f"{date_s}  {time_s}  #{m.number}",
            lr(f"{date_s} {time_s}", f"{R['receipt_no'][0]} {m.number}", w),
            f"{DATE_WORD[ctx.lang]}: {date_s}  {time_s}",
        ]
    )
    date_top = layout != "thermal_nolabel" and ctx.chance(0.6)
    if date_top:
        body += [date_line, sep]
    else:
        body.append(sep)
    item_style = ctx.choice(["qty_below", "qty_first", "tax_class"])
    for name, qty, price, amount in m.items:
        a = st.num(amount)
        if item_style == "qty_first":
            body.append(lr(f"{qty} {name}" if qty > 1 or ctx.chance(0.5) else name, a, w))
        elif item_style == "tax_class":
            body.append(lr(name, f"{a} A", w))
            if qty > 1:
                body.append(f"  {qty} x {st.num(price)}")
        else:
            if qty > 1:
                body.append(f"  {qty} x {st.num(price)}")
            body.append(lr(name, a, w))
    body.append(sep)
    if ctx.chance(0.4):
        body.append(lr(ctx.choice(R["subtotal"]), st.num(m.total), w))
    total_label = ctx.choice(R["total"])
    if code != "EUR":
        total_label = total_label.replace("EURO", code).replace("EUR", code)
    if ctx.st.ambiguous or ctx.chance(0.4):
        total_s = f"{code} {st.num(m.total)}" if code not in total_label else st.num(m.total)
    else:
        total_s = st.money(m.total)
    big = lr(total_label, total_s, w)
    body.append(big)
    body.append("=" * w if ctx.chance(0.5) else "")
    tender_fmt = ctx.choice(R["paid_by"])
    if m.tendered is not None:
        body.append(
            lr(m.method if tender_fmt == "{m}" else tender_fmt.format(m=m.method), st.num(m.tendered), w)
        )
        body.append(lr(ctx.choice(R["change"]), st.num(m.tendered - m.total), w))
    else:
        body.append(
            lr(m.method, st.num(m.total), w) if tender_fmt == "{m}" else tender_fmt.format(m=m.method)
        )
    if ctx.chance(0.7):
        tax_label = ctx.choice(R["tax"]).format(tax=ctx.st.region["tax"], rate=st.rate(m.rate))
        if ctx.variant == "pt-BR":
            tax_label = "Tributos aprox. (Lei 12.741/2012)"
        body += ["", lr(tax_label, st.num(m.vat), w)]
        if ctx.chance(0.5):
            body.append(
                lr(
                    "Netto"
                    if ctx.lang in ("de", "nl")
                    else "Net"
                    if ctx.lang == "en"
                    else "HT"
                    if ctx.lang == "fr"
                    else "Base",
                    st.num(m.net),
                    w,
                )
            )
    tail = []
    if layout == "thermal_card":
        slip = R["card_slip"]
        pan = "".join(ctx.choice("0123456789") for _ in range(4))
        tail += [
            sep,
            slip[0].center(w).rstrip(),
            m.method.upper().center(w).rstrip(),
            f"Terminal-ID: {ctx.rng.randint(10000000, 99999999)}",
            f"Trace: {ctx.rng.randint(1000, 999999):06d}",
            f"**** **** **** {pan}",
            lr(f"{AMOUNT_WORD[ctx.lang]} {code}", st.num(m.total), w),
            f"{date_s} {time_s}",
            slip[1].center(w).rstrip(),
        ]
    if not date_top or ctx.chance(0.3):
        tail += ["", date_line]
    tail.append(
        f"{ctx.choice(R['cashier'])}: {m.cashier}" if ctx.chance(0.6) else f"{R['receipt_no'][0]} {m.number}"
    )
    if ctx.variant == "de-DE" and ctx.chance(0.5):
        tse = m.when + dt.timedelta(seconds=-40)
        tail += [
            f"TSE-Start: {tse.isoformat(timespec='seconds')}",
            f"TSE-Ende: {m.when.isoformat(timespec='seconds')}",
            f"TSE-Signaturzähler: {ctx.rng.randint(1000, 99999)}",
        ]
    if ctx.variant == "pt-PT" and ctx.chance(0.6):
        tail += [
            f"ATCUD: JF{ctx.rng.randint(1000, 9999)}-{m.number}",
            f"Processado por programa certificado n.º {ctx.rng.randint(1000, 2999)}/AT",
        ]
    tail += ["", ctx.choice(R["thanks"]).center(w).rstrip()]
    return header, body, [big], tail


def build_thermal(ctx: Ctx, m: Receipt, layout: str) -> ir.Doc:
    w = ctx.choice([32, 40, 42, 48])
    header, body, big, tail = thermal_lines(ctx, m, layout, w)
    size = ctx.choice([7.5, 8, 8.5, 9])
    font = ctx.choice(MONO_FONTS)
    head_lines = [x.center(w).rstrip() for x in header]
    blocks: list = [
        ir.Text(head_lines[:1], bold=True, size=size + 1, pre=True, space_after=2),
        ir.Text(head_lines[1:], size=size, pre=True, space_after=4),
    ]
    i = body.index(big[0])
    blocks += [
        ir.Text(body[:i], size=size, pre=True, space_after=0),
        ir.Text(big, size=size + 1, bold=True, pre=True, space_after=0),
        ir.Text(body[i + 1 :] + tail, size=size, pre=True, space_after=0),
    ]
    width_mm = (w * 0.6 * (size + 1) + 4) / 72 * 25.4 + 10  # the widest (bold) line plus 5 mm margins
    return ir.Doc(
        blocks=blocks,
        page="receipt",
        font=font,
        base=size,
        receipt_width_mm=width_mm,
        chars=w,
        title=m.merchant,
    )


# ------------------------------------------------------------------------------------------ e-receipt
def build_ereceipt(ctx: Ctx, m: Receipt) -> ir.Doc:
    R = vocab.RECEIPT[ctx.lang]
    st = ctx.st
    date_s = st.date(m.when.date())
    rows = [[name, str(qty), st.num(amount)] for name, qty, _p, amount in m.items]
    total_s = st.code_money(m.total) if st.ambiguous else st.money(m.total)
    pairs = [(DATE_WORD[ctx.lang], f"{date_s} {m.when.strftime('%H:%M')}"), (R["receipt_no"][0], m.number)]
    if ctx.chance(0.5):
        pairs.append((ctx.choice(R["cashier"]), m.cashier))
    totals = []
    if ctx.chance(0.6):
        totals.append((ctx.choice(R["subtotal"]), st.money(m.total)))
    tax_label = ctx.choice(R["tax"]).format(tax=st.region["tax"], rate=st.rate(m.rate))
    if ctx.variant == "pt-BR":
        tax_label = "Tributos aprox. (Lei 12.741/2012)"
    totals += [(tax_label, st.money(m.vat)), (ctx.choice(R["total"]), total_s)]
    pay = ctx.choice(R["paid_by"]).format(m=m.method)
    if m.method not in vocab.CASH_METHODS and ctx.chance(0.5):
        pay += f" ****{ctx.rng.randint(1000, 9999)}"
    blocks = [
        ir.Heading(m.merchant, size=16),
        ir.Text([*m.legal.address, ctx.phone_line(m.legal)], size=8.5),
        ir.Heading(ctx.choice(RECEIPT_TITLE[ctx.lang]), size=11),
        ir.KV(pairs, style=ctx.choice(["colon", "inline", "boxes"]), per_row=3),
        ir.Table(
            [ITEM_WORD[ctx.lang], QTY_WORD[ctx.lang], vocab.TABLE[ctx.lang]["amount"][0]],
            rows,
            ["left", "right", "right"],
            [0.6, 0.15, 0.25],
            style=ctx.choice(["lines", "plain"]),
        ),
        ir.KV(totals, style="totals", bold_last=True, frac=0.6),
        ir.Para(pay),
        ir.Para(ctx.choice(R["thanks"]), size=8),
        ir.Text([m.legal.name, m.legal.tax_id], size=7, gray=True),
    ]
    page = "receipt" if ctx.chance(0.4) else None
    doc = ctx.new_doc(blocks, page=page, title=m.merchant)
    if page == "receipt":
        doc.receipt_width_mm = 100
        doc.margin = 10
    return doc


def build(ctx: Ctx, layout: str, long: bool) -> tuple[ir.Doc, dict]:
    m = model(ctx, card_only=layout == "thermal_card")
    doc = build_ereceipt(ctx, m) if layout == "ereceipt" else build_thermal(ctx, m, layout)
    ctx.features.update(items=len(m.items), cash=m.tendered is not None)
    return doc, truth(ctx, m)
