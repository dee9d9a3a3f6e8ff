"""The technician at /admin and /pair in Debian's Chromium against a real server.

Personas: the technician (admin), a front-office clerk (petugas1) who sees device alerts,
a kiosk (httpx sending heartbeats) and the lobby TV (a browser paired on /pair).
"""

from __future__ import annotations

import io
import threading

import pytest
from PIL import Image

from tests.live import LiveServer
from tests.pages.conftest import STAFF_SIZE, login, open_admin


def field_error(page, form, field):
    return page.locator(f"#{form} .field-error[data-field='{field}']")


def png_bytes(size=(120, 120), color=(244, 197, 66)) -> bytes:
    """A yellow disc on white: visible on the green header of the pages."""
    from PIL import ImageDraw
    img = Image.new("RGB", size, "white")
    ImageDraw.Draw(img).ellipse((8, 8, size[0] - 8, size[1] - 8), fill=color, outline=(11, 93, 59), width=6)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def test_technician_sets_up_profile_service_counter_and_account(server, new_context, artifacts):
    # The technician opens /admin, is sent to the login page and comes back to the section.
    ctx = new_context(viewport=STAFF_SIZE, locale="id-ID")
    page = ctx.new_page()
    js_errors = []
    page.on("pageerror", lambda e: js_errors.append(str(e)))
    page.goto(server.url + "/admin/office")
    assert "/login" in page.url
    page.fill("#username", server.creds["admin"]["username"])
    page.fill("#password", server.creds["admin"]["password"])
    page.click("#submit")
    page.wait_for_url("**/admin/office")
    page.wait_for_function("window.antreAdmin && window.antreAdmin.ready === true")
    assert page.input_value("#of-name") == "Dinas Sosial Kota Demo"

    # Office profile: an empty name is refused next to the field; a new running text is saved.
    page.fill("#of-name", "")
    page.click("#office-save")
    field_error(page, "office-form", "name").get_by_text("Nama kantor wajib diisi").wait_for()
    page.fill("#of-name", "Dinas Sosial Kota Pariaman")
    page.fill("#of-running_text", "Layanan GRATIS. Siapkan fotokopi KTP dan KK.")
    page.click("#office-save")
    page.locator("#toast").get_by_text("Profil kantor tersimpan").wait_for()
    assert field_error(page, "office-form", "name").count() == 0
    profile = server.admin().get("/api/admin/office").json()
    assert profile["name"] == "Dinas Sosial Kota Pariaman"
    assert profile["running_text"] == "Layanan GRATIS. Siapkan fotokopi KTP dan KK."

    # Logo: a text file and a huge file are refused with the reason; a PNG is previewed and uploaded.
    page.set_input_files("#logo-file", files=[{"name": "catatan.txt", "mimeType": "text/plain", "buffer": b"hello"}])
    page.locator("#logo-error").get_by_text("bukan gambar PNG atau JPEG").wait_for()
    assert page.locator("#logo-upload").is_disabled()
    page.set_input_files("#logo-file", files=[{"name": "besar.png", "mimeType": "image/png",
                                               "buffer": b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 10)}])
    page.locator("#logo-error").get_by_text("terlalu besar").wait_for()
    page.set_input_files("#logo-file", files=[{"name": "rusak.png", "mimeType": "image/png", "buffer": b"not an image"}])
    page.locator("#logo-error").get_by_text("tidak dapat dibaca sebagai gambar").wait_for()
    page.set_input_files("#logo-file", files=[{"name": "logo.png", "mimeType": "image/png", "buffer": png_bytes()}])
    page.locator("#logo-preview-box").wait_for()
    page.click("#logo-upload")
    page.locator("#toast").get_by_text("Logo tersimpan").wait_for()
    page.wait_for_function("document.getElementById('logo-current').naturalWidth > 0")
    assert server.client().get("/api/logo").headers["content-type"] == "image/png"
    page.screenshot(path=str(artifacts / "admin-office-1366x768.png"))

    # Services: a code already in use is shown next to the code; then service F is created.
    page.click(".tabs a[data-tab=services]")
    page.wait_for_url("**/admin/services")
    page.click("#svc-add")
    page.fill("#sv-code", "a")
    page.fill("#sv-name_id", "Rehabilitasi Sosial")
    page.fill("#sv-name_en", "Social rehabilitation")
    page.fill("#sv-requirements_id", "Fotokopi KTP dan KK, surat pengantar kelurahan.")
    page.fill("#sv-requirements_en", "Copies of KTP and KK, a letter from the kelurahan.")
    page.fill("#sv-standard_minutes", "20")
    page.fill("#sv-daily_quota", "40")
    page.check("#sv-hours-on")
    page.click("#svc-save")
    field_error(page, "svc-form", "code").get_by_text("Kode A sudah dipakai").wait_for()
    assert page.locator("#svc-dialog").is_visible()
    page.fill("#sv-code", "F")
    page.click("#svc-save")
    page.locator("#svc-rows tr[data-code=F]").wait_for()
    assert not page.locator("#svc-dialog").is_visible()
    svc = {s["code"]: s for s in server.admin().get("/api/admin/services").json()}["F"]
    assert (svc["standard_minutes"], svc["daily_quota"], svc["is_open"]) == (20, 40, True)
    assert svc["open_hours"] == {"days": [0, 1, 2, 3, 4], "start": "07:30", "end": "15:00"}
    assert svc["requirements_en"].startswith("Copies of KTP")
    # Move F up one place and close it for today.
    page.click("#svc-rows tr[data-code=F] button[aria-label='Naikkan F']")
    page.wait_for_function("document.querySelector('#svc-rows tr:nth-last-child(2)').dataset.code === 'F'")
    page.locator("#svc-rows tr[data-code=F]").get_by_role("button", name="Tutup").click()
    page.locator("#svc-rows tr[data-code=F] .pill.closed").wait_for()
    codes = [s["code"] for s in server.admin().get("/api/admin/services").json()]
    assert codes == ["A", "B", "C", "D", "F", "E"]
    page.screenshot(path=str(artifacts / "admin-services-1366x768.png"))
    page.click("#svc-rows tr[data-code=F] button:has-text('Ubah')")
    page.screenshot(path=str(artifacts / "admin-service-dialog-1366x768.png"))
    page.click("#svc-dialog button.cancel")

    # Counters: a counter without services is refused; Loket 5 serves F then D.
    page.click(".tabs a[data-tab=counters]")
    page.locator("#ctr-rows tr[data-name='Loket 1']").wait_for()
    page.click("#ctr-add")
    page.fill("#ct-name", "Loket 5")
    page.select_option("#ct-role", "bansos_desk")
    page.click("#ctr-save")
    page.locator("#ctr-form [data-error=services]").get_by_text("minimal satu layanan").wait_for()
    page.check("#ct-services li[data-code=D] input")
    page.check("#ct-services li[data-code=F] input")
    for _ in range(5):  # F is last in the list: move it above D
        page.click("#ct-services li[data-code=F] button[aria-label='Naikkan F']")
    page.click("#ctr-save")
    page.locator("#ctr-rows tr[data-name='Loket 5']").wait_for()
    counters = {c["name"]: c for c in server.admin().get("/api/admin/counters").json()}
    assert counters["Loket 5"]["services"] == ["F", "D"] and counters["Loket 5"]["role"] == "bansos_desk"
    page.screenshot(path=str(artifacts / "admin-counters-1366x768.png"))

    # Staff accounts: a bad username is refused next to the field; petugas5 gets a generated password.
    page.click(".tabs a[data-tab=users]")
    page.locator("#usr-rows tr[data-username=admin]").wait_for()
    page.click("#usr-add")
    page.fill("#us-username", "Petugas Lima")
    page.fill("#us-display_name", "Petugas Loket 5")
    page.select_option("#us-counter_id", label="Loket 5")
    page.click("#usr-save")
    field_error(page, "usr-form", "username").get_by_text("huruf kecil").wait_for()
    page.fill("#us-username", "petugas5")
    page.click("#usr-save")
    page.locator("#pw-dialog").wait_for()
    password = page.inner_text("#pw-value").strip()
    assert len(password) >= 8
    page.screenshot(path=str(artifacts / "admin-password-once-1366x768.png"))
    page.click("#pw-close")
    page.locator("#usr-rows tr[data-username=petugas5]").get_by_text("Loket 5", exact=True).wait_for()
    me = server.login("petugas5", password).get("/api/auth/me").json()
    assert me["role"] == "staff" and me["counter_id"] == counters["Loket 5"]["id"]

    # Reset the password: the old one stops working, the new one is shown once.
    page.click("#usr-rows tr[data-username=petugas5] button:has-text('Atur ulang sandi')")
    page.click("#confirm-yes")
    page.wait_for_function(f"document.getElementById('pw-value').textContent.length >= 8 && "
                           f"document.getElementById('pw-value').textContent !== {password!r}")
    new_password = page.inner_text("#pw-value").strip()
    page.click("#pw-close")
    assert server.client().post("/api/auth/login", json={"username": "petugas5", "password": password}).status_code == 401
    server.login("petugas5", new_password)

    # Disable the account: it can no longer log in.
    page.click("#usr-rows tr[data-username=petugas5] button:has-text('Nonaktifkan')")
    page.click("#confirm-yes")
    page.locator("#usr-rows tr[data-username=petugas5] .pill.closed").wait_for()
    assert server.client().post("/api/auth/login", json={"username": "petugas5",
                                                         "password": new_password}).status_code == 401
    # The admin cannot lock themselves out from here.
    assert page.locator("#usr-rows tr[data-username=admin] button:has-text('Nonaktifkan')").is_disabled()
    page.screenshot(path=str(artifacts / "admin-users-1366x768.png"))
    assert js_errors == []


