"""The kiosk's behaviour without a window: real server, real HTTP, in-memory printer.

The scheduler is manual: results from the workers are delivered when the test
asks, and retry timers fire when the test fires them - no test waits for a clock.
"""

from __future__ import annotations

import json
import queue
import time
from dataclasses import replace

import pytest

from common.nik import NikIssue
from kiosk.api import ApiClient, ApiRefusal, IssueRequest
from kiosk.config import KioskConfig
from kiosk.controller import KioskController, nik_issues
from kiosk.devices.memory import MemoryPrinter
from kiosk.texts import t
from kiosk.ticket import PAPERS
from kiosk.pin import hash_pin
from tests.kiosk.helpers import NIK, kiosk_health, prints_number, set_service, ticket_count
from tests.live import LiveServer, free_port


class ManualScheduler:
    def __init__(self):
        self.soon: queue.Queue = queue.Queue()
        self.timers: list = []

    def call_soon(self, fn):
        self.soon.put(fn)

    def call_later(self, delay, fn):
        timer = Timer(delay, fn)
        self.timers.append(timer)
        return timer

    def run_until(self, predicate, limit: float = 15.0):
        """Deliver worker results until ``predicate()``; the limit only turns a hang into a failure."""
        deadline = time.monotonic() + limit
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("condition not reached")
            try:
                self.soon.get(timeout=remaining)()
            except queue.Empty:
                pass

    def fire_timers(self):
        timers, self.timers = self.timers, []
        for timer in timers:
            if not timer.cancelled:
                timer.fn()


class Timer:
    def __init__(self, delay, fn):
        self.delay, self.fn, self.cancelled = delay, fn, False

    def cancel(self):
        self.cancelled = True


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def make(url: str, key: str, tmp_path, **over):
    cfg = replace(KioskConfig(server_url=url, kiosk_key=key, printer="memory", connect_timeout=0.5,
                              request_timeout=2.0, retry_delays=(0.1, 0.1), state_dir=str(tmp_path / "state")),
                  **over)
    sched, clock = ManualScheduler(), FakeClock()
    printer = MemoryPrinter(PAPERS[cfg.paper])
    c = KioskController(cfg, ApiClient(cfg.server_url, cfg.kiosk_key, connect_timeout=cfg.connect_timeout,
                                       read_timeout=cfg.request_timeout), printer, sched, clock=clock)
    return c, sched, printer, clock


def walk_to_confirm(c: KioskController, sched: ManualScheduler, service="A", nik=NIK, priority=None):
    c.feed.poll()
    sched.run_until(lambda: c.feed.services is not None or c.feed.services_offline)
    if c.feed.services is None:  # server down: the tiles are not needed to test issuing
        c.feed.services = [{"code": service, "name": service, "available": True}]
    c.start_journey()
    c.choose_service(service)
    c.choose_priority(priority)
    for d in nik:
        c.type_digit(d)
    c.submit_nik()
    c.accept_privacy()
    assert c.journey.step == "confirm"


@pytest.fixture
def kiosk(server, tmp_path):
    c, sched, printer, clock = make(server.url, server.creds["kiosk_key"], tmp_path)
    yield c, sched, printer, clock
    c.shutdown()


def test_citizen_gets_a_printed_ticket_and_the_kiosk_resets_after_done(server, kiosk):
    c, sched, printer, clock = kiosk
    walk_to_confirm(c, sched, priority="ibu_hamil")
    c.print_ticket()
    c.print_ticket()                                   # double tap
    sched.run_until(lambda: c.journey.step == "done")
    assert c.issue_requests == 1 and ticket_count(server) == 1
    assert c.journey.ticket["number"] == "A-001" and prints_number(printer.output[0], "A-001")
    assert NIK.encode() not in printer.output[0]
    clock.now += c.cfg.done_seconds
    c.tick()
    assert c.journey.step == "welcome" and c.journey.nik == ""


