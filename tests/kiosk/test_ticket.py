"""The printed ticket: one layout, ESC/POS bytes and a PNG preview that agree."""

import pytest

from kiosk.devices.escpos_printer import EscposPrinter
from kiosk.ticket import PAPERS, Qr, Text, qr_native_possible, ticket_blocks, to_escpos, to_png
from tests.kiosk.helpers import NIK, decode_qr, raster_images

OFFICE = {"name": "Dinas Sosial Kota Demo", "address": "Jl. Contoh No. 1",
          "ticket_footer": "Terima kasih. Simpan tiket ini sampai selesai dilayani."}


def a_ticket(**over) -> dict:
    t = {"number": "A-012", "issued_at": "2025-03-03T09:15:00+07:00", "ahead": 3, "eta_minutes": 12,
         "nik_masked": "3277********0003", "status_url": "http://127.0.0.1:8000/t/Zm9vYmFyYmF6cXV4cXV1",
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
    assert b"A-012" in data and b"3277********0003" in data
    assert b"Layanan ini GRATIS" in data and b"Simpan tiket ini" in data
    assert b"\x1d(k" not in data                           # no native QR by default
    images = raster_images(data)
    assert len(images) == 1 and images[0].width == paper.dots
    assert decode_qr(images[0]) == ["http://127.0.0.1:8000/t/Zm9vYmFyYmF6cXV4cXV1"]


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
    assert decode_qr(png) == ["http://127.0.0.1:8000/t/Zm9vYmFyYmF6cXV4cXV1"]


def test_english_ticket_and_reprint_marker():
    blocks = ticket_blocks(a_ticket(), OFFICE, PAPERS[80], "en", reprint=True)
    texts = [b.text for b in blocks if isinstance(b, Text)]
    assert "REPRINT" in texts and "QUEUE NUMBER" in texts and "This service is FREE" in texts
    assert any("Bring: A photocopy" in x for x in texts)
    assert any(x.startswith("Monday, 3 March 2025") for x in texts)


def test_native_qr_only_where_the_profile_supports_it():
    blocks = ticket_blocks(a_ticket(), OFFICE, PAPERS[80], "id")
    assert b"\x1d(k" in to_escpos(blocks, PAPERS[80], "TM-T20II", native_qr=True)
    # POS-5890 has no QR command: the image is sent although native was asked for.
    data = to_escpos(ticket_blocks(a_ticket(), OFFICE, PAPERS[58]), PAPERS[58], "POS-5890", native_qr=True)
    assert b"\x1d(k" not in data and decode_qr(raster_images(data)[0])


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
