"""Checking in at the kiosk: a booking made on the phone, or a number taken from home, becomes a ticket.

Pak Budi booked service A at 09.00 on his phone; Ibu Siti took a number from home. At the office
each shows the phone's QR code to the kiosk's USB scanner (a keyboard that types the QR's text and
Enter) or types the booking code on the screen's keypad. What the scanner sends is read by
``kiosk.check_in``; the kiosk asks ``POST /api/kiosk/check-in`` and prints the ticket as usual, with
a line saying how the citizen came. The refusals are the server's codes in the kiosk's own words.
"""

from __future__ import annotations


import pytest

from kiosk.api import ApiClient, ApiRefusal, ServerUnavailable
from kiosk.check_in import CODE_ALPHABET, CheckInCode, ScannerBuffer, parse, refusal_text
from kiosk.config import KioskConfig
from kiosk.controller import KioskController
from kiosk.devices.memory import MemoryPrinter
from kiosk.ticket import PAPERS, Text, ticket_blocks
from tests.kiosk.helpers import prints_number
from tests.kiosk.test_controller import FakeClock, ManualScheduler
from tests.live import free_port

BOOKING = "K7QM-42XD"          # as the phone shows it: two groups of four


# ---------------------------------------------------------------- what a scanner or a finger sends

@pytest.mark.parametrize("sent, meant", [
    ("K7QM42XD", CheckInCode("booking", "K7QM42XD")),
    ("k7qm-42xd", CheckInCode("booking", "K7QM42XD")),          # typed in lower case with the phone's hyphen
    (" K7QM 42XD \n", CheckInCode("booking", "K7QM42XD")),
    ("http://192.168.1.10:8000/b/K7QM42XD", CheckInCode("booking", "K7QM42XD")),
    ("https://antrean.dinsos.go.id/b/k7qm-42xd?lang=en", CheckInCode("booking", "K7QM42XD")),
    ("http://127.0.0.1:8000/t/Zr4_kLm9-QpT2wXy", CheckInCode("token", "Zr4_kLm9-QpT2wXy")),
    ("A-037", CheckInCode("number", "A-037")),
    ("a37", CheckInCode("number", "A-037")),
])
def test_what_the_scanner_or_the_keypad_sends_becomes_the_code_the_server_knows(sent, meant):
    assert parse(sent) == meant


@pytest.mark.parametrize("sent", [
    "", "   ", "K7QM42X", "K7QM42XDD",
    "K7QM42X0",                      # 0 is not in the alphabet: an O typed for a 0 is not silently "fixed"
    "KIQM42XD",                      # neither is I (nor 1, L, O)
    "https://example.com/somewhere/else", "http://h/t/short", "http://h/b/NOTACODE1",
    "x" * 400, "3277014112900003",   # a NIK is not a code, and is never sent as one
])
def test_text_that_cannot_be_a_code_is_not_one(sent):
    assert parse(sent) is None


def test_the_alphabet_has_nothing_to_confuse():
    assert not set("01ILO") & set(CODE_ALPHABET) and len(set(CODE_ALPHABET)) == len(CODE_ALPHABET)


def test_a_scanner_types_a_line_and_enter_ends_it():
    buf = ScannerBuffer()
    for ch in "http://h/b/K7QM42XD":
        buf.key(ch)
    assert buf.enter() == "http://h/b/K7QM42XD" and buf.pending == ""
    buf.key("\x07junk")                                  # control characters are not part of a code
    assert buf.enter() == "junk"


# ---------------------------------------------------------------- the controller, with a stand-in server

class CheckInApi(ApiClient):
    """The real client with ``check_in`` answered by the test: the same interface as the server's."""

    def __init__(self, answer):
        super().__init__(f"http://127.0.0.1:{free_port()}", "key")     # nothing listens: tiles stay offline
        self.answer, self.calls = answer, []

    def check_in(self, code: str, request_id: str) -> dict:
        self.calls.append((code, request_id))
        if isinstance(self.answer, BaseException):
            raise self.answer
        return dict(self.answer)


