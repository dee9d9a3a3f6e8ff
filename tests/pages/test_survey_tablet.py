"""The survey tablet (/survey) in the lobby, in Chromium against a real server, portrait 800x1280
and landscape 1280x800.

Personas: Pak Budi (technician) pairs the tablet and links it to Loket 1; Ibu Siti is served at
Loket 1 and the tablet offers her the questionnaire; Pak Joko, who already answered on his
phone, types his number and is thanked instead of asked twice; the head of office reads the SKM.
"""

from __future__ import annotations

import pytest

from tests.pages.layout import layout_problems

PORTRAIT, LANDSCAPE = {"width": 800, "height": 1280}, {"width": 1280, "height": 800}
READ = ".bar .office, .clock, .panel h1, .panel p, .lookup label, .lookup-input, .lookup-go, .lookup-error, " \
       ".asking-number, .cancel, .q-progress, .q-back, .q-intro, .q-question, .q-answer, .q-field > span, " \
       ".q-field legend, .q-radio, .q-input, .q-select, .q-send, .q-thanks h3, .q-thanks p"
SITI = [3, 3, 4, 4, 3, 4, 4, 3, 3]


def paired_tablet(server, technician, new_context, counter_id: int, size: dict):
    created = technician.post("/api/admin/devices", json={"kind": "survey", "name": "Tablet survei lobi"}).json()
    technician.put(f"/api/admin/devices/{created['id']}/settings",
                   json={"language": "id", "counters": [counter_id]}).raise_for_status()
    tablet = new_context(viewport=size, has_touch=True, locale="id-ID").new_page()
    tablet.goto(f"{server.url}/pair?next=/survey&code={created['pairing_code']}")
    assert tablet.locator("h1").inner_text() == "Pasang tablet survei"
    tablet.click("#submit")
    tablet.wait_for_url("**/survey", timeout=10000)
    tablet.locator("#waiting").wait_for()
    return tablet


def test_the_tablet_offers_the_questionnaire_for_the_ticket_just_finished_at_its_counter(
        server, technician, siti, front_office, supervisor, new_context, artifacts):
    tablet = paired_tablet(server, technician, new_context, front_office.counter_id, PORTRAIT)
    assert tablet.locator("#waiting h1").inner_text() == "Terima kasih \u2014 silakan isi survei setelah dilayani"
    assert layout_problems(tablet, READ) == []
    tablet.screenshot(path=str(artifacts / "survey-tablet-waiting-800x1280.png"))

    t = siti.takes_ticket("A").json()
    front_office.calls_next().raise_for_status()
    front_office.does("done", t).raise_for_status()
    tablet.locator("#asking .q-question").wait_for()
    assert tablet.locator(".asking-number").inner_text() == f"Nomor {t['number']}, bagaimana pelayanan kami?"
    assert layout_problems(tablet, READ) == []
    tablet.screenshot(path=str(artifacts / "survey-tablet-q1-800x1280.png"))
    for value in SITI:
        tablet.tap(f".q-answer[data-value='{value}']")
    tablet.check("input[name=sex][value=P]")
    assert layout_problems(tablet, READ) == []
    tablet.screenshot(path=str(artifacts / "survey-tablet-profile-800x1280.png"))
    tablet.click(".q-send")
    tablet.locator(".q-thanks").wait_for()
    # after the thank-you it waits for the next citizen by itself
    tablet.locator("#waiting").wait_for(timeout=15000)

    today = server.ctx.today()
    report = supervisor.get(f"/api/reports/skm?from={today}&to={today}").json()
    assert report["respondents"] == 1 and report["nrr"] == [float(v) for v in SITI]
    assert report["profile"]["sex"] == {"P": 1}
    # on her phone she only gets the thanks: the tablet's answer counts for her ticket
    assert siti.public.get(f"/api/survey/{t['token']}").json()["state"] == "answered"


