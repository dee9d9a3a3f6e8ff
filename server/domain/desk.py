"""What staff do at a counter: call next, recall, start, finish, skip, restore,
transfer, cancel, and open/pause/close the counter.

Each function runs inside a write job and appends its event in the same
transaction. Claims are one conditional update ("... where status = 'waiting'"):
if no row changed, somebody else got there first (healthchecks' pattern), which
keeps call-next safe even on a database with several writers.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Optional
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from common import vocabulary as vocab
from server.domain import payloads
from server.domain import queue_rules as rules
from server.domain import ticket_messages
from server.domain.accounts import Staff
from server.domain.day import current_day
from server.domain.errors import DomainError
from server.domain.privacy import mask_niks
from server.storage import queries as office
from server.storage.db import Tx
from server.storage.hot_sql import HotStatement, returning_all, row_of
from server.storage.schema import AT_COUNTER, counters, services, tickets


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
                  staff_extra: Optional[dict] = None, t=None) -> dict:
    """Emit an event carrying the ticket as it is now (``t``, else read), and its service's waiting count."""
    t = t if t is not None else _ticket(tx.conn, ticket_id)
    code = _service_code(tx.conn, t.service_id)
    cname = office.counter_name(tx.conn, t.counter_id)
    return _emit_ticket(tx, type_, t, code, cname, office.waiting_count(tx.conn, t.service_id, t.office_day),
                        actor, zone, extra, staff_extra)


def _emit_ticket(tx: Tx, type_: str, t, code: str, cname: Optional[str], waiting: int, actor: str,
                 zone: ZoneInfo, extra: Optional[dict] = None, staff_extra: Optional[dict] = None) -> dict:
    return tx.emit(type_, payloads.ticket_event(t, code, cname, waiting, extra), ticket_id=t.id,
                   counter_id=t.counter_id, actor=actor,
                   staff_data=payloads.ticket_event_staff(t, code, cname, zone, tx.now, staff_extra))


def _claim(conn: sa.Connection, ticket_id: int, from_status: str, **values):
    """Move a ticket on from ``from_status``; returns it as it is now (no second read)."""
    row = conn.execute(tickets.update().where(tickets.c.id == ticket_id, tickets.c.status == from_status)
                       .values(status=values.pop("status"), **values).returning(*tickets.c)).first()
    if row is None:
        raise DomainError("invalid_transition")
    return row


# -- call-next's statements --------------------------------------------------------
# Plain SQL on the driver's cursor (``hot_sql``), as issuing does: call-next runs a
# dozen statements, and through SQLAlchemy's execution layers each cost ten times
# what SQLite needs. Each finds its tickets through an index, never by reading the
# day or the history (tests/domain/test_query_plans.py holds them to it).
_RETURNING_TICKET = returning_all(tickets)
# The counter, its services in their order, and their letters: one read.
_COUNTER_SERVICES = HotStatement(
    "SELECT c.name, c.state, c.priority_streak, c.holder_user_id, cs.service_id, s.code FROM counters c"
    " LEFT JOIN counter_services cs ON cs.counter_id = c.id LEFT JOIN services s ON s.id = cs.service_id"
    " WHERE c.id = :counter_id ORDER BY cs.position")
# Whoever the counter called or serves is finished, in one statement: found through
# ix_ticket_at_counter, whose condition (AT_COUNTER) this spells the same way.
# The report facts go with it: the time at the counter adds to what earlier counters
# gave (a transfer), and the clerk who finished is the one calling next.
_FINISH_AT_COUNTER = HotStatement(
    "UPDATE tickets SET status = 'done', finished_at = :now, served_by = :by,"
    " service_seconds = service_seconds + (:now - COALESCE(started_at, called_at, :now))"
    f" WHERE counter_id = :counter_id AND {AT_COUNTER}" + _RETURNING_TICKET)
# The head of one service's queue, in ix_ticket_queue_seq's own order (nothing sorted).
_QUEUE_HEAD = HotStatement(
    "SELECT id, rank, queue_seq FROM tickets WHERE service_id = :service_id AND status = 'waiting'"
    " AND office_day = :day ORDER BY rank, queue_seq LIMIT 1")
