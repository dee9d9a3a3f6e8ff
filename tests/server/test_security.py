"""Only the right people reach protected routes; guessing passwords is slowed down."""

import httpx
import pytest

from tests.server.helpers import issue

PUBLIC = {("GET", "/healthz"), ("GET", "/api/services"), ("GET", "/api/state"), ("GET", "/api/events"),
          ("GET", "/api/tickets/{token}"), ("POST", "/api/auth/login"), ("GET", "/api/logo"),
          ("POST", "/api/devices/pair"),
          # the SKM survey on the citizen's phone: the ticket's random token is the key, as on /t/<token>
          ("GET", "/api/survey/{token}"), ("POST", "/api/survey/{token}"),
          # messages about a lobby ticket, asked for on its status page (same key); the emails' signed
          # unsubscribe link; the WhatsApp webhook (Meta's handshake token, then a signed body)
          ("GET", "/api/tickets/{token}/contact"), ("POST", "/api/tickets/{token}/contact"),
          ("DELETE", "/api/tickets/{token}/contact"), ("GET", "/api/notify/opt-out/{token}"),
          ("GET", "/api/whatsapp/webhook"), ("POST", "/api/whatsapp/webhook"),
          # the online application: the form, its anti-flood puzzle, its photos and status by the
          # unguessable tracking code; a letter's public check and the holder's copy (NIK typed)
          ("GET", "/api/online/services"), ("GET", "/api/online/challenge"), ("POST", "/api/online/applications"),
          ("GET", "/api/online/applications/{code}"), ("PUT", "/api/online/applications/{code}/files/{kind}"),
          ("GET", "/api/letters/verify/{code}"), ("POST", "/api/letters/{verify_code}/copy"),
          # numbers from phones and bookings (issue 13): a citizen at home has no account; rate-limited per
          # address and NIK; a booking is reached by its unguessable code and shows no personal data
          ("GET", "/api/phone/services"), ("POST", "/api/remote-tickets"), ("GET", "/api/slots"),
          ("GET", "/api/bookings/{code}"), ("POST", "/api/bookings/{code}/cancel"),
          ("POST", "/api/bookings/{code}/move"), ("GET", "/api/phone/qr/{value}.svg")}


def _routes(server):
    spec = server.client().get("/openapi.json").json()
    for path, methods in spec["paths"].items():
        for method in methods:
            yield method.upper(), path


def _concrete(path: str) -> str:
    return path.replace("{counter_id}", "1").replace("{ticket_id}", "1").replace("{token}", "x")


def test_every_protected_api_route_answers_401_without_credentials(server):
    anonymous = server.client()
    protected = [(m, p) for m, p in _routes(server) if (m, p) not in PUBLIC and p.startswith("/api/")]
    assert len(protected) >= 15, protected
    for method, path in protected:
        r = anonymous.request(method, _concrete(path), json={})
        assert r.status_code == 401, (method, path, r.status_code)
        assert r.json()["code"] == "unauthenticated"
        bad = anonymous.request(method, _concrete(path), json={}, headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401, (method, path)


def test_a_kiosk_key_is_not_a_staff_session_and_vice_versa(server):
    kiosk_key = server.creds["kiosk_key"]
    r = server.client().post("/api/counters/1/call-next", headers={"Authorization": f"Bearer {kiosk_key}"})
    assert r.status_code == 401
    staff_token = server.staff(0).headers["Authorization"]
    r = server.client().post("/api/tickets", headers={"Authorization": staff_token},
                             json={"service": "A", "nik": "3276010101900001"})
    assert r.status_code == 401


def test_supervisor_routes_refuse_plain_staff(server):
    assert server.staff(0).get("/api/audit").status_code == 403
    assert server.admin().get("/api/audit").status_code == 200


def test_wrong_password_then_rate_limit(server):
    user = server.creds["staff"][0]
    c = server.client()
    for _ in range(server.settings.login_max_failures):
        r = c.post("/api/auth/login", json={"username": user["username"], "password": "wrong"})
        assert r.status_code == 401 and r.json()["code"] == "invalid_credentials"
    r = c.post("/api/auth/login", json={"username": user["username"], "password": user["password"]})
    assert r.status_code == 429 and r.json()["code"] == "too_many_attempts"
    assert int(r.headers["Retry-After"]) > 0
    # another account from another address is not locked out by it
    other = server.creds["staff"][1]
    assert c.post("/api/auth/login", json={"username": other["username"],
                                           "password": other["password"]}).status_code in (200, 429)


def test_unknown_user_and_logout(server):
    c = server.client()
    assert c.post("/api/auth/login", json={"username": "nobody", "password": "x"}).status_code == 401
    clerk = server.staff(0)
    assert clerk.get("/api/auth/me").json()["username"] == "petugas1"
    assert clerk.post("/api/auth/logout").status_code == 200
    assert clerk.get("/api/auth/me").status_code == 401


def test_login_sets_an_http_only_cookie_that_works(server):
    user = server.creds["staff"][0]
    c = server.client()
    r = c.post("/api/auth/login", json={"username": user["username"], "password": user["password"]})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert c.get("/api/auth/me").status_code == 200  # cookie only, no Authorization header


def test_revoked_kiosk_key_cannot_issue(server):
    from server.storage.schema import devices
    server.sql(devices.update().values(revoked=True))
    with server.ctx.db.read() as conn:
        server.ctx.device_keys.reload(conn)
    r = issue(server.kiosk(), "A", 1)
    assert r.status_code == 401


@pytest.mark.parametrize("path", ["/api/state", "/api/services", "/healthz", "/openapi.json"])
def test_public_endpoints_are_read_only(server, path):
    assert httpx.post(server.url + path, timeout=5).status_code in (404, 405)
