"""The online application over HTTP: Ibu Siti applies from home, the back office answers within a working day.

The public side never shows a NIK or a name (the status is read by an unguessable
code); the clerk's look at the full application is audited; each step the citizen
must hear of writes exactly one outbox message per contact, none with a NIK.
"""

import json
import re
from datetime import date, timedelta

import sqlalchemy as sa

from common import nik as nik_rules
from server.storage.schema import applications, audit_log, outbox
from tests.server.helpers import nik_for

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


def siti_form(**changes) -> dict:
    form = {"service": "A", "nik": nik_for(1), "name": "Siti Aminah", "address": "Jl. Melati No. 5, Pariaman",
            "phone": "0812-3456-7890", "email": "siti@example.org", "need": "Surat keterangan DTKS untuk sekolah anak",
            "consent": True}
    form.update(changes)
    return form


def office_day(server) -> date:
    return date.fromisoformat(server.client().get("/api/state").json()["office_day"])


def next_weekday(day: date) -> date:
    """The test's own count (the test server starts with an empty holiday calendar)."""
    day += timedelta(days=1)
    while day.isoweekday() > 5:
        day += timedelta(days=1)
    return day


def rows(server, table, *where):
    with server.ctx.db.read() as conn:
        return conn.execute(sa.select(table).where(*where)).all()


def test_siti_applies_online_and_gets_a_code_a_status_link_and_a_deadline_in_words(server):
    public = server.client()
    r = public.post("/api/online/applications", json=siti_form())
    assert r.status_code == 201, r.text
    receipt = r.json()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", receipt["code"])
    assert receipt["status_url"] == f"{server.url}/a/{receipt['code']}"
    due = next_weekday(office_day(server))
    assert receipt["deadline"] == due.isoformat()
    assert receipt["deadline_words"] == (f"dijawab paling lambat {DAYS[due.weekday()]}, {due.day} "
                                         f"{MONTHS[due.month - 1]} {due.year}")

    # The citizen hears it on both contacts, once each; no message holds her NIK.
    sent = rows(server, outbox, outbox.c.template == "application_received")
    # (to the server's log while the office has no provider configured; tests/pages/test_second_channel.py
    # sends them through SMTP and WhatsApp)
    assert sorted(m.recipient for m in sent) == ["6281234567890", "siti@example.org"]
    for m in sent:
        assert m.params["code"] == receipt["code"]
        assert receipt["deadline_words"] == "dijawab paling lambat " + m.params["deadline_words"]
        assert nik_for(1) not in json.dumps(m.params)

    # The status page's API: anyone with the code, and no personal data.
    status = public.get(f"/api/online/applications/{receipt['code']}")
    assert status.status_code == 200
    assert status.json()["status"] == "received" and status.json()["deadline"] == due.isoformat()
    for secret in (nik_for(1), "Siti", "Melati", "3456", "siti@"):
        assert secret not in status.text

    # Sent again (the answer was lost on a bad connection): the same application, no second message.
    again = public.post("/api/online/applications", json=siti_form())
    assert again.status_code == 200 and again.json()["code"] == receipt["code"]
    assert len(rows(server, outbox, outbox.c.template == "application_received")) == 2
    # Someone else with her NIK and other contacts: refused while hers is open.
    other = public.post("/api/online/applications", json=siti_form(phone="0813 1111 2222", email=None))
    assert other.status_code == 409 and other.json()["code"] == "application_open"


def test_bad_input_is_refused_field_by_field_in_indonesian_and_english(server):
    public = server.client()
    bad_nik = "3201" + "99" + "750190" + "0001"  # digits 7-8 are 75: no day of birth (women add 40)
    r = public.post("/api/online/applications",
                    json=siti_form(nik="12345", phone=None, email=None, consent=False, name=" "))
    assert r.status_code == 422
    problems = {p["field"]: p for p in r.json()["errors"]}
    assert set(problems) == {"nik", "name", "contact", "consent"}
    # The NIK is judged with the kiosk's own rules and words.
    assert problems["nik"]["message"] == nik_rules.check("12345").errors[0].message("id")
    assert problems["nik"]["message_en"] == nik_rules.check("12345").errors[0].message("en")
    assert "WhatsApp" in problems["contact"]["message"] and "WhatsApp" in problems["contact"]["message_en"]
    r = public.post("/api/online/applications", json=siti_form(nik=bad_nik, phone="12", email="siti@"))
    problems = {p["field"] for p in r.json()["errors"]}
    assert problems == {"nik", "phone", "email"}
    # Nothing was stored for any of them.
    assert rows(server, applications) == []
    # A service not open online (B) and an unknown one.
    assert public.post("/api/online/applications", json=siti_form(service="B")).json()["code"] == "not_online"
    assert public.post("/api/online/applications", json=siti_form(service="Z")).status_code == 404
    assert public.get("/api/online/applications/AAAA-BBBB-CCCC").status_code == 404


