"""The printed ticket: one layout, ESC/POS bytes and a PNG preview that agree.

The complete ESC/POS bytes of one fixed ticket (``a_ticket()``, ``OFFICE``) are kept in
``tests/kiosk/golden/`` for each paper and QR mode (``GOLDEN``) and compared byte for byte. After a
deliberate change of the ticket layout, the texts or the escpos/qrcode/Pillow versions, write them again with

    ANTRE_REGOLD=1 .venv/bin/python -m pytest tests/kiosk/test_ticket.py -q

then look at ``git diff --stat tests/kiosk/golden`` and commit them. The golden files are checked
too (they must read as known commands, print the number and a QR code of the status URL), so a
rewritten file that makes no sense still fails.
"""

import os
from pathlib import Path

import pytest
from PIL import ImageChops

from kiosk.devices.escpos_printer import EscposPrinter
from kiosk.ticket import (PAPERS, Banner, Qr, Text, qr_native_possible, ticket_blocks, to_escpos,
                          to_png)
from tests.kiosk.escpos_reader import commands, difference, native_qr_data, printed_lines, size_of
from tests.kiosk.helpers import NIK, decode_qr, prints_number, qr_codes, raster_images

OFFICE = {"name": "Dinas Sosial Kota Demo", "address": "Jl. Contoh No. 1",
          "ticket_footer": "Terima kasih. Simpan tiket ini sampai selesai dilayani."}
STATUS_URL = "http://127.0.0.1:8000/t/Zm9vYmFyYmF6cXV4cXV1"
GOLDEN_DIR = Path(__file__).parent / "golden"
# file stem -> (paper, escpos profile, native QR asked for)
GOLDEN = {"ticket-58mm-raster-POS-5890": (58, "POS-5890", False),      # no QR command, no cutter
          "ticket-58mm-native-RP-F10-58mm": (58, "RP-F10-58mm", True),
          "ticket-80mm-raster-TM-T20II": (80, "TM-T20II", False),      # the kiosk's default
          "ticket-80mm-native-TM-T20II": (80, "TM-T20II", True)}


def words(blocks) -> list[str]:
    """Every line of words on the ticket, printed as text or drawn as a banner."""
    return [b.text for b in blocks if isinstance(b, (Text, Banner))]


def magnified_lines(data: bytes) -> list[str]:
    """Lines the printer would print with its font A blown up (GS ! with a size above 1x1)."""
    return [line for line in printed_lines(data) if line.strip() and size_of(data, line) != (1, 1)]


def a_ticket(**over) -> dict:
    t = {"number": "A-012", "issued_at": "2025-03-03T09:15:00+07:00", "ahead": 3, "eta_minutes": 12,
         "nik_masked": "3277********0003", "status_url": STATUS_URL,
         "service": {"code": "A", "name": "Surat Keterangan DTKS", "name_en": "DTKS registration letter"},
         "origin_service": {"code": "A", "name": "Surat Keterangan DTKS",
                            "requirements": "Fotokopi KTP dan fotokopi Kartu Keluarga (KK).",
                            "requirements_en": "A photocopy of your KTP and of your family card."}}
    t.update(over)
    return t


@pytest.mark.parametrize("mm", [58, 80])
def test_ticket_bytes_carry_number_masked_nik_and_a_scannable_qr(mm):
    paper = PAPERS[mm]
    data = to_escpos(ticket_blocks(a_ticket(), OFFICE, paper), paper)
    assert data.startswith(b"\x1b@")                       # printer initialised
    assert prints_number(data, "A-012") and not prints_number(data, "A-013")
    assert b"3277********0003" in data and b"Simpan tiket ini" in data
    assert b"\x1d(k" not in data                           # no native QR by default
    assert all(img.width == paper.dots for img in raster_images(data))
    assert qr_codes(data) == [STATUS_URL]


