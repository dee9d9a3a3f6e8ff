"""The head of office reads the Laporan page on her PC and on her phone.

The demo office with two months of history (``server_main.py demo-history``) on the real server;
the page in Chromium. What the page shows must be the API's figures (formatted as an Indonesian
reads them: a decimal comma), the period picker must change them, the downloads must download,
every text must sit inside its box, and in English no Indonesian may be left. Screenshots at
1366x768 and 390x844 go to the artifacts folder to be looked at.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from common.vocabulary import MONTH_NAMES
from tests.live import ROOT, LiveServer
from tests.pages.conftest import PHONE_SIZE, STAFF_SIZE, login
from tests.pages.layout import layout_problems, text_problems
from tests.pages.leftovers import indonesian_left, untranslated_html

PAGES = Path(__file__).resolve().parents[2] / "server" / "pages"
# What a person must read: the header, the picker, the figures, the downloads, the SKM and complaints.
READ = (".top .office, .top-link, #user, #logout, .period-bar label, .period-bar button, #period-label, #period-range, "
        ".exports a, .card .label, .card .value, table.figures th, table.figures td, .group-tabs button, "
        ".charts img, .skm-chart img, .breakdown, .note")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    data = tmp_path_factory.mktemp("history") / "data"
    done = subprocess.run([sys.executable, str(ROOT / "server_main.py"), "demo-history", "--days", "62",
                           "--data-dir", str(data)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    server = LiveServer(data).start()
    yield server
    server.stop()


def decimal_id(value, places):
    return "\u2013" if value is None else f"{value:.{places}f}".replace(".", ",")


def months_back(server, n: int) -> tuple[date, date]:
    first = date.fromisoformat(server.ctx.today()).replace(day=1)
    for _ in range(n):
        first = (first - timedelta(days=1)).replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)


def open_reports(new_context, server, who, size, query: str = ""):
    ctx = new_context(viewport=size, locale="id-ID", accept_downloads=True)
    login(ctx, server, who)
    page = ctx.new_page()
    page.js_errors = []
    page.on("pageerror", lambda e: page.js_errors.append(str(e)))
    page.goto(server.url + "/laporan" + query)
    wait_drawn(page)
    return page


def wait_drawn(page):
    page.wait_for_function("window.antreReports && window.antreReports.ready === true", timeout=20000)
    page.wait_for_function("[...document.querySelectorAll('.charts img, .skm-chart img')]"
                           ".every((i) => i.complete && i.naturalWidth > 0)", timeout=20000)


def shown_services(page) -> dict:
    """Each service row's cells as the page shows them, by column key."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#services tbody tr:not(.total)')]
        .map((tr) => [tr.querySelector('.code').textContent,
                      Object.fromEntries([...tr.cells].map((td) => [td.dataset.key, td.textContent.trim()]))]))""")


def assert_shows(page, summary: dict, label: str):
    assert page.locator("#period-label").inner_text() == label
    rows = shown_services(page)
    assert set(rows) == {s["code"] for s in summary["services"]}
    for s in summary["services"]:
        row = rows[s["code"]]
        assert row["issued"] == str(s["issued"]) and row["served"] == str(s["served"]), s["code"]
        assert row["within_standard_pct"] == decimal_id(s["within_standard_pct"], 1) + "%", s["code"]
        assert row["wait_median_s"] == decimal_id(s["wait_median_s"] and s["wait_median_s"] / 60, 1), s["code"]
        assert row["total_p90_s"] == decimal_id(s["total_p90_s"] and s["total_p90_s"] / 60, 1), s["code"]
    assert page.locator("#card-issued").inner_text() == str(summary["total"]["issued"])
    assert page.locator("#card-within").inner_text() == decimal_id(summary["total"]["within_standard_pct"], 1) + "%"


def assert_laid_out_everywhere(page, where: str):
    problems = layout_problems(page, READ) + text_problems(page, "main.report")
    assert not problems, (where, problems[:8])
    assert not page.js_errors, page.js_errors


def test_the_head_of_office_reads_last_month_and_steps_back_a_month(office, new_context, artifacts):
    kepala_http = office.login(office.creds["supervisor"]["username"], office.creds["supervisor"]["password"])
    first, last = months_back(office, 1)
    page = open_reports(new_context, office, office.creds["supervisor"], STAFF_SIZE,
                        f"?kind=month&date={first.isoformat()}")
    period = kepala_http.get("/api/reports/period", params={"kind": "month", "date": first.isoformat()}).json()
    summary = kepala_http.get("/api/reports/summary", params={"from": first.isoformat(), "to": last.isoformat()}).json()
    assert (period["from"], period["to"]) == (first.isoformat(), last.isoformat())
    assert summary["total"]["issued"] > 0

    assert_shows(page, summary, period["label"])
    skm = kepala_http.get("/api/reports/skm", params={"from": first.isoformat(), "to": last.isoformat()}).json()
    assert page.locator("#skm-score").inner_text() == decimal_id(skm["score"], 2)
    assert page.locator("#skm-sample").inner_text() == f"{skm['respondents']} dari {skm['sample_target']}"
    complaints = kepala_http.get("/api/complaints/summary", params={"from": first.isoformat(), "to": last.isoformat()}).json()
    assert page.locator("#c-received").inner_text() == str(complaints["received"])
    assert_laid_out_everywhere(page, "month, 1366x768")
    page.screenshot(path=str(artifacts / "reports-month-1366x768.png"), full_page=True)

    # Per clerk: the clerks who finished visits, with what they served.
    page.get_by_role("tab", name="Petugas").click()
    clerks = {r["name"] or r["username"]: r for r in summary["by_clerk"]}
    shown = page.locator("#groups tbody tr").all()
    assert len(shown) == len(clerks)
    for tr in shown:
        name = tr.locator("td[data-key=name]").inner_text()
        assert tr.locator("td[data-key=served]").inner_text() == str(clerks[name]["served"])
        assert tr.locator("td[data-key=within_standard_pct]").inner_text() == \
            decimal_id(clerks[name]["within_standard_pct"], 1) + "%"
    assert_laid_out_everywhere(page, "per clerk")

    # One month back: the month before, with its own figures.
    page.get_by_role("button", name="\u2039 Sebelumnya").click()
    wait_drawn(page)
    before_first, before_last = months_back(office, 2)
    before = kepala_http.get("/api/reports/summary",
                             params={"from": before_first.isoformat(), "to": before_last.isoformat()}).json()
    label = kepala_http.get("/api/reports/period", params={"kind": "month", "date": before_first.isoformat()}).json()["label"]
    assert_shows(page, before, label)
    assert before["total"]["issued"] != summary["total"]["issued"]
    assert "date=" + before_first.isoformat() in page.url

    # The year: the picker's kind changes the figures too.
    page.select_option("#kind", "year")
    wait_drawn(page)
    year = kepala_http.get("/api/reports/period", params={"kind": "year", "date": before_first.isoformat()}).json()
    whole = kepala_http.get("/api/reports/summary", params={"from": year["from"], "to": year["to"]}).json()
    assert_shows(page, whole, year["label"])
    page.screenshot(path=str(artifacts / "reports-year-1366x768.png"), full_page=True)


def test_a_custom_range_is_chosen_with_two_dates(office, new_context):
    kepala_http = office.login(office.creds["supervisor"]["username"], office.creds["supervisor"]["password"])
    first, last = months_back(office, 1)
    start, end = first + timedelta(days=4), first + timedelta(days=17)
    page = open_reports(new_context, office, office.creds["supervisor"], STAFF_SIZE, f"?kind=month&date={first}")
    page.select_option("#kind", "custom")
    wait_drawn(page)
    assert page.locator("#end-field").is_visible() and not page.locator("#prev").is_visible()
    page.fill("#anchor", start.isoformat())
    page.fill("#end", end.isoformat())
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_function("window.antreReports.ready && window.antreReports.to === %r" % end.isoformat())
    wait_drawn(page)
    period = kepala_http.get("/api/reports/period", params={"kind": "custom", "date": start.isoformat(),
                                                             "to": end.isoformat()}).json()
    summary = kepala_http.get("/api/reports/summary", params={"from": start.isoformat(), "to": end.isoformat()}).json()
    assert_shows(page, summary, period["label"])
    assert f"from={start}" in page.locator("#x-pdf").get_attribute("href")


def test_the_downloads_download(office, new_context):
    first, last = months_back(office, 1)
    page = open_reports(new_context, office, office.creds["supervisor"], STAFF_SIZE, f"?kind=month&date={first}")
    for link, kind, starts in (("#x-csv", "csv", b""), ("#x-xlsx", "xlsx", b"PK"), ("#x-skm-xlsx", "xlsx", b"PK")):
        with page.expect_download() as info:
            page.click(link)
        download = info.value
        assert download.suggested_filename.endswith("." + kind), link
        body = Path(download.path()).read_bytes()
        assert body.startswith(starts) and len(body) > 100, link
    for link in ("#x-pdf", "#x-skm-pdf"):
        href = page.locator(link).get_attribute("href")
        assert f"from={first}" in href and f"to={last}" in href
        r = page.context.request.get(office.url + href)
        assert r.ok and r.headers["content-type"] == "application/pdf" and r.body().startswith(b"%PDF"), link


def test_on_her_phone_every_figure_reads_as_a_card(office, new_context, artifacts):
    first, _ = months_back(office, 1)
    page = open_reports(new_context, office, office.creds["supervisor"], PHONE_SIZE, f"?kind=month&date={first}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_SIZE["width"], "no sideways scrolling"
    assert_laid_out_everywhere(page, "phone")
    # The table's heading is hidden: every cell names its column itself.
    label = page.evaluate("getComputedStyle(document.querySelector('#services td[data-key=served]'), '::before').content")
    assert "Dilayani" in label
    page.screenshot(path=str(artifacts / "reports-month-390x844.png"))
    page.screenshot(path=str(artifacts / "reports-month-390x844-full.png"), full_page=True)
    page.locator("#skm-panel").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "reports-skm-390x844.png"))


@pytest.mark.parametrize("size", [{"width": 800, "height": 1280}, {"width": 1280, "height": 800}],
                         ids=["tablet-portrait", "tablet-landscape"])
def test_on_a_tablet_every_text_sits_in_its_box(office, new_context, artifacts, size):
    first, _ = months_back(office, 1)
    page = open_reports(new_context, office, office.creds["supervisor"], size, f"?kind=month&date={first}")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], "no sideways scrolling"
    assert_laid_out_everywhere(page, f"{size['width']}x{size['height']}")
    page.screenshot(path=str(artifacts / f"reports-month-{size['width']}x{size['height']}.png"))


def test_in_english_for_an_english_account(office, new_context, artifacts):
    kepala_http = office.login(office.creds["supervisor"]["username"], office.creds["supervisor"]["password"])
    assert kepala_http.put("/api/auth/me/language", json={"language": "en"}).status_code == 200
    try:
        first, _ = months_back(office, 1)
        page = open_reports(new_context, office, office.creds["supervisor"], STAFF_SIZE, f"?kind=month&date={first}")
        state = office.client().get("/api/state").json()
        names = tuple(s["name"] for s in state["services"]) + tuple(c["name"] for c in state["counters"])
        assert page.locator("#card-within").inner_text().count(".") == 1, "English writes a decimal point"
        assert indonesian_left(page, ["/pages/reports-texts.js"], names + (state["office"]["name"],)) == []
        assert_laid_out_everywhere(page, "english")
        page.screenshot(path=str(artifacts / "reports-english-1366x768.png"), full_page=True)
    finally:
        kepala_http.put("/api/auth/me/language", json={"language": "id"})


def test_the_language_switch_redraws_the_period_and_the_figures(office, new_context):
    first, _ = months_back(office, 1)
    page = open_reports(new_context, office, office.creds["supervisor"], STAFF_SIZE, f"?kind=month&date={first}")
    indonesian, english = MONTH_NAMES["id"][first.month - 1], MONTH_NAMES["en"][first.month - 1]
    assert page.locator("#period-label").inner_text() == f"{indonesian} {first.year}"
    try:
        page.click("#lang .lang-btn[data-lang=en]")
        page.wait_for_function("document.querySelector('#period-label').textContent === %r" % f"{english} {first.year}",
                               timeout=20000)
        wait_drawn(page)
        page.get_by_role("tab", name="Clerk").wait_for(timeout=20000)   # the tabs are redrawn after the label
        assert "," not in page.locator("#card-within").inner_text()
    finally:
        page.click("#lang .lang-btn[data-lang=id]")
        page.wait_for_function("document.querySelector('#period-label').textContent === %r" % f"{indonesian} {first.year}",
                               timeout=20000)


def test_a_clerk_is_told_politely_that_reports_are_for_the_head_of_office(office, new_context, artifacts):
    ctx = new_context(viewport=PHONE_SIZE, locale="id-ID")
    login(ctx, office, office.creds["staff"][0])
    page = ctx.new_page()
    response = page.goto(office.url + "/laporan")
    assert response.status == 403
    page.get_by_text("Khusus kepala kantor").wait_for()
    assert page.get_by_role("link", name="Kembali ke meja petugas").get_attribute("href") == "/staff"
    assert not layout_problems(page, ".login-card h1, .login-card p, .login-card a")
    page.screenshot(path=str(artifacts / "reports-clerk-refused-390x844.png"))


def test_every_sentence_in_the_reports_html_is_replaced_in_english():
    neutral = {"Antre", "CSV", "Excel (XLSX)", "SKM Excel", "SKM PDF", "\u00a0"}
    assert untranslated_html(PAGES / "reports.html", neutral) == []
    assert untranslated_html(PAGES / "reports-only.html", set()) == []


def test_the_head_of_office_finds_the_reports_from_her_overview(office, new_context):
    from tests.pages.conftest import open_staff
    desk = open_staff(new_context, office, office.creds["supervisor"])
    link = desk.get_by_role("link", name="Laporan \u203a")
    link.wait_for()
    assert not layout_problems(desk, ".ov-title, .ov-title a")
    link.click()
    desk.wait_for_url("**/laporan**")
    wait_drawn(desk)
    clerk_desk = open_staff(new_context, office, office.creds["staff"][0])
    assert not clerk_desk.get_by_role("link", name="Laporan \u203a").is_visible()


def test_the_technician_names_the_head_of_office_for_the_signature(office, new_context, artifacts):
    from tests.pages.conftest import open_admin
    page = open_admin(new_context, office, "office")
    page.fill("#of-head_name", "Drs. H. Ahmad Fauzi, M.Si")
    page.fill("#of-head_nip", "12345")
    page.click("#office-save")
    page.get_by_text("NIP terdiri dari 18 angka.").wait_for()
    page.fill("#of-head_nip", "196805121994031007")
    page.fill("#of-head_title", "Kepala Dinas Sosial")
    page.fill("#of-city", "Rantau")
    page.click("#office-save")
    page.get_by_text("Profil kantor tersimpan").wait_for()
    assert page.locator(".field-error").count() == 0
    assert not layout_problems(page, "#office-form label, #office-form input")
    page.locator("#of-head_name").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "admin-office-head-1366x768.png"))
    saved = office.admin().get("/api/admin/office").json()
    assert (saved["head_name"], saved["head_nip"], saved["city"]) == ("Drs. H. Ahmad Fauzi, M.Si", "196805121994031007", "Rantau")
