"""Dutch factuur: company details column (KvK, BTW-nummer, IBAN), payment request sentence."""

from __future__ import annotations

from tests.officeset import htmlkit as hk
from tests.officeset.invoice import Doc, Shape
from tests.officeset.templates.base import Producer, Template

REQUEST = (
    "Wij verzoeken u vriendelijk het bedrag van {total} vóór {due} over te maken op {iban} t.n.v. {name} "
    "onder vermelding van het factuurnummer.",
    "Graag ontvangen wij het totaalbedrag van {total} binnen {days} dagen, uiterlijk {due}, "
    "op rekening {iban}.",
)


def render(doc: Doc) -> hk.HtmlPage:
    inv, rng = doc.inv, doc.rng
    v, c = inv.vendor, inv.customer
    font = rng.choice(hk.FONTS)
    colour = rng.choice(hk.COLOURS)
    details = [
        v.street,
        v.city_line,
        "",
        f"{doc.label('phone')} {v.phone}",
        v.email,
        "",
        v.register if v.register.startswith("KvK") else f"KBO {v.vat_id[3:]}",
        f"{doc.label('vat_id')} {v.vat_id}",
        f"IBAN {v.iban}",
        f"BIC {v.bic}",
    ]
    meta = [
        (doc.label("number"), doc.mark("invoice_number", inv.number)),
        (doc.label("date"), doc.mark("invoice_date", doc.d(inv.date))),
        (doc.label("due"), doc.mark("due_date", doc.d(inv.due))),
        (doc.label("customer_no"), inv.customer_no),
    ]
    if rng.random() < 0.5:
        meta.append((doc.label("order_no"), inv.order_no))
    columns = rng.choice(
        (
            ("desc", "qty", "unit_price", "vat", "amount"),
            ("qty", "desc", "unit_price", "amount"),
            ("desc", "qty", "unit", "unit_price", "amount"),
        )
    )
    totals = [(doc.label("subtotal"), doc.mark("subtotal", doc.m(inv.subtotal))), *hk.tax_rows(doc)]
    totals.append((doc.label("total"), doc.mark("total", doc.m(inv.total))))
    request = rng.choice(REQUEST).format(
        total=doc.m(inv.total), due=doc.d(inv.due), iban=v.iban, name=v.name, days=inv.terms_days
    )
    body = f"""
<div class="head">
 <div class="to"><div class="firmname" style="color:{colour}">{hk.esc(doc.mark("vendor_name", v.name))}</div>
  <div class="addr"><strong>{hk.esc(doc.mark("customer_name", c.name))}</strong><br>
  t.a.v. {hk.esc(c.contact)}<br>{hk.esc(c.street)}<br>{hk.esc(c.city_line)}</div></div>
 <div class="side">{hk.logo(v.name, colour, 48)}<br>{"<br>".join(hk.esc(x) for x in details)}</div>
</div>
<h1>{hk.esc(doc.label("title"))}</h1>
<table class="meta">{hk.kv_rows(meta, label_css="padding-right:16px;font-weight:bold")}</table>
{hk.items_table(doc, columns)}
<table class="totals">{hk.kv_rows(totals, value_css="text-align:right;padding-left:28px")}</table>
<p class="req">{hk.esc(request)}</p>
"""
    css = f"""
body{{font-family:{font};font-size:10.5px}} .head{{display:flex;justify-content:space-between}}
.firmname{{font-size:22px;font-weight:bold;margin-bottom:28px}} .addr{{line-height:1.4}}
.side{{font-size:9px;color:#444;width:34%;line-height:1.35}} h1{{font-size:22px;margin:26px 0 8px}}
.items{{width:100%;margin-top:16px}} .items th{{text-align:left;border-bottom:2px solid {colour};padding:4px}}
.items td{{padding:4px;vertical-align:top;border-bottom:1px solid #eee}} .items .num{{text-align:right;
white-space:nowrap}}
.totals{{margin-left:auto;margin-top:8px}} .totals td{{padding:3px}}
.totals tr:last-child td{{font-weight:bold;
border-top:2px solid {colour}}} .req{{margin-top:26px}}
"""
    return hk.HtmlPage(
        hk.page(doc, css, body), footer=hk.page_footer(doc, left=v.name) if rng.random() < 0.5 else ""
    )


TEMPLATE = Template("factuur_kvk", Producer.CHROMIUM, ("nl",), Shape(items=(1, 7)), render)
