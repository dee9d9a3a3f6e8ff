"""Issuing, as the use case sees it: numbers, repeats, the citizen's one active ticket."""

import pytest

from server.domain.errors import DomainError

SITI = "3276014101600001"   # a woman born 1 Jan 1960 (day + 40)
JOKO = "3276010101900002"


def test_first_ticket_of_the_day_is_number_one_and_waits(desk):
    issued = desk.issue("A", SITI)
    assert issued.outcome == "new"
    assert issued.ticket.number == "A-001" and issued.ticket.status == "waiting"
    assert issued.position == (0, 1)


def test_numbers_follow_per_service_without_gaps(desk):
    numbers = [desk.issue(code, f"32760101019{i:05d}").ticket.number for i, code in enumerate("AABAB", start=1)]
    assert numbers == ["A-001", "A-002", "B-001", "A-003", "B-002"]


def test_a_retried_request_gets_the_same_ticket_not_a_second(desk):
    first = desk.issue("A", SITI, request_id="kiosk-tap-1")
    again = desk.issue("A", SITI, request_id="kiosk-tap-1")
    assert again.outcome == "repeat" and again.ticket.id == first.ticket.id


def test_a_request_id_cannot_be_reused_for_another_citizen(desk):
    desk.issue("A", SITI, request_id="r1")
    with pytest.raises(DomainError) as refused:
        desk.issue("A", JOKO, request_id="r1")
    assert refused.value.code == "request_id_reused"


def test_a_citizen_who_already_waits_gets_their_ticket_back(desk):
    first = desk.issue("A", SITI)
    second = desk.issue("A", SITI)
    assert second.outcome == "existing" and second.ticket.id == first.ticket.id


def test_a_refused_ticket_uses_no_number(desk, office):
    from server.storage.schema import services
    office.run(lambda tx: tx.conn.execute(services.update().where(services.c.code == "B").values(daily_quota=1)))
    desk.cache.invalidate()
    assert desk.issue("B", SITI).ticket.number == "B-001"
    with pytest.raises(DomainError) as refused:
        desk.issue("B", JOKO)
    assert refused.value.code == "quota_reached"
    assert desk.issue("A", JOKO).ticket.number == "A-001"


def test_unknown_priority_and_service_are_coded_refusals(desk):
    with pytest.raises(DomainError) as bad_priority:
        desk.issue("A", SITI, priority="vip")
    assert bad_priority.value.code == "invalid_priority"
    with pytest.raises(DomainError) as bad_service:
        desk.issue("Z", SITI)
    assert bad_service.value.code == "unknown_service"


def test_priority_visitor_waits_ahead_of_regulars(desk):
    desk.issue("A", JOKO)
    siti = desk.issue("A", SITI, priority="lansia")
    assert siti.position == (0, 2)