_FIRST_OF_RANK = HotStatement(
    "SELECT id, rank, queue_seq FROM tickets WHERE service_id = :service_id AND status = 'waiting'"
    " AND office_day = :day AND rank = :rank ORDER BY queue_seq LIMIT 1")
# The claim: one conditional update (see the module's docstring). The wait a report
# measures ends at the first call, not at a call after a transfer or a restore.
_CALL = HotStatement(
    "UPDATE tickets SET status = 'called', counter_id = :counter_id, called_at = :now, recalls = 0,"
    " first_called_at = COALESCE(first_called_at, :now) WHERE id = :id AND status = 'waiting'"
    + _RETURNING_TICKET)
_SET_STREAK = HotStatement("UPDATE counters SET priority_streak = :streak WHERE id = :counter_id")
_WAITING = HotStatement("SELECT count(*) FROM tickets WHERE service_id = :service_id AND status = 'waiting'"
                        " AND office_day = :day")
_SERVICE_CODE = HotStatement("SELECT code FROM services WHERE id = :id")


# -- who holds a counter ------------------------------------------------------------
# A counter is held by the clerk who opened it or called on it, until it is
# closed or somebody takes it over (explicitly, audited). Only the holder calls
# on it, changes its state or acts on the citizen in front of it: a clerk at
# another desk cannot finish or transfer somebody else's citizen by sending
# another (or no) counter id. An unheld counter (closed, or never opened since
# the upgrade) is anybody's to open.

def _check_holder(conn: sa.Connection, c, by: Staff) -> None:
    if c.holder_user_id is not None and c.holder_user_id != by.id:
        raise DomainError("counter_held", held_by=office.user_ref(conn, c.holder_user_id),
                          counter={"id": c.id, "name": c.name})


def _hold(tx: Tx, c, by: Staff) -> None:
    if c.holder_user_id != by.id:
        tx.conn.execute(counters.update().where(counters.c.id == c.id).values(holder_user_id=by.id,
                                                                               held_since=tx.now))


def take_over(tx: Tx, counter_id: int, by: Staff) -> dict:
    """Make ``by`` the holder of the counter, whoever held it; audited and told to staff."""
    c = _counter(tx.conn, counter_id)
    if c.holder_user_id != by.id:
        before = office.user_ref(tx.conn, c.holder_user_id)
        _hold(tx, c, by)
        from_user = before["username"] if before else None
        tx.audit(by.actor, "counter.taken_over", detail={"counter": c.name, "from": from_user})
        tx.emit("counter.taken_over", {}, counter_id=c.id, actor=by.actor, staff_data={
            "counter": {"id": c.id, "name": c.name}, "from_user": from_user, "to_user": by.username,
            "to_name": by.display_name})
    return _counter_view(tx.conn, c.id)


def _counter_view(conn: sa.Connection, counter_id: int) -> dict:
    c = _counter(conn, counter_id)
    return {"id": c.id, "name": c.name, "state": c.state, "held_by": office.user_ref(conn, c.holder_user_id)}


def set_counter_state(tx: Tx, counter_id: int, state: str, by: Staff) -> dict:
    """Open (and hold), pause, or close (and release) a counter; only its holder may."""
    if state not in vocab.COUNTER_STATES:
        raise DomainError("invalid_request", message=f"Status loket harus salah satu dari {tuple(vocab.COUNTER_STATES)}.",
                          message_en=f"Counter state must be one of {tuple(vocab.COUNTER_STATES)}.")
    c = _counter(tx.conn, counter_id)
    _check_holder(tx.conn, c, by)
    if state == "open":
        _hold(tx, c, by)
    elif state == "closed" and c.holder_user_id is not None:
        tx.conn.execute(counters.update().where(counters.c.id == counter_id).values(holder_user_id=None,
                                                                                    held_since=None))
    if c.state != state:
        tx.conn.execute(counters.update().where(counters.c.id == counter_id).values(state=state))
        holder = None if state == "closed" else by.id if state == "open" else c.holder_user_id
        tx.emit("counter.state", {"counter": {"id": c.id, "name": c.name, "state": state}},
                counter_id=c.id, actor=by.actor, staff_data={"held_by": office.user_ref(tx.conn, holder)})
        tx.audit(by.actor, f"counter.{state}", detail={"counter": c.name})
    return {"id": c.id, "name": c.name, "state": state}


