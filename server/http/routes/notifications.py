"""Notifications: the outbox's view and settings for the admin, opt-out, and the WhatsApp Business webhook."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
