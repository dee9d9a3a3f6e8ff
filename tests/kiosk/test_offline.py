"""The kiosk keeps issuing when it cannot reach the server (issue 13, part F): leased numbers, a journal
on disk before the paper, and a sync when the server is back. Ibu Siti never waits much past "Cetak Tiket"."""

from __future__ import annotations

import os
import stat

import sqlalchemy as sa

from kiosk.devices.memory import MemoryPrinter
from kiosk.journal import Journal
from kiosk.leases import LeaseStore
from kiosk.offline import OfflineDesk
from kiosk.ticket import PAPERS, ticket_blocks, to_escpos, to_png
from server.storage.schema import tickets
from tests.kiosk.conftest import SIZES
from tests.kiosk.helpers import NIK, NIK_2, PrinterListener, SlowProxy, decode_qr, prints_number, ticket_count
from tests.kiosk.test_gui import walk_to_confirm
from tests.live import LiveServer
from tests.personas import clerk

DAY = "2026-12-07"
ANSWER = {"office_day": DAY, "leases": [{"service": "A", "blocks": [{"first": 501, "last": 503}]}],
          "status_base": "http://antre.local/t/"}


# ---------------------------------------------------------------- the files on their own

def test_the_journal_is_private_survives_a_torn_last_line_and_compacts(tmp_path):
    j = Journal(tmp_path / "journal.jsonl")
    j.append({"request_id": "r1", "nik": NIK})
    j.append({"request_id": "r2", "nik": NIK_2})
    assert stat.S_IMODE(os.stat(j.path).st_mode) == 0o600      # it holds NIKs
    with open(j.path, "ab") as f:                               # a power cut in the middle of a write
        f.write(b'{"request_id": "r3", "ni')
    again = Journal(j.path)                                     # the kiosk restarted
    assert [e["request_id"] for e in again.entries()] == ["r1", "r2"] and again.torn == 1
    again.append({"request_id": "r4"})                          # a new entry never glues onto the torn one
    assert [e["request_id"] for e in again.entries()] == ["r1", "r2", "r4"]
    again.remove({"r1", "r4"})
    assert [e["request_id"] for e in Journal(j.path).entries()] == ["r2"]
    assert stat.S_IMODE(os.stat(j.path).st_mode) == 0o600


def test_leased_numbers_are_handed_out_once_across_restarts_then_run_out(tmp_path):
    store = LeaseStore(tmp_path / "leases.json")
    store.keep(ANSWER)
    assert store.take("A", DAY) == 501
    assert LeaseStore(tmp_path / "leases.json").take("A", DAY) == 502   # restarted: goes on
    assert store.left("A", "2026-12-08") == 0 and store.take("A", "2026-12-08") is None  # another day
    again = LeaseStore(tmp_path / "leases.json")
    assert again.take("A", DAY) == 503 and again.take("A", DAY) is None
    again.keep(ANSWER)                      # the same day's answer again: what was used stays used
    assert again.take("A", DAY) is None


def test_an_offline_ticket_is_journaled_before_it_is_returned_and_says_offline(tmp_path, artifacts):
    desk = OfflineDesk(tmp_path)
    desk.leases.keep(ANSWER)
    service = {"code": "A", "name": "Surat Keterangan DTKS"}
    ticket = desk.issue(service, NIK, "lansia", "abc", DAY, None)
    entry = desk.journal.entries()[0]
    assert entry["number"] == ticket["number"] == "A-501" and entry["request_id"] == "off-abc"
    assert entry["token"] == ticket["token"] and ticket["status_url"] == "http://antre.local/t/" + ticket["token"]
    office = {"name": "Dinas Sosial Kota Contoh", "address": "Jl. Merdeka 1"}
    for mm in (58, 80):
        blocks = ticket_blocks(ticket, office, PAPERS[mm], "id", priority="lansia")
        data = to_escpos(blocks, PAPERS[mm])
        assert b"Dicetak saat offline" in data and b"Antrean di depan" not in data and NIK.encode() not in data
        png = to_png(blocks, PAPERS[mm])
        png.save(artifacts / f"kiosk-ticket-{mm}mm-offline.png")
        assert decode_qr(png) == [ticket["status_url"]]
    assert desk.status()["pending"] == 1 and desk.status()["issued_offline"] == 1


# ---------------------------------------------------------------- the real kiosk and server

def walk_and_print(k, nik=NIK):
    walk_to_confirm(k, nik=nik)
    k.tap(k.ids("confirm").print)


