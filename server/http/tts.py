"""Offline speech for the lobby: the chime and Debian's ``espeak-ng -v id``, joined into one WAV.

One file per call (chime, a short pause, the spoken sentence) means the display
plays exactly one ``<audio>`` per call, so a queue of calls can never cut one
off. Files are cached on disk by their text: a recall or the next day's "A, dua
belas" costs nothing. Chromium has no offline speechSynthesis voice, which is
why the server, not the browser, speaks (PRODUCT.md §6).
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import os
import shutil
import struct
import subprocess
import tempfile
import threading
import wave
from pathlib import Path
from typing import Optional

log = logging.getLogger("antre.tts")

ROOT = Path(__file__).resolve().parents[2]
CHIME_PATH = ROOT / "assets" / "chime.wav"
RATE = 22050  # espeak-ng's own rate: no resampling needed to join the parts
VOICE = "id"
SPEED = 135   # words per minute; a little slower than default for a hall with an echo
CACHE_FILES = 400


def chime_samples(rate: int = RATE) -> list[int]:
    """A two-note "ding-dong" (E5 then C5) with a bell-like decay, 16-bit mono."""
    samples: list[int] = []
    for freq, seconds in ((659.25, 0.55), (523.25, 0.85)):
        n = int(rate * seconds)
        for i in range(n):
            t = i / rate
            env = math.exp(-3.2 * t) * min(1.0, i / (0.01 * rate))
            v = (math.sin(2 * math.pi * freq * t) + 0.35 * math.sin(4 * math.pi * freq * t)
                 + 0.12 * math.sin(6 * math.pi * freq * t)) / 1.47
            samples.append(int(max(-1.0, min(1.0, v * env * 0.8)) * 32767))
    return samples


def write_wav(path: Path, frames: bytes, rate: int = RATE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    with wave.open(tmp, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def make_chime(path: Path = CHIME_PATH) -> Path:
    samples = chime_samples()
    write_wav(path, struct.pack(f"<{len(samples)}h", *samples))
    return path


def read_frames(data: bytes) -> tuple[bytes, int]:
    with wave.open(io.BytesIO(data), "rb") as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise ValueError("expected 16-bit mono WAV")
        return w.readframes(w.getnframes()), w.getframerate()


def silence(seconds: float, rate: int = RATE) -> bytes:
    return b"\x00\x00" * int(rate * seconds)


class Speaker:
    """Makes and caches the announcement WAVs in ``cache_dir``."""

    def __init__(self, cache_dir: Path, *, chime: Path = CHIME_PATH, espeak: Optional[str] = None,
                 max_files: int = CACHE_FILES):
        self.cache_dir = Path(cache_dir)
        self.chime_path = chime
        self.espeak = espeak or shutil.which("espeak-ng")
        self.max_files = max_files
        self._lock = threading.Lock()
        if not self.espeak:
            log.warning("espeak-ng not found: calls will be announced with the chime only")

    def chime(self) -> bytes:
        if not self.chime_path.exists():
            make_chime(self.chime_path)
        return self.chime_path.read_bytes()

    def speech_frames(self, text: str) -> bytes:
        """Synthesise ``text`` with espeak-ng (about 10-60 ms). Empty on failure: the chime still plays."""
        if not self.espeak:
            return b""
        with tempfile.TemporaryDirectory(prefix="antre-tts-") as tmp:
            out = Path(tmp) / "speech.wav"
            try:
                subprocess.run([self.espeak, "-v", VOICE, "-s", str(SPEED), "-w", str(out), "--", text],
                               check=True, timeout=10, capture_output=True)
                frames, rate = read_frames(out.read_bytes())
            except (OSError, subprocess.SubprocessError, ValueError, EOFError, wave.Error) as exc:
                log.warning("espeak-ng failed: %s", exc)
                return b""
        if rate != RATE:
            log.warning("espeak-ng wrote %s Hz, expected %s: speech left out", rate, RATE)
            return b""
        return frames

    def call_wav(self, text: Optional[str]) -> Path:
        """The WAV for one call: chime, pause, ``text`` spoken (or the chime alone if ``text`` is None)."""
        key = hashlib.sha256(f"{VOICE}|{SPEED}|{text or ''}".encode()).hexdigest()[:32]
        path = self.cache_dir / f"{key}.wav"
        if path.exists():
            return path
        with self._lock:  # two displays asking for the same new call synthesise it once
            if path.exists():
                return path
            chime, _ = read_frames(self.chime())
            frames = chime
            if text:
                frames += silence(0.15) + self.speech_frames(text) + silence(0.4)
            write_wav(path, frames)
            self._prune()
        return path

    def _prune(self) -> None:
        files = sorted(self.cache_dir.glob("*.wav"), key=lambda p: p.stat().st_mtime)
        for old in files[:max(0, len(files) - self.max_files)]:
            old.unlink(missing_ok=True)


if __name__ == "__main__":
    print(make_chime())
