import gc
import os
import tempfile
from pathlib import Path

import pytest

# Keep caches and configs of Kivy, Mesa and Chromium out of the home directory.
_TMP = Path(tempfile.mkdtemp(prefix="antre-test-home-"))
for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config"), ("KIVY_HOME", "kivy")):
    os.environ.setdefault(var, str(_TMP / sub))

from tests.live import Clock, LiveServer  # noqa: E402


def pytest_collection_modifyitems(config, items):
    """On the PostgreSQL pass, tests about the SQLite file itself do not apply."""
    from tests.postgres import engine_under_test

    if engine_under_test() == "postgresql":
        skip = pytest.mark.skip(reason="about the SQLite file itself (ANTRE_TEST_DATABASE=postgresql)")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _nothing_frozen_for_ever():
    """Give the collector back what a server started in this process froze.

    The app calls ``gc.freeze()`` once started: in the server's own process that keeps
    its long-lived objects out of the collector's passes. In the test process every
    server started froze everything alive at that moment (other tests' kiosks, servers,
    responses) for the rest of the run: 130,000 objects per kiosk test, gigabytes over
    the suite, and every frame and collection slower than the one before."""
    yield
    gc.unfreeze()


@pytest.fixture(scope="session")
def postgres_cluster():
    """The run's throwaway PostgreSQL (tests/postgres.py)."""
    from tests.postgres import server_binaries, shared_cluster

    if server_binaries() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed (scripts/install.sh --test installs it)")
        pytest.skip("PostgreSQL is not installed (scripts/install.sh --test installs it)")
    return shared_cluster()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """An empty database on each engine: an SQLite file, and a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'antre.db'}"
    return request.getfixturevalue("postgres_cluster").new_database()


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
    """The server's clock for tests that move time: from nine this morning (WIB), so that no
    run near midnight crosses into another office day."""
    return Clock()


@pytest.fixture
def clocked_server(tmp_path, clock):
    """Like ``server``, but time is ``clock`` and can be moved forward."""
    s = LiveServer(tmp_path / "data", clock=clock).start()
    yield s
    s.stop()


@pytest.fixture
def holiday_server(tmp_path, clock):
    """Like ``clocked_server``, with the national holiday calendar filled as outside tests
    (tests/live.py leaves it empty: tests run on the real date, which may be a holiday)."""
    s = LiveServer(tmp_path / "data", clock=clock, overrides={"national_holidays": True}).start()
    yield s
    s.stop()


# -- local counterparts of the message providers (tests/standins.py) -----------------

@pytest.fixture
def smtp():
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives."""
    from tests.standins import SmtpStandIn
    s = SmtpStandIn().start()
    yield s
    s.stop()


@pytest.fixture
def whatsapp():
    """The WhatsApp Business Cloud API's shapes on 127.0.0.1, keeping what it receives."""
    from tests.standins import WhatsAppStandIn
    s = WhatsAppStandIn().start()
    yield s
    s.stop()


@pytest.fixture
def sms():
    """An SMS HTTP gateway on 127.0.0.1, keeping what it receives."""
    from tests.standins import SmsStandIn
    s = SmsStandIn().start()
    yield s
    s.stop()


# -- personas (tests/personas.py): the people of the demo office ------------------

@pytest.fixture
def siti(server):
    """Ibu Siti, 64, at the kiosk for a Surat Keterangan DTKS."""
    from tests.personas import citizen
    return citizen(server, 1, "Ibu Siti")


@pytest.fixture
def joko(server):
    """Pak Joko, who comes for information on bansos."""
    from tests.personas import citizen
    return citizen(server, 2, "Pak Joko")


@pytest.fixture
def front_office(server):
    """Petugas 1 at Loket 1 (front office: A, D, B)."""
    from tests.personas import clerk
    return clerk(server, 0)


@pytest.fixture
def back_office(server):
    """Petugas 2 at Loket 2 (back office: E, the DTKS check and letter)."""
    from tests.personas import clerk
    return clerk(server, 1)


@pytest.fixture
def supervisor(server):
    """Kepala, the head of office: watches, audits, never serves."""
    return server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"])


@pytest.fixture
def technician(server):
    """Pak Budi, who sets up the office with the admin account."""
    return server.admin()


@pytest.fixture
def lobby_display(server):
    """The TV in the waiting room, following the public event stream."""
    from tests.personas import LobbyDisplay
    from tests.server.helpers import SSEReader
    stream = SSEReader(server.url + "/api/events")
    yield LobbyDisplay(server.client(), stream)
    stream.close()
