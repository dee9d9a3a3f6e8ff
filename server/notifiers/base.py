"""The notifier interface the outbox worker sends through."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Protocol


@dataclass(frozen=True)
class Message:
    """One rendered outbox row. ``outbox_id`` gives the provider-side idempotency handle
    (the email's Message-ID), ``unsubscribe_url`` the opt-out link for emails."""

    outbox_id: int
    channel: str
    recipient: str
    template: str
    subject: str
    body: str
    language: str = "id"
    unsubscribe_url: Optional[str] = None


@dataclass(frozen=True)
class SendResult:
    provider_id: str


class TemporaryFailure(Exception):
    """Worth another try later (network down, rate limited, 5xx). ``retry_after`` in seconds if the provider said."""

    def __init__(self, message: str, retry_after: Optional[float] = None):
        super().__init__(message)
        self.retry_after = retry_after


class PermanentFailure(Exception):
    """Trying again would fail the same way (bad number, refused address, bad credentials)."""


class Notifier(Protocol):
    def send(self, message: Message) -> SendResult: ...