def test_server_down_retries_with_the_same_request_and_issues_once_when_it_returns(tmp_path):
    port = free_port()
    c, sched, printer, clock = make(f"http://127.0.0.1:{port}", "unknown-yet", tmp_path)
    try:
        walk_to_confirm(c, sched)
        assert c.feed.services_offline
        c.print_ticket()
        sched.run_until(lambda: c.journey.attempt == 2)
        assert c.journey.step == "issuing" and c._retry_handle in sched.timers
        server = LiveServer(tmp_path / "data", port=port).start()
        try:
            c.api.kiosk_key = server.creds["kiosk_key"]
            sched.fire_timers()
            sched.run_until(lambda: c.journey.step == "done")
            assert ticket_count(server, NIK) == 1 and c.issue_requests == 2
        finally:
            server.stop()
    finally:
        c.shutdown()


def test_after_the_automatic_retries_the_citizen_can_try_again_or_cancel(tmp_path):
    c, sched, printer, clock = make(f"http://127.0.0.1:{free_port()}", "k", tmp_path)
    try:
        walk_to_confirm(c, sched)
        c.print_ticket()
        rid = c.journey.request_id
        for attempt in (2, 3):
            sched.run_until(lambda: c.journey.attempt == attempt)
            sched.fire_timers()
        sched.run_until(lambda: c.journey.step == "server_down")
        c.retry()
        assert c.journey.step == "issuing" and c.journey.request_id == rid
        sched.run_until(lambda: c.journey.attempt == 2)
        c.cancel()                                      # a retry in flight keeps the screen busy
        assert c.journey.step == "issuing"
    finally:
        c.shutdown()


@pytest.mark.parametrize("values,code", [({"is_open": False}, "service_closed"),
                                         ({"daily_quota": 0}, "quota_reached")])
def test_refusals_are_shown_with_their_reason(server, kiosk, values, code):
    c, sched, printer, clock = kiosk
    walk_to_confirm(c, sched, service="D")
    set_service(server, "D", **values)
    c.print_ticket()
    sched.run_until(lambda: c.journey.step == "refused")
    assert c.journey.refusal.code == code and c.journey.refusal.text("id")
    assert printer.output == []


def test_a_revoked_kiosk_key_is_refused_not_retried(server, tmp_path):
    c, sched, printer, clock = make(server.url, "not-a-key", tmp_path)
    try:
        walk_to_confirm(c, sched)
        c.print_ticket()
        sched.run_until(lambda: c.journey.step == "refused")
        assert c.journey.refusal.code == "unauthenticated" and c.issue_requests == 1
    finally:
        c.shutdown()


def test_printer_failure_keeps_the_ticket_notes_it_without_nik_and_reprint_works(server, kiosk, tmp_path):
    c, sched, printer, clock = kiosk
    printer.fail_with = "paper_out"
    walk_to_confirm(c, sched)
    c.print_ticket()
    sched.run_until(lambda: c.journey.step == "print_failed")
    assert c.journey.print_error == "paper_out" and ticket_count(server) == 1
    note = (tmp_path / "state" / "printer-problems.jsonl").read_text()
    assert json.loads(note)["ticket_number"] == "A-001" and NIK[4:12] not in note
    sched.run_until(lambda: c.net.busy == 0)
    kiosk_device = next(d for d in server.admin().get("/api/admin/devices").json()["devices"] if d["kind"] == "kiosk")
    assert kiosk_device["health"]["printer"]["state"] == "paper_out"      # the technician sees it
    assert "A-001" in kiosk_device["health"]["last_error"] and NIK[4:12] not in json.dumps(kiosk_device)
    printer.fail_with = None
    c.reprint()
    sched.run_until(lambda: c.journey.step == "done")
    assert b"CETAK ULANG" in printer.output[0] and ticket_count(server) == 1


def test_existing_active_ticket_is_shown_and_can_be_reprinted(server, kiosk):
    c, sched, printer, clock = kiosk
    first = server.kiosk().post("/api/tickets", json={"service": "A", "nik": NIK, "request_id": "earlier"}).json()
    walk_to_confirm(c, sched)
    c.print_ticket()
    sched.run_until(lambda: c.journey.step == "existing")
    assert c.journey.ticket["number"] == first["number"] and printer.output == []
    c.reprint()
    sched.run_until(lambda: c.journey.step == "done")
    assert prints_number(printer.output[0], first["number"]) and ticket_count(server) == 1


