"""German business letter after DIN 5008: sender line above the window, info block, subject, footer."""

from __future__ import annotations

from tests.officeset import htmlkit as hk
from tests.officeset.invoice import Doc, Shape
from tests.officeset.templates.base import Producer, Template

TERMS = (
    "Zahlbar innerhalb von {days} Tagen bis zum {due} ohne Abzug.",
    "Bitte überweisen Sie den Rechnungsbetrag von {total} bis zum {due} auf das unten angegebene Konto.",
    "Der Rechnungsbetrag ist zahlbar bis {due}. Bei Zahlung innerhalb von 7 Tagen gewähren wir 2 % Skonto.",
)


def _info_block(doc: Doc) -> list[tuple[str, str]]:
    inv, rng = doc.inv, doc.rng
    rows = [
        (doc.label("number"), doc.mark("invoice_number", inv.number)),
        (doc.label("date"), doc.mark("invoice_date", doc.d(inv.date))),
        (doc.label("customer_no"), inv.customer_no),
    ]
    if rng.random() < 0.7:
        rows.append((doc.label("delivery_date"), doc.d(inv.delivery_date)))
    if rng.random() < 0.5:
        rows.append((doc.label("order_no"), inv.order_no))
    rows.append(("Ihr Ansprechpartner", inv.vendor.contact))
    rows.append(("Telefon", inv.vendor.phone))
    return rows


def _footer(doc: Doc) -> str:
    v = doc.inv.vendor
    cols = (
        (v.name, v.street, v.city_line, v.email),
        ("Bankverbindung", v.bank, f"IBAN {v.iban}", f"BIC {v.bic}"),
        (
            f"Geschäftsführer: {v.director}",
            v.register,
            f"{doc.label('vat_id')} {v.vat_id}",
            f"Steuernummer {v.vat_id[-9:-6]}/{v.vat_id[-6:-3]}/{v.vat_id[-3:]}0",
        ),
    )
    return "".join(f"<div>{'<br>'.join(hk.esc(x) for x in col if x)}</div>" for col in cols)


def render(doc: Doc) -> hk.HtmlPage:
    inv, rng = doc.inv, doc.rng
    v, c = inv.vendor, inv.customer
    font = rng.choice(hk.FONTS)
    colour = rng.choice(hk.COLOURS)
    due_in_info = rng.random() < 0.4
    info = _info_block(doc)
    if due_in_info:
        info.insert(2, (doc.label("due"), doc.d(inv.due)))
    attn = f"z. Hd. {c.contact}" if rng.random() < 0.5 else ""
    window = [doc.mark("customer_name", c.name), attn, c.street, c.city_line]
    if inv.region.code != "de-DE":
        window.append(c.country.upper())
    columns = (
        ("pos", "desc", "qty", "unit", "unit_price", "amount")
        if rng.random() < 0.6
        else ("pos", "desc", "qty", "unit_price", "amount")
    )
    table = hk.items_table(doc, columns)
    totals = [(doc.label("subtotal"), doc.mark("subtotal", doc.m(inv.subtotal))), *hk.tax_rows(doc)]
    totals.append((doc.label("total"), doc.mark("total", doc.m(inv.total))))
    terms = rng.choice(TERMS).format(
        days=inv.terms_days, due=doc.mark("due_date", doc.d(inv.due)), total=doc.m(inv.total)
    )
    subject = (
        f"Rechnung Nr. {inv.number}" if rng.random() < 0.6 else f"Rechnung {inv.number} - {inv.order_no}"
    )
    body = f"""
<div class="head"><div class="firm" style="color:{colour}">{hk.esc(doc.mark("vendor_name", v.name))}</div>
{hk.logo(v.name, colour, 52)}</div>
<div class="row">
 <div class="window"><div class="sender">{hk.esc(f"{v.name} · {v.street} · {v.city_line}")}</div>
  <div class="addr">{"<br>".join(hk.esc(x) for x in window if x)}</div></div>
 <table class="info">{hk.kv_rows(info, label_css="padding-right:10px;color:#555")}</table>
</div>
<div class="subject">{hk.esc(subject)}</div>
<p>{hk.esc(doc.sentence("salutation"))}</p>
<p>{hk.esc(doc.sentence("intro"))}</p>
{table}
<table class="totals">{hk.kv_rows(totals, value_css="text-align:right;padding-left:30px")}</table>
<p>{hk.esc(terms)}</p>
<p>{hk.esc(doc.sentence("closing"))}<br><br>{hk.esc(v.contact)}</p>
<div class="foot">{_footer(doc)}</div>
"""
    css = f"""
body{{font-family:{font};font-size:10.5px;line-height:1.35}}
.head{{display:flex;justify-content:space-between;align-items:flex-start;height:27mm}}
.firm{{font-size:20px;font-weight:bold}} .row{{display:flex;justify-content:space-between}}
.window{{width:85mm;height:45mm}} .sender{{font-size:7.5px;text-decoration:underline;margin-bottom:3mm}}
.info{{font-size:9.5px;align-self:flex-start}} .info td{{padding:0}}
.subject{{font-weight:bold;font-size:12px;margin:6mm 0 4mm}}
.items{{width:100%;margin:3mm 0}} .items th{{border-bottom:1px solid #333;text-align:left;padding:3px}}
.items td{{padding:3px;vertical-align:top}} .items .num{{text-align:right;white-space:nowrap}}
.totals{{margin-left:auto}} .totals td{{padding:2px}} .totals tr:last-child td{{font-weight:bold;
border-top:1px solid #333}}
.foot{{position:fixed;bottom:0;left:0;right:0;display:flex;justify-content:space-between;font-size:7.5px;
color:#444;border-top:1px solid #999;padding-top:2mm}}
"""
    return hk.HtmlPage(hk.page(doc, css, body), margin_mm=(10, 20, 12, 25))


TEMPLATE = Template("din_letter", Producer.CHROMIUM, ("de",), Shape(items=(2, 7)), render)