def ticket(**over) -> dict:
    base = {"number": "A-014", "service": {"code": "A", "name": "Surat Keterangan DTKS"}, "ahead": 3,
            "eta_minutes": 12, "issued_at": "2026-12-07T08:52:00+07:00", "status_url": "http://h/t/Zr4kLm9QpT2w",
            "outcome": "new", "priority": False, "checked_in": True, "late": False}
    return {**base, **over}


@pytest.fixture
def kiosk(tmp_path):
    made = []

    def make(answer):
        cfg = KioskConfig(server_url="http://127.0.0.1:1", kiosk_key="key", printer="memory",
                          state_dir=str(tmp_path / "state"))
        sched, printer, api = ManualScheduler(), MemoryPrinter(PAPERS[80]), CheckInApi(answer)
        c = KioskController(cfg, api, printer, sched, clock=FakeClock())
        made.append(c)
        return c, sched, printer, api

    yield make
    for c in made:
        c.shutdown()


def type_code(c, code: str) -> None:
    c.open_check_in()
    for ch in code:
        c.type_code(ch)


def printed_lines(ticket_: dict, lang: str = "id") -> list[str]:
    return [b.text for b in ticket_blocks(ticket_, {}, PAPERS[80], lang) if isinstance(b, Text)]


def test_pak_budi_types_his_booking_code_and_gets_his_ticket_with_his_slot_on_it(kiosk):
    c, sched, printer, api = kiosk(ticket(booking={"hour": 9}))
    type_code(c, BOOKING.replace("-", "").lower())
    assert c.journey.code == "K7QM42XD"
    c.submit_code()
    c.submit_code()                                              # a double tap sends once
    sched.run_until(lambda: c.journey.step == "done")
    assert [code for code, _ in api.calls] == ["K7QM42XD"]
    assert prints_number(printer.output[0], "A-014")
    assert b"Jadwal 09.00" in printer.output[0] and b"sudah hadir" in printer.output[0]


def test_a_number_taken_from_home_says_so_on_the_ticket_in_the_citizens_language():
    assert "Diambil dari rumah \u00b7 sudah hadir" in printed_lines(ticket())
    assert "Taken from home \u00b7 checked in" in printed_lines(ticket(), "en")
    assert not any("rumah" in line or "Jadwal" in line for line in printed_lines(ticket(checked_in=False)))


def test_late_for_the_slot_the_ticket_says_it_joined_as_a_walk_in():
    lines = printed_lines(ticket(booking={"hour": 10}, late=True))
    assert "Jadwal 10.00 \u00b7 terlambat, masuk antrean biasa" in lines


def test_the_scanner_sends_the_code_from_the_phones_qr(kiosk):
    c, sched, printer, api = kiosk(ticket())
    c.open_check_in()
    c.check_in("http://192.168.1.10:8000/t/Zr4kLm9QpT2w")
    sched.run_until(lambda: c.journey.step == "done")
    assert [code for code, _ in api.calls] == ["Zr4kLm9QpT2w"]


REFUSALS = [
    ("unknown_code", "Kode tidak dikenal"),
    ("booking_other_day", "bukan untuk hari ini"),
    ("already_checked_in", "sudah dipakai untuk check-in"),
    ("booking_cancelled", "sudah dibatalkan"),
]


@pytest.mark.parametrize("code, words", REFUSALS)
def test_a_refused_code_is_explained_and_kept_to_correct(kiosk, code, words):
    c, sched, printer, api = kiosk(ApiRefusal(409, code, "server words", "server words en"))
    type_code(c, "K7QM42XD")
    c.submit_code()
    sched.run_until(lambda: c.journey.step == "check_in")
    assert c.journey.code == "K7QM42XD" and printer.output == []
    assert words in refusal_text(c.journey.check_in_error, "id")
    assert "server words" not in refusal_text(c.journey.check_in_error, "en")   # the kiosk's own English


def test_a_refusal_the_kiosk_does_not_know_shows_the_servers_words(kiosk):
    c, sched, _, _ = kiosk(ApiRefusal(409, "service_closed", "Layanan tutup hari ini.", "Closed today."))
    type_code(c, "K7QM42XD")
    c.submit_code()
    sched.run_until(lambda: c.journey.step == "check_in")
    assert refusal_text(c.journey.check_in_error, "id") == "Layanan tutup hari ini."
    assert refusal_text(c.journey.check_in_error, "en") == "Closed today."


