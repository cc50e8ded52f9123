"""Wholesale invoice with two VAT rates: a rate column, a VAT breakdown table and one tax line per rate."""

from __future__ import annotations

from tests.officeset import htmlkit as hk
from tests.officeset.invoice import Doc, Shape
from tests.officeset.templates.base import Producer, Template

BREAKDOWN = {
    "en": ("VAT rate", "Net", "VAT", "Gross"),
    "fr": ("Taux", "Base HT", "TVA", "TTC"),
    "nl": ("Tarief", "Grondslag", "BTW", "Bruto"),
    "de": ("Steuersatz", "Netto", "MwSt.", "Brutto"),
}


def _breakdown(doc: Doc) -> str:
    head = "".join(f"<th>{hk.esc(x)}</th>" for x in BREAKDOWN[doc.lang])
    rows = "".join(
        f"<tr><td>{hk.esc(doc.rate(p.rate))}</td><td>{hk.esc(doc.n(p.base))}</td><td>{hk.esc(doc.n(p.tax))}</td>"
        f"<td>{hk.esc(doc.n(p.base + p.tax))}</td></tr>"
        for p in doc.inv.tax_parts
    )
    return f'<table class="vat"><tr>{head}</tr>{rows}</table>'


def render(doc: Doc) -> hk.HtmlPage:
    inv, rng = doc.inv, doc.rng
    v, c = inv.vendor, inv.customer
    font = rng.choice(hk.FONTS)
    colour = rng.choice(hk.COLOURS)
    meta = [
        (doc.label("number"), doc.mark("invoice_number", inv.number)),
        (doc.label("date"), doc.mark("invoice_date", doc.d(inv.date))),
        (doc.label("delivery_date"), doc.d(inv.delivery_date)),
        (doc.label("customer_no"), inv.customer_no),
        (doc.label("order_no"), inv.order_no),
        (doc.label("due"), doc.mark("due_date", doc.d(inv.due))),
    ]
    totals = [
        (doc.label("subtotal"), doc.mark("subtotal", doc.m(inv.subtotal))),
        *hk.tax_rows(doc, with_base=rng.random() < 0.5),
    ]
    totals.append((doc.label("total"), doc.mark("total", doc.m(inv.total))))
    columns = rng.choice(
        (
            ("pos", "sku", "desc", "qty", "unit_price", "vat", "amount"),
            ("sku", "desc", "vat", "qty", "unit_price", "amount"),
        )
    )
    body = f"""
<div class="head"><div>
<div class="firm">{hk.esc(doc.mark("vendor_name", v.name))}</div>{hk.esc(v.street)}, {hk.esc(v.city_line)}<br>
{hk.esc(doc.label("phone"))} {hk.esc(v.phone)} · {hk.esc(v.email)}<br>
{hk.esc(doc.label("vat_id"))} {hk.esc(v.vat_id)}</div>
{hk.logo(v.name, colour, 56)}</div>
<div class="row"><div class="addr"><div class="cap">{hk.esc(doc.label("bill_to"))}</div>
<strong>{hk.esc(doc.mark("customer_name", c.name))}</strong>
<br>{hk.esc(c.street)}<br>{hk.esc(c.city_line)}</div>
<div><h1>{hk.esc(doc.label("title"))}</h1>
<table class="meta">{hk.kv_rows(meta, label_css="padding-right:12px")}</table></div></div>
{hk.items_table(doc, columns)}
<div class="bottom">{_breakdown(doc)}
<table class="totals">{hk.kv_rows(totals, value_css="text-align:right;padding-left:24px")}</table></div>
<p>{hk.esc(doc.sentence("terms", days=str(inv.terms_days), due=doc.d(inv.due), total=doc.m(inv.total)))}</p>
<p class="bank">{hk.esc(doc.label("bank"))}: {hk.esc(v.bank)} · IBAN {hk.esc(v.iban)} ·
BIC {hk.esc(v.bic)} · {hk.esc(v.register)}</p>
"""
    css = f"""
body{{font-family:{font};font-size:10px}} .head{{display:flex;justify-content:space-between}}
.firm{{font-size:17px;font-weight:bold;color:{colour}}} .row{{display:flex;justify-content:space-between;
margin:22px 0}}
.cap{{font-size:8px;color:#777}} h1{{margin:0 0 6px;font-size:20px}} .meta td{{padding:1px}}
.items{{width:100%}} .items th{{border-top:1px solid #333;border-bottom:1px solid #333;padding:3px;
text-align:left}}
.items td{{padding:3px;vertical-align:top}} .items .num{{text-align:right;white-space:nowrap}}
.bottom{{display:flex;justify-content:space-between;align-items:flex-start;margin-top:12px;
border-top:1px solid #333;
padding-top:6px}} .vat td,.vat th{{padding:2px 8px;text-align:right;font-size:9px}}
.vat th{{border-bottom:1px solid #999}}
.totals td{{padding:2px}} .totals tr:last-child td{{font-weight:bold;border-top:1px double #333}}
.bank{{font-size:8.5px;color:#555}}
"""
    return hk.HtmlPage(hk.page(doc, css, body), footer=hk.page_footer(doc))


TEMPLATE = Template(
    "multi_rate",
    Producer.CHROMIUM,
    ("en", "fr", "nl", "de"),
    Shape(items=(3, 8), multi_rate=True),
    render,
    regions=("en-GB", "en-IE", "fr-FR", "fr-BE", "nl-NL", "nl-BE", "de-DE", "de-AT", "de-CH"),
)
