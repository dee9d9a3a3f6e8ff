"""Bookings, as rules: the check-in window and the queue place, the code, the words."""

import datetime as dt
from zoneinfo import ZoneInfo

from server.domain import bookings

JAKARTA = ZoneInfo("Asia/Jakarta")
DAY = "2026-12-08"


def at(hour: int, minute: int) -> float:
    return dt.datetime(2026, 12, 8, hour, minute, tzinfo=JAKARTA).timestamp()


def test_checked_in_within_the_window_a_booking_queues_as_of_half_an_hour_before_its_slot():
    window_opens = at(8, 30)
    assert bookings.queue_place(DAY, 9, at(8, 50), JAKARTA) == window_opens
    assert bookings.queue_place(DAY, 9, at(9, 15), JAKARTA) == window_opens


def test_earlier_than_the_window_it_queues_from_arrival_like_anyone():
    assert bookings.queue_place(DAY, 9, at(7, 45), JAKARTA) == at(7, 45)


def test_after_the_window_it_is_late_and_joins_as_a_walk_in():
    assert bookings.queue_place(DAY, 9, at(9, 16), JAKARTA) is None


def test_a_booking_code_is_eight_unambiguous_characters_shown_in_two_groups():
    codes = {bookings.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert bookings.is_code(code)
        assert not set(code) & set("01ILO")
    assert bookings.shown_code("K7QM2XPA") == "K7QM-2XPA"


def test_the_slot_in_words_in_both_languages():
    assert bookings.when_words(DAY, 9) == "Selasa, 8 Desember 2026 pukul 09.00"
    assert bookings.when_words(DAY, 13, "en") == "Tuesday, 8 December 2026 at 13:00"
