"""The staff workstation in English, for a clerk whose account says so (real server, Chromium).

Personas: petugas1 at Loket 1 (front office), who reads English better than Indonesian; the
technician set her account to English. She switches to Indonesian herself with the ID / EN
switch in the header, and that choice is kept with her account: it is there after a reload
and on another PC. Pages are 1366x768, the office PC.
"""

from __future__ import annotations

from tests.pages.conftest import issue, open_staff
from tests.pages.leftovers import indonesian_left
from tests.pages.layout import assert_laid_out

STAFF_TEXTS = ["/pages/staff/texts.js"]


def set_language(server, username: str, language: str) -> None:
    admin = server.admin()
    user = next(u for u in admin.get("/api/admin/users").json() if u["username"] == username)
    assert admin.put(f"/api/admin/users/{user['id']}", json={"language": language}).status_code == 200


def no_indonesian(page) -> None:
    left = indonesian_left(page, STAFF_TEXTS)
    assert not left, left


def test_a_clerk_set_to_english_sees_her_desk_in_english_and_her_own_switch_back_sticks(
        server, new_context, artifacts):
    clerk = server.creds["staff"][0]
    set_language(server, clerk["username"], "en")
    first = issue(server, "A")
    issue(server, "A")

    page = open_staff(new_context, server, clerk)
    page.get_by_role("button", name="Log out").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("#btn-next .label").inner_text() == "Call next"
    assert page.locator("#lang [aria-pressed=true]").inner_text() == "EN"
    page.locator("#current").get_by_text("No one called yet").wait_for()
    no_indonesian(page)
    page.screenshot(path=str(artifacts / "staff-english-idle-1366x768.png"))
    assert_laid_out(page, "header.top")

    # Calling: the message, the citizen's card and the queue in English.
    page.keyboard.press("F1")
    page.locator("#message").get_by_text(f"{first['number']} called.").wait_for()
    page.locator("#current").get_by_text("Waiting time").wait_for()
    page.locator("#nik").get_by_text("3271").wait_for()
    no_indonesian(page)
    page.screenshot(path=str(artifacts / "staff-english-calling-1366x768.png"))
    assert_laid_out(page, "header.top")
    assert_laid_out(page, "#current")
    assert_laid_out(page, "#queue")

    # Dialogs: transfer, finish, a number for a citizen.
    page.keyboard.press("F8")
    page.locator("#transfer-dialog[open]").wait_for()
    assert page.locator("#transfer-dialog h2").inner_text().startswith(f"Transfer {first['number']} to")
    no_indonesian(page)
    assert_laid_out(page, "#transfer-dialog")
    page.click("#transfer-cancel")
    page.keyboard.press("F4")
    page.locator("#finish-dialog[open]").wait_for()
    no_indonesian(page)
    page.screenshot(path=str(artifacts / "staff-english-finish-1366x768.png"))
    assert_laid_out(page, "#finish-dialog")
    page.click("#finish-ok")      # no outcome chosen: told in English, nothing lost
    page.locator("#finish-message").get_by_text("Choose how the visit ended before finishing.").wait_for()
    page.click("#finish-cancel")
    page.click("#btn-assist")
    page.locator("#assist-dialog[open]").wait_for()
    page.check('#assist-services input[value="A"]')
    page.click("#assist-ok")      # the server's refusal, in the account's language
    page.locator("#assist-message").get_by_text("This service needs the NIK.").wait_for()
    no_indonesian(page)
    page.screenshot(path=str(artifacts / "staff-english-assist-1366x768.png"))
    assert_laid_out(page, "#assist-dialog")
    page.click("#assist-cancel")

    # She switches to Indonesian: at once, after a reload, and on another PC.
    page.click("#lang [data-lang=id]")
    page.locator("#btn-next .label").get_by_text("Panggil berikutnya").wait_for()
    assert page.get_by_role("button", name="Keluar").is_visible()
    assert page.evaluate("document.documentElement.lang") == "id"
    assert not page.locator("#message").is_visible()      # "A-001 called." was English: gone
    page.screenshot(path=str(artifacts / "staff-indonesian-calling-1366x768.png"))
    assert_laid_out(page, "header.top")
    assert server.staff(0).get("/api/auth/me").json()["language"] == "id"
    page.reload()
    page.locator("#btn-next .label").get_by_text("Panggil berikutnya").wait_for()
    assert page.locator("#lang [aria-pressed=true]").inner_text() == "ID"
    other = open_staff(new_context, server, clerk)
    other.locator("#btn-next .label").get_by_text("Panggil berikutnya").wait_for()
    other.get_by_role("button", name="Keluar").wait_for()


def test_the_head_of_office_watches_every_counter_in_english(server, new_context, artifacts):
    head = server.creds["supervisor"]
    set_language(server, head["username"], "en")
    issue(server, "A")
    issue(server, "B")
    page = open_staff(new_context, server, head)
    page.locator("#overview").get_by_text("All counters").wait_for()
    page.locator("#ov-counters tr").first.wait_for()
    states = page.locator("#ov-counters td:nth-child(2)").all_inner_texts()
    assert states and set(states) <= {"Open", "On a break", "Closed"}, states
    no_indonesian(page)
    page.screenshot(path=str(artifacts / "staff-english-overview-1366x768.png"))
    assert_laid_out(page, "header.top")
    assert_laid_out(page, "#overview")


def test_every_sentence_written_in_the_staff_and_login_html_is_replaced_in_english():
    from pathlib import Path
    from tests.pages.leftovers import untranslated_html
    pages = Path(__file__).resolve().parents[2] / "server" / "pages"
    # "Istirahat" on F10 is the vocabulary's counter state, redrawn by render.js in the account's language.
    assert untranslated_html(pages / "staff.html", {"Antre", "NIK", "Istirahat"}) == []
    assert untranslated_html(pages / "login.html", set()) == []


def test_the_english_header_with_the_longest_counter_name_leaves_the_switch_and_log_out_readable(
        server, new_context, artifacts):
    from server.storage.schema import counters
    clerk = server.creds["staff"][0]
    longest = "Loket Front Office Pelayanan Terpadu Satu Pintu Lantai Satu"[:60]
    server.sql(counters.update().where(counters.c.id == clerk["counter"]).values(name=longest))
    set_language(server, clerk["username"], "en")
    page = open_staff(new_context, server, clerk)
    page.get_by_role("button", name="Log out").wait_for()
    page.screenshot(path=str(artifacts / "staff-english-longest-counter-1366x768.png"))
    assert_laid_out(page, "header.top")
    for part in ("#lang", "#logout", "#user", "#clock", "#btn-assist"):
        box = page.locator(part).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1366 and box["y"] + box["height"] <= 80, part
