"""The SKM survey over HTTP (real server, real SQLite): one response per finished visit,
from the phone or the survey tablet, and the head of office's SKM report.

Personas: Ibu Siti and Pak Joko (citizens), petugas1 at Loket 1 (front office), kepala
(the head of office, supervisor), Pak Budi (technician) who pairs the survey tablet.
"""

from __future__ import annotations

import io
import threading

from openpyxl import load_workbook

GOOD = [4, 3, 4, 4, 3, 4, 4, 3, 4]
FAIR = [3, 3, 4, 4, 3, 3, 4, 2, 3]


def served(citizen, clerk, service: str = "A") -> dict:
    """``citizen`` takes a ticket and ``clerk`` serves and finishes it."""
    t = citizen.takes_ticket(service).json()
    assert clerk.calls_next().status_code == 200
    r = clerk.does("done", t)
    assert r.status_code == 200, r.text
    return t


def test_siti_answers_on_her_phone_once_her_visit_is_finished(server, siti, front_office, supervisor):
    t = siti.takes_ticket("A").json()
    phone = siti.public
    before = phone.get(f"/api/survey/{t['token']}")
    assert before.status_code == 200 and before.json()["state"] == "not_available"
    early = phone.post(f"/api/survey/{t['token']}", json={"answers": GOOD})
    assert early.status_code == 409 and early.json()["code"] == "survey_not_available"
    assert "setelah Anda selesai dilayani" in early.json()["message"]

    front_office.calls_next()
    front_office.does("done", t)
    state = phone.get(f"/api/survey/{t['token']}").json()
    assert state == {"state": "available", "service": "A", "service_name": state["service_name"],
                     "service_name_en": state["service_name_en"], "number": t["number"]}
    r = phone.post(f"/api/survey/{t['token']}", json={
        "answers": GOOD, "profile": {"sex": "P", "age": 64, "education": "sd", "occupation": "irt"},
        "suggestion": "Kursi tunggu kurang. NIK saya 3271014112900777, HP 0812-3456-7890"})
    assert r.status_code == 201, r.text
    assert r.json()["state"] == "answered"
    assert phone.get(f"/api/survey/{t['token']}").json()["state"] == "answered"
    again = phone.post(f"/api/survey/{t['token']}", json={"answers": FAIR})
    assert again.status_code == 409 and again.json()["code"] == "survey_already_answered"

    today = server.ctx.today()
    report = supervisor.get(f"/api/reports/skm?from={today}&to={today}").json()
    assert report["respondents"] == 1
    assert report["nrr"] == [float(a) for a in GOOD]
    assert report["profile"]["sex"] == {"P": 1} and report["profile"]["age"] == {"60+": 1}
    text = report["suggestions"][0]["text"]
    assert "3271014112900777" not in text and "3271********0777" in text
    assert "3456" not in text
    # the stored row itself never held the full NIK
    rows = server.ctx.db.writer.call(lambda tx: tx.conn.exec_driver_sql(
        "SELECT suggestion FROM survey_responses").scalars().all())
    assert all("3271014112900777" not in s for s in rows)


