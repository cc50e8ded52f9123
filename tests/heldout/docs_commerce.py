"""Invoices and purchase orders: parties, meta block, line-item table, totals, in several page layouts."""

# ruff: noqa: RUF001 (documents print en dashes and typographic marks)
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from . import ir, vocab
from .common import CLOSING, CUSTOMER_PREFIX, Ctx, Party, digits, rand_date
from .fmt import money_truth, q, scaled_price

INVOICE_LAYOUTS = ["classic", "boxes", "letter", "columns", "sidebar", "three_parties", "sentence", "below"]
PO_LAYOUTS = ["classic", "boxes", "letter", "columns", "three_parties", "sentence"]

# line-item table column sets (3 to 6 columns, various orders; some without a unit price)
COL_SETS = [
    ["desc", "qty", "price", "amount"],
    ["qty", "desc", "price", "amount"],
    ["pos", "desc", "qty", "unit", "price", "amount"],
    ["sku", "desc", "qty", "price", "vat", "amount"],
    ["desc", "price", "qty", "amount"],
    ["desc", "qty", "amount"],
    ["qty", "desc", "amount"],
    ["pos", "qty", "unit", "desc", "price", "amount"],
    ["pos", "desc", "qty", "price", "amount"],
    ["desc", "qty", "unit", "price", "vat", "amount"],
]
COL_W = {"pos": 0.06, "sku": 0.12, "qty": 0.09, "unit": 0.08, "price": 0.15, "vat": 0.08, "amount": 0.16}
DUE_DAYS = [0, 7, 10, 14, 14, 15, 21, 30, 30, 30, 30, 45, 60]


@dataclass
class Item:
    desc: str
    qty: int
    unit: str
    price: Decimal
    amount: Decimal
    sku: str


@dataclass
class Commerce:
    kind: str  # invoice | purchase_order
    number: str
    date: dt.date
    due: dt.date
    issuer: Party  # invoice: vendor; order: buyer
    other: Party  # invoice: customer; order: supplier
    ship: Party | None
    items: list[Item]
    rate: Decimal
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    with_tax: bool
    customer_no: str
    order_ref: str
    service_date: dt.date
    b2c: bool = False


def invoice_number(ctx: Ctx, d: dt.date) -> str:
    r = ctx.rng
    n, y, yy = r.randint(1, 9999), d.year, d.year % 100
    common = [f"{y}-{n:04d}", digits(r, 9), f"{y}{r.randint(1, 99999):05d}", f"F-{y}-{n:03d}"]
    per_lang = {
        "en": [
            f"SI-{r.randint(1, 999999):06d}",
            f"{y}/INV/{n:04d}",
            f"TI-{y}-{n:05d}",
            f"A{n:05d}",
            f"INV/{yy:02d}-{yy + 1:02d}/{n:04d}"
            if ctx.variant == "en-IN"
            else f"INV{yy:02d}{d.month:02d}-{n:03d}",
        ],
        "fr": [
            f"FA-{y}/{n:05d}",
            f"F{y}{d.month:02d}{d.day:02d}-{r.randint(1, 30):02d}",
            f"FAC-{yy:02d}{d.month:02d}-{n:03d}",
            f"{y}-F{n:04d}",
        ],
        "de": [f"RE {y}-{n:04d}", f"{y}.{n:03d}", f"RE-{yy:02d}{n:05d}", f"R{y}{n:04d}"],
        "nl": [f"{y}.{n:03d}", f"F{y}-{n:04d}", f"{y}{n:04d}", f"NL-{yy:02d}-{n:04d}"],
        "es": [
            f"F{y}{d.month:02d}{d.day:02d}-{r.randint(1, 30):02d}",
            f"A/{y}/{n:04d}",
            f"{y}-{n:05d}",
            f"FV{yy:02d}/{n:04d}",
        ],
        "it": [f"{n}/{y}", f"FPR {n}/{yy:02d}", f"{y}/{n:04d}/E", f"{n:03d}/PA"],
        "pt": [f"FT {y}A/{n}", f"FT A{yy:02d}/{n:05d}", f"FR {y}/{n}", f"{y}/{n:04d}"],
    }
    return ctx.choice(per_lang[ctx.lang]) if ctx.chance(0.75) else ctx.choice(common)


