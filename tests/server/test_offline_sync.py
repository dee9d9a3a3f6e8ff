"""A kiosk cut off from the server keeps numbering from leased blocks; its tickets arrive later (issue 13, part F)."""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from server.domain.leases import remaining
from server.storage.schema import number_counters
from tests.live import LiveServer
from tests.personas import clerk
from tests.server.helpers import SSEReader, issue, nik_for

JAKARTA = ZoneInfo("Asia/Jakarta")


def second_kiosk(server, name="Kiosk Pintu Timur"):
    admin = server.admin()
    created = admin.post("/api/admin/devices", json={"kind": "kiosk", "name": name}).json()
    key = server.client().post("/api/devices/pair", json={"code": created["pairing_code"]}).json()["key"]
    return server.client(headers={"Authorization": f"Bearer {key}"})


def blocks(answer, letter="A"):
    return [(b["first"], b["last"]) for lease in answer["leases"] if lease["service"] == letter
            for b in lease["blocks"]]


def entry(server_clock, lease_answer, number, i, **extra):
    return {"request_id": str(uuid.uuid4()), "service": number[0], "nik": nik_for(i), "number": number,
            "issued_at": server_clock, "office_day": lease_answer["office_day"], **extra}


def test_remaining_counts_what_is_left_above_the_last_used():
    assert remaining([(501, 550)], 0) == 50
    assert remaining([(501, 550)], 545) == 5
    assert remaining([(501, 550), (601, 650)], 545) == 55


def test_two_kiosks_get_different_blocks_and_the_server_skips_them(server):
    k1, k2 = server.kiosk(), second_kiosk(server)
    a1 = k1.post("/api/kiosk/leases", json={}).json()
    a2 = k2.post("/api/kiosk/leases", json={}).json()
    b1, b2 = blocks(a1), blocks(a2)
    assert len(b1) == len(b2) == 1
    assert not set(range(b1[0][0], b1[0][1] + 1)) & set(range(b2[0][0], b2[0][1] + 1))
    # asking again gives the same block: nothing new leased while it is still full
    assert blocks(k1.post("/api/kiosk/leases", json={}).json()) == b1
    # the server's own numbering reaches the leased range and jumps over both blocks
    lowest = min(b1[0][0], b2[0][0])
    server.sql(sa.delete(number_counters).where(number_counters.c.office_day == a1["office_day"],
                                                number_counters.c.prefix == "A"),
               sa.insert(number_counters).values(office_day=a1["office_day"], prefix="A", last_number=lowest - 2))
    numbers = [issue(k1, "A", i).json()["number"] for i in (1, 2)]
    leased = set(range(b1[0][0], b1[0][1] + 1)) | set(range(b2[0][0], b2[0][1] + 1))
    first_free = max(leased) + 1
    assert numbers == [f"A-{lowest - 1:03d}", f"A-{first_free:03d}"]


def test_a_kiosk_that_used_most_of_its_block_gets_another(server):
    k1 = server.kiosk()
    first = blocks(k1.post("/api/kiosk/leases", json={}).json())[0]
    more = blocks(k1.post("/api/kiosk/leases", json={"used": {"A": first[1] - 3}}).json())
    assert len(more) == 2 and more[0] == first and more[1][0] > first[1]


@pytest.fixture
def clocked(tmp_path, clock):
    s = LiveServer(tmp_path / "data", clock=clock).start()
    yield s
    s.stop()


def test_offline_tickets_queue_by_their_issue_time_and_sync_once(clocked, clock):
    server = clocked
    kiosk = server.kiosk()
    lease = kiosk.post("/api/kiosk/leases", json={}).json()
    first_leased = blocks(lease)[0][0]
    before = issue(kiosk, "A", 1).json()
    printed_at = clock()
    clock.advance(60)
    after = issue(kiosk, "A", 2).json()
    offline = entry(printed_at + 1, lease, f"A-{first_leased}", 3, token="kiosk-made-token-0001")
    sync = kiosk.post("/api/kiosk/sync", json={"entries": [offline]})
    assert sync.status_code == 200
    answer = sync.json()["entries"][0]
    assert answer["outcome"] == "new" and answer["status"] == "waiting"
    assert answer["token"] == "kiosk-made-token-0001"  # the QR printed offline works once synced
    # the journal sent again (the kiosk never heard the answer): nothing new
    again = kiosk.post("/api/kiosk/sync", json={"entries": [offline]}).json()["entries"][0]
    assert again["outcome"] == "repeat" and again["number"] == answer["number"]
    assert server.client().get("/api/tickets/kiosk-made-token-0001").status_code == 200
    front = clerk(server, 0)
    queue = [t["number"] for t in front.queue()]
    assert queue.index(before["number"]) < queue.index(f"A-{first_leased}") < queue.index(after["number"])
    assert [t["offline"] for t in front.queue() if t["number"] == f"A-{first_leased}"] == [True]
    called = [front.calls_next().json()["number"] for _ in range(3)]
    assert called == [before["number"], f"A-{first_leased}", after["number"]]


