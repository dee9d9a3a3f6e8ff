"""A lobby ticket's holder asks for WhatsApp messages: "hampir tiba", then "dipanggil" - once each.

The server here is the demo office with WhatsApp pointed at a local stand-in of
the Cloud API (the persona fixtures use this module's ``server``).
"""

from __future__ import annotations

import re
import time

import pytest

from tests.live import LiveServer
from tests.personas import citizen

JOKO_PHONE = "0812 3456 7890"
JOKO_E164 = "6281234567890"


@pytest.fixture
def server(tmp_path, whatsapp):
    s = LiveServer(tmp_path / "data", overrides={**whatsapp.settings(), "notify_poll_seconds": 0.2,
                                                 "notify_retry_seconds": 0.3}).start()
    yield s
    s.stop()


def test_pak_joko_is_told_when_his_turn_is_near_and_when_he_is_called_once_each(server, whatsapp, joko,
                                                                               front_office):
    # Given four people before Pak Joko in the queue for service A
    before = [citizen(server, 10 + i) for i in range(4)]
    for person in before:
        assert person.takes_ticket("A").status_code == 201
    assert joko.takes_ticket("A").status_code == 201
    # When he leaves his WhatsApp number on his ticket's page
    r = joko.public.post(f"/api/tickets/{joko.ticket['token']}/contact", json={"phone": JOKO_PHONE})
    assert r.status_code == 200 and r.json()["channel"] == "whatsapp" and JOKO_E164 not in r.text
    # Then nothing while four are ahead of him; "near" once three are (the default)
    assert front_office.calls_next().status_code == 200
    assert joko.looks_at_phone()["ahead"] == 3
    [(to, near)] = [(t, b) for t, b in whatsapp.wait_for(1) and whatsapp.texts()]
    assert to == JOKO_E164 and "giliran Anda hampir tiba (3 lagi)" in near and joko.ticket["number"] in near
    assert f"/t/{joko.ticket['token']}" in near
    for _ in range(3):  # two and one ahead: no second "near"
        assert front_office.calls_next().status_code == 200
    assert front_office.calls_next().json()["number"] == joko.ticket["number"]
    whatsapp.wait_for(2)
    time.sleep(0.6)
    texts = [b for t, b in whatsapp.texts() if t == JOKO_E164]
    assert len(texts) == 2 and "Anda dipanggil ke Loket 1" in texts[1]
    assert not any(re.search(r"\d{16}", b) for b in texts) and joko.nik not in " ".join(texts)


def test_a_contact_can_be_stopped_and_bad_numbers_are_explained(server, whatsapp, joko, front_office):
    assert joko.takes_ticket("A").status_code == 201
    url = f"/api/tickets/{joko.ticket['token']}/contact"
    bad = joko.public.post(url, json={"phone": "12345"})
    assert bad.status_code == 422
    assert "Nomor HP tidak valid" in bad.json()["errors"][0]["message"]
    assert joko.public.post(url, json={}).status_code == 422
    assert joko.public.post("/api/tickets/not-a-token/contact", json={"phone": JOKO_PHONE}).status_code == 404
    assert joko.public.post(url, json={"phone": JOKO_PHONE}).status_code == 200
    assert joko.public.delete(url).json() == {"removed": True}
    assert front_office.calls_next().json()["number"] == joko.ticket["number"]
    time.sleep(0.8)
    assert whatsapp.requests == []


def test_a_ticket_page_cannot_be_used_to_flood_the_server(server, joko):
    assert joko.takes_ticket("A").status_code == 201
    url = f"/api/tickets/{joko.ticket['token']}/contact"
    answers = [joko.public.post(url, json={"phone": JOKO_PHONE}).status_code for _ in range(7)]
    assert answers[:5] == [200] * 5 and answers[5:] == [429, 429]


def test_a_number_called_out_of_turn_is_told_too(server, whatsapp, siti, joko, front_office):
    assert siti.takes_ticket("A").status_code == 201
    assert joko.takes_ticket("A").status_code == 201
    joko.public.post(f"/api/tickets/{joko.ticket['token']}/contact", json={"phone": JOKO_PHONE}).raise_for_status()
    r = front_office.http.post(f"/api/tickets/{joko.ticket['id']}/call",
                               json={"counter_id": front_office.counter_id, "reason": "Lansia, sudah lama menunggu"})
    assert r.status_code == 200, r.text
    whatsapp.wait_for(1)
    time.sleep(0.6)
    [(to, body)] = whatsapp.texts()
    assert to == JOKO_E164 and "Anda dipanggil ke Loket 1" in body