def po_number(ctx: Ctx, d: dt.date) -> str:
    r = ctx.rng
    n, y, yy = r.randint(1, 9999), d.year, d.year % 100
    common = [f"4500{r.randint(0, 999999):06d}", f"{y}.{n:04d}", f"P{r.randint(1, 9999999):07d}"]
    per_lang = {
        "en": [f"PO/{y}/{n:05d}", f"{yy:02d}-PO-{n:04d}", f"PUR-{r.randint(1, 999999):06d}"],
        "fr": [f"BC-{y}-{n:04d}", f"CMD{yy:02d}{n:05d}", f"BC{y}/{n:03d}"],
        "de": [f"B{yy:02d}-{n:05d}", f"BE-{y}-{n:04d}", f"{y}/{n:04d}"],
        "nl": [f"IO{y}{n:04d}", f"INK-{yy:02d}-{n:04d}", f"BB{y}.{n:03d}"],
        "es": [f"OC-{y}/{n:03d}", f"PED-{yy:02d}{n:04d}", f"P{y}-{n:04d}"],
        "it": [f"ODA {y}/{n:04d}", f"OF {n}/{yy:02d}", f"ORD-{y}-{n:04d}"],
        "pt": [f"NE-{y}-{n:04d}", f"ENC {y}/{n}", f"OC{yy:02d}/{n:04d}"],
    }
    return ctx.choice(per_lang[ctx.lang]) if ctx.chance(0.75) else ctx.choice(common)


def make_items(ctx: Ctx, n: int) -> list[Item]:
    out = []
    for unit, lo, hi, qmax, names in ctx.rng.sample(vocab.ITEMS, n):
        qty = 1 if unit == "flat" else ctx.rng.randint(1, max(1, qmax))
        price = scaled_price(ctx.rng.randint(int(lo * 100), int(hi * 100)), ctx.st.currency)
        sku = ctx.choice(["ART-", "", "A", "SKU"]) + str(ctx.rng.randint(10000, 99999))
        out.append(Item(names[ctx.lang], qty, unit, price, q(qty * price), sku))
    return out


def model(ctx: Ctx, kind: str, long: bool) -> Commerce:
    r = ctx.rng
    issuer = ctx.company()
    b2c = kind == "invoice" and ctx.chance(0.18)
    other = ctx.person_party() if b2c else ctx.company(avoid={issuer.name}, bank=False)
    ship = None
    if ctx.chance(0.5):  # an invoice ships to the customer, an order is delivered to the buyer
        ship = Party(name=other.name if kind == "invoice" else issuer.name, address=ctx.address())
    date = rand_date(r)
    n = r.randint(3, 6) if long else r.choice([1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8])
    items = make_items(ctx, n)
    if long:  # a timesheet: one line per working day, the day in the description
        unit, lo, hi, _qmax, names = r.choice([x for x in vocab.ITEMS if x[0] == "h"])
        price = scaled_price(r.randint(int(lo * 100), int(hi * 100)), ctx.st.currency)
        day = date - dt.timedelta(days=110)
        style = r.choice(["{desc} – {day}", "{day} {desc}", "{desc} ({day})"])
        for _ in range(r.randint(22, 34)):
            day += dt.timedelta(days=r.choice([1, 1, 1, 2, 3]))
            qty = r.randint(1, 9)
            desc = style.format(desc=names[ctx.lang], day=ctx.date(day))
            items.append(Item(desc, qty, unit, price, q(qty * price), f"T{r.randint(1000, 9999)}"))
    rate = Decimal(str(r.choice(ctx.st.region["rates"])))
    subtotal = sum((i.amount for i in items), Decimal(0))
    with_tax = kind == "invoice" or ctx.chance(0.5)
    tax = q(subtotal * rate / 100) if with_tax else Decimal(0)
    number = invoice_number(ctx, date) if kind == "invoice" else po_number(ctx, date)
    return Commerce(
        kind=kind,
        number=number,
        date=date,
        due=date + dt.timedelta(days=r.choice(DUE_DAYS)),
        issuer=issuer,
        other=other,
        ship=ship,
        items=items,
        rate=rate,
        subtotal=subtotal,
        tax=tax,
        total=subtotal + tax,
        with_tax=with_tax,
        customer_no=str(r.randint(10000, 999999)),
        order_ref=ctx.choice(
            [
                f"PO {r.randint(4500000000, 4509999999)}",
                f"{r.randint(100, 9999)}/{date.year}",
                f"Mail {ctx.date(date - dt.timedelta(days=r.randint(3, 30)))}",
            ]
        ),
        service_date=date - dt.timedelta(days=r.randint(0, 20)),
        b2c=b2c,
    )


