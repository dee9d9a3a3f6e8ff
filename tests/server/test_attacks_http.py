"""What an attacker on the office network tried, and what the server now does about it.

Each test replays one attack against the real server on 127.0.0.1 (a thread or its
own process) and checks the answer, never how fast it came: every wait is bounded.
"""

from __future__ import annotations

import json
import re
import resource
import select
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from server.http.static import CSP, NEXT_PATH, safe_next
from tests.live import LiveServer, ServerProcess, free_port
from tests.server.helpers import SSEReader, issue, nik_for

MiB = 1024 * 1024


# -- helpers ---------------------------------------------------------------------

def status_kib(pid: int, field: str) -> int:
    """A memory figure of a process from /proc/<pid>/status, in KiB (VmRSS, VmHWM)."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def read_status(sock: socket.socket, timeout: float = 10) -> int:
    """The status code of the answer on a raw socket (0 when the server closed without one)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0


def big_put(port: int, path: str, size: int, extra_headers: str = "", deadline: float = 60) -> tuple[int, int]:
    """PUT a ``size``-byte JSON body, stopping as soon as the server answers.

    Returns (status, bytes of body sent before the answer came)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        s.sendall((f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {size}\r\n{extra_headers}\r\n").encode())
        prefix, suffix = b'{"name": "', b'"}'
        block = memoryview(b"x" * MiB)
        sent, answer = 0, b""
        s.setblocking(False)
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            readable, writable, _ = select.select([s], [s] if sent < size else [], [], 1)
            if readable:
                try:
                    data = s.recv(65536)
                except ConnectionResetError:
                    break
                answer += data
                if not data or b"\r\n" in answer:
                    break
            elif writable:
                if sent == 0:
                    piece = prefix
                elif sent >= size - len(suffix):
                    piece = suffix[len(suffix) - (size - sent):]
                else:
                    piece = block[:min(MiB, size - len(suffix) - sent)]
                try:
                    sent += s.send(piece)
                except (BrokenPipeError, ConnectionResetError):
                    break
        status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0
        return status, sent
    finally:
        s.close()


# -- 1. request bodies -------------------------------------------------------------

def test_an_anonymous_huge_put_is_refused_before_its_body_is_read(tmp_path):
    proc = ServerProcess(tmp_path / "data").start()
    try:
        pid = proc.proc.pid
        peak_before = max(status_kib(pid, "VmHWM"), status_kib(pid, "VmRSS"))
        for _ in range(4):
            status, sent = big_put(proc.port, "/api/admin/office", 200 * MiB)
            assert status == 401
            assert sent < 200 * MiB  # answered while the body was still coming
        grown = status_kib(pid, "VmHWM") - peak_before
        assert grown < 64 * 1024, f"server memory peak grew by {grown} KiB"
    finally:
        proc.stop()


def test_an_oversized_body_is_refused_with_413(server):
    admin = server.admin()
    huge = b'{"name": "' + b"x" * 100_000 + b'"}'
    r = admin.put("/api/admin/office", content=huge, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "request_too_large"
    assert r.json()["message"] and r.json()["message_en"]
    # the same without a Content-Length: counted as it streams in
    chunks = iter([huge[:10], huge[10:50_000], huge[50_000:]])
    r = admin.put("/api/admin/office", content=chunks, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "request_too_large"
    # the kiosk's own route has the same limit
    r = server.kiosk().post("/api/tickets", content=huge, headers={"content-type": "application/json"})
    assert r.status_code == 413
    # a normal change still works
    assert admin.put("/api/admin/office", json={"name": "Dinas Sosial Kota Depok"}).status_code == 200


def test_a_clerk_is_refused_by_role_before_the_body_is_read(server):
    status, sent = big_put(server.port, "/api/admin/office", 50 * MiB,
                           extra_headers=f"Authorization: {server.staff(0).headers['Authorization']}\r\n")
    assert status == 403 and sent < 50 * MiB


# -- 2. connections: idle displays and slowloris clients ---------------------------

def _files_1024() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


def _connect(port: int, request: bytes) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(request)
    return s


def test_kiosks_and_staff_are_served_while_public_clients_misbehave(tmp_path):
    """1,100 displays that never read and 600 half-sent requests, under a 1024-file limit."""
    proc = ServerProcess(tmp_path / "data", preexec_fn=_files_1024).start()
    held: list[socket.socket] = []
    try:
        for _ in range(1100):
            held.append(_connect(proc.port, b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
        for i in range(600):
            held.append(_connect(proc.port, f"GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-{i}: ".encode()))
        headers = {"Authorization": f"Bearer {proc.creds['kiosk_key']}"}
        with httpx.Client(base_url=proc.url, headers=headers, timeout=10) as kiosk:
            for i in range(20):
                r = issue(kiosk, "A", i + 1)
                assert r.status_code == 201, r.text
        staff = proc.creds["staff"][0]
        with httpx.Client(base_url=proc.url, timeout=10) as clerk:
            r = clerk.post("/api/auth/login", json={"username": staff["username"], "password": staff["password"]})
            assert r.status_code == 200
            assert clerk.post(f"/api/counters/{staff['counter']}/call-next").status_code == 200
        # the first displays stream; those over the cap were told to come back later
        assert read_status(held[0]) == 200
        assert read_status(held[1099]) == 503
    finally:
        for s in held:
            s.close()
        proc.stop()


def test_the_open_file_limit_is_raised_to_the_hard_limit(tmp_path):
    def soft_1024() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 4096))
    proc = ServerProcess(tmp_path / "data", preexec_fn=soft_1024).start()
    try:
        with open(f"/proc/{proc.proc.pid}/limits") as fh:
            line = next(ln for ln in fh if ln.startswith("Max open files"))
        assert line.split()[3] == "4096", line
    finally:
        proc.stop()


@pytest.fixture
def impatient_server(tmp_path):
    s = LiveServer(tmp_path / "data", overrides={"header_timeout_seconds": 1.0, "body_timeout_seconds": 1.0,
                                                 "max_public_streams": 2}).start()
    yield s
    s.stop()


def test_slow_headers_and_bodies_are_cut_off(impatient_server):
    port = impatient_server.port
    slow = _connect(port, b"GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    silent = socket.create_connection(("127.0.0.1", port), timeout=10)
    trickle = _connect(port, b"POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
    try:
        assert read_status(slow) == 408
        assert read_status(silent) == 408
        trickle.settimeout(10)
        assert trickle.recv(4096) == b""  # closed: nobody holds a connection by sending a byte now and then
    finally:
        for s in (slow, silent, trickle):
            s.close()


def test_huge_headers_are_refused(impatient_server):
    s = _connect(impatient_server.port, b"GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 100_000)
    try:
        assert read_status(s) == 431
    finally:
        s.close()


def test_malformed_http_is_refused_in_json_like_every_other_refusal(server):
    s = _connect(server.port, b"GET /api/state HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n")  # a header without its colon
    try:
        s.settimeout(10)
        answer = b""
        while chunk := s.recv(4096):
            answer += chunk
    finally:
        s.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ") and b"content-type: application/json" in head
    assert json.loads(body)["code"] == "malformed_request"


def test_public_streams_are_capped_with_retry_after(impatient_server):
    server = impatient_server
    displays = [_connect(server.port, b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") for _ in range(2)]
    try:
        assert [read_status(d) for d in displays] == [200, 200]
        r = server.client().get("/api/events")
        assert r.status_code == 503 and r.json()["code"] == "too_many_streams"
        assert int(r.headers["Retry-After"]) > 0
        staff = SSEReader(server.url + "/api/staff/events", headers=dict(server.staff(0).headers))
        assert staff.status == 200  # staff streams are not the public's to use up
        staff.close()
    finally:
        for d in displays:
            d.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and server.ctx.hub.public_streams:
        time.sleep(0.05)
    assert server.ctx.hub.public_streams == 0  # closed streams give their place back
    with _connect(server.port, b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") as again:
        assert read_status(again) == 200


# -- 3. password guessing --------------------------------------------------------------

def _login(client: httpx.Client, username: str, password: str, **kw) -> httpx.Response:
    return client.post("/api/auth/login", json={"username": username, "password": password}, **kw)


def test_guessing_from_the_lobby_does_not_lock_the_clerk_out_at_her_desk(server):
    user = server.creds["staff"][0]
    lobby = server.client()
    for _ in range(server.settings.login_max_failures):
        assert _login(lobby, user["username"], "tebakan").status_code == 401
    assert _login(lobby, user["username"], user["password"]).status_code == 429
    with httpx.Client(base_url=server.url, timeout=10,
                      transport=httpx.HTTPTransport(local_address="127.0.0.2")) as desk:
        assert _login(desk, user["username"], user["password"]).status_code == 200


def test_parallel_guesses_check_no_more_passwords_than_the_limit(server):
    user = server.creds["staff"][0]["username"]
    n = 50
    barrier = threading.Barrier(n)

    def guess(i: int) -> int:
        with httpx.Client(base_url=server.url, timeout=30) as c:
            barrier.wait(10)
            return _login(c, user, f"tebakan-{i}").status_code

    with ThreadPoolExecutor(n) as pool:
        codes = list(pool.map(guess, range(n)))
    assert codes.count(401) <= server.settings.login_max_failures, codes
    assert codes.count(401) + codes.count(429) == n


def test_a_forged_x_forwarded_for_does_not_reset_the_address_limit(server):
    c = server.client()
    for i in range(server.settings.login_max_failures_per_address):
        r = _login(c, f"tamu{i}", "tebakan", headers={"X-Forwarded-For": f"10.0.0.{i + 1}"})
        assert r.status_code == 401
    user = server.creds["staff"][0]
    r = _login(c, user["username"], user["password"], headers={"X-Forwarded-For": "10.0.1.1"})
    assert r.status_code == 429 and r.json()["code"] == "too_many_attempts"


def test_a_trusted_proxy_names_the_client(tmp_path):
    s = LiveServer(tmp_path / "data", overrides={"trusted_proxies": "127.0.0.1"}).start()
    try:
        _login(s.client(), "tamu", "tebakan", headers={"X-Forwarded-For": "10.9.8.7"})
        audit = s.admin().get("/api/audit").json()
        failed = next(a for a in audit if a["action"] == "auth.failed")
        assert failed["detail"]["address"] == "10.9.8.7"
    finally:
        s.stop()


# -- 4. where the login page sends the browser ------------------------------------------

@pytest.mark.parametrize("target", ["/\\evil.example/x", "/\t/evil.example/x", "//evil.example", "https://evil.example",
                                    "/%5Cevil.example", "/\nx", "", "/"])
def test_next_must_stay_on_this_server(target):
    assert safe_next(target) == "/staff"


@pytest.mark.parametrize("target", ["/staff", "/admin/users", "/t/abc?x=1"])
def test_next_may_name_a_page_here(target):
    assert safe_next(target) == target


def test_login_page_replaces_a_next_that_leaves_the_site(server):
    c = server.client()
    for raw in ("/%5Cevil.example/x", "/%09/evil.example/x", "//evil.example"):
        r = c.get(f"/login?next={raw}")
        assert r.status_code == 303 and r.headers["location"] == "/login?next=/staff", raw
    assert c.get("/login?next=/admin/users").status_code == 200
    js = c.get("/pages/login.js").text
    assert NEXT_PATH.pattern.replace("/", "\\/") in js  # the page applies the same rule


# -- 5. device heartbeats ------------------------------------------------------------------

def _nested(depth: int):
    value: object = 1
    for _ in range(depth):
        value = {"x": value}
    return value


def test_a_heartbeat_info_is_bounded(server):
    kiosk = server.kiosk()
    for info in (_nested(500), _nested(5), {"blob": "x" * 5000}, {"list": [[[[[1]]]]]}):
        r = kiosk.post("/api/devices/heartbeat", json={"info": info})
        assert r.status_code == 422 and r.json()["code"] == "invalid_request", str(info)[:60]
    r = kiosk.post("/api/devices/heartbeat", content=b'{"info": {"a": NaN}, "last_error_at": Infinity}',
                   headers={"content-type": "application/json"})
    assert r.status_code == 422
    r = kiosk.post("/api/devices/heartbeat", json={"info": {"blob": "x" * 20 * MiB}})
    assert r.status_code == 413
    assert kiosk.post("/api/devices/heartbeat", json={"info": _nested(4)}).status_code == 200
    assert server.admin().get("/api/admin/devices").status_code == 200


# -- 6. cross-site requests ------------------------------------------------------------------

def test_a_form_post_from_another_port_cannot_close_a_counter(server):
    user = server.creds["staff"][0]
    browser = server.client()  # cookie only, like the staff page
    assert _login(browser, user["username"], user["password"]).status_code == 200
    loket = user["counter"]
    mine = {"Origin": server.url}
    assert browser.post(f"/api/counters/{loket}/open", headers=mine).status_code == 200
    evil = f"http://127.0.0.1:{free_port()}"
    attacks = [{"Origin": evil, "Content-Type": "application/x-www-form-urlencoded"},
               {"Origin": "null", "Content-Type": "application/x-www-form-urlencoded"},
               {"Sec-Fetch-Site": "same-site", "Content-Type": "text/plain"},
               {"Referer": evil + "/page", "Content-Type": "application/json"}]
    for headers in attacks:
        r = browser.post(f"/api/counters/{loket}/close", content=b"x=1", headers=headers)
        assert r.status_code == 403 and r.json()["code"] == "cross_site_request", headers
    state = {ct["id"]: ct for ct in browser.get("/api/staff/state").json()["counters"]}
    assert state[loket]["state"] == "open"
    # our own page's JSON works; a form type does not, even from here
    r = browser.post(f"/api/counters/{loket}/pause", headers={**mine, "Sec-Fetch-Site": "same-origin"})
    assert r.status_code == 200
    r = browser.post(f"/api/counters/{loket}/close", content=b"x=1",
                     headers={**mine, "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415 and r.json()["code"] == "unsupported_media_type"


def test_bearer_clients_are_not_cross_site(server):
    r = server.kiosk().post(
        "/api/tickets", json={"service": "A", "nik": nik_for(1), "request_id": "csrf-1"},
        headers={"Origin": "http://elsewhere.example"})
    assert r.status_code == 201


# -- 7. event streams end with the session ------------------------------------------------------

def _stream_ends(reader: SSEReader, timeout: float = 10) -> bool:
    reader.thread.join(timeout)
    return not reader.thread.is_alive()


def test_the_staff_stream_ends_at_logout(server):
    clerk = server.staff(0)
    stream = SSEReader(server.url + "/api/staff/events", headers=dict(clerk.headers))
    try:
        assert stream.status == 200
        assert clerk.post("/api/auth/logout").status_code == 200
        assert _stream_ends(stream)
        again = SSEReader(server.url + "/api/staff/events", headers=dict(clerk.headers))
        assert again.status == 401
        again.close()
    finally:
        stream.close()


@pytest.mark.parametrize("change", ["deactivate", "reset-password"])
def test_the_staff_stream_ends_when_the_account_changes(server, change):
    clerk = server.staff(1)
    uid = clerk.get("/api/auth/me").json()["id"]
    stream = SSEReader(server.url + "/api/staff/events", headers=dict(clerk.headers))
    try:
        assert stream.status == 200
        admin = server.admin()
        if change == "deactivate":
            assert admin.put(f"/api/admin/users/{uid}", json={"active": False}).status_code == 200
        else:
            assert admin.post(f"/api/admin/users/{uid}/reset-password").status_code == 200
        assert _stream_ends(stream)
        assert clerk.get("/api/staff/state").status_code == 401
    finally:
        stream.close()


# -- 8. /docs ----------------------------------------------------------------------------------

def test_docs_load_nothing_from_elsewhere(server):
    r = server.client().get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["content-security-policy"] == CSP
    urls = re.findall(r"https?://[^\s\"'<>)]+", r.text)
    assert all(u.startswith(server.url) for u in urls), urls
    assert "/openapi.json" in r.text and "/api/tickets" in r.text
    assert server.client().get("/redoc").status_code == 404


# -- 9. ids beyond SQLite's integers ------------------------------------------------------------

def test_huge_ids_never_give_500(server):
    admin = server.admin()
    spec = server.client().get("/openapi.json").json()
    hits = 0
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            ints = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"
                    and "integer" in json.dumps(p.get("schema", {}))]
            if not ints:
                continue
            for big in (2**63, 2**64):
                url = path
                for p in op.get("parameters", []):
                    if p["in"] == "path":
                        url = url.replace("{" + p["name"] + "}", str(big) if p["name"] in ints else "x")
                r = admin.request(method.upper(), url, json={}, params={"code": "ABCD-EFGH"})
                assert r.status_code in (404, 422), (method, url, r.status_code, r.text)
                assert r.json()["code"]
                hits += 1
    assert hits >= 30
    for big in (2**63, 2**64):
        r = server.client().get(f"/audio/call/A-001/{big}.wav")
        assert r.status_code in (404, 422) and r.json()["code"]
        r = server.client().get("/api/events", params={"last_event_id": big})
        assert r.status_code == 422
        r = admin.post("/api/tickets/1/recall", json={"counter_id": big})
        assert r.status_code == 422


@pytest.mark.parametrize("method, path, body", [
    ("post", "/api/admin/users", {"username": "budi.baru", "role": "staff", "password": "Sangat-Rahasia-99",
                                  "counter_id": 2**63}),
    ("put", "/api/admin/users/1", {"counter_id": 2**64}),
    ("put", "/api/admin/users/1", {"counter_id": True}),
    ("post", "/api/admin/counters", {"name": "Loket 9", "role": "front", "services": [2**63]}),
    ("put", "/api/admin/counters/1", {"services": ["A", 2**63]}),
    ("post", "/api/admin/services", {"code": "F", "name_id": "Layanan F", "name_en": "Service F",
                                     "standard_minutes": 2**63, "daily_quota": 2**64}),
    ("put", "/api/admin/office", {"nik_retention_days": 2**63}),
])
def test_huge_integers_in_admin_bodies_are_field_problems_not_500(server, method, path, body):
    r = getattr(server.admin(), method)(path, json=body)
    assert r.status_code == 422, r.text
    assert r.json()["code"] in ("invalid_field", "invalid_request") and r.json()["message"]


# -- 10. what the server remembers about strangers is bounded ------------------------------------

def test_the_login_limiter_forgets_the_oldest_keys(server):
    limiter = server.ctx.limiter
    for i in range(3 * limiter.max_keys):
        key = f"login:tamu{i}@10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"
        assert limiter.reserve({key: 5}) == 0
        limiter.failed(key)
    assert len(limiter) <= limiter.max_keys
    # and asking about a key never seen adds nothing
    before = len(limiter)
    limiter.settled("login:never@seen")
    assert len(limiter) == before


def test_the_session_cache_is_bounded(server):
    from server.domain.accounts import Staff, create_session
    cache = server.ctx.session_cache
    cache.max_size = 300  # the live cache, made small so the test stays short
    me = server.admin().get("/api/auth/me").json()
    user = Staff(me["id"], me["username"], me["name"], me["role"], me["counter_id"])
    tokens = server.ctx.db.writer.call(lambda tx: [create_session(tx, user, 1) for _ in range(1000)])
    c = server.client()
    for token in tokens:
        assert c.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert len(cache) <= 300


# -- 11. a device asks who it is -------------------------------------------------------------------

def test_devices_me_names_the_device_and_changes_nothing(server):
    admin = server.admin()
    before = admin.get("/api/admin/devices").json()["devices"]
    r = server.kiosk().get("/api/devices/me")
    assert r.status_code == 200
    body = r.json()
    assert body["kind"] == "kiosk" and body["name"] and isinstance(body["device_id"], int)
    assert abs(body["server_time"] - time.time()) < 60
    after = admin.get("/api/admin/devices").json()["devices"]
    assert [(d["id"], d["last_seen"], d["health"]) for d in after] == \
           [(d["id"], d["last_seen"], d["health"]) for d in before]
    assert server.client().get("/api/devices/me").status_code == 401
    assert server.client().get("/api/devices/me", headers=dict(server.staff(0).headers)).status_code == 401
    assert "/api/devices/me" in server.client().get("/openapi.json").json()["paths"]