def test_the_form_works_without_javascript_as_a_plain_html_post(server):
    form = {k: v for k, v in siti_form().items() if v is not None}
    form["consent"] = "on"
    r = server.client().post("/api/online/applications", data=form)
    assert r.status_code == 201, r.text
    assert r.json()["code"]


def test_the_back_office_checks_answers_drafts_the_letter_and_closes(server, supervisor):
    public = server.client()
    receipt = public.post("/api/online/applications", json=siti_form()).json()
    clerk = server.staff(3)  # Petugas Loket 4, the back office's clerk in this story
    inbox = clerk.get("/api/online/inbox")
    assert inbox.status_code == 200
    [item] = inbox.json()["applications"]
    assert item["code"] == receipt["code"] and item["name"] == "Siti Aminah" and item["overdue"] is False
    assert nik_for(1) not in inbox.text
    assert public.get("/api/online/inbox").status_code == 401

    # Opening it shows the full NIK, and the look is in the audit log with the NIK masked.
    full = clerk.get(f"/api/online/applications/{item['id']}/full").json()
    assert full["nik"] == nik_for(1) and full["phone"] == "6281234567890"
    looks = rows(server, audit_log, audit_log.c.action == "application.viewed")
    assert len(looks) == 1 and looks[0].actor == "user:petugas4"
    assert looks[0].detail["nik"] == nik_rules.mask(nik_for(1)) and nik_for(1) not in json.dumps(looks[0].detail)

    # Not answered before the SIKS-NG check.
    assert clerk.post(f"/api/online/applications/{item['id']}/reply", json={}).json()["code"] == "application_step"
    checked = clerk.post(f"/api/online/applications/{item['id']}/check", json={"result": "registered"}).json()
    assert checked["status"] == "checked" and "Siti" not in checked["reply_draft"]  # it shows on the status page
    assert "TERDAFTAR" in checked["reply_draft"]
    # A reply with a NIK in it is refused (a message must never carry one).
    r = clerk.post(f"/api/online/applications/{item['id']}/reply", json={"reply": f"NIK {nik_for(1)} terdaftar"})
    assert r.status_code == 422
    answered = clerk.post(f"/api/online/applications/{item['id']}/reply", json={}).json()
    assert answered["status"] == "answered" and answered["reply"] == checked["reply_draft"]
    [msg_wa, msg_email] = sorted(rows(server, outbox, outbox.c.template == "application_answered"),
                                 key=lambda m: m.recipient)
    assert msg_email.params["result_words"] == "Terdaftar di DTKS" and msg_wa.recipient == "6281234567890"

    status = public.get(f"/api/online/applications/{receipt['code']}").json()
    assert status["status"] == "answered" and status["siks_result"] == "registered"
    assert status["reply"] == answered["reply"] and status["letter"] is None
    assert "Siti" not in json.dumps(status)

    # The letter: drafted from the application, approved by the head of office; the citizen hears it is ready.
    draft = clerk.post(f"/api/online/applications/{item['id']}/letter").json()
    assert draft["status"] == "draft"
    assert public.get(f"/api/online/applications/{receipt['code']}").json()["letter"] == {
        "status": "draft", "verify_code": None}
    approved = supervisor.post(f"/api/letters/{draft['id']}/approve")
    assert approved.status_code == 200, approved.text
    status = public.get(f"/api/online/applications/{receipt['code']}").json()
    assert status["letter"] == {"status": "approved", "verify_code": draft["verify_code"]}
    ready = rows(server, outbox, outbox.c.template == "letter_ready")
    assert sorted(m.recipient for m in ready) == ["6281234567890", "siti@example.org"]
    assert all(m.params["status_url"] == receipt["status_url"] for m in ready)

    closed = clerk.post(f"/api/online/applications/{item['id']}/close").json()
    assert closed["status"] == "closed"
    assert clerk.get("/api/online/inbox").json()["applications"] == []
    assert [a["code"] for a in clerk.get("/api/online/inbox?closed=true").json()["applications"]] == [receipt["code"]]
    actions = [a.action for a in rows(server, audit_log, audit_log.c.action.like("application.%"))]
    assert actions == ["application.received", "application.viewed", "application.checked",
                       "application.answered", "application.letter_drafted", "application.closed"]


