"""Call-next and the counter's actions find their tickets through indexes, whatever the office keeps.

Every ticket is kept (history is what reports are made of): a thousand a day, a
million within a few years. A statement that SCANs the tickets table gets slower
every day, and one that sorts the queue slower with every citizen waiting, until
calling the next citizen costs more than issuing a thousand tickets. So each
statement a use case runs is recorded as it runs, with its own parameters, and
SQLite's EXPLAIN QUERY PLAN must show it SEARCHing tickets through an index,
sorting nothing. Plans, not timings: this fails the day a query loses its index,
on any machine (bench/bench_desk.py gives the timings).
"""

import dataclasses

import sqlalchemy as sa
from sqlalchemy.schema import CreateIndex

from server.domain import day as office_day
from server.domain import desk as counter_desk
from server.domain import ticket_messages
from server.storage import queries as office_queries
from server.storage import schema
from tests.domain.conftest import ZONE
from tests.plans import RecordingDriver, recording, scans, sorts, ticket_plans

FRONT_OFFICE, BACK_OFFICE = 0, 1   # petugas1 at Loket 1 (A, D, B), petugas2 at Loket 2 (E)
SITI, JOKO, RINA, MADE = "3276014101600001", "3276010101900002", "3276015101850003", "3276010101700004"


def run_recorded(office, job):
    """Run ``job(tx)`` as one write job; its result, and every statement it ran (SQLAlchemy and hot_sql)."""
    with recording(office.db.write_engine) as seen:
        result = office.run(lambda tx: job(dataclasses.replace(tx, driver=RecordingDriver(tx.driver, seen))))
    with office.db.read() as conn:
        return result, ticket_plans(conn.connection.driver_connection, seen)


def assert_indexed(plans) -> None:
    assert plans, "no statement on tickets was recorded"
    for sql, plan in plans:
        assert not scans(plan), f"reads the whole tickets table:\n{sql}\n{plan}"
        assert not sorts(plan), f"sorts tickets:\n{sql}\n{plan}"


def test_call_next_finds_the_citizen_at_the_counter_and_the_queue_heads_through_indexes(desk, office):
    # Given two elderly visitors and a regular one waiting for Loket 1's three services,
    # and the first elderly visitor at the counter
    first_elderly = desk.issue("A", SITI, priority="lansia").ticket
    desk.issue("D", RINA, priority="lansia")
    regular = desk.issue("B", JOKO).ticket
    assert desk.call_next(FRONT_OFFICE, streak_max=1) == first_elderly.id
    counter, clerk = office.counter(FRONT_OFFICE), office.actor(FRONT_OFFICE)

    # When the clerk calls next with at most one priority call in a row, so that the
    # starvation guard looks for the longest-waiting regular visitor too
    called, plans = run_recorded(office, lambda tx: counter_desk.call_next(tx, counter, clerk, ZONE, 1))

    # Then the regular visitor is called and the citizen before is done
    assert called == regular.id
    assert desk.ticket(first_elderly.id).status == "done"
    # And every statement on tickets (finishing the citizen at the counter, each
    # queue's head, the first regular visitor, the claim, the queue lengths told to
    # the lobby) searched an index, and none sorted the queue
    assert_indexed(plans)
    assert any("ix_ticket_at_counter" in step for _, plan in plans for step in plan), \
        "the citizen at the counter is not found through ix_ticket_at_counter"
    assert any("ix_ticket_queue_seq" in step for _, plan in plans for step in plan)


def test_call_next_on_an_empty_queue_reads_no_ticket_by_scanning(desk, office):
    counter, clerk = office.counter(BACK_OFFICE), office.actor(BACK_OFFICE)
    called, plans = run_recorded(office, lambda tx: counter_desk.call_next(tx, counter, clerk, ZONE, 3))
    assert called is None
    assert_indexed(plans)


def test_recall_start_transfer_skip_restore_done_and_cancel_read_tickets_by_key(desk, office):
    siti = desk.issue("A", SITI).ticket
    waiting = desk.issue("D", MADE).ticket
    desk.call_next(FRONT_OFFICE)

    def act(clerk: int, ticket_id: int, action: str, **kw):
        counter, actor = office.counter(clerk), office.actor(clerk)
        _, plans = run_recorded(office, lambda tx: counter_desk.act(tx, ticket_id, action, actor, ZONE,
                                                                     counter_id=counter, **kw))
        assert_indexed(plans)
        return desk.ticket(ticket_id)

    assert act(FRONT_OFFICE, siti.id, "recall").recalls == 1
    assert act(FRONT_OFFICE, siti.id, "start").status == "serving"
    assert act(FRONT_OFFICE, siti.id, "transfer", to_service="E", note="Cek DTKS").service_id != siti.service_id
    assert desk.call_next(BACK_OFFICE) == siti.id
    assert act(BACK_OFFICE, siti.id, "skip").status == "skipped"
    assert act(BACK_OFFICE, siti.id, "restore").status == "waiting"
    assert desk.call_next(BACK_OFFICE) == siti.id
    assert act(BACK_OFFICE, siti.id, "done").status == "done"
    assert act(FRONT_OFFICE, waiting.id, "cancel").status == "cancelled"


