"""The SKM questionnaire on the citizen's phone (/t/...), 390x844, in Chromium against a real server.

Personas: Ibu Siti, who answers in Indonesian once Loket 1 has finished with her; Pak Joko,
whose phone speaks English; the head of office (kepala), who reads the result.
"""

from __future__ import annotations

from tests.pages.conftest import PHONE_SIZE
from tests.pages.layout import layout_problems
from tests.pages.leftovers import indonesian_left

QUESTIONNAIRE = ".q-progress, .q-back, .q-question, .q-answer, .q-field > span, .q-field legend, .q-radio, " \
                ".q-input, .q-select, .q-send, .q-hint, .q-thanks h3, .q-thanks p"
PAGE_TEXTS = ["/pages/status-texts.js", "/pages/questionnaire.js"]
# the office's name, and the switch that names the other language in that language
OFFICE_DATA = ("Dinas Sosial Kota Demo", "Bahasa Indonesia")
# Ibu Siti's answers, U1..U9 (1 worst .. 4 best)
SITI = [4, 3, 4, 4, 3, 4, 4, 2, 3]


def finished(citizen, clerk) -> dict:
    t = citizen.takes_ticket("A").json()
    clerk.calls_next().raise_for_status()
    clerk.does("done", t).raise_for_status()
    return t


def open_phone(new_context, url: str, locale: str = "id-ID"):
    phone = new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True, locale=locale).new_page()
    phone.goto(url)
    phone.locator(".q-question, .q-thanks").first.wait_for()
    return phone


def test_siti_answers_the_nine_questions_on_her_phone_and_is_thanked(
        server, siti, front_office, supervisor, new_context, artifacts):
    t = finished(siti, front_office)
    phone = open_phone(new_context, t["status_url"])
    assert phone.locator(".q-progress").inner_text() == "1 dari 9"
    assert phone.locator(".q-question").inner_text() == \
        "Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"
    assert phone.locator(".q-answer").all_inner_texts() == ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]
    assert layout_problems(phone, QUESTIONNAIRE) == []
    phone.screenshot(path=str(artifacts / "survey-phone-q1-id-390x844.png"), full_page=True)
    for i, value in enumerate(SITI):
        if i == 3:
            # the cost question speaks of cost; "Gratis" is the best answer
            assert phone.locator(".q-answer").all_inner_texts()[3] == "Gratis"
        if i == 2:
            # she goes back once and changes nothing: her earlier answer is shown as chosen
            phone.click(".q-back")
            assert phone.locator(".q-progress").inner_text() == "2 dari 9"
            assert phone.locator(".q-answer.chosen").inner_text() == "Mudah"
            phone.click(".q-answer.chosen")
        assert phone.locator(".q-progress").inner_text() == f"{i + 1} dari 9"
        phone.tap(f".q-answer[data-value='{value}']")
    phone.locator(".q-send").wait_for()
    phone.check("input[name=sex][value=P]")
    phone.fill("#q-age", "64")
    phone.select_option("#q-education", "sd")
    phone.select_option("#q-occupation", "irt")
    phone.fill("#q-suggestion", "Kursi tunggu untuk lansia ditambah. HP saya 0812 3456 7890")
    assert layout_problems(phone, QUESTIONNAIRE) == []
    phone.screenshot(path=str(artifacts / "survey-phone-profile-id-390x844.png"), full_page=True)
    phone.click(".q-send")
    phone.locator(".q-thanks").get_by_text("Terima kasih!").wait_for()
    phone.screenshot(path=str(artifacts / "survey-phone-thanks-id-390x844.png"), full_page=True)

    today = server.ctx.today()
    report = supervisor.get(f"/api/reports/skm?from={today}&to={today}").json()
    assert report["respondents"] == 1 and report["nrr"] == [float(v) for v in SITI]
    assert report["profile"]["education"] == {"sd": 1} and report["profile"]["occupation"] == {"irt": 1}
    assert report["suggestions"][0]["text"].startswith("Kursi tunggu untuk lansia ditambah. HP saya 0812")
    assert "3456 7890" not in report["suggestions"][0]["text"]

    # she opens the page again later: only the thank-you, nothing to answer twice
    again = open_phone(new_context, t["status_url"])
    assert again.locator(".q-thanks").is_visible() and again.locator(".q-answer").count() == 0


def test_a_phone_in_english_gets_the_questionnaire_in_english_and_a_bad_age_is_explained(
        server, joko, front_office, new_context, artifacts):
    t = finished(joko, front_office)
    phone = open_phone(new_context, t["status_url"], locale="en-US")
    assert phone.locator(".q-progress").inner_text() == "1 of 9"
    assert phone.locator(".q-question").inner_text() == "Did the requirements fit the service?"
    assert phone.locator("#survey h2").inner_text() == "Satisfaction survey"
    assert layout_problems(phone, QUESTIONNAIRE) == []
    assert indonesian_left(phone, PAGE_TEXTS, OFFICE_DATA) == []
    phone.screenshot(path=str(artifacts / "survey-phone-q1-en-390x844.png"), full_page=True)
    for _ in range(9):
        phone.locator(".q-answer").nth(2).tap()
    phone.fill("#q-age", "7")
    phone.click(".q-send")
    assert phone.locator("#q-error").inner_text() == "Age: a number from 10 to 120, or leave it empty."
    assert layout_problems(phone, QUESTIONNAIRE) == []
    assert indonesian_left(phone, PAGE_TEXTS, OFFICE_DATA) == []
    phone.screenshot(path=str(artifacts / "survey-phone-profile-en-390x844.png"), full_page=True)
    phone.fill("#q-age", "")
    # he switches to Indonesian before sending: his nine answers are still there
    phone.click("#lang")
    phone.locator(".q-send").get_by_text("Kirim survei").wait_for()
    phone.click(".q-back")
    assert phone.locator(".q-progress").inner_text() == "9 dari 9"
    assert phone.locator(".q-answer.chosen").inner_text() == "Baik"
    phone.click(".q-answer.chosen")
    phone.click(".q-send")
    phone.locator(".q-thanks").get_by_text("Terima kasih!").wait_for()
    state = joko.public.get(f"/api/survey/{t['token']}").json()
    assert state["state"] == "answered"


def test_while_she_waits_there_is_no_questionnaire_and_it_appears_when_she_is_finished(
        server, siti, front_office, new_context):
    t = siti.takes_ticket("A").json()
    phone = new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True, locale="id-ID").new_page()
    phone.goto(t["status_url"])
    phone.locator("#facts dd").first.wait_for()
    assert phone.locator("#survey").is_hidden()
    front_office.calls_next().raise_for_status()
    front_office.does("done", t).raise_for_status()
    phone.locator(".q-question").wait_for()
    assert phone.locator(".q-progress").inner_text() == "1 dari 9"