def test_given_a_stalled_server_ibu_siti_gets_a_ticket_from_the_reserve_and_staff_see_it_after_sync(
        server, open_kiosk):
    proxy = SlowProxy(server.url, delay=8.0)     # accepts the ticket request, does not answer for 8 s
    try:
        printer = MemoryPrinter(PAPERS[80])
        k = open_kiosk(proxy.url, server.creds["kiosk_key"], printer=printer, request_timeout=20.0)
        k.c.offline_after_seconds = 1.0
        k.wait(lambda: k.c.offline.leases.services())            # leases fetched at the first contact
        first = k.c.offline.leases._data["leases"]["A"][0][0]
        k.c.offline_upkeep_seconds = float("inf")               # no sync until the slow request has landed
        walk_and_print(k)
        k.wait(lambda: printer.jobs, limit=3 * k.c.offline_after_seconds)
        assert k.c.journey.ticket["number"] == f"A-{first}" and k.c.journey.ticket["offline"]
        assert b"Dicetak saat offline" in printer.output[0]
        k.wait_screen("done")
        k.shot("kiosk-laptop-1366x768-offline-done")
        # the slow request still lands on the server later (same NIK): the sync merges, staff are told
        k.wait(lambda: ticket_count(server, NIK) == 1, limit=15)
        k.c.offline_upkeep_seconds = 0.2
        k.wait(lambda: k.c.offline.journal.pending() == 0, limit=15)
        queue = [t["number"] for t in clerk(server, 0).queue()]
        assert f"A-{first}" not in queue and len(queue) == 1   # merged into the online ticket: called once
    finally:
        proxy.close()
    assert ticket_count(server, NIK) == 2


def test_given_the_server_gone_the_kiosk_prints_from_its_reserve_survives_a_restart_and_syncs_when_back(
        tmp_path, open_kiosk):
    server = LiveServer(tmp_path / "office").start()
    url, key, port = server.url, server.creds["kiosk_key"], server.port
    printer = MemoryPrinter(PAPERS[80])
    k = open_kiosk(url, key, printer=printer, retry_delays=(0.2,) * 20)
    k.c.offline_after_seconds = 1.0
    k.wait(lambda: k.c.offline.leases.services())
    first = k.c.offline.leases._data["leases"]["A"][0][0]
    server.stop()
    walk_and_print(k)
    k.wait(lambda: printer.jobs, limit=5)
    assert k.c.journey.ticket["number"] == f"A-{first}"
    k.wait_screen("done")
    k.root.detach()
    k.c.shutdown()

    # restarted while the server is still away: the journal and the reserve are still there
    k = open_kiosk(url, key, printer=printer, size=SIZES["tablet"], retry_delays=(0.2,) * 20)
    k.c.offline_after_seconds = 1.0
    assert k.c.offline.journal.pending() == 1
    k.wait(lambda: k.c.can_serve)                          # the reserve lets Welcome lead to a ticket
    k.shot("kiosk-tablet-1280x800-offline-welcome")
    walk_and_print(k, nik=NIK_2)
    k.wait(lambda: len(printer.jobs) == 2, limit=5)
    assert k.c.journey.ticket["number"] == f"A-{first + 1}"
    k.wait_screen("done")

    server = LiveServer(tmp_path / "office", port=port).start()
    try:
        k.c.offline_upkeep_seconds = 0.2
        k.wait(lambda: k.c.offline.journal.pending() == 0, limit=15)
        queue = {t["number"]: t for t in clerk(server, 0).queue()}
        assert queue[f"A-{first}"]["offline"] and queue[f"A-{first + 1}"]["offline"]
        token = k.c.journey.ticket["token"]
        assert server.client().get(f"/api/tickets/{token}").json()["number"] == f"A-{first + 1}"
        assert k.c.offline.status()["last_sync"] is not None
    finally:
        server.stop()


def test_a_reserve_used_up_offline_gets_a_polite_refusal(tmp_path, open_kiosk):
    server = LiveServer(tmp_path / "office").start()
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]),
                   retry_delays=(0.2,) * 20)
    k.c.offline_after_seconds = 1.0
    k.wait(lambda: k.c.offline.leases.services())
    server.stop()
    day = k.c.offline.leases.office_day
    while k.c.offline.leases.take("A", day) is not None:   # the rest of the block went to earlier citizens
        pass
    walk_and_print(k)
    k.wait_screen("refused", limit=5)
    assert "Nomor cadangan habis, silakan ke meja petugas" in k.ids("refused").reason.text
    k.shot("kiosk-laptop-1366x768-offline-exhausted")


