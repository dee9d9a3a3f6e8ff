"""The phone page (/ambil) and the booking page (/b/{code}) on a phone (390x844), in Chromium.

Pak Joko takes today's number for D from his phone; Ibu Siti books a time for A on
a later working day, then opens her booking, moves it and cancels it.
"""

from __future__ import annotations

from tests.pages.conftest import PHONE_SIZE
from tests.pages.layout import layout_problems
from tests.server.helpers import nik_for

FORM_TEXTS = ".card label span, .card .hint, #send, .intro, #lang, legend, .choice label"
ANSWER_TEXTS = "#answer-label, #answer-big, #answer-when, #answer-status, #answer-note, #status-link"


def phone(new_context, url: str, locale: str = "id-ID"):
    page = new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True, locale=locale).new_page()
    page.goto(url)
    page.wait_for_function("document.body.classList.contains('ready')")
    return page


def test_pak_joko_takes_todays_number_from_his_phone(server, new_context, artifacts):
    page = phone(new_context, server.url + "/ambil")
    options = page.locator("#service option").all_inner_texts()
    assert [o[0] for o in options] == ["A", "D"]  # the demo opens A and D to phones
    assert layout_problems(page, FORM_TEXTS) == []
    page.screenshot(path=str(artifacts / "phone-form-390x844.png"), full_page=True)

    page.select_option("#service", "D")
    page.fill("#nik", nik_for(2)[:15])  # one digit short: told politely, nothing lost
    page.click("#send")
    page.locator("#problems li").first.wait_for()
    assert "NIK" in page.locator("#problems").inner_text()
    assert page.input_value("#nik") == nik_for(2)[:15]
    page.screenshot(path=str(artifacts / "phone-form-error-390x844.png"), full_page=True)

    page.fill("#nik", nik_for(2))
    page.click("#send")
    page.locator("#answer-big").wait_for()
    number = page.locator("#answer-big").inner_text()
    assert number.startswith("D-")
    assert "kiosk" in page.locator("#answer-note").inner_text()
    page.wait_for_function("document.querySelector('#qr').complete && document.querySelector('#qr').naturalWidth > 0")
    assert layout_problems(page, ANSWER_TEXTS) == []
    page.screenshot(path=str(artifacts / "phone-number-390x844.png"), full_page=True)
    token = page.locator("#status-link").get_attribute("href").split("/t/")[1]
    assert server.client().get(f"/api/tickets/{token}").json()["status"] == "remote"
    # His status page says he is not in the queue yet and what to do.
    page.click("#status-link")
    page.get_by_text("Belum hadir").wait_for()
    page.screenshot(path=str(artifacts / "phone-status-remote-390x844.png"), full_page=True)


def test_ibu_siti_books_a_time_then_moves_and_cancels_it(server, new_context, artifacts):
    page = phone(new_context, server.url + "/ambil")
    page.check("#when-later")
    page.locator("#slots .slot").first.wait_for()
    slots = page.locator("#slots .slot")
    assert slots.count() == 6  # 08, 09, 10, 11, 13, 14 in the demo office
    assert "sisa 4" in slots.nth(1).inner_text()
    slots.nth(1).click()  # 09.00
    page.fill("#nik", nik_for(1))
    page.fill("#phone", "0812 3456 7890")
    assert layout_problems(page, FORM_TEXTS + ", .slot strong, .slot small") == []
    page.screenshot(path=str(artifacts / "phone-booking-form-390x844.png"), full_page=True)
    page.click("#send")
    page.locator("#answer-big").wait_for()
    code = page.locator("#answer-big").inner_text()
    assert len(code) == 9 and code[4] == "-"
    assert "pukul 09.00" in page.locator("#answer-when").inner_text()
    assert "08.30" in page.locator("#answer-note").inner_text()
    assert layout_problems(page, ANSWER_TEXTS) == []
    page.screenshot(path=str(artifacts / "phone-booked-390x844.png"), full_page=True)

    # Her booking page, from the link in her WhatsApp message.
    page = phone(new_context, server.url + "/b/" + code)
    assert page.locator("#answer-big").inner_text() == code
    page.click("#move")
    page.locator("#move-slots .slot").first.wait_for()
    page.locator("#move-slots .slot").nth(4).click()  # 13.00
    page.click("#save-move")
    page.locator("#manage-message").filter(has_text="diubah").wait_for()
    assert "pukul 13.00" in page.locator("#answer-when").inner_text()
    assert layout_problems(page, ANSWER_TEXTS + ", #manage-message, #move, #cancel") == []
    page.screenshot(path=str(artifacts / "phone-booking-moved-390x844.png"), full_page=True)
    page.once("dialog", lambda d: d.accept())
    page.click("#cancel")
    page.locator("#manage-message").filter(has_text="dibatalkan").wait_for()
    assert page.locator("#qr").is_hidden()
    assert server.client().get(f"/api/bookings/{code}").json()["status"] == "cancelled"
    page.screenshot(path=str(artifacts / "phone-booking-cancelled-390x844.png"), full_page=True)


