"""NIK rules (PRODUCT.md section 3), as both kiosk and server apply them."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common import nik

TODAY = dt.date(2026, 11, 23)


def codes(text, **kw):
    return [e.code for e in nik.check(text, today=TODAY, **kw).errors]


@pytest.mark.parametrize("text", [
    "3277014112900003",      # woman: day 41 = 1st
    "3277010112900003",      # man, same date
    "6501010101800001",      # Kalimantan Utara (65): python-stdnum wrongly rejects it
    "9601010101800001",      # Papua Barat Daya (96)
    "3277 0101 1290 0003",   # typed with spaces
    "3277.0101.1290.0003",
    "3277-0101-1290-0003",
])
def test_valid_niks(text):
    check = nik.check(text, today=TODAY)
    assert check.valid, check.errors
    assert check.digits == nik.normalize(text) and len(check.digits) == 16


def test_female_day_plus_forty_gives_birth_date_and_sex():
    check = nik.check("3277017112900003", today=TODAY)  # 71 = 31st, woman
    assert check.valid and check.female is True and check.birth_date == dt.date(1990, 12, 31)
    assert nik.check("3277013112900003", today=TODAY).female is False


@pytest.mark.parametrize("dd", ["00", "32", "40", "72", "99"])
def test_impossible_days(dd):
    assert codes(f"327701{dd}12900003") == ["birth_day"]


def test_leap_days():
    assert nik.check("3277012902000001", today=TODAY).valid          # 29-02-2000
    assert nik.check("3277016902960001", today=TODAY).valid          # woman, 29-02-1996
    assert codes("3277012902010001") == ["birth_date"]               # 2001 is not a leap year
    assert codes("3277013104900001") == ["birth_date"]               # 31 April


def test_century_is_inferred_from_this_year():
    assert nik.check("3277010101260001", today=TODAY).birth_date.year == 2026
    assert nik.check("3277010101270001", today=TODAY).birth_date.year == 1927


@pytest.mark.parametrize("pp", ["00", "10", "20", "22", "37", "50", "54", "66", "77", "83", "90", "97", "99"])
def test_bad_province(pp):
    assert codes(f"{pp}77010101900001") == ["province"]


def test_exactly_38_provinces():
    assert len(nik.PROVINCE_CODES) == 38 and "97" not in nik.PROVINCE_CODES and "65" in nik.PROVINCE_CODES


def test_zero_region_codes_and_serial():
    assert codes("3200010101900001") == ["regency_zero"]
    assert codes("3277000101900001") == ["district_zero"]
    assert codes("3277010101900000") == ["serial"]


@pytest.mark.parametrize("text,code", [
    ("", "empty"), ("   ", "empty"), ("327701010190", "too_short"), ("32770101019000011", "too_long"),
    ("3277O10101900001", "not_digits"), ("abcd", "not_digits"), ("３２７７０１０１０１９０００１", "not_digits"),
])
def test_wrong_shape(text, code):
    assert codes(text) == [code]


def test_messages_exist_in_both_languages():
    issue = nik.check("327701", today=TODAY).errors[0]
    assert "16" in issue.message("id") and "16" in issue.message("en")
    assert issue.message("id") != issue.message("en")
    assert set(issue.as_dict()) == {"code", "message", "message_en"}


def test_unknown_region_is_only_a_warning():
    check = nik.check("9271010101900001", today=TODAY, region_lookup=lambda code: None)
    assert check.valid and [w.code for w in check.warnings] == ["region_unknown"]
    check = nik.check("9271010101900001", today=TODAY, region_lookup=lambda code: "Kota Sorong")
    assert check.valid and not check.warnings


def test_partial_reports_only_what_more_typing_cannot_fix():
    assert nik.check_partial("32", today=TODAY).valid
    assert [e.code for e in nik.check_partial("97", today=TODAY).errors] == ["province"]
    assert [e.code for e in nik.check_partial("32770101", today=TODAY).errors] == []
    assert [e.code for e in nik.check_partial("3277013513", today=TODAY).errors] == ["birth_day", "birth_month"]
    assert [e.code for e in nik.check_partial("327701290201", today=TODAY).errors] == ["birth_date"]


def test_mask_and_group():
    assert nik.mask("3277014112900003") == "3277********0003"
    assert nik.group("3277014112900003") == "3277 0141 1290 0003"


def test_age_is_a_hint():
    assert nik.check("3277010101500001", today=TODAY).age_on(TODAY) == 76


valid_niks = st.builds(
    lambda pp, kk, cc, date, female, serial: (
        f"{pp}{kk:02d}{cc:02d}{date.day + (40 if female else 0):02d}{date.month:02d}"
        f"{date.year % 100:02d}{serial:04d}"),
    st.sampled_from(sorted(nik.PROVINCE_CODES)), st.integers(1, 99), st.integers(1, 99),
    st.dates(dt.date(1927, 1, 1), TODAY), st.booleans(), st.integers(1, 9999))


@given(valid_niks)
def test_property_every_well_formed_nik_is_valid_and_masked(text):
    check = nik.check(text, today=TODAY)
    assert check.valid, check.errors
    masked = nik.mask(text)
    assert masked[:4] == text[:4] and masked[-4:] == text[-4:] and text[4:12] not in masked


@given(st.text(max_size=30))
def test_property_check_never_crashes_and_partial_agrees_when_complete(text):
    full = nik.check(text, today=TODAY)
    assert full.valid == (not full.errors)
    if len(nik.normalize(text)) == 16:
        assert [e.code for e in nik.check_partial(text, today=TODAY).errors] == [e.code for e in full.errors]
