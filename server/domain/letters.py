"""The Surat Keterangan DTKS: drafted by a clerk, numbered and released when the authorised official approves it.

Why the rules are these:

- **Numbers are given at approval, from a yearly counter** (``sequences`` row ``letter:{year}``)
  in the same write transaction as the approval. A draft that is discarded never took a number,
  and a failed approval rolls the counter back with it, so the register's numbers run 1, 2, 3...
  without gaps, which is what an inspector checks in a *buku agenda surat keluar*.
- **Who approves**: only an account marked ``letter_signer``. Not the person who drafted it,
  because a second pair of eyes is the point of approval; a one-person office may allow it
  with the template's ``allow_self_approval`` (off by default), and the register still shows
  who drafted and who approved.
- **What the letter says is frozen at approval** (``content``: the template as it was, the signer,
  the approving account), so an office editing its template next year does not change letters
  already issued. The text keeps its placeholders (``{nik}``...): the holder's data stay in their
  own columns, so the NIK retention purge can blank the full NIK and leave the masked one for
  the public verification page.
- **Revoke** needs a reason and keeps the letter in the register (status ``revoked``): the
  verification page then says DICABUT instead of pretending the letter never existed.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Optional
from zoneinfo import ZoneInfo

from common import nik as nik_rules
from common import vocabulary as vocab
from server.domain.accounts import Staff
from server.domain.day import current_day
from server.domain.errors import DomainError
from server.domain.fields import FieldProblems
from server.storage import letter_queries as q
from server.storage.db import Tx

DRAFT, APPROVED, REVOKED = "draft", "approved", "revoked"
PLACEHOLDERS = ("nama", "nik", "alamat", "hasil", "tanggal_cek")
NUMBER_FIELDS = ("seq", "month_roman", "month", "year")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# Unambiguous letters and digits (no 0/O, 1/I/L): a code read aloud or typed from paper still works.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
MAX_REASON = 300

DEFAULT_TEMPLATE = {
    "number_pattern": "460/{seq}/Dinsos/{month_roman}/{year}",
    "title": "SURAT KETERANGAN",
    "paragraphs": [
        "Yang bertanda tangan di bawah ini menerangkan bahwa:",
        "Berdasarkan hasil pengecekan pada aplikasi SIKS-NG tanggal {tanggal_cek}, yang bersangkutan "
        "dinyatakan: {hasil}.",
        "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.",
    ],
    "legal_basis": "",
    "data_source": "DTKS (kini DTSEN)",
    "signer_title": "",
    "signer_name": "",
    "signer_nip": "",
    "place": "",
    "allow_self_approval": False,
}
TEXT_LIMITS = {"number_pattern": 80, "title": 80, "legal_basis": 400, "data_source": 120, "signer_title": 120,
               "signer_name": 120, "signer_nip": 30, "place": 60}


# -- pure rules ---------------------------------------------------------------------------------

def month_roman(month: int) -> str:
    return _ROMAN[month - 1]


def render_number(pattern: str, seq: int, day: date) -> str:
    """``460/{seq}/Dinsos/{month_roman}/{year}`` for the ``seq``-th letter, approved on ``day``."""
    return pattern.format(seq=seq, month_roman=month_roman(day.month), month=f"{day.month:02d}", year=day.year)


def new_verify_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def mask_name(name: str) -> str:
    """``Siti Aminah`` -> ``Si** Am****``: enough for the holder to recognise, not to read off a name."""
    return " ".join(w[:2] + "*" * max(len(w) - 2, 0) for w in name.split())


def may_approve(*, is_signer: bool, drafted_by: str, actor: str, allow_self: bool) -> bool:
    return is_signer and (allow_self or drafted_by != actor)


def fill(text: str, values: dict) -> str:
    """A template paragraph with its placeholders filled; an unknown ``{word}`` stays as typed."""
    out = text
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    return out


def checked_template(data: dict) -> dict:
    """What an admin saves on /admin > Surat, checked field by field (all problems at once)."""
    p = FieldProblems()
    out = dict(DEFAULT_TEMPLATE)
    for key, limit in TEXT_LIMITS.items():
        value = data.get(key, out[key])
        if not isinstance(value, str) or len(value.strip()) > limit:
            p.add(key, f"Paling banyak {limit} karakter.", f"At most {limit} characters.")
            continue
        out[key] = value.strip()
    pattern = out["number_pattern"]
    if "{seq}" not in pattern:
        p.add("number_pattern", "Pola nomor harus memuat {seq}.", "The number pattern must contain {seq}.")
    else:
        try:
            render_number(pattern, 1, date(2026, 1, 1))
        except (KeyError, ValueError, IndexError):
            p.add("number_pattern", "Pola nomor hanya boleh memakai {seq}, {month_roman}, {month} dan {year}.",
                  "The number pattern may only use {seq}, {month_roman}, {month} and {year}.")
    paragraphs = data.get("paragraphs", out["paragraphs"])
    if (not isinstance(paragraphs, list) or not paragraphs or len(paragraphs) > 12
            or not all(isinstance(x, str) and 0 < len(x.strip()) <= 1500 for x in paragraphs)):
        p.add("paragraphs", "Isi surat: 1 sampai 12 paragraf, masing-masing paling banyak 1500 karakter.",
              "Body: 1 to 12 paragraphs of at most 1500 characters each.")
    else:
        out["paragraphs"] = [x.strip() for x in paragraphs]
    allow = data.get("allow_self_approval", out["allow_self_approval"])
    if not isinstance(allow, bool):
        p.add("allow_self_approval", "Harus ya atau tidak.", "Must be yes or no.")
    else:
        out["allow_self_approval"] = allow
    p.raise_if_any()
    return out


def template_with_defaults(saved: Optional[dict], profile: dict) -> dict:
    """The office's template; what it left empty comes from the office profile (head of office...)."""
    out = {**DEFAULT_TEMPLATE, **(saved or {})}
    fallbacks = {"legal_basis": profile.get("legal_basis"), "signer_title": profile.get("head_title"),
                 "signer_name": profile.get("head_name"), "signer_nip": profile.get("head_nip"),
                 "place": profile.get("city")}
    for key, value in fallbacks.items():
        if not out.get(key) and value:
            out[key] = value
    if not (saved or {}).get("data_source") and profile.get("data_source"):
        out["data_source"] = DEFAULT_TEMPLATE["data_source"] if profile["data_source"] == "DTKS" \
            else profile["data_source"]
    return out