def test_pak_budi_sees_the_offline_state_on_the_technician_screen_and_over_ssh(server, open_kiosk, tmp_path):
    from tests.kiosk.test_main import run_main, write_config
    from tests.kiosk.test_technician import PIN, open_kiosk_for_technician, press, type_pin

    k, clock = open_kiosk_for_technician(open_kiosk, server, tmp_path)
    k.wait(lambda: k.c.offline.leases.services())
    k.c.offline_upkeep_seconds = float("inf")                      # no upload while Pak Budi looks
    k.wait(lambda: not k.c._upkeep_busy)
    k.c.offline.issue({"code": "A", "name": "Surat Keterangan DTKS"}, NIK, None, "r1",
                      k.c.office_today(), k.c.feed.timezone)        # one ticket printed while the server was away
    k.c.offline.offline = True
    press(k, clock, "top_left", 3.2)
    press(k, clock, "bottom_right", 3.2)
    type_pin(k, PIN)
    assert k.screen == "technician"
    for name, size in (("landscape", SIZES["laptop"]), ("tablet", SIZES["tablet"]), ("portrait", SIZES["portrait"])):
        k.resize(size)
        text = k.ids("technician").key_state.text
        assert "Mode offline: AKTIF" in text and "1 tiket offline belum terkirim" in text
        k.shot(f"technician-{name}-offline-state")
    cfg = write_config(tmp_path, server_url=server.url, kiosk_key=server.creds["kiosk_key"],
                       language="id", state_dir=str(tmp_path / "kiosk-state"))
    r = run_main("--config", cfg, "--printer", f"preview:{tmp_path}/t", "--check")
    assert "1 tiket offline belum terkirim" in r.stdout, r.stdout + r.stderr


def test_a_power_cut_after_the_journal_write_still_gets_the_ticket_to_the_server(server, tmp_path):
    """The entry was on disk, the paper never came out: the kiosk restarts on Welcome (no reprint by
    itself: nobody is standing there any more), and the number reaches the staff's queue at sync."""
    from kiosk.api import ApiClient

    api = ApiClient(server.url, server.creds["kiosk_key"])
    before = OfflineDesk(tmp_path)
    before.refresh(api, [{"code": "A", "name": "Surat Keterangan DTKS"}])
    day = before.leases.office_day
    ticket = before.issue({"code": "A", "name": "Surat Keterangan DTKS"}, NIK, None, "cut", day, None)
    with open(before.journal.path, "ab") as f:        # and the next one was cut mid-write
        f.write(b'{"request_id": "off-next", "nik": "32')
    after = OfflineDesk(tmp_path)                      # the power is back
    assert after.sync(api) == 1 and after.journal.entries() == [] and after.status()["pending"] == 0
    assert after.journal.torn == 0                     # compacted: the torn line is gone with the rest
    assert ticket["number"] in [t["number"] for t in clerk(server, 0).queue()]
    assert after.sync(api) == 0                        # nothing left, nothing sent twice
    assert ticket_count(server, NIK) == 1


def test_given_the_server_back_before_cetak_tiket_the_ticket_is_an_ordinary_one(tmp_path, open_kiosk):
    server = LiveServer(tmp_path / "office").start()
    url, key, port = server.url, server.creds["kiosk_key"], server.port
    printer = MemoryPrinter(PAPERS[80])
    k = open_kiosk(url, key, printer=printer)
    k.c.offline_after_seconds = 1.0
    k.wait(lambda: k.c.offline.leases.services())
    server.stop()                                     # lost while Ibu Siti reads the tiles ...
    walk_to_confirm(k)
    server = LiveServer(tmp_path / "office", port=port).start()   # ... and back before she presses
    try:
        k.wait(lambda: not k.c.feed.services_offline)
        k.tap(k.ids("confirm").print)
        k.wait(lambda: printer.jobs, limit=5)
        assert not k.c.journey.ticket.get("offline") and k.c.offline.journal.pending() == 0
        assert b"Dicetak saat offline" not in printer.output[0]
        assert ticket_count(server, NIK) == 1
    finally:
        server.stop()


