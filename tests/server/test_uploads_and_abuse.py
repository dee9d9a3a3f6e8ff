"""Photos of KTP and KK, and a flood of applications: refused politely, nothing lost, no third party."""

import hashlib
import io
import os
import stat

import pytest
import sqlalchemy as sa
from PIL import Image

from server.http.abuse import AbuseGuard, AbuseLimits, leading_zero_bits
from server.storage.schema import application_files, applications, audit_log
from server.storage.uploads import UploadLimits, UploadStore
from tests.server.helpers import nik_for


def photo(fmt: str = "JPEG", size=(640, 400), noise: bool = False) -> bytes:
    out = io.BytesIO()
    image = (Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)) if noise
             else Image.new("RGB", size, (200, 180, 150)))
    image.save(out, fmt)
    return out.getvalue()


def apply(client, i: int = 1, **headers):
    return client.post("/api/online/applications", headers=headers, json={
        "service": "A", "nik": nik_for(i), "name": f"Warga {i}", "address": "Jl. Kenanga 1", "phone": "081234567890",
        "need": "Surat DTKS", "consent": True})


@pytest.fixture
def code(server):
    r = apply(server.client())
    assert r.status_code == 201, r.text
    return r.json()["code"]


def test_a_ktp_photo_is_kept_0600_under_a_random_name_and_shown_to_staff_only(server, code):
    public = server.client()
    jpeg = photo()
    r = public.put(f"/api/online/applications/{code}/files/ktp", content=jpeg, headers={"Content-Type": "image/jpeg"})
    assert r.status_code == 200, r.text
    assert r.json()["content_type"] == "image/jpeg" and r.json()["size"] == len(jpeg)
    [row] = _files(server)
    assert row.sha256 == hashlib.sha256(jpeg).hexdigest()
    path = server.data_dir / "uploads" / os.path.basename(row.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and code not in row.path and "Warga" not in row.path

    # A second KTP photo replaces the first (its file is gone); a KK photo (PNG) sits next to it.
    png = photo("PNG", (300, 200))
    assert public.put(f"/api/online/applications/{code}/files/ktp", content=png).status_code == 200
    assert not path.exists()
    assert public.put(f"/api/online/applications/{code}/files/kk", content=jpeg).status_code == 200
    assert sorted(f.kind for f in _files(server)) == ["kk", "ktp"]

    # Staff see it (audited); the public never can, not even with the code.
    clerk = server.staff(3)
    app_id = clerk.get("/api/online/inbox").json()["applications"][0]["id"]
    files = clerk.get(f"/api/online/applications/{app_id}/full").json()["files"]
    ktp = next(f for f in files if f["kind"] == "ktp")
    got = clerk.get(f"/api/online/applications/{app_id}/files/{ktp['id']}")
    assert got.status_code == 200 and got.content == png and got.headers["content-type"] == "image/png"
    assert public.get(f"/api/online/applications/{app_id}/files/{ktp['id']}").status_code == 401
    with server.ctx.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(audit_log)
                            .where(audit_log.c.action == "application.file_viewed")).scalar() == 1


def test_what_is_not_a_jpeg_or_png_is_refused_in_plain_words(server, code):
    public = server.client()
    url = f"/api/online/applications/{code}/files/ktp"
    for body in (b"%PDF-1.7 not a photo", b"\x89PNG\r\n\x1a\n" + b"\0" * 200, photo("GIF")):
        r = public.put(url, content=body, headers={"Content-Type": "image/png"})
        assert r.status_code == 422 and r.json()["code"] == "invalid_upload", body[:10]
        assert "JPEG" in r.json()["message"] and "JPEG" in r.json()["message_en"]
    big = photo() + os.urandom(UploadLimits().max_bytes)
    r = public.put(url, content=big, headers={"Content-Type": "image/jpeg"})
    assert r.status_code == 413 and r.json()["code"] == "upload_too_large"
    assert public.put("/api/online/applications/AAAA-BBBB-CCCC/files/ktp", content=photo()).status_code == 404
    assert public.put(f"/api/online/applications/{code}/files/passport", content=photo()).status_code == 422
    assert _files(server) == []


def test_a_full_uploads_folder_refuses_new_photos_but_keeps_the_application(server, code):
    server.app.state.online_uploads = UploadStore(server.data_dir, UploadLimits(budget_bytes=50_000))
    public = server.client()
    assert public.put(f"/api/online/applications/{code}/files/ktp", content=photo(size=(60, 40))).status_code == 200
    big = photo(size=(400, 300), noise=True)
    assert 50_000 < len(big) < UploadLimits().max_bytes
    r = public.put(f"/api/online/applications/{code}/files/kk", content=big)
    assert r.status_code == 507 and r.json()["code"] == "uploads_full"
    assert "KTP" in r.json()["message"]
    assert public.get(f"/api/online/applications/{code}").json()["status"] == "received"