def test_without_the_server_check_in_says_to_go_to_the_staff_desk(kiosk):
    c, sched, printer, api = kiosk(ServerUnavailable("timeout"))
    type_code(c, "K7QM42XD")
    c.submit_code()
    sched.run_until(lambda: c.journey.step == "check_in")
    assert refusal_text(c.journey.check_in_error, "id") == \
        "Check-in membutuhkan koneksi ke server. Silakan ke meja petugas."
    first_id = api.calls[0][1]
    c.submit_code()                                              # the same code again: the same request
    sched.run_until(lambda: c.journey.step == "check_in" and len(api.calls) == 2)
    assert api.calls[1][1] == first_id
    c.code_backspace()
    c.type_code("D")
    c.submit_code()                                              # retyped: a new request
    sched.run_until(lambda: c.journey.step == "check_in" and len(api.calls) == 3)
    assert api.calls[2][1] != first_id


def test_text_that_is_not_a_code_is_refused_without_asking_the_server(kiosk):
    c, sched, _, api = kiosk(ticket())
    c.open_check_in()
    c.check_in("https://example.com/promo")
    assert c.journey.step == "check_in" and c.journey.check_in_error.code == "unknown_code" and api.calls == []


def test_the_keypad_takes_only_the_codes_characters_and_eight_of_them(kiosk):
    c, _, _, _ = kiosk(ticket())
    type_code(c, "k0o1IL7QM42XDZZ")
    assert c.journey.code == "K7QM42XD"
    c.back()
    assert c.journey.step == "welcome" and c.journey.code == ""


# ---------------------------------------------------------------- the real Kivy app

def scanner_types(k, line: str) -> None:
    """A USB scanner: the QR code's text as key presses, then Enter."""
    for ch in line:
        k.window.dispatch("on_textinput", ch)
    k.window.dispatch("on_key_down", 13, 36, "\r", [])
    k.pump(2)


def assert_fits(k) -> None:
    """Inside the window and its box, nothing under the header bar, no two texts on top of each other."""
    from tests.kiosk.test_layout import assert_laid_out

    assert_laid_out(k)


@pytest.mark.parametrize("large", [False, True], ids=["usual", "large"])
@pytest.mark.parametrize("size_name", ["portrait", "landscape", "laptop", "tablet"])
def test_the_check_in_entry_on_welcome_and_its_screen_fit_every_size(server, open_kiosk, size_name, large):
    from tests.kiosk.conftest import SIZES

    size = SIZES[size_name]
    prefix = f"kiosk-check-in-{'large' if large else 'usual'}-{size_name}-{size[0]}x{size[1]}"
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]), size=size)
    k.wait(lambda: k.c.can_serve)
    if large:
        k.tap(k.ids("welcome").large)
    k.pump(4)
    k.shot(f"{prefix}-welcome")
    assert_fits(k)
    k.tap(k.ids("welcome").check_in)
    k.pump(4)
    k.shot(f"{prefix}-check-in")
    assert_fits(k)