def truth(ctx: Ctx, m: Commerce, cols: list[str]) -> dict:
    items = []
    for it in m.items:
        row = {"description": it.desc, "quantity": it.qty}
        if "price" in cols:
            row["unit_price"] = money_truth(it.price)
        row["amount"] = money_truth(it.amount)
        items.append(row)
    if m.kind == "invoice":
        return {
            "invoice_number": m.number,
            "invoice_date": m.date.isoformat(),
            "due_date": m.due.isoformat(),
            "vendor_name": m.issuer.name,
            "customer_name": m.other.name,
            "currency": ctx.st.currency,
            "subtotal": money_truth(m.subtotal),
            "tax": money_truth(m.tax),
            "total": money_truth(m.total),
            "line_items": items,
        }
    return {
        "po_number": m.number,
        "order_date": m.date.isoformat(),
        "buyer": m.issuer.name,
        "supplier": m.other.name,
        "total": money_truth(m.total),
        "line_items": items,
    }


# ------------------------------------------------------------------------------------------ pieces
def items_table(ctx: Ctx, m: Commerce, short_desc: bool = False) -> tuple[ir.Table, list[str]]:
    cols = list(ctx.choice(COL_SETS))
    T = vocab.TABLE
    qty_style = (
        ctx.choice(["int", "int", "dec", "unit"]) if "unit" not in cols else ctx.choice(["int", "dec"])
    )
    cur_cells = ctx.chance(0.25)
    pos_step = 10 if (ctx.lang == "de" and ctx.chance(0.4)) else 1
    units = vocab.UNIT_WORDS[ctx.lang]
    headers = [ctx.label(T, c) for c in cols]
    rows = []
    for i, it in enumerate(m.items, 1):
        cells = []
        for c in cols:
            if c == "pos":
                cells.append(str(i * pos_step))
            elif c == "sku":
                cells.append(it.sku)
            elif c == "desc":
                cells.append(it.desc)
            elif c == "qty":
                qs = ctx.st.qty(it.qty, "dec" if qty_style == "dec" else "int")
                cells.append(f"{qs} {units[it.unit]}" if qty_style == "unit" else qs)
            elif c == "unit":
                cells.append(units[it.unit])
            elif c == "price":
                cells.append(ctx.money(it.price) if cur_cells else ctx.st.num(it.price))
            elif c == "vat":
                cells.append(f"{ctx.st.rate(m.rate)} %" if m.with_tax else "0 %")
            elif c == "amount":
                cells.append(ctx.money(it.amount) if cur_cells else ctx.st.num(it.amount))
        rows.append(cells)
    widths = {c: COL_W.get(c, 0) for c in cols}
    rest = 1 - sum(widths.values())
    if short_desc or ctx.chance(0.3):  # a narrower description column makes long names wrap
        rest = min(rest, 0.3)
        spare = (1 - sum(widths.values()) - rest) / (len(cols) - 1)
        widths = {c: (w + spare if c != "desc" else 0) for c, w in widths.items()}
    widths["desc"] = rest
    aligns = ["left" if c in ("desc", "sku", "unit") else ("center" if c == "pos" else "right") for c in cols]
    style = ctx.choice(["lines", "grid", "zebra", "plain", "lines"])
    ctx.features.update(columns=cols, qty_style=qty_style)
    return ir.Table(headers, rows, aligns, [widths[c] for c in cols], style=style), cols


def tables_labels(ctx: Ctx, m: Commerce) -> dict:
    return vocab.INVOICE if m.kind == "invoice" else vocab.PO


def totals_pairs(ctx: Ctx, m: Commerce) -> list[tuple[str, str]]:
    L = tables_labels(ctx, m)
    rate = ctx.st.rate(m.rate)
    total_s = ctx.st.code_money(m.total) if ctx.st.ambiguous else ctx.money(m.total)
    if not m.with_tax:
        return [(ctx.label(L, "total"), total_s)]
    return [
        (ctx.label(L, "subtotal"), ctx.money(m.subtotal)),
        (ctx.label(L, "tax", rate=rate), ctx.money(m.tax)),
        (ctx.label(L, "total"), total_s),
    ]