class Heartbeats:
    """A kiosk sending heartbeats from a thread until stopped."""

    def __init__(self, server, key, every=0.25):
        self.client = server.client(headers={"Authorization": f"Bearer {key}"})
        self.every = every
        self.printer = {"state": "ok"}
        self.extra = {}  # a kiosk repeats its last error in every heartbeat
        self.stop_event = threading.Event()
        self.thread = None

    def once(self):
        r = self.client.post("/api/devices/heartbeat", json={"version": "kiosk 1.0", "printer": self.printer,
                                                             **self.extra})
        r.raise_for_status()
        return r.json()

    def start(self):
        self.stop_event.clear()

        def run():
            while not self.stop_event.is_set():
                try:
                    self.once()
                except Exception:
                    pass
                self.stop_event.wait(self.every)
        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def stop(self):
        self.stop_event.set()
        if self.thread:
            self.thread.join(5)


@pytest.fixture
def fast_server(tmp_path):
    """Devices count as offline after 1 s of silence; housekeeping looks every 0.2 s."""
    s = LiveServer(tmp_path / "data", overrides={"device_offline_seconds": 1.0, "housekeeping_seconds": 0.2}).start()
    yield s
    s.stop()


def device_row(page, device_id):
    return page.locator(f"#dev-rows tr[data-device='{device_id}']")


