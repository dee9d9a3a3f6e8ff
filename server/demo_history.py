"""Realistic past office days for demos and benchmarks (``server_main.py demo-history``).

A report page with nothing in it shows nothing, and a report's speed means
nothing on an empty database. This writes N past calendar days of an office's
life straight into the database in bulk (not through HTTP: a year is a quarter
of a million tickets): working days only (weekends and the holiday calendar are
skipped), arrivals peaking in the first two hours, a weighted mix of services,
priority visitors, front-office tickets sent on to the back office, no-shows and
cancellations, service times around each service's standard with a tail beyond
it, waits from a small queue simulation per service (so the morning peak waits
longest), outcomes at finish, SKM answers for about a third of the served
tickets, and a few complaint cases at every stage. Same ``seed``, same history.
Days that already hold tickets are left alone; no NIK is written (as after the
purge).
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Optional
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from common import vocabulary as vocab
from server.domain import complaints as complaint_rules
from server.domain.working_days import is_working_day
from server.storage import calendar
from server.storage.schema import (complaints, counter_services, counters, devices, outcomes, services,
                                   survey_responses, ticket_outcomes, tickets, users)

MIX = {"A": 35, "B": 30, "C": 10, "D": 25}          # share of the day's visitors per kiosk service
PRIORITY = {"lansia": 50, "disabilitas": 15, "ibu_hamil": 15, "anak": 15, "korban_bencana": 5}
SUGGESTIONS = ("Ruang tunggu sudah nyaman, terima kasih.", "Mohon tambah kursi di ruang tunggu.",
               "Petugas ramah dan jelas menjelaskan.", "Antrean pagi terlalu lama.",
               "Informasi persyaratan sebaiknya ditempel di depan.", "Pelayanan cepat, pertahankan.")


@dataclass
class Made:
    days: int = 0
    tickets: int = 0
    surveys: int = 0
    complaints: int = 0
    creds: Optional[dict] = None   # when the demo office was seeded by this run


def fill(db, zone: ZoneInfo, days: int, per_day: int = 120, seed: int = 1, today: date | None = None) -> Made:
    """Write the ``days`` calendar days before ``today`` (the office's) into ``db``; what was made."""
    rng = random.Random(seed)
    today = today or datetime.now(zone).date()
    first = today - timedelta(days=days)
    db.writer.call(lambda tx: calendar.fill_from_library(tx, range(first.year, today.year + 1)))
    with db.read() as conn:
        office = _office(conn)
        holidays = calendar.holiday_set(conn, first.year, today.year)
        taken = {d for (d,) in conn.execute(sa.select(tickets.c.office_day).distinct()
                                            .where(tickets.c.office_day >= first.isoformat()))}
        next_id = (conn.execute(sa.select(sa.func.max(tickets.c.id))).scalar() or 0) + 1
        case_no: dict[int, int] = {}   # the year's last case number (codes are numbered per year)
        for (code,) in conn.execute(sa.select(complaints.c.code)):
            year, number = complaint_rules.parse_code(code) or (0, 0)
            case_no[year] = max(case_no.get(year, 0), number)
    made = Made()
    batch: dict[str, list] = {"tickets": [], "outcomes": [], "surveys": [], "complaints": []}
    for n in range(days):
        day = first + timedelta(days=n)
        if not is_working_day(day, holidays) or day.isoformat() in taken:
            continue
        visitors = round(per_day * rng.uniform(0.85, 1.15) * (1.2 if day.weekday() == 0 else 1.0))
        rows = _day(rng, office, zone, day, visitors, next_id)
        next_id += len(rows)
        batch["tickets"] += rows
        for row in rows:
            if row["status"] == "done":
                _after_visit(rng, office, row, batch)
        for _ in range(rng.choices((0, 1, 2), (60, 30, 10))[0]):
            case_no[day.year] = case_no.get(day.year, 0) + 1
            batch["complaints"].append(_complaint(rng, zone, day, today, holidays, case_no[day.year]))
        made.days += 1
        if len(batch["tickets"]) > 20000:
            _write(db, batch, made)
    _write(db, batch, made)
    return made


def _write(db, batch: dict, made: Made) -> None:
    def job(tx):
        for table, key in ((tickets, "tickets"), (ticket_outcomes, "outcomes"), (survey_responses, "surveys"),
                           (complaints, "complaints")):
            if batch[key]:
                tx.conn.execute(table.insert(), batch[key])
    db.writer.call(job)
    made.tickets += len(batch["tickets"])
    made.surveys += len(batch["surveys"])
    made.complaints += len(batch["complaints"])
    for rows in batch.values():
        rows.clear()


def _office(conn) -> dict:
    svc = {r.code: r for r in conn.execute(sa.select(services))}
    desks: dict[int, list[tuple[int, str]]] = {}
    clerk_of = {cid: name for cid, name in conn.execute(
        sa.select(users.c.counter_id, users.c.username).where(users.c.counter_id.is_not(None)))}
    for sid, cid in conn.execute(sa.select(counter_services.c.service_id, counter_services.c.counter_id)
                                 .join(counters, counters.c.id == counter_services.c.counter_id)
                                 .order_by(counters.c.position)):
        desks.setdefault(sid, []).append((cid, clerk_of.get(cid, "petugas")))
    kiosk = conn.execute(sa.select(devices.c.id).where(devices.c.kind == "kiosk")).scalar()
    ends = {r.code: r.id for r in conn.execute(sa.select(outcomes.c.id, outcomes.c.code)
                                               .where(outcomes.c.active.is_(True)))}
    return {"services": svc, "desks": desks, "kiosk": kiosk, "outcomes": list(ends.values()),
            "back": next((r for r in svc.values() if not r.kiosk_visible), None)}


def _arrival(rng: random.Random) -> float:
    """Seconds after 07:30: most in the first two hours after opening, the rest until 14:30."""
    if rng.random() < 0.6:
        return rng.triangular(1800, 9000, 3600)
    return rng.uniform(9000, 25200)


def _service_time(rng: random.Random, standard_min: int) -> float:
    """Around half the standard, with a tail past it (log-normal)."""
    return max(60.0, standard_min * 60 * 0.45 * rng.lognormvariate(0, 0.55))


class _Desks:
    """Servers of one service: who is free when (a heap), and which counter and clerk each is."""

    def __init__(self, start: float, places: list[tuple[int, str]], n: int):
        self.free = [(start, i) for i in range(n)]
        self.places = [places[i % len(places)] for i in range(n)] if places else [(None, None)] * n

    def serve(self, ready: float, seconds: float, pause: float = 0.0) -> tuple[float, float, tuple]:
        """(call time, finish time, (counter, clerk)) for a citizen ready at ``ready``; ``pause`` is the
        clerk's moment between two citizens (notes, the next call), so nobody is called the very second."""
        at, i = heapq.heappop(self.free)
        call = max(at, ready) + pause
        heapq.heappush(self.free, (call + seconds, i))
        return call, call + seconds, self.places[i]


def _clerks(visitors: float, standard_min: int) -> int:
    return max(1, math.ceil(visitors * standard_min * 60 * 0.52 / (4 * 3600 * 0.9)))


def _day(rng: random.Random, office: dict, zone: ZoneInfo, day: date, visitors: int, next_id: int) -> list[dict]:
    opening = datetime(day.year, day.month, day.day, 7, 30, tzinfo=zone).timestamp()
    closed = datetime(day.year, day.month, day.day, 23, 59, tzinfo=zone).timestamp() + 60
    svc, back = office["services"], office["back"]
    codes = [c for c in MIX if c in svc]
    arrivals = sorted((opening + _arrival(rng), rng.choices(codes, [MIX[c] for c in codes])[0])
                      for _ in range(visitors))
    per = {c: sum(1 for _, code in arrivals if code == c) for c in codes}
    # Clerks enough to serve the day's work in four busy hours: the morning peak still queues,
    # the afternoon does not (a mean service is about half the standard, see _service_time).
    desks = {c: _Desks(opening + 1800, office["desks"].get(svc[c].id, []), _clerks(per[c], svc[c].standard_minutes))
             for c in codes}
    back_desks = _Desks(opening + 1800, office["desks"].get(back.id, []) if back else [],
                        _clerks(per.get("A", 0) * 0.4 * 0.6, back.standard_minutes if back else 15))
    rows, seqs = [], dict.fromkeys(codes, 0)
    for issued, code in arrivals:
        s = svc[code]
        seqs[code] += 1
        priority = rng.choices(list(PRIORITY), list(PRIORITY.values()))[0] if rng.random() < 0.08 else None
        staff_desk = rng.random() < 0.15
        row = dict(id=next_id + len(rows), office_day=day.isoformat(), number=vocab.format_number(code, seqs[code]),
                   seq=seqs[code], origin_service_id=s.id, service_id=s.id, token=f"{rng.getrandbits(128):032x}",
                   nik=None, priority=priority, priority_confirmed=True if priority else None, status="done",
                   rank=1 if priority else 2, issued_at=issued, queued_at=issued, called_at=None, started_at=None,
                   finished_at=None, counter_id=None, recalls=0, transfers=0, notes=[],
                   kiosk_id=None if staff_desk else office["kiosk"], request_id=None, print_status=None,
                   queue_seq=0, channel="staff" if staff_desk else "kiosk", first_called_at=None,
                   service_seconds=0.0, served_by=None, no_show=False)
        fate = rng.random()
        if fate < 0.015:                                   # gave up waiting
            row.update(status="cancelled", finished_at=issued + rng.uniform(300, 3600))
        elif fate < 0.025:                                 # still waiting when the office closed
            row.update(status="expired", finished_at=closed)
        else:
            length = _service_time(rng, s.standard_minutes)
            called, done, (counter, clerk) = desks[code].serve(issued, length if fate >= 0.075 else 90,
                                                                rng.uniform(20, 120))
            row.update(called_at=called, first_called_at=called, counter_id=counter)
            if fate < 0.075:                               # called, never came: a no-show
                row.update(status="expired", no_show=True, recalls=1, finished_at=closed)
            else:
                row.update(started_at=called + 30, service_seconds=length - 30, finished_at=done, served_by=clerk)
                if code == "A" and back is not None and rng.random() < 0.4:
                    extra = _service_time(rng, back.standard_minutes) * 0.6
                    called2, done2, (counter2, clerk2) = back_desks.serve(done, extra, rng.uniform(20, 120))
                    row.update(service_id=back.id, transfers=1, rank=0, called_at=called2, started_at=called2,
                               finished_at=done2, counter_id=counter2, served_by=clerk2,
                               service_seconds=row["service_seconds"] + extra)
        rows.append(row)
    return rows


def _after_visit(rng: random.Random, office: dict, row: dict, batch: dict) -> None:
    """An outcome for most served tickets, and an SKM answer for about a third."""
    if office["outcomes"] and rng.random() < 0.7:
        batch["outcomes"].append(dict(ticket_id=row["id"], outcome_id=rng.choice(office["outcomes"]), note="",
                                      actor=f"user:{row['served_by']}", at=row["finished_at"]))
    if rng.random() < 0.3:
        answers = {f"q{i}": rng.choices((1, 2, 3, 4), (1, 8, 45, 46))[0] for i in range(1, 10)}
        told = rng.random() < 0.8
        batch["surveys"].append(dict(
            ticket_id=row["id"], service_id=row["origin_service_id"], office_day=row["office_day"],
            at=row["finished_at"] + rng.uniform(30, 900), channel=rng.choice(list(vocab.SURVEY_CHANNELS)), **answers,
            sex=rng.choice(list(vocab.SEXES)) if told else None, age=rng.randint(18, 78) if told else None,
            education=rng.choice(list(vocab.EDUCATION_LEVELS)) if told else None,
            occupation=rng.choice(list(vocab.OCCUPATIONS)) if told else None,
            suggestion=rng.choice(SUGGESTIONS) if rng.random() < 0.15 else ""))


def _complaint(rng: random.Random, zone: ZoneInfo, day: date, today: date, holidays: set,
               number: int) -> dict:
    received = datetime(day.year, day.month, day.day, 9, tzinfo=zone).timestamp() + rng.uniform(0, 6 * 3600)
    due = complaint_rules.deadline(day, complaint_rules.DEFAULT_RESPONSE_DAYS, holidays)
    age = (today - day).days
    status = ("selesai" if age > 20 and rng.random() < 0.85 else
              rng.choice(list(vocab.COMPLAINT_STATUSES)) if age > 3 else "diterima")
    answered = received + rng.uniform(1, 16) * 86400 if status == "selesai" else None
    channels = [c for c in vocab.COMPLAINT_CHANNELS if c != "online"]   # online complaints come later
    return dict(code=complaint_rules.format_code(day.year, number), channel=rng.choice(channels),
                received_at=received, office_day=day.isoformat(), category=rng.choice(list(vocab.COMPLAINT_CATEGORIES)),
                description="Contoh pengaduan (data demo).", complainant_name="", complainant_contact="",
                confidential=rng.random() < 0.3, ticket_id=None, service_id=None, status=status, assigned_to=None,
                verification="Sudah dicek (demo)." if status != "diterima" else "",
                response="Sudah dijawab (demo)." if status == "selesai" else "", deadline=due.isoformat(),
                responded_at=answered, closed_at=answered, created_by="demo-history",
                updated_at=answered or received)


def run(settings, days: int, per_day: int, seed: int) -> Made:
    """The command: lock the data directory, seed the demo office if it is empty, fill the history."""
    from types import SimpleNamespace

    from server.demo import seed_demo
    from server.storage.db import Database
    from server.storage.maintenance import lock_data_dir
    from server.storage.schema import office_settings

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock = lock_data_dir(settings.data_dir)   # a running server holds it: refused, not raced
    try:
        db = Database(settings.db_url)
        db.upgrade()
        db.start_writer()
        try:
            creds = seed_demo(SimpleNamespace(db=db, settings=settings))
            with db.read() as conn:
                chosen = conn.execute(sa.select(office_settings.c.value)
                                      .where(office_settings.c.key == "timezone")).scalar()
            made = fill(db, ZoneInfo(chosen) if chosen else settings.zone, days, per_day, seed)
            made.creds = creds
            return made
        finally:
            db.close()
    finally:
        lock.close()