def test_two_kiosks_offline_at_once_are_called_in_print_order_whichever_syncs_first(clocked, clock):
    """Both kiosks lost the server after A's last online ticket: Kiosk 1 printed at 09:00:10, Kiosk 2
    at 09:00:40 and 09:01:30. Kiosk 2 comes back first; the clerk still calls in print order."""
    server = clocked
    k1, k2 = server.kiosk(), second_kiosk(server)
    lease1, lease2 = k1.post("/api/kiosk/leases", json={}).json(), k2.post("/api/kiosk/leases", json={}).json()
    last_online = issue(k1, "A", 1).json()
    t0 = clock()
    n1, n2 = blocks(lease1)[0][0], blocks(lease2)[0][0]
    clock.advance(120)
    assert k2.post("/api/kiosk/sync", json={"entries": [entry(t0 + 40, lease2, f"A-{n2}", 2),
                                                        entry(t0 + 90, lease2, f"A-{n2 + 1}", 3)]}).status_code == 200
    assert k1.post("/api/kiosk/sync", json={"entries": [entry(t0 + 10, lease1, f"A-{n1}", 4)]}).status_code == 200
    next_online = issue(k1, "A", 5).json()
    front = clerk(server, 0)
    expected = [last_online["number"], f"A-{n1}", f"A-{n2}", f"A-{n2 + 1}", next_online["number"]]
    assert [t["number"] for t in sorted(front.queue(), key=lambda t: (t["rank"], t["queue_seq"]))] == expected
    assert [front.calls_next().json()["number"] for _ in expected] == expected


def test_a_second_ticket_for_the_same_nik_is_merged_and_staff_are_told(server):
    kiosk = server.kiosk()
    lease = kiosk.post("/api/kiosk/leases", json={}).json()
    held = issue(kiosk, "A", 5).json()
    stream = SSEReader(server.url + "/api/staff/events",
                       headers={"Authorization": server.staff(0).headers["Authorization"]})
    number = f"A-{blocks(lease)[0][0]}"
    answer = kiosk.post("/api/kiosk/sync", json={"entries": [
        entry(server.ctx.clock(), lease, number, 5)]}).json()["entries"][0]
    assert answer["outcome"] == "merged" and answer["status"] == "cancelled"
    assert answer["merged_into"]["number"] == held["number"]
    expected = f"{number} digabung dengan {held['number']}: NIK yang sama"
    assert stream.wait_for(lambda e: e["type"] == "ticket.merged" and e["staff"]["message"] == expected)
    stream.close()
    queue = {t["number"]: t for t in clerk(server, 0).queue()}
    assert number not in queue
    assert [n["note"] for n in queue[held["number"]]["notes"]] == [expected]   # read by the clerk who calls it


def test_a_number_not_leased_to_this_kiosk_is_refused_and_the_rest_is_kept(server):
    k1, k2 = server.kiosk(), second_kiosk(server)
    lease1 = k1.post("/api/kiosk/leases", json={}).json()
    lease2 = k2.post("/api/kiosk/leases", json={}).json()
    mine, theirs = blocks(lease2)[0][0], blocks(lease1)[0][0]
    now = server.ctx.clock()
    answers = k2.post("/api/kiosk/sync", json={"entries": [
        entry(now, lease2, f"A-{theirs}", 7), entry(now, lease2, f"A-{mine}", 8)]}).json()["entries"]
    assert [a["outcome"] for a in answers] == ["refused", "new"]
    assert answers[0]["error"] == "not_leased"


def test_bad_entries_get_a_clear_error(server):
    r = server.kiosk().post("/api/kiosk/sync", json={"entries": [{"request_id": "x", "service": "A"}]})
    assert r.status_code == 422
    assert server.client().post("/api/kiosk/sync", json={"entries": []}).status_code == 401


def test_tickets_synced_after_midnight_are_kept_on_their_day_and_expired(clocked, clock):
    server = clocked
    kiosk = server.kiosk()
    lease = kiosk.post("/api/kiosk/leases", json={}).json()
    printed_at = clock()
    e = entry(printed_at, lease, f"A-{blocks(lease)[0][0]}", 9)
    clock.advance(24 * 3600)
    issue(kiosk, "A", 10)  # the office day turns over on the next write
    answer = kiosk.post("/api/kiosk/sync", json={"entries": [e]}).json()["entries"][0]
    assert answer["outcome"] == "new" and answer["status"] == "expired"
    assert answer["office_day"] == lease["office_day"]
    assert dt.date.fromisoformat(answer["office_day"]) < dt.datetime.fromtimestamp(clock(), JAKARTA).date()
    assert e["number"] not in [t["number"] for t in clerk(server, 0).queue()]

