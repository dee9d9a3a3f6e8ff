"""The admin pages and the login page in English (real server, Chromium, 1366x768).

Personas: the technician, Pak Budi, whose account is set to English; Bu Ani, a clerk whose
account he switches to English on the accounts page; someone on an English-language browser
who has not logged in yet; the lobby's devices: a kiosk out of paper, the TV upstairs in its
waiting room, a TV not paired yet.
"""

from __future__ import annotations

from tests.pages.conftest import STAFF_SIZE, login, open_admin
from tests.pages.layout import assert_laid_out
from tests.pages.leftovers import indonesian_left

ADMIN_TEXTS = ["/pages/admin/texts.js"]
TABS = ["office", "services", "counters", "outcomes", "users", "devices"]
# What the office named its devices and rooms, and what a kiosk reported: shown as written.
DEVICE_NAMES = ("Kiosk Pintu Depan", "TV Lantai 2", "TV Baru", "Lantai 2", "Cetak gagal: kertas habis", "Sensor kertas: habis")


def lobby_devices(server) -> dict:
    """A kiosk that reported its printer out of paper, the upstairs TV paired and set to the
    "Lantai 2" room (Loket 3 and 4), and a TV whose pairing code is still waiting."""
    admin = server.admin()
    kiosk = admin.post("/api/admin/devices", json={"kind": "kiosk", "name": "Kiosk Pintu Depan"}).json()
    key = server.client().post("/api/devices/pair", json={"code": kiosk["pairing_code"]}).json()["key"]
    server.client(headers={"Authorization": f"Bearer {key}"}).post("/api/devices/heartbeat", json={
        "version": "kiosk 1.0", "printer": {"state": "paper_out", "detail": "Sensor kertas: habis"},
        "last_error": "Cetak gagal: kertas habis", "last_error_at": server.ctx.clock()}).raise_for_status()
    tv = admin.post("/api/admin/devices", json={"kind": "display", "name": "TV Lantai 2"}).json()
    server.client().post("/api/devices/pair", json={"code": tv["pairing_code"]}).raise_for_status()
    counters = [server.creds["staff"][2]["counter"], server.creds["staff"][3]["counter"]]
    zone = admin.post("/api/admin/zones", json={"name": "Lantai 2", "counters": counters}).json()
    admin.put(f"/api/admin/devices/{tv['id']}/settings", json={"zone_id": zone["id"], "language": "en"}).raise_for_status()
    waiting = admin.post("/api/admin/devices", json={"kind": "display", "name": "TV Baru"}).json()
    return {"kiosk": kiosk["id"], "tv": tv["id"], "waiting": waiting["id"], "zone": zone["id"]}


def no_indonesian(page) -> None:
    # What the office wrote is shown as written: each service's Indonesian name (above its English
    # one), the accounts' usernames ("kepala") and display names.
    names = tuple(page.evaluate("[...antreAdmin.services.map((s) => s.name_id), "
                                "...antreAdmin.users.flatMap((u) => [u.username, u.display_name])]"))
    left = indonesian_left(page, ADMIN_TEXTS, names + DEVICE_NAMES)
    assert not left, left