def test_a_ticket_finished_at_another_counter_is_not_offered(server, technician, siti, front_office, back_office,
                                                            new_context):
    tablet = paired_tablet(server, technician, new_context, back_office.counter_id, PORTRAIT)
    t = siti.takes_ticket("A").json()
    front_office.calls_next().raise_for_status()
    front_office.does("done", t).raise_for_status()
    tablet.wait_for_timeout(1500)
    assert tablet.evaluate("window.antreSurvey.offers") == 0
    assert tablet.locator("#waiting").is_visible()


@pytest.mark.parametrize("size, name", [(LANDSCAPE, "1280x800"), (PORTRAIT, "800x1280")])
def test_joko_types_his_number_after_answering_on_his_phone_and_is_not_asked_twice(
        server, technician, joko, siti, front_office, back_office, new_context, artifacts, size, name):
    # linked to the back office: nothing is offered by itself, the citizens type or scan
    tablet = paired_tablet(server, technician, new_context, back_office.counter_id, size)
    j = joko.takes_ticket("A").json()
    front_office.calls_next().raise_for_status()
    front_office.does("done", j).raise_for_status()
    assert joko.public.post(f"/api/survey/{j['token']}", json={"answers": [3] * 9}).status_code == 201
    tablet.fill("#ticket", j["number"].replace("-", "").lower())
    tablet.click("#lookup-go")
    tablet.locator("#lookup-error").get_by_text("Survei untuk nomor ini sudah diisi").wait_for()
    assert layout_problems(tablet, READ) == []
    tablet.screenshot(path=str(artifacts / f"survey-tablet-already-{name}.png"))
    tablet.fill("#ticket", "Z-999")
    tablet.click("#lookup-go")
    tablet.locator("#lookup-error").get_by_text("tidak ditemukan hari ini").wait_for()

    # Ibu Siti scans her ticket's QR code (the scanner types the URL and Enter)
    s = siti.takes_ticket("A").json()
    front_office.calls_next().raise_for_status()
    front_office.does("done", s).raise_for_status()
    tablet.fill("#ticket", s["status_url"])
    tablet.press("#ticket", "Enter")
    tablet.locator("#asking .q-question").wait_for()
    assert s["number"] in tablet.locator(".asking-number").inner_text()
    assert layout_problems(tablet, READ) == []
    tablet.screenshot(path=str(artifacts / f"survey-tablet-q1-{name}.png"))
    for _ in range(9):
        tablet.locator(".q-answer").nth(3).tap()
    tablet.locator(".q-send").wait_for()
    assert layout_problems(tablet, READ) == []
    tablet.screenshot(path=str(artifacts / f"survey-tablet-profile-{name}.png"))
    # she walks away without sending ("Bukan saya" is the same as a minute's idle): nothing is kept
    tablet.click("#cancel")
    tablet.locator("#waiting").wait_for()
    assert siti.public.get(f"/api/survey/{s['token']}").json()["state"] == "available"


def test_a_tablet_set_to_english_asks_in_english(server, technician, joko, front_office, new_context, artifacts):
    from tests.pages.leftovers import indonesian_left
    tablet = paired_tablet(server, technician, new_context, front_office.counter_id, LANDSCAPE)
    device_id = tablet.evaluate("JSON.parse(localStorage.getItem('antre.device')).device_id")
    technician.put(f"/api/admin/devices/{device_id}/settings",
                   json={"language": "en", "counters": [front_office.counter_id]}).raise_for_status()
    tablet.reload()
    tablet.locator("#waiting h1").get_by_text("please answer our survey after your visit").wait_for()
    texts = ["/pages/survey-texts.js", "/pages/questionnaire.js"]
    assert indonesian_left(tablet, texts, ("Dinas Sosial Kota Demo",)) == []
    j = joko.takes_ticket("A").json()
    front_office.calls_next().raise_for_status()
    front_office.does("done", j).raise_for_status()
    tablet.locator(".asking-number").get_by_text(f"Number {j['number']}, how was our service?").wait_for()
    assert tablet.locator(".q-answer").all_inner_texts() == ["Not suitable", "Somewhat unsuitable", "Suitable",
                                                             "Very suitable"]
    assert indonesian_left(tablet, texts, ("Dinas Sosial Kota Demo",)) == []
    assert layout_problems(tablet, READ) == []
    tablet.screenshot(path=str(artifacts / "survey-tablet-q1-en-1280x800.png"))


