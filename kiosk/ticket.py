"""The printed ticket: a pure layout, then two renderings that look the same.

``ticket_blocks`` turns ticket data into a list of blocks (lines of text, rules,
images). ``to_escpos`` turns blocks into the exact ESC/POS bytes for a printer
profile; ``to_png`` draws the same blocks the way a thermal printer's font A does
(12x24 dot cells), so the preview shows what the paper will show, wrapped at the
same column. Neither does any I/O.

Large words (the number, PRIORITAS, GRATIS) are ``Banner`` blocks: drawn from an
outline font at the printer's own resolution (8 dots/mm) and sent as a raster
image. A printer's magnified font A is its 12x24 bitmap blown up dot by dot
(blocky at 7x, and stretched when only the height is doubled), which is what
citizens saw before.

The QR code is a raster image by default: thermal printers that print garbage
for the native QR command are common (PRODUCT.md section 9). The native command
is used only when asked *and* the escpos profile says the model supports it.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

import qrcode
from PIL import Image, ImageDraw, ImageFont

from common.nik import mask
from common.vocabulary import PRIORITY_CATEGORIES, long_date

from .texts import requirements, service_name, t

CELL_W, CELL_H = 12, 24  # font A at 203 dpi
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class Paper:
    mm: int
    dots: int
    profile: str       # python-escpos profile used when none is configured
    number_size: int   # height of the big number, in font A lines (24 dots each)

    @property
    def columns(self) -> int:
        return self.dots // CELL_W


PAPERS = {58: Paper(58, 384, "POS-5890", 5), 80: Paper(80, 576, "TM-T20II", 7)}


@dataclass(frozen=True)
class Text:
    text: str
    width: int = 1      # magnification, 1..8 (ESC/POS GS !)
    height: int = 1
    bold: bool = False
    align: str = "center"


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class Picture:
    """A 1-bit image exactly the paper's width (content centred), printed as raster."""

    image: Image.Image


@dataclass(frozen=True)
class Qr:
    data: str
    image: Image.Image  # the raster rendering (paper width), also used for the preview


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Banner:
    """Large words drawn sharp at the printer's resolution (see the module docstring).

    ``text`` is kept so that tests and readers of a layout see the words, not only dots."""

    text: str
    image: Image.Image  # 1-bit, exactly the paper's width


Block = Union[Text, Rule, Picture, Qr, Feed, Banner]


def wrap(text: str, columns: int) -> list[str]:
    lines: list[str] = []
    for para in str(text).splitlines() or [""]:
        lines.extend(textwrap.wrap(para, columns, break_long_words=True) or [""])
    return lines


def paper_width_image(img: Image.Image, paper: Paper, max_fraction: float = 1.0) -> Image.Image:
    """Scale ``img`` down to fit, make it 1-bit, and centre it on a white strip the paper's width.

    Centring in the bitmap itself means no printer-side centring command is needed
    (some profiles do not know their paper width)."""
    img = img.convert("L")
    limit = int(paper.dots * max_fraction)
    if img.width > limit:
        img = img.resize((limit, max(1, round(img.height * limit / img.width))), Image.LANCZOS)
    strip = Image.new("1", (paper.dots, img.height), 1)
    strip.paste(img.point(lambda v: 255 if v >= 128 else 0).convert("1"), ((paper.dots - img.width) // 2, 0))
    return strip


@lru_cache(maxsize=16)
def _outline_font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), px)


def banner(text: str, paper: Paper, height: int, *, inverse: bool = False, max_fraction: float = 0.94) -> Banner:
    """``text`` on one line, its capitals about ``height`` dots tall (smaller if the line would not
    fit ``max_fraction`` of the paper), drawn without anti-aliasing: a thermal head prints a dot
    or not, so every edge is a whole dot, as sharp as the printer can make it.
    ``inverse``: white letters on a black band, a mark nobody overlooks."""
    px = max(8, round(height / 0.73))                     # DejaVu Sans capitals are 0.73 em tall
    limit = int(paper.dots * max_fraction) - (2 * CELL_W if inverse else 0)
    while px > 8:
        left, top, right, bottom = _outline_font(px).getbbox(text)
        if right - left <= limit:
            break
        px -= 1
    font = _outline_font(px)
    left, top, right, bottom = font.getbbox(text)
    pad = CELL_H // 3 if inverse else CELL_H // 6
    img = Image.new("1", (paper.dots, bottom - top + 2 * pad), 0 if inverse else 1)
    draw = ImageDraw.Draw(img)
    draw.fontmode = "1"                                   # no grey edges to threshold into jaggies
    x = (paper.dots - (right - left)) // 2 - left
    draw.text((x, pad - top), text, font=font, fill=1 if inverse else 0)
    if inverse:  # the band spans the text plus a margin, not the whole paper: it reads as a label
        band = Image.new("1", img.size, 1)
        margin = (paper.dots - (right - left)) // 2 - CELL_W
        band.paste(img.crop((margin, 0, paper.dots - margin, img.height)), (margin, 0))
        img = band
    return Banner(text, img)


