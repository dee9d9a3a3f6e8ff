"""The age a NIK encodes, as the clerk sees it: whole years on the office's day."""

from server.domain.citizen import age_on

BORN_2_DEC_1964_WOMAN = "3271014212640777"
BORN_1_DEC_1990_MAN = "3271010112900001"


def test_the_age_turns_on_the_birthday_itself():
    assert age_on(BORN_2_DEC_1964_WOMAN, "2026-12-01") == 61
    assert age_on(BORN_2_DEC_1964_WOMAN, "2026-12-02") == 62


def test_a_man_s_nik_carries_the_day_without_forty():
    assert age_on(BORN_1_DEC_1990_MAN, "2026-12-01") == 36


def test_no_nik_or_an_impossible_birth_date_gives_no_age():
    assert age_on(None, "2026-12-01") is None
    assert age_on("3271019912640777", "2026-12-01") is None   # day 99