def test_kiosk_paired_goes_offline_comes_back_and_paper_out_reaches_staff(fast_server, new_context, artifacts):
    server = fast_server
    page = open_admin(new_context, server, "devices")

    # The technician adds a kiosk and gets a one-time code, big and as a QR code.
    page.click("#dev-add-kiosk")
    page.click("#dev-save")
    field_error(page, "dev-form", "name").get_by_text("wajib diisi").wait_for()
    page.fill("#dv-name", "Kiosk Uji")
    page.click("#dev-save")
    page.locator("#code-dialog").wait_for()
    code = page.inner_text("#code-value").strip()
    assert len(code) == 9 and code[4] == "-"
    page.wait_for_function("document.getElementById('code-qr').naturalWidth > 100")
    page.screenshot(path=str(artifacts / "admin-pairing-code-1366x768.png"))
    page.click("#code-close")

    # The kiosk pairs with that code and reports: online.
    paired = server.client().post("/api/devices/pair", json={"code": code}).json()
    kiosk = Heartbeats(server, paired["key"])
    kiosk.start()
    row = device_row(page, paired["device_id"])
    row.locator("[data-status=online]").wait_for(timeout=8000)
    assert "Siap" in row.inner_text() and "kiosk 1.0" in row.inner_text()

    # It goes silent: flagged offline (red) without anyone reloading the page.
    kiosk.stop()
    row.locator("[data-status=offline]").wait_for(timeout=8000)
    assert "alert" in row.get_attribute("class")
    page.locator("#tab-alerts").wait_for()

    # It comes back.
    kiosk.start()
    row.locator("[data-status=online]").wait_for(timeout=8000)
    page.wait_for_function(f"!document.querySelector(\"#dev-rows tr[data-device='{paired['device_id']}']\")"
                           ".classList.contains('alert')")

    # A clerk's page is open when the printer runs out of paper.
    ctx = new_context(viewport=STAFF_SIZE)
    login(ctx, server, server.creds["staff"][0])
    staff = ctx.new_page()
    staff.goto(server.url + "/staff")
    staff.wait_for_function("window.antreStaff && window.antreStaff.state !== null")
    assert staff.locator("#device-alerts").is_hidden()

    kiosk.printer = {"state": "paper_out", "detail": "Sensor kertas: habis"}
    kiosk.extra = {"last_error": "Cetak gagal: kertas habis", "last_error_at": server.ctx.clock()}
    kiosk.once()
    row.locator(".printer-state").get_by_text("KERTAS HABIS").wait_for(timeout=8000)
    row.locator(".last-error").get_by_text("Cetak gagal: kertas habis").wait_for(timeout=8000)
    page.wait_for_function(f"document.querySelector(\"#dev-rows tr[data-device='{paired['device_id']}']\")"
                           ".classList.contains('alert')")
    banner = staff.locator("#device-alerts")
    banner.get_by_text("Kiosk \u201cKiosk Uji\u201d kertas printer habis").wait_for(timeout=8000)
    # non-blocking: the clerk can still call
    assert staff.locator("#btn-next").is_enabled()
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "admin-devices-1366x768.png"))
    staff.screenshot(path=str(artifacts / "staff-device-alert-1366x768.png"))

    # Paper refilled: the banner goes away by itself.
    kiosk.printer = {"state": "ok"}
    kiosk.once()
    banner.wait_for(state="hidden", timeout=8000)
    kiosk.stop()
    assert page.js_errors == []


