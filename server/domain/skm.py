"""The SKM arithmetic of PermenPAN-RB 14/2017: pure functions, no I/O.

The regulation's method is small but exact, and an office compares our figure with the
one its staff compute by hand in a spreadsheet, so every step follows the text:

* per element the NRR is the mean of its answers (1-4);
* the index is the mean of the nine NRR (the regulation writes the weight 1/9 as "0,11";
  we divide by nine, which is what the weight stands for);
* the converted score is index x 25, rounded to two decimals **half up** (a spreadsheet's
  ROUND, not Python's banker's rounding), and the grade is read from that rounded score;
* the sample the office should reach is Krejcie & Morgan's, on the citizens served.

Suggestions are free text a citizen typed on a phone: a NIK or a phone number in them is
masked before any report, export or PDF shows them.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction
from typing import Iterable, Optional, Sequence

from common import vocabulary as vocab
from server.domain.privacy import mask_niks

ELEMENTS = len(vocab.SKM_ELEMENTS)  # nine
ANSWER_MIN, ANSWER_MAX = 1, 4
SCORE_FACTOR = 25

# Krejcie & Morgan (1970): chi-square for one degree of freedom at 95 %, the population's
# proportion taken as 0.5 (the largest sample), and a 5 % margin.
CHI_SQUARE = 3.841
PROPORTION = 0.5
MARGIN = 0.05

# Age groups for the respondent profile (the regulation's form asks the age in years).
AGE_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("<20", 0, 19), ("20-29", 20, 29), ("30-39", 30, 39), ("40-49", 40, 49), ("50-59", 50, 59), ("60+", 60, 200),
)


def valid_answers(answers: Sequence[int]) -> bool:
    """Nine whole answers, each 1-4 (True and False are not answers)."""
    return (len(answers) == ELEMENTS
            and all(type(a) is int and ANSWER_MIN <= a <= ANSWER_MAX for a in answers))


def nrr(responses: Sequence[Sequence[int]]) -> list[Optional[float]]:
    """Per element, the mean of its answers (None for every element when nobody answered)."""
    if not responses:
        return [None] * ELEMENTS
    return [sum(r[i] for r in responses) / len(responses) for i in range(ELEMENTS)]


def index(nrrs: Sequence[Optional[float]]) -> Optional[float]:
    """The mean of the nine NRR: each weighs 1/9 (the regulation's "0,11")."""
    if any(x is None for x in nrrs):
        return None
    return sum(nrrs) / ELEMENTS


def score(idx) -> Optional[Decimal]:
    """index x 25 rounded half up to two decimals, as Decimal so 78.125 becomes 78.13.

    ``idx`` is best a ``Fraction`` (``exact_index``): the regulation's figure is a ratio
    of whole numbers, and rounding it exactly keeps 78.125 from drifting to 78.12 the
    way a binary float or banker's rounding would. A float is read through its repr."""
    if idx is None:
        return None
    exact = idx if isinstance(idx, Fraction) else Fraction(Decimal(repr(idx)))
    hundredths = math.floor(exact * SCORE_FACTOR * 100 + Fraction(1, 2))
    return Decimal(hundredths) / 100


def exact_index(responses: Sequence[Sequence[int]]) -> Optional[Fraction]:
    """The index as an exact ratio: the mean of the nine means of ``n`` answers each
    is the sum of every answer over 9n."""
    if not responses:
        return None
    return Fraction(sum(sum(r[:ELEMENTS]) for r in responses), ELEMENTS * len(responses))


def grade(converted: Optional[Decimal]) -> Optional[tuple[str, tuple[str, str]]]:
    """(letter, (words id, en)) for a converted score rounded to two decimals."""
    if converted is None:
        return None
    for lowest, letter, words in vocab.SKM_GRADES:
        if converted >= Decimal(lowest):
            return letter, words
    return vocab.SKM_GRADES[-1][1], vocab.SKM_GRADES[-1][2]  # below 25 cannot happen with answers 1-4


def sample_size(population: int) -> int:
    """Krejcie & Morgan's sample for ``population``: 1,000 -> 278, 500 -> 217, 100 -> 80.

    s = X2.N.P(1-P) / (d2.(N-1) + X2.P(1-P)), taken to the nearest whole respondent: that
    is how their published table (the one offices check against) reads; rounding up would
    differ from it at 44 of its 80 rows (500 -> 218, 2,000 -> 323)."""
    if population <= 0:
        return 0
    pq = PROPORTION * (1 - PROPORTION)
    s = CHI_SQUARE * population * pq / (MARGIN ** 2 * (population - 1) + CHI_SQUARE * pq)
    return min(population, math.floor(s + 0.5))


def priorities(nrrs: Sequence[Optional[float]], count: int = 3) -> list[str]:
    """The codes of the ``count`` weakest elements, lowest NRR first (ties: regulation order)."""
    known = [(v, i) for i, v in enumerate(nrrs) if v is not None]
    return [vocab.SKM_ELEMENTS[i]["code"] for _, i in sorted(known)[:count]]


def age_group(age: Optional[int]) -> Optional[str]:
    if age is None:
        return None
    for name, low, high in AGE_GROUPS:
        if low <= age <= high:
            return name
    return None


# An Indonesian phone number as people write it: +62 / 62 / 0, then 8 and 7-12 more
# digits, perhaps grouped by spaces, dots or hyphens. A 16-digit NIK is masked first.
_PHONE_LIKE = re.compile(r"(?<![\d+])(?:\+62|62|0)[ .\-]?8(?:[ .\-]?\d){7,12}(?![\d])")


def mask_contacts(text: str) -> str:
    """``text`` with NIK-like and phone-like numbers masked: a suggestion is shown to the
    office and put in exports, and the citizen may have typed their NIK or number in it."""
    if not text:
        return text

    def _phone(m: re.Match) -> str:
        digits = "".join(ch for ch in m.group(0) if ch.isdigit())
        lead = "+" if m.group(0).startswith("+") else ""
        return lead + digits[:4] + "*" * (len(digits) - 6) + digits[-2:]
    return _PHONE_LIKE.sub(_phone, mask_niks(text))


def summarize(responses: Iterable[Sequence[int]]) -> dict:
    """The regulation's figures for a set of nine-answer responses (the report's core)."""
    rows = list(responses)
    nrrs = nrr(rows)
    idx = exact_index(rows)
    conv = score(idx)
    graded = grade(conv)
    return {
        "respondents": len(rows),
        "nrr": [None if v is None else round(v, 4) for v in nrrs],
        "index": None if idx is None else round(float(idx), 4),
        "score": None if conv is None else float(conv),
        "grade": graded[0] if graded else None,
        "grade_label": graded[1][0] if graded else None,
        "grade_label_en": graded[1][1] if graded else None,
        "priorities": priorities(nrrs),
    }
