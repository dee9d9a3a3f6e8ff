"""Numbers from phones, as rules: the phones' share of the quota and what a kiosk reads from a phone."""

import pytest

from server.domain.remote import parse_code, phone_limit


@pytest.mark.parametrize("quota, walk_in_share, phones_may", [
    (100, 50, 50), (100, 30, 70), (5, 60, 2), (7, 50, 3), (10, 100, 0), (10, 0, 10)])
def test_phones_take_at_most_the_quota_less_the_walk_in_share_rounded_down(quota, walk_in_share, phones_may):
    assert phone_limit(quota, walk_in_share) == phones_may


def test_no_quota_no_limit_for_phones():
    assert phone_limit(None, 50) is None


@pytest.mark.parametrize("shown, read", [
    ("K7QM-2XPA", ("booking", "K7QM2XPA")),
    ("k7qm 2xpa", ("booking", "K7QM2XPA")),
    ("http://antre.local/b/K7QM2XPA", ("booking", "K7QM2XPA")),
    ("D-007", ("number", "D-007")),
    ("d7", ("number", "D-007")),
    ("A 012", ("number", "A-012")),
    ("http://antre.local/t/-1GONbyxWmtWiSt2Ckzmww", ("token", "-1GONbyxWmtWiSt2Ckzmww")),
    ("-1GONbyxWmtWiSt2Ckzmww", ("token", "-1GONbyxWmtWiSt2Ckzmww")),
])
def test_the_kiosk_reads_a_booking_code_a_number_or_a_token_however_it_is_shown(shown, read):
    assert parse_code(shown) == read


def test_a_code_with_an_ambiguous_letter_is_not_a_booking_code():
    # 0, 1, I, L, O never appear in a booking code: typed by mistake it is not one.
    assert parse_code("K7QM-2XP0")[0] != "booking"
