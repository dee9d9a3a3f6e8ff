"""Blocks of numbers leased to kiosks, so a kiosk cut off from the server keeps issuing.

Why blocks in a far range rather than letters or suffixes per kiosk: a number
issued offline must read and sound like any other ("A-503"), and must never
collide with one the server issued meanwhile. So the leased numbers live from
``LEASE_BASE`` up, in blocks of ``BLOCK`` (501–550, 551–600, ...), and the
server's own allocator jumps over any leased block it reaches
(``server.domain.issuing._allocate`` calls ``skip_leased``). A block is leased
to one kiosk only (``uq_lease_block``), and only above every number already
issued, so no number is ever held twice.

A kiosk asks for its leases whenever it reaches the server (``POST
/api/kiosk/leases``); it gets one block per kiosk-visible service and office day,
and a further block when fewer than ``LOW_WATER`` of its leased numbers are left.
"""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa

from server.storage.db import Tx
from server.storage.hot_sql import HotStatement
from server.storage.schema import number_leases, services, tickets

LEASE_BASE = 501   # below this, the server's own numbering never meets a lease (500 a day per letter is a busy day)
BLOCK = 50         # an hour or two of one kiosk's issuing for one service, with the server away
LOW_WATER = 10     # fewer numbers than this left in a kiosk's blocks: lease it another

_COUNTER = sa.text("SELECT last_number FROM number_counters WHERE office_day = :day AND prefix = :prefix")
# On the issuing hot path past 500 numbers a day (hot_sql: the driver's own cursor).
_LEASE_AT = HotStatement("SELECT last_seq FROM number_leases WHERE office_day = :day AND prefix = :prefix"
                         " AND first_seq <= :seq AND last_seq >= :seq")
_BUMP = HotStatement("UPDATE number_counters SET last_number = :seq WHERE office_day = :day AND prefix = :prefix")


def skip_leased(tx: Tx, day: str, prefix: str, seq: int) -> int:
    """The server's next number, ``seq`` or past every leased block it lands in.

    Numbers under ``LEASE_BASE`` cost nothing here (no lease lives there): the
    issuing hot path pays one indexed look only on a day past 500 numbers.
    """
    while seq >= LEASE_BASE:
        row = tx.run(_LEASE_AT, {"day": day, "prefix": prefix, "seq": seq}).fetchone()
        if row is None:
            break
        seq = row[0] + 1
        tx.run(_BUMP, {"seq": seq, "day": day, "prefix": prefix})
    return seq


def block_start(k: int) -> int:
    return LEASE_BASE + k * BLOCK


def _next_free_block(conn: sa.Connection, day: str, prefix: str) -> int:
    """The first block start above every number issued or leased for the letter that day."""
    counter = conn.execute(_COUNTER, {"day": day, "prefix": prefix}).scalar() or 0
    leased = conn.execute(sa.select(sa.func.max(number_leases.c.last_seq)).where(
        number_leases.c.office_day == day, number_leases.c.prefix == prefix)).scalar() or 0
    above = max(counter, leased)
    k = 0 if above < LEASE_BASE else (above - LEASE_BASE) // BLOCK + 1
    return block_start(k)


def _used_up_to(conn: sa.Connection, kiosk_id: int, day: str, prefix: str) -> int:
    """The highest number of its blocks this kiosk has used, as far as the server knows (synced)."""
    return conn.execute(sa.select(sa.func.max(tickets.c.seq)).where(
        tickets.c.kiosk_id == kiosk_id, tickets.c.office_day == day, tickets.c.offline.is_(True),
        tickets.c.number.like(f"{prefix}-%"))).scalar() or 0


def remaining(blocks: list[tuple[int, int]], used: int) -> int:
    """Numbers left above ``used`` in these blocks (pure)."""
    return sum(last - max(first, used + 1) + 1 for first, last in blocks if last > used)


def leases_for(tx: Tx, kiosk_id: int, day: str, reported: Optional[dict[str, int]] = None) -> list[dict]:
    """This kiosk's blocks for ``day``, per kiosk-visible service, leasing what is missing.

    ``reported`` is the kiosk's own last used number per letter (offline tickets
    it has not synced yet count as used).
    """
    conn = tx.conn
    out = []
    prefixes = conn.execute(sa.select(services.c.code).where(services.c.kiosk_visible.is_(True))
                            .order_by(services.c.code)).scalars().all()
    for prefix in prefixes:
        blocks = [(r.first_seq, r.last_seq) for r in conn.execute(
            sa.select(number_leases.c.first_seq, number_leases.c.last_seq).where(
                number_leases.c.kiosk_id == kiosk_id, number_leases.c.office_day == day,
                number_leases.c.prefix == prefix).order_by(number_leases.c.first_seq))]
        used = max(_used_up_to(conn, kiosk_id, day, prefix), int((reported or {}).get(prefix) or 0))
        if remaining(blocks, used) < LOW_WATER:
            first = _next_free_block(conn, day, prefix)
            conn.execute(number_leases.insert().values(kiosk_id=kiosk_id, office_day=day, prefix=prefix,
                                                       first_seq=first, last_seq=first + BLOCK - 1,
                                                       created_at=tx.now))
            tx.audit(f"kiosk:{kiosk_id}", "lease.created",
                     detail={"day": day, "prefix": prefix, "first": first, "last": first + BLOCK - 1})
            blocks.append((first, first + BLOCK - 1))
        out.append({"service": prefix, "blocks": [{"first": f, "last": last} for f, last in blocks]})
    return out


def holds(conn: sa.Connection, kiosk_id: int, day: str, prefix: str, seq: int) -> bool:
    """Whether ``seq`` of letter ``prefix`` on ``day`` lies in a block leased to this kiosk."""
    return conn.execute(sa.select(number_leases.c.id).where(
        number_leases.c.kiosk_id == kiosk_id, number_leases.c.office_day == day,
        number_leases.c.prefix == prefix, number_leases.c.first_seq <= seq,
        number_leases.c.last_seq >= seq)).first() is not None
