"""French facture: client box, reference table, Total HT / TVA / Total TTC / Net à payer, mentions légales."""

from __future__ import annotations

from tests.officeset import htmlkit as hk
from tests.officeset.invoice import Doc, Shape
from tests.officeset.templates.base import Producer, Template


def _legal(doc: Doc) -> str:
    v = doc.inv.vendor
    form = v.name.rsplit(" ", 1)[-1]
    capital = doc.rng.choice(("1 000", "10 000", "37 000", "150 000"))
    fine = "40 €" if doc.inv.region.code == "fr-FR" else "40 EUR"
    return (
        f"{v.name} \u2013 {form} au capital de {capital} € \u2013 {v.register} \u2013 "
        f"{doc.label('vat_id')} : {v.vat_id}. "
        "En cas de retard de paiement, une pénalité égale à trois fois le taux d'intérêt légal sera "
        "exigible, "
        f"ainsi qu'une indemnité forfaitaire pour frais de recouvrement de {fine} (art. L441-10 du Code de "
        "commerce). Pas d'escompte pour paiement anticipé."
    )


def render(doc: Doc) -> hk.HtmlPage:
    inv, rng = doc.inv, doc.rng
    v, c = inv.vendor, inv.customer
    font = rng.choice(hk.FONTS)
    colour = rng.choice(hk.COLOURS)
    number_label = rng.choice(("Facture n°", "FACTURE N°", "Facture N°"))
    number = doc.mark("invoice_number", inv.number)
    terms = doc.sentence("terms", days=str(inv.terms_days), due=doc.d(inv.due), total=doc.m(inv.total))
    meta = [
        (doc.label("date"), doc.mark("invoice_date", doc.d(inv.date))),
        (doc.label("due"), doc.mark("due_date", doc.d(inv.due))),
        (doc.label("customer_no"), inv.customer_no),
        ("Mode de règlement", rng.choice(("Virement", "Virement bancaire", "Prélèvement"))),
    ]
    if rng.random() < 0.6:
        meta.append((doc.label("delivery_date"), doc.d(inv.delivery_date)))
    head = "".join(f"<th>{hk.esc(k)}</th>" for k, _ in meta)
    row = "".join(f"<td>{hk.esc(x)}</td>" for _, x in meta)
    columns = rng.choice(
        (
            ("sku", "desc", "qty", "unit", "unit_price", "vat", "amount"),
            ("desc", "qty", "unit_price", "vat", "amount"),
            ("sku", "desc", "qty", "unit_price", "amount"),
        )
    )
    totals = [(doc.label("subtotal"), doc.mark("subtotal", doc.m(inv.subtotal))), *hk.tax_rows(doc)]
    totals.append(("Total TTC", doc.mark("total", doc.m(inv.total))))
    if rng.random() < 0.6:
        totals.append(("Net à payer", doc.m(inv.total)))
    body = f"""
<div class="head">
 <div>{hk.logo(v.name, colour, 40)}<div class="firm">{hk.esc(doc.mark("vendor_name", v.name))}</div>
  {hk.esc(v.street)}<br>{hk.esc(v.city_line)}<br>{hk.esc(doc.label("phone"))} {hk.esc(v.phone)}<br>
{hk.esc(v.email)}</div>
 <div class="right">
<div class="title" style="color:{colour}">{hk.esc(number_label)} {hk.esc(number)}</div>
  <div class="client"><div class="cap">{hk.esc(doc.label("bill_to"))}</div>
  <strong>{hk.esc(doc.mark("customer_name", c.name))}</strong>
<br>{hk.esc(c.street)}<br>{hk.esc(c.city_line)}<br>
  {hk.esc(doc.label("vat_id"))} : {hk.esc(c.vat_id)}</div></div>
</div>
<table class="meta"><tr>{head}</tr><tr>{row}</tr></table>
{hk.items_table(doc, columns)}
<div class="bottom">
 <div class="bank"><strong>{hk.esc(doc.label("bank"))}</strong>
<br>{hk.esc(v.bank)}<br>IBAN : {hk.esc(v.iban)}<br>BIC : {hk.esc(v.bic)}</div>
 <table class="totals">{hk.kv_rows(totals, value_css="text-align:right;padding-left:24px")}</table>
</div>
<p class="terms">{hk.esc(terms)}</p>
<div class="legal">{hk.esc(_legal(doc))}</div>
"""
    css = f"""
body{{font-family:{font};font-size:10px}} .head{{display:flex;justify-content:space-between}}
.firm{{font-size:15px;font-weight:bold;margin:4px 0}} .right{{width:48%}}
.title{{font-size:18px;font-weight:bold;text-align:right;margin-bottom:12px}}
.client{{border:1px solid #999;border-radius:4px;padding:8px 10px}} .cap{{font-size:8.5px;color:#666}}
.meta{{width:100%;margin:16px 0 10px}} .meta th,.meta td{{border:1px solid #bbb;padding:3px 5px;
text-align:left;font-size:9px}}
.meta th{{background:#f0f0f0}} .items{{width:100%}} .items th{{background:{colour};color:#fff;padding:4px;
text-align:left}}
.items td{{padding:4px;border-bottom:1px solid #ddd;vertical-align:top}} .items .num{{text-align:right;
white-space:nowrap}}
.bottom{{display:flex;justify-content:space-between;margin-top:12px}} .bank{{font-size:9px}}
.totals td{{padding:3px 4px}} .totals tr:nth-child(n+3) td{{font-weight:bold}}
.legal{{position:fixed;bottom:0;font-size:7.5px;color:#555;border-top:1px solid #ccc;padding-top:4px}}
.terms{{margin-top:16px}}
"""
    return hk.HtmlPage(hk.page(doc, css, body), margin_mm=(14, 14, 14, 14))


TEMPLATE = Template("facture_legal", Producer.CHROMIUM, ("fr",), Shape(items=(1, 7)), render)