@pytest.mark.parametrize("mm", [58, 80])
def test_the_number_and_the_big_words_are_drawn_at_the_printers_resolution_not_blown_up(mm):
    """Before, the number was font A magnified 5x/7x (a blocky upscaled bitmap) and GRATIS was
    font A at double height only (stretched)."""
    paper = PAPERS[mm]
    blocks = ticket_blocks(a_ticket(), OFFICE, paper)
    data = to_escpos(blocks, paper)
    assert magnified_lines(data) == []
    banners = {b.text: b.image for b in blocks if isinstance(b, Banner)}
    assert set(banners) == {"A-012", "Layanan ini GRATIS"}
    printed = [img.tobytes() for img in raster_images(data)]
    for text, img in banners.items():
        assert img.mode == "1" and img.width == paper.dots
        assert img.tobytes() in printed, f"{text} is not printed as drawn"
    left, top, right, bottom = ImageChops.invert(banners["A-012"].convert("L")).getbbox()   # its black dots
    assert bottom - top >= paper.number_size * 24 * 0.6, "the number is about as tall as before"
    assert left > 0 and right < paper.dots, "and stays off the paper's edges"


@pytest.mark.parametrize("mm", [58, 80])
def test_given_pak_harjo_chose_lanjut_usia_then_his_ticket_is_marked_prioritas_with_the_category(mm, artifacts):
    paper = PAPERS[mm]
    blocks = ticket_blocks(a_ticket(priority=True), OFFICE, paper, priority="lansia")
    lines = words(blocks)
    assert "PRIORITAS" in lines and "Lanjut usia (60 tahun ke atas)" in lines
    assert lines.index("PRIORITAS") < lines.index("A-012"), "seen before the number"
    mark = next(b.image for b in blocks if isinstance(b, Banner) and b.text == "PRIORITAS")
    black = mark.histogram()[0] / (mark.width * mark.height)
    assert black > 0.3, "white letters on a black band"
    data = to_escpos(blocks, paper)
    assert mark.tobytes() in [img.tobytes() for img in raster_images(data)]
    assert b"Lanjut usia (60 tahun ke atas)" in data and NIK.encode() not in data
    assert qr_codes(data) == [STATUS_URL]
    to_png(blocks, paper).save(artifacts / f"kiosk-ticket-{mm}mm-prioritas.png")
    english = words(ticket_blocks(a_ticket(priority=True), OFFICE, paper, "en", priority="lansia"))
    assert "PRIORITY" in english and "Elderly (60 years or older)" in english


def test_a_priority_ticket_reprinted_without_the_category_still_says_prioritas():
    lines = words(ticket_blocks(a_ticket(priority=True), OFFICE, PAPERS[80], reprint=True))
    assert "PRIORITAS" in lines and "*** CETAK ULANG ***" in lines
    assert "PRIORITAS" not in words(ticket_blocks(a_ticket(priority=False), OFFICE, PAPERS[80]))


def test_a_line_the_office_wrote_twice_is_printed_once():
    """The demo office had "Layanan ini GRATIS" in its address, under the ticket's own GRATIS."""
    office = {"name": "Dinas Sosial Kota Demo", "address": "Jl. Contoh No. 1\nLAYANAN INI GRATIS.",
              "ticket_footer": "Layanan ini gratis\nJl. Contoh No. 1\nTerima kasih."}
    lines = [" ".join(x.casefold().replace(".", "").split()) for x in words(ticket_blocks(a_ticket(), office, PAPERS[80]))]
    assert lines.count("layanan ini gratis") == 1
    assert lines.count("jl contoh no 1") == 1 and "terima kasih" in lines


def test_the_demo_office_says_gratis_once_on_its_ticket():
    from server.demo import OFFICE as DEMO_OFFICE
    office = {k: DEMO_OFFICE[k] for k in ("name", "address", "ticket_footer")}
    assert "gratis" not in office["address"].casefold(), "an address is where the office is"
    assert sum("gratis" in x.casefold() for x in words(ticket_blocks(a_ticket(), office, PAPERS[58]))) == 1


