"""The online application's rules: the one-working-day promise, its words, a valid form, no NIK in a reply."""

from datetime import date, timedelta

import pytest

from common import nik as nik_rules
from server.domain import online_rules as rules
from server.domain.errors import DomainError
from tests.server.helpers import nik_for

TODAY = date(2026, 12, 2)  # a Wednesday


def first_weekday_after(day: date, holidays: set) -> date:
    day += timedelta(days=1)
    while day.isoweekday() > 5 or day in holidays:
        day += timedelta(days=1)
    return day


@pytest.mark.parametrize("received", [date(2026, 12, 2) + timedelta(days=i) for i in range(7)])
def test_the_answer_is_due_the_next_working_day(received):
    holidays = {date(2026, 12, 7), date(2026, 12, 25)}  # a Monday off, and Christmas
    due = rules.deadline(received, holidays)
    assert due == first_weekday_after(received, holidays)
    assert due.isoweekday() <= 5 and due not in holidays and due > received


def test_a_friday_application_is_due_on_monday_or_the_day_after_a_monday_holiday():
    assert rules.deadline(date(2026, 12, 4), set()) == date(2026, 12, 7)
    assert rules.deadline(date(2026, 12, 4), {date(2026, 12, 7)}) == date(2026, 12, 8)


def test_the_deadline_in_words():
    assert rules.deadline_words(date(2026, 12, 3)) == "dijawab paling lambat Kamis, 3 Desember 2026"
    assert rules.deadline_words(date(2026, 12, 3), "en") == "answered by Thursday, 3 December 2026 at the latest"


def test_overdue_only_while_unanswered_after_the_deadline_day():
    assert rules.is_overdue("received", "2026-12-03", "2026-12-04")
    assert rules.is_overdue("checked", "2026-12-03", "2026-12-04")
    assert not rules.is_overdue("received", "2026-12-03", "2026-12-03")
    assert not rules.is_overdue("answered", "2026-12-03", "2026-12-09")


def valid(**changes) -> dict:
    return {"nik": nik_for(1), "name": "  Siti   Aminah ", "address": "Jl. Melati 5", "need": "DTKS",
            "phone": "0812-3456-7890", "email": None, "consent": True, **changes}


def test_a_valid_form_is_cleaned():
    out = rules.checked_application(valid(email="Siti@Example.ORG"), TODAY)
    assert out["nik"] == nik_for(1) and out["name"] == "Siti Aminah"
    assert out["phone"] == "6281234567890" and out["email"] == "siti@example.org" and out["language"] == "id"


@pytest.mark.parametrize("changes, field", [
    ({"nik": "1234"}, "nik"), ({"nik": nik_for(1) + "9"}, "nik"), ({"name": ""}, "name"), ({"address": " "}, "address"),
    ({"need": ""}, "need"), ({"phone": None, "email": None}, "contact"), ({"phone": "021-555"}, "phone"),
    ({"email": "siti"}, "email"), ({"consent": False}, "consent"), ({"consent": None}, "consent"),
    ({"language": "fr"}, "language"), ({"name": "Siti\u202eanimA"}, "name"),
])
def test_each_problem_is_named_by_its_field(changes, field):
    with pytest.raises(DomainError) as caught:
        rules.checked_application(valid(**changes), TODAY)
    assert caught.value.code == "invalid_field"
    assert [p["field"] for p in caught.value.extra["errors"]] == [field]


def test_the_nik_is_refused_in_the_kiosks_words():
    with pytest.raises(DomainError) as caught:
        rules.checked_application(valid(nik="99" + nik_for(1)[2:]), TODAY)
    [problem] = caught.value.extra["errors"]
    expected = nik_rules.check("99" + nik_for(1)[2:], today=TODAY).errors[0]
    assert (problem["message"], problem["message_en"]) == (expected.message("id"), expected.message("en"))


def test_replies_come_from_the_results_templates_and_never_carry_a_nik():
    for result in ("registered", "not_registered", "home_visit"):
        text = rules.default_reply(result, "Siti Aminah")
        assert "Siti" not in text and not rules.has_nik_run(text)  # the public status page shows it
        assert "Siti" not in rules.default_reply(result, "Siti Aminah", "en") and text.startswith("Yth. Bapak/Ibu")
    assert rules.has_nik_run(f"NIK {nik_for(1)}")
    assert rules.has_nik_run("3276 0101 0190 0001") and rules.has_nik_run("3276.0101.0190.0001")
    assert not rules.has_nik_run("kode 2026-12-03, telepon 0812 3456 7890")
    with pytest.raises(DomainError):
        rules.default_reply("maybe", "Siti")


def test_tracking_codes_are_random_and_readable():
    codes = {rules.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(rules.CODE_PATTERN.match(c) for c in codes)
    assert not any(ch in "".join(codes) for ch in "01ILO")
