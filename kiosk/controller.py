"""The kiosk's behaviour: the journey plus the server, the printer, retries and timeouts.

No Kivy here. Screens call the methods below (one per button) and redraw when
``on_change`` fires; all I/O runs on workers and comes back through the
scheduler, so the UI thread never waits for the network or the printer.

Save first, then print: the server issues the ticket, and only then does the
printer get it. A ticket whose printing fails is still valid: the screen shows
its number and QR code instead.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from pathlib import Path
from typing import Callable, Optional

from .api import ApiClient, ApiRefusal, IssueRequest, ServerUnavailable
from .config import KioskConfig
from .devices import Printer, PrinterError, PrintJob
from .journey import BUSY_STEPS, Journey
from .ticket import PAPERS, ticket_blocks
from .worker import Scheduler, Worker

log = logging.getLogger("antre.kiosk")

__version__ = "0.1.0"
# PrinterError codes -> the printer states the server's heartbeat accepts.
SERVER_PRINTER_STATES = {"offline": "offline", "paper_out": "paper_out", "timeout": "error", "failed": "error"}


class KioskController:
    def __init__(self, cfg: KioskConfig, api: ApiClient, printer: Printer, scheduler: Scheduler, *,
                 clock: Callable[[], float] = time.monotonic, logo=None):
        self.cfg = cfg
        self.api = api
        self.printer = printer
        self.scheduler = scheduler
        self.clock = clock
        self.logo = logo
        self.paper = PAPERS[cfg.paper]
        self.journey = Journey(default_lang=cfg.language)
        self.services: Optional[list[dict]] = None
        self.services_offline = False
        self.office: dict = {"name": cfg.office_name} if cfg.office_name else {}
        self.net = Worker(scheduler, "net", threads=2)
        self.printing = Worker(scheduler, "print", threads=1)
        self.listeners: list[Callable[[Journey], None]] = []
        self.last_activity = clock()
        self.issue_requests = 0     # how many POST /api/tickets were sent (tests, diagnostics)
        self._polling = False
        self._generation = 0
        self._poll_handle = None
        self._retry_handle = None
        self._heartbeat_handle = None
        self.closed = False
        self.printer_state = "unknown"     # as the server's technician view knows them
        self.last_print_error: Optional[str] = None
        self.last_print_error_at: Optional[float] = None
        self.timezone = None               # the office's zone (from /api/state); None: this machine's
        self.retention_days: Optional[int] = None   # the server's NIK retention, said in the privacy notice
        from .technician import TechnicianSession
        self.tech = TechnicianSession(self)

    # ------------------------------------------------------------ plumbing
    def subscribe(self, listener: Callable[[Journey], None]) -> None:
        self.listeners.append(listener)

    def changed(self) -> None:
        for listener in list(self.listeners):
            listener(self.journey)

    def touched(self) -> None:
        """Any touch on the screen: the idle timeout starts again."""
        self.last_activity = self.clock()

    def idle_limit(self) -> Optional[float]:
        step = self.journey.step
        if step in BUSY_STEPS:
            return None
        if step == "done":
            return self.cfg.done_seconds
        if step in ("print_failed", "existing"):
            return self.cfg.failed_seconds
        if step == "technician":
            return max(self.cfg.idle_seconds, 300.0)   # time to read a result, never left open for long
        return self.cfg.idle_seconds

    def tick(self) -> None:
        """Called every second or so: the idle timeout (back to Welcome, everything forgotten)."""
        limit = self.idle_limit()
        if limit is None or self.clock() - self.last_activity < limit:
            return
        if self.journey.step == "welcome" and self.journey.lang == self.journey.default_lang:
            return
        self.reset()

    def reset(self) -> None:
        if self._retry_handle is not None:
            self._retry_handle.cancel()
            self._retry_handle = None
        self.journey.reset()
        self.last_activity = self.clock()
        self.changed()

    # ------------------------------------------------------------ server data
    def start(self) -> None:
        self.load_state()
        self.poll_services()
        self.send_heartbeat()

    def load_state(self) -> None:
        """Office profile, time zone and NIK retention from ``/api/state`` (again after a failure)."""
        self.net.submit(self.api.state, self._state_loaded, lambda exc: None)

    def _state_loaded(self, state: dict) -> None:
        zone = state.get("timezone")
        if zone:
            try:
                from zoneinfo import ZoneInfo
                self.timezone = ZoneInfo(zone)
            except (ValueError, KeyError, OSError):   # unknown zone name: keep the machine's time
                log.warning("unknown office time zone %r", zone)
        days = state.get("nik_retention_days")
        if isinstance(days, int) and not isinstance(days, bool) and days > 0:
            self.retention_days = days
        self._office_loaded(state.get("office") or {})

    def now(self) -> dt.datetime:
        """The time on screen: the office's zone when the server said it, else this machine's."""
        return dt.datetime.now(self.timezone) if self.timezone is not None else dt.datetime.now()

    @property
    def privacy_days(self) -> int:
        return self.retention_days or self.cfg.retention_days

    def reconfigure(self, cfg: KioskConfig) -> None:
        """Settings saved on the technician screen take effect now: new server, key, printer, paper,
        language and idle timeout, without restarting the app."""
        from .devices import printer_for

        printer = printer_for(cfg)
        old = self.printer
        self.cfg, self.api, self.printer = cfg, ApiClient.for_config(cfg), printer
        self.paper = PAPERS[cfg.paper]
        self.journey.default_lang = cfg.language
        self.office = {"name": cfg.office_name} if cfg.office_name else {}
        self.services, self.printer_state = None, "unknown"
        try:
            old.close()
        except Exception:  # the old printer's troubles are not the new one's
            pass
        if self._poll_handle is not None:
            self._poll_handle.cancel()
            self._poll_handle = None
        self._polling = False
        self._generation += 1
        self.reset()
        self.start()

    # ------------------------------------------------------------ heartbeat
    def heartbeat_body(self) -> dict:
        body = {"version": __version__, "printer": {"state": self.printer_state,
                                                   "detail": self.printer.description[:300]}}
        if self.cfg.kiosk_name:
            body["info"] = {"kiosk_name": self.cfg.kiosk_name}
        if self.last_print_error:
            body.update(last_error=self.last_print_error, last_error_at=self.last_print_error_at)
        return body

    def send_heartbeat(self) -> None:
        """Tell the server (technician view) this kiosk is alive and how its printer is, now and
        then at the interval the server asks for."""
        if self._heartbeat_handle is not None:
            self._heartbeat_handle.cancel()
            self._heartbeat_handle = None
        if self.closed:
            return
        body = self.heartbeat_body()

        def again(answer) -> None:
            interval = (answer or {}).get("interval_seconds") if isinstance(answer, dict) else None
            if not self.closed:
                if self._heartbeat_handle is not None:   # another heartbeat was in flight: one timer only
                    self._heartbeat_handle.cancel()
                self._heartbeat_handle = self.scheduler.call_later(float(interval or 30.0), self.send_heartbeat)

        self.net.submit(lambda: self.api.heartbeat(body), again, lambda exc: again(None))

    def _office_loaded(self, office: dict) -> None:
        self.office = {**office, **({"name": self.cfg.office_name} if self.cfg.office_name else {})}
        self.changed()

    def poll_services(self) -> None:
        """Refresh the tiles now and every ``refresh_seconds`` (one request in flight at most)."""
        if not self._polling and not self.closed:
            self._polling = True
            gen = self._generation   # answers from before a reconfigure() are dropped: one poll loop only
            self.net.submit(self.api.services, lambda res: gen == self._generation and self._services_loaded(res),
                            lambda exc: gen == self._generation and self._services_failed(exc))

    def _services_loaded(self, services: list[dict]) -> None:
        self._polling = False
        self.services, self.services_offline = services, False
        if not self.office:
            self.load_state()
        self.changed()
        self._poll_handle = self.scheduler.call_later(self.cfg.refresh_seconds, self.poll_services)

    def _services_failed(self, exc: BaseException) -> None:
        self._polling = False
        self.services_offline = True
        self.changed()
        self._poll_handle = self.scheduler.call_later(min(2.0, self.cfg.refresh_seconds), self.poll_services)

    # ------------------------------------------------------------ buttons
    def _act(self, action: Callable[[], object]) -> None:
        self.touched()
        action()
        self.changed()

    def start_journey(self) -> None:
        self._act(self.journey.start)

    def back(self) -> None:
        self._act(self.journey.back)

    def cancel(self) -> None:
        if self.journey.step not in BUSY_STEPS:
            self.reset()

    def toggle_language(self) -> None:
        self._act(self.journey.toggle_language)

    def choose_service(self, code: str) -> None:
        service = next((s for s in self.services or () if s["code"] == code), None)
        if service is not None:
            self._act(lambda: self.journey.choose_service(service))

    def choose_priority(self, priority: Optional[str]) -> None:
        self._act(lambda: self.journey.choose_priority(priority))

    def type_digit(self, digit: str) -> None:
        self._act(lambda: self.journey.type_digit(digit))

    def backspace(self) -> None:
        self._act(self.journey.backspace)

    def clear_nik(self) -> None:
        self._act(self.journey.clear)

    def submit_nik(self) -> None:
        self._act(self.journey.submit_nik)

    def accept_privacy(self) -> None:
        self._act(self.journey.accept_privacy)

    def print_ticket(self) -> None:
        """'Cetak Tiket'. A second tap while the first is under way does nothing."""
        self.touched()
        if self.journey.begin_issue():
            self.changed()
            self._send_issue()

    def retry(self) -> None:
        self.touched()
        if self.journey.retry_issue():
            self.changed()
            self._send_issue()

    def reprint(self) -> None:
        """'Cetak ulang' for an existing ticket, or after a failed print."""
        self.touched()
        j = self.journey
        if j.step in ("existing", "print_failed") and j.ticket is not None:
            self._print(j.ticket, reprint=True)

    # ------------------------------------------------------------ issuing
    def _send_issue(self) -> None:
        j = self.journey
        req = IssueRequest(service=j.service["code"], nik=j.nik, priority=j.priority, request_id=j.request_id)
        session = j.session
        self.issue_requests += 1
        self.net.submit(lambda: self.api.issue_ticket(req),
                        lambda ticket: self._issued(session, ticket),
                        lambda exc: self._issue_failed(session, exc))

    def _issued(self, session: int, ticket: dict) -> None:
        if session != self.journey.session:
            return
        j = self.journey
        j.ticket = ticket
        log.info("ticket %s (%s)", ticket.get("number"), ticket.get("outcome"))
        if ticket.get("outcome") == "existing":
            j.step = "existing"
            self.touched()
            self.changed()
        else:
            self._print(ticket, reprint=False)

    def _issue_failed(self, session: int, exc: BaseException) -> None:
        if session != self.journey.session:
            return
        j = self.journey
        if isinstance(exc, ServerUnavailable):
            log.warning("issue attempt %d failed: %s", j.attempt, exc)
            if j.attempt <= len(self.cfg.retry_delays):
                delay = self.cfg.retry_delays[j.attempt - 1]
                j.attempt += 1
                self._retry_handle = self.scheduler.call_later(delay, lambda: self._retry_now(session))
            else:
                j.step = "server_down"
                self.touched()
        elif isinstance(exc, ApiRefusal) and exc.code == "invalid_nik":
            j.step, j.request_id = "nik", None
            j.nik_errors = tuple(exc.details.get("errors", ())) or ({"message": exc.message,
                                                                     "message_en": exc.message_en},)
        elif isinstance(exc, ApiRefusal):
            log.warning("issue refused: %s", exc.code)
            j.step, j.refusal = "refused", exc
            self.touched()
        else:
            log.error("issue failed unexpectedly: %s", type(exc).__name__)
            j.step, j.refusal = "refused", ApiRefusal(0, "internal_error", "", "")
            self.touched()
        self.changed()

    def _retry_now(self, session: int) -> None:
        self._retry_handle = None
        if session == self.journey.session and self.journey.step == "issuing":
            self._send_issue()

    # ------------------------------------------------------------ printing
    def _print(self, ticket: dict, *, reprint: bool) -> None:
        j = self.journey
        j.step, j.reprint, j.print_error = "printing", reprint, None
        self.changed()
        session, lang, office = j.session, j.lang, dict(self.office)

        def job():
            blocks = ticket_blocks(ticket, office, self.paper, lang, logo=self.logo, reprint=reprint)
            self.printer.print_job(PrintJob(ticket["number"], blocks))

        self.printing.submit(job, lambda _: self._printed(session),
                             lambda exc: self._print_failed(session, ticket, exc))

    def _printed(self, session: int) -> None:
        if self.printer_state != "ok":
            self.printer_state = "ok"
            self.send_heartbeat()
        if session != self.journey.session:
            return
        self.journey.step = "done"
        self.touched()
        self.changed()

    def _print_failed(self, session: int, ticket: dict, exc: BaseException) -> None:
        code = exc.code if isinstance(exc, PrinterError) else "failed"
        log.error("printing %s failed: %s", ticket.get("number"), exc)
        self._record_printer_problem(code, ticket.get("number", ""))
        if session != self.journey.session:
            return
        self.journey.step, self.journey.print_error = "print_failed", code
        self.touched()
        self.changed()

    def _record_printer_problem(self, code: str, number: str) -> None:
        """A local note (no NIK) and a heartbeat so the technician's view shows the fault."""
        self.printer_state = SERVER_PRINTER_STATES.get(code, "error")
        self.last_print_error = f"ticket {number} not printed: {code}"
        self.last_print_error_at = time.time()
        if self.cfg.state_dir:
            note = {"at": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "ticket_number": number,
                    "printer": self.printer.description, "problem": code}
            try:
                path = Path(self.cfg.state_dir)
                path.mkdir(parents=True, exist_ok=True)
                with open(path / "printer-problems.jsonl", "a") as fh:
                    fh.write(json.dumps(note) + "\n")
            except OSError as e:
                log.warning("could not note printer problem: %s", e.strerror)
        self.send_heartbeat()

    def shutdown(self) -> None:
        self.closed = True
        for handle in (self._poll_handle, self._retry_handle, self._heartbeat_handle):
            if handle is not None:
                handle.cancel()
        self.listeners.clear()
        self.net.shutdown()
        self.printing.shutdown()
