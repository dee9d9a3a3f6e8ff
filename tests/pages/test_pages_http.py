"""The pages over plain HTTP: who gets in, what they are sent, and that no full NIK leaks."""

import wave
from io import BytesIO

from tests.pages.conftest import issue

NIK = "3271014112900777"


def test_staff_page_without_login_redirects_to_login(server):
    r = server.client().get("/staff", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=/staff"
    assert "Masuk petugas" in server.client().get("/login").text


def test_staff_page_with_session_cookie(server):
    c = server.client()
    who = server.creds["staff"][0]
    assert c.post("/api/auth/login", json={"username": who["username"], "password": who["password"]}).status_code == 200
    r = c.get("/staff", follow_redirects=False)
    assert r.status_code == 200 and "Panggil berikutnya" in r.text
    assert r.headers["cache-control"] == "no-store"


def test_pages_load_nothing_from_elsewhere(server):
    for path in ("/display", "/login", "/t/whatever"):
        r = server.client().get(path)
        assert r.status_code == 200
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert "http://" not in r.text and "https://" not in r.text
    assert server.client().get("/pages/display.js").headers["content-type"].startswith("text/javascript")


def test_assets_cannot_leave_the_pages_folder(server):
    c = server.client()
    for path in ("/pages/..%2Fapi_pages.py", "/pages/.hidden.js", "/pages/nope.js", "/pages/staff.html"):
        assert c.get(path).status_code == 404, path


def test_display_and_status_never_carry_the_full_nik(server):
    t = issue(server, "A", nik=NIK)
    clerk = server.staff(0)
    clerk.post(f"/api/counters/{server.creds['staff'][0]['counter']}/call-next").raise_for_status()
    c = server.client()
    for path in ("/display", f"/t/{t['token']}", "/api/state", f"/api/tickets/{t['token']}"):
        body = c.get(path).text
        assert NIK not in body, path
    status = c.get(f"/api/tickets/{t['token']}").json()
    assert status["nik_masked"] == "3271********0777"
    with c.stream("GET", "/api/events", params={"last_event_id": 0}) as r:
        seen = b""
        for chunk in r.iter_bytes():
            seen += chunk
            if b"ticket.called" in seen:
                break
    assert NIK.encode() not in seen


def test_call_audio_is_a_wav_with_chime_and_speech(server):
    r = server.client().get("/audio/call/A-012/2.wav")
    assert r.status_code == 200 and r.headers["content-type"] == "audio/wav"
    with wave.open(BytesIO(r.content)) as w:
        assert w.getnchannels() == 1 and w.getnframes() / w.getframerate() > 1.0
    chime = server.client().get("/audio/chime.wav")
    assert chime.status_code == 200 and len(chime.content) < len(r.content)


def test_call_audio_speaks_only_real_numbers_and_counters(server):
    c = server.client()
    assert c.get("/audio/call/hello%20world/1.wav").status_code == 404
    assert c.get("/audio/call/A-012/999.wav").json()["code"] == "unknown_counter"
