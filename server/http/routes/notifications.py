"""Notifications: the outbox's view and settings for the admin, opt-out, a ticket's contact,
and the WhatsApp Business webhook."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import uuid
from collections import deque
from typing import Optional

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import BaseModel, Field

from server.domain import notify, notify_settings, ticket_messages
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.domain.fields import FieldProblems
from server.http.context import AppContext, ctx
from server.http.deps import auth_first, require
from server.notifiers import config as notifier_config
from server.storage import outbox as store
from server.storage.queries import ticket_by_token
from server.storage.schema import inbound_messages

router = APIRouter(tags=["notifications"])
admin = APIRouter(tags=["admin"], prefix="/api/admin/notifications", route_class=auth_first("admin"))
is_admin = require("admin")


class Window:
    """At most ``limit`` hits per key within ``seconds`` (in memory; a restart forgets, which is fine
    for a brake on a phone page)."""

    def __init__(self, limit: int, seconds: float):
        self.limit, self.seconds = limit, seconds
        self._hits: dict[str, deque] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, now: float) -> bool:
        with self._lock:
            if len(self._hits) > 10000:
                self._hits.clear()
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.seconds:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True


def _contact_limits(c: AppContext) -> tuple[Window, Window]:
    """Per app (each server its own): 5 changes per ticket and 60 per network address in 10 minutes."""
    limits = getattr(c, "contact_limits", None)
    if limits is None:
        limits = c.contact_limits = (Window(5, 600), Window(60, 600))
    return limits


def _config(c: AppContext) -> dict:
    return notifier_config.effective(c.settings, c.office.profile_value("notify"))


def _wake(c: AppContext) -> None:
    worker = getattr(c, "outbox", None)
    if worker is not None:
        worker.wake()


# -- admin -----------------------------------------------------------------------------------

class TestMessage(BaseModel):
    to: str = Field(..., max_length=200, description="an email address or a phone number (08..., +62...)")
    language: str = Field("id", pattern="^(id|en)$")


@admin.get("", summary="Notification settings (secrets masked), outbox counts and the latest messages")
def get_notifications(status: Optional[str] = Query(None, max_length=12), user: Staff = Depends(is_admin),
                      c: AppContext = Depends(ctx)) -> dict:
    with c.db.read() as conn:
        return {"settings": notifier_config.public_view(_config(c)), "counts": store.counts(conn),
                "messages": store.recent(conn, status=status)}


@admin.put("", summary="Change notification settings (a masked or empty secret keeps the stored one)")
async def put_notifications(body: dict, user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    await c.write(lambda tx: notify_settings.update(tx, body, user.actor))
    return {"settings": notifier_config.public_view(_config(c))}


@admin.post("/test", summary="Send a test message through the outbox to an address or number")
async def send_test(body: TestMessage, user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    email, phone = notify.normalise_email(body.to), notify.normalise_phone(body.to)
    if not email and not phone:
        p = FieldProblems()
        p.add("to", "Tulis alamat email atau nomor HP (08...).", "Write an email address or a phone number (08...).")
        p.raise_if_any()
    key = f"test:{uuid.uuid4().hex}"

    def job(tx):
        queued = notify.enqueue(tx, template="test_message", params={}, email=email, phone=phone,
                                language=body.language, key=key)
        tx.audit(user.actor, "notify.test_sent", detail={"to": notify.mask_recipient(email or phone)})
        return queued
    queued = await c.write(job)
    return {"queued": queued, "opted_out": queued == 0}


# -- citizens --------------------------------------------------------------------------------

class TicketContact(BaseModel):
    phone: Optional[str] = Field(None, max_length=30, description="WhatsApp/phone number: 08..., +62...")
    email: Optional[str] = Field(None, max_length=200)
    language: str = Field("id", pattern="^(id|en)$")


@router.post("/api/tickets/{token}/contact", summary="Ask for messages about a lobby ticket (near, called)")
async def leave_contact(token: str, body: TicketContact, request: Request, c: AppContext = Depends(ctx)) -> dict:
    """Public by the ticket's token, like its status page; a few changes per ticket and address per 10 minutes."""
    _brake(c, token, request)
    phone, email = notify.checked_contact(body.phone, body.email, required=True)

    def job(tx):
        t = ticket_by_token(tx.conn, token)
        if t is None:
            raise DomainError("unknown_ticket")
        if t.status not in ("waiting", "called"):
            raise DomainError("invalid_transition", status=t.status, action="contact")
        return ticket_messages.leave_contact(tx, t, phone=phone, email=email, language=body.language)
    return await c.write(job)


@router.get("/api/tickets/{token}/contact", summary="Whether messages were asked for this ticket (masked)")
def read_contact(token: str, c: AppContext = Depends(ctx)) -> dict:
    with c.db.read() as conn:
        t = ticket_by_token(conn, token)
        if t is None:
            raise DomainError("unknown_ticket")
        return {"contact": ticket_messages.contact_view(conn, t.id)}