def test_the_admin_opens_a_service_to_online_applications(server, technician):
    public = server.client()
    assert [s["code"] for s in public.get("/api/online/services").json()["services"]] == ["A"]
    b = next(s for s in technician.get("/api/admin/services").json() if s["code"] == "B")
    assert b["online"] is False
    r = technician.put(f"/api/admin/services/{b['id']}", json={**b, "online": True})
    assert r.status_code == 200, r.text
    assert [s["code"] for s in public.get("/api/online/services").json()["services"]] == ["A", "B"]
    assert public.post("/api/online/applications", json=siti_form(service="B")).status_code == 201


def test_the_report_counts_the_share_answered_within_one_working_day(clocked_server, clock):
    server = clocked_server
    public, clerk = server.client(), server.staff(3)
    first_day = office_day(server)
    codes = [public.post("/api/online/applications", json=siti_form(nik=nik_for(i), email=f"w{i}@example.org"))
             .json()["code"] for i in (11, 12, 13)]
    ids = {a["code"]: a["id"] for a in clerk.get("/api/online/inbox").json()["applications"]}

    def answer(code):
        clerk.post(f"/api/online/applications/{ids[code]}/check", json={"result": "home_visit"}).raise_for_status()
        clerk.post(f"/api/online/applications/{ids[code]}/reply", json={}).raise_for_status()

    answer(codes[0])              # the same day: in time
    clock.advance(8 * 86400)      # eight days later, past any next working day (and past the session)
    clerk = server.staff(3)
    answer(codes[1])              # late; the third is never answered
    last_day = office_day(server)
    head = server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"])
    summary = head.get(f"/api/reports/summary?from={first_day}&to={last_day}").json()
    assert summary["online"] == {"received": 3, "answered": 2, "answered_within_deadline": 1,
                                 "answered_within_deadline_pct": round(100 / 3, 1)}
    # The late one shows as late in the inbox no more (answered); the unanswered one is overdue.
    overdue = [a["code"] for a in clerk.get("/api/online/inbox").json()["applications"] if a["overdue"]]
    assert overdue == [codes[2]]


def test_a_name_typed_into_the_reply_is_blanked_on_the_public_status_page(server):
    code = server.client().post("/api/online/applications", json=siti_form()).json()["code"]
    clerk = server.staff(3)
    app_id = clerk.get("/api/online/inbox").json()["applications"][0]["id"]
    clerk.post(f"/api/online/applications/{app_id}/check", json={"result": "home_visit"}).raise_for_status()
    clerk.post(f"/api/online/applications/{app_id}/reply",
               json={"reply": "Ibu siti aminah, pendamping datang Senin."}).raise_for_status()
    status = server.client().get(f"/api/online/applications/{code}").json()
    assert status["reply"] == "Ibu ***, pendamping datang Senin."
    # The citizen's own message keeps the words as written (it goes to her contacts only).
    [msg, _] = rows(server, outbox, outbox.c.template == "application_answered")
    assert msg.params["reply"] == "Ibu siti aminah, pendamping datang Senin."


def test_the_online_api_is_documented_in_openapi(server):
    spec = server.client().get("/openapi.json").json()
    paths = spec["paths"]
    for path, method in (("/api/online/applications", "post"), ("/api/online/applications/{code}", "get"),
                         ("/api/online/applications/{code}/files/{kind}", "put"), ("/api/online/inbox", "get"),
                         ("/api/online/applications/{application_id}/full", "get"),
                         ("/api/online/applications/{application_id}/check", "post"),
                         ("/api/online/applications/{application_id}/reply", "post"),
                         ("/api/online/applications/{application_id}/letter", "post"),
                         ("/api/online/applications/{application_id}/close", "post"),
                         ("/api/online/services", "get"), ("/api/online/challenge", "get")):
        assert paths[path][method]["summary"], (path, method)
    body = paths["/api/online/applications"]["post"]["requestBody"]["content"]
    assert {"application/json", "application/x-www-form-urlencoded"} <= set(body)
    assert "online" in spec["components"]["schemas"]["ReportSummary"]["properties"]
