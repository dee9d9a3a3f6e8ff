"""What staff do at a counter: call next, recall, start, finish, skip, restore,
transfer, cancel, and open/pause/close the counter.

Each function runs inside a write job and appends its event in the same
transaction. Claims are one conditional update ("... where status = 'waiting'"):
if no row changed, somebody else got there first (healthchecks' pattern), which
keeps call-next safe even on a database with several writers.
"""

from __future__ import annotations

from typing import Optional
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from common import vocabulary as vocab
from server.domain import payloads
from server.domain import queue_rules as rules
from server.domain.errors import DomainError
from server.storage import queries as office
from server.storage.db import Tx
from server.storage.schema import counters, services, tickets


def _counter(conn: sa.Connection, counter_id: int):
    row = conn.execute(sa.select(counters).where(counters.c.id == counter_id)).first()
    if row is None:
        raise DomainError("unknown_counter")
    return row


def _ticket(conn: sa.Connection, ticket_id: int):
    row = conn.execute(sa.select(tickets).where(tickets.c.id == ticket_id)).first()
    if row is None:
        raise DomainError("unknown_ticket")
    return row


def _service_code(conn: sa.Connection, service_id: int) -> str:
    return conn.execute(sa.select(services.c.code).where(services.c.id == service_id)).scalar_one()


def _ticket_event(tx: Tx, type_: str, ticket_id: int, actor: str, zone: ZoneInfo, extra: Optional[dict] = None,
                  staff_extra: Optional[dict] = None) -> dict:
    """Emit an event carrying the ticket as it is now, and its service's waiting count."""
    t = _ticket(tx.conn, ticket_id)
    code = _service_code(tx.conn, t.service_id)
    cname = office.counter_name(tx.conn, t.counter_id)
    waiting = office.waiting_count(tx.conn, t.service_id, t.office_day)
    return tx.emit(type_, payloads.ticket_event(t, code, cname, waiting, extra), ticket_id=t.id,
                   counter_id=t.counter_id, actor=actor,
                   staff_data=payloads.ticket_event_staff(t, code, cname, zone, tx.now, staff_extra))


def _claim(conn: sa.Connection, ticket_id: int, from_status: str, **values) -> None:
    done = conn.execute(tickets.update().where(tickets.c.id == ticket_id, tickets.c.status == from_status)
                        .values(status=values.pop("status"), **values))
    if done.rowcount != 1:
        raise DomainError("invalid_transition")


def set_counter_state(tx: Tx, counter_id: int, state: str, actor: str) -> dict:
    if state not in vocab.COUNTER_STATES:
        raise DomainError("invalid_request", message=f"Status loket harus salah satu dari {tuple(vocab.COUNTER_STATES)}.",
                          message_en=f"Counter state must be one of {tuple(vocab.COUNTER_STATES)}.")
    c = _counter(tx.conn, counter_id)
    if c.state != state:
        tx.conn.execute(counters.update().where(counters.c.id == counter_id).values(state=state))
        tx.emit("counter.state", {"counter": {"id": c.id, "name": c.name, "state": state}},
                counter_id=c.id, actor=actor)
        tx.audit(actor, f"counter.{state}", detail={"counter": c.name})
    return {"id": c.id, "name": c.name, "state": state}


def call_next(tx: Tx, counter_id: int, actor: str, zone: ZoneInfo, streak_max: int) -> Optional[int]:
    """Finish what the counter was doing, then claim the next ticket for it (or None)."""
    conn = tx.conn
    c = _counter(conn, counter_id)
    day = rules.office_day(tx.now, zone)
    for current in conn.execute(sa.select(tickets.c.id, tickets.c.status).where(
            tickets.c.counter_id == counter_id, tickets.c.status.in_(("called", "serving")))).all():
        _finish(tx, current.id, current.status, actor, zone)
    if c.state != "open":
        set_counter_state(tx, counter_id, "open", actor)

    service_ids = office.counter_service_ids(conn, counter_id)
    if not service_ids:
        return None
    waiting = sa.select(tickets.c.id, tickets.c.rank, tickets.c.queued_at).where(
        tickets.c.status == "waiting", tickets.c.office_day == day, tickets.c.service_id.in_(service_ids))
    head = conn.execute(waiting.order_by(tickets.c.rank, tickets.c.queued_at, tickets.c.id).limit(1)).first()
    if head is None:
        return None
    candidates = [rules.Candidate(head.id, head.rank, head.queued_at)]
    if head.rank == rules.RANK_PRIORITY:
        regular = conn.execute(waiting.where(tickets.c.rank == rules.RANK_REGULAR)
                               .order_by(tickets.c.queued_at, tickets.c.id).limit(1)).first()
        if regular is not None:
            candidates.append(rules.Candidate(regular.id, regular.rank, regular.queued_at))
    chosen = rules.pick_next(candidates, c.priority_streak, streak_max)
    _claim(conn, chosen.id, "waiting", status="called", counter_id=counter_id, called_at=tx.now,
           recalls=0)
    conn.execute(counters.update().where(counters.c.id == counter_id).values(
        priority_streak=rules.streak_after(chosen.rank, c.priority_streak)))
    _ticket_event(tx, "ticket.called", chosen.id, actor, zone)
    tx.audit(actor, "ticket.called", chosen.id, {"counter": c.name})
    return chosen.id


