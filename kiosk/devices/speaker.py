"""The kiosk's loudspeaker: spoken guidance, offline, behind one small interface.

``EspeakSpeaker`` renders a sentence with the local ``espeak-ng`` (Debian
package, voice ``id``; no network, ~10 ms a sentence) into a WAV file kept in a
cache folder, so each sentence is rendered once per kiosk, and hands the file to
a ``play(path, volume)`` function (the app's is Kivy's SDL2 audio). Rendering
runs on a thread of its own: the screen never waits for the voice. A newer
sentence replaces one not yet spoken (a citizen who taps quickly hears the step
she is on, not a backlog). ``RecordingSpeaker`` keeps what would have been said,
for tests. A kiosk without ``espeak-ng`` stays silent and says so once in its log.
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

log = logging.getLogger("antre.kiosk")

# espeak-ng voice per kiosk language, and a pace an elderly listener can follow (its default is 175).
VOICES = {"id": "id", "en": "en"}
WORDS_PER_MINUTE = 140
# The guidance is a dozen sentences per language; "your number is a, dua belas" is new for every
# ticket. Past this many files the least recently said go, so the folder never grows with the day.
CACHE_FILES = 64


@dataclass(frozen=True)
class Utterance:
    text: str
    lang: str
    volume: float   # 0.0 .. 1.0


class Speaker(ABC):
    @abstractmethod
    def say(self, text: str, lang: str, volume: float) -> None:
        """Speak ``text`` soon, in place of anything not yet spoken. Never blocks."""

    def stop(self) -> None:
        """Nothing more is said (shutdown)."""


class RecordingSpeaker(Speaker):
    """Says nothing; keeps every utterance in ``said`` (tests)."""

    def __init__(self):
        self.said: list[Utterance] = []

    def say(self, text: str, lang: str, volume: float) -> None:
        self.said.append(Utterance(text, lang, volume))


class EspeakSpeaker(Speaker):
    """``espeak-ng`` to cached WAV files, then ``play(path, volume)``; see the module docstring."""

    def __init__(self, cache_dir: Path, play: Callable[[Path, float], None], *, program: str = "espeak-ng"):
        self.cache_dir = Path(cache_dir)
        self.play = play
        self._last_touch_ns = 0
        self.program = shutil.which(program)
        self.rendered = 0                       # WAV files made (the rest came from the cache)
        self._jobs: queue.Queue = queue.Queue()
        self._thread: Optional[threading.Thread] = None
        if self.program is None:
            log.warning("voice guidance off: %s is not installed (Debian package espeak-ng)", program)

    def wav(self, text: str, lang: str) -> Path:
        """The WAV file of ``text`` in ``lang``, rendered now unless the cache has it. Blocking."""
        if self.program is None:
            raise FileNotFoundError("espeak-ng")
        voice = VOICES.get(lang, VOICES["id"])
        key = hashlib.sha256(f"{voice}|{WORDS_PER_MINUTE}|{text}".encode()).hexdigest()[:32]
        path = self.cache_dir / f"{voice}-{key}.wav"
        if path.exists():
            self._touch(path)                   # recently said: kept by _prune
        else:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(suffix=".wav", dir=self.cache_dir)
            os.close(fd)
            try:
                # The text is an argument, never a shell string; "--" keeps a leading "-" a word.
                subprocess.run([self.program, "-v", voice, "-s", str(WORDS_PER_MINUTE), "-w", tmp, "--", text],
                               check=True, capture_output=True, timeout=10)
                os.replace(tmp, path)
                self._touch(path)
                self.rendered += 1
            finally:
                Path(tmp).unlink(missing_ok=True)
            self._prune(keep=path)
        return path

    def _touch(self, path: Path) -> None:
        """Mark ``path`` as said just now, strictly after the last one: the kernel's file clock
        is coarse (a few ms), and two sentences within one tick would tie in _prune's order."""
        now = max(time.time_ns(), self._last_touch_ns + 1)
        self._last_touch_ns = now
        os.utime(path, ns=(now, now))

    def _prune(self, keep: Path) -> None:
        files = sorted(self.cache_dir.glob("*.wav"), key=lambda f: f.stat().st_mtime_ns, reverse=True)
        for old in files[CACHE_FILES:]:
            if old != keep:
                old.unlink(missing_ok=True)

    def say(self, text: str, lang: str, volume: float) -> None:
        if self.program is None:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="kiosk-voice", daemon=True)
            self._thread.start()
        self._jobs.put(Utterance(text, lang, volume))

    def stop(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            while not self._jobs.empty():     # only the newest sentence is worth saying
                job = self._jobs.get()
                if job is None:
                    return
            if job is None:
                return
            try:
                self.play(self.wav(job.text, job.lang), job.volume)
            except (OSError, subprocess.SubprocessError) as exc:
                log.warning("voice guidance: %s", type(exc).__name__)


__all__ = ["EspeakSpeaker", "RecordingSpeaker", "Speaker", "Utterance", "VOICES"]
