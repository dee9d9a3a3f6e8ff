"""Reading the office model (services, counters, tickets) and queue figures.

Used both inside write jobs (to compute ``ahead`` in the same transaction as the
new ticket) and by read endpoints. Statements on the hot path are built once.
"""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa

from server.domain import queue_rules as rules
from server.storage.schema import (DONE, counter_services, counters, sequences, services, system_state, tickets,
                                   users)


def service_by_code(conn: sa.Connection, code: str):
    return conn.execute(sa.select(services).where(services.c.code == code.upper())).first()


def service_by_id(conn: sa.Connection, service_id: int):
    return conn.execute(sa.select(services).where(services.c.id == service_id)).first()


def all_services(conn: sa.Connection) -> list:
    return list(conn.execute(sa.select(services).order_by(services.c.position, services.c.code)))


def all_counters(conn: sa.Connection) -> list:
    return list(conn.execute(sa.select(counters).order_by(counters.c.position, counters.c.id)))


def counter_service_ids(conn: sa.Connection, counter_id: int) -> list[int]:
    rows = conn.execute(sa.select(counter_services.c.service_id)
                        .where(counter_services.c.counter_id == counter_id)
                        .order_by(counter_services.c.position))
    return [r[0] for r in rows]


def counter_services_map(conn: sa.Connection) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    for cid, sid in conn.execute(sa.select(counter_services.c.counter_id, counter_services.c.service_id)
                                 .order_by(counter_services.c.counter_id, counter_services.c.position)):
        result.setdefault(cid, []).append(sid)
    return result


def waiting_counts(conn: sa.Connection, day: str) -> dict[int, int]:
    rows = conn.execute(sa.select(tickets.c.service_id, sa.func.count())
                        .where(tickets.c.office_day == day, tickets.c.status == "waiting")
                        .group_by(tickets.c.service_id))
    return {sid: n for sid, n in rows}


# Built once: constructing SQLAlchemy expressions costs more than running them,
# and these run for every ticket. Order is rank, then issue order (queue_seq):
# never the clock, which can be set back.
_P = sa.bindparam
_BEFORE = sa.or_(tickets.c.rank < _P("rank"),
                 sa.and_(tickets.c.rank == _P("rank"), tickets.c.queue_seq < _P("queue_seq")))
_QUEUE_POSITION = (
    sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(sa.case((_BEFORE, 1), else_=0)), 0))
    .where(tickets.c.service_id == _P("service_id"), tickets.c.status == "waiting",
           tickets.c.office_day == _P("day")))
_TICKET_BY_ID = sa.select(tickets).where(tickets.c.id == _P("id"))
_TICKET_BY_TOKEN = sa.select(tickets).where(tickets.c.token == _P("token"))


_WAITING_COUNT = sa.select(sa.func.count()).where(
    tickets.c.service_id == _P("service_id"), tickets.c.status == "waiting", tickets.c.office_day == _P("day"))


def waiting_count(conn: sa.Connection, service_id: int, day: str) -> int:
    """How many wait for one service (answered from the queue index alone)."""
    return conn.execute(_WAITING_COUNT, {"service_id": service_id, "day": day}).scalar_one()


def queue_position(conn: sa.Connection, service_id: int, day: str, rank: int, queue_seq: int) -> tuple[int, int]:
    """(ahead, waiting): how many waiting tickets of the service go before this one, and in all."""
    row = conn.execute(_QUEUE_POSITION, {"rank": rank, "queue_seq": queue_seq,
                                         "service_id": service_id, "day": day}).one()
    return int(row[1]), int(row[0])


_NEXT_IN_SEQUENCE = (sequences.update().where(sequences.c.name == _P("p_name"))
                     .values(value=sequences.c.value + 1).returning(sequences.c.value))


def next_in_sequence(conn: sa.Connection, name: str) -> int:
    """The next value of a named counter that only goes up (one atomic statement)."""
    value = conn.execute(_NEXT_IN_SEQUENCE, {"p_name": name}).scalar()
    if value is None:
        conn.execute(sequences.insert().values(name=name, value=1))
        value = 1
    return value


def system_value(conn: sa.Connection, key: str) -> Optional[str]:
    return conn.execute(sa.select(system_state.c.value).where(system_state.c.key == key)).scalar()


def set_system_value(conn: sa.Connection, key: str, value: str) -> None:
    if conn.execute(system_state.update().where(system_state.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(system_state.insert().values(key=key, value=value))


_ISSUED_TODAY = sa.select(sa.func.count()).where(tickets.c.office_day == _P("day"),
                                                 tickets.c.origin_service_id == _P("service_id"))


def issued_today(conn: sa.Connection, service_id: int, day: str) -> int:
    """Tickets the service has issued in the office day (for its daily quota)."""
    return conn.execute(_ISSUED_TODAY, {"day": day, "service_id": service_id}).scalar_one()


def issued_counts(conn: sa.Connection, day: str) -> dict[int, int]:
    rows = conn.execute(sa.select(tickets.c.origin_service_id, sa.func.count())
                        .where(tickets.c.office_day == day).group_by(tickets.c.origin_service_id))
    return {sid: n for sid, n in rows}


def user_ref(conn: sa.Connection, user_id: Optional[int]) -> Optional[dict]:
    """A clerk as other staff see them: username and display name."""
    if user_id is None:
        return None
    row = conn.execute(sa.select(users.c.username, users.c.display_name).where(users.c.id == user_id)).first()
    return None if row is None else {"username": row.username, "name": row.display_name}


def counter_holders(conn: sa.Connection) -> dict[int, dict]:
    """Who holds each held counter: {counter id: {"username", "name"}} (for staff only)."""
    rows = conn.execute(sa.select(counters.c.id, users.c.username, users.c.display_name)
                        .select_from(counters.join(users, users.c.id == counters.c.holder_user_id)))
    return {r.id: {"username": r.username, "name": r.display_name} for r in rows}


def open_counters_for(conn: sa.Connection, service_id: int) -> int:
    return conn.execute(
        sa.select(sa.func.count()).select_from(counters.join(counter_services))
        .where(counter_services.c.service_id == service_id, counters.c.state == "open")).scalar_one()


def minutes_per_citizen(conn: sa.Connection, service, day: str) -> float:
    """Average minutes at the counter over today's last 20 finished visits, else the standard."""
    recent = (sa.select((tickets.c.finished_at - tickets.c.called_at).label("d"))
              .where(tickets.c.service_id == service.id, sa.text(DONE),  # spelled as ix_ticket_done's condition
                     tickets.c.office_day == day, tickets.c.called_at.is_not(None))
              .order_by(tickets.c.finished_at.desc()).limit(20).subquery())
    avg = conn.execute(sa.select(sa.func.avg(recent.c.d))).scalar()
    return rules.average([avg / 60.0] if avg else [], float(service.standard_minutes))


def counter_name(conn: sa.Connection, counter_id: Optional[int]) -> Optional[str]:
    if counter_id is None:
        return None
    return conn.execute(sa.select(counters.c.name).where(counters.c.id == counter_id)).scalar()


def ticket_by_token(conn: sa.Connection, token: str):
    return conn.execute(_TICKET_BY_TOKEN, {"token": token}).first()


def ticket_by_id(conn: sa.Connection, ticket_id: int):
    return conn.execute(_TICKET_BY_ID, {"id": ticket_id}).first()