def test_lobby_tv_pairs_on_the_pair_page_and_shows_online(server, new_context, artifacts):
    admin = server.admin()
    tv = admin.post("/api/admin/devices", json={"kind": "display", "name": "TV Ruang Tunggu"}).json()
    kiosk = admin.post("/api/admin/devices", json={"kind": "kiosk", "name": "Kiosk Samping"}).json()

    ctx = new_context(viewport={"width": 1366, "height": 768})
    page = ctx.new_page()
    page.goto(server.url + "/pair")
    page.screenshot(path=str(artifacts / "pair-1366x768.png"))
    # A mistyped code is refused with the reason.
    page.fill("#code", "abcd efgh")
    assert page.input_value("#code") == "ABCD-EFGH"
    page.click("#submit")
    page.locator("#error").get_by_text("Kode pemasangan salah atau sudah kedaluwarsa").wait_for()
    # A kiosk's code typed on the TV is explained, nothing is stored, and the code stays valid.
    page.fill("#code", kiosk["pairing_code"])
    page.click("#submit")
    page.locator("#error").get_by_text("untuk kiosk").wait_for()
    assert page.evaluate("localStorage.getItem('antre.device')") is None
    still = server.client().post("/api/devices/pair", json={"code": kiosk["pairing_code"], "kind": "kiosk"})
    assert still.status_code == 200

    # The right code, as the QR's link would fill it in.
    page.goto(f"{server.url}/pair?code={tv['pairing_code']}")
    assert page.input_value("#code") == tv["pairing_code"]
    page.click("#submit")
    page.locator("#done").get_by_text("TV Ruang Tunggu").wait_for()
    page.screenshot(path=str(artifacts / "pair-done-1366x768.png"))
    page.wait_for_url("**/display", timeout=10000)
    page.wait_for_function("window.antreDisplay && window.antreDisplay.device !== null")

    devices = {d["id"]: d for d in admin.get("/api/admin/devices").json()["devices"]}
    assert devices[tv["id"]]["online"] and devices[tv["id"]]["health"]["version"] == "display-web-1"
    admin_page = open_admin(new_context, server, "devices")
    device_row(admin_page, tv["id"]).locator("[data-status=online]").wait_for()

    # The lobby never sees the technician's link unless someone moves the mouse.
    assert page.locator("#pair-link").is_hidden()
    page.mouse.move(200, 200)
    page.locator("#pair-link").get_by_text("TV Ruang Tunggu").wait_for()

    # Revoked from /admin (with a confirmation): the TV forgets its key and keeps showing the queue.
    device_row(admin_page, tv["id"]).get_by_role("button", name="Cabut").click()
    admin_page.locator("#confirm-dialog").get_by_text("Cabut TV Ruang Tunggu?").wait_for()
    admin_page.click("#confirm-yes")
    device_row(admin_page, tv["id"]).locator("[data-status=revoked]").wait_for()
    page.evaluate("window.antreDisplay.heartbeatNow()")
    page.wait_for_function("localStorage.getItem('antre.device') === null && window.antreDisplay.device === null")
    assert page.locator("#hero").is_visible()
    assert admin_page.js_errors == []