def _finish(tx: Tx, ticket_id: int, from_status: str, actor: str, zone: ZoneInfo) -> None:
    _claim(tx.conn, ticket_id, from_status, status="done", finished_at=tx.now)
    _ticket_event(tx, "ticket.done", ticket_id, actor, zone)
    tx.audit(actor, "ticket.done", ticket_id)


def act(tx: Tx, ticket_id: int, action: str, actor: str, zone: ZoneInfo, *,
        counter_id: Optional[int] = None, to_service: Optional[str] = None,
        note: Optional[str] = None) -> int:
    """Apply one staff action to a ticket, checked against the allowed transitions."""
    conn = tx.conn
    t = _ticket(conn, ticket_id)
    if t.office_day != rules.office_day(tx.now, zone) and t.status not in vocab.FINAL_STATUSES:
        raise DomainError("expired_ticket")
    if not rules.allowed(action, t.status):
        raise DomainError("invalid_transition", status=t.status, action=action)
    if counter_id is not None and t.counter_id not in (None, counter_id) and action != "cancel":
        raise DomainError("not_your_counter")
    extra: dict = {}
    staff_extra: dict = {}
    new_status = rules.next_status(action)
    if action == "recall":
        _claim(conn, t.id, t.status, status=new_status, recalls=t.recalls + 1)
    elif action == "start":
        _claim(conn, t.id, t.status, status=new_status, started_at=tx.now)
    elif action in ("done", "cancel"):
        _claim(conn, t.id, t.status, status=new_status, finished_at=tx.now)
    elif action == "skip":
        _claim(conn, t.id, t.status, status=new_status, finished_at=tx.now)
    elif action == "restore":
        # Back in the queue in the place it had: a citizen who was away for a
        # moment should not queue from the back again.
        _claim(conn, t.id, t.status, status=new_status, counter_id=None, called_at=None,
               finished_at=None)
    elif action == "transfer":
        target = office.service_by_code(conn, to_service or "")
        if target is None:
            raise DomainError("unknown_service")
        if target.id == t.service_id:
            raise DomainError("same_service")
        from_code = _service_code(conn, t.service_id)
        notes = list(t.notes or []) + [{"at": tx.now, "by": actor, "from": from_code,
                                         "to": target.code, "note": (note or "").strip()[:500]}]
        from_counter = office.counter_name(conn, t.counter_id)
        _claim(conn, t.id, t.status, status=new_status, service_id=target.id, counter_id=None,
               rank=rules.RANK_TRANSFERRED, queued_at=tx.now, called_at=None, started_at=None,
               transfers=t.transfers + 1, notes=notes, recalls=0)
        extra = {"transfer": {"from": from_code, "to": target.code, "from_counter": from_counter}}
        staff_extra = {"note": notes[-1]["note"]}
    _ticket_event(tx, f"ticket.{_event_name(action)}", t.id, actor, zone, extra, staff_extra)
    tx.audit(actor, f"ticket.{action}", t.id, extra.get("transfer"))
    return t.id


def _event_name(action: str) -> str:
    return {"recall": "recalled", "start": "started", "done": "done", "skip": "skipped",
            "restore": "restored", "transfer": "transferred", "cancel": "cancelled"}[action]


def set_priority(tx: Tx, ticket_id: int, priority: Optional[str], actor: str, zone: ZoneInfo) -> int:
    """Staff confirm or remove a priority category (misuse is forbidden, Pasal 29(2))."""
    if priority is not None and priority not in vocab.PRIORITY_NAMES:
        raise DomainError("invalid_priority", allowed=list(vocab.PRIORITY_NAMES))
    t = _ticket(tx.conn, ticket_id)
    values = {"priority": priority, "priority_confirmed": priority is not None}
    if t.status == "waiting" and t.rank != rules.RANK_TRANSFERRED:
        values["rank"] = rules.rank_for(False, priority)
    tx.conn.execute(tickets.update().where(tickets.c.id == t.id).values(**values))
    _ticket_event(tx, "ticket.priority", t.id, actor, zone)
    tx.audit(actor, "ticket.priority", t.id, {"from": t.priority, "to": priority})
    return t.id
