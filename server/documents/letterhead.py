"""What every Antre document shares: the A4 page, its styles, the office's letterhead (logo,
name, address, a double rule as on Indonesian official paper), page numbers, and the head of
office's signature block.

The office's words come from its profile (``office_settings``: ``name``, ``address``, and for the
signature ``head_name``, ``head_title``, ``head_nip``, ``city``); a key the office has not filled
in prints as a dotted line to sign or write on, never as an invented name."""

from __future__ import annotations

import io
from datetime import date
from typing import Optional

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable
from xml.sax.saxutils import escape

from server.documents.words import long_day, t

MARGIN = 1.8 * cm
TEXT_WIDTH = A4[0] - 2 * MARGIN
DOTS = "." * 40
GREEN = colors.HexColor("#0b5d3b")
HEADER_BG = colors.HexColor("#e4efe9")
LINE = colors.HexColor("#9fb0bd")

STYLES = {
    "office": ParagraphStyle("office", fontName="Helvetica-Bold", fontSize=15, leading=18, alignment=TA_CENTER),
    "address": ParagraphStyle("address", fontName="Helvetica", fontSize=9.5, leading=12, alignment=TA_CENTER),
    "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=14, leading=18, alignment=TA_CENTER,
                            spaceBefore=10, spaceAfter=2),
    "subtitle": ParagraphStyle("subtitle", fontName="Helvetica", fontSize=11, leading=14, alignment=TA_CENTER,
                               spaceAfter=10),
    "h2": ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=12, leading=15, spaceBefore=12, spaceAfter=6,
                         textColor=GREEN),
    "body": ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12.5),
    "small": ParagraphStyle("small", fontName="Helvetica", fontSize=8, leading=10, textColor=colors.HexColor("#444444")),
    "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=8.5, leading=10.5),
    "cellb": ParagraphStyle("cellb", fontName="Helvetica-Bold", fontSize=8.5, leading=10.5),
    "sign": ParagraphStyle("sign", fontName="Helvetica", fontSize=10, leading=13, alignment=TA_CENTER),
}


def para(text: str, style: str = "body") -> Paragraph:
    """Text the office or a citizen wrote goes through here: escaped, never read as markup."""
    return Paragraph(escape(text), STYLES[style])


def letterhead(profile: dict, logo_png: Optional[bytes]) -> list:
    """Logo at the left, office name and address centred, a thick and a thin rule below."""
    name = [para(profile.get("name") or "Antre", "office")]
    if profile.get("address"):
        name.append(para(profile["address"], "address"))
    logo = _logo(logo_png, 2.2 * cm)
    row = Table([[logo or "", name, ""]], colWidths=[2.6 * cm, TEXT_WIDTH - 5.2 * cm, 2.6 * cm])
    row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [row, Spacer(1, 4), HRFlowable(width="100%", thickness=2.2, color=colors.black, spaceAfter=1.5),
            HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceAfter=6)]


def _logo(png: Optional[bytes], side: float) -> Optional[Image]:
    if not png:
        return None
    try:
        image = Image(io.BytesIO(png))
    except Exception:  # a logo the image reader cannot open must not cost the office its report
        return None
    scale = side / max(image.imageWidth, image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return image


def grid(rows: list[list], widths: list[float], *, header_rows: int = 1, total_row: bool = False,
         align_right_from: int = 1, extra: Optional[list] = None) -> Table:
    """A table in the documents' one look: green header, light rules, numbers right-aligned."""
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
        ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (align_right_from, header_rows), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        style += [("FONT", (0, 0), (-1, header_rows - 1), "Helvetica-Bold", 8.5),
                  ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_BG)]
    if total_row:
        style += [("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 8.5), ("LINEABOVE", (0, -1), (-1, -1), 1, colors.black)]
    table.setStyle(TableStyle(style + (extra or [])))
    return table


def fitted_widths(header: list[str], body: list[list[str]], flexible: int = 0) -> list[float]:
    """Column widths that keep every header word and every figure on one line; the ``flexible``
    column (a service's name, which may wrap) takes what is left of the text width."""
    widths = []
    for i, title in enumerate(header):
        words = [stringWidth(w, "Helvetica-Bold", 8.5) for w in title.split()]
        cells = [stringWidth(str(row[i]), "Helvetica-Bold", 8.5) for row in body if isinstance(row[i], str)]
        widths.append(max(words + cells + [10]) + 13)
    widths[flexible] = 0
    widths[flexible] = max(TEXT_WIDTH - sum(widths), 3 * cm)
    return widths


def signature(profile: dict, today: date, lang: str) -> KeepTogether:
    """Place and date, the head's title, room to sign, name and NIP, at the right of the page."""
    place = profile.get("city") or DOTS[:20]
    title = profile.get("head_title") or t("head_title", lang)
    lines = [
        para(t("signature_place_date", lang, place=place, date=long_day(today, lang)), "sign"),
        para(title, "sign"),
        Spacer(1, 2.0 * cm),
        Paragraph(f"<u><b>{escape(profile['head_name'])}</b></u>", STYLES["sign"]) if profile.get("head_name")
        else para(DOTS, "sign"),
        para(f"{t('nip', lang)} {profile.get('head_nip') or DOTS[:30]}", "sign"),
    ]
    block = Table([["", lines]], colWidths=[TEXT_WIDTH - 8 * cm, 8 * cm])
    block.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 0.8 * cm), block])


def build(story: list, title: str, footer: str, lang: str) -> bytes:
    """The story on A4 portrait, with the footer text and the page number on every page."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=1.5 * cm,
                            bottomMargin=1.6 * cm, title=title, author="Antre", creator="Antre")

    def on_page(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#5f6f7b"))
        canvas.drawString(MARGIN, 0.9 * cm, footer)
        canvas.drawRightString(A4[0] - MARGIN, 0.9 * cm, t("page", lang, n=document.page))
        canvas.restoreState()
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()