def checked_draft(holder_name: str, nik: str, address: str, result: str, checked_on) -> dict:
    p = FieldProblems()
    name = (holder_name or "").strip()
    if not name or len(name) > 120:
        p.add("holder_name", "Tuliskan nama pemegang surat (paling banyak 120 karakter).",
              "Write the holder's name (120 characters at most).")
    digits = nik_rules.normalize(nik or "")
    if not nik_rules.check(digits).valid:
        p.add("nik", "NIK tidak valid.", "The NIK is not valid.")
    addr = (address or "").strip()
    if len(addr) > 300:
        p.add("address", "Alamat paling banyak 300 karakter.", "The address may have 300 characters at most.")
    if result not in vocab.SIKS_RESULTS:
        p.add("result", "Pilih hasil pengecekan SIKS-NG.", "Choose the SIKS-NG check result.")
    day = checked_on
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            day = None
    if not isinstance(day, date):
        p.add("checked_on", "Tanggal pengecekan tidak valid.", "The check date is not valid.")
    p.raise_if_any()
    return {"holder_name": name, "holder_nik": digits, "nik_masked": nik_rules.mask(digits),
            "holder_address": addr, "result": result, "checked_on": day.isoformat()}


# -- use cases, inside a write transaction -----------------------------------------------------------

def draft(tx: Tx, *, holder_name: str, nik: str, address: str, result: str, checked_on: date, by: Staff,
          ticket_id=None, application_id=None) -> dict:
    """A draft letter (no number yet). Any staff member may draft; audited without the NIK."""
    fields = checked_draft(holder_name, nik, address, result, checked_on)
    template = template_with_defaults(q.saved_template(tx.conn), q.profile(tx.conn))
    letter_id, code = q.insert_draft(tx.conn, fields, content={"template": template}, code=new_verify_code(),
                                     by=by.actor, now=tx.now, ticket_id=ticket_id, application_id=application_id)
    tx.audit(by.actor, "letter.drafted", ticket_id, {"letter_id": letter_id, "nik": fields["nik_masked"],
                                                    "application_id": application_id})
    return q.letter_dict(q.row(tx.conn, letter_id))


