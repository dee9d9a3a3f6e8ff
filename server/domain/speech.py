"""What the lobby hears: Indonesian number words and the call announcement (PRODUCT.md §6).

Pure functions, no I/O. ``announcement_text`` is what a person reads ("Nomor
antrean, A, dua belas, silakan menuju loket dua."); ``spoken_text`` is the same
sentence with the letter written as its Indonesian name, because a synthesiser
reads a lone "C" or "E" unreliably.

``number_words`` is ours rather than ``lokal.terbilang`` (which gives the same
words, tested from 0 to 99,999): importing any ``lokal`` module runs its package
``__init__``, which loads megabytes the lobby server does not need.
"""

from __future__ import annotations

import re

from common.vocabulary import parse_number

_UNITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]

LETTER_NAMES = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                        "a be ce de e ef ge ha i je ka el em en o pe ki er es te u ve we eks ye zet".split()))

DEFAULT_PHRASE = "Nomor antrean"

def number_words(n: int) -> str:
    """0 → "nol", 11 → "sebelas", 123 → "seratus dua puluh tiga", 1000 → "seribu"."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 10:
        return _UNITS[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_UNITS[tens]} puluh" + (f" {_UNITS[rest]}" if rest else "")
    for size, word, one in ((10**9, "miliar", None), (10**6, "juta", None), (1000, "ribu", "seribu"),
                            (100, "ratus", "seratus")):
        if n >= size:
            head, rest = divmod(n, size)
            if head == 1 and one:
                text = one
            else:
                text = f"{number_words(head)} {word}"
            return text + (f" {number_words(rest)}" if rest else "")
    raise AssertionError(n)  # unreachable


def _digits_to_words(text: str) -> str:
    return re.sub(r"\d+", lambda m: number_words(int(m.group())), text)


def split_number(number: str) -> tuple[str, int]:
    """"A-012" → ("A", 12) (also "a12"). Raises ValueError for anything else."""
    parsed = parse_number(number, loose=True)
    if parsed is None:
        raise ValueError(f"not a ticket number: {number!r}")
    return parsed.prefix, parsed.seq


def _sentence(phrase: str, letter: str, n: int, counter_name: str) -> str:
    phrase = (phrase or DEFAULT_PHRASE).strip().rstrip(",")
    counter = _digits_to_words(counter_name.strip()).lower()
    return f"{phrase}, {letter}, {number_words(n)}, silakan menuju {counter}."


def announcement_text(number: str, counter_name: str, phrase: str = DEFAULT_PHRASE) -> str:
    """"A-012", "Loket 2" → "Nomor antrean, A, dua belas, silakan menuju loket dua."."""
    letter, n = split_number(number)
    return _sentence(phrase, letter, n, counter_name)


def spoken_text(number: str, counter_name: str, phrase: str = DEFAULT_PHRASE) -> str:
    """The text given to the synthesiser: the letter as its name ("be", "ce", ...)."""
    letter, n = split_number(number)
    return _sentence(phrase, LETTER_NAMES[letter], n, counter_name)
