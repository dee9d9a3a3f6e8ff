"""/admin › Hari libur in Chromium: the technician keeps the office's holiday calendar.

The calendar starts with Indonesia's holidays of this year and next; the technician adds the
city's anniversary, removes a day, imports a CSV (a bad line is named and nothing goes in)
and exports the year as the import reads it.
"""

from datetime import date

import pytest

from tests.live import LiveServer
from tests.pages.conftest import open_admin
from tests.pages.layout import layout_problems
from tests.pages.leftovers import indonesian_left


@pytest.fixture
def server(tmp_path):
    """The demo office with the national calendar filled, as outside tests (tests/live.py)."""
    s = LiveServer(tmp_path / "data", overrides={"national_holidays": True}).start()
    yield s
    s.stop()


TEXT = "#sec-holidays .section-head h1, #sec-holidays .section-head p, .hol-tools label > span, .hol-tools p, .button-link, #hol-save, " \
       ".hol-table th, .hol-table td, .tabs a"


def test_the_technician_keeps_the_holiday_calendar(server, new_context, artifacts, tmp_path):
    year = date.today().year
    api = server.admin()
    library = api.get(f"/api/holidays?year={year}").json()["holidays"]
    page = open_admin(new_context, server, "holidays")
    page.wait_for_selector("#hol-rows tr[data-day]")
    assert page.locator("#hol-rows tr[data-day]").count() == len(library)
    first = library[0]
    assert page.locator(f"#hol-rows tr[data-day='{first['day']}'] td").nth(1).inner_text() == first["name"]
    assert page.locator(f"#hol-rows tr[data-day='{first['day']}'] td").nth(3).inner_text() == "Otomatis"
    page.screenshot(path=str(artifacts / "admin-holidays-1366.png"), full_page=True)
    assert layout_problems(page, TEXT) == []

    # The city's anniversary, a local holiday.
    day = f"{year}-10-{'07' if f'{year}-10-07' not in {h['day'] for h in library} else '08'}"
    page.fill("#hol-day", day)
    page.fill("#hol-name", "Hari Jadi Kota Demo")
    page.click("#hol-save")
    page.wait_for_selector(f"#hol-rows tr[data-day='{day}']")
    kept = {h["day"]: h for h in api.get(f"/api/holidays?year={year}").json()["holidays"]}
    assert kept[day] == {"day": day, "name": "Hari Jadi Kota Demo", "kind": "lokal", "source": "admin"}

    # A CSV with a bad second line: named, and nothing imported.
    bad = tmp_path / "libur.csv"
    bad.write_text(f"{year}-11-02,Libur Kantor,lokal\n{year}-11-31,Salah,lokal\n")
    page.set_input_files("#hol-file", str(bad))
    page.wait_for_selector("#hol-error:not([hidden])")
    assert page.locator("#hol-error").inner_text().startswith("Baris 2: ")
    assert f"{year}-11-02" not in {h["day"] for h in api.get(f"/api/holidays?year={year}").json()["holidays"]}
    page.screenshot(path=str(artifacts / "admin-holidays-bad-csv-1366.png"))
    page.evaluate("document.getElementById('toast').hidden = true")   # the earlier save's toast, passing
    assert layout_problems(page, TEXT + ", #hol-error") == []

    good = tmp_path / "libur-baik.csv"
    good.write_text(f"tanggal,nama,jenis\n{year}-11-02,Libur Kantor,lokal\n")
    page.set_input_files("#hol-file", str(good))
    page.wait_for_selector(f"#hol-rows tr[data-day='{year}-11-02']")
    assert page.locator("#toast").inner_text() == "Impor selesai: 1 ditambah, 0 diubah."

    # The export link gives the year as the import reads it.
    href = page.locator("#hol-export").get_attribute("href")
    exported = page.context.request.get(server.url + href).text().splitlines()
    assert exported[0] == "tanggal,nama,jenis" and f"{year}-11-02,Libur Kantor,lokal" in exported

    # Removing the anniversary again, after a question.
    page.locator(f"#hol-rows tr[data-day='{day}'] button").click()
    page.click("#confirm-yes")
    page.wait_for_selector(f"#hol-rows tr[data-day='{day}']", state="detached")
    assert day not in {h["day"] for h in api.get(f"/api/holidays?year={year}").json()["holidays"]}
    assert page.js_errors == []


def test_the_holiday_tab_speaks_english_to_an_english_account(server, new_context, artifacts):
    admin = server.admin()
    assert admin.put("/api/auth/me/language", json={"language": "en"}).status_code == 200
    page = open_admin(new_context, server, "holidays")
    page.wait_for_selector("#hol-rows tr[data-day]")
    assert page.locator("#sec-holidays h1").inner_text() == "Holidays"
    left = indonesian_left(page, ["/pages/admin/texts.js"],
                           office_data=tuple(h["name"] for h in admin.get("/api/holidays").json()["holidays"]))
    assert left == []
    page.screenshot(path=str(artifacts / "admin-holidays-english-1366.png"))


def test_the_technician_names_a_complaint_officer_and_the_answer_deadline(server, new_context, artifacts):
    """Who may read the register and confidential identities, and how many working days the office
    gives itself to answer, are set on /admin like the rest of the office."""
    api = server.admin()
    page = open_admin(new_context, server, "users")
    page.locator("#usr-rows tr[data-username=petugas1]").wait_for()
    # The demo's complaints desk clerk is one already; Petugas Loket 1 becomes one too.
    assert page.locator("#usr-rows tr[data-username=petugas4] .badge.officer").inner_text() == "Petugas pengaduan"
    assert page.locator("#usr-rows tr[data-username=petugas1] .badge.officer").count() == 0
    page.click("#usr-rows tr[data-username=petugas1] button:has-text('Ubah')")
    assert not page.is_checked("#us-complaint_officer")
    page.check("#us-complaint_officer")
    page.screenshot(path=str(artifacts / "admin-user-complaint-officer-1366.png"))
    page.click("#usr-save")
    page.locator("#usr-rows tr[data-username=petugas1] .badge.officer").wait_for()
    users = {u["username"]: u for u in api.get("/api/admin/users").json()}
    assert users["petugas1"]["complaint_officer"] is True
    assert server.staff(0).get("/api/complaints").status_code == 200    # the register opens for her now
    assert layout_problems(page, "#usr-rows td, #usr-rows .badge") == []

    page.click(".tabs a[data-tab=office]")
    page.locator("#of-complaint_response_days").wait_for()
    assert page.input_value("#of-complaint_response_days") == "10"      # the default, said as it is
    page.fill("#of-complaint_response_days", "0")
    page.click("#office-save")
    page.locator("[data-field=complaint_response_days]").get_by_text("Harus antara 1 dan 60.").wait_for()
    page.fill("#of-complaint_response_days", "5")
    page.click("#office-save")
    page.wait_for_function("document.querySelector('[data-field=complaint_response_days]') === null")
    assert api.get("/api/admin/office").json()["complaint_response_days"] == 5
    page.locator("#of-complaint_response_days").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "admin-office-complaint-days-1366.png"))
    assert server.staff(0).get("/api/complaints").json()["response_days"] == 5