def test_two_kiosks_cut_off_at_once_print_from_their_own_reserves_and_both_sync(tmp_path, open_kiosk, window):
    """The lobby's two kiosks lose the server together: Ibu Siti at the first and Pak Joko at the second
    both get a ticket, never the same number; when the server is back both journals are uploaded and
    the clerk calls them in the order they were printed."""
    server = LiveServer(tmp_path / "office").start()
    url, port = server.url, server.port
    admin = server.admin()
    created = admin.post("/api/admin/devices", json={"kind": "kiosk", "name": "Kiosk Pintu Timur"}).json()
    key_2 = server.client().post("/api/devices/pair", json={"code": created["pairing_code"]}).json()["key"]
    printers = [PrinterListener(), PrinterListener()]          # each kiosk's network ESC/POS printer
    kiosks = [open_kiosk(url, key, printer_spec=p.spec, state_dir=str(tmp_path / f"kiosk-{i}"),
                         retry_delays=(0.2,) * 20)
              for i, (key, p) in enumerate(((server.creds["kiosk_key"], printers[0]), (key_2, printers[1])))]
    for k in kiosks:
        k.c.offline_after_seconds = 1.0
        k.wait(lambda k=k: k.c.offline.leases.services())

    def alone(k):
        """Touches reach every kiosk on the one test window: only ``k`` is on it while it is used."""
        for other in kiosks:
            if other.root.parent is not None:
                window.remove_widget(other.root)
        window.add_widget(k.root)
        k.pump(3)

    server.stop()
    numbers = []
    for k, printer, nik in zip(kiosks, printers, (NIK, NIK_2)):
        alone(k)
        walk_and_print(k, nik=nik)
        k.wait(lambda printer=printer: printer.jobs, limit=5)
        numbers.append(k.c.journey.ticket["number"])
        assert k.c.journey.ticket["offline"] and prints_number(printer.jobs[0], numbers[-1])
        assert b"Dicetak saat offline" in printer.jobs[0]
        k.wait_screen("done")
    assert numbers[0] != numbers[1] and all(n.startswith("A-") for n in numbers)

    server = LiveServer(tmp_path / "office", port=port).start()
    try:
        for k in kiosks:
            k.c.offline_upkeep_seconds = 0.2
        kiosks[0].wait(lambda: all(k.c.offline.journal.pending() == 0 for k in kiosks), limit=20)
        front = clerk(server, 0)
        queue = {t["number"]: t for t in front.queue()}
        assert queue[numbers[0]]["offline"] and queue[numbers[1]]["offline"]
        front.sets_counter("open")
        assert front.calls_next().json()["number"] == numbers[0]     # printed first, called first
        assert front.calls_next().json()["number"] == numbers[1]
    finally:
        server.stop()
        for p in printers:
            p.close()


def test_tickets_printed_offline_late_in_the_day_sync_next_morning_on_their_own_day(tmp_path, open_kiosk):
    """The server went down in the afternoon and came back the next morning: Ibu Siti's offline ticket
    is recorded on the day it was printed and closed with that day (the clerk's queue today does not
    show it), and the kiosk's first ticket of the new day is the new day's first number."""
    from tests.live import Clock

    clock = Clock()
    server = LiveServer(tmp_path / "office", clock=clock).start()
    url, key, port = server.url, server.creds["kiosk_key"], server.port
    printer = MemoryPrinter(PAPERS[80])
    k = open_kiosk(url, key, printer=printer, retry_delays=(0.2,) * 20)
    k.c.offline_after_seconds = 1.0
    k.wait(lambda: k.c.offline.leases.services())
    yesterday = k.c.offline.leases._data["office_day"]
    server.stop()
    walk_and_print(k)
    k.wait(lambda: printer.jobs, limit=5)
    offline_number = k.c.journey.ticket["number"]
    assert k.c.journey.ticket["offline"]
    k.wait_screen("done")

    clock.advance(24 * 3600)                     # the night passes; the server is back in the morning
    server = LiveServer(tmp_path / "office", port=port, clock=clock).start()
    try:
        server.kiosk().get("/api/services")      # the office day turns over at the first touch
        k.c.offline_upkeep_seconds = 0.2
        k.wait(lambda: k.c.offline.journal.pending() == 0, limit=20)
        with server.ctx.db.read() as conn:
            day, status = conn.execute(sa.select(tickets.c.office_day, tickets.c.status).where(
                tickets.c.number == offline_number)).one()
        assert (day, status) == (yesterday, "expired")
        assert offline_number not in [t["number"] for t in clerk(server, 0).queue()]
        k.wait(lambda: k.c.can_serve and k.screen == "welcome", limit=20)
        walk_and_print(k, nik=NIK_2)
        k.wait(lambda: len(printer.jobs) == 2, limit=10)
        assert k.c.journey.ticket["number"] == "A-001" and not k.c.journey.ticket.get("offline")
    finally:
        server.stop()
