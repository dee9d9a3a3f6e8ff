"""The SKM arithmetic of PermenPAN-RB 14/2017, checked against figures worked out by hand.

Each expected figure below is written from the regulation's method (mean per element,
mean of the nine, x 25, two decimals half up, grade table) or from Krejcie & Morgan's
published table, not from this code's output.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from server.domain import skm

# Four citizens of Pak Made's Tuesday at the front office (answers U1..U9).
FOUR = [
    [4, 3, 4, 4, 3, 4, 4, 3, 4],
    [3, 3, 4, 4, 3, 3, 4, 2, 3],
    [4, 2, 3, 4, 3, 4, 4, 3, 3],
    [3, 3, 3, 4, 4, 3, 4, 2, 4],
]


def test_four_respondents_give_the_nrr_index_score_and_grade_worked_out_by_hand():
    # U1 (4+3+4+3)/4 = 3.5, U2 11/4, U3 14/4, U4 16/4, U5 13/4, U6 14/4, U7 16/4, U8 10/4, U9 14/4
    expected_nrr = [3.5, 2.75, 3.5, 4.0, 3.25, 3.5, 4.0, 2.5, 3.5]
    figures = skm.summarize(FOUR)
    assert figures["respondents"] == 4
    assert figures["nrr"] == expected_nrr
    # index = 30.5 / 9 = 3.3889; score = 84.7222... -> 84.72, "Baik"
    assert figures["index"] == pytest.approx(3.3889, abs=1e-4)
    assert figures["score"] == 84.72
    assert (figures["grade"], figures["grade_label"], figures["grade_label_en"]) == ("B", "Baik", "Good")
    # the three weakest: U8 (2.5), U2 (2.75), U5 (3.25)
    assert figures["priorities"] == ["U8", "U2", "U5"]


def test_a_score_ending_in_five_thousandths_is_rounded_half_up_like_a_spreadsheet():
    # one citizen all "sangat" (4), seven all 3: 36 + 189 = 225 points over 72 answers,
    # index 3.125, score 78.125 -> 78.13 (banker's rounding would give 78.12)
    eight = [[4] * 9] + [[3] * 9] * 7
    figures = skm.summarize(eight)
    assert figures["index"] == 3.125
    assert figures["score"] == 78.13
    assert skm.score(3.125) == Decimal("78.13")


@pytest.mark.parametrize("score, letter, words", [
    ("100.00", "A", "Sangat Baik"), ("88.31", "A", "Sangat Baik"), ("88.30", "B", "Baik"),
    ("76.61", "B", "Baik"), ("76.60", "C", "Kurang Baik"), ("65.00", "C", "Kurang Baik"),
    ("64.99", "D", "Tidak Baik"), ("25.00", "D", "Tidak Baik"),
])
def test_the_grade_boundaries_of_the_regulation(score, letter, words):
    assert skm.grade(Decimal(score))[0] == letter
    assert skm.grade(Decimal(score))[1][0] == words


def test_everyone_answering_best_or_worst_gives_the_ends_of_the_scale():
    assert skm.summarize([[4] * 9] * 3)["score"] == 100.0
    worst = skm.summarize([[1] * 9])
    assert (worst["score"], worst["grade"]) == (25.0, "D")


def test_no_respondents_gives_no_figures_rather_than_a_made_up_zero():
    figures = skm.summarize([])
    assert figures["respondents"] == 0
    assert figures["nrr"] == [None] * 9
    assert figures["index"] is None and figures["score"] is None and figures["grade"] is None
    assert figures["priorities"] == []


@pytest.mark.parametrize("population, sample", [
    # Krejcie & Morgan (1970), Table 1
    (10, 10), (50, 44), (100, 80), (200, 132), (500, 217), (1000, 278), (2000, 322),
    (5000, 357), (10000, 370), (75000, 382), (1000000, 384),
])
def test_the_sample_target_follows_krejcie_and_morgans_table(population, sample):
    assert skm.sample_size(population) == sample


def test_no_citizen_served_needs_no_sample():
    assert skm.sample_size(0) == 0
    assert skm.sample_size(1) == 1


@pytest.mark.parametrize("answers, ok", [
    ([3] * 9, True), ([1, 2, 3, 4, 1, 2, 3, 4, 1], True), ([3] * 8, False), ([3] * 10, False),
    ([0] + [3] * 8, False), ([5] + [3] * 8, False), ([True] + [3] * 8, False), (["3"] + [3] * 8, False),
])
def test_a_response_is_nine_whole_answers_from_one_to_four(answers, ok):
    assert skm.valid_answers(answers) is ok


@pytest.mark.parametrize("typed, shown", [
    ("Pelayanan cepat, terima kasih", "Pelayanan cepat, terima kasih"),
    ("NIK saya 3271014112900777 belum masuk DTKS", "NIK saya 3271********0777 belum masuk DTKS"),
    ("NIK 3271 0141 1290 0777 tolong dicek", "NIK 3271********0777 tolong dicek"),
    ("hubungi 0812-3456-7890 ya", "hubungi 0812******90 ya"),
    ("WA +62 812 3456 7890", "WA +6281*******90"),
    ("antre dari jam 08.00, 3 jam, tahun 2025", "antre dari jam 08.00, 3 jam, tahun 2025"),
])
def test_nik_and_phone_numbers_in_a_suggestion_are_masked(typed, shown):
    assert skm.mask_contacts(typed) == shown


@pytest.mark.parametrize("age, group", [(17, "<20"), (20, "20-29"), (59, "50-59"), (60, "60+"), (None, None)])
def test_age_groups_of_the_respondent_profile(age, group):
    assert skm.age_group(age) == group