def meta_pairs(ctx: Ctx, m: Commerce, number: bool = True, due: bool = True) -> list[tuple[str, str]]:
    L = tables_labels(ctx, m)
    pairs = []
    if number:
        pairs.append((ctx.label(L, "number"), m.number))
    pairs.append((ctx.label(L, "date"), ctx.date(m.date)))
    if m.kind == "invoice":
        if ctx.chance(0.3) and m.service_date != m.date:
            pairs.append((ctx.label(L, "service_date"), ctx.date(m.service_date)))
        if due:
            pairs.append((ctx.label(L, "due"), ctx.date(m.due)))
        if ctx.chance(0.4):
            pairs.append((ctx.label(L, "customer_no"), m.customer_no))
        if ctx.chance(0.2):
            pairs.append((ctx.label(L, "order_ref"), m.order_ref))
        if ctx.st.ambiguous or ctx.chance(0.12):
            pairs.append((ctx.label(L, "currency"), ctx.st.currency))
    else:
        if ctx.chance(0.5):
            pairs.append((ctx.label(L, "delivery_date"), ctx.date(m.due)))
        if ctx.chance(0.4):
            pairs.append((ctx.label(L, "requested_by"), " ".join(ctx.person()[:2])))
    if number and len(pairs) > 2 and ctx.chance(0.25):  # the number not always first
        pairs[0], pairs[1] = pairs[1], pairs[0]
    return pairs


def other_label(ctx: Ctx, m: Commerce) -> str:
    return ctx.label(vocab.INVOICE, "bill_to") if m.kind == "invoice" else ctx.label(vocab.PO, "supplier")


def other_lines(ctx: Ctx, m: Commerce) -> list[str]:
    lines = ctx.party_lines(m.other, contact=ctx.chance(0.3), ids=ctx.chance(0.3) and not m.b2c)
    if m.kind == "invoice" and not m.b2c and ctx.chance(0.3):
        first, last, _gender = ctx.person()
        attn = {
            "en": "Attn:",
            "fr": "À l'attention de",
            "de": "z. Hd.",
            "nl": "t.a.v.",
            "es": "A/A",
            "it": "c.a.",
            "pt": "A/C",
        }[ctx.lang]
        lines.insert(1, f"{attn} {first} {last}")
    return lines


def ship_label(ctx: Ctx, m: Commerce) -> str:
    return ctx.label(vocab.INVOICE, "ship_to") if m.kind == "invoice" else ctx.label(vocab.PO, "deliver")


def ship_lines(m: Commerce) -> list[str]:
    assert m.ship is not None
    return [m.ship.name, *m.ship.address]


def title(ctx: Ctx, m: Commerce) -> str:
    return ctx.label(tables_labels(ctx, m), "title")


def closing_text(ctx: Ctx, m: Commerce) -> list[ir.Para]:
    out = []
    if m.kind == "invoice":
        if ctx.chance(0.5):
            out.append(
                ir.Para(ctx.choice(vocab.INVOICE[ctx.lang]["terms"]).format(days=(m.due - m.date).days))
            )
        if ctx.chance(0.6):
            out.append(ir.Para(ctx.choice(vocab.INVOICE[ctx.lang]["thanks"])))
        if ctx.variant == "fr-FR" and ctx.chance(0.5):
            out.append(
                ir.Para(
                    "En cas de retard de paiement, une pénalité égale à 3 fois le taux d'intérêt légal sera "
                    "exigible, ainsi qu'une indemnité forfaitaire de 40 € pour frais de recouvrement.",
                    size=7.5,
                )
            )
    else:
        out.append(ir.Para(ctx.choice(vocab.PO[ctx.lang]["notes"])))
    return out


def sentence(text: str) -> ir.Para:
    """A sentence with values in it; a company name ending in "Ltd." does not get a second full stop."""
    return ir.Para(text.replace("..", ".").replace(".:", ":"))


def signature(ctx: Ctx, m: Commerce) -> list:
    if m.kind != "purchase_order" or not ctx.chance(0.6):
        return []
    first, last, _ = ctx.person()
    return [ir.Space(10), ir.KV([(ctx.label(vocab.PO, "authorised"), f"{first} {last}")], style="colon")]


