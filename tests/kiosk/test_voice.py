"""Spoken guidance: the kiosk says, in the citizen's language, what to do at each step.

The journey runs on the real Kivy kiosk against the real server with a recording
speaker in place of the loudspeaker; the real speaker (espeak-ng to a WAV file,
played through Kivy's SDL2 audio) is exercised on its own.
"""

from __future__ import annotations

import wave
from dataclasses import replace

from kiosk.devices.speaker import EspeakSpeaker, RecordingSpeaker
from kiosk.voice import guidance, spoken_number
from tests.kiosk.conftest import SIZES
from tests.kiosk.helpers import NIK


def listening(k) -> RecordingSpeaker:
    k.root.voice.speaker = ear = RecordingSpeaker()
    return ear


def sentences(ear: RecordingSpeaker) -> list[str]:
    return [u.text for u in ear.said]


def test_given_ibu_siti_takes_a_number_then_each_step_is_spoken_once_in_indonesian(server, open_kiosk):
    k = open_kiosk(server.url, server.creds["kiosk_key"], size=SIZES["tablet"])
    ear = listening(k)
    k.wait(lambda: k.c.feed.services)
    assert ear.said == [], "a kiosk just switched on greets nobody"
    k.tap(k.ids("welcome").start)
    k.wait(lambda: k.screen == "service" and k.ids("service").tiles.children)
    k.tap(k.root.screen("service").tile("A"))
    k.tap(k.root.screen("priority").button(None))
    k.type_nik("97")                                    # no province 97: a problem, said once
    k.tap(k.root.screen("nik").key("clear"))
    k.type_nik(NIK)
    k.tap(k.ids("nik").next)
    k.tap(k.ids("privacy").agree)
    k.tap(k.ids("confirm").print)
    k.wait_screen("done")
    k.pump(2)
    k.tap(k.ids("done").finish)
    k.pump(2)
    said = sentences(ear)
    assert said == [
        "Silakan pilih layanan yang Anda perlukan.",
        said[1],
        "Ketik enam belas angka NIK dari KTP Anda, lalu tekan Lanjut.",
        "NIK belum benar. Periksa lagi angka di KTP Anda, atau minta bantuan petugas.",
        "Ketik enam belas angka NIK dari KTP Anda, lalu tekan Lanjut.",
        "NIK Anda hanya dipakai untuk layanan hari ini. Tekan Setuju untuk lanjut.",
        "Periksa pilihan Anda. Jika sudah benar, tekan Cetak Tiket.",
        "Nomor antrean Anda a, satu. Silakan ambil tiket Anda, lalu tunggu sampai dipanggil.",
        "Selamat datang. Sentuh layar untuk mengambil nomor antrean.",
    ], said
    assert said[1].startswith("Apakah Anda lanjut usia")
    assert {u.lang for u in ear.said} == {"id"} and {u.volume for u in ear.said} == {0.8}
    assert not any(NIK[:6] in s or "3277" in s for s in said), "no NIK is ever said aloud"


def test_in_english_the_guidance_is_english(server, open_kiosk):
    k = open_kiosk(server.url, server.creds["kiosk_key"], size=SIZES["tablet"])
    ear = listening(k)
    k.wait(lambda: k.c.feed.services)
    k.tap(k.root.ids.lang)
    k.tap(k.ids("welcome").start)
    k.wait(lambda: k.screen == "service")
    k.pump(2)
    assert ear.said[-1].text == "Please choose the service you need." and ear.said[-1].lang == "en"


def test_given_the_technician_switched_the_voice_off_or_down_then_the_kiosk_obeys_at_once(server, open_kiosk):
    k = open_kiosk(server.url, server.creds["kiosk_key"], size=SIZES["tablet"], voice=False)
    ear = listening(k)
    k.wait(lambda: k.c.feed.services)
    k.tap(k.ids("welcome").start)
    k.wait(lambda: k.screen == "service")
    k.pump(2)
    assert ear.said == []
    k.c.cfg = replace(k.c.cfg, voice=True, voice_volume=0.3)     # what "Simpan & kembali" does
    k.tap(k.root.screen("service").tile("A"))
    k.pump(2)
    assert [(u.text[:12], u.volume) for u in ear.said] == [("Apakah Anda ", 0.3)]


def test_the_number_is_said_as_words():
    assert spoken_number("A-012", "id") == "a, dua belas"
    assert spoken_number("C-105", "id") == "ce, seratus lima"
    assert spoken_number("B-003", "en") == "B, 3"


def test_the_technician_pages_say_nothing():
    class J:
        step, lang, nik_errors, ticket, session = "technician", "id", (), None, 1
    assert guidance(J()) is None


