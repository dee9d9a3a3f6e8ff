"""How this kiosk and its printer are, told to the server (the technician's view on /admin).

No Kivy here. A heartbeat goes at start, after every change of the printer's
state, and then at the interval the server asks for. Printer states are the
server's own names (``common.vocabulary.PRINTER_STATES``: unknown, ok, and the
alert states of ``PRINTER_ALERTS``). A failed print is also
noted locally, without any NIK, in ``<state_dir>/printer-problems.jsonl``.

Only this module sends heartbeats: a technician's check (``kiosk.diagnostics``)
must never overwrite what the server knows about the printer.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from pathlib import Path
from typing import Optional

from common.vocabulary import PRINTER_ALERTS

log = logging.getLogger("antre.kiosk")

__version__ = "0.1.0"

DEFAULT_INTERVAL = 30.0


def printer_state_for(code: str) -> str:
    """A PrinterError code as the server's printer state: offline and paper_out are their own
    states; a timeout or any other failure is an "error"."""
    return code if code in PRINTER_ALERTS else "error"


class HealthReporter:
    """The printer's state as the server knows it, and the heartbeat that tells it.

    ``controller`` gives the current settings, API client, printer, scheduler and
    network worker (all of which a saved technician page may replace).
    """

    def __init__(self, controller):
        self.c = controller
        self.printer_state = "unknown"
        self.last_error: Optional[str] = None
        self.last_error_at: Optional[float] = None
        self._handle = None

    def body(self) -> dict:
        body = {"version": __version__, "printer": {"state": self.printer_state,
                                                   "detail": self.c.printer.description[:300]}}
        if self.c.cfg.kiosk_name:
            body["info"] = {"kiosk_name": self.c.cfg.kiosk_name}
        if self.last_error:
            body.update(last_error=self.last_error, last_error_at=self.last_error_at)
        if getattr(self.c, "offline", None) is not None:   # kiosk.offline: numbers issued without the server
            body["offline"] = self.c.offline.status()
        return body

    def send(self) -> None:
        """A heartbeat now, then again at the interval the server answers (one timer only)."""
        self.cancel()
        if self.c.closed:
            return
        body = self.body()

        def again(answer) -> None:
            interval = answer.get("interval_seconds") if isinstance(answer, dict) else None
            if not self.c.closed:
                self.cancel()              # another heartbeat was in flight: one timer only
                self._handle = self.c.scheduler.call_later(float(interval or DEFAULT_INTERVAL), self.send)

        self.c.net.submit(lambda: self.c.api.heartbeat(body), again, lambda exc: again(None))

    def printer_worked(self) -> None:
        """A ticket came out: the printer is fine (told to the server only when that is news)."""
        if self.printer_state != "ok":
            self.printer_state = "ok"
            self.send()

    def printer_failed(self, code: str, number: str) -> None:
        """A ticket did not come out: a local note (no NIK) and a heartbeat so the technician's view
        shows the fault."""
        self.printer_state = printer_state_for(code)
        self.last_error = f"ticket {number} not printed: {code}"
        self.last_error_at = time.time()
        if self.c.cfg.state_dir:
            note = {"at": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "ticket_number": number,
                    "printer": self.c.printer.description, "problem": code}
            try:
                path = Path(self.c.cfg.state_dir)
                path.mkdir(parents=True, exist_ok=True)
                with open(path / "printer-problems.jsonl", "a") as fh:
                    fh.write(json.dumps(note) + "\n")
            except OSError as e:
                log.warning("could not note printer problem: %s", e.strerror)
        self.send()

    def printer_replaced(self) -> None:
        """New printer settings: nothing is known about the new one yet."""
        self.printer_state = "unknown"

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None


__all__ = ["HealthReporter", "__version__", "printer_state_for"]
