"""Reads and small writes for numbers from phones and bookings (``server.domain.remote``, ``bookings``).

Plain SQLAlchemy Core: none of these is on the kiosk's hot path (a phone's request
is a few statements, a check-in a few more).
"""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa

from common import vocabulary as vocab
from server.storage import queries as office
from server.storage.schema import bookings, remote_requests, service_slots, services, tickets

HELD = ("booked", "checked_in")  # a booking that takes a place in its slot


def remote_request(conn: sa.Connection, request_id: str):
    return conn.execute(sa.select(remote_requests).where(remote_requests.c.request_id == request_id)).first()


def remember_request(conn: sa.Connection, request_id: str, now: float, *, ticket_id=None, booking_id=None) -> None:
    conn.execute(remote_requests.insert().values(request_id=request_id, ticket_id=ticket_id,
                                                 booking_id=booking_id, created_at=now))


def ticket(conn: sa.Connection, ticket_id: int):
    return conn.execute(sa.select(tickets).where(tickets.c.id == ticket_id)).first()


def active_ticket(conn: sa.Connection, nik: str, day: str, service_id: int):
    return conn.execute(sa.select(tickets.c.id).where(
        tickets.c.nik == nik, tickets.c.office_day == day, tickets.c.origin_service_id == service_id,
        tickets.c.status.in_(vocab.ACTIVE_STATUSES))).first()


def phone_tickets(conn: sa.Connection, service_id: int, day: str) -> int:
    """Numbers taken from home today (a booking's ticket is counted by its slot, not here)."""
    return conn.execute(sa.select(sa.func.count()).select_from(tickets).where(
        tickets.c.office_day == day, tickets.c.origin_service_id == service_id,
        tickets.c.channel == "online", tickets.c.booking_id.is_(None))).scalar_one()


def ticket_by_token(conn: sa.Connection, token: str):
    return conn.execute(sa.select(tickets).where(tickets.c.token == token)).first()


def ticket_by_number(conn: sa.Connection, day: str, number: str):
    return conn.execute(sa.select(tickets).where(tickets.c.office_day == day, tickets.c.number == number)).first()


def ticket_by_kiosk_request(conn: sa.Connection, kiosk_id: int, request_id: str):
    return conn.execute(sa.select(tickets).where(tickets.c.kiosk_id == kiosk_id,
                                                 tickets.c.request_id == request_id)).first()


def last_queue_seq_before(conn: sa.Connection, service_id: int, day: str, at: float) -> int:
    """The queue place of the service's last ticket queued at or before ``at`` (0: none)."""
    return conn.execute(sa.select(sa.func.coalesce(sa.func.max(tickets.c.queue_seq), 0)).where(
        tickets.c.service_id == service_id, tickets.c.office_day == day, tickets.c.queued_at <= at,
        tickets.c.checked_in_at.is_not(None))).scalar_one()


def queue_position_of(conn: sa.Connection, t) -> tuple[int, int]:
    return office.queue_position(conn, t.service_id, t.office_day, t.rank, t.queue_seq)


# -- bookings ------------------------------------------------------------------------------

def capacities(conn: sa.Connection, service_id: int, weekday: int) -> dict[int, int]:
    rows = conn.execute(sa.select(service_slots.c.hour, service_slots.c.capacity).where(
        service_slots.c.service_id == service_id, service_slots.c.weekday == weekday))
    return {hour: cap for hour, cap in rows}


def all_capacities(conn: sa.Connection, service_id: int) -> list[dict]:
    rows = conn.execute(sa.select(service_slots).where(service_slots.c.service_id == service_id)
                        .order_by(service_slots.c.weekday, service_slots.c.hour))
    return [{"weekday": r.weekday, "hour": r.hour, "capacity": r.capacity} for r in rows]


def set_capacities(conn: sa.Connection, service_id: int, slots: list[dict]) -> None:
    conn.execute(service_slots.delete().where(service_slots.c.service_id == service_id))
    rows = [dict(service_id=service_id, **s) for s in slots if s["capacity"] > 0]
    if rows:
        conn.execute(service_slots.insert(), rows)


def booked(conn: sa.Connection, service_id: int, day: str) -> dict[int, int]:
    rows = conn.execute(sa.select(bookings.c.hour, sa.func.count()).where(
        bookings.c.service_id == service_id, bookings.c.day == day, bookings.c.status.in_(HELD))
        .group_by(bookings.c.hour))
    return {hour: n for hour, n in rows}


def booking_by_code(conn: sa.Connection, code: str):
    return conn.execute(sa.select(bookings).where(bookings.c.code == code)).first()


def booking(conn: sa.Connection, booking_id: int):
    return conn.execute(sa.select(bookings).where(bookings.c.id == booking_id)).first()


def held_booking(conn: sa.Connection, nik: str, day: str, service_id: int, other_than: Optional[int] = None):
    query = sa.select(bookings.c.id).where(bookings.c.nik == nik, bookings.c.day == day,
                                          bookings.c.service_id == service_id, bookings.c.status.in_(HELD))
    if other_than is not None:
        query = query.where(bookings.c.id != other_than)
    return conn.execute(query).first()


def insert_booking(conn: sa.Connection, values: dict) -> int:
    return conn.execute(bookings.insert().values(**values).returning(bookings.c.id)).scalar_one()


def update_booking(conn: sa.Connection, booking_id: int, **values) -> None:
    conn.execute(bookings.update().where(bookings.c.id == booking_id).values(**values))


def release_no_shows(conn: sa.Connection, today: str, now: float) -> int:
    """Bookings of past days never checked in become ``no_show``: their slots are free again."""
    return conn.execute(bookings.update().where(bookings.c.day < today, bookings.c.status == "booked")
                        .values(status="no_show", updated_at=now)).rowcount


def due_reminders(conn: sa.Connection, day: str, column: str) -> list:
    """Bookings of ``day`` still held whose reminder ``column`` (reminded_eve/_morning) is not sent."""
    flag = bookings.c[column]
    return list(conn.execute(sa.select(bookings, services.c.code.label("service_code"),
                                       services.c.name_id, services.c.name_en)
                             .join(services, services.c.id == bookings.c.service_id)
                             .where(bookings.c.day == day, bookings.c.status == "booked", flag.is_(False))))


def phone_services(conn: sa.Connection) -> list:
    return list(conn.execute(sa.select(services).where(
        sa.or_(services.c.phone_open.is_(True), services.c.booking_open.is_(True)))
        .order_by(services.c.position, services.c.code)))


def purge_bookings(conn: sa.Connection, cutoff: float) -> int:
    """Bookings made before ``cutoff`` lose their NIK, phone and e-mail (the retention period)."""
    return conn.execute(bookings.update().where(
        bookings.c.created_at < cutoff,
        sa.or_(bookings.c.nik.is_not(None), bookings.c.phone.is_not(None), bookings.c.email.is_not(None)))
        .values(nik=None, phone=None, email=None)).rowcount