def test_the_nik_purge_deletes_the_photos_and_blanks_the_application(server, code):
    public = server.client()
    public.put(f"/api/online/applications/{code}/files/ktp", content=photo())
    [row] = _files(server)
    assert os.path.exists(row.path)
    server.sql(applications.update().values(received_at=applications.c.received_at - 40 * 86400))
    from server.domain.day import purge_niks
    server.ctx.db.writer.call(lambda tx: purge_niks(tx, 30))
    assert not os.path.exists(row.path)
    with server.ctx.db.read() as conn:
        app = conn.execute(sa.select(applications)).one()
    assert (app.nik, app.name, app.address, app.phone, app.email, app.need) == (None, None, None, None, None, "")
    assert _files(server)[0].path is None
    assert public.get(f"/api/online/applications/{code}").json()["status"] == "received"


def test_a_flooding_address_must_solve_a_puzzle_then_waits(server):
    server.app.state.online_guard = AbuseGuard(AbuseLimits(free=2, ceiling=4, bits=10))
    public = server.client()
    assert apply(public, 1).status_code == 201 and apply(public, 2).status_code == 201
    r = apply(public, 3)
    assert r.status_code == 428 and r.json()["code"] == "proof_required"
    puzzle = r.json()
    # The test's own solver: sha256(challenge + nonce) with `bits` leading zero bits.
    nonce = next(n for n in range(1 << 20)
                 if leading_zero_bits(hashlib.sha256(f"{puzzle['challenge']}{n}".encode()).digest()) >= puzzle["bits"])
    wrong = next(n for n in range(1 << 20)
                 if leading_zero_bits(hashlib.sha256(f"{puzzle['challenge']}{n}".encode()).digest()) == 0)
    assert apply(public, 3, **{"X-Proof-Challenge": puzzle["challenge"],
                               "X-Proof-Nonce": str(wrong)}).status_code == 428
    solved = {"X-Proof-Challenge": puzzle["challenge"], "X-Proof-Nonce": str(nonce)}
    assert apply(public, 3, **solved).status_code == 201
    # A puzzle pays for one application only.
    assert apply(public, 4, **solved).status_code == 428
    fresh = public.get("/api/online/challenge").json()
    n = next(n for n in range(1 << 20)
             if leading_zero_bits(hashlib.sha256(f"{fresh['challenge']}{n}".encode()).digest()) >= fresh["bits"])
    assert apply(public, 4, **{"X-Proof-Challenge": fresh["challenge"], "X-Proof-Nonce": str(n)}).status_code == 201
    r = apply(public, 5)
    assert r.status_code == 429 and r.json()["code"] == "too_many_applications"
    assert 1 <= int(r.headers["Retry-After"]) <= 600
    assert "coba lagi" in r.json()["message"] and "try again" in r.json()["message_en"]
    with server.ctx.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(applications)).scalar() == 4


def test_one_nik_cannot_be_used_to_flood_from_many_addresses(server):
    server.app.state.online_guard = AbuseGuard(AbuseLimits(nik_max=2))
    public = server.client()
    body = {"service": "A", "nik": nik_for(7), "name": "Warga", "address": "Jl. 1", "need": "DTKS", "consent": True}
    assert public.post("/api/online/applications", json={**body, "email": "a@example.org"}).status_code == 201
    assert public.post("/api/online/applications", json={**body, "email": "b@example.org"}).status_code == 409
    r = public.post("/api/online/applications", json={**body, "email": "c@example.org"})
    assert r.status_code == 429 and "Retry-After" in r.headers


def _files(server):
    with server.ctx.db.read() as conn:
        return conn.execute(sa.select(application_files).order_by(application_files.c.id)).all()


def test_a_script_that_never_solves_the_puzzle_is_stopped_with_429(server):
    server.app.state.online_guard = AbuseGuard(AbuseLimits(free=1, flood=5))
    public = server.client()
    answers = [apply(public, i).status_code for i in range(1, 8)]
    assert answers == [201, 428, 428, 428, 429, 429, 429]
    assert "Retry-After" in apply(public, 9).headers


def test_the_office_sets_the_photo_limit(tmp_path):
    from tests.live import LiveServer

    server = LiveServer(tmp_path / "data", overrides={"upload_max_mb": 0.05}).start()
    try:
        code = apply(server.client()).json()["code"]
        url = f"/api/online/applications/{code}/files/kk"
        small, big = photo(size=(40, 30)), photo(size=(400, 300), noise=True)
        assert len(small) < 0.05 * 1024 * 1024 < len(big) < 2 * 1024 * 1024
        assert server.client().put(url, content=small).status_code == 200
        r = server.client().put(url, content=big)
        assert r.status_code == 413 and r.json()["code"] == "upload_too_large"
    finally:
        server.stop()
