import os
import tempfile
from pathlib import Path

import pytest

# Keep caches and configs of Kivy, Mesa and Chromium out of the home directory.
_TMP = Path(tempfile.mkdtemp(prefix="antre-test-home-"))
for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config"), ("KIVY_HOME", "kivy")):
    os.environ.setdefault(var, str(_TMP / sub))

from tests.live import Clock, LiveServer  # noqa: E402


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots and other artefacts go (ANTRE_ARTIFACTS, else a temp folder)."""
    path = Path(os.environ.get("ANTRE_ARTIFACTS") or (_TMP / "artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def server(tmp_path):
    """The demo office on a real server at 127.0.0.1 with its own SQLite file."""
    s = LiveServer(tmp_path / "data").start()
    yield s
    s.stop()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def clocked_server(tmp_path, clock):
    """Like ``server``, but time is ``clock`` and can be moved forward."""
    s = LiveServer(tmp_path / "data", clock=clock).start()
    yield s
    s.stop()
