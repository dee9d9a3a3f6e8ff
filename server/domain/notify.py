"""Messages to citizens: templates, recipients, and the rules of the durable outbox.

A change that should tell someone (an application received, a ticket called)
calls ``enqueue`` inside its own write transaction: the outbox rows are
committed exactly when the change is, and a worker outside the writer sends
them afterwards (``server.http.outbox_worker``). So a message is never lost on
a restart, never holds up the writer, and ``dedupe_key`` (the caller's ``key``
plus the channel) makes a second enqueue of the same message a no-op.

No message may carry a NIK: ``enqueue`` refuses params holding a run of 16
digits, whatever the caller meant. A recipient who opted out (WhatsApp "STOP",
the email's unsubscribe link) still gets a row, recorded as ``skipped``, so the
admin sees why nothing went out.

The delivery rules here are plain functions (no I/O): exponential backoff with
a cap, a per-recipient hourly limit that delays (never drops) the excess.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from typing import Optional

import sqlalchemy as sa

from server.domain.fields import FieldProblems
from server.storage.schema import notify_opt_outs, office_settings, outbox

# template -> (required params, Indonesian text, English text). Short and plain: a phone screen.
TEMPLATES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "application_received": (
        ("code", "status_url", "deadline_words"),
        "Permohonan Anda sudah kami terima. Kode: {code}. Jawaban paling lambat {deadline_words}. "
        "Lihat status: {status_url}",
        "We have received your application. Code: {code}. We will answer by {deadline_words}. "
        "Status: {status_url}"),
    "application_answered": (
        ("code", "status_url", "result_words", "reply"),
        "Permohonan {code} sudah dijawab: {result_words}. {reply} Lihat: {status_url}",
        "Application {code} has been answered: {result_words}. {reply} See: {status_url}"),
    "letter_ready": (
        ("code", "status_url"),
        "Surat untuk permohonan {code} sudah ditandatangani. Ambil salinannya di {status_url}",
        "The letter for application {code} has been signed. Get your copy at {status_url}"),
    "ticket_near": (
        ("number", "ahead", "status_url"),
        "Antrean {number}: giliran Anda hampir tiba ({ahead} lagi). Mohon kembali ke ruang tunggu. {status_url}",
        "Ticket {number}: your turn is near ({ahead} ahead of you). Please come back to the waiting room. "
        "{status_url}"),
    "ticket_called": (
        ("number", "counter"),
        "Antrean {number}: Anda dipanggil ke {counter}. Silakan menuju loket sekarang.",
        "Ticket {number}: you are called to {counter}. Please go to the counter now."),
    "whatsapp_welcome": (
        ("online_url",),
        "Terima kasih telah menghubungi Dinas Sosial. Ajukan permohonan secara online di {online_url} . "
        "Balas BERHENTI jika tidak ingin menerima pesan lagi.",
        "Thank you for contacting the Social Affairs Office. Apply online at {online_url} . "
        "Reply STOP to receive no more messages."),
    "booking_made": (
        ("code", "service", "when_words", "status_url"),
        "Jadwal Anda untuk {service}: {when_words}. Kode: {code}. Tunjukkan QR/kode ini di kiosk saat tiba. "
        "Lihat, ubah atau batalkan: {status_url}",
        "Your booking for {service}: {when_words}. Code: {code}. Show this QR/code at the kiosk when you arrive. "
        "See, move or cancel it: {status_url}"),
    "booking_reminder": (
        ("code", "service", "when_words", "status_url"),
        "Pengingat: jadwal Anda untuk {service} {when_words}. Kode: {code}. Tidak bisa datang? Batalkan di "
        "{status_url}",
        "Reminder: your booking for {service} is {when_words}. Code: {code}. Cannot come? Cancel it at "
        "{status_url}"),
    "remote_number": (
        ("number", "service", "status_url"),
        "Nomor antrean Anda untuk {service}: {number}. Setiba di kantor, tunjukkan QR/nomor ini di kiosk agar "
        "masuk antrean. Pantau giliran: {status_url}",
        "Your queue number for {service}: {number}. At the office, show this QR/number at the kiosk to join the "
        "queue. Follow your turn: {status_url}"),
    "remote_number_home": (
        ("number", "service", "status_url"),
        "Nomor antrean Anda untuk {service}: {number}. Anda sudah masuk antrean; kami kabari saat giliran Anda "
        "hampir tiba. Pantau giliran: {status_url}",
        "Your queue number for {service}: {number}. You are in the queue; we will tell you when your turn is "
        "near. Follow your turn: {status_url}"),
    "test_message": (
        (),
        "Pesan uji dari sistem antrean Antre. Jika Anda menerima ini, pengaturan pemberitahuan sudah benar.",
        "Test message from the Antre queue system. If you received it, notifications are set up correctly."),
}

SUBJECTS: dict[str, tuple[str, str]] = {
    "application_received": ("Permohonan diterima", "Application received"),
    "application_answered": ("Permohonan dijawab", "Application answered"),
    "letter_ready": ("Surat sudah siap", "Your letter is ready"),
    "ticket_near": ("Giliran Anda hampir tiba", "Your turn is near"),
    "ticket_called": ("Anda dipanggil", "You are called"),
    "whatsapp_welcome": ("Dinas Sosial", "Social Affairs Office"),
    "booking_made": ("Jadwal dipesan", "Booking made"),
    "booking_reminder": ("Pengingat jadwal", "Booking reminder"),
    "remote_number": ("Nomor antrean Anda", "Your queue number"),
    "remote_number_home": ("Nomor antrean Anda", "Your queue number"),
    "test_message": ("Pesan uji", "Test message"),
}

UNSUBSCRIBE = ("Tidak ingin menerima email lagi? Buka {url}", "No more emails? Open {url}")
STOP_WORDS = frozenset({"STOP", "BERHENTI", "UNSUBSCRIBE"})

NIK_RUN = re.compile(r"\d{16}")
EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[A-Za-z]{2,}$")

BACKOFF_CAP_SECONDS = 3600.0
MAX_ATTEMPTS = 8
DEFAULT_PER_HOUR = 6


class NikInMessage(ValueError):
    """A caller put a NIK (or any 16-digit run) into a message's params: a bug, refused."""


