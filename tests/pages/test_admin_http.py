"""The technician's pages over plain HTTP: who gets /admin, /pair for a TV, the pairing QR code."""

from io import BytesIO

from PIL import Image


def test_admin_without_login_goes_to_login_and_comes_back_to_the_section(server):
    c = server.client()
    r = c.get("/admin", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/admin/office"
    r = c.get("/admin/devices", follow_redirects=False)
    assert r.headers["location"] == "/login?next=/admin/devices"


def test_a_clerk_gets_a_polite_admin_only_page(server):
    c = server.client()
    who = server.creds["staff"][0]
    c.post("/api/auth/login", json={"username": who["username"], "password": who["password"]}).raise_for_status()
    r = c.get("/admin/services", follow_redirects=False)
    assert r.status_code == 403
    assert "Hanya admin" in r.text and "/staff" in r.text


def test_admin_gets_every_section_and_nothing_from_elsewhere(server):
    c = server.client()
    a = server.creds["admin"]
    c.post("/api/auth/login", json={"username": a["username"], "password": a["password"]}).raise_for_status()
    for path in ("/admin", "/admin/office", "/admin/services", "/admin/counters", "/admin/users", "/admin/devices"):
        r = c.get(path, follow_redirects=False)
        assert r.status_code == 200, path
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["cache-control"] == "no-store"
        assert "http://" not in r.text and "https://" not in r.text
    assert c.get("/admin/secrets").status_code == 404
    for asset in ("admin/main.js", "admin/devices.js", "admin.css", "pair.js", "device.js", "staff/main.js"):
        assert c.get(f"/pages/{asset}").status_code == 200, asset


def test_pair_page_is_public(server):
    r = server.client().get("/pair?code=ABCD-EFGH")
    assert r.status_code == 200 and "Kode pemasangan" in r.text
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_pairing_qr_only_for_the_current_code_and_only_for_admins(server):
    admin = server.admin()
    made = admin.post("/api/admin/devices", json={"kind": "display", "name": "TV Ruang Tunggu"}).json()
    r = admin.get(f"/api/admin/devices/{made['id']}/pairing-qr.png", params={"code": made["pairing_code"]})
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    with Image.open(BytesIO(r.content)) as img:
        assert img.width >= 150 and img.width == img.height
    # lower case and without the hyphen, the way a person might pass it on
    loose = made["pairing_code"].replace("-", "").lower()
    assert admin.get(f"/api/admin/devices/{made['id']}/pairing-qr.png", params={"code": loose}).status_code == 200
    assert admin.get(f"/api/admin/devices/{made['id']}/pairing-qr.png",
                     params={"code": "AAAA-BBBB"}).json()["code"] == "invalid_pairing_code"
    assert admin.get("/api/admin/devices/999/pairing-qr.png", params={"code": made["pairing_code"]}).status_code == 404
    clerk = server.staff(0)
    assert clerk.get(f"/api/admin/devices/{made['id']}/pairing-qr.png",
                     params={"code": made["pairing_code"]}).status_code == 403
    # once used, the code no longer draws
    server.client().post("/api/devices/pair", json={"code": made["pairing_code"]}).raise_for_status()
    assert admin.get(f"/api/admin/devices/{made['id']}/pairing-qr.png",
                     params={"code": made["pairing_code"]}).status_code == 404
