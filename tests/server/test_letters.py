"""The Surat Keterangan DTKS, from the counter to anyone who checks it.

Petugas 1 (front office) drafts a letter for Ibu Siti after the back office found her registered
in SIKS-NG; a clerk may not approve it; Kepala Dinas (the demo's letter signer) approves it and it
gets the year's next number. The PDF carries her name, full NIK, the number, the result, the signer
and the legal basis, and a QR code to the public verification page, which shows a masked name and
NIK only. Ibu Siti gets her own copy by typing her NIK; a wrong NIK gets a polite 403. Revoked, the
page says so. No full NIK in the public answer or in any log line.
"""

import logging
from datetime import date

import pypdfium2 as pdfium
import sqlalchemy as sa
import zxingcpp

from server.storage.schema import audit_log

ROMAN = "I II III IV V VI VII VIII IX X XI XII".split()


def office_today(server) -> date:
    return date.fromisoformat(server.client().get("/api/state").json()["office_day"])


def siti_at_the_counter(siti, front_office) -> dict:
    assert siti.takes_ticket("A").status_code == 201
    return front_office.calls_next().json()


def drafts_for(clerk, ticket: dict, name: str = "Siti Aminah", **extra):
    body = {"ticket_id": ticket["id"], "holder_name": name, "address": "Jl. Melati No. 3, Kota Demo",
            "result": "registered", "checked_on": extra.pop("checked_on", "2026-12-01"), **extra}
    return clerk.http.post("/api/letters", json=body)


def pdf_text_and_png(pdf: bytes, path) -> str:
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    text = page.get_textpage().get_text_range()
    page.render(scale=2).to_pil().save(path)
    return text