# -- recipients -------------------------------------------------------------------------

def normalise_phone(value: Optional[str]) -> Optional[str]:
    """An Indonesian mobile number as E.164 digits without '+' (``62812...``), or None.

    Accepts ``0812-3456-789``, ``+62 812 3456 789``, ``62812...``, ``812...``.
    """
    if not value:
        return None
    digits = re.sub(r"[\s\-().]", "", str(value))
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        return None
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    if not digits.startswith("628") or not 10 <= len(digits) <= 15:
        return None
    return digits


def normalise_email(value: Optional[str]) -> Optional[str]:
    """A plausible address, lower-cased, or None (the provider has the final word)."""
    if not value:
        return None
    value = str(value).strip().lower()
    return value if len(value) <= 200 and EMAIL.match(value) else None


def checked_contact(phone: Optional[str], email: Optional[str], *, required: bool) -> tuple[Optional[str], Optional[str]]:
    """A citizen's WhatsApp number and e-mail, normalised; a polite field error for either that is not one."""
    good_phone = normalise_phone(phone) if phone else None
    good_email = normalise_email(email) if email else None
    p = FieldProblems()
    if phone and not good_phone:
        p.add("phone", "Nomor HP tidak valid. Contoh: 0812 3456 7890.", "Not a valid phone number. E.g. 0812 3456 7890.")
    if email and not good_email:
        p.add("email", "Alamat email tidak valid.", "Not a valid email address.")
    if required and not phone and not email:
        p.add("phone", "Tulis nomor WhatsApp atau email.", "Write a WhatsApp number or an email address.")
    p.raise_if_any()
    return good_phone, good_email


def mask_recipient(recipient: str) -> str:
    """For log lines and the admin's list: ``6281****789``, ``s***@example.org``."""
    if "@" in recipient:
        local, _, domain = recipient.partition("@")
        return f"{local[:1]}***@{domain}"
    return recipient[:4] + "*" * max(len(recipient) - 7, 0) + recipient[-3:]


def opt_out_token(secret: str, recipient: str) -> str:
    """The unsubscribe link's token: the recipient and an HMAC, so nobody unsubscribes someone else.
    Base64, not hex: a hex-encoded address reads as a long run of digits, like a NIK, in a message."""
    mac = hmac.new(secret.encode(), recipient.encode(), hashlib.sha256).hexdigest()[:24]
    return f"{base64.urlsafe_b64encode(recipient.encode()).decode().rstrip('=')}.{mac}"


def recipient_from_token(secret: str, token: str) -> Optional[str]:
    encoded, _, mac = token.partition(".")
    try:
        recipient = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return recipient if hmac.compare_digest(opt_out_token(secret, recipient), token) else None


# -- texts -------------------------------------------------------------------------------

def render(template: str, params: dict, language: str = "id") -> tuple[str, str]:
    """(subject, body) of a template in the citizen's language (Indonesian unless 'en')."""
    _required, text_id, text_en = TEMPLATES[template]
    subject = SUBJECTS[template][1 if language == "en" else 0]
    body = (text_en if language == "en" else text_id).format(**{k: str(v) for k, v in params.items()})
    return subject, re.sub(r"\s{2,}", " ", body).strip()