def test_unknown_tokens_and_bad_answers_are_refused_politely_and_keep_nothing(server, siti, front_office):
    phone = siti.public
    assert phone.get("/api/survey/bukan-token").status_code == 404
    unknown = phone.post("/api/survey/bukan-token", json={"answers": GOOD})
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_ticket"
    t = served(siti, front_office)
    for body in ({"answers": GOOD[:8]}, {"answers": [5] + GOOD[1:]}, {"answers": GOOD, "profile": {"sex": "X"}},
                 {"answers": GOOD, "profile": {"age": 3}}, {"answers": GOOD, "profile": {"education": "phd"}}):
        r = phone.post(f"/api/survey/{t['token']}", json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["message"] and r.json()["message_en"]
    assert phone.get(f"/api/survey/{t['token']}").json()["state"] == "available"


def test_two_taps_at_once_keep_exactly_one_response(server, siti, front_office):
    t = served(siti, front_office)
    answers, barrier = [], threading.Barrier(6)

    def tap():
        client = server.client()
        barrier.wait()
        answers.append(client.post(f"/api/survey/{t['token']}", json={"answers": GOOD}).status_code)
    threads = [threading.Thread(target=tap) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(answers) == [201] + [409] * 5
    count = server.ctx.db.writer.call(lambda tx: tx.conn.exec_driver_sql(
        "SELECT count(*) FROM survey_responses").scalar())
    assert count == 1


def pair_survey_tablet(server, technician, counters: list[int]) -> tuple[int, object]:
    created = technician.post("/api/admin/devices", json={"kind": "survey", "name": "Tablet survei lobi"})
    assert created.status_code == 201, created.text
    device_id = created.json()["id"]
    r = technician.put(f"/api/admin/devices/{device_id}/settings",
                       json={"zone_id": None, "language": "id", "counters": counters})
    assert r.status_code == 200, r.text
    paired = server.client().post("/api/devices/pair", json={"code": created.json()["pairing_code"], "kind": "survey"})
    assert paired.status_code == 200, paired.text
    return device_id, server.client(headers={"Authorization": f"Bearer {paired.json()['key']}"})


def test_the_survey_tablet_answers_for_the_ticket_finished_at_its_counter_and_the_phone_cannot_again(
        server, technician, siti, joko, front_office, supervisor, lobby_display):
    _, tablet = pair_survey_tablet(server, technician, [front_office.counter_id])
    setup = tablet.get("/api/survey/tablet").json()
    assert setup["counters"] == [front_office.counter_id]
    t = served(siti, front_office)
    assert lobby_display.sees(lambda e: e["type"] == "ticket.done" and e["ticket"]["id"] == t["id"]
                              and e["ticket"]["counter_id"] == front_office.counter_id)
    offer = tablet.get(f"/api/survey/tablet/ticket?ticket_id={t['id']}").json()
    assert offer["state"] == "available" and offer["number"] == t["number"]
    r = tablet.post("/api/survey/tablet", json={"ticket_id": t["id"], "answers": FAIR})
    assert r.status_code == 201, r.text
    assert lobby_display.sees(lambda e: e["type"] == "survey.answered" and e["ticket"]["id"] == t["id"])
    on_phone = siti.public.post(f"/api/survey/{t['token']}", json={"answers": GOOD})
    assert on_phone.status_code == 409 and on_phone.json()["code"] == "survey_already_answered"

    # Pak Joko answers on his phone first; typing his number on the tablet then gets a polite no
    j = served(joko, front_office)
    assert joko.public.post(f"/api/survey/{j['token']}", json={"answers": GOOD}).status_code == 201
    typed = tablet.post("/api/survey/tablet", json={"ticket": j["number"].replace("-", "").lower(), "answers": FAIR})
    assert typed.status_code == 409 and typed.json()["code"] == "survey_already_answered"
    scanned = tablet.get("/api/survey/tablet/ticket", params={"ticket": f"{server.url}/t/{j['token']}"}).json()
    assert scanned["state"] == "answered"

    today = server.ctx.today()
    report = supervisor.get(f"/api/reports/skm?from={today}&to={today}").json()
    assert report["respondents"] == 2
    # by hand: the mean of FAIR and GOOD per element
    assert report["nrr"] == [(a + b) / 2 for a, b in zip(FAIR, GOOD)]
    # a display's key or a clerk is no survey tablet
    assert server.kiosk().get("/api/survey/tablet").status_code == 401
    assert front_office.http.get("/api/survey/tablet").status_code == 401


def test_only_a_survey_tablet_has_counters_and_unknown_counters_are_named(server, technician):
    created = technician.post("/api/admin/devices", json={"kind": "display", "name": "TV lobi 2"}).json()
    r = technician.put(f"/api/admin/devices/{created['id']}/settings", json={"language": "id", "counters": [1]})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "counters"
    tablet = technician.post("/api/admin/devices", json={"kind": "survey", "name": "Tablet 2"}).json()
    r = technician.put(f"/api/admin/devices/{tablet['id']}/settings", json={"language": "id", "counters": [9999]})
    assert r.status_code == 422 and "9999" in r.json()["errors"][0]["message"]


def test_the_head_of_office_reads_the_skm_with_population_sample_and_export(
        server, siti, joko, front_office, supervisor):
    t1, t2 = served(siti, front_office, "A"), served(joko, front_office, "B")
    assert siti.public.post(f"/api/survey/{t1['token']}", json={"answers": GOOD}).status_code == 201
    assert joko.public.post(f"/api/survey/{t2['token']}", json={
        "answers": FAIR, "profile": {"sex": "L"}, "suggestion": "Tolong telepon saya di 081234567890"}).status_code == 201
    today = server.ctx.today()
    whole = supervisor.get(f"/api/reports/skm?from={today}&to={today}").json()
    # two citizens served, two answered; Krejcie & Morgan on two: both
    assert (whole["population"], whole["sample_target"], whole["respondents"]) == (2, 2, 2)
    # index by hand: (sum GOOD + sum FAIR) / 18
    idx = (sum(GOOD) + sum(FAIR)) / 18
    assert abs(whole["index"] - idx) < 1e-4
    assert whole["score"] == round(idx * 25 + 1e-9, 2)
    assert {s["code"]: s["respondents"] for s in whole["per_service"]} == {"A": 1, "B": 1}
    only_b = supervisor.get(f"/api/reports/skm?from={today}&to={today}&service=B").json()
    assert only_b["respondents"] == 1 and only_b["population"] == 1 and only_b["nrr"] == [float(a) for a in FAIR]
    assert only_b["priorities"][0] == "U8"  # FAIR's single 2
    assert supervisor.get(f"/api/reports/skm?from={today}&to={today}&service=Z").status_code == 404
    bad = supervisor.get("/api/reports/skm?from=2026-02-30&to=2026-03-01")
    assert bad.status_code == 422 and bad.json()["message"]
    assert front_office.http.get(f"/api/reports/skm?from={today}&to={today}").status_code == 403
    assert server.client().get(f"/api/reports/skm?from={today}&to={today}").status_code == 401

    x = supervisor.get(f"/api/reports/skm/export.xlsx?from={today}&to={today}")
    assert x.status_code == 200 and "attachment" in x.headers["content-disposition"]
    book = load_workbook(io.BytesIO(x.content))
    assert book.sheetnames == ["SKM", "Layanan A", "Layanan B"]
    cells = {r[0]: r[1] for r in book["SKM"].iter_rows(values_only=True) if r and r[0]}
    assert cells["Responden"] == 2 and cells["Mutu pelayanan"] == whole["grade"]
    assert cells["Nilai SKM (indeks x 25)"] == whole["score"]
    every_cell = [str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert any(v.startswith("Tolong telepon saya di 0812") for v in every_cell)
    assert not any("34567890" in v for v in every_cell)