def test_the_technician_in_english_walks_every_tab_and_dialog_then_switches_back(server, new_context, artifacts):
    admin = server.admin()
    me = admin.get("/api/auth/me").json()
    assert admin.put("/api/auth/me/language", json={"language": "en"}).status_code == 200
    devices = lobby_devices(server)

    page = open_admin(new_context, server)
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("button", name="Log out").wait_for()
    for tab in TABS:
        page.click(f".tabs a[data-tab={tab}]")
        page.locator(f"#sec-{tab}:not([hidden])").wait_for()
        page.wait_for_load_state("networkidle")
        if tab == "users":  # the accounts' names are office data: read once they are drawn
            page.locator("#usr-rows tr[data-username]").first.wait_for()
        if tab == "devices":
            page.locator("#zone-rows tr[data-zone]").wait_for()
            page.locator(f"#dev-rows tr[data-device='{devices['kiosk']}'] .printer-state").get_by_text("OUT OF PAPER").wait_for()
        no_indonesian(page)
        page.screenshot(path=str(artifacts / f"admin-english-{tab}-1366x768.png"))
        assert_laid_out(page, "header.top")
        assert_laid_out(page, f"#sec-{tab} .section-head")
    assert page.title() == "Devices \u2013 Antre settings"
    # The words the devices tab builds itself: how long ago, each status, the TV's room and language.
    kiosk = page.locator(f"#dev-rows tr[data-device='{devices['kiosk']}']")
    assert kiosk.locator("td.seen").inner_text().endswith(" ago")
    assert kiosk.get_by_role("button").all_inner_texts() == ["Pair again", "Revoke"]
    assert page.locator(f"#dev-rows tr[data-device='{devices['waiting']}'] [data-status]").inner_text() == "Waiting to be paired"
    assert page.locator("#dev-summary").inner_text().split("\n") == ["2 of 4 devices online", "1 needs a look"]
    tv_settings = page.locator(f"#dev-rows tr[data-device='{devices['tv']}'] .dev-settings")
    assert tv_settings.inner_text().split() [:1] == ["Zone"] and "Language" in tv_settings.inner_text()
    assert tv_settings.locator("select.dev-lang option").all_inner_texts() == ["Indonesian", "English"]
    assert page.locator("#zone-panel h2").text_content() == "Waiting-room zones"

    # The dialogs, and a refusal with its field problems in English.
    for tab, button, dialog in [("services", "#svc-add", "#svc-dialog"), ("counters", "#ctr-add", "#ctr-dialog"),
                                ("outcomes", "#out-add", "#out-dialog"), ("users", "#usr-add", "#usr-dialog"),
                                ("devices", "#dev-add-kiosk", "#dev-dialog"), ("devices", "#dev-add-display", "#dev-dialog"),
                                ("devices", "#zone-add", "#zone-dialog")]:
        page.click(f".tabs a[data-tab={tab}]")
        page.click(button)
        page.locator(f"{dialog}[open]").wait_for()
        no_indonesian(page)
        assert_laid_out(page, dialog)
        if tab == "users":
            page.fill("#us-username", "X")
            page.click("#usr-save")
            page.locator("#usr-form .field-error[data-field=username]").wait_for()
            assert "lower-case" in page.locator("#usr-form .field-error[data-field=username]").inner_text()
            assert page.locator('#usr-form [data-error="form"]').inner_text() == "Check the fields marked in red."
            page.screenshot(path=str(artifacts / "admin-english-account-refused-1366x768.png"))
            no_indonesian(page)
        if button == "#zone-add":  # the server's refusal, in the account's language
            page.click("#zone-save")
            page.locator("#zone-form .field-error").get_by_text("The zone needs a name", exact=False).wait_for()
            assert page.locator('#zone-form [data-error="form"]').inner_text() == "Check the fields marked in red."
            page.screenshot(path=str(artifacts / "admin-english-zone-refused-1366x768.png"))
            no_indonesian(page)
            assert_laid_out(page, dialog)
        page.locator(f"{dialog} button.cancel").click()

    # A pairing code for a new kiosk, with its steps, in English; the name is asked for first.
    page.click("#dev-add-kiosk")
    page.click("#dev-save")
    page.locator("#dev-form .field-error[data-field=name]").get_by_text("The device name is required.").wait_for()
    no_indonesian(page)
    page.fill("#dv-name", "Kiosk Samping")
    page.click("#dev-save")
    page.locator("#code-dialog[open]").wait_for()
    page.wait_for_function("document.getElementById('code-qr').naturalWidth > 100")
    assert page.locator("#code-expiry").inner_text().startswith("Valid for ")
    assert page.locator("#code-steps li").first.inner_text().startswith("On the kiosk, open the technician screen")
    no_indonesian(page)
    assert_laid_out(page, "#code-dialog")
    page.screenshot(path=str(artifacts / "admin-english-pairing-code-1366x768.png"))
    page.click("#code-close")
    # Revoking asks first, in English; he says no.
    page.locator(f"#dev-rows tr[data-device='{devices['kiosk']}']").get_by_role("button", name="Revoke").click()
    page.locator("#confirm-dialog[open]").get_by_text("Revoke Kiosk Pintu Depan?").wait_for()
    assert page.locator("#confirm-yes").inner_text() == "Revoke the key"
    no_indonesian(page)
    assert_laid_out(page, "#confirm-dialog")
    page.click("#confirm-no")
    # The upstairs TV back to the whole office: told so in English.
    page.locator(f"#dev-rows tr[data-device='{devices['tv']}'] select.dev-zone").select_option("")
    page.locator("#toast").get_by_text("TV Lantai 2: the whole office, English. The screen follows at its next report.").wait_for()
    no_indonesian(page)

    # The switch redraws the devices tab, rows and zones, in Indonesian and back; it fits in both.
    for lang, repair, zones_title in [("id", "Pasang ulang", "Zona ruang tunggu"), ("en", "Pair again", "Waiting-room zones")]:
        page.click(f"#lang [data-lang={lang}]")
        page.locator(f"#dev-rows tr[data-device='{devices['kiosk']}']").get_by_role("button", name=repair).wait_for()
        page.locator("#zone-panel h2").get_by_text(zones_title).wait_for()
        page.wait_for_timeout(1100)  # one tick of the last-seen clock, in the new language
        if lang == "id":
            assert page.locator(f"#dev-rows tr[data-device='{devices['kiosk']}'] td.seen").inner_text().endswith(" lalu")
            assert page.locator("#dev-summary").inner_text().split("\n") == ["2 dari 5 perangkat online", "1 perlu diperiksa"]
        else:
            no_indonesian(page)
        page.screenshot(path=str(artifacts / f"admin-{lang}-devices-switched-1366x768.png"), full_page=True)
        assert_laid_out(page, "header.top")
        assert_laid_out(page, "#sec-devices")
    page.click(".tabs a[data-tab=users]")
    page.locator(f"#usr-rows tr[data-username={me['username']}] td.lang-cell").get_by_text("EN").wait_for()

    # Back to Indonesian with the header's switch: at once, after a reload, on another PC.
    page.click("#lang [data-lang=id]")
    page.get_by_role("button", name="Keluar").wait_for()
    page.locator("#sec-users h1").get_by_text("Akun petugas").wait_for()
    page.screenshot(path=str(artifacts / "admin-indonesian-users-1366x768.png"))
    assert_laid_out(page, "header.top")
    page.reload()
    page.wait_for_function("window.antreAdmin && window.antreAdmin.ready === true")
    assert page.locator("#lang [aria-pressed=true]").inner_text() == "ID"
    other = open_admin(new_context, server, "services")
    other.get_by_role("button", name="Keluar").wait_for()
    assert other.locator("#sec-services h1").inner_text() == "Layanan"
    assert not page.js_errors and not other.js_errors