def check_params(template: str, params: dict) -> None:
    if template not in TEMPLATES:
        raise ValueError(f"unknown message template {template!r}")
    missing = [k for k in TEMPLATES[template][0] if k not in params]
    if missing:
        raise ValueError(f"template {template} needs {', '.join(missing)}")
    if NIK_RUN.search(json.dumps(params, ensure_ascii=False)):
        raise NikInMessage(f"template {template}: a 16-digit run in its params (a NIK?) is never sent")


# -- delivery rules ------------------------------------------------------------------------

def backoff_seconds(attempts: int, base: float) -> float:
    """Wait before attempt ``attempts + 1``: base, 2x, 4x... capped at an hour."""
    return min(BACKOFF_CAP_SECONDS, base * (2 ** max(attempts - 1, 0)))


def give_up(attempts: int) -> bool:
    return attempts >= MAX_ATTEMPTS


def rate_limited_until(sent_times: list[float], now: float, per_hour: int) -> Optional[float]:
    """None when the recipient may get one more now; else when the oldest of the hour's
    messages leaves the window (the excess waits; it is never dropped)."""
    recent = sorted(t for t in sent_times if t > now - 3600)
    if len(recent) < per_hour:
        return None
    return recent[len(recent) - per_hour] + 3600


# -- enqueue -------------------------------------------------------------------------------

# Built once: enqueue runs inside the desk's call (server.domain.ticket_messages), where building
# SQLAlchemy expressions would cost more than running them.
_OFFICE_NOTIFY = sa.select(office_settings.c.value).where(office_settings.c.key == "notify")
_DEDUPED = sa.select(outbox.c.id).where(outbox.c.dedupe_key == sa.bindparam("key"))
_OPTED_OUT = sa.select(notify_opt_outs.c.recipient).where(notify_opt_outs.c.recipient == sa.bindparam("recipient"))
_INSERT = outbox.insert()


def office_notify_settings(conn: sa.Connection) -> dict:
    """The admin's choices (/admin > Pemberitahuan), stored under office_settings 'notify'."""
    value = conn.execute(_OFFICE_NOTIFY).scalar()
    return dict(value) if isinstance(value, dict) else {}


def enqueue(tx, *, template: str, params: dict, email: Optional[str] = None, phone: Optional[str] = None,
            language: str = "id", key: str, application_id=None, ticket_id=None) -> int:
    """Write one outbox row per usable channel in the caller's transaction; returns the rows to send.

    email -> SMTP; phone -> WhatsApp, or SMS where the office chose SMS. ``key`` is the
    caller's idempotency key: the same key again writes nothing. An opted-out recipient's
    row is written as ``skipped``. Params with a NIK raise ``NikInMessage``.
    """
    check_params(template, params)
    language = "en" if language == "en" else "id"
    targets = []
    if (addr := normalise_email(email)) is not None:
        targets.append(("email", addr))
    if (number := normalise_phone(phone)) is not None:
        channel = office_notify_settings(tx.conn).get("phone_channel") or "whatsapp"
        targets.append(("sms" if channel == "sms" else "whatsapp", number))
    queued = 0
    for channel, recipient in targets:
        dedupe = f"{key}:{channel}"
        if tx.conn.execute(_DEDUPED, {"key": dedupe}).first():
            continue
        opted_out = tx.conn.execute(_OPTED_OUT, {"recipient": recipient}).first() is not None
        tx.conn.execute(_INSERT, dict(
            created_at=tx.now, channel=channel, recipient=recipient, template=template, params=params,
            language=language, dedupe_key=dedupe, status="skipped" if opted_out else "pending",
            next_attempt_at=tx.now, last_error="opted out" if opted_out else None,
            application_id=application_id, ticket_id=ticket_id))
        queued += 0 if opted_out else 1
    if queued:
        tx.touched("outbox")  # the worker wakes after this commit
    return queued


def opt_out(tx, recipient: str, source: str) -> bool:
    """Record that a recipient wants no more messages; pending ones to them are skipped."""
    recipient = normalise_email(recipient) or normalise_phone(recipient) or recipient
    if tx.conn.execute(sa.select(notify_opt_outs.c.recipient)
                       .where(notify_opt_outs.c.recipient == recipient)).first():
        return False
    tx.conn.execute(notify_opt_outs.insert().values(recipient=recipient, at=tx.now, source=source[:20]))
    tx.conn.execute(outbox.update().where(outbox.c.recipient == recipient, outbox.c.status == "pending")
                    .values(status="skipped", last_error="opted out"))
    return True