def test_the_phone_page_speaks_english_on_an_english_phone(server, new_context, artifacts):
    page = phone(new_context, server.url + "/ambil", locale="en-GB")
    assert page.locator("#send").inner_text() == "Take a number"
    assert page.get_attribute("#email", "placeholder") == "name@example.id"
    assert layout_problems(page, FORM_TEXTS) == []
    page.screenshot(path=str(artifacts / "phone-form-en-390x844.png"), full_page=True)


def test_the_technician_opens_a_service_to_phones_and_sets_its_booking_hours(server, new_context, artifacts):
    from tests.pages.conftest import open_admin
    page = open_admin(new_context, server, "services")
    page.locator("#svc-rows tr[data-code='B'] button", has_text="Ubah").click()
    assert not page.locator("#sv-phone_open").is_checked()
    page.check("#sv-phone_open")
    page.check("#sv-booking_open")
    page.fill("#sv-walk_in_share", "40")
    page.fill("#sv-slots", "9:x")  # a typo: told how to write it, the dialog stays open
    page.click("#svc-save")
    page.locator("#svc-form .field-error[data-field='slots']").wait_for()
    assert "8:4 9:4" in page.locator("#svc-form .field-error[data-field='slots']").inner_text()
    page.screenshot(path=str(artifacts / "admin-service-phones-error-1366x768.png"), full_page=True)
    page.fill("#sv-slots", "9:3 10:2")
    page.click("#svc-save")
    page.locator("#svc-dialog").wait_for(state="hidden")
    assert page.js_errors == []
    service = next(s for s in server.admin().get("/api/admin/services").json() if s["code"] == "B")
    assert service["phone_open"] and service["booking_open"] and service["walk_in_share"] == 40
    assert sorted({(s["hour"], s["capacity"]) for s in service["slots"]}) == [(9, 3), (10, 2)]
    assert sorted({s["weekday"] for s in service["slots"]}) == [0, 1, 2, 3, 4]
    # Opened again, the dialog shows what was saved.
    page.locator("#svc-rows tr[data-code='B'] button", has_text="Ubah").click()
    assert page.input_value("#sv-slots") == "9:3 10:2"
    assert layout_problems(page, "#sv-phones label, #sv-phones legend") == []
    page.screenshot(path=str(artifacts / "admin-service-phones-1366x768.png"), full_page=True)


def test_behind_a_busy_mobile_address_the_page_solves_the_puzzle_and_the_office_calls_from_home(
        server, new_context, artifacts):
    """Many phones share one address on a mobile network: past the free numbers, the server asks that
    address for a proof of work, which the page solves quietly. The office calls phone numbers from
    home: Bu Rina is in the queue at once and the page says she will be told when her turn is near."""
    from server.http.abuse import AbuseGuard, AbuseLimits
    server.app.state.phone_guard = AbuseGuard(AbuseLimits(free=0, bits=12))
    assert server.admin().put("/api/admin/notifications", json={"notify_call_from_home": True}).status_code == 200
    page = phone(new_context, server.url + "/ambil")
    page.select_option("#service", "D")
    page.fill("#nik", nik_for(7))
    page.click("#send")
    page.locator("#answer-big").wait_for(timeout=30000)
    assert page.locator("#answer-big").inner_text().startswith("D-")
    assert "Anda sudah masuk antrean" in page.locator("#answer-note").inner_text()
    assert not page.locator("#qr").is_hidden()   # shown at the kiosk on arrival, to be marked present
    assert layout_problems(page, ANSWER_TEXTS) == []
    page.screenshot(path=str(artifacts / "phone-number-from-home-390x844.png"), full_page=True)
    token = page.locator("#status-link").get_attribute("href").split("/t/")[1]
    assert server.client().get(f"/api/tickets/{token}").json()["status"] == "waiting"
    # Her status page counts her place and reminds her to check in when she arrives.
    page.click("#status-link")
    page.get_by_text("Dari rumah").wait_for()
    page.screenshot(path=str(artifacts / "phone-status-from-home-390x844.png"), full_page=True)
