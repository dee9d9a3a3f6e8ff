"""The real Kivy kiosk, driven by simulated touches against a real server on 127.0.0.1.

Citizens: Ibu Siti (elderly, Indonesian), a visitor who prefers English. Every
screen is photographed at every supported screen size into the artefacts folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.api import ApiRefusal
from kiosk.devices.memory import MemoryPrinter
from kiosk.ticket import PAPERS
from tests.kiosk.conftest import SIZES
from tests.kiosk.helpers import (
    NIK,
    NIK_2,
    PrinterListener,
    SlowProxy,
    decode_qr,
    prints_number,
    qr_codes,
    set_service,
    ticket_count,
)
from tests.live import LiveServer


def walk_to_confirm(k, service="A", priority=None, nik=NIK, shots: str | None = None):
    shot = (lambda name: k.shot(f"{shots}-{name}")) if shots else (lambda name: None)
    k.wait(lambda: k.c.feed.services)
    shot("01-welcome")
    k.tap(k.ids("welcome").start)
    k.wait(lambda: k.screen == "service" and k.ids("service").tiles.children)
    shot("02-service")
    k.tap(k.root.screen("service").tile(service))
    assert k.screen == "priority"
    shot("03-priority")
    k.tap(k.root.screen("priority").button(priority))
    assert k.screen == "nik"
    if shots:
        k.type_nik("97")
        shot("04-nik-wrong-province")
        k.tap(k.root.screen("nik").key("clear"))
        k.type_nik(nik[:9])
        shot("05-nik-typing")
        k.type_nik(nik[9:])
        shot("06-nik-complete")
    else:
        k.type_nik(nik)
    k.tap(k.ids("nik").next)
    assert k.screen == "privacy"
    shot("07-privacy")
    k.tap(k.ids("privacy").agree)
    assert k.screen == "confirm"
    shot("08-confirm")


def issuing_again(j, nik: str = NIK) -> None:
    """A fresh journey for Ibu Siti up to "issuing" (or the keypad, for a partial ``nik``), by the
    same transitions the buttons use; the screens are not tapped."""
    service = j.service
    j.reset()
    j.start()
    j.choose_service(service)
    j.choose_priority("lansia")
    for d in nik:
        j.type_digit(d)
    if len(nik) == len(NIK):
        assert j.submit_nik() and j.accept_privacy() and j.begin_issue()


def assert_everything_fits(k) -> None:
    """No text outside the window, and no button whose words do not fit inside it."""
    from kivy.uix.button import Button
    from kivy.uix.label import Label

    width, height = k.window.size
    for w in k.root.walk(restrict=True):
        if not isinstance(w, Label) or not w.text or w.opacity == 0:
            continue
        x, y = w.to_window(w.x, w.y)
        assert x >= -1 and y >= -1 and x + w.width <= width + 1 and y + w.height <= height + 1, \
            f"{k.screen}: {w.text[:40]!r} outside the window at {(x, y, w.width, w.height)}"
        if w.text_size[0] is None:
            assert w.texture_size[0] <= w.width + 1, f"{k.screen}: {w.text[:40]!r} wider than its box"
        if isinstance(w, Button):
            assert w.texture_size[1] <= w.height + 1, f"{k.screen}: {w.text[:40]!r} taller than its button"


@pytest.mark.parametrize("size_name", list(SIZES))
def test_given_any_screen_size_when_ibu_siti_meets_every_step_then_all_text_fits_and_each_is_photographed(server, open_kiosk, size_name):
    set_service(server, "D", daily_quota=0)          # a full service is shown as such, and cannot be chosen
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]), size=SIZES[size_name])
    prefix = f"kiosk-{size_name}-{SIZES[size_name][0]}x{SIZES[size_name][1]}"
    walk_to_confirm(k, priority="lansia", shots=prefix)
    assert_everything_fits(k)
    full = k.root.screen("service").tile("D")
    assert full.disabled and "Kuota hari ini habis" in full.text
    k.tap(k.ids("confirm").print)
    k.wait_screen("done")
    k.shot(f"{prefix}-10-done")
    assert_everything_fits(k)
    j, ticket = k.c.journey, k.c.journey.ticket
    # The remaining screens, reached through the journey's own transitions with this ticket:
    # their causes (a slow server, a printer fault, ...) are tested one by one below.
    refusal = ApiRefusal(409, "quota_reached", "Kuota antrean layanan ini untuk hari ini sudah habis.",
                         "Today's quota for this service has been reached.")
    for name, outcome in [("09-progress-retrying", lambda: (j.retrying(), j.retrying())),
                          ("11-print-failed", lambda: (j.issued(ticket), j.print_failed("offline"))),
                          ("12-existing", lambda: j.issued({**ticket, "outcome": "existing"})),
                          ("13-refused", lambda: j.refused(refusal)),
                          ("14-server-down", lambda: j.server_down())]:
        issuing_again(j)
        outcome()
        k.c.changed()
        k.pump(3)
        k.shot(f"{prefix}-{name}")
        assert_everything_fits(k)
    issuing_again(j, nik=NIK[:11])
    j.toggle_language()
    k.c.changed()
    k.pump(3)
    k.shot(f"{prefix}-15-nik-english")
    assert_everything_fits(k)


def test_given_a_network_printer_when_ibu_siti_takes_a_number_then_the_printer_gets_her_ticket(server, open_kiosk):
    listener = PrinterListener()
    try:
        k = open_kiosk(server.url, server.creds["kiosk_key"], printer_spec=listener.spec, size=SIZES["laptop"])
        walk_to_confirm(k, priority="lansia")
        assert "3277********0003" in k.ids("confirm").summary.text
        k.tap(k.ids("confirm").print)
        k.wait_screen("done")
        assert k.ids("done").number.text == "A-001"
        assert "KTP" in k.ids("done").prepare.text
        assert listener.job_done.wait(5)
        data = listener.jobs[0]
        assert prints_number(data, "A-001") and b"3277********0003" in data and NIK.encode() not in data
        assert b"Lanjut usia (60 tahun ke atas)" in data   # under the PRIORITAS mark (tests/kiosk/test_ticket.py)
        status_url = k.c.journey.ticket["status_url"]
        assert qr_codes(data) == [status_url]
        assert server.client().get("/api/tickets/" + status_url.rsplit("/", 1)[1]).json()["number"] == "A-001"
        k.tap(k.ids("done").finish)
        assert k.screen == "welcome" and k.c.journey.nik == ""
    finally:
        listener.close()


def test_one_touch_english_then_back_to_indonesian_for_the_next_citizen(server, open_kiosk):
    printer = MemoryPrinter(PAPERS[58])
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=printer, paper=58)
    k.wait(lambda: k.c.feed.services)
    assert k.ids("welcome").start.text.startswith("Sentuh layar")
    k.tap(k.root.ids.lang)
    assert k.ids("welcome").start.text == "Touch the screen to take a queue number"
    walk_to_confirm(k, service="B", nik=NIK_2)
    assert k.ids("confirm").print.text == "Print Ticket"
    k.tap(k.ids("confirm").print)
    k.wait_screen("done")
    assert k.ids("done").title.text == "Please take your ticket"
    assert b"QUEUE NUMBER" in printer.output[0] and prints_number(printer.output[0], "B-001")
    k.tap(k.ids("done").finish)
    assert k.c.journey.lang == "id" and k.ids("welcome").start.text.startswith("Sentuh layar")


def test_double_tap_on_print_issues_one_ticket(server, open_kiosk):
    printer = MemoryPrinter(PAPERS[80])
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=printer)
    walk_to_confirm(k)
    button = k.ids("confirm").print
    k.tap(button, frames=0)
    button.disabled = False     # a fast finger lands before the next frame redraws the button
    k.tap(button, frames=0)
    k.wait_screen("done")
    assert k.c.issue_requests == 1 and ticket_count(server, NIK) == 1 and len(printer.output) == 1


class MovableClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_idle_timeout_returns_to_welcome_and_forgets_the_nik(server, open_kiosk):
    clock = MovableClock()
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]), clock=clock)
    k.wait(lambda: k.c.feed.services)
    k.tap(k.ids("welcome").start)
    k.wait(lambda: k.ids("service").tiles.children)
    k.tap(k.root.screen("service").tile("A"))
    k.tap(k.root.screen("priority").button(None))
    k.type_nik(NIK[:12])
    assert k.ids("nik").digits.text.startswith("3277 0141 1290")
    clock.now += k.c.cfg.idle_seconds
    k.wait_screen("welcome")
    assert k.c.journey.nik == ""
    k.tap(k.ids("welcome").start)
    k.wait(lambda: k.ids("service").tiles.children)
    k.tap(k.root.screen("service").tile("A"))
    k.tap(k.root.screen("priority").button(None))
    assert k.ids("nik").digits.text == "____ ____ ____ ____"


def test_printer_down_shows_number_and_a_qr_a_phone_can_read(server, open_kiosk, artifacts):
    from tests.live import free_port

    k = open_kiosk(server.url, server.creds["kiosk_key"], printer_spec=f"network:127.0.0.1:{free_port()}",
                   size=SIZES["laptop"])
    walk_to_confirm(k)
    k.tap(k.ids("confirm").print)
    k.wait_screen("print_failed")
    assert k.ids("print_failed").number.text == "A-001" and ticket_count(server, NIK) == 1
    # The QR is drawn a frame or two after the screen changes: look until it is there (or fail).
    url = k.c.journey.ticket["status_url"]
    k.wait(lambda: decode_qr(Image.open(k.shot("kiosk-fault-printer-down"))) == [url], limit=10)
    assert "A-001" in (Path(k.c.cfg.state_dir) / "printer-problems.jsonl").read_text()


def test_server_down_at_print_time_then_back_gives_exactly_one_ticket(tmp_path, open_kiosk):
    server = LiveServer(tmp_path / "office").start()
    port = server.port
    printer = MemoryPrinter(PAPERS[80])
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=printer, retry_delays=(0.1,),
                   size=SIZES["portrait"])
    walk_to_confirm(k)
    server.stop()
    k.tap(k.ids("confirm").print)
    k.wait(lambda: k.c.journey.attempt == 2 and k.screen == "progress")
    assert "Mencoba lagi otomatis" in k.ids("progress").retry.text
    k.wait_screen("server_down")
    k.shot("kiosk-fault-server-down")
    server = LiveServer(tmp_path / "office", port=port).start()
    try:
        k.tap(k.ids("server_down").retry)
        k.wait_screen("done")
        assert ticket_count(server, NIK) == 1 and k.c.issue_requests == 3
    finally:
        server.stop()


def test_slow_server_gets_retried_and_still_one_ticket(server, open_kiosk):
    proxy = SlowProxy(server.url, delay=2.5)
    try:
        printer = MemoryPrinter(PAPERS[80])
        k = open_kiosk(proxy.url, server.creds["kiosk_key"], printer=printer, request_timeout=1.0)
        walk_to_confirm(k)
        k.tap(k.ids("confirm").print)
        k.wait(lambda: k.c.journey.attempt >= 2)
        k.shot("kiosk-fault-server-slow")
        k.wait_screen("done")
        k.wait(lambda: proxy.slow_left < 0 or proxy.posts >= 2)
        import time
        deadline = time.monotonic() + 10
        while ticket_count(server, NIK) < 1 and time.monotonic() < deadline:
            k.pump(1)
        assert ticket_count(server, NIK) == 1 and len(printer.output) == 1
        assert k.c.journey.ticket["number"] == "A-001"
    finally:
        proxy.close()


def test_existing_ticket_is_shown_and_reprinted(server, open_kiosk):
    listener = PrinterListener()
    try:
        first = server.kiosk().post("/api/tickets", json={"service": "A", "nik": NIK, "request_id": "x"}).json()
        k = open_kiosk(server.url, server.creds["kiosk_key"], printer_spec=listener.spec)
        walk_to_confirm(k)
        k.tap(k.ids("confirm").print)
        k.wait_screen("existing")
        assert k.ids("existing").number.text == first["number"] and listener.jobs == []
        k.tap(k.ids("existing").reprint)
        k.wait_screen("done")
        assert listener.job_done.wait(5)
        assert b"CETAK ULANG" in listener.jobs[0] and prints_number(listener.jobs[0], first["number"])
        assert ticket_count(server, NIK) == 1
    finally:
        listener.close()


def test_wrong_nik_is_explained_and_next_stays_disabled(server, open_kiosk):
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]))
    k.wait(lambda: k.c.feed.services)
    k.tap(k.ids("welcome").start)
    k.wait(lambda: k.ids("service").tiles.children)
    k.tap(k.root.screen("service").tile("A"))
    k.tap(k.root.screen("priority").button(None))
    k.type_nik("3277013102")
    k.type_nik("91")
    assert "tanggal lahir" in k.ids("nik").guidance.text
    k.type_nik("0003")
    assert k.ids("nik").next.disabled          # 31 February: "Lanjut" is off, and looks it
    assert k.screen == "nik" and "Cocokkan dengan KTP" in k.ids("nik").guidance.text
    assert zxingcpp  # QR decoding library present for the other tests
