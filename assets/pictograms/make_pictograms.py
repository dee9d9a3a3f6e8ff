"""Draws the kiosk's pictograms and the KTP picture into this folder (run it after a change).

Simple, bold shapes in white on transparent, so the kiosk tints them to the tile's
word colour (white on blue, black on yellow in the high contrast mode); the KTP is a
drawn card with its NIK line marked, for citizens who do not know where the NIK is.
Drawn at four times the size and scaled down for smooth edges. The project's own work,
CC0 (see LICENSE.txt). ``python assets/pictograms/make_pictograms.py``
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
S = 1024            # drawing size; saved at 256
W = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)
LINE = 64


def canvas():
    img = Image.new("RGBA", (S, S), CLEAR)
    return img, ImageDraw.Draw(img)


def save(img: Image.Image, name: str, size=(256, 256)) -> None:
    img.resize(size, Image.LANCZOS).save(HERE / f"{name}.png", optimize=True)


def document():
    img, d = canvas()
    d.polygon([(200, 80), (600, 80), (824, 304), (824, 944), (200, 944)], fill=W)
    d.polygon([(664, 80), (824, 240), (664, 240)], fill=W)     # the folded corner, apart from the page
    for y in (400, 530, 660):
        d.rounded_rectangle([300, y, 724, y + 56], radius=28, fill=CLEAR)
    d.rounded_rectangle([300, 790, 540, 846], radius=28, fill=CLEAR)
    save(img, "document")


def aid():
    """A parcel with a heart: social assistance."""
    img, d = canvas()
    d.rectangle([150, 400, 874, 920], fill=W)
    d.rectangle([110, 300, 914, 420], fill=W)
    d.rectangle([110, 420, 914, 450], fill=CLEAR)
    heart = [(512, 860), (300, 640), (300, 560), (360, 500), (440, 500), (512, 570),
             (584, 500), (664, 500), (724, 560), (724, 640)]
    d.polygon(heart, fill=CLEAR)
    d.ellipse([300, 500, 520, 700], fill=CLEAR)
    d.ellipse([504, 500, 724, 700], fill=CLEAR)
    d.polygon([(310, 640), (512, 860), (714, 640)], fill=CLEAR)
    # the bow on the lid
    d.ellipse([330, 150, 520, 310], outline=W, width=LINE)
    d.ellipse([504, 150, 694, 310], outline=W, width=LINE)
    save(img, "aid")


def complaint():
    """A speech bubble with an exclamation mark: complaints and reports."""
    img, d = canvas()
    d.rounded_rectangle([90, 110, 934, 720], radius=120, fill=W)
    d.polygon([(240, 680), (420, 700), (200, 930)], fill=W)
    d.rounded_rectangle([462, 210, 562, 520], radius=50, fill=CLEAR)
    d.ellipse([452, 560, 572, 680], fill=CLEAR)
    save(img, "complaint")


def info():
    img, d = canvas()
    d.ellipse([80, 80, 944, 944], fill=W)
    d.ellipse([442, 220, 582, 360], fill=CLEAR)
    d.rounded_rectangle([452, 420, 572, 800], radius=40, fill=CLEAR)
    d.rectangle([400, 420, 572, 480], fill=CLEAR)
    d.rectangle([400, 760, 624, 820], fill=CLEAR)
    save(img, "info")


def people():
    img, d = canvas()
    for cx, top, r in ((340, 170, 130), (684, 170, 130)):
        d.ellipse([cx - r, top, cx + r, top + 2 * r], fill=W)
        d.rounded_rectangle([cx - 210, top + 2 * r + 50, cx + 210, 900], radius=150, fill=W)
    d.rectangle([500, 480, 524, 900], fill=CLEAR)
    save(img, "people")


def card():
    """An identity card: population documents."""
    img, d = canvas()
    d.rounded_rectangle([60, 220, 964, 804], radius=70, fill=W)
    d.ellipse([150, 340, 360, 550], fill=CLEAR)
    d.rounded_rectangle([130, 570, 380, 720], radius=60, fill=CLEAR)
    for y, x2 in ((350, 880), (470, 880), (590, 760)):
        d.rounded_rectangle([450, y, x2, y + 60], radius=30, fill=CLEAR)
    save(img, "card")


def health():
    img, d = canvas()
    d.rounded_rectangle([100, 100, 924, 924], radius=160, fill=W)
    d.rectangle([422, 230, 602, 794], fill=CLEAR)
    d.rectangle([230, 422, 794, 602], fill=CLEAR)
    save(img, "health")


def font(size: int):
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",):
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def ktp():
    """A KTP-el, simplified: where the NIK is (the line right under the title, marked)."""
    w, h = 1712, 1080
    img = Image.new("RGBA", (w, h), CLEAR)
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([8, 8, w - 8, h - 8], radius=60, fill=(178, 214, 240, 255), outline=(40, 80, 130, 255),
                        width=8)
    d.text((w // 2, 90), "PROVINSI JAWA BARAT", font=font(64), fill=(20, 20, 20, 255), anchor="mm")
    d.text((w // 2, 170), "KOTA CIMAHI", font=font(64), fill=(20, 20, 20, 255), anchor="mm")
    # the NIK line, marked in yellow with a thick red frame
    d.rounded_rectangle([50, 235, 1280, 375], radius=24, fill=(255, 230, 0, 255), outline=(200, 20, 20, 255),
                        width=16)
    d.text((90, 305), "NIK : 3277 0141 1290 0003", font=font(76), fill=(0, 0, 0, 255), anchor="lm")
    grey = (70, 90, 110, 255)
    for i, y in enumerate(range(450, 960, 85)):
        d.rounded_rectangle([90, y, 400 if i % 2 else 340, y + 34], radius=17, fill=grey)
        d.rounded_rectangle([460, y, 1150 - (i * 60) % 300, y + 34], radius=17, fill=grey)
    # the photo
    d.rounded_rectangle([1330, 420, 1640, 840], radius=20, fill=(230, 60, 60, 255))
    d.ellipse([1410, 470, 1560, 620], fill=(250, 220, 190, 255))
    d.rounded_rectangle([1370, 640, 1600, 840], radius=80, fill=(40, 40, 60, 255))
    img.resize((w // 2, h // 2), Image.LANCZOS).save(HERE / "ktp_nik.png", optimize=True)


if __name__ == "__main__":
    for draw in (document, aid, complaint, info, people, card, health, ktp):
        draw()