def test_the_technician_sets_a_clerks_account_to_english_and_her_desk_follows(server, new_context, artifacts):
    clerk = server.creds["staff"][0]
    page = open_admin(new_context, server, "users")
    row = page.locator(f"#usr-rows tr[data-username={clerk['username']}]")
    row.get_by_role("button", name="Ubah").click()
    page.locator("#usr-dialog[open]").wait_for()
    page.select_option("#us-language", "en")
    page.screenshot(path=str(artifacts / "admin-account-language-1366x768.png"))
    assert_laid_out(page, "#usr-dialog")
    page.click("#usr-save")
    row.locator("td.lang-cell").get_by_text("EN").wait_for()
    assert server.staff(0).get("/api/auth/me").json()["language"] == "en"

    ctx = new_context(viewport=STAFF_SIZE)
    login(ctx, server, clerk)
    desk = ctx.new_page()
    desk.goto(server.url + "/staff")
    desk.get_by_role("button", name="Log out").wait_for()
    # Her account is not an admin's: /admin tells her so, in English too.
    desk.goto(server.url + "/admin")
    desk.get_by_role("heading", name="Admin only").wait_for()
    left = indonesian_left(desk, ADMIN_TEXTS)
    assert not left, left
    assert_laid_out(desk, ".login-card")