def test_the_migrations_build_every_index_the_tables_declare_with_its_condition(office):
    # A partial index is used only by queries that spell its condition: the one the
    # migrations created must be the one schema.py (and the queries) spell.
    declared = {ix.name: " ".join(str(CreateIndex(ix).compile(dialect=office.db.write_engine.dialect)).split())
                for table in schema.metadata.tables.values() for ix in table.indexes}
    with office.db.read() as conn:
        built = {name: " ".join(sql.split()) for name, sql in conn.execute(sa.text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))}
    assert built == declared


def test_the_wait_estimate_reads_a_services_finished_visits_through_an_index(desk, office):
    # Given Siti served and done at Loket 1 today
    siti = desk.issue("A", SITI).ticket
    desk.call_next(FRONT_OFFICE)
    desk.act(FRONT_OFFICE, siti.id, "done")
    # When the writer refreshes service A's pace (after every finished visit, at most every few seconds)
    with office.db.read() as conn, recording(office.db.read_engine) as seen:
        minutes = office_queries.minutes_per_citizen(conn, office_queries.service_by_code(conn, "A"), siti.office_day)
        plans = ticket_plans(conn.connection.driver_connection, seen)
    # Then it finds the day's finished visits in finishing order through ix_ticket_done, sorting nothing
    assert minutes >= 0
    assert_indexed(plans)
    assert any("ix_ticket_done" in step for _, plan in plans for step in plan)


def test_the_day_rollover_reads_only_the_days_since_the_last_rollover(desk, office):
    # Given Siti's ticket left waiting yesterday
    siti = desk.issue("A", SITI).ticket
    yesterday = siti.office_day
    tomorrow = "9999-12-31"
    # When the next day starts (the last rollover was to yesterday)
    with recording(office.db.write_engine) as seen:
        expired = office.run(lambda tx: office_day.expire_before(tx, tomorrow, since=yesterday))
    with office.db.read() as conn:
        plans = ticket_plans(conn.connection.driver_connection, seen)
    # Then her ticket expires, and only the days from the last rollover on were read
    assert expired == 1 and desk.ticket(siti.id).status == "expired"
    assert_indexed(plans)
    assert any("office_day>? AND office_day<?" in step for _, plan in plans for step in plan)


def test_telling_the_holders_on_a_call_reads_only_the_queue_head_and_contacts_by_key(desk, office):
    # Given Siti first in line and Joko second, who left his WhatsApp number on his ticket's page
    siti = desk.issue("A", SITI).ticket
    joko = desk.issue("A", JOKO).ticket
    office.run(lambda tx: ticket_messages.leave_contact(tx, joko, phone="081234567890"))
    counter, clerk = office.counter(FRONT_OFFICE), office.actor(FRONT_OFFICE)

    # When the clerk calls next (Joko is now near, and is told so in the same job)
    seen: list = []
    with recording(office.db.write_engine) as seen_sa:
        called = office.run(lambda tx: counter_desk.call_next(
            dataclasses.replace(tx, driver=RecordingDriver(tx.driver, seen)), counter, clerk, ZONE, 3))
    assert called == siti.id
    assert office.run(lambda tx: ticket_messages.contact_view(tx.conn, joko.id)) is not None

    # Then every statement on the contacts searched by key or index, none scanned a table
    on_contacts = [(sql, params) for sql, params in seen + seen_sa if "ticket_contacts" in sql]
    assert any(sql.lstrip().startswith("SELECT") for sql, _ in on_contacts)
    assert any(sql.lstrip().startswith("UPDATE") for sql, _ in on_contacts), "Joko was not marked as told"
    with office.db.read() as conn:
        raw = conn.connection.driver_connection
        for sql, params in on_contacts:
            plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params)]
            assert not [step for step in plan if step.startswith("SCAN")], f"{sql}\n{plan}"
            assert not sorts(plan), f"sorts the queue:\n{sql}\n{plan}"