def number_banner(number: str, paper: Paper) -> Banner:
    """The queue number, the largest thing on the ticket (about 13 mm tall on 58 mm paper, 16 on 80)."""
    return banner(number, paper, paper.number_size * CELL_H * 3 // 4)


def qr_block(data: str, paper: Paper) -> Qr:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    modules = code.modules_count + 2 * code.border
    # Whole dots per module, about 60% of the paper width: big enough for old phone cameras.
    code.box_size = max(3, int(paper.dots * 0.6) // modules)
    img = code.make_image(fill_color="black", back_color="white").get_image()
    return Qr(data, paper_width_image(img, paper))


def _said(text: str) -> str:
    """A line as a reader hears it: case, spacing and punctuation do not make it a new line."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text.casefold()).split())


def ticket_blocks(ticket: dict, office: dict, paper: Paper, lang: str = "id", *,
                  logo: Optional[Image.Image] = None, reprint: bool = False,
                  priority: Optional[str] = None) -> list[Block]:
    """The ticket as blocks. ``ticket`` is the server's answer to POST /api/tickets.

    ``priority`` is the category the citizen chose (a name of PRIORITY_CATEGORIES): the public
    answer only says *whether* the ticket is a priority one, so the category comes from the kiosk.
    Only the masked NIK is used; a full NIK in ``ticket`` would still print masked. A line the
    office wrote twice (say "Layanan ini GRATIS" in the footer under our own GRATIS) prints once.
    """
    cols = paper.columns
    svc = ticket.get("origin_service") or ticket.get("service") or {}
    issued = dt.datetime.fromisoformat(ticket["issued_at"]) if ticket.get("issued_at") else None
    free = t("free", lang)
    said = {_said(free)}

    def office_lines(text: str, **style) -> list[Text]:
        out = []
        for line in wrap(text, cols) if text else []:
            if _said(line) and _said(line) not in said:
                said.add(_said(line))
                out.append(Text(line, **style))
        return out

    blocks: list[Block] = []
    if logo is not None:
        blocks += [Picture(paper_width_image(logo, paper, 0.5)), Feed()]
    blocks += office_lines(office.get("name", ""), bold=True)
    blocks += office_lines(office.get("address", ""))
    blocks.append(Rule())
    if reprint:
        blocks.append(Text(f"*** {t('t_reprint', lang)} ***", bold=True))
    if priority or ticket.get("priority"):
        blocks += [Feed(), banner(t("priority", lang).upper(), paper, CELL_H + CELL_H // 3, inverse=True)]
        if priority in PRIORITY_CATEGORIES:
            blocks += [Text(line, bold=True) for line in wrap(PRIORITY_CATEGORIES[priority]["long"][lang == "en"], cols)]
        blocks.append(Feed())
    blocks += [Text(line, bold=True) for line in wrap(service_name(ticket.get("service") or svc, lang), cols)]
    blocks += [Feed(), Text(t("t_number", lang))]
    blocks.append(number_banner(ticket["number"], paper))
    blocks.append(Feed())
    if issued is not None:
        blocks += [Text(line) for line in wrap(f"{long_date(issued.date(), lang)}  {issued:%H.%M}", cols)]
    if ticket.get("checked_in"):
        from .check_in import check_in_line   # a booking's slot, or a number taken from home
        blocks += [Text(line, bold=True) for line in wrap(check_in_line(ticket, lang), cols)]
    if ticket.get("offline"):   # the kiosk could not reach the server: how many are ahead is unknown
        blocks.append(Text(f"*** {t('t_offline', lang)} ***", bold=True))
        blocks += [Text(line) for line in wrap(t("t_offline_note", lang), cols)]
    else:
        blocks.append(Text(t("t_ahead", lang, n=ticket.get("ahead", 0)), bold=True))
    if ticket.get("ahead") and not ticket.get("offline"):
        blocks.append(Text(t("t_eta", lang, m=ticket.get("eta_minutes", 0))))
    if ticket.get("nik_masked") or ticket.get("nik"):
        blocks.append(Text(t("t_nik", lang, nik=ticket.get("nik_masked") or mask(ticket["nik"]))))
    if ticket.get("status_url"):
        blocks += [Feed(), qr_block(ticket["status_url"], paper)]
        blocks += [Text(line) for line in wrap(t("t_scan", lang), cols)]
    blocks.append(Rule())
    if requirements(svc, lang):
        blocks += [Text(line, align="left") for line in wrap(t("t_bring", lang, req=requirements(svc, lang)), cols)]
    blocks += [Feed(), banner(free, paper, CELL_H)]
    blocks += office_lines(office.get("ticket_footer", ""))
    blocks.append(Feed(2))
    return blocks


# ---------------------------------------------------------------- ESC/POS bytes

def qr_native_possible(profile) -> bool:
    """python-escpos sends the native QR command even where the profile says the model cannot."""
    return bool(profile.supports("qrCode"))


def to_escpos(blocks: list[Block], paper: Paper, profile_name: str = "", *, native_qr: bool = False) -> bytes:
    """The ESC/POS bytes for ``blocks`` (init, text, raster images, cut). Pure: no device is opened."""
    from escpos.printer import Dummy  # imported late: escpos configures logging on import

    p = Dummy(profile=profile_name or paper.profile)
    native = native_qr and qr_native_possible(p.profile)
    p.hw("INIT")
    for b in blocks:
        if isinstance(b, Text):
            big = b.width > 1 or b.height > 1
            p.set(align=b.align, bold=b.bold, custom_size=big, width=b.width, height=b.height,
                  normal_textsize=not big)
            p.text(b.text + "\n")
        elif isinstance(b, Rule):
            p.set(align="left", bold=False, normal_textsize=True)
            p.text(b.char * paper.columns + "\n")
        elif isinstance(b, Feed):
            p.text("\n" * b.lines)
        elif isinstance(b, Qr) and native:
            p.set(align="center")
            p.qr(b.data, size=6 if paper.mm == 80 else 4, native=True)
        elif isinstance(b, (Qr, Picture, Banner)):
            p.image(b.image, impl="bitImageRaster")
    p.set(align="left", bold=False, normal_textsize=True)
    if p.profile.supports("paperFullCut") or p.profile.supports("paperPartCut"):
        p.cut()
    else:
        p.text("\n" * 4)  # no cutter: feed the ticket past the tear bar
    return p.output


def warm_up(paper: Paper, profile_name: str = "", native_qr: bool = False) -> int:
    """Lay out and encode a sample ticket, and throw it away: python-escpos's import and profiles,
    the fonts and the QR encoder take about a second the first time, which the first citizen of
    the day would otherwise wait for. Returns the sample's size in bytes."""
    sample = {"number": "A-000", "issued_at": "2025-01-01T08:00:00+07:00", "ahead": 0,
              "status_url": "http://antre.invalid/t/sample"}
    return len(to_escpos(ticket_blocks(sample, {"name": "Antre"}, paper), paper, profile_name, native_qr=native_qr))


# ---------------------------------------------------------------- PNG preview

@lru_cache(maxsize=4)
def _font(bold: bool) -> ImageFont.ImageFont:
    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), 20)  # 20 px DejaVu Mono advances 12 px
    except OSError:
        return ImageFont.load_default(20)


