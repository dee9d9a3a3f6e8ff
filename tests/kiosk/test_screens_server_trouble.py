"""The kiosk when the server is away or slow, as Ibu Siti meets it: it says plainly what to do,
lets her stop waiting, and never gives two tickets nor loses one that was issued."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from kiosk.devices.memory import MemoryPrinter
from kiosk.ticket import PAPERS
from tests.kiosk.conftest import SIZES
from tests.kiosk.helpers import NIK, SlowProxy, ticket_count
from tests.kiosk.test_gui import assert_everything_fits, walk_to_confirm
from tests.live import LiveServer


def test_given_a_server_seen_yesterday_when_the_kiosk_starts_without_it_then_it_keeps_the_office_and_asks_for_staff(
        tmp_path, open_kiosk):
    server = LiveServer(tmp_path / "office").start()
    url, key, port = server.url, server.creds["kiosk_key"], server.port
    state = str(tmp_path / "kiosk-state")
    first = open_kiosk(url, key, printer=MemoryPrinter(PAPERS[80]), state_dir=state)
    first.wait(lambda: first.c.feed.services and first.c.feed.office.get("name"))
    first.wait(lambda: getattr(first.c.feed.timezone, "key", None))
    leases = Path(state) / "leases.json"
    first.wait(leases.exists)      # the server leased it numbers for offline use, as every kiosk gets
    office = first.c.feed.office["name"]
    first.root.detach()
    first.c.shutdown()
    server.stop()
    # It was yesterday: the numbers the server leased to the kiosk for offline use were that day's,
    # so today it holds no reserve (with one, it would print offline: tests/kiosk/test_offline.py).
    kept = json.loads(leases.read_text())
    kept["office_day"] = (dt.date.fromisoformat(kept["office_day"]) - dt.timedelta(days=1)).isoformat()
    leases.write_text(json.dumps(kept))

    k = open_kiosk(url, key, printer=MemoryPrinter(PAPERS[80]), state_dir=state, size=SIZES["tablet"])
    k.wait(lambda: k.c.feed.services_offline)
    welcome = k.ids("welcome")
    assert welcome.office.text == office
    assert k.c.feed.timezone.key == "Asia/Jakarta"
    assert welcome.clock.text == f"{dt.datetime.now(k.c.feed.timezone):%H.%M}" or welcome.clock.text == \
        f"{dt.datetime.now(k.c.feed.timezone) - dt.timedelta(minutes=1):%H.%M}"
    assert welcome.start.opacity == 0 and welcome.start.disabled
    assert "minta bantuan petugas" in welcome.closed.text and welcome.free.text == ""
    k.shot("kiosk-tablet-1280x800-fault-start-offline")
    assert_everything_fits(k)
    k.tap(welcome.closed)          # a touch anywhere does nothing: it cannot lead to a ticket
    assert k.screen == "welcome" and k.c.journey.step == "welcome"

    server = LiveServer(tmp_path / "office", port=port).start()
    try:
        k.wait(lambda: k.c.can_serve)
        assert welcome.start.opacity == 1 and welcome.closed.text == ""
        k.tap(welcome.start)
        assert k.screen == "service"
    finally:
        server.stop()


def test_given_the_server_goes_away_when_ibu_siti_is_choosing_then_the_screen_says_to_ask_the_staff(
        tmp_path, open_kiosk):
    server = LiveServer(tmp_path / "office").start()
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]))
    k.wait(lambda: k.c.feed.services)
    k.tap(k.ids("welcome").start)
    server.stop()
    k.wait(lambda: k.c.feed.services_offline)
    k.pump(2)
    assert "Silakan minta bantuan petugas" in k.ids("service").status.text
    k.shot("kiosk-laptop-1366x768-fault-service-offline")


def test_given_a_stalled_server_when_ibu_siti_presses_batal_then_the_late_ticket_is_still_printed_once(
        server, open_kiosk):
    proxy = SlowProxy(server.url, delay=3.0)
    try:
        printer = MemoryPrinter(PAPERS[80])
        k = open_kiosk(proxy.url, server.creds["kiosk_key"], printer=printer, request_timeout=20.0)
        k.c.stall_seconds = 0.5
        walk_to_confirm(k)
        k.tap(k.ids("confirm").print)
        assert k.screen == "progress" and k.ids("progress").stop.opacity == 0    # not at once
        k.wait(lambda: k.ids("progress").stop.opacity == 1)
        assert "Batal" in k.ids("progress").retry.text and k.ids("progress").stop.text == "Batal"
        k.shot("kiosk-laptop-1366x768-fault-server-stalled")
        assert_everything_fits(k)
        k.tap(k.ids("progress").stop)
        assert k.screen == "server_down"
        assert "minta bantuan petugas" in k.ids("server_down").message.text
        k.wait_screen("done")          # the answer to the request she stopped waiting for
        assert ticket_count(server, NIK) == 1 and len(printer.output) == 1 and k.c.issue_requests == 1
    finally:
        proxy.close()


def test_given_a_stalled_server_when_ibu_siti_stops_then_tries_again_she_gets_exactly_one_ticket(server, open_kiosk):
    proxy = SlowProxy(server.url, delay=2.0, slow_posts=2)
    try:
        printer = MemoryPrinter(PAPERS[80])
        k = open_kiosk(proxy.url, server.creds["kiosk_key"], printer=printer, request_timeout=20.0)
        k.c.stall_seconds = 0.3
        walk_to_confirm(k)
        k.tap(k.ids("confirm").print)
        k.wait(lambda: k.ids("progress").stop.opacity == 1)
        k.tap(k.ids("progress").stop)
        k.tap(k.ids("server_down").retry)     # the same request id again, the first still under way
        k.wait_screen("done")
        k.wait(lambda: proxy.posts == 2)
        k.pump(10)
        assert k.c.issue_requests == 2 and ticket_count(server, NIK) == 1 and len(printer.output) == 1
    finally:
        proxy.close()


def test_given_a_server_that_is_down_the_wait_is_bounded_however_many_retries_are_configured(tmp_path, open_kiosk):
    server = LiveServer(tmp_path / "office").start()
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]),
                   retry_delays=(30.0, 30.0, 30.0))
    k.c.patience_seconds = 5.0
    walk_to_confirm(k)
    server.stop()
    k.tap(k.ids("confirm").print)
    k.wait_screen("server_down")
    assert k.c.journey.attempt == 1 and k.c.issue_requests == 1   # no retry 30 s later to wait for
    k.tap(k.ids("server_down").cancel)
    assert k.screen == "welcome"


def test_the_office_remembered_is_only_that_of_the_same_server(tmp_path):
    from kiosk.office_memory import OfficeMemory

    memory = OfficeMemory(str(tmp_path), "http://10.0.0.5:8000")
    assert memory.recall() == ({}, None)
    memory.keep({"name": "Dinas Sosial Kota Pariaman"}, "Asia/Jakarta")
    assert OfficeMemory(str(tmp_path), "http://10.0.0.5:8000").recall() == (
        {"name": "Dinas Sosial Kota Pariaman"}, "Asia/Jakarta")
    assert OfficeMemory(str(tmp_path), "http://10.0.0.9:8000").recall() == ({}, None)   # another server
    (tmp_path / "office.json").write_text("{not json")
    assert OfficeMemory(str(tmp_path), "http://10.0.0.5:8000").recall() == ({}, None)   # a broken file: nothing