def party_block(ctx: Ctx, label: str, lines: list[str], label_style: str = "heading") -> list:
    if label_style == "heading":
        return [ir.Heading(label, size=9, caps=ctx.chance(0.4)), ir.Text(lines, first_bold=ctx.chance(0.5))]
    return [ir.Text([f"{label}:", *lines])]


# ------------------------------------------------------------------------------------------ layouts
def layout_classic(ctx: Ctx, m: Commerce, table: ir.Table) -> list:
    meta_style = ctx.choice(["colon", "plain", "right", "dots", "inline", "colon"])
    ctx.features["meta_style"] = meta_style
    head = ir.Row(
        [
            [ir.Text(ctx.party_lines(m.issuer, ids=ctx.chance(0.4)), first_bold=True)],
            [
                ir.Heading(title(ctx, m), size=ctx.choice([16, 18, 20, 22])),
                ir.KV(meta_pairs(ctx, m), style=meta_style),
            ],
        ],
        widths=[0.52, 0.48],
    )
    cols = [party_block(ctx, other_label(ctx, m), other_lines(ctx, m))]
    if m.ship:
        cols.append(party_block(ctx, ship_label(ctx, m), ship_lines(m)))
    blocks = [
        head,
        ir.Row(cols) if len(cols) > 1 else ir.Box(cols[0], border=ctx.chance(0.5)),
        table,
        ir.KV(totals_pairs(ctx, m), style="totals", bold_last=True),
    ]
    return blocks + closing_text(ctx, m) + signature(ctx, m)


def layout_boxes(ctx: Ctx, m: Commerce, table: ir.Table) -> list:
    pairs = meta_pairs(ctx, m)
    ctx.features["meta_style"] = "boxes"
    blocks = [
        ir.Row(
            [[ir.Text(ctx.party_lines(m.issuer), first_bold=True)], [ir.Heading(title(ctx, m), size=20)]],
            widths=[0.6, 0.4],
        ),
        ir.KV(pairs, style="boxes", per_row=len(pairs) if len(pairs) <= 5 else 3),
    ]
    cols = [party_block(ctx, other_label(ctx, m), other_lines(ctx, m))]
    if m.ship:
        cols.append(party_block(ctx, ship_label(ctx, m), ship_lines(m)))
    blocks += [
        ir.Row(cols, border=True) if len(cols) > 1 else ir.Box(cols[0]),
        table,
        ir.Row(
            [
                [],
                [
                    ir.Box(
                        [
                            ir.KV(
                                totals_pairs(ctx, m), style="totals", bold_last=True, frac=1.0, space_after=0
                            )
                        ],
                        shade=ctx.chance(0.5),
                    )
                ],
            ],
            widths=[0.5, 0.5],
        ),
    ]
    return blocks + closing_text(ctx, m) + signature(ctx, m)


def layout_letter(ctx: Ctx, m: Commerce, table: ir.Table) -> list:
    L = vocab.INVOICE[ctx.lang]
    iss = m.issuer
    sender = " · ".join([iss.name, *iss.address])
    addr = other_lines(ctx, m)
    if m.b2c and ctx.lang in CUSTOMER_PREFIX and m.other.person:
        addr.insert(0, CUSTOMER_PREFIX[ctx.lang][m.other.person[2]])
    in_sentence_due = m.kind == "invoice" and ctx.chance(0.6)
    pairs = meta_pairs(ctx, m, number=ctx.chance(0.6), due=not in_sentence_due)
    ctx.features["meta_style"] = "plain"
    ctx.features["due_in_sentence"] = in_sentence_due
    blocks = [
        ir.Text([iss.name], size=16, bold=True, align=ctx.choice(["left", "right"])),
        ir.Text([sender], size=7, gray=True),
        ir.Space(6),
        ir.Row([[ir.Text(addr)], [ir.KV(pairs, style="plain", size=9)]], widths=[0.55, 0.45]),
        ir.Space(8),
    ]
    if m.kind == "invoice":
        subj = ctx.choice(L["letter_subject"]).format(num=m.number)
        blocks += [
            ir.Heading(subj, size=11),
            ir.Para(ctx.choice(L["salutation"])),
            ir.Para(ctx.choice(L["letter_intro"])),
        ]
    else:
        P = vocab.PO[ctx.lang]
        blocks += [
            ir.Heading(f"{title(ctx, m)} {m.number}", size=11),
            sentence(
                ctx.choice(P["sentence"]).format(num=m.number, date=ctx.date(m.date), supplier=m.other.name)
            ),
        ]
    blocks += [table, ir.KV(totals_pairs(ctx, m), style="totals", bold_last=True)]
    if in_sentence_due:
        blocks.append(sentence(ctx.choice(L["outro"]).format(total=ctx.money(m.total), due=ctx.date(m.due))))
    blocks += closing_text(ctx, m)
    blocks += [ir.Para(ctx.choice(CLOSING[ctx.lang])), ir.Text([iss.name])]
    foot = [
        [ir.Text([iss.name, *iss.address], size=7)],
        [ir.Text([ctx.phone_line(iss), iss.email, iss.tax_id], size=7)],
        [ir.Text([ctx.bank_line(iss)] + ([iss.reg] if iss.reg else []), size=7)],
    ]
    blocks += [ir.Rule(), ir.Row(foot, gap=10)]
    return blocks


