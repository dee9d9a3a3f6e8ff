"""The Surat Keterangan DTKS on A4: the office's letterhead, title and number, the template's body with the
holder's name, full NIK and address, the SIKS-NG result and its date, the legal basis and data source,
the signature block, and a QR code to the public verification page.

Always in Indonesian: it is an official letter. It is not signed with a certified electronic signature
(BSrE), so an approved letter says who approved it in Antre and when, and that its authenticity is
checked by scanning the QR code (or typing the address under it); the office may still sign and stamp
the paper. A draft prints with "KONSEP" across the page and no number, so it cannot pass for a letter.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Optional
from zoneinfo import ZoneInfo
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from common.vocabulary import SIKS_RESULTS
from server.documents import letterhead as lh
from server.documents.words import long_day
from server.domain.letters import fill

RED = colors.HexColor("#b3261e")
_STYLES = {
    "title": ParagraphStyle("ltitle", fontName="Helvetica-Bold", fontSize=13, leading=16, alignment=TA_CENTER),
    "number": ParagraphStyle("lnumber", fontName="Helvetica", fontSize=10.5, leading=14, alignment=TA_CENTER,
                             spaceAfter=14),
    "body": ParagraphStyle("lbody", fontName="Helvetica", fontSize=10.5, leading=15, alignment=TA_JUSTIFY,
                           spaceAfter=8),
    "field": ParagraphStyle("lfield", fontName="Helvetica", fontSize=10.5, leading=14),
    "fieldb": ParagraphStyle("lfieldb", fontName="Helvetica-Bold", fontSize=10.5, leading=14),
    "note": ParagraphStyle("lnote", fontName="Helvetica", fontSize=8.5, leading=11,
                           textColor=colors.HexColor("#333333")),
    "basis": ParagraphStyle("lbasis", fontName="Helvetica", fontSize=9, leading=12,
                            textColor=colors.HexColor("#333333"), spaceBefore=4),
}
VERIFY_LINE = "Pindai untuk memeriksa keaslian surat ini"
NOT_BSRE = ("Surat ini tidak ditandatangani dengan tanda tangan elektronik tersertifikasi (BSrE); "
            "keasliannya dapat diperiksa melalui kode QR atau alamat di atas.")


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), _STYLES[style])


def _qr(url: str, side: float) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def letter_pdf(letter: dict, template: dict, *, profile: dict, logo_png: Optional[bytes], verify_url: str,
               zone: ZoneInfo, today: Optional[date] = None) -> bytes:
    """``letter``: the row's fields (``holder_name``, ``nik`` — full, or None after the purge —, ``address``,
    ``result``, ``checked_on``, ``status``, ``number``, ``issued_on``, ``approved_at``, ``approved_by_name``);
    ``template``: the snapshot taken at approval (or the current one for a draft); ``today``: the office
    day a draft is dated (an approved letter is dated the day it was approved)."""
    nik = letter.get("nik")
    shown_nik = nik or letter.get("nik_masked", "")
    checked = long_day(date.fromisoformat(letter["checked_on"]))
    values = {"nama": letter["holder_name"], "nik": shown_nik, "alamat": letter.get("address") or "-",
              "hasil": SIKS_RESULTS[letter["result"]][0], "tanggal_cek": checked}
    draft = letter["status"] == "draft"
    number = letter.get("number") or "…… (konsep, belum bernomor)"
    story = lh.letterhead(profile, logo_png) + [
        Paragraph(f"<u>{escape(template['title'])}</u>", _STYLES["title"]),
        _p(f"Nomor: {number}", "number"),
    ]
    paragraphs = [fill(x, values) for x in template["paragraphs"]]
    story.append(_p(paragraphs[0], "body"))
    rows = [("Nama", letter["holder_name"]), ("NIK", shown_nik), ("Alamat", letter.get("address") or "-"),
            ("Hasil pengecekan", values["hasil"]), ("Tanggal pengecekan", checked)]
    table = Table([[_p(k, "field"), _p(":", "field"), _p(v, "fieldb")] for k, v in rows],
                  colWidths=[5.0 * cm, 0.5 * cm, lh.TEXT_WIDTH - 5.5 * cm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, -1), 1 * cm),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [table, Spacer(1, 8)] + [_p(x, "body") for x in paragraphs[1:]]
    if template.get("data_source"):
        story.append(_p(f"Sumber data: {template['data_source']}, diperiksa melalui aplikasi SIKS-NG.", "basis"))
    if template.get("legal_basis"):
        story.append(_p(f"Dasar hukum: {template['legal_basis']}", "basis"))
    issued = date.fromisoformat(letter["issued_on"]) if letter.get("issued_on") else None
    signer = {"city": template.get("place") or profile.get("city"), "head_title": template.get("signer_title"),
              "head_name": template.get("signer_name"), "head_nip": template.get("signer_nip")}
    story.append(lh.signature(signer, issued or today or date.today(), "id"))
    story.append(Spacer(1, 10))
    story.append(_verification_block(letter, verify_url, zone, draft))
    title = f"{template['title']} {letter.get('number') or ''}".strip()
    return _build(story, title, draft, letter["status"] == "revoked")


def _verification_block(letter: dict, verify_url: str, zone: ZoneInfo, draft: bool) -> Table:
    lines = [_p(VERIFY_LINE, "fieldb"), _p(verify_url, "note")]
    if draft:
        lines.append(_p("KONSEP: belum disetujui, belum berlaku.", "fieldb"))
    else:
        at = datetime.fromtimestamp(letter["approved_at"], zone)
        lines.append(_p(f"Disetujui secara elektronik oleh {letter.get('approved_by_name') or '-'} pada "
                        f"{long_day(at.date())} pukul {at:%H.%M}.", "note"))
    lines.append(_p(NOT_BSRE, "note"))
    block = Table([[_qr(verify_url, 2.8 * cm), lines]], colWidths=[3.2 * cm, lh.TEXT_WIDTH - 3.2 * cm])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0),
                               ("BOX", (0, 0), (-1, -1), 0.5, lh.LINE)]))
    return block


def _build(story: list, title: str, draft: bool, revoked: bool) -> bytes:
    """``letterhead.build`` adds the footer; a draft or revoked letter also gets a word across the page."""
    mark = "KONSEP" if draft else "DICABUT" if revoked else None
    if mark is None:
        return lh.build(story, title, "Antre", "id")
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=lh.MARGIN, rightMargin=lh.MARGIN, topMargin=1.5 * cm,
                            bottomMargin=1.6 * cm, title=title, author="Antre", creator="Antre")

    def on_page(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 90)
        canvas.setFillColor(RED if revoked else colors.HexColor("#9aa5ad"))
        canvas.setFillAlpha(0.18)
        canvas.translate(A4[0] / 2, A4[1] / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, 0, mark)
        canvas.restoreState()
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()
