"""The Surat Keterangan DTKS's rules: drafted by a clerk, numbered gap-free at approval by a letter signer,
revoked with a reason. On the demo office's database, without a server."""

from datetime import date

import pytest
import sqlalchemy as sa

from server.domain import letters
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.storage.schema import letters as letters_table, sequences, users

SITI_NIK = "3276014506850003"  # Kota Depok, a woman born 5 June 1985


def staff(office, username: str) -> Staff:
    with office.db.read() as conn:
        row = conn.execute(sa.select(users).where(users.c.username == username)).one()
    return Staff(row.id, row.username, row.display_name, row.role, row.counter_id)


def draft_for_siti(office, clerk: Staff, **extra):
    body = dict(holder_name="Siti Aminah", nik=SITI_NIK, address="Jl. Melati No. 3, Kota Demo",
                result="registered", checked_on=date(2026, 12, 7), by=clerk, **extra)
    return office.run(lambda tx: letters.draft(tx, **body))


def test_a_draft_has_no_number_and_keeps_only_a_masked_nik_in_its_answer(office):
    clerk = staff(office, "petugas1")
    d = draft_for_siti(office, clerk)
    assert d["status"] == "draft" and d["number"] is None and d["seq"] is None
    assert d["nik_masked"] == SITI_NIK[:4] + "*" * 8 + SITI_NIK[-4:]
    assert SITI_NIK not in repr(d)
    assert len(d["verify_code"]) == letters.CODE_LENGTH


def test_the_official_approves_numbers_run_on_gap_free_even_when_a_draft_is_discarded(office):
    clerk, kepala = staff(office, "petugas1"), staff(office, "kepala")
    first, discarded, second = (draft_for_siti(office, clerk) for _ in range(3))
    office.run(lambda tx: letters.discard(tx, discarded["id"], clerk))
    a = office.run(lambda tx: letters.approve(tx, first["id"], kepala))
    b = office.run(lambda tx: letters.approve(tx, second["id"], kepala))
    year = date.fromisoformat(a["issued_on"]).year
    roman = "I II III IV V VI VII VIII IX X XI XII".split()[date.fromisoformat(a["issued_on"]).month - 1]
    assert a["number"] == f"460/1/Dinsos/{roman}/{year}" and (a["seq"], b["seq"]) == (1, 2)
    assert b["number"].split("/")[1] == "2"
    with office.db.read() as conn:
        assert conn.execute(sa.select(sequences.c.value).where(sequences.c.name == f"letter:{year}")).scalar() == 2
        assert conn.execute(sa.select(sa.func.count()).select_from(letters_table)).scalar() == 2


def test_a_refused_approval_burns_no_number(office):
    clerk, kepala = staff(office, "petugas1"), staff(office, "kepala")
    d = draft_for_siti(office, clerk)
    with pytest.raises(DomainError) as e:
        office.run(lambda tx: letters.approve(tx, d["id"], clerk))
    assert e.value.code == "forbidden"
    assert office.run(lambda tx: letters.approve(tx, d["id"], kepala))["seq"] == 1


def test_a_clerk_cannot_approve_and_a_signer_cannot_approve_their_own_draft_unless_the_office_allows(office):
    kepala = staff(office, "kepala")
    own = draft_for_siti(office, kepala)
    with pytest.raises(DomainError) as e:
        office.run(lambda tx: letters.approve(tx, own["id"], kepala))
    assert e.value.code == "forbidden"
    template = {**letters.DEFAULT_TEMPLATE, "allow_self_approval": True}
    from server.storage import letter_queries
    office.run(lambda tx: letter_queries.save_template(tx.conn, letters.checked_template(template)))
    assert office.run(lambda tx: letters.approve(tx, own["id"], kepala))["status"] == "approved"


def test_approval_freezes_the_template_and_a_later_edit_changes_no_issued_letter(office):
    from server.storage import letter_queries
    clerk, kepala = staff(office, "petugas1"), staff(office, "kepala")
    d = draft_for_siti(office, clerk)
    office.run(lambda tx: letters.approve(tx, d["id"], kepala))
    edited = {**letters.DEFAULT_TEMPLATE, "title": "SURAT KETERANGAN BARU", "number_pattern": "X/{seq}/{year}"}
    office.run(lambda tx: letter_queries.save_template(tx.conn, letters.checked_template(edited)))
    with office.db.read() as conn:
        content = letter_queries.row(conn, d["id"]).content
    assert content["template"]["title"] == "SURAT KETERANGAN" and content["approved_by_name"] == "Kepala Dinas"
    assert SITI_NIK not in repr(content)