def _text_image(text: str, bold: bool) -> Image.Image:
    img = Image.new("L", (max(1, len(text)) * CELL_W, CELL_H), 255)
    ImageDraw.Draw(img).text((0, 1), text, font=_font(bold), fill=0)
    return img


def to_png(blocks: list[Block], paper: Paper, margin: int = 16) -> Image.Image:
    """Draw ``blocks`` like the printer would: same columns, same magnification, same images."""
    pieces: list[tuple[Image.Image, str]] = []
    for b in blocks:
        if isinstance(b, Text):
            img = _text_image(b.text, b.bold)
            if b.width > 1 or b.height > 1:
                img = img.resize((img.width * b.width, img.height * b.height), Image.NEAREST)
            pieces.append((img, b.align))
        elif isinstance(b, Rule):
            pieces.append((_text_image(b.char * paper.columns, False), "left"))
        elif isinstance(b, Feed):
            pieces.append((Image.new("L", (1, CELL_H * b.lines), 255), "left"))
        else:
            pieces.append((b.image.convert("L"), "left"))
    height = sum(p.height for p, _ in pieces) + 2 * margin
    page = Image.new("L", (paper.dots + 2 * margin, height), 255)
    y = margin
    for img, align in pieces:
        x = {"left": 0, "center": (paper.dots - img.width) // 2, "right": paper.dots - img.width}[align]
        page.paste(img, (margin + max(0, x), y))
        y += img.height
    return page
