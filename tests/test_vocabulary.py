"""One vocabulary: the ticket number's format and its inverse, and the words served to pages."""

import json

from hypothesis import given, strategies as st

from common import vocabulary as vocab
from server.domain.errors import MESSAGES
from server.http.status import STATUS, unmapped_codes

letters = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
seqs = st.integers(min_value=1, max_value=vocab.MAX_SEQ)


@given(letters, seqs)
def test_parse_is_the_inverse_of_format(prefix, seq):
    assert vocab.parse_number(vocab.format_number(prefix, seq)) == (prefix, seq)


def test_numbers_are_zero_padded_to_three_digits():
    assert vocab.format_number("A", 1) == "A-001"
    assert vocab.format_number("C", 1000) == "C-1000"


def test_strict_parse_refuses_what_the_server_never_prints():
    for text in ("A-1", "a-001", "A001", "AB-001", "A-000", "A-001 ", "", "A-123456", None):
        assert vocab.parse_number(text) is None, text


def test_loose_parse_reads_what_staff_type_or_scan():
    assert vocab.parse_number("a12", loose=True) == ("A", 12)
    assert vocab.parse_number(" B 007 ", loose=True) == ("B", 7)
    assert vocab.parse_number("A-0", loose=True) is None


def test_every_domain_error_code_has_one_http_status():
    assert unmapped_codes() == set()
    assert set(STATUS) == set(MESSAGES)
    assert all(400 <= status < 600 for status in STATUS.values())


def test_the_pages_get_the_same_words_as_the_server(server):
    body = server.client().get("/pages/vocabulary.js")
    assert body.status_code == 200 and body.headers["content-type"].startswith("text/javascript")
    served = json.loads(body.text.split("Object.freeze(", 1)[1].rsplit(");", 1)[0])
    assert served == json.loads(json.dumps(vocab.as_dict()))
    assert served["day_names"]["id"][0] == "Senin"   # Monday first, like Python's weekday()


def test_long_date_reads_like_a_letter():
    import datetime as dt
    assert vocab.long_date(dt.date(2026, 12, 1)) == "Selasa, 1 Desember 2026"
    assert vocab.long_date(dt.date(2026, 12, 1), "en") == "Tuesday, 1 December 2026"
