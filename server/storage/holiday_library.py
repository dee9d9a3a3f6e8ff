"""Indonesia's holidays of one year from the ``holidays`` library, asked in a child process.

The library is about 10 MB of memory and 300 modules, and the server needs it once
a year (``calendar.fill_from_library``). Imported into the server it would stay for
the process's life, on the machine that holds every lobby display's stream; a child
process answers the question and takes the library with it when it exits.

    python -m server.storage.holiday_library 2027   # prints [[day, name, kind], ...] as JSON
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


PYTHON = sys.executable  # the interpreter the child runs on: this one


class LibraryUnavailable(RuntimeError):
    """The child could not answer (no library, no interpreter, a crash): the calendar waits."""


def ask_library(year: int) -> list[tuple[str, str, str]]:
    """(day, name, kind) of ``year``, sorted by day: the "public" category as kind "nasional",
    "government" (cuti bersama) as "cuti_bersama"; two holidays on one day are one row."""
    from holidays.countries.indonesia import Indonesia  # the one country we need, not the whole registry

    found: dict[str, tuple[str, str, str]] = {}
    for category, kind in (("public", "nasional"), ("government", "cuti_bersama")):
        for day, label in Indonesia(years=year, language="id", categories=(category,)).items():
            # Two holidays on one day come as "A; B" from the library: one row with both names.
            found.setdefault(day.isoformat(), (day.isoformat(), label[:120], kind))
    return sorted(found.values())


def year_in_child(year: int) -> list[tuple[str, str, str]]:
    """``ask_library(year)`` run by a child Python, so the library never loads in this process."""
    root = str(Path(__file__).resolve().parents[2])  # where ``server`` is, whatever the working directory
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH"))))}
    try:
        out = subprocess.run([PYTHON, "-m", __name__, str(int(year))], capture_output=True, text=True,
                             check=True, timeout=120, env=env).stdout
        return [tuple(row) for row in json.loads(out)]
    except subprocess.CalledProcessError as exc:
        raise LibraryUnavailable(f"exit {exc.returncode}: {(exc.stderr or '').strip()[-300:]}") from exc
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        raise LibraryUnavailable(str(exc)) from exc

if __name__ == "__main__":
    print(json.dumps(ask_library(int(sys.argv[1]))))