def test_office_change_reaches_the_display_without_reload(server, new_context):
    ctx = new_context(viewport={"width": 1366, "height": 768})
    display = ctx.new_page()
    display.goto(server.url + "/display")
    display.wait_for_function("window.antreDisplay && window.antreDisplay.model.counters.length > 0")
    admin = server.admin()
    admin.put("/api/admin/office", json={"running_text": "Hari ini layanan tutup pukul 12.00."}).raise_for_status()
    display.wait_for_function("document.getElementById('running').textContent === 'Hari ini layanan tutup pukul 12.00.'")
    admin.put("/api/admin/logo", content=png_bytes(), headers={"Content-Type": "image/png"}).raise_for_status()
    display.wait_for_function("document.querySelector('.top .logo').getAttribute('src').startsWith('/api/logo?v=')")


def test_the_tv_pairing_steps_give_the_address_the_tv_can_open(tmp_path, new_context):
    # Pak Budi set up /admin on the server's own PC (127.0.0.1), but the server is on the LAN
    # (--lan sets public_url): the TV must be told the LAN address, not 127.0.0.1.
    s = LiveServer(tmp_path / "data", overrides={"public_url": "http://192.0.2.50:8000"}).start()
    try:
        page = open_admin(new_context, s, "devices")
        page.click("#dev-add-display")
        page.fill("#dv-name", "TV Lantai 2")
        page.click("#dev-save")
        page.locator("#code-dialog").wait_for()
        assert "http://192.0.2.50:8000/pair" in page.locator("#code-steps li").first.inner_text()
    finally:
        s.stop()
