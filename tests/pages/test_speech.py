"""The spoken call in Bahasa Indonesia (PRODUCT.md §6): words, sentence, and the WAV."""

import shutil
import wave

import pytest

from server.domain.speech import LETTER_NAMES, announcement_text, number_words, split_number, spoken_text
from server.http.tts import Speaker, make_chime


@pytest.mark.parametrize("n, words", [
    (0, "nol"), (1, "satu"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"), (19, "sembilan belas"),
    (20, "dua puluh"), (21, "dua puluh satu"), (100, "seratus"), (101, "seratus satu"),
    (110, "seratus sepuluh"), (111, "seratus sebelas"), (999, "sembilan ratus sembilan puluh sembilan"),
    (123, "seratus dua puluh tiga"), (200, "dua ratus"), (1000, "seribu"), (1001, "seribu satu"),
    (2015, "dua ribu lima belas"),
])
def test_number_words(n, words):
    assert number_words(n) == words


def test_number_words_agree_with_lokal_terbilang():
    lokal = pytest.importorskip("lokal")
    assert all(number_words(n) == lokal.terbilang(n) for n in range(0, 3000))


@pytest.mark.parametrize("number, counter, text", [
    ("A-012", "Loket 2", "Nomor antrean, A, dua belas, silakan menuju loket dua."),
    ("A-123", "Loket 2", "Nomor antrean, A, seratus dua puluh tiga, silakan menuju loket dua."),
    ("B-001", "Loket 3", "Nomor antrean, B, satu, silakan menuju loket tiga."),
    ("C-010", "Loket 4", "Nomor antrean, C, sepuluh, silakan menuju loket empat."),
    ("D-111", "Loket 11", "Nomor antrean, D, seratus sebelas, silakan menuju loket sebelas."),
])
def test_announcement_speaks_words_never_zero_padded_digits(number, counter, text):
    assert announcement_text(number, counter) == text


def test_phrase_comes_from_the_office():
    assert announcement_text("A-019", "Loket 1", "Nomor antrian") == \
        "Nomor antrian, A, sembilan belas, silakan menuju loket satu."


def test_synthesiser_gets_letter_names():
    assert spoken_text("C-021", "Loket 4") == "Nomor antrean, ce, dua puluh satu, silakan menuju loket empat."
    assert LETTER_NAMES["Q"] == "ki" and LETTER_NAMES["X"] == "eks" and LETTER_NAMES["Z"] == "zet"


@pytest.mark.parametrize("bad", ["", "12", "AA-1", "A-", "A-1x"])
def test_only_ticket_numbers_are_spoken(bad):
    with pytest.raises(ValueError):
        split_number(bad)


def _seconds(path):
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def test_call_wav_is_chime_then_speech_and_cached(tmp_path):
    chime = make_chime(tmp_path / "chime.wav")
    s = Speaker(tmp_path / "cache", chime=chime)
    alone = s.call_wav(None)
    assert 1.0 < _seconds(alone) < 2.0
    path = s.call_wav("Nomor antrean, a, dua belas, silakan menuju loket dua.")
    if shutil.which("espeak-ng"):
        assert _seconds(path) > _seconds(alone) + 2  # the sentence is several seconds long
    mtime = path.stat().st_mtime_ns
    assert s.call_wav("Nomor antrean, a, dua belas, silakan menuju loket dua.") == path
    assert path.stat().st_mtime_ns == mtime


def test_without_espeak_the_chime_still_sounds(tmp_path):
    s = Speaker(tmp_path / "cache", chime=make_chime(tmp_path / "chime.wav"), espeak="/nonexistent/espeak-ng")
    assert _seconds(s.call_wav("Nomor antrean, a, satu, silakan menuju loket satu.")) > 1.0
