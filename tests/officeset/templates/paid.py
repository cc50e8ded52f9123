"""Invoice paid by card: a "PAID" stamp, amount paid, amount due 0.00 (the truth total is still the total)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.officeset import htmlkit as hk
from tests.officeset.invoice import Doc, Shape
from tests.officeset.templates.base import Producer, Template

CARD = {
    "en": "{brand} ending in {last4}",
    "fr": "Carte {brand} **** {last4}",
    "nl": "{brand} eindigend op {last4}",
    "de": "Kreditkarte ({brand}) **** {last4}",
}
PAID_ON = {
    "en": "Paid on {date}",
    "fr": "Payée le {date}",
    "nl": "Betaald op {date}",
    "de": "Bezahlt am {date}",
}
HISTORY = {
    "en": "Payment history",
    "fr": "Historique des paiements",
    "nl": "Betalingen",
    "de": "Zahlungsverlauf",
}


def render(doc: Doc) -> hk.HtmlPage:
    inv, rng = doc.inv, doc.rng
    v, c = inv.vendor, inv.customer
    colour = rng.choice(hk.COLOURS)
    font = rng.choice(hk.FONTS[:3])
    paid_on = inv.date + dt.timedelta(days=rng.randint(0, min(3, inv.terms_days)))
    card = CARD[doc.lang].format(
        brand=rng.choice(("Visa", "Mastercard", "Amex")), last4=f"{rng.randint(0, 9999):04d}"
    )
    meta = [
        (doc.label("number"), doc.mark("invoice_number", inv.number)),
        (doc.label("date"), doc.mark("invoice_date", doc.d(inv.date))),
        (doc.label("due"), doc.mark("due_date", doc.d(inv.due))),
        (PAID_ON[doc.lang].format(date="").strip(), doc.d(paid_on)),
    ]
    totals = [(doc.label("subtotal"), doc.mark("subtotal", doc.m(inv.subtotal))), *hk.tax_rows(doc)]
    totals += [
        (doc.label("total"), doc.mark("total", doc.m(inv.total))),
        (doc.label("amount_paid"), doc.m(inv.total)),
        (doc.label("amount_due"), doc.m(Decimal("0"))),
    ]
    history = f"{doc.d(paid_on)} · {card} · {doc.m(inv.total)}"
    body = f"""
<div class="head">
<div class="brand">{hk.logo(v.name, colour, 40)}<strong>{hk.esc(doc.mark("vendor_name", v.name))}</strong>
</div>
<div class="title">{hk.esc(doc.label("title"))}</div></div>
<div class="stamp">{hk.esc(doc.label("paid_stamp"))}</div>
<div class="grid"><table>{hk.kv_rows(meta, label_css="color:#666;padding-right:14px")}</table>
<div>
<div class="cap">{hk.esc(doc.label("bill_to"))}</div>
{hk.address(c, name=doc.mark("customer_name", c.name), extra=(c.email,))}</div>
<div>
<div class="cap">{hk.esc(doc.label("from"))}</div>{hk.esc(v.street)}<br>{hk.esc(v.city_line)}<br>
{hk.esc(v.email)}<br>
{hk.esc(doc.label("vat_id"))} {hk.esc(v.vat_id)}</div></div>
<div class="big">{hk.esc(doc.m(inv.total))} · {hk.esc(PAID_ON[doc.lang].format(date=doc.d(paid_on)))}</div>
{hk.items_table(doc, ("desc", "qty", "unit_price", "amount"), money_in_cells=rng.random() < 0.6)}
<table class="totals">{hk.kv_rows(totals, value_css="text-align:right;padding-left:30px")}</table>
<div class="cap hist">{hk.esc(HISTORY[doc.lang])}</div><p>{hk.esc(history)}</p>
"""
    css = f"""
body{{font-family:{font};font-size:10.5px}} .head{{display:flex;justify-content:space-between;
align-items:center}}
.brand{{display:flex;align-items:center;gap:10px;font-size:14px}} .title{{font-size:22px;font-weight:600}}
.stamp{{position:absolute;top:120px;right:60px;transform:rotate(-14deg);border:4px solid #c62828;
color:#c62828;
font-size:34px;font-weight:bold;padding:4px 16px;border-radius:6px;opacity:.85;letter-spacing:2px}}
.grid{{display:grid;grid-template-columns:1.2fr 1fr 1fr;gap:20px;margin-top:26px}} .cap{{color:#666;
margin-bottom:3px}}
.big{{font-size:18px;font-weight:600;margin:26px 0 14px}} .items{{width:100%}} .items th{{text-align:left;
color:#666;
font-weight:normal;border-bottom:1px solid #ccc;padding:5px 3px}} .items td{{padding:6px 3px;
border-bottom:1px solid #eee;
vertical-align:top}} .items .num{{text-align:right;white-space:nowrap}} .totals{{margin-left:auto;
margin-top:10px}}
.totals td{{padding:3px}} .totals tr:last-child td{{font-weight:bold}} .hist{{margin-top:26px}}
"""
    return hk.HtmlPage(
        hk.page(doc, css, body),
        footer=hk.page_footer(doc, left=f"{inv.number} · {PAID_ON[doc.lang].format(date=doc.d(paid_on))}"),
    )


TEMPLATE = Template("paid_card", Producer.CHROMIUM, ("en", "fr", "nl", "de"), Shape(items=(1, 4)), render)
