"""The letters register's use cases around the rules in ``server.domain.letters``: drafting for the ticket at
the counter, listing, the audited look with the full NIK, what a PDF is printed from, the citizen's own copy,
the public verification answer, and the office's template.

A look at the full NIK, in the register or on paper, is a write: the audit row saying who read it is
committed with the same care as a change. The public answer (``verification``) never holds the full NIK
or the full name, whatever the letter's state.
"""

from __future__ import annotations

import hmac
from datetime import date
from typing import Optional

from common import nik as nik_rules
from server.domain import letters as rules
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.storage import letter_queries as q
from server.storage.db import Tx

_NOT_FOUND = ("Surat tidak ditemukan.", "Letter not found.")


def draft_for_ticket(tx: Tx, data: dict, by: Staff) -> dict:
    """The clerk's "Buat surat keterangan" after the back office's check: the NIK comes from the ticket."""
    ticket = q.ticket_nik(tx.conn, data["ticket_id"])
    if ticket is None:
        raise DomainError("unknown_ticket")
    if not ticket.nik:
        raise DomainError("nik_required", "Tiket ini tidak mempunyai NIK (atau sudah dihapus): surat tidak "
                                          "bisa dibuat.", "This ticket has no NIK (or it was purged): no letter.")
    return rules.draft(tx, holder_name=data["holder_name"], nik=ticket.nik, address=data.get("address", ""),
                       result=data["result"], checked_on=data["checked_on"], by=by, ticket_id=ticket.id)


def _may_read(tx: Tx, row, by: Staff) -> bool:
    return row.drafted_by == by.actor or by.has("supervisor") or q.is_signer(tx.conn, by.id)


def _row(tx: Tx, letter_id: int):
    row = q.row(tx.conn, letter_id)
    if row is None:
        raise DomainError("not_found", *_NOT_FOUND)
    return row


def listing(conn, by: Staff, status: Optional[str]) -> dict:
    """Signers, supervisors and admins see the whole register; a clerk sees the letters they drafted."""
    signer = q.is_signer(conn, by.id)
    everyone = signer or by.has("supervisor")
    items = q.listing(conn, status=status, drafted_by=None if everyone else by.actor)
    return {"letters": items, "may_approve": signer, "may_revoke": signer or by.has("admin"),
            "whole_register": everyone}


def look(tx: Tx, letter_id: int, by: Staff) -> dict:
    """One letter with the full NIK and address (audited)."""
    row = _row(tx, letter_id)
    if not _may_read(tx, row, by):
        raise DomainError("forbidden")
    tx.audit(by.actor, "letter.viewed", row.ticket_id, {"letter_id": row.id, "nik": row.nik_masked})
    return {**q.letter_dict(row, full=True), "template": row.content.get("template"),
            "approved_by_name": row.content.get("approved_by_name")}


def printable(row) -> tuple[dict, dict]:
    """(letter, template) as ``documents.letter_pdf`` prints them."""
    letter = {**q.letter_dict(row, full=True), "approved_by_name": row.content.get("approved_by_name")}
    return letter, row.content["template"]


def for_staff_pdf(tx: Tx, letter_id: int, by: Staff) -> tuple[dict, dict]:
    row = _row(tx, letter_id)
    if not _may_read(tx, row, by):
        raise DomainError("forbidden")
    tx.audit(by.actor, "letter.printed", row.ticket_id, {"letter_id": row.id, "nik": row.nik_masked})
    return printable(row)


def wrong_nik() -> DomainError:
    return DomainError("forbidden", "NIK tidak cocok dengan pemegang surat ini. Periksa kembali NIK Anda.",
                       "The NIK does not match this letter's holder. Please check your NIK.")


def for_citizen_copy(tx: Tx, code: str, nik: str, address: str) -> Optional[tuple[dict, dict]]:
    """The holder's own copy: only an approved letter, only to whoever types the holder's NIK.

    None when the NIK does not match: the refusal is audited, so it must be committed, not raised."""
    row = q.row_by_code(tx.conn, code)
    if row is None or row.status == rules.DRAFT:
        raise DomainError("not_found", *_NOT_FOUND)
    if row.status == rules.REVOKED:
        raise DomainError("invalid_transition", "Surat ini sudah dicabut. Silakan hubungi kantor.",
                          "This letter has been revoked. Please contact the office.")
    if not row.holder_nik:
        raise DomainError("invalid_transition", "Data NIK surat ini sudah dihapus sesuai masa simpan data. "
                                                "Silakan minta salinan di kantor.",
                          "This letter's NIK has been deleted under the retention rule. "
                          "Please ask the office for a copy.")
    typed = nik_rules.normalize(nik or "")
    if not hmac.compare_digest(typed.encode(), row.holder_nik.encode()):
        tx.audit("public", "letter.copy_refused", row.ticket_id, {"letter_id": row.id, "address": address})
        return None  # committed with its audit row; the caller answers WRONG_NIK
    tx.audit("public", "letter.copy_given", row.ticket_id, {"letter_id": row.id, "address": address})
    return printable(row)


def verification(row, office_name: str) -> dict:
    """The public answer: valid only when approved and not revoked; masked name and NIK only."""
    if row is None:
        raise DomainError("not_found", *_NOT_FOUND)
    approved = row.status == rules.APPROVED
    return {"valid": approved, "number": row.number, "issued_on": row.issued_on,
            "office": (row.content or {}).get("office") or office_name,
            "holder_masked": rules.mask_name(row.holder_name), "nik_masked": row.nik_masked,
            "revoked": row.status == rules.REVOKED, "draft": row.status == rules.DRAFT,
            "revoked_at": row.revoked_at}


def template(conn) -> dict:
    """The office's template with the profile's defaults filled in, as the editor shows it."""
    return rules.template_with_defaults(q.saved_template(conn), q.profile(conn))


def save_template(tx: Tx, data: dict, by: Staff) -> dict:
    checked = rules.checked_template(data)
    q.save_template(tx.conn, checked)
    tx.audit(by.actor, "letter.template_saved", None, {"number_pattern": checked["number_pattern"]})
    return rules.template_with_defaults(checked, q.profile(tx.conn))


SAMPLE = {"holder_name": "Contoh Nama Warga", "nik": "3276014506850003", "address": "Jl. Contoh No. 1",
          "result": "registered", "checked_on": date(2026, 1, 2).isoformat(), "status": "draft", "number": None,
          "issued_on": None, "approved_at": None, "approved_by_name": None, "nik_masked": "3276********0003"}