def test_siti_s_letter_from_draft_to_verification(server, siti, front_office, supervisor, artifacts, caplog):
    caplog.set_level(logging.DEBUG)
    ticket = siti_at_the_counter(siti, front_office)
    r = drafts_for(front_office, ticket)
    assert r.status_code == 201, r.text
    draft = r.json()
    assert draft["status"] == "draft" and draft["number"] is None
    assert siti.nik not in r.text and draft["nik_masked"] == siti.nik[:4] + "********" + siti.nik[-4:]

    # The clerk cannot approve; the head of office can, and the number is the year's first.
    refused = front_office.http.post(f"/api/letters/{draft['id']}/approve")
    assert refused.status_code == 403 and refused.json()["message"].startswith("Hanya pejabat")
    r = supervisor.post(f"/api/letters/{draft['id']}/approve")
    assert r.status_code == 200, r.text
    letter = r.json()
    today = office_today(server)
    assert letter["number"] == f"460/1/Dinsos/{ROMAN[today.month - 1]}/{today.year}"
    assert letter["issued_on"] == today.isoformat()

    # The register lists it with a masked NIK; the opened letter shows the full one.
    listing = supervisor.get("/api/letters").json()
    assert [x["number"] for x in listing["letters"]] == [letter["number"]] and listing["may_approve"]
    assert siti.nik not in str(listing)
    assert supervisor.get(f"/api/letters/{letter['id']}").json()["nik"] == siti.nik

    # The PDF: name, full NIK, number, result, signer, legal basis; its QR leads to the verification page.
    r = supervisor.get(f"/api/letters/{letter['id']}.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    png = artifacts / "letter-siti.png"
    text = pdf_text_and_png(r.content, png)
    for expected in ("SURAT KETERANGAN", "Siti Aminah", siti.nik, letter["number"], "Terdaftar di DTKS",
                     "Nama Kepala Dinas (Demo)", "Permensos Nomor 3 Tahun 2021", "DTSEN",
                     "Disetujui secara elektronik oleh Kepala Dinas", "Pindai untuk memeriksa keaslian"):
        assert expected in text.replace("\r\n", " ").replace("\n", " "), expected
    from PIL import Image
    codes = [b.text for b in zxingcpp.read_barcodes(Image.open(png).convert("L"))]
    assert codes == [f"{server.url}/v/{letter['verify_code']}"]

    # Anyone who scans it: valid, with a masked name and NIK only.
    public = server.client()
    r = public.get(f"/api/letters/verify/{letter['verify_code']}")
    answer = r.json()
    assert answer["valid"] is True and answer["revoked"] is False and answer["number"] == letter["number"]
    assert answer["holder_masked"] == "Si** Am****" and answer["nik_masked"] == draft["nik_masked"]
    assert answer["office"] == "Dinas Sosial Kota Demo" and siti.nik not in r.text and "Aminah" not in r.text
    assert public.get("/api/letters/verify/NOSUCHCODE23").status_code == 404

    # Ibu Siti's own copy: her NIK opens it, a wrong one is refused politely.
    wrong = public.post(f"/api/letters/{letter['verify_code']}/copy", json={"nik": "3276010101900099"})
    assert wrong.status_code == 403 and "NIK tidak cocok" in wrong.json()["message"]
    mine = public.post(f"/api/letters/{letter['verify_code']}/copy", json={"nik": siti.nik})
    assert mine.status_code == 200 and mine.headers["content-type"] == "application/pdf"
    assert siti.nik in pdfium.PdfDocument(mine.content)[0].get_textpage().get_text_range()

    # Revoked with a reason: the page now says so, and no copy is handed out.
    assert front_office.http.post(f"/api/letters/{letter['id']}/revoke", json={"reason": "x"}).status_code == 403
    r = supervisor.post(f"/api/letters/{letter['id']}/revoke", json={"reason": "Alamat tertulis salah"})
    assert r.status_code == 200 and r.json()["status"] == "revoked"
    answer = public.get(f"/api/letters/verify/{letter['verify_code']}").json()
    assert answer["valid"] is False and answer["revoked"] is True
    assert public.post(f"/api/letters/{letter['verify_code']}/copy", json={"nik": siti.nik}).status_code == 409

    # Every look at the full NIK is audited; no log line holds it.
    with server.ctx.db.read() as conn:
        rows = conn.execute(sa.select(audit_log.c.action, audit_log.c.detail)).all()
    actions = [action for action, _ in rows]
    for expected in ("letter.drafted", "letter.approved", "letter.viewed", "letter.printed", "letter.copy_refused",
                     "letter.copy_given", "letter.revoked"):
        assert expected in actions, expected
    assert siti.nik not in str([detail for _, detail in rows])
    assert siti.nik not in caplog.text


def test_numbers_run_on_without_gaps_when_a_draft_is_discarded(server, siti, front_office, supervisor):
    ticket = siti_at_the_counter(siti, front_office)
    first, dropped, second = (drafts_for(front_office, ticket).json() for _ in range(3))
    assert front_office.http.delete(f"/api/letters/{dropped['id']}").status_code == 204
    numbers = [supervisor.post(f"/api/letters/{d['id']}/approve").json()["number"] for d in (first, second)]
    assert [n.split("/")[1] for n in numbers] == ["1", "2"]
    # An approved letter is not discarded: it is revoked, and keeps its number in the register.
    assert front_office.http.delete(f"/api/letters/{first['id']}").status_code == 409


def test_a_clerk_sees_only_the_letters_they_drafted(server, siti, front_office, back_office, supervisor):
    ticket = siti_at_the_counter(siti, front_office)
    mine = drafts_for(front_office, ticket).json()
    assert [x["id"] for x in front_office.http.get("/api/letters").json()["letters"]] == [mine["id"]]
    assert back_office.http.get("/api/letters").json()["letters"] == []
    assert back_office.http.get(f"/api/letters/{mine['id']}").status_code == 403


def test_bad_drafts_are_refused_with_every_field_named(server, siti, front_office):
    ticket = siti_at_the_counter(siti, front_office)
    r = drafts_for(front_office, ticket, name="  ")
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["holder_name"]
    assert r.json()["message"] == "Ada isian yang belum benar."
    r = front_office.http.post("/api/letters", json={"ticket_id": 999999, "holder_name": "X", "result": "registered",
                                                     "checked_on": "2026-12-01"})
    assert r.status_code == 404


def test_too_many_wrong_niks_for_one_letter_are_stopped(server, siti, front_office, supervisor):
    ticket = siti_at_the_counter(siti, front_office)
    d = drafts_for(front_office, ticket).json()
    code = supervisor.post(f"/api/letters/{d['id']}/approve").json()["verify_code"]
    public = server.client()
    statuses = [public.post(f"/api/letters/{code}/copy", json={"nik": f"32760101019000{i:02d}"}).status_code
                for i in range(10, 17)]
    assert statuses[:5] == [403] * 5 and statuses[5:] == [429, 429]
    # Even the right NIK waits now: the limit is per letter, so guessing cannot go on.
    assert public.post(f"/api/letters/{code}/copy", json={"nik": siti.nik}).status_code == 429


def test_the_admin_edits_the_template_and_the_next_letter_follows_it(server, technician, siti, front_office,
                                                                      supervisor):
    template = technician.get("/api/admin/letter-template").json()
    assert template["number_pattern"] == "460/{seq}/Dinsos/{month_roman}/{year}"
    bad = technician.put("/api/admin/letter-template", json={**template, "number_pattern": "460/Dinsos"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "number_pattern"
    saved = technician.put("/api/admin/letter-template", json={**template, "number_pattern": "470/{seq}/{year}"})
    assert saved.status_code == 200, saved.text
    preview = technician.post("/api/admin/letter-template/preview", json=saved.json())
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")
    assert front_office.http.get("/api/admin/letter-template").status_code == 403
    ticket = siti_at_the_counter(siti, front_office)
    d = drafts_for(front_office, ticket).json()
    assert supervisor.post(f"/api/letters/{d['id']}/approve").json()["number"] == f"470/1/{office_today(server).year}"


def test_after_the_nik_purge_the_letter_still_verifies_and_the_copy_is_asked_at_the_office(
        server, siti, front_office, supervisor):
    ticket = siti_at_the_counter(siti, front_office)
    d = drafts_for(front_office, ticket).json()
    letter = supervisor.post(f"/api/letters/{d['id']}/approve").json()
    from server.storage import letter_queries
    server.ctx.db.writer.call(lambda tx: letter_queries.purge_niks(tx, server.ctx.clock() + 1))
    public = server.client()
    answer = public.get(f"/api/letters/verify/{letter['verify_code']}").json()
    assert answer["valid"] is True and answer["nik_masked"] == d["nik_masked"]
    r = public.post(f"/api/letters/{letter['verify_code']}/copy", json={"nik": siti.nik})
    assert r.status_code == 409 and "minta salinan di kantor" in r.json()["message"]


def test_the_technician_makes_the_back_office_clerk_a_letter_signer(server, technician, siti, front_office,
                                                                     back_office):
    ticket = siti_at_the_counter(siti, front_office)
    d = drafts_for(front_office, ticket).json()
    assert back_office.http.post(f"/api/letters/{d['id']}/approve").status_code == 403
    user = next(u for u in technician.get("/api/admin/users").json() if u["username"] == back_office.username)
    assert user["letter_signer"] is False
    r = technician.put(f"/api/admin/users/{user['id']}", json={**user, "letter_signer": True})
    assert r.status_code == 200, r.text
    assert back_office.http.post(f"/api/letters/{d['id']}/approve").json()["status"] == "approved"
    # ...and withdrawn, at once (read fresh, not from the session cache).
    technician.put(f"/api/admin/users/{user['id']}", json={**user, "letter_signer": False}).raise_for_status()
    assert back_office.http.post(f"/api/letters/{d['id']}/revoke", json={"reason": "uji"}).status_code == 403
