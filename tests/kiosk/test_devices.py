"""Printers: real ESC/POS bytes over TCP to a listener, faults with short timeouts, previews."""

import pytest

from kiosk.config import PrinterSpec
from kiosk.devices import PrinterError, PrintJob, open_printer
from kiosk.ticket import PAPERS, ticket_blocks
from tests.kiosk.helpers import NIK, PrinterListener, decode_qr, raster_images
from tests.kiosk.test_ticket import OFFICE, a_ticket
from tests.live import free_port


@pytest.fixture
def job():
    return PrintJob("A-012", ticket_blocks(a_ticket(nik=NIK), OFFICE, PAPERS[80]))


def printer_for(spec: str, **kw):
    return open_printer(PrinterSpec.parse(spec), PAPERS[80], timeout=kw.pop("timeout", 1.0), **kw)


def test_network_printer_sends_the_ticket_to_the_listener(job):
    listener = PrinterListener()
    try:
        printer_for(listener.spec).print_job(job)
        assert listener.job_done.wait(5)
        data = listener.jobs[0]
        assert b"A-012" in data and NIK.encode() not in data
        assert decode_qr(raster_images(data)[0]) == [a_ticket()["status_url"]]
    finally:
        listener.close()


def test_network_printer_switched_off_is_reported_offline(job):
    with pytest.raises(PrinterError) as err:
        printer_for(f"network:127.0.0.1:{free_port()}").print_job(job)
    assert err.value.code == "offline"


def test_status_check_refuses_when_the_printer_says_no_paper(job):
    listener = PrinterListener(status="no_paper")
    try:
        with pytest.raises(PrinterError) as err:
            printer_for(listener.spec, status_check=True).print_job(job)
        assert err.value.code == "paper_out"
        assert listener.job_done.wait(5) and b"A-012" not in listener.jobs[0]
    finally:
        listener.close()


def test_status_check_prints_when_the_printer_says_ok(job):
    listener = PrinterListener(status="ok")
    try:
        printer_for(listener.spec, status_check=True).print_job(job)
        assert listener.job_done.wait(5) and b"A-012" in listener.jobs[0]
    finally:
        listener.close()


def test_a_silent_printer_gives_up_at_its_timeout(job):
    """Accepts the connection, never answers the status query: the kiosk must not hang."""
    listener = PrinterListener(silent=True)
    try:
        printer = printer_for(listener.spec, status_check=True, timeout=0.3)
        printer.print_job(job)   # status unknown is not a failure: the ticket is still sent
    finally:
        listener.close()


def test_preview_printer_writes_a_png_with_a_readable_qr(tmp_path, job):
    printer = printer_for(f"preview:{tmp_path / 'tickets'}")
    printer.print_job(job)
    from PIL import Image
    pngs = list((tmp_path / "tickets").glob("*A-012.png"))
    assert len(pngs) == 1 and decode_qr(Image.open(pngs[0])) == [a_ticket()["status_url"]]


def test_file_printer_writes_the_escpos_bytes(tmp_path, job):
    path = tmp_path / "lp0"
    printer_for(f"file:{path}").print_job(job)
    data = path.read_bytes()
    assert data.startswith(b"\x1b@") and b"A-012" in data


def test_file_printer_to_a_missing_device_is_offline(tmp_path, job):
    with pytest.raises(PrinterError) as err:
        printer_for(f"file:{tmp_path / 'no' / 'such' / 'lp0'}").print_job(job)
    assert err.value.code == "offline"