def test_the_login_page_follows_the_browsers_language_until_someone_logs_in(server, new_context, artifacts):
    ctx = new_context(viewport=STAFF_SIZE, locale="en-GB")
    page = ctx.new_page()
    page.goto(server.url + "/login?next=/staff")
    page.get_by_role("button", name="Log in").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    page.fill("#username", "nobody")
    page.fill("#password", "wrong-password")
    page.click("#submit")
    page.locator("#error").get_by_text("Wrong username or password.").wait_for()
    no_login_indonesian = indonesian_left(page, ["/pages/login-texts.js"])
    assert not no_login_indonesian, no_login_indonesian
    page.screenshot(path=str(artifacts / "login-english-1366x768.png"))
    assert_laid_out(page, ".login-card")
    # The switch on the card: Indonesian at once, the refusal too, and kept on this PC.
    page.click("#lang [data-lang=id]")
    page.locator("#error").get_by_text("Nama pengguna atau kata sandi salah.").wait_for()
    assert page.locator("#submit").inner_text() == "Masuk"
    page.reload()
    page.get_by_role("button", name="Masuk").wait_for()

    # An Indonesian browser gets Indonesian.
    indo = new_context(viewport=STAFF_SIZE, locale="id-ID").new_page()
    indo.goto(server.url + "/login")
    indo.get_by_role("button", name="Masuk").wait_for()
    indo.screenshot(path=str(artifacts / "login-indonesian-1366x768.png"))


def test_every_sentence_written_in_the_admin_html_is_replaced_in_english():
    from pathlib import Path
    from tests.pages.leftovers import untranslated_html
    pages = Path(__file__).resolve().parents[2] / "server" / "pages"
    zones = {"WIB \u2013 Asia/Jakarta", "WITA \u2013 Asia/Makassar", "WIT \u2013 Asia/Jakarta", "WIT \u2013 Asia/Jayapura"}
    assert untranslated_html(pages / "admin.html", {"Antre", "Online", *zones}) == []
    assert untranslated_html(pages / "admin-only.html", set()) == []


def test_every_text_the_admin_pages_ask_for_is_written_in_their_texts():
    """A key t() does not know is shown as the key itself ("dev_revoke") in either language, and
    the browser walks above do not open every confirmation: each key the admin modules and
    admin.html ask for is written in texts.js (whose English the walks read)."""
    import re
    from pathlib import Path
    pages = Path(__file__).resolve().parents[2] / "server" / "pages"
    written = set(re.findall(r"^\s+(\w+): \[", (pages / "admin" / "texts.js").read_text(encoding="utf-8"), re.M))
    asked = {"admin.html": set(re.findall(r'data-i18n(?:-\w+)?="(\w+)"', (pages / "admin.html").read_text(encoding="utf-8")))}
    for module in sorted((pages / "admin").glob("*.js")):
        source = module.read_text(encoding="utf-8")
        keys = set(re.findall(r'said\("\w+", "(\w+)"', source))
        for call in re.findall(r"(?<![\w.])t\(([^(){}]*)", source):  # t("key"), t(c ? "a" : "b"), not t("tab_" + tab)
            call = re.sub(r'[=!]==\s*"[^"]*"|"\w*"\s*\+', "", call)
            keys |= set(re.findall(r'"(\w+)"', call))
        asked[module.name] = keys
    assert {page: sorted(keys - written) for page, keys in asked.items() if keys - written} == {}
    assert len(asked["devices.js"]) > 30 and len(asked["zones.js"]) > 20
