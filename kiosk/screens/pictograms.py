"""Which pictogram a service tile shows: many citizens read little, so each tile has a picture.

No Kivy here. A service may name its pictogram (``icon``, from the office's setup); otherwise
words in its name choose one, and a service nothing matches gets the generic "people".
The pictures are in ``assets/pictograms`` (CC0, drawn by the script beside them).
"""

from __future__ import annotations

from pathlib import Path

from common.vocabulary import PICTOGRAMS as _CHOICES

FOLDER = Path(__file__).resolve().parents[2] / "assets" / "pictograms"

PICTOGRAMS = tuple(_CHOICES)   # the office may choose one per service (admin, "Gambar di kiosk")

# Checked in this order: "Bansos (PKH, ..., KIS)" is assistance, not health.
_WORDS = (
    ("complaint", ("pengaduan", "aduan", "keluhan", "complaint", "lapor")),
    ("aid", ("bansos", "bantuan", "pkh", "sembako", "bpnt", "assistance")),
    ("health", ("kesehatan", "bpjs", "kis", "pbi", "health")),
    ("card", ("ktp", "kartu", "kependudukan", "adminduk", "kk ")),
    ("document", ("surat", "dtks", "rekomendasi", "keterangan", "sktm", "letter")),
    ("info", ("informasi", "info")),
)


def pictogram_name(service: dict) -> str:
    icon = service.get("icon")
    if icon in PICTOGRAMS:
        return icon
    words = f" {service.get('name') or ''} {service.get('name_en') or ''} ".lower()
    for name, keys in _WORDS:
        if any(k in words for k in keys):
            return name
    return "people"


def pictogram_path(service: dict) -> str:
    return str(FOLDER / f"{pictogram_name(service)}.png")


def tile_grid(count: int, landscape: bool) -> tuple[int, int]:
    """(columns, rows) for ``count`` tiles: one column when tall (a wide tile reads best, and a
    portrait screen has the height for eight); when wide, two columns up to six tiles, then three."""
    count = max(count, 1)
    cols = (1 if count == 1 else 2 if count <= 6 else 3) if landscape else 1
    return cols, -(-count // cols)
