"""The complaint register's rules, without a server: forward-only status, who sees the identity,
the case code and the period's counts."""

import pytest

from server.domain import complaints as rules
from server.domain.errors import DomainError


def test_the_case_code_is_numbered_per_year_and_read_back():
    assert rules.format_code(2026, 7) == "PGD-2026-0007"
    assert rules.parse_code("PGD-2026-0007") == (2026, 7)
    assert rules.parse_code(rules.format_code(2027, 12345)) == (2027, 12345)
    assert rules.parse_code("PGD-26-7") is None and rules.parse_code("") is None


@pytest.mark.parametrize("current,target", [("diterima", "diverifikasi"), ("diterima", "ditindaklanjuti"),
                                            ("diverifikasi", "ditindaklanjuti"), ("ditindaklanjuti", "selesai")])
def test_a_case_moves_forward_when_what_the_step_needs_is_written(current, target):
    assert rules.next_status(current, target, verification="dicek", response="dijawab") == target


@pytest.mark.parametrize("current,target", [("diverifikasi", "diterima"), ("selesai", "ditindaklanjuti"),
                                            ("ditindaklanjuti", "ditindaklanjuti")])
def test_a_case_never_moves_back_or_stays_by_a_status_change(current, target):
    with pytest.raises(DomainError) as e:
        rules.next_status(current, target, verification="dicek", response="dijawab")
    assert e.value.code == "complaint_status_backwards"


def test_verified_needs_the_verification_and_closed_needs_the_answer():
    with pytest.raises(DomainError) as e:
        rules.next_status("diterima", "diverifikasi", verification="  ", response="")
    assert e.value.code == "complaint_incomplete" and e.value.extra["errors"][0]["field"] == "verification"
    with pytest.raises(DomainError) as e:
        rules.next_status("ditindaklanjuti", "selesai", verification="dicek", response="")
    assert [x["field"] for x in e.value.extra["errors"]] == ["response"]


def test_only_complaint_officers_see_a_confidential_identity():
    assert rules.may_see_identity(confidential=True, is_officer=True)
    assert not rules.may_see_identity(confidential=True, is_officer=False)
    assert rules.may_see_identity(confidential=False, is_officer=False)
    assert rules.may_read_register(is_officer=False, role_at_least_supervisor=True)
    assert not rules.may_read_register(is_officer=False, role_at_least_supervisor=False)


def test_the_summary_counts_closed_within_the_deadline_and_open_ones_past_it():
    rows = [("counter", "waktu", "selesai", "2026-08-20", "2026-08-20"),       # closed on its last day
            ("letter", "bansos", "selesai", "2026-08-20", "2026-08-21"),       # closed a day late
            ("whatsapp", "bansos", "diverifikasi", "2026-08-18", None),       # open, past it on the 19th
            ("counter", "sarana", "diterima", "2026-08-19", None)]            # open, due today
    s = rules.summary_counts(rows, today="2026-08-19")
    assert s["received"] == 4 and s["closed"] == 2 and s["closed_within_deadline"] == 1
    assert s["overdue_open"] == 1
    assert s["by_channel"] == {"counter": 2, "letter": 1, "whatsapp": 1, "online": 0}
    assert s["by_category"]["bansos"] == 2 and s["by_status"]["selesai"] == 2
