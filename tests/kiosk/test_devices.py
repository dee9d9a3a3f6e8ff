"""Printers: real ESC/POS bytes over TCP to a listener, faults with short timeouts, previews."""

import threading
from pathlib import Path
from typing import Optional

import pytest

from kiosk.config import PrinterSpec
from kiosk.devices import PrinterError, PrintJob, open_printer
from kiosk.ticket import PAPERS, ticket_blocks
from tests.kiosk.helpers import NIK, PrinterListener, decode_qr, prints_number, qr_codes
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
        assert prints_number(data, "A-012") and NIK.encode() not in data
        assert qr_codes(data) == [a_ticket()["status_url"]]
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
        assert listener.job_done.wait(5) and not prints_number(listener.jobs[0], "A-012")
    finally:
        listener.close()


def test_status_check_prints_when_the_printer_says_ok(job):
    listener = PrinterListener(status="ok")
    try:
        printer_for(listener.spec, status_check=True).print_job(job)
        assert listener.job_done.wait(5) and prints_number(listener.jobs[0], "A-012")
    finally:
        listener.close()


# A printer that answers nothing may make the kiosk wait at most one ``timeout`` for each of
# connecting, the status query and writing. The bound below is that, four times over: generous
# on a busy machine, and still far below python-escpos's own 60 s, which an ignored timeout means.
TIMEOUT = 0.5
WAITS = 3
BOUND = 4 * WAITS * TIMEOUT


def print_within_bound(printer, job) -> Optional[BaseException]:
    """``printer.print_job(job)`` on a thread; the test fails if it is still waiting after BOUND.
    Returns what it raised (None if it printed)."""
    raised: list = []

    def run():
        try:
            printer.print_job(job)
        except BaseException as exc:  # handed to the test
            raised.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(BOUND)
    assert not worker.is_alive(), f"print_job still waiting after {BOUND} s: the {TIMEOUT} s timeout is ignored"
    return raised[0] if raised else None


def socket_buffers_max() -> int:
    """The most bytes the kernel may hold for a peer that reads nothing (send + receive buffers)."""
    try:
        wmem = int(Path("/proc/sys/net/ipv4/tcp_wmem").read_text().split()[2])
        rmem = int(Path("/proc/sys/net/ipv4/tcp_rmem").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        wmem, rmem = 4 << 20, 128 << 10          # Linux defaults
    return wmem + rmem


def test_given_a_printer_that_never_answers_the_status_query_when_ibu_sitis_ticket_prints_then_it_is_still_sent(job):
    """No answer to DLE EOT means "status unknown", not a failure: after one timeout the ticket goes."""
    listener = PrinterListener()            # reads everything, answers no query
    try:
        printer = printer_for(listener.spec, status_check=True, timeout=TIMEOUT)
        assert print_within_bound(printer, job) is None
        assert listener.job_done.wait(5) and prints_number(listener.jobs[0], "A-012")
    finally:
        listener.close()


def test_given_a_hung_printer_that_never_reads_when_ibu_sitis_ticket_prints_then_it_fails_with_timeout_in_time(job):
    """Accepts the connection, never reads nor answers: the kiosk must not hang, and says "timeout"."""
    listener = PrinterListener(silent=True)
    try:
        printer = printer_for(listener.spec, status_check=True, timeout=TIMEOUT)
        # Larger than anything the kernel buffers for a peer that reads nothing, so the write must
        # wait on the printer (rendering is not under test here: test_ticket.py covers it).
        printer.render = lambda _job: b"\x1b@" + bytes(2 * socket_buffers_max())
        error = print_within_bound(printer, job)
        assert isinstance(error, PrinterError) and error.code == "timeout", error
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
    assert data.startswith(b"\x1b@") and prints_number(data, "A-012")


def test_file_printer_to_a_missing_device_is_offline(tmp_path, job):
    with pytest.raises(PrinterError) as err:
        printer_for(f"file:{tmp_path / 'no' / 'such' / 'lp0'}").print_job(job)
    assert err.value.code == "offline"