def test_the_real_speaker_renders_indonesian_offline_once_and_plays_it_through_kivy_audio(window, tmp_path):
    from kiosk.app import KivyPlayer

    played = []
    speaker = EspeakSpeaker(tmp_path / "voice", lambda path, volume: played.append((path, volume)))
    path = speaker.wav("Silakan pilih layanan yang Anda perlukan.", "id")
    with wave.open(str(path)) as w:
        seconds = w.getnframes() / w.getframerate()
    assert 1.0 < seconds < 10.0
    assert speaker.wav("Silakan pilih layanan yang Anda perlukan.", "id") == path and speaker.rendered == 1
    assert speaker.wav("Please choose the service you need.", "en") != path and speaker.rendered == 2

    speaker.say("Silakan ambil tiket Anda.", "id", 0.5)
    import time
    deadline = time.monotonic() + 10
    while not played:
        assert time.monotonic() < deadline, "nothing was played"
        time.sleep(0.02)
    speaker.stop()
    assert played[0][1] == 0.5 and played[0][0].exists()

    sound = KivyPlayer().play(str(played[0][0]), 0.5)    # the sound card here is SDL's dummy driver
    assert sound is not None and sound.length > 0.5 and sound.state == "play"
    assert abs(sound.volume - 0.5) < 0.01
    sound.stop()


def test_given_pak_budi_on_the_technician_screen_when_he_turns_the_voice_down_and_off_then_it_is_saved_and_obeyed(
        server, open_kiosk, tmp_path):
    import tomllib

    import pytest

    from tests.kiosk.test_gui import assert_everything_fits
    from tests.kiosk.test_technician import open_kiosk_for_technician, open_technician

    k, clock = open_kiosk_for_technician(open_kiosk, server, tmp_path)
    ear = listening(k)
    open_technician(k, clock)
    screen, ids = k.root.screen("technician"), k.ids("technician")
    assert screen.voice_buttons[True].text == "Nyala" and ids.voice.text == "80%"
    for size_name in ("tablet", "laptop", "portrait"):
        k.resize(SIZES[size_name])
        assert_everything_fits(k)
        row, nav = ids.row_voice, ids.nav
        assert row.to_window(row.x, row.y)[1] >= nav.to_window(nav.x, nav.top)[1] - 1, "the voice row is above the buttons"
        k.shot(f"kiosk-technician-voice-{size_name}")
    k.resize(SIZES["tablet"])
    k.tap(ids.voice_less)
    k.tap(ids.voice_less)
    assert ids.voice.text == "60%"
    k.tap(ids.save)
    k.wait(lambda: k.screen == "welcome" and k.c.feed.services)    # the settings applied: tiles asked again
    saved = tomllib.loads((tmp_path / "kiosk.toml").read_text())["kiosk"]
    assert saved["voice"] is True and saved["voice_volume"] == pytest.approx(0.6)
    k.tap(k.ids("welcome").start)
    k.wait_screen("service")
    k.pump(2)
    assert ear.said[-1].volume == pytest.approx(0.6)

    clock.advance(60)
    k.wait_screen("welcome")
    open_technician(k, clock)
    k.tap(screen.voice_buttons[False])
    assert screen.voice_buttons[False].kind == "tile"
    k.tap(ids.save)
    k.wait(lambda: k.screen == "welcome" and k.c.feed.services)
    assert tomllib.loads((tmp_path / "kiosk.toml").read_text())["kiosk"]["voice"] is False
    before = len(ear.said)
    k.tap(k.ids("welcome").start)
    k.wait_screen("service")
    k.pump(2)
    assert len(ear.said) == before, "switched off: silent"


def test_a_day_of_numbers_does_not_fill_the_disk_nor_the_memory(window, tmp_path, monkeypatch):
    """Every ticket's "your number is ..." is a new sentence: the WAV folder and the loaded sounds
    keep only the most recent, and the guidance's own sentences (said often) stay."""
    import os

    import kiosk.devices.speaker as speaker_module
    from kiosk.app import KivyPlayer

    monkeypatch.setattr(speaker_module, "CACHE_FILES", 5)
    speaker = EspeakSpeaker(tmp_path / "voice", lambda path, volume: None)
    welcome = speaker.wav("Selamat datang.", "id")
    os.utime(welcome, (1, 1))                           # long ago ...
    for n in range(1, 9):
        speaker.wav(f"Nomor antrean Anda a, {n}.", "id")
        if n == 4:
            assert speaker.wav("Selamat datang.", "id") == welcome   # ... but said again: kept
    files = list((tmp_path / "voice").glob("*.wav"))
    assert len(files) == 5 and welcome in files and speaker.rendered == 9

    player = KivyPlayer()
    for f in files * 4:
        player.play(str(f), 0.5)
    assert len(player._loaded) <= KivyPlayer.KEEP
    player.sound.stop()