def test_revoke_needs_a_reason_and_a_signer_and_only_an_approved_letter(office):
    clerk, kepala, admin = staff(office, "petugas1"), staff(office, "kepala"), staff(office, "admin")
    d = draft_for_siti(office, clerk)
    with pytest.raises(DomainError) as e:
        office.run(lambda tx: letters.revoke(tx, d["id"], "salah", kepala))
    assert e.value.code == "invalid_transition"
    approved = office.run(lambda tx: letters.approve(tx, d["id"], kepala))
    with pytest.raises(DomainError) as e:
        office.run(lambda tx: letters.revoke(tx, d["id"], "  ", kepala))
    assert e.value.code == "invalid_field"
    with pytest.raises(DomainError) as e:
        office.run(lambda tx: letters.revoke(tx, d["id"], "Data salah", clerk))
    assert e.value.code == "forbidden"
    r = office.run(lambda tx: letters.revoke(tx, d["id"], "Nama tertulis salah", admin))
    assert r["status"] == "revoked" and r["revoke_reason"] == "Nama tertulis salah" and r["number"] == approved["number"]
    assert r["revoked_by"] == "user:admin"


def test_bad_input_is_refused_field_by_field():
    with pytest.raises(DomainError) as e:
        letters.checked_draft("", "1234", "x" * 301, "maybe", "not-a-date")
    assert {x["field"] for x in e.value.extra["errors"]} == {"holder_name", "nik", "address", "result",
                                                              "checked_on"}


def test_the_number_pattern_renders_the_roman_month_and_must_hold_the_sequence():
    assert letters.render_number("460/{seq}/Dinsos/{month_roman}/{year}", 7, date(2026, 12, 7)) == \
        "460/7/Dinsos/XII/2026"
    assert letters.render_number("{year}.{month}.{seq}", 12, date(2027, 4, 1)) == "2027.04.12"
    for bad in ("460/Dinsos/{year}", "460/{seq}/{bulan}"):
        with pytest.raises(DomainError):
            letters.checked_template({"number_pattern": bad})


def test_names_are_masked_for_the_public_page():
    assert letters.mask_name("Siti Aminah") == "Si** Am****"


def test_the_retention_purge_blanks_the_full_nik_and_keeps_the_masked_one(office):
    from server.domain.day import purge_niks
    clerk, kepala = staff(office, "petugas1"), staff(office, "kepala")
    d = draft_for_siti(office, clerk)
    office.run(lambda tx: letters.approve(tx, d["id"], kepala))
    office.clock.advance(31 * 86400)
    office.run(lambda tx: purge_niks(tx, 30))
    with office.db.read() as conn:
        row = conn.execute(sa.select(letters_table).where(letters_table.c.id == d["id"])).one()
    assert row.holder_nik is None and row.nik_masked == d["nik_masked"] and row.status == "approved"


def test_approving_an_online_application_s_letter_tells_part_o(office, monkeypatch):
    from server.domain import online
    from server.storage.schema import applications, services
    calls = []
    monkeypatch.setattr(online, "letter_approved", lambda tx, app_id, letter: calls.append((app_id, letter["number"])))
    clerk, kepala = staff(office, "petugas1"), staff(office, "kepala")

    def an_application(tx):
        service_id = tx.conn.execute(sa.select(services.c.id).limit(1)).scalar()
        return tx.conn.execute(applications.insert().values(
            code="TESTCODE", service_id=service_id, channel="web", status="checked", received_at=tx.now,
            office_day="2026-12-07", deadline="2026-12-14", consent_at=tx.now, updated_at=tx.now)).inserted_primary_key[0]
    app_id = office.run(an_application)
    d = draft_for_siti(office, clerk, application_id=app_id)
    assert calls == []                                   # a draft tells no one
    approved = office.run(lambda tx: letters.approve(tx, d["id"], kepala))
    assert calls == [(app_id, approved["number"])]
