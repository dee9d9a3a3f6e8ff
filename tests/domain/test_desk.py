"""The counter's use cases inside a transaction: call next, finish, transfer, skip and restore."""

import pytest

from server.domain.errors import DomainError

FRONT_OFFICE, BACK_OFFICE = 0, 1   # petugas1 at Loket 1, petugas2 at Loket 2


def test_call_next_calls_first_come_and_none_when_nobody_waits(desk):
    assert desk.call_next(FRONT_OFFICE) is None
    a = desk.issue("A", "3276010101900001").ticket
    d = desk.issue("D", "3276010101900002").ticket
    assert desk.call_next(FRONT_OFFICE) == a.id
    assert desk.call_next(FRONT_OFFICE) == d.id
    assert desk.ticket(a.id).status == "done"   # calling next finished the citizen before


def test_transferred_citizen_keeps_the_number_and_goes_first(desk):
    siti = desk.issue("A", "3276014101600001").ticket
    desk.call_next(FRONT_OFFICE)
    desk.act(FRONT_OFFICE, siti.id, "transfer", to_service="E", note="Cek DTKS")
    moved = desk.ticket(siti.id)
    assert moved.number == "A-001" and moved.status == "waiting" and moved.transfers == 1
    assert desk.call_next(BACK_OFFICE) == siti.id


def test_transfer_note_is_kept_for_the_next_counter(desk):
    siti = desk.issue("A", "3276014101600001").ticket
    desk.call_next(FRONT_OFFICE)
    desk.act(FRONT_OFFICE, siti.id, "transfer", to_service="E", note="KK belum dibawa")
    assert desk.ticket(siti.id).notes[-1]["note"] == "KK belum dibawa"


def test_skip_then_restore_puts_the_citizen_back_in_their_place(desk):
    first = desk.issue("A", "3276010101900001").ticket
    second = desk.issue("A", "3276010101900002").ticket
    desk.call_next(FRONT_OFFICE)
    desk.act(FRONT_OFFICE, first.id, "skip")
    desk.act(FRONT_OFFICE, first.id, "restore")
    assert desk.ticket(first.id).status == "waiting"
    assert desk.call_next(FRONT_OFFICE) == first.id
    assert desk.ticket(second.id).status == "waiting"


def test_an_action_not_allowed_from_the_status_is_refused_and_changes_nothing(desk):
    waiting = desk.issue("A", "3276010101900001").ticket
    with pytest.raises(DomainError) as refused:
        desk.act(FRONT_OFFICE, waiting.id, "done")
    assert refused.value.code == "invalid_transition"
    assert desk.ticket(waiting.id).status == "waiting"