@pytest.mark.parametrize("size_name", ["tablet", "portrait"])
def test_given_the_check_in_screen_at_each_size_then_everything_fits_and_is_photographed(server, open_kiosk, size_name):
    from tests.kiosk.conftest import SIZES

    size = SIZES[size_name]
    prefix = f"kiosk-check-in-{size_name}-{size[0]}x{size[1]}"
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]), size=size)
    k.wait(lambda: k.c.can_serve)
    k.pump(2)
    entry = k.ids("welcome").check_in
    assert entry.text == "Sudah ambil nomor / punya jadwal?" and entry.opacity == 1
    k.shot(f"{prefix}-01-welcome")
    assert_fits(k)
    k.tap(entry)
    assert k.screen == "check_in" and k.c.journey.step == "check_in"
    k.shot(f"{prefix}-02-empty")
    assert_fits(k)
    assert k.ids("check_in").next.disabled
    for ch in "K7QM4":
        k.tap(k.root.screen("check_in").key(ch), frames=0)
    k.pump(2)
    assert k.ids("check_in").code.text == "K7QM 4___" and k.ids("check_in").next.disabled
    k.shot(f"{prefix}-03-typing")
    j = k.c.journey
    for ch in "2XD":
        j.type_code(ch)
    j.begin_check_in()
    k.c.changed()
    k.pump(3)
    assert k.screen == "check_in" and k.ids("check_in").message.text == "Memeriksa kode..."
    k.shot(f"{prefix}-04-checking")
    assert_fits(k)
    j.check_in_refused(ApiRefusal(409, "booking_other_day", "", ""))
    k.c.changed()
    k.pump(3)
    assert "bukan untuk hari ini" in k.ids("check_in").message.text
    k.shot(f"{prefix}-05-other-day")
    assert_fits(k)
    j.toggle_language()
    j.begin_check_in()
    j.check_in_refused("server_down")
    k.c.changed()
    k.pump(3)
    assert k.ids("check_in").message.text.startswith("Check-in needs the connection")
    k.shot(f"{prefix}-06-server-down-english")
    assert_fits(k)
    j.toggle_language()
    j.toggle_large()                                   # large text / high contrast, for a citizen with low vision
    k.c.changed()
    k.pump(4)
    k.shot(f"{prefix}-07-large")
    assert_fits(k)


def test_a_scanner_line_that_is_not_ours_is_refused_on_screen_and_the_typed_code_stays(server, open_kiosk):
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]))
    k.wait(lambda: k.c.can_serve)
    scanner_types(k, "http://elsewhere.example/promo")     # on Welcome, a line that is not a code does nothing
    assert k.c.journey.step == "welcome"
    k.tap(k.ids("welcome").check_in)
    k.tap(k.root.screen("check_in").key("K"))
    scanner_types(k, "https://example.com/promo")
    assert k.c.journey.code == "K" and "Kode tidak dikenal" in k.ids("check_in").message.text


# ---------------------------------------------------------------- end to end: a booking made on the phone

JAKARTA = "Asia/Jakarta"


