"""Web shop invoice: order number and invoice number, VAT-inclusive prices, discount and shipping lines."""

from __future__ import annotations

from tests.officeset import htmlkit as hk
from tests.officeset.invoice import Doc, Shape
from tests.officeset.templates.base import Producer, Template

METHODS = {
    "en": ("Bank transfer", "Pay by invoice", "PayPal"),
    "fr": ("Virement bancaire", "Paiement à réception de facture"),
    "nl": ("Overschrijving", "Achteraf betalen", "iDEAL"),
    "de": ("Kauf auf Rechnung", "Überweisung", "PayPal"),
}
SHIPPED = {
    "en": "Shipped with DHL Parcel, tracking 00340434161094012345",
    "fr": "Expédié par Colissimo, suivi 6A12345678901",
    "nl": "Verzonden met PostNL, track & trace 3SABCD1234567",
    "de": "Versand mit DHL Paket, Sendungsnummer 00340434161094012345",
}


def _totals(doc: Doc) -> list[tuple[str, str]]:
    inv = doc.inv
    rows = [(doc.label("goods"), doc.m(inv.goods_total))]
    if inv.discount:
        rows.append((doc.label("discount", c=inv.discount_code), doc.m(-inv.discount)))
    if inv.shipping:
        rows.append((doc.label("shipping"), doc.m(inv.shipping)))
    rows.append((doc.label("total"), doc.mark("total", doc.m(inv.total))))
    part = inv.tax_parts[0]
    rows.append((doc.label("tax_included", r=doc.rate(part.rate)), doc.mark("tax", doc.m(part.tax))))
    rows.append((doc.label("net_after"), doc.mark("subtotal", doc.m(inv.subtotal))))
    return rows


def render(doc: Doc) -> hk.HtmlPage:
    inv, rng = doc.inv, doc.rng
    v, c = inv.vendor, inv.customer
    colour = rng.choice(hk.COLOURS)
    font = rng.choice(hk.FONTS)
    meta = [
        (doc.label("number"), doc.mark("invoice_number", inv.number)),
        (doc.label("date"), doc.mark("invoice_date", doc.d(inv.date))),
        (doc.label("order_no"), inv.order_no),
        (doc.label("order_date"), doc.d(inv.order_date)),
        (doc.label("payment_method"), rng.choice(METHODS[doc.lang])),
        (doc.label("due"), doc.mark("due_date", doc.d(inv.due))),
    ]
    head = meta[:4]
    rng.shuffle(head)
    meta = head + meta[4:]
    bill = hk.address(c, name=doc.mark("customer_name", c.name), extra=(c.email,))
    ship_name = c.contact if rng.random() < 0.3 else c.name
    ship = "<br>".join(hk.esc(x) for x in (ship_name, c.street, c.city_line))
    columns = rng.choice(
        (("sku", "desc", "qty", "unit_price", "amount"), ("desc", "sku", "qty", "unit_price", "amount"))
    )
    meta_rows = hk.kv_rows(meta, label_css="color:#666;padding-right:10px", value_css="text-align:right")
    body = f"""
<div class="head">
<div class="shop">{hk.logo(v.name, colour, 38)}<span>{hk.esc(doc.mark("vendor_name", v.name))}</span></div>
<div class="title">{hk.esc(doc.label("title"))}</div></div>
<div class="cols">
 <div><div class="cap">{hk.esc(doc.label("bill_to"))}</div>{bill}</div>
 <div><div class="cap">{hk.esc(doc.label("ship_to"))}</div>{ship}</div>
 <table class="meta">{meta_rows}</table>
</div>
{hk.items_table(doc, columns, money_in_cells=rng.random() < 0.5)}
<table class="totals">{hk.kv_rows(_totals(doc), value_css="text-align:right;padding-left:30px")}</table>
<p class="ship">{hk.esc(SHIPPED[doc.lang])}</p>
<p class="foot">{hk.esc(v.name)} · {hk.esc(v.street)} · {hk.esc(v.city_line)} · {hk.esc(v.email)} ·
{hk.esc(doc.label("vat_id"))} {hk.esc(v.vat_id)} · IBAN {hk.esc(v.iban)}</p>
"""
    css = f"""
body{{font-family:{font};font-size:10px}} .head{{display:flex;justify-content:space-between;
align-items:center;
border-bottom:3px solid {colour};padding-bottom:8px}} .shop{{display:flex;align-items:center;gap:10px;
font-size:17px;
font-weight:bold}} .title{{font-size:20px;color:{colour}}} .cols{{display:flex;
justify-content:space-between;margin:18px 0}}
.cap{{font-weight:bold;margin-bottom:3px}} .items{{width:100%}} .items th{{background:#f3f3f3;padding:5px;
text-align:left}}
.items td{{padding:5px;border-bottom:1px solid #e5e5e5;vertical-align:top}} .items .num{{text-align:right;
white-space:nowrap}}
.totals{{margin-left:auto;margin-top:10px}} .totals td{{padding:2px}}
.totals tr:nth-last-child(3) td{{font-weight:bold;
font-size:12px;border-top:1px solid #999}} .totals tr:nth-last-child(-n+2) td{{color:#666;font-size:9px}}
.ship{{margin-top:20px}} .foot{{font-size:8px;color:#777;margin-top:30px;border-top:1px solid #ddd;
padding-top:4px}}
"""
    return hk.HtmlPage(hk.page(doc, css, body))


TEMPLATE = Template(
    "webshop_order",
    Producer.CHROMIUM,
    ("en", "fr", "nl", "de"),
    Shape(items=(1, 6), gross_prices=True, discount=0.6, shipping=0.75, b2c=0.6),
    render,
    regions=("en-GB", "en-IE", "fr-FR", "fr-BE", "nl-NL", "nl-BE", "de-DE", "de-AT", "de-CH"),
)
