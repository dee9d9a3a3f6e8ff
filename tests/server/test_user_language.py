"""Each account speaks its own language: kept on the server with the account, Indonesian until
someone chooses otherwise, changed by the person herself or by the technician."""

import sqlalchemy as sa

from server.storage import schema


def test_an_account_speaks_indonesian_until_someone_chooses(front_office, technician):
    assert front_office.http.get("/api/auth/me").json()["language"] == "id"
    users = technician.get("/api/admin/users").json()
    assert {u["language"] for u in users} == {"id"}


def test_a_clerk_chooses_english_and_it_follows_her_to_another_pc(server, front_office):
    r = front_office.http.put("/api/auth/me/language", json={"language": "en"})
    assert r.status_code == 200 and r.json() == {"language": "en"}
    assert front_office.http.get("/api/auth/me").json()["language"] == "en"
    # Another PC: a fresh login sees the same setting, in the login's answer too.
    other = server.client()
    creds = server.creds["staff"][0]
    answer = other.post("/api/auth/login", json={"username": creds["username"], "password": creds["password"]})
    assert answer.json()["user"]["language"] == "en"
    # Back to Indonesian.
    assert front_office.http.put("/api/auth/me/language", json={"language": "id"}).status_code == 200
    assert server.staff(0).get("/api/auth/me").json()["language"] == "id"


def test_an_unknown_language_is_refused_politely_in_both_languages_and_changes_nothing(front_office):
    for bad in ("jv", "", "EN", "indonesia"):
        r = front_office.http.put("/api/auth/me/language", json={"language": bad})
        assert r.status_code == 422, bad
        body = r.json()
        assert body["message"] and body["message_en"]
        if bad != "indonesia":  # too long for the field: the framework's own check (invalid_request)
            assert body["code"] == "invalid_field" and body["errors"][0]["field"] == "language"
            assert "Bahasa" in body["errors"][0]["message"] and "language" in body["errors"][0]["message_en"]
    assert front_office.http.get("/api/auth/me").json()["language"] == "id"


def test_only_the_logged_in_person_changes_her_own_language(server, front_office):
    assert server.client().put("/api/auth/me/language", json={"language": "en"}).status_code == 401
    server.staff(1).put("/api/auth/me/language", json={"language": "en"})
    assert front_office.http.get("/api/auth/me").json()["language"] == "id"


def test_the_technician_sets_an_accounts_language_on_the_accounts_page(server, technician):
    clerk = next(u for u in technician.get("/api/admin/users").json() if u["username"] == server.creds["staff"][0]["username"])
    r = technician.put(f"/api/admin/users/{clerk['id']}", json={"language": "en"})
    assert r.status_code == 200, r.text
    assert server.staff(0).get("/api/auth/me").json()["language"] == "en"
    assert {"field": "language"}.items() <= technician.put(
        f"/api/admin/users/{clerk['id']}", json={"language": "fr"}).json()["errors"][0].items()
    created = technician.post("/api/admin/users", json={"username": "petugas9", "role": "staff", "language": "en"})
    assert created.status_code == 201
    assert server.login("petugas9", created.json()["password"]).get("/api/auth/me").json()["language"] == "en"


def test_a_session_already_open_follows_the_change_at_once(server, front_office, technician):
    """The session cache must not keep answering with the old language."""
    front_office.http.get("/api/auth/me")  # cached now
    clerk = next(u for u in technician.get("/api/admin/users").json() if u["username"] == front_office.username)
    technician.put(f"/api/admin/users/{clerk['id']}", json={"language": "en"})
    assert front_office.http.get("/api/auth/me").json()["language"] == "en"


def test_the_language_endpoint_is_documented(server):
    spec = server.client().get("/openapi.json").json()
    op = spec["paths"]["/api/auth/me/language"]["put"]
    assert op["summary"] and "requestBody" in op
    me = spec["paths"]["/api/auth/me"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert me["$ref"].endswith("/Me") and "language" in spec["components"]["schemas"]["Me"]["properties"]


def test_the_live_users_table_and_the_migrations_agree_on_the_language_column(server):
    with server.ctx.db.read() as conn:
        columns = {c["name"]: c for c in sa.inspect(conn).get_columns("users")}
    assert "language" in columns and not columns["language"]["nullable"]
    assert "language" in schema.users.c