def at(clock, day, hour: int, minute: int = 0) -> None:
    """The office's clock (the server's) to ``day`` ``hour``:``minute`` in Jakarta."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    clock.offset = 0
    clock.advance(dt.datetime.combine(day, dt.time(hour, minute), ZoneInfo(JAKARTA)).timestamp() - clock())


@pytest.fixture
def office(tmp_path):
    """The demo office on Monday 7 December 2026, 10:00 in Jakarta (the demo takes bookings for A and D)."""
    import datetime as dt

    from tests.live import Clock, LiveServer

    clock = Clock()
    monday = dt.date(2026, 12, 7)
    at(clock, monday, 10)
    s = LiveServer(tmp_path / "data", clock=clock, overrides={"timezone": JAKARTA}).start()
    s.clock, s.monday = clock, monday
    yield s
    s.stop()


def phone(server, nik: str, **body) -> dict:
    """What the citizen's phone sends to POST /api/remote-tickets (part P's public API)."""
    import uuid

    r = server.client().post("/api/remote-tickets", json={"nik": nik, "request_id": uuid.uuid4().hex, **body})
    assert r.status_code == 201, r.text
    return r.json()


def test_pak_budi_scans_his_booking_and_ibu_rina_types_hers_late_and_both_get_printed_tickets(office, open_kiosk):
    import datetime as dt

    from tests.kiosk.helpers import PrinterListener, qr_codes
    from tests.server.helpers import nik_for

    tuesday = office.monday + dt.timedelta(days=1)
    budi = phone(office, nik_for(21), service="A", date=tuesday.isoformat(), slot=9)
    rina = phone(office, nik_for(22), service="A", date=tuesday.isoformat(), slot=9)
    at(office.clock, tuesday, 8, 50)                       # Tuesday, ten minutes before the slot
    listener = PrinterListener()
    try:
        k = open_kiosk(office.url, office.creds["kiosk_key"], printer_spec=listener.spec)
        k.wait(lambda: k.c.can_serve)
        k.pump(2)
        scanner_types(k, budi["status_url"])               # straight from Welcome: the QR on his phone, .../b/<code>
        k.wait_screen("done")
        number = k.c.journey.ticket["number"]
        assert number.startswith("A-") and k.c.journey.ticket["late"] is False
        assert listener.job_done.wait(5)
        paper = listener.jobs[0]
        assert prints_number(paper, number) and b"Jadwal 09.00" in paper and b"sudah hadir" in paper
        assert nik_for(21).encode() not in paper
        assert qr_codes(paper) == [k.c.journey.ticket["status_url"]]
        k.tap(k.ids("done").finish)

        # The same QR again: already checked in, said plainly; nothing printed.
        k.tap(k.ids("welcome").check_in)
        scanner_types(k, budi["status_url"])
        k.wait(lambda: k.c.journey.step == "check_in" and k.c.journey.check_in_error is not None)
        assert "sudah dipakai" in k.ids("check_in").message.text and len(listener.jobs) == 1
        k.tap(k.ids("check_in").back)

        # Ibu Rina comes at 09.30, past the window: she types her code and joins as a walk-in.
        at(office.clock, tuesday, 9, 30)
        listener.job_done.clear()
        k.tap(k.ids("welcome").check_in)
        screen = k.root.screen("check_in")
        for ch in rina["booking_code"].lower():
            k.tap(screen.key(ch.upper()), frames=0)
        k.pump(2)
        assert k.ids("check_in").code.text == f"{rina['booking_code'][:4]} {rina['booking_code'][4:]}"
        k.tap(k.ids("check_in").next)
        k.wait_screen("done")
        assert k.c.journey.ticket["late"] is True
        assert "terlambat, masuk antrean biasa" in k.ids("done").caption.text
        k.shot("kiosk-check-in-laptop-1366x768-08-done-late")
        assert listener.job_done.wait(5)
        assert b"terlambat, masuk antrean biasa" in listener.jobs[1]
    finally:
        listener.close()


def test_ibu_siti_took_a_number_from_home_and_her_phones_qr_checks_her_in(office, open_kiosk):
    import datetime as dt

    from tests.server.helpers import nik_for

    tuesday = office.monday + dt.timedelta(days=1)
    at(office.clock, tuesday, 8, 15)
    taken = phone(office, nik_for(31), service="D")
    printer = MemoryPrinter(PAPERS[80])
    k = open_kiosk(office.url, office.creds["kiosk_key"], printer=printer)
    k.wait(lambda: k.c.can_serve)
    k.pump(2)
    k.tap(k.ids("welcome").check_in)
    scanner_types(k, taken["status_url"])                  # .../t/<token>
    k.wait_screen("done")
    assert k.c.journey.ticket["number"] == taken["number"]
    k.wait(lambda: printer.output)
    assert prints_number(printer.output[0], taken["number"]) and b"Diambil dari rumah" in printer.output[0]
    assert "Diambil dari rumah" in k.ids("done").caption.text
    k.shot("kiosk-check-in-laptop-1366x768-07-done")


def test_the_check_in_screen_says_what_to_do_aloud_once():
    from kiosk.journey import Journey
    from kiosk.voice import guidance

    j = Journey()
    assert j.open_check_in()
    assert guidance(j) == ("check_in", "Pindai kode QR di ponsel Anda, atau ketik kode pemesanan, lalu tekan Lanjut.")
    j.type_code("K")
    assert guidance(j)[0] == "check_in"          # the same step: VoiceGuide says it only once


def test_with_the_server_really_gone_the_kiosk_says_check_in_needs_it(tmp_path):
    """The real HTTP client against a port where nothing listens (no stand-in): the same polite words."""
    cfg = KioskConfig(server_url=f"http://127.0.0.1:{free_port()}", kiosk_key="key", printer="memory",
                      connect_timeout=0.5, request_timeout=1.0, state_dir=str(tmp_path / "state"))
    sched, printer = ManualScheduler(), MemoryPrinter(PAPERS[80])
    c = KioskController(cfg, ApiClient.for_config(cfg), printer, sched, clock=FakeClock())
    try:
        type_code(c, "K7QM42XD")
        c.submit_code()
        assert c.journey.step == "checking_in"
        sched.run_until(lambda: c.journey.step == "check_in")
        assert refusal_text(c.journey.check_in_error, "id").startswith("Check-in membutuhkan koneksi ke server")
        assert c.journey.code == "K7QM42XD" and printer.output == []
    finally:
        c.shutdown()