def call_next(tx: Tx, counter_id: int, by: Staff, zone: ZoneInfo, streak_max: int) -> Optional[int]:
    """Finish what the counter was doing, then claim the next ticket for it (or None)."""
    rows = tx.run(_COUNTER_SERVICES, {"counter_id": counter_id}).fetchall()
    if not rows:
        raise DomainError("unknown_counter")
    name, state, streak, holder, _, _ = rows[0]
    c = SimpleNamespace(id=counter_id, name=name, state=state, priority_streak=streak, holder_user_id=holder)
    codes = {sid: code for *_, sid, code in rows if sid is not None}   # the counter's services, in order
    _check_holder(tx.conn, c, by)
    _hold(tx, c, by)
    day = current_day(tx, zone)
    for row in tx.run(_FINISH_AT_COUNTER, {"now": tx.now, "counter_id": counter_id, "by": by.username}).fetchall():
        _announce(tx, "done", row_of(tickets, row), c.name, codes, by.actor, zone)
    if c.state != "open":
        set_counter_state(tx, counter_id, "open", by)
    if not codes:
        return None

    def first(stmt: HotStatement, **params) -> list[rules.Candidate]:
        found = (tx.run(stmt, {"service_id": sid, "day": day, **params}).fetchone() for sid in codes)
        return [rules.Candidate(*row) for row in found if row is not None]
    candidates = first(_QUEUE_HEAD)
    if not candidates:
        return None
    head = min(candidates, key=lambda cand: cand.order)
    if rules.regular_due(head.rank, c.priority_streak, streak_max):  # only then is a regular visitor needed
        candidates += first(_FIRST_OF_RANK, rank=rules.RANK_REGULAR)
    chosen = rules.pick_next(candidates, c.priority_streak, streak_max)
    row = tx.run(_CALL, {"counter_id": counter_id, "now": tx.now, "id": chosen.id}).fetchone()
    if row is None:
        raise DomainError("invalid_transition")
    streak = rules.streak_after(chosen.rank, c.priority_streak)
    if streak != c.priority_streak:
        tx.run(_SET_STREAK, {"streak": streak, "counter_id": counter_id})
    called = row_of(tickets, row)
    _announce(tx, "called", called, c.name, codes, by.actor, zone, {"counter": c.name})
    ticket_messages.after_call(tx, called, c.name)  # messages to holders who left a contact
    return chosen.id


def _announce(tx: Tx, what: str, t, cname: str, codes: dict[int, str], actor: str, zone: ZoneInfo,
              detail: Optional[dict] = None) -> None:
    """The event and audit row of a ticket call-next finished or called, at this counter."""
    code = codes.get(t.service_id) or tx.run(_SERVICE_CODE, {"id": t.service_id}).fetchone()[0]
    waiting = tx.run(_WAITING, {"service_id": t.service_id, "day": t.office_day}).fetchone()[0]
    _emit_ticket(tx, f"ticket.{what}", t, code, cname, waiting, actor, zone)
    tx.audit(actor, f"ticket.{what}", t.id, detail)


def _check_at_counter(conn: sa.Connection, t, by: Staff, counter_id: Optional[int]) -> None:
    """A citizen at a counter is its holder's: checked whether or not the request names the counter."""
    if t.status not in vocab.AT_COUNTER_STATUSES or t.counter_id is None:
        return
    if counter_id is not None and counter_id != t.counter_id:
        raise DomainError("not_your_counter")
    _check_holder(conn, _counter(conn, t.counter_id), by)


