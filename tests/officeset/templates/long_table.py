"""A multi-page invoice: 20-40 lines, the table header repeated on every page, page numbers in the footer."""

from __future__ import annotations

from tests.officeset import htmlkit as hk
from tests.officeset.invoice import Doc, Shape
from tests.officeset.templates.base import Producer, Template


def render(doc: Doc) -> hk.HtmlPage:
    inv, rng = doc.inv, doc.rng
    v, c = inv.vendor, inv.customer
    font = rng.choice(hk.FONTS)
    size = rng.choice((11, 11.5, 12))
    pad = rng.choice((7, 8))
    intro = doc.sentence("intro")
    colour = rng.choice(hk.COLOURS)
    meta = [
        (doc.label("number"), doc.mark("invoice_number", inv.number)),
        (doc.label("date"), doc.mark("invoice_date", doc.d(inv.date))),
        (doc.label("due"), doc.mark("due_date", doc.d(inv.due))),
        (doc.label("customer_no"), inv.customer_no),
        (doc.label("order_no"), inv.order_no),
        (doc.label("delivery_date"), doc.d(inv.delivery_date)),
    ]
    columns = rng.choice(
        (
            ("pos", "sku", "desc", "qty", "unit", "unit_price", "amount"),
            ("pos", "desc", "qty", "unit_price", "amount"),
            ("sku", "desc", "qty", "unit_price", "amount"),
        )
    )
    totals = [(doc.label("subtotal"), doc.mark("subtotal", doc.m(inv.subtotal))), *hk.tax_rows(doc)]
    totals.append((doc.label("total"), doc.mark("total", doc.m(inv.total))))
    body = f"""
<div class="head">
<div>{hk.logo(v.name, colour, 40)}<div class="firm">{hk.esc(doc.mark("vendor_name", v.name))}</div>
{hk.esc(v.street)}<br>{hk.esc(v.city_line)}<br>{hk.esc(v.email)}</div>
<div class="right"><h1>{hk.esc(doc.label("title"))}</h1>
<table>{hk.kv_rows(meta, label_css="padding-right:12px;color:#555")}</table></div></div>
<div class="addr"><div class="cap">{hk.esc(doc.label("bill_to"))}</div>
<strong>{hk.esc(doc.mark("customer_name", c.name))}</strong><br>
{hk.esc(c.street)}<br>{hk.esc(c.city_line)}</div>
<p>{hk.esc(intro[:1].upper() + intro[1:])}</p>
{hk.items_table(doc, columns)}
<table class="totals">{hk.kv_rows(totals, value_css="text-align:right;padding-left:26px")}</table>
<p>{hk.esc(doc.sentence("terms", days=str(inv.terms_days), due=doc.d(inv.due), total=doc.m(inv.total)))}</p>
<p class="bank">{hk.esc(doc.label("bank"))}: {hk.esc(v.bank)}, IBAN {hk.esc(v.iban)}, BIC {hk.esc(v.bic)} ·
{hk.esc(doc.label("vat_id"))} {hk.esc(v.vat_id)}</p>
"""
    css = f"""
body{{font-family:{font};font-size:{size}px}} .head{{display:flex;justify-content:space-between}}
.firm{{font-size:15px;font-weight:bold;margin:4px 0}} h1{{font-size:22px;margin:0 0 6px;color:{colour}}}
.addr{{margin:18px 0}} .cap{{font-size:8px;color:#777}}
.items{{width:100%}} .items thead th{{background:{colour};color:#fff;padding:4px;text-align:left}}
.items td{{padding:{pad}px 4px;border-bottom:1px solid #e3e3e3;vertical-align:top}}
.items .num{{text-align:right;white-space:nowrap}}
.items tr{{break-inside:avoid}} .totals{{margin-left:auto;margin-top:8px;break-inside:avoid}}
.totals td{{padding:2px}}
.totals tr:last-child td{{font-weight:bold;font-size:11px}} .bank{{font-size:8.5px;color:#555}}
"""
    footer = hk.page_footer(doc, left=f"{v.name} · {doc.label('number')} {inv.number}")
    return hk.HtmlPage(hk.page(doc, css, body), footer=footer)


TEMPLATE = Template("multipage", Producer.CHROMIUM, ("en", "fr", "nl", "de"), Shape(items=(25, 40)), render)