def layout_columns(ctx: Ctx, m: Commerce, table: ir.Table) -> list:
    ctx.features["meta_style"] = "columns"
    blocks = [
        ir.Row(
            [
                [ir.Text(ctx.party_lines(m.issuer), first_bold=True)],
                [ir.Heading(title(ctx, m), size=ctx.choice([18, 20, 24]))],
            ],
            widths=[0.6, 0.4],
        ),
        ir.Row(
            [
                party_block(ctx, other_label(ctx, m), other_lines(ctx, m)),
                [ir.KV(meta_pairs(ctx, m), style="columns", label_bold=ctx.chance(0.5))],
            ],
            widths=[0.5, 0.5],
        ),
        table,
        ir.KV(totals_pairs(ctx, m), style="totals", bold_last=True),
    ]
    return blocks + closing_text(ctx, m) + signature(ctx, m)


def layout_sidebar(ctx: Ctx, m: Commerce, table: ir.Table) -> list:
    iss = m.issuer
    meta = meta_pairs(ctx, m)
    ctx.features["meta_style"] = "sidebar_below"
    side = [
        ir.Text([iss.name], size=13, bold=True),
        ir.Text([*iss.address, ctx.phone_line(iss), iss.email], size=8),
        ir.Space(8),
    ]
    side += [ir.KV(meta, style="boxes", per_row=1, size=9)]
    side += [
        ir.Space(6),
        ir.Text(
            [
                ctx.label(vocab.INVOICE, "bank") if m.kind == "invoice" else iss.tax_id,
                ctx.bank_line(iss).replace(" · ", "\n").split("\n")[0],
            ],
            size=7.5,
        ),
    ]
    main = [ir.Heading(title(ctx, m), size=22)]
    main += party_block(ctx, other_label(ctx, m), other_lines(ctx, m), ctx.choice(["heading", "inline"]))
    main += [table, ir.KV(totals_pairs(ctx, m), style="totals", bold_last=True, frac=0.6)]
    blocks = [ir.Row([side, main], widths=[0.3, 0.7], shade=[True, False], gap=16)]
    return blocks + closing_text(ctx, m) + signature(ctx, m)


def layout_three(ctx: Ctx, m: Commerce, table: ir.Table) -> list:
    L = tables_labels(ctx, m)
    sender_label = ctx.label(vocab.INVOICE, "sender") if m.kind == "invoice" else ctx.label(vocab.PO, "buyer")
    ship = m.ship or Party(name=m.other.name if m.kind == "invoice" else m.issuer.name, address=ctx.address())
    cols = [
        party_block(ctx, sender_label, ctx.party_lines(m.issuer, contact=ctx.chance(0.5))),
        party_block(ctx, other_label(ctx, m), other_lines(ctx, m)),
        party_block(ctx, ship_label(ctx, m), [ship.name, *ship.address]),
    ]
    if ctx.chance(0.3):
        cols[1], cols[2] = cols[2], cols[1]
    meta_style = ctx.choice(["inline", "colon", "boxes"])
    ctx.features["meta_style"] = meta_style
    head = ir.Row(
        [
            [ir.Heading(title(ctx, m), size=20)],
            [ir.Text([f"{ctx.label(L, 'number')} {m.number}"], bold=True, align="right")],
        ]
    )
    pairs = [p for p in meta_pairs(ctx, m) if p[1] != m.number]
    return [
        head,
        ir.Row(cols, gap=12),
        ir.KV(pairs, style=meta_style, per_row=len(pairs)),
        table,
        ir.KV(totals_pairs(ctx, m), style="totals", bold_last=True),
        *closing_text(ctx, m),
        *signature(ctx, m),
    ]


