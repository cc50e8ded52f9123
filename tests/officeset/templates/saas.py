"""Accounting-SaaS style (Stripe/Zoho-like): logo box, two-column meta grid, "€X due <date>" line."""

from __future__ import annotations

from tests.officeset import htmlkit as hk
from tests.officeset.invoice import Doc, Shape
from tests.officeset.templates.base import Producer, Template

ALL = ("en", "fr", "nl", "de")


def render(doc: Doc) -> hk.HtmlPage:
    inv, rng = doc.inv, doc.rng
    colour = rng.choice(hk.COLOURS)
    font = rng.choice(hk.FONTS[:2])
    cells_with_currency = rng.random() < 0.5
    due_line = doc.sentence("due_line", amount=doc.m(inv.total), due=doc.d(inv.due))
    meta = [
        (doc.label("number"), doc.mark("invoice_number", inv.number)),
        (doc.label("date"), doc.mark("invoice_date", doc.d(inv.date))),
        (doc.label("due"), doc.mark("due_date", doc.d(inv.due))),
    ]
    if rng.random() < 0.5:
        meta.append((doc.label("customer_no"), inv.customer_no))
    vendor_lines = (inv.vendor.email, inv.vendor.phone, f"{doc.label('vat_id')} {inv.vendor.vat_id}")
    customer_lines = (inv.customer.country if rng.random() < 0.3 else "", inv.customer.email)
    table = hk.items_table(doc, ("desc", "qty", "unit_price", "amount"), money_in_cells=cells_with_currency)
    totals = [(doc.label("subtotal"), doc.mark("subtotal", doc.m(inv.subtotal))), *hk.tax_rows(doc)]
    totals.append((doc.label("total"), doc.mark("total", doc.m(inv.total))))
    totals.append((doc.label("amount_due"), doc.m(inv.total)))
    pay_url = f"https://pay.example.com/i/{inv.number.lower().replace('/', '')}"
    body = f"""
<div class="top"><div class="brand">{hk.logo(inv.vendor.name, colour)}
<span class="title">{hk.esc(doc.label("title"))}</span></div></div>
<div class="grid">
  <table class="meta">{hk.kv_rows(meta, label_css="color:#666;padding-right:18px")}</table>
  <div></div>
  <div><div class="cap">{hk.esc(doc.label("from"))}</div>
    {hk.address(inv.vendor, name=doc.mark("vendor_name", inv.vendor.name), extra=vendor_lines)}</div>
  <div><div class="cap">{hk.esc(doc.label("bill_to"))}</div>
    {hk.address(inv.customer, name=doc.mark("customer_name", inv.customer.name), extra=customer_lines)}</div>
</div>
<div class="due">{hk.esc(due_line)}</div>
<div class="pay"><a href="{pay_url}">{hk.esc(pay_url)}</a></div>
{table}
<table class="totals">{hk.kv_rows(totals, value_css="text-align:right")}</table>
<p class="thanks">{hk.esc(doc.sentence("thanks"))}</p>
"""
    css = f"""
body{{font-family:{font};font-size:10.5px}} .top{{display:flex;justify-content:space-between}}
.brand{{display:flex;align-items:center;justify-content:space-between;width:100%}}
.title{{font-size:24px;font-weight:600}}
.grid{{display:grid;grid-template-columns:1fr 1fr;gap:14px 40px;margin-top:22px}}
.cap{{color:#666;margin-bottom:3px}} .meta td{{padding:1px 0}}
.due{{font-size:19px;font-weight:600;margin:26px 0 4px}} .pay a{{color:{colour};font-size:10px}}
.items{{width:100%;margin-top:22px}} .items th{{text-align:left;color:#666;font-weight:normal;
border-bottom:1px solid #ccc;padding:6px 4px}} .items td{{padding:7px 4px;border-bottom:1px solid #eee;
vertical-align:top}}
.items .num{{text-align:right;white-space:nowrap}} .items th.num{{text-align:right}}
.items td.desc{{width:55%}}
.totals{{margin-left:auto;margin-top:10px;min-width:45%}} .totals td{{padding:4px;border-top:1px solid #eee}}
.totals tr:nth-last-child(2) td{{font-weight:600}} .thanks{{margin-top:30px;color:#666}}
"""
    footer = hk.page_footer(doc, left=f"{inv.number} · {due_line}")
    return hk.HtmlPage(hk.page(doc, css, body), footer=footer)


TEMPLATE = Template("saas", Producer.CHROMIUM, ALL, Shape(items=(1, 5)), render)