def approve(tx: Tx, letter_id: int, by: Staff) -> dict:
    """Number, snapshot and release a draft; then tell an online applicant (part O) their letter is ready."""
    row = q.row(tx.conn, letter_id)
    if row is None:
        raise DomainError("not_found", "Surat tidak ditemukan.", "Letter not found.")
    if row.status != DRAFT:
        raise DomainError("invalid_transition", "Surat ini sudah disetujui atau dicabut.",
                          "This letter was already approved or revoked.")
    template = template_with_defaults(q.saved_template(tx.conn), q.profile(tx.conn))
    if not may_approve(is_signer=q.is_signer(tx.conn, by.id), drafted_by=row.drafted_by, actor=by.actor,
                       allow_self=bool(template.get("allow_self_approval"))):
        raise DomainError("forbidden", "Hanya pejabat penanda tangan (bukan pembuat konsep) yang boleh "
                                       "menyetujui surat.",
                          "Only a letter signer who did not draft it may approve this letter.")
    day = date.fromisoformat(current_day(tx, ZoneInfo(q.profile(tx.conn).get("timezone") or "Asia/Jakarta")))
    seq = q.next_seq(tx.conn, day.year)
    number = render_number(template["number_pattern"], seq, day)
    content = {"template": template, "approved_by_name": by.display_name, "office": q.profile(tx.conn).get("name")}
    q.mark_approved(tx.conn, letter_id, number=number, year=day.year, seq=seq, content=content, by=by.actor,
                    now=tx.now, issued_on=day.isoformat())
    tx.audit(by.actor, "letter.approved", row.ticket_id, {"letter_id": letter_id, "number": number})
    letter = q.letter_dict(q.row(tx.conn, letter_id))
    if row.application_id is not None:
        _tell_applicant(tx, row.application_id, letter)
    return letter


def _tell_applicant(tx: Tx, application_id: int, letter: dict) -> None:
    """Part O's hook (it notifies the citizen through the outbox); absent until part O lands."""
    try:
        from server.domain import online
    except ImportError:  # part O not there yet: nothing to tell, the letter is approved all the same
        return
    hook = getattr(online, "letter_approved", None)
    if hook is not None:
        hook(tx, application_id, letter)


def revoke(tx: Tx, letter_id: int, reason: str, by: Staff) -> dict:
    """A letter signer or an admin revokes an approved letter, with a reason (audited)."""
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        p = FieldProblems()
        p.add("reason", "Tuliskan alasan pencabutan (paling banyak 300 karakter).",
              "Write why the letter is revoked (300 characters at most).")
        p.raise_if_any()
    if not (by.has("admin") or q.is_signer(tx.conn, by.id)):
        raise DomainError("forbidden", "Hanya pejabat penanda tangan atau admin yang boleh mencabut surat.",
                          "Only a letter signer or an admin may revoke a letter.")
    row = q.row(tx.conn, letter_id)
    if row is None:
        raise DomainError("not_found", "Surat tidak ditemukan.", "Letter not found.")
    if row.status != APPROVED:
        raise DomainError("invalid_transition", "Hanya surat yang sudah disetujui yang bisa dicabut.",
                          "Only an approved letter can be revoked.")
    q.mark_revoked(tx.conn, letter_id, reason=reason, by=by.actor, now=tx.now)
    tx.audit(by.actor, "letter.revoked", row.ticket_id, {"letter_id": letter_id, "number": row.number,
                                                        "reason": reason})
    return q.letter_dict(q.row(tx.conn, letter_id))


def discard(tx: Tx, letter_id: int, by: Staff) -> None:
    """A draft no one will approve is deleted (it never had a number); its drafter or a signer may."""
    row = q.row(tx.conn, letter_id)
    if row is None:
        raise DomainError("not_found", "Surat tidak ditemukan.", "Letter not found.")
    if row.status != DRAFT:
        raise DomainError("invalid_transition", "Surat yang sudah disetujui tidak bisa dibuang; cabut saja.",
                          "An approved letter cannot be discarded; revoke it instead.")
    if row.drafted_by != by.actor and not q.is_signer(tx.conn, by.id):
        raise DomainError("forbidden")
    q.delete(tx.conn, letter_id)
    tx.audit(by.actor, "letter.discarded", row.ticket_id, {"letter_id": letter_id})