def test_a_full_nik_given_by_mistake_is_printed_masked():
    t = a_ticket(nik_masked=None, nik=NIK)
    data = to_escpos(ticket_blocks(t, OFFICE, PAPERS[80]), PAPERS[80])
    assert NIK.encode() not in data and b"3277********0003" in data


@pytest.mark.parametrize("mm", [58, 80])
def test_png_preview_has_the_same_lines_within_the_paper_and_the_qr_decodes(mm, artifacts):
    paper = PAPERS[mm]
    blocks = ticket_blocks(a_ticket(), OFFICE, paper)
    for b in blocks:
        if isinstance(b, Text):
            assert len(b.text) * b.width <= paper.columns, b.text   # nothing runs off the paper
    png = to_png(blocks, paper)
    png.save(artifacts / f"kiosk-ticket-{mm}mm.png")
    assert png.width == paper.dots + 32
    assert decode_qr(png) == [STATUS_URL]


def test_english_ticket_and_reprint_marker():
    blocks = ticket_blocks(a_ticket(), OFFICE, PAPERS[80], "en", reprint=True)
    texts = [b.text for b in blocks if isinstance(b, Text)]
    assert "*** REPRINT ***" in texts and "QUEUE NUMBER" in texts and "This service is FREE" in words(blocks)
    assert any("Bring: A photocopy" in x for x in texts)
    assert any(x.startswith("Monday, 3 March 2025") for x in texts)


def test_native_qr_only_where_the_profile_supports_it():
    blocks = ticket_blocks(a_ticket(), OFFICE, PAPERS[80], "id")
    assert b"\x1d(k" in to_escpos(blocks, PAPERS[80], "TM-T20II", native_qr=True)
    # POS-5890 has no QR command: the image is sent although native was asked for.
    data = to_escpos(ticket_blocks(a_ticket(), OFFICE, PAPERS[58]), PAPERS[58], "POS-5890", native_qr=True)
    assert b"\x1d(k" not in data and qr_codes(data) == [STATUS_URL]


def test_printer_without_cutter_feeds_instead_of_cutting():
    from escpos.capabilities import get_profile

    assert not qr_native_possible(get_profile("POS-5890"))
    data58 = to_escpos(ticket_blocks(a_ticket(), OFFICE, PAPERS[58]), PAPERS[58], "POS-5890")
    data80 = to_escpos(ticket_blocks(a_ticket(), OFFICE, PAPERS[80]), PAPERS[80], "TM-T20II")
    assert data80.rstrip(b"\n").endswith(b"\x1dV\x00") or b"\x1dV" in data80[-12:]
    assert b"\x1dV" not in data58[-12:] and data58.endswith(b"\n\n\n\n")


def test_escpos_printer_renders_exactly_the_layout_bytes():
    blocks = ticket_blocks(a_ticket(), OFFICE, PAPERS[80])
    printer = EscposPrinter(lambda: None, PAPERS[80], profile="TM-T20II")
    from kiosk.devices import PrintJob
    assert printer.render(PrintJob("A-012", blocks)) == to_escpos(blocks, PAPERS[80], "TM-T20II")
    assert sum(isinstance(b, Qr) for b in blocks) == 1


# ---------------------------------------------------------------- the exact bytes
def golden_bytes(stem: str, actual: bytes | None = None) -> bytes:
    """The golden file ``stem``; with ANTRE_REGOLD=1 it is first rewritten with ``actual``."""
    path = GOLDEN_DIR / f"{stem}.bin"
    if actual is not None and os.environ.get("ANTRE_REGOLD") == "1":
        GOLDEN_DIR.mkdir(exist_ok=True)
        path.write_bytes(actual)
    if not path.exists():
        pytest.fail(f"{path} is missing: write it with ANTRE_REGOLD=1 (see this module's docstring)", pytrace=False)
    return path.read_bytes()