def test_pak_budi_adds_a_survey_tablet_on_the_admin_page_and_links_it_to_loket_1(
        server, technician, front_office, new_context, artifacts):
    from tests.pages.conftest import open_admin
    page = open_admin(new_context, server, "devices")
    page.click("#dev-add-survey")
    assert page.inner_text("#dev-title") == "Tambah tablet survei"
    page.fill("#dv-name", "Tablet Survei Lobi")
    page.click("#dev-save")
    page.locator("#code-value").wait_for()
    assert "?next=/survey" in page.inner_text("#code-steps")
    page.click("#code-close")
    row = page.locator("tr", has_text="Tablet Survei Lobi")
    row.locator(".survey-counter input").first.wait_for()
    loket1 = row.locator(f".survey-counter input[value='{front_office.counter_id}']")
    loket1.check()
    page.get_by_text("Tablet Survei Lobi melayani: Loket 1").wait_for()
    assert layout_problems(page, "#dev-rows td, .survey-counter, #dev-add-survey") == []
    page.screenshot(path=str(artifacts / "survey-admin-devices-1366x768.png"))
    assert page.js_errors == []
    device = next(d for d in technician.get("/api/admin/devices").json()["devices"] if d["name"] == "Tablet Survei Lobi")
    assert device["kind"] == "survey"
    linked = technician.get(f"/api/admin/devices/{device['id']}/survey-counters").json()
    assert linked["counters"] == [front_office.counter_id]


def test_answered_on_her_phone_first_the_tablet_stops_offering_her_number(
        server, technician, siti, front_office, new_context):
    tablet = paired_tablet(server, technician, new_context, front_office.counter_id, PORTRAIT)
    t = siti.takes_ticket("A").json()
    front_office.calls_next().raise_for_status()
    front_office.does("done", t).raise_for_status()
    tablet.locator("#asking .q-question").wait_for()
    assert siti.public.post(f"/api/survey/{t['token']}", json={"answers": SITI}).status_code == 201
    tablet.locator("#waiting").wait_for()
    assert tablet.evaluate("window.antreSurvey.screen") == "waiting"


def test_a_minute_without_a_tap_gives_the_tablet_back_to_the_lobby(server, technician, siti, front_office, new_context):
    tablet = paired_tablet(server, technician, new_context, front_office.counter_id, PORTRAIT)
    tablet.clock.install()   # the page's own timers, moved on by the test (no waiting a real minute)
    t = siti.takes_ticket("A").json()
    front_office.calls_next().raise_for_status()
    front_office.does("done", t).raise_for_status()
    tablet.locator("#asking .q-question").wait_for()
    tablet.tap(".q-answer[data-value='4']")          # a tap starts the minute again
    tablet.clock.run_for(50_000)
    assert tablet.evaluate("window.antreSurvey.screen") == "asking"
    tablet.clock.run_for(11_000)
    tablet.locator("#waiting").wait_for()
    # she walked away: nothing was kept, she may still answer on her phone
    assert siti.public.get(f"/api/survey/{t['token']}").json()["state"] == "available"


def test_an_unpaired_browser_on_survey_is_told_how_to_pair(server, new_context, artifacts):
    page = new_context(viewport=PORTRAIT, locale="id-ID").new_page()
    page.goto(f"{server.url}/survey")
    page.locator("#unpaired h1").get_by_text("Tablet survei belum dipasang").wait_for()
    assert page.get_attribute("#unpaired a", "href") == "/pair?next=/survey"
    assert layout_problems(page, READ + ", #unpaired a") == []
    page.screenshot(path=str(artifacts / "survey-tablet-unpaired-800x1280.png"))
