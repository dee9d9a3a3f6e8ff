"""The head of office prints the month for the evaluation meeting, and the semester's SKM.

Two months of the demo office's history are written by the documented command
(``server_main.py demo-history``) into a data directory, the real server is started on it, and
the supervisor downloads the PDFs. Each PDF is opened with pypdfium2: its text must carry the
office's name, the period in words, every service's within-standard share exactly as
``GET /api/reports/summary`` gives it, the SKM's score and grade as ``GET /api/reports/skm``
gives them, the complaint count, and the signature block with the head's name and NIP; never a
NIK. Each page is rendered to PNG into the artifacts folder to be looked at.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pypdfium2 as pdfium
import pytest
import sqlalchemy as sa
from PIL import Image

from common.vocabulary import MONTH_NAMES, SKM_ELEMENTS, SKM_GRADES
from server.storage.schema import office_settings, tickets
from tests.live import ROOT, LiveServer
from tests.postgres import database_env

HEAD = {"head_name": "Dra. Hj. Siti Rahmah, M.Si", "head_title": "Kepala Dinas Sosial", "head_nip": "197004121995032004",
        "city": "Rantau"}


@pytest.fixture(scope="module")
def office_with_history(tmp_path_factory):
    """The demo office with 62 days of history, its head of office named in the profile, a logo."""
    data = tmp_path_factory.mktemp("history") / "data"
    done = subprocess.run([sys.executable, str(ROOT / "server_main.py"), "demo-history", "--days", "62",
                           "--data-dir", str(data)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **database_env(data)})
    assert done.returncode == 0, done.stderr
    server = LiveServer(data).start()
    r = server.admin().put("/api/admin/office", json=HEAD)
    assert r.status_code == 200, r.text
    logo = io.BytesIO()
    Image.new("RGB", (120, 120), (11, 93, 59)).save(logo, "PNG")
    r = server.admin().put("/api/admin/logo", content=logo.getvalue(), headers={"Content-Type": "image/png"})
    assert r.status_code == 200, r.text
    yield server
    server.stop()


def last_month(server) -> tuple[date, date]:
    first_of_this = date.fromisoformat(server.ctx.today()).replace(day=1)
    last = first_of_this - timedelta(days=1)
    return last.replace(day=1), last


def decimal_id(value: float, places: int) -> str:
    """A figure as an Indonesian reads it: a decimal comma."""
    return f"{value:.{places}f}".replace(".", ",")


def pdf_text_and_pictures(pdf: bytes, artifacts, name: str) -> str:
    doc = pdfium.PdfDocument(pdf)
    texts = []
    for i in range(len(doc)):
        page = doc[i]
        texts.append(page.get_textpage().get_text_range())
        page.render(scale=1.5).to_pil().save(artifacts / f"{name}-page{i + 1}.png")
    doc.close()
    return "\n".join(texts)


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def assert_no_nik(server, text: str) -> None:
    """No 16-digit number stands alone (the head's NIP has 18), and no citizen's NIK is anywhere."""
    assert not re.search(r"(?<!\d)\d{16}(?!\d)", text), "a NIK-like number in the PDF"
    with server.ctx.db.read() as conn:
        niks = {n for (n,) in conn.execute(sa.select(tickets.c.nik).where(tickets.c.nik.is_not(None)))}
    assert not [n for n in niks if n in text]


def test_the_head_of_office_prints_the_month_for_the_evaluation_meeting(office_with_history, artifacts):
    server = office_with_history
    kepala = server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"])
    first, last = last_month(server)
    period = {"from": first.isoformat(), "to": last.isoformat()}
    summary = kepala.get("/api/reports/summary", params=period).json()
    skm = kepala.get("/api/reports/skm", params=period).json()
    complaints = kepala.get("/api/complaints/summary", params=period).json()
    office = server.client().get("/api/state").json()["office"]
    assert summary["total"]["served"] > 100 and skm["respondents"] > 10, "the history should fill the month"

    r = kepala.get("/api/reports/export.pdf", params=period)

    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    text = one_line(pdf_text_and_pictures(r.content, artifacts, "evaluation"))
    assert office["name"] in text
    assert "Laporan Evaluasi Pelayanan" in text
    assert f"{MONTH_NAMES['id'][first.month - 1]} {first.year}" in text
    for s in summary["services"]:
        share = decimal_id(s["within_standard_pct"], 1) + "%"
        assert re.search(rf"\b{s['code']} .*?{re.escape(share)}", text), (s["code"], share)
    assert decimal_id(summary["total"]["within_standard_pct"], 1) + "%" in text
    grade_words = next(words[0] for _low, g, words in SKM_GRADES if g == skm["grade"])
    assert decimal_id(skm["score"], 2) in text
    assert f"{skm['grade']} ({grade_words})" in text
    assert f"{skm['respondents']} dari {skm['sample_target']}" in text
    assert f"Diterima {complaints['received']}" in text
    assert HEAD["head_name"] in text and f"NIP {HEAD['head_nip']}" in text and HEAD["head_title"] in text
    assert_no_nik(server, text)


def test_an_english_account_gets_the_evaluation_in_english(office_with_history, artifacts):
    server = office_with_history
    kepala = server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"])
    assert kepala.put("/api/auth/me/language", json={"language": "en"}).status_code == 200
    try:
        first, last = last_month(server)
        period = {"from": first.isoformat(), "to": last.isoformat()}
        summary = kepala.get("/api/reports/summary", params=period).json()
        text = one_line(pdf_text_and_pictures(kepala.get("/api/reports/export.pdf", params=period).content,
                                              artifacts, "evaluation-english"))
    finally:
        kepala.put("/api/auth/me/language", json={"language": "id"})
    assert "Service Evaluation Report" in text and f"{MONTH_NAMES['en'][first.month - 1]} {first.year}" in text
    for s in summary["services"]:
        assert f"{s['within_standard_pct']:.1f}%" in text, s["code"]
    assert "Laporan Evaluasi" not in text and "Page 1" in text


def test_the_semester_skm_report_names_every_element_the_priorities_and_the_profile(office_with_history, artifacts):
    server = office_with_history
    kepala = server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"])
    today = date.fromisoformat(server.ctx.today())
    semester = (date(today.year, 1 if today.month <= 6 else 7, 1), date(today.year, 6 if today.month <= 6 else 12,
                                                                         30 if today.month <= 6 else 31))
    period = {"from": semester[0].isoformat(), "to": semester[1].isoformat()}
    skm = kepala.get("/api/reports/skm", params=period).json()

    r = kepala.get("/api/reports/skm/export.pdf", params=period)

    assert r.status_code == 200, r.text
    text = one_line(pdf_text_and_pictures(r.content, artifacts, "skm"))
    assert "Survei Kepuasan Masyarakat" in text
    assert f"Semester {'I' if semester[0].month == 1 else 'II'} {semester[0].year}" in text
    for element, nrr in zip(SKM_ELEMENTS, skm["nrr"]):
        assert re.search(rf"{element['code']} {re.escape(element['name'][0])} {decimal_id(nrr, 2)}", text), element["code"]
    priorities = text.split("Prioritas perbaikan")[1][:400]
    for n, code in enumerate(skm["priorities"], 1):
        assert f"{n}. {code}" in priorities
    assert decimal_id(skm["score"], 2) in text and decimal_id(skm["index"], 3) in text
    for part in skm["per_service"]:
        assert re.search(rf"\b{part['code']} .*?{part['respondents']} {decimal_id(part['index'], 3)} "
                         rf"{decimal_id(part['score'], 2)}", text), part["code"]
    if skm["profile"]["sex"].get("P"):
        assert f"Perempuan {skm['profile']['sex']['P']}" in text
    assert HEAD["head_name"] in text
    assert_no_nik(server, text)


def test_the_charts_are_svg_the_page_can_show(office_with_history):
    server = office_with_history
    kepala = server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"])
    first, last = last_month(server)
    for name, title in (("hours", "Kedatangan per jam"), ("weekdays", "Kedatangan per hari"),
                        ("days", "Dilayani sesuai standar per hari"), ("outcomes", "Hasil layanan"),
                        ("skm", "Nilai rata-rata per unsur")):
        r = kepala.get(f"/api/reports/charts/{name}.svg", params={"from": first.isoformat(), "to": last.isoformat()})
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml"), name
        texts = [t.text or "" for t in ET.fromstring(r.content).iter("{http://www.w3.org/2000/svg}text")]
        assert any(title in t for t in texts), (name, texts[:3])


def test_reports_are_refused_to_a_clerk_and_to_nobody(office_with_history):
    server = office_with_history
    clerk = server.staff(0)
    query = {"from": "2026-01-01", "to": "2026-01-31"}
    for path in ("/api/reports/export.pdf", "/api/reports/skm/export.pdf", "/api/reports/charts/hours.svg"):
        r = clerk.get(path, params=query)
        assert r.status_code == 403, path
        assert r.json()["code"] == "forbidden" and r.json()["message"]
        assert server.client().get(path, params=query).status_code == 401
    page = clerk.get("/laporan")
    assert page.status_code == 403 and "Khusus kepala kantor" in page.text
    anonymous = server.client().get("/laporan", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/login?next=/laporan"


@pytest.mark.parametrize("query, says", [({"from": "2026-02-01", "to": "2026-01-01"}, "sebelum"),
                                         ({"from": "2026-02-30", "to": "2026-03-01"}, "from")])
def test_a_period_that_cannot_be_printed_is_refused_with_a_reason(office_with_history, query, says):
    server = office_with_history
    kepala = server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"])
    r = kepala.get("/api/reports/export.pdf", params=query)
    assert r.status_code == 422
    body = r.json()
    assert body["message"] and body["message_en"]
    assert says in r.text


def test_a_nip_that_is_not_eighteen_digits_is_refused_and_nothing_is_saved(office_with_history):
    admin = office_with_history.admin()
    r = admin.put("/api/admin/office", json={"head_name": "Someone Else", "head_nip": "1970-04-12"})
    assert r.status_code == 422
    problems = {e["field"]: e for e in r.json()["errors"]}
    assert problems["head_nip"]["message"] == "NIP terdiri dari 18 angka." and problems["head_nip"]["message_en"]
    assert admin.get("/api/admin/office").json()["head_name"] == HEAD["head_name"]


def test_the_office_profile_has_no_head_of_office_yet_and_the_pdf_leaves_dotted_lines(tmp_path, artifacts):
    """A fresh office: no head's name, no logo, no tickets; the PDF still prints, with lines to write on."""
    server = LiveServer(tmp_path / "data").start()
    try:
        kepala = server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"])
        with server.ctx.db.read() as conn:
            keys = {k for (k,) in conn.execute(sa.select(office_settings.c.key))}
        assert not keys & {"head_name", "head_nip"}
        r = kepala.get("/api/reports/export.pdf", params={"from": "2026-01-01", "to": "2026-01-31"})
        assert r.status_code == 200
        text = one_line(pdf_text_and_pictures(r.content, artifacts, "evaluation-empty"))
        assert "Januari 2026" in text and "Belum ada data pada periode ini." in text
        assert "NIP ....." in text and "Belum ada responden survei" in text
    finally:
        server.stop()


def test_a_chart_follows_a_ticket_issued_a_moment_ago(server, siti, supervisor):
    """The charts share one reading of the period between requests, never past a change."""
    today = server.ctx.today()
    period = {"from": today, "to": today}

    def arrivals_drawn() -> list[str]:
        r = supervisor.get("/api/reports/charts/hours.svg", params=period)
        assert r.status_code == 200
        return [t.text for t in ET.fromstring(r.content).iter("{http://www.w3.org/2000/svg}text")]

    assert "Belum ada data pada periode ini." in arrivals_drawn()
    assert "Belum ada data pada periode ini." in arrivals_drawn()
    assert siti.takes_ticket("A").status_code in (200, 201)
    drawn = arrivals_drawn()
    assert "Belum ada data pada periode ini." not in drawn and "1" in drawn