@pytest.mark.parametrize("stem", list(GOLDEN))
def test_given_the_fixed_ticket_then_the_escpos_bytes_are_exactly_the_golden_file(stem):
    mm, profile, native = GOLDEN[stem]
    actual = to_escpos(ticket_blocks(a_ticket(), OFFICE, PAPERS[mm]), PAPERS[mm], profile, native_qr=native)
    golden = golden_bytes(stem, actual)
    if actual != golden:
        pytest.fail(difference(golden, actual), pytrace=False)


@pytest.mark.parametrize("stem", list(GOLDEN))
def test_each_golden_file_reads_as_the_ticket_it_claims_to_be(stem):
    mm, profile, native = GOLDEN[stem]
    data = golden_bytes(stem)
    names = [c.name for c in commands(data)]                # every byte is a known command or text
    lines = printed_lines(data)
    assert names[0] == "ESC @ init"
    for line in ("Dinas Sosial Kota Demo", "NOMOR ANTREAN", "Senin, 3 Maret 2025  09.15",
                 "NIK: 3277********0003"):
        assert line in lines, line
    assert NIK.encode() not in data
    assert magnified_lines(data) == []
    assert all(len(line) <= PAPERS[mm].columns for line in lines), "runs off the paper"
    images = raster_images(data)
    drawn = {b.text: b.image.tobytes() for b in ticket_blocks(a_ticket(), OFFICE, PAPERS[mm]) if isinstance(b, Banner)}
    for text in ("A-012", "Layanan ini GRATIS"):        # the big words, drawn at the printer's resolution
        assert drawn[text] in [img.tobytes() for img in images], text
    assert all(img.width == PAPERS[mm].dots for img in images)
    if native:
        assert native_qr_data(data) == [STATUS_URL] and qr_codes(data) == []
    else:
        assert native_qr_data(data) == [] and qr_codes(data) == [STATUS_URL]
    cuts = names.count("GS V cut")
    assert (cuts, data.endswith(b"\n" * 4)) == ((0, True) if profile == "POS-5890" else (1, False))


def test_a_changed_byte_is_reported_with_its_offset_and_a_hex_window():
    golden = to_escpos(ticket_blocks(a_ticket(), OFFICE, PAPERS[80]), PAPERS[80])
    at = golden.index(b"3277********0003") + 15
    changed = golden[:at] + b"4" + golden[at + 1:]
    message = difference(golden, changed)
    assert f"first difference at offset {at} " in message
    assert "text at offset" in message and "0003" in message and "0004" in message
    assert golden[at - 4:at + 4].hex(" ") in message and changed[at - 4:at + 4].hex(" ") in message


@pytest.mark.parametrize("stem", list(GOLDEN))
@pytest.mark.parametrize("priority", [None, "ibu_hamil"])
def test_every_variant_renders_to_a_png_whose_qr_zbarimg_reads(stem, priority, artifacts):
    """Each paper and QR mode (the preview draws the native QR as the image the printer would),
    regular and priority, saved to look at; zbarimg (another decoder than the tests' own) reads it."""
    import subprocess

    mm, profile, native = GOLDEN[stem]
    blocks = ticket_blocks(a_ticket(priority=priority is not None), OFFICE, PAPERS[mm], priority=priority)
    path = artifacts / f"kiosk-{stem}{'-prioritas' if priority else ''}.png"
    to_png(blocks, PAPERS[mm]).save(path)
    out = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True, timeout=30)
    assert out.stdout.split() == [STATUS_URL]
    assert NIK not in out.stdout and b"3277********0003" in to_escpos(blocks, PAPERS[mm], profile, native_qr=native)


@pytest.mark.parametrize("mm", [58, 80])
def test_the_warm_up_ticket_encodes_like_a_real_one(mm):
    """The app encodes one on its print thread after start, so the first citizen's ticket does not
    pay for loading python-escpos and the fonts."""
    from kiosk.ticket import warm_up

    assert warm_up(PAPERS[mm]) > 1000 and warm_up(PAPERS[mm], "TM-T20II", native_qr=True) > 100