def layout_sentence(ctx: Ctx, m: Commerce, table: ir.Table) -> list:
    iss = m.issuer
    ctx.features["meta_style"] = "sentence"
    blocks = [
        ir.Text(ctx.party_lines(iss), align="center", first_bold=True),
        ir.Rule(),
        ir.Heading(title(ctx, m), size=14),
    ]
    if m.kind == "invoice":
        L = vocab.INVOICE[ctx.lang]
        blocks.append(
            sentence(
                ctx.choice(L["intro"]).format(num=m.number, date=ctx.date(m.date), customer=m.other.name)
            )
        )
        blocks += [
            table,
            ir.KV(totals_pairs(ctx, m), style="totals", bold_last=True),
            sentence(ctx.choice(L["outro"]).format(total=ctx.money(m.total), due=ctx.date(m.due))),
        ]
    else:
        P = vocab.PO[ctx.lang]
        blocks.append(
            sentence(
                ctx.choice(P["sentence"]).format(num=m.number, date=ctx.date(m.date), supplier=m.other.name)
            )
        )
        blocks += [table, ir.KV(totals_pairs(ctx, m), style="totals", bold_last=True)]
    return blocks + closing_text(ctx, m) + signature(ctx, m)


def layout_below(ctx: Ctx, m: Commerce, table: ir.Table) -> list:
    L = vocab.INVOICE[ctx.lang]
    ctx.features["meta_style"] = "below"
    total_s = ctx.st.code_money(m.total) if ctx.st.ambiguous else ctx.money(m.total)
    meta = meta_pairs(ctx, m)
    return [
        ir.Row(
            [
                [ir.Text([m.issuer.name], size=15, bold=True), ir.Text(m.issuer.address, size=8, gray=True)],
                [ir.Heading(title(ctx, m), size=24)],
            ],
            widths=[0.6, 0.4],
        ),
        ir.KV(meta, style="below", per_row=min(4, len(meta))),
        ir.Row(
            [
                party_block(ctx, other_label(ctx, m), other_lines(ctx, m)),
                [
                    ir.Box(
                        [
                            ir.KV(
                                [(ctx.choice(L["amount_due_box"]), total_s)],
                                style="below",
                                per_row=1,
                                space_after=0,
                            )
                        ],
                        shade=True,
                        border=False,
                    )
                ],
            ],
            widths=[0.6, 0.4],
        ),
        table,
        ir.KV(totals_pairs(ctx, m), style="totals", bold_last=True),
        *closing_text(ctx, m),
    ]


LAYOUT_FUNCS = {
    "classic": layout_classic,
    "boxes": layout_boxes,
    "letter": layout_letter,
    "columns": layout_columns,
    "sidebar": layout_sidebar,
    "three_parties": layout_three,
    "sentence": layout_sentence,
    "below": layout_below,
}


def build(ctx: Ctx, kind: str, layout: str, long: bool) -> tuple[ir.Doc, dict]:
    if layout == "sidebar":
        long = False
    m = model(ctx, kind, long)
    table, cols = items_table(ctx, m, short_desc=layout == "sidebar")
    blocks = LAYOUT_FUNCS[layout](ctx, m, table)
    footer = []
    if layout not in ("letter", "sidebar") and ctx.chance(0.6):
        footer = ctx.footer(m.issuer, with_bank=m.kind == "invoice")
    doc = ctx.new_doc(blocks, footer=footer, title=f"{title(ctx, m)} {m.number}")
    if ctx.chance(0.5):
        doc.page_label = vocab.INVOICE[ctx.lang]["page"]
    if ctx.fmt == "docx" and layout in ("classic", "columns") and ctx.chance(0.4):
        doc.header_lines = [m.issuer.name, " · ".join(m.issuer.address)]  # letterhead in the Word page header
        ctx.features["issuer_in_docx_header"] = True
    ctx.features.update(items=len(m.items), b2c=m.b2c, with_tax=m.with_tax)
    return doc, truth(ctx, m, cols)
