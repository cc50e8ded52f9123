"""Telecom/utility bill: account summary box (previous balance, payment, charges, amount due), period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.officeset import htmlkit as hk
from tests.officeset.invoice import Doc, Shape
from tests.officeset.locales import TELECOM_HEAD
from tests.officeset.templates.base import Producer, Template

YOUR_INVOICE = {"en": "Your bill", "fr": "Votre facture", "nl": "Uw factuur", "de": "Ihre Rechnung"}


def render(doc: Doc) -> hk.HtmlPage:
    inv, rng = doc.inv, doc.rng
    v, c = inv.vendor, inv.customer
    t = {k: words[doc.lang] for k, words in TELECOM_HEAD.items()}
    colour = rng.choice(hk.COLOURS)
    font = rng.choice(hk.FONTS)
    end = inv.date - dt.timedelta(days=rng.randint(1, 4))
    start = end.replace(day=1) if end.day > 1 else end - dt.timedelta(days=30)
    previous = Decimal(rng.randint(2000, 30000)) / 100
    summary = [
        (t["previous"], doc.m(previous)),
        (t["received"], doc.m(-previous)),
        (t["carried"], doc.m(Decimal("0"))),
        (t["current"], doc.mark("total", doc.m(inv.total))),
        (t["due"], doc.m(inv.total)),
    ]
    meta = [
        (doc.label("number"), doc.mark("invoice_number", inv.number)),
        (doc.label("date"), doc.mark("invoice_date", doc.d(inv.date))),
        (t["account"], inv.customer_no),
        (t["period"], f"{doc.d(start)} - {doc.d(end)}"),
        (doc.label("due"), doc.mark("due_date", doc.d(inv.due))),
    ]
    totals = [(doc.label("subtotal"), doc.mark("subtotal", doc.m(inv.subtotal))), *hk.tax_rows(doc)]
    totals.append((doc.label("total"), doc.m(inv.total)))
    body = f"""
<div class="band" style="background:{colour}">
<span class="brand">{hk.esc(doc.mark("vendor_name", v.name))}</span>
<span>{hk.esc(YOUR_INVOICE[doc.lang])}</span></div>
<div class="row">
 <div class="addr"><strong>{hk.esc(doc.mark("customer_name", c.name))}</strong><br>{hk.esc(c.contact)}<br>
 {hk.esc(c.street)}<br>{hk.esc(c.city_line)}</div>
 <table class="meta">{hk.kv_rows(meta, label_css="color:#555;padding-right:12px")}</table>
</div>
<div class="box" style="border-color:{colour}">
<div class="boxtitle" style="color:{colour}">{hk.esc(t["summary"])}</div>
<table>{hk.kv_rows(summary, value_css="text-align:right")}</table>
<p>{hk.esc(t["debit"].format(due=doc.d(inv.due)))}</p></div>
<h3>{hk.esc(t["detail"])}</h3>
{hk.items_table(doc, ("desc", "qty", "unit_price", "amount"))}
<table class="totals">{hk.kv_rows(totals, value_css="text-align:right;padding-left:30px")}</table>
<p class="small">{hk.esc(v.name)} · {hk.esc(v.street)} · {hk.esc(v.city_line)} ·
{hk.esc(doc.label("vat_id"))} {hk.esc(v.vat_id)}
 · {hk.esc(v.register)}</p>
"""
    css = f"""
body{{font-family:{font};font-size:10px}} .band{{color:#fff;padding:10px 14px;display:flex;
justify-content:space-between;
align-items:center;font-size:14px}} .brand{{font-size:20px;font-weight:bold}}
.row{{display:flex;justify-content:space-between;margin:20px 0}} .addr{{line-height:1.4}}
.box{{border:2px solid;border-radius:8px;padding:10px 14px;width:62%}} .box table{{width:100%}}
.box td{{padding:2px 0}} .box tr:nth-child(4) td,.box tr:nth-child(5) td{{font-weight:bold}}
.boxtitle{{font-size:13px;font-weight:bold;margin-bottom:4px}} h3{{margin-top:22px}}
.items{{width:100%}} .items th{{text-align:left;border-bottom:1px solid #999;padding:3px}}
.items td{{padding:3px;
vertical-align:top}} .items .num{{text-align:right;white-space:nowrap}} .totals{{margin-left:auto;
margin-top:8px}}
.totals tr:last-child td{{font-weight:bold}} .small{{font-size:8px;color:#666;margin-top:30px}}
"""
    return hk.HtmlPage(
        hk.page(doc, css, body), footer=hk.page_footer(doc, left=f"{inv.customer_no} / {inv.number}")
    )


TEMPLATE = Template(
    "utility_bill", Producer.CHROMIUM, ("en", "fr", "nl", "de"), Shape(items=(2, 5), goods="telecom"), render
)
