"""The outbox worker: sends committed messages, outside the writer and off the event loop.

An asyncio task started in the app's lifespan. It wakes after a commit that
enqueued (the writer's after-commit hook sees the 'outbox' tag) and every
``notify_poll_seconds``; it claims due rows in a short writer job, sends them on
a thread pool (SMTP and HTTP block; the loop and the writer never wait on them),
and records each result in another writer job.

Delivery rules: rows are durable, so a restarted worker picks up pending ones;
a row left ``sending`` by a process that died is due again once its lease ends
(the one case of a repeat: a crash between the provider's acceptance and our
commit, a few hundred ms; the email's Message-ID derived from the row id lets
the receiving side fold such a copy). A temporary failure is retried with
exponential backoff (``notify_retry_seconds`` doubled, capped at an hour) up to
``notify.MAX_ATTEMPTS``, then ``failed``; a permanent failure is ``failed`` at once.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from typing import Optional

import sqlalchemy as sa

from server.domain import notify, ticket_messages
from server.domain.office_setup import set_profile_value
from server.notifiers import config as notifier_config
from server.notifiers.base import Message, PermanentFailure, TemporaryFailure
from server.storage import outbox as store
from server.storage.schema import office_settings

log = logging.getLogger("antre.notify")
BATCH = 20


class OutboxWorker:
    def __init__(self, c):
        self.c = c
        self.settings = c.settings
        self.pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="outbox")
        self._event: Optional[asyncio.Event] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._task: Optional[asyncio.Task] = None
        self._notifiers: dict = {}
        self.secret = ""

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._event = asyncio.Event()
        self.secret = await self.c.write(_opt_out_secret)
        ticket_messages.DEFAULT_NEAR_AHEAD = self.settings.notify_near_ahead
        ticket_messages.DEFAULT_CALL_FROM_HOME = self.settings.notify_call_from_home
        self.c.db.writer.after_commit_hooks.append(self.after_commit)
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        self.pool.shutdown(wait=False, cancel_futures=True)
        self._close_notifiers()

    def _close_notifiers(self) -> None:
        for _channel, notifier in self._notifiers.values():
            close = getattr(notifier, "close", None)
            if close is not None:
                close()
        self._notifiers.clear()

    def after_commit(self, _events: list, tags: frozenset) -> None:
        """Writer thread, after a commit: wake the worker if the batch enqueued."""
        if "outbox" in tags and self._loop is not None:
            self._loop.call_soon_threadsafe(self._event.set)

    def wake(self) -> None:
        if self._event is not None:
            self._event.set()

    # -- the loop -----------------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            try:
                while await self.round():
                    pass
            except asyncio.CancelledError:
                raise
            except Exception:  # keep going, never silently
                log.exception("outbox round failed")
            await self._sleep()

    async def _sleep(self) -> None:
        delay = self.settings.notify_poll_seconds
        with self.c.db.read() as conn:
            due = store.next_due(conn)
        if due is not None:
            delay = max(0.05, min(delay, due - self.c.clock()))
        try:
            await asyncio.wait_for(self._event.wait(), timeout=delay)
        except asyncio.TimeoutError:
            pass
        self._event.clear()

    def config(self) -> dict:
        return notifier_config.effective(self.settings, self.c.office.profile_value("notify"))

    async def round(self) -> int:
        """Claim and send one batch; returns how many were claimed."""
        cfg = self.config()
        per_hour = int(cfg.get("notify_per_recipient_per_hour") or notify.DEFAULT_PER_HOUR)
        lease = self.settings.notify_lease_seconds
        claimed = await self.c.write(lambda tx: store.claim_due(tx, limit=BATCH, lease=lease, per_hour=per_hour))
        if not claimed:
            return 0
        loop = asyncio.get_running_loop()
        outcomes = await asyncio.gather(*(loop.run_in_executor(self.pool, self._send, row, cfg) for row in claimed))
        await self.c.write(lambda tx: [self._record(tx, row, outcome) for row, outcome in zip(claimed, outcomes)])
        return len(claimed)

    def _send(self, row: dict, cfg: dict):
        """Thread pool: render and send one row; returns ('sent', channel, id) or ('temporary'|'permanent', error, retry_after)."""
        try:
            channel, notifier = self._notifier(row["channel"], cfg)
            base = self.settings.base_url  # links enqueued as paths ("/t/abc") get the public address
            params = {k: (base + v if k.endswith("_url") and isinstance(v, str) and v.startswith("/") else v)
                      for k, v in (row["params"] or {}).items()}
            subject, body = notify.render(row["template"], params, row["language"])
            unsubscribe = None
            if channel == "email":
                unsubscribe = f"{self.settings.base_url}/api/notify/opt-out/" \
                              f"{notify.opt_out_token(self.secret, row['recipient'])}"
            result = notifier.send(Message(outbox_id=row["id"], channel=channel, recipient=row["recipient"],
                                           template=row["template"], subject=subject, body=body,
                                           language=row["language"], unsubscribe_url=unsubscribe))
            return ("sent", channel, result.provider_id)
        except TemporaryFailure as exc:
            return ("temporary", str(exc), exc.retry_after)
        except PermanentFailure as exc:
            return ("permanent", str(exc), None)
        except Exception as exc:  # a bug or an odd provider answer: retried, and logged without the body
            log.exception("outbox %s: unexpected failure", row["id"])
            return ("temporary", f"{type(exc).__name__}", None)

    def _record(self, tx, row: dict, outcome: tuple) -> None:
        kind, detail, extra = outcome
        if kind == "sent":
            store.mark_sent(tx, row["id"], row["attempts"], extra, detail)
            return
        retry_at = None
        if kind == "temporary" and not notify.give_up(row["attempts"]):
            wait = notify.backoff_seconds(row["attempts"], self.settings.notify_retry_seconds)
            retry_at = tx.now + max(wait, extra or 0)
        status = store.mark_failed(tx, row["id"], row["attempts"], detail, permanent=kind == "permanent",
                                   retry_at=retry_at)
        log.warning("outbox %s (%s to %s): %s, %s", row["id"], row["template"],
                    notify.mask_recipient(row["recipient"]), detail, status)

    def _notifier(self, channel: str, cfg: dict):
        key = (channel, tuple(sorted((k, str(v)) for k, v in cfg.items())))
        found = self._notifiers.get(key)
        if found is None:
            if len(self._notifiers) > 16:  # settings changed many times: start afresh
                self._close_notifiers()
            host = (self.settings.public_url or "").split("//")[-1].split("/")[0].split(":")[0] or "antre.local"
            found = self._notifiers[key] = notifier_config.notifier_for(channel, cfg, id_domain=host)
        return found


def _opt_out_secret(tx) -> str:
    """The key of the emails' unsubscribe links: made once, kept in office_settings."""
    value = tx.conn.execute(sa.select(office_settings.c.value)
                            .where(office_settings.c.key == "notify_secret")).scalar()
    if not value:
        value = secrets.token_urlsafe(32)
        set_profile_value(tx, "notify_secret", value)
    return value