def test_given_ibu_siti_typing_her_nik_when_she_walks_away_then_the_idle_timeout_forgets_it(kiosk):
    c, sched, printer, clock = kiosk
    c.start_journey()
    c.feed.services = [{"code": "A", "available": True}]
    c.choose_service("A")
    c.choose_priority(None)
    c.type_digit("3")
    clock.now += c.cfg.idle_seconds - 1
    c.tick()
    assert c.journey.step == "nik"
    clock.now += 1
    c.tick()
    assert c.journey.step == "welcome" and c.journey.nik == "" and c.journey.service is None


def test_given_an_office_in_makassar_when_the_server_answers_then_clock_and_privacy_notice_follow_it(tmp_path):
    """The server's office zone (not this machine's UTC) and its NIK retention (not the kiosk file's)."""
    s = LiveServer(tmp_path / "data", overrides={"timezone": "Asia/Makassar", "nik_retention_days": 14}).start()
    try:
        c, sched, _printer, _clock = make(s.url, s.creds["kiosk_key"], tmp_path, retention_days=99)
        assert c.feed.privacy_days == 99 and c.feed.now().utcoffset() is None       # before the server answered
        c.start()
        sched.run_until(lambda: c.feed.timezone is not None)
        assert c.feed.timezone.key == "Asia/Makassar" and c.feed.now().utcoffset().total_seconds() == 8 * 3600
        assert c.feed.privacy_days == 14
        c.shutdown()
    finally:
        s.stop()


def test_given_ibu_sitis_ticket_met_an_empty_printer_when_pak_budi_tests_the_server_then_the_alert_stays(
        server, tmp_path):
    """A check changes nothing: "Tes server" asks GET /api/devices/me, never sends a heartbeat that
    would overwrite the out-of-paper report (and clear the alert on /admin)."""
    c, sched, printer, clock = make(server.url, server.creds["kiosk_key"], tmp_path, technician_pin=hash_pin("482913"))
    try:
        printer.fail_with = "paper_out"
        walk_to_confirm(c, sched)
        c.print_ticket()
        sched.run_until(lambda: c.journey.step == "print_failed")
        sched.run_until(lambda: c.net.busy == 0)
        assert kiosk_health(server) == ("paper_out", "printer_paper_out")
        # Pak Budi, the technician, comes by: the gesture, his PIN, then "Tes server".
        c.tech.open_pin()
        for digit in "482913":
            c.tech.type_pin(digit)
        c.tech.submit_pin()
        assert c.journey.step == "technician"
        c.tech.test_connection()
        sched.run_until(lambda: c.tech.outcome is not None and not c.tech.outcome.busy)
        assert [check.code for check in c.tech.outcome.checks] == ["server_ok", "key_ok"]
        assert kiosk_health(server) == ("paper_out", "printer_paper_out")
    finally:
        c.shutdown()


def test_given_the_server_refuses_a_nik_then_its_reasons_are_nik_issues_in_the_servers_words(server):
    """The journey's nik_errors hold one type: the server's reasons become NikIssue objects too."""
    api = ApiClient(server.url, server.creds["kiosk_key"])
    with pytest.raises(ApiRefusal) as refused:    # 31 February 1991: the server's rules say no
        api.issue_ticket(IssueRequest(service="A", nik="3277013102910003", priority=None, request_id="feb-31"))
    issues = nik_issues(refused.value)
    assert [type(i) for i in issues] == [NikIssue] and issues[0].code == "birth_date"
    assert issues[0].message("id") == refused.value.details["errors"][0]["message"]
    assert "31-02-91" in issues[0].message("en")
    # Without reasons, the refusal's own words; without those either, the kiosk's.
    bare = ApiRefusal(422, "invalid_nik", "NIK tidak valid.", "The NIK is not valid.")
    assert [i.message("en") for i in nik_issues(bare)] == ["The NIK is not valid."]
    assert nik_issues(ApiRefusal(422, "invalid_nik", "", ""))[0].message("id") == t("invalid_nik", "id")