@router.delete("/api/tickets/{token}/contact", summary="Stop messages about a lobby ticket")
async def forget_contact(token: str, request: Request, c: AppContext = Depends(ctx)) -> dict:
    _brake(c, token, request)

    def job(tx):
        t = ticket_by_token(tx.conn, token)
        if t is None:
            raise DomainError("unknown_ticket")
        return {"removed": ticket_messages.forget_contact(tx, t)}
    return await c.write(job)


def _brake(c: AppContext, token: str, request: Request) -> None:
    now = c.clock()
    address = request.client.host if request.client else "?"
    per_ticket, per_address = _contact_limits(c)
    if not (per_ticket.hit(token, now) and per_address.hit(address, now)):
        raise DomainError("too_many_requests", retry_after=60)


@router.get("/api/notify/opt-out/{token}", response_class=HTMLResponse,
            summary="The emails' unsubscribe link: no more messages to this address")
async def opt_out(token: str, c: AppContext = Depends(ctx)) -> HTMLResponse:
    recipient = notify.recipient_from_token(c.outbox.secret, token) if getattr(c, "outbox", None) else None
    if recipient is None:
        raise DomainError("not_found")
    await c.write(lambda tx: notify.opt_out(tx, recipient, "email_link"))
    return HTMLResponse(
        "<!doctype html><html lang='id'><meta charset='utf-8'><meta name='viewport' content='width=device-width'>"
        "<title>Berhenti berlangganan</title><body style='font-family:sans-serif;max-width:32rem;margin:2rem auto;"
        "padding:0 1rem;font-size:1.1rem'><h1>Selesai</h1><p>Alamat ini tidak akan menerima email dari kami lagi.</p>"
        "<p lang='en'>This address will receive no more emails from us.</p></body></html>")


# -- WhatsApp Business webhook ------------------------------------------------------------------

@router.get("/api/whatsapp/webhook", response_class=PlainTextResponse,
            summary="WhatsApp webhook verification (Meta's hub.challenge handshake)")
def whatsapp_verify(mode: str = Query("", alias="hub.mode"), token: str = Query("", alias="hub.verify_token"),
                    challenge: str = Query("", alias="hub.challenge", max_length=200),
                    c: AppContext = Depends(ctx)) -> PlainTextResponse:
    expected = _config(c).get("whatsapp_verify_token") or ""
    if mode != "subscribe" or not expected or not hmac.compare_digest(token, expected):
        raise DomainError("forbidden")
    return PlainTextResponse(challenge)


@router.post("/api/whatsapp/webhook", summary="WhatsApp messages from citizens (signed by Meta)")
async def whatsapp_webhook(request: Request, c: AppContext = Depends(ctx)) -> dict:
    """Checks ``X-Hub-Signature-256`` (HMAC-SHA256 of the raw body with the app secret) before
    reading anything; a message is handled once by its id. "STOP"/"BERHENTI" opts the sender
    out; any other text gets the link to the online form."""
    raw = await request.body()
    secret = _config(c).get("whatsapp_app_secret") or ""
    given = request.headers.get("x-hub-signature-256", "")
    wanted = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    if not secret or not hmac.compare_digest(given, wanted):
        raise DomainError("bad_signature")
    try:
        payload = json.loads(raw)
    except ValueError:
        raise DomainError("invalid_request")
    messages = [m for entry in _list(payload, "entry") for change in _list(entry, "changes")
                for m in _list(change.get("value") if isinstance(change, dict) else None, "messages")]
    online_url = f"{c.settings.base_url if c.settings.public_url else str(request.base_url).rstrip('/')}/online"
    handled = await c.write(lambda tx: [_inbound(tx, m, online_url) for m in messages if isinstance(m, dict)])
    return {"ok": True, "handled": sum(1 for h in handled if h)}


def _list(obj, key: str) -> list:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, list) else []


def _inbound(tx, message: dict, online_url: str) -> bool:
    provider_id, sender = str(message.get("id") or "")[:200], notify.normalise_phone(str(message.get("from") or ""))
    if not provider_id or sender is None:
        return False
    if tx.conn.execute(sa.select(inbound_messages.c.id).where(inbound_messages.c.provider_id == provider_id)).first():
        return False  # delivered twice: handled the first time
    text = str((message.get("text") or {}).get("body") or "") if message.get("type") == "text" else ""
    tx.conn.execute(inbound_messages.insert().values(provider_id=provider_id, sender=sender, at=tx.now,
                                                     text=notify.NIK_RUN.sub("•" * 16, text)[:2000], handled=True))
    if text.strip().upper() in notify.STOP_WORDS:
        notify.opt_out(tx, sender, "whatsapp")
    else:
        notify.enqueue(tx, template="whatsapp_welcome", params={"online_url": online_url}, phone=sender,
                       key=f"welcome:{sender}:{tx.day}")  # once a day per sender
    return True


router.include_router(admin)