# -- numbers taken from a phone (issue 13) -------------------------------------------------

def from_phone(server, i: int, **extra):
    import uuid

    from tests.server.helpers import nik_for
    body = {"service": "D", "nik": nik_for(i), "request_id": str(uuid.uuid4()), **extra}
    return server.client().post("/api/remote-tickets", json=body)


def test_pak_joko_takes_a_number_from_home_and_his_whatsapp_gets_it_with_the_way_in(server, whatsapp, joko):
    r = from_phone(server, 2, phone=JOKO_PHONE)
    assert r.status_code == 201, r.text
    number = r.json()
    assert number["status"] == "remote"
    [(to, text)] = whatsapp.wait_for(1) and whatsapp.texts()
    assert to == JOKO_E164 and number["number"] in text and f"/t/{number['token']}" in text
    assert "tunjukkan QR/nomor ini di kiosk" in text
    assert not re.search(r"\d{16}", text)
    # The contact is his ticket's, as if left on the status page: masked when read back.
    contact = server.client().get(f"/api/tickets/{number['token']}/contact").json()["contact"]
    assert contact["channel"] == "whatsapp" and JOKO_E164 not in str(contact)


def test_a_number_from_a_phone_with_a_wrong_phone_number_is_refused_and_not_taken(server):
    bad = from_phone(server, 3, phone="12345", email="not an address")
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"phone", "email"}
    good = from_phone(server, 3)
    assert good.status_code == 201 and good.json()["number"] == "D-001"   # nothing was used up


def test_where_the_office_calls_from_home_ibu_rina_queues_from_her_phone_and_is_told_when_near(
        server, whatsapp, front_office, technician):
    # Given an office that calls numbers taken from phones from home, and two people in the lobby
    r = technician.put("/api/admin/notifications", json={"notify_call_from_home": True})
    assert r.status_code == 200, r.text
    walk_ins = [citizen(server, 20 + i) for i in range(2)]
    for person in walk_ins:
        assert person.takes_ticket("D").status_code == 201
    # When Ibu Rina, at home, takes a D number and leaves her WhatsApp
    rina = from_phone(server, 4, phone="0813 1111 2222")
    assert rina.status_code == 201, rina.text
    mine = rina.json()
    # Then she is in the queue at once, after those already there, and told so
    assert mine["status"] == "waiting" and mine["ahead"] == 2
    [(to, text)] = whatsapp.wait_for(1) and whatsapp.texts()
    assert to == "6281311112222" and "Anda sudah masuk antrean" in text and "kiosk agar" not in text
    # The clerk sees that she is not in the lobby yet
    front_office.sets_counter("open")
    [seen] = [t for t in front_office.queue() if t["number"] == mine["number"]]
    assert seen["channel"] == "online" and seen["present"] is False and seen["booked"] is False
    # The first call: one ahead of her now, and she is told her turn is near
    assert front_office.calls_next().json()["number"] == walk_ins[0].ticket["number"]
    whatsapp.wait_for(2)
    assert "giliran Anda hampir tiba (1 lagi)" in whatsapp.texts()[-1][1]
    # She arrives and checks in at the kiosk: she keeps her place and is now present
    again = server.kiosk().post("/api/kiosk/check-in", json={"code": mine["token"], "request_id": "rina-1"})
    assert again.status_code == 200, again.text
    assert again.json()["number"] == mine["number"] and again.json()["ahead"] == 1
    [seen] = [t for t in front_office.queue() if t["number"] == mine["number"]]
    assert seen["present"] is True
    # Her turn: called once, by name of the counter
    assert front_office.calls_next().json()["number"] == walk_ins[1].ticket["number"]
    assert front_office.calls_next().json()["number"] == mine["number"]
    whatsapp.wait_for(3)
    assert "Anda dipanggil ke Loket 1" in whatsapp.texts()[-1][1]
    assert len([b for t, b in whatsapp.texts() if t == "6281311112222"]) == 3
