"""The lobby's server carries what the lobby needs, and loads the rest when someone asks for it.

The server that holds every display's stream runs for weeks on an office PC, and
its memory is what it loaded, not what it uses: a library imported once stays for
the life of the process. The report and document libraries (numpy, openpyxl,
reportlab), the HTTP client of the WhatsApp and SMS notifiers (httpx) and the
holiday calendar (``holidays``, about 300 modules) together were more than a third
of it. They are imported where a PDF, a spreadsheet, a report or a message is
made, and the holidays are asked of a child process once a year. This test starts
the app as ``server_main`` does, national holidays and all, in a fresh interpreter,
and lists what it has loaded. (bench/bench_server.py prints the memory itself.)
"""

import sqlite3
import subprocess
import sys

from tests.live import ROOT

# (and never: uvicorn's file watcher, which it imports when installed; the PostgreSQL
# dialect, which a partial index naming a postgresql_ option would load on SQLite)
LOADED_ONLY_WHEN_ASKED = ("numpy", "openpyxl", "reportlab", "holidays", "httpx", "PIL", "alembic", "watchfiles",
                          "sqlalchemy.dialects.postgresql")

START_AND_LIST = f"""
import asyncio, sys
from pathlib import Path
from server.demo import seed_demo
from server.http.app import create_app
from server.settings import load_settings

settings = load_settings(env={{}}, data_dir=Path(sys.argv[1]), host="127.0.0.1", port=8000, national_holidays=True)
app = create_app(settings, seed=seed_demo)

async def start_and_stop():
    async with app.router.lifespan_context(app):
        pass

asyncio.run(start_and_stop())
print(",".join(m for m in {LOADED_ONLY_WHEN_ASKED!r} if m in sys.modules))
"""


def test_a_started_server_has_the_national_holidays_without_the_libraries_it_loads_on_demand(tmp_path):
    # Given a fresh interpreter, when the app starts on a new office and stops again
    data = tmp_path / "data"
    run = subprocess.run([sys.executable, "-c", START_AND_LIST, str(data)], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    # Then none of the report, document, messaging or calendar libraries were loaded
    assert run.stdout.strip().splitlines()[-1:] in ([""], []), f"loaded at start: {run.stdout.strip()}"
    # And the office has this year's national holidays all the same (from the child process)
    with sqlite3.connect(data / "antre.db") as db:
        filled = db.execute("SELECT count(*) FROM holidays WHERE source = 'library'").fetchone()[0]
    assert filled >= 20