def act(tx: Tx, ticket_id: int, action: str, by: Staff, zone: ZoneInfo, *,
        counter_id: Optional[int] = None, to_service: Optional[str] = None,
        note: Optional[str] = None) -> int:
    """Apply one staff action to a ticket, checked against the allowed transitions.

    Tickets of an earlier day need no check here: the day keeper runs before
    every batch and has expired them (final statuses allow no action), and the
    office day never goes back, so no active ticket belongs to another day.
    """
    conn = tx.conn
    t = _ticket(conn, ticket_id)
    if not rules.allowed(action, t.status):
        raise DomainError("invalid_transition", status=t.status, action=action)
    _check_at_counter(conn, t, by, counter_id)
    extra: dict = {}
    staff_extra: dict = {}
    new_status = rules.next_status(action)
    values: dict = {}
    if action == "recall":
        values = dict(recalls=t.recalls + 1)
    elif action == "start":
        values = dict(started_at=tx.now)
    elif action == "done":
        values = dict(finished_at=tx.now, served_by=by.username, service_seconds=_served_seconds(t, tx.now))
    elif action in ("cancel", "skip"):
        values = dict(finished_at=tx.now)
    elif action == "restore":
        # Back in the queue in the place it had (its queue_seq is kept): a citizen
        # who was away for a moment should not queue from the back again.
        values = dict(counter_id=None, called_at=None, finished_at=None)
    elif action == "transfer":
        target = office.service_by_code(conn, to_service or "")
        if target is None:
            raise DomainError("unknown_service")
        if target.id == t.service_id:
            raise DomainError("same_service")
        from_code = _service_code(conn, t.service_id)
        # A clerk may paste a NIK into the note: it is kept masked, like everywhere else.
        notes = list(t.notes or []) + [{"at": tx.now, "by": by.actor, "from": from_code,
                                         "to": target.code, "note": mask_niks((note or "").strip()[:500])}]
        from_counter = office.counter_name(conn, t.counter_id)
        values = dict(service_id=target.id, counter_id=None, rank=rules.RANK_TRANSFERRED, queued_at=tx.now,
                      queue_seq=office.next_in_sequence(conn, "queue"), called_at=None, started_at=None,
                      transfers=t.transfers + 1, notes=notes, recalls=0,
                      service_seconds=_served_seconds(t, tx.now))
        extra = {"transfer": {"from": from_code, "to": target.code, "from_counter": from_counter}}
        staff_extra = {"note": notes[-1]["note"]}
    now = _claim(conn, t.id, t.status, status=new_status, **values)
    _ticket_event(tx, f"ticket.{_event_name(action)}", t.id, by.actor, zone, extra, staff_extra, t=now)
    tx.audit(by.actor, f"ticket.{action}", t.id, extra.get("transfer"))
    return t.id


def _served_seconds(t, now: float) -> float:
    """The ticket's service time once this counter is done with it (finish or transfer out):
    what earlier counters gave plus start (or call, if never started) to now."""
    return (t.service_seconds or 0.0) + (now - (t.started_at or t.called_at or now))


def _event_name(action: str) -> str:
    return {"recall": "recalled", "start": "started", "done": "done", "skip": "skipped",
            "restore": "restored", "transfer": "transferred", "cancel": "cancelled"}[action]


def set_priority(tx: Tx, ticket_id: int, priority: Optional[str], by: Staff, zone: ZoneInfo) -> int:
    """Staff confirm or remove a priority category (misuse is forbidden, Pasal 29(2))."""
    if priority is not None and priority not in vocab.PRIORITY_NAMES:
        raise DomainError("invalid_priority", allowed=list(vocab.PRIORITY_NAMES))
    t = _ticket(tx.conn, ticket_id)
    _check_at_counter(tx.conn, t, by, None)
    values = {"priority": priority, "priority_confirmed": priority is not None}
    if t.status == "waiting" and t.rank != rules.RANK_TRANSFERRED:
        values["rank"] = rules.rank_for(False, priority)
    tx.conn.execute(tickets.update().where(tickets.c.id == t.id).values(**values))
    _ticket_event(tx, "ticket.priority", t.id, by.actor, zone)
    tx.audit(by.actor, "ticket.priority", t.id, {"from": t.priority, "to": priority})
    return t.id
