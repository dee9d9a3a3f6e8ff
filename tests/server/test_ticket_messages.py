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
from tests.plans import recording

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


def test_the_call_looks_only_at_tickets_with_a_contact_through_an_index(server, joko, siti, front_office):
    assert siti.takes_ticket("A").status_code == 201
    assert joko.takes_ticket("A").status_code == 201
    joko.public.post(f"/api/tickets/{joko.ticket['token']}/contact", json={"phone": JOKO_PHONE})
    with recording(server.ctx.db.write_engine) as seen:
        assert front_office.calls_next().status_code == 200
    mine = [(sql, params) for sql, params in seen if "ticket_contacts" in sql and sql.lstrip().startswith("SELECT")]
    assert mine
    with server.ctx.db.read() as conn:
        raw = conn.connection.driver_connection
        for sql, params in mine:
            plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params)]
            assert not [step for step in plan if step.startswith("SCAN")], f"{sql}\n{plan}"


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
