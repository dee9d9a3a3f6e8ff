"""The kiosk's behaviour: the journey plus the server, the printer, retries and timeouts.

No Kivy here. Screens call the methods below (one per button) and redraw when
``changed()`` tells the listeners; the journey itself is ``kiosk.journey`` (a
closed state machine), the server's tiles and office ``kiosk.feed``, heartbeats
``kiosk.health``; all I/O runs on workers and comes back through the
scheduler, so the UI thread never waits for the network or the printer.

Save first, then print: the server issues the ticket, and only then does the
printer get it. A ticket whose printing fails is still valid: the screen shows
its number and QR code instead.
"""

from __future__ import annotations

import logging
import time
from typing import Callable, Optional

from common.nik import NikIssue

from .api import ApiClient, ApiRefusal, IssueRequest, ServerUnavailable
from .config import KioskConfig
from .devices import Printer, PrinterError, PrintJob
from .feed import ServerFeed
from .health import HealthReporter
from .journey import BUSY_STEPS, Journey
from .office_memory import OfficeMemory, zone_named
from .texts import t
from .ticket import PAPERS, ticket_blocks
from .worker import Scheduler, Worker

log = logging.getLogger("antre.kiosk")


STALL_SECONDS = 4.0      # after this long without an answer, "Batal" shows under "please wait"
PATIENCE_SECONDS = 25.0  # no automatic retry starts after this long: the citizen is told and may try again


class KioskController:
    stall_seconds = STALL_SECONDS
    patience_seconds = PATIENCE_SECONDS

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
        self.net = Worker(scheduler, "net", threads=2)
        self.printing = Worker(scheduler, "print", threads=1)
        self.listeners: list[Callable[[Journey], None]] = []
        self.last_activity = clock()
        self.issue_requests = 0     # how many POST /api/tickets were sent (tests, diagnostics)
        self._retry_handle = None
        self._stall_handle = None
        self.issue_started_at = 0.0
        self.closed = False
        self.feed = ServerFeed(self)           # tiles, office, time zone, NIK retention
        self.office_memory = OfficeMemory(cfg.state_dir, cfg.server_url)
        self._recall_office()
        self.health = HealthReporter(self)     # the printer's state as the server knows it; heartbeats
        from .technician import TechnicianSession
        self.tech = TechnicianSession(self)
        from .offline import OfflineDesk
        self.offline = OfflineDesk(cfg.state_dir)   # the leased reserve and its journal (kiosk.offline)
        self._upkeep_at, self._upkeep_busy = -1e9, False
        if self.feed.services is None and self.offline.leases.services():
            self.feed.services = self.offline.leases.services()   # the tiles last seen, until the server answers

    # ------------------------------------------------------------ plumbing
    def subscribe(self, listener: Callable[[Journey], None]) -> None:
        self.listeners.append(listener)

    def changed(self) -> None:
        self._remember_office()
        for listener in list(self.listeners):
            listener(self.journey)

    def _recall_office(self) -> None:
        """Until the server answers, the office name and time zone it gave last time."""
        office, zone = self.office_memory.recall()
        if office:
            self.feed.office = {**office, **self.feed.office}
        if zone and self.feed.timezone is None:
            self.feed.timezone = zone_named(zone)

    def _remember_office(self) -> None:
        zone = getattr(self.feed.timezone, "key", None)
        if zone or self.feed.office.get("name"):
            self.office_memory.keep(dict(self.feed.office), zone)

    @property
    def can_serve(self) -> bool:
        """The server is answering: a touch on Welcome can lead to a ticket."""
        return self.feed.services is not None and (not self.feed.services_offline or self._reserve_today())

    def _reserve_today(self) -> bool:
        """The server is away, but this kiosk holds leased numbers for today (kiosk.offline)."""
        return any(self.offline.can_issue(s["code"], self.office_today()) for s in self.feed.services or ())

    def office_today(self) -> str:
        return self.feed.now().date().isoformat()

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
        self.offline_upkeep()
        limit = self.idle_limit()
        if limit is None or self.clock() - self.last_activity < limit:
            return
        if self.journey.pristine:
            return
        self.reset()

    def reset(self) -> None:
        self._cancel_retry()
        self.journey.reset()
        self.last_activity = self.clock()
        self.changed()

    def _cancel_retry(self) -> None:
        for name in ("_retry_handle", "_stall_handle"):
            handle = getattr(self, name)
            if handle is not None:
                handle.cancel()
                setattr(self, name, None)

    # ------------------------------------------------------------ the server, new settings
    def start(self) -> None:
        self.feed.start()
        self.health.send()

    def reconfigure(self, cfg: KioskConfig) -> None:
        """Settings saved on the technician screen take effect now: new server, key, printer, paper,
        language and idle timeout, without restarting the app."""
        from .devices import printer_for

        printer = printer_for(cfg)
        old = self.printer
        self.cfg, self.api, self.printer = cfg, ApiClient.for_config(cfg), printer
        self.paper = PAPERS[cfg.paper]
        self.feed.forget()
        self.office_memory = OfficeMemory(cfg.state_dir, cfg.server_url)
        self._recall_office()
        self.health.printer_replaced()
        try:
            old.close()
        except Exception:  # the old printer's troubles are not the new one's
            pass
        self._cancel_retry()
        self.journey.reconfigured(cfg.language)   # a citizen's journey is forgotten; the technician stays
        self.touched()
        self.changed()
        self.start()

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

    def toggle_large(self) -> None:
        """'Huruf besar': large text and high contrast for this citizen."""
        self._act(self.journey.toggle_large)

    def choose_service(self, code: str) -> None:
        service = next((s for s in self.feed.services or () if s["code"] == code), None)
        if service is not None:
            self._act(lambda: self.journey.choose_service(service))

    def age_hint(self):
        """The journey's age hint on the office's today (its time zone)."""
        return self.journey.age_hint(self.feed.now().date())

    def take_age_hint(self) -> None:
        """The button under the age hint: the elderly priority suggested, or none instead of it."""
        hint = self.age_hint()
        if hint is not None:
            self._act(lambda: self.journey.change_priority("lansia" if hint[0] == "suggest" else None))

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
            self._waiting_starts()
            self.changed()
            self._send_issue()

    def retry(self) -> None:
        self.touched()
        if self.journey.retry_issue():
            self._waiting_starts()
            self.changed()
            self._send_issue()

    def stop_waiting(self) -> None:
        """'Batal' on a slow answer: the server-down screen ("Coba lagi" or ask the staff). An answer
        to the request under way is still taken (the ticket is printed), so none is ever lost."""
        self.touched()
        self._cancel_retry()
        if self.journey.stop_waiting():
            self.changed()

    @property
    def stalled(self) -> bool:
        """The server has kept the citizen waiting long enough to offer "Batal"."""
        return self.journey.step == "issuing" and self.clock() - self.issue_started_at >= self.stall_seconds

    def _waiting_starts(self) -> None:
        self.issue_started_at = self.clock()
        if self._stall_handle is not None:
            self._stall_handle.cancel()
        self._stall_handle = self.scheduler.call_later(min(self.stall_seconds, self.offline_after_seconds),
                                                       self._stall_reached)

    def _stall_reached(self) -> None:
        """No answer yet: "Batal" shows; at ``offline_after_seconds`` the ticket comes from the leased
        reserve if this kiosk has one (kiosk.offline), so nobody waits much longer than that."""
        self._stall_handle = None
        elapsed = self.clock() - self.issue_started_at
        if elapsed >= self.offline_after_seconds and self._issue_offline():
            return
        if elapsed < self.offline_after_seconds and self.journey.step == "issuing":   # "Batal" first
            self._stall_handle = self.scheduler.call_later(self.offline_after_seconds - elapsed,
                                                           self._stall_reached)
        self.changed()

    def reprint(self) -> None:
        """'Cetak ulang' for an existing ticket, or after a failed print."""
        self.touched()
        if self.journey.reprinting():
            self._print(self.journey.ticket)

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
        if session != self.journey.session or self.journey.step not in ("issuing", "server_down"):
            return   # another citizen's, or the answer to a second try of a request already answered
        log.info("ticket %s (%s)", ticket.get("number"), ticket.get("outcome"))
        if self.journey.issued(ticket) == "printing":
            self._print(ticket)
        else:
            self.touched()
            self.changed()

    def _issue_failed(self, session: int, exc: BaseException) -> None:
        if session != self.journey.session or self.journey.step != "issuing":
            return   # the citizen stopped waiting: the screen already says so
        j = self.journey
        if isinstance(exc, ServerUnavailable):
            log.warning("issue attempt %d failed: %s", j.attempt, exc)
            delay = self.cfg.retry_delays[j.attempt - 1] if j.attempt <= len(self.cfg.retry_delays) else None
            if delay is not None and self.clock() + delay - self.issue_started_at <= self.patience_seconds:
                j.retrying()
                self._retry_handle = self.scheduler.call_later(delay, lambda: self._retry_now(session))
            else:
                j.server_down()
                self.touched()
        elif isinstance(exc, ApiRefusal) and exc.code == "invalid_nik":
            j.nik_rejected(nik_issues(exc))
        elif isinstance(exc, ApiRefusal):
            log.warning("issue refused: %s", exc.code)
            j.refused(exc)
            self.touched()
        else:
            log.error("issue failed unexpectedly: %s", type(exc).__name__)
            j.refused(ApiRefusal(0, "internal_error", "", ""))
            self.touched()
        self.changed()

    # ------------------------------------------------------------ offline (kiosk.offline)
    offline_upkeep_seconds = 5.0    # how often the journal is uploaded and the leases refreshed
    offline_after_seconds = 4.5     # no answer by then: the ticket comes from the reserve

    def _issue_offline(self) -> bool:
        """Issue the ticket under way from the reserve (journaled, then printed). False: not possible."""
        from .offline import issue_under_way
        return issue_under_way(self)

    def offline_upkeep(self) -> None:
        """Now and then: upload the journal and refresh the leases, on a worker, one at a time."""
        from .offline import upkeep
        upkeep(self)

    def _retry_now(self, session: int) -> None:
        self._retry_handle = None
        if session == self.journey.session and self.journey.step == "issuing":
            self._send_issue()

    # ------------------------------------------------------------ check-in (kiosk.check_in)
    def open_check_in(self) -> None:
        self._act(self.journey.open_check_in)

    def type_code(self, ch: str) -> None:
        self._act(lambda: self.journey.type_code(ch))

    def code_backspace(self) -> None:
        self._act(self.journey.code_backspace)

    def clear_code(self) -> None:
        self._act(self.journey.clear_code)

    def submit_code(self) -> None:
        """'Lanjut' under the typed code."""
        self.check_in(self.journey.code)

    def check_in(self, text: str) -> None:
        """A typed code or a scanner's line: parsed here, sent to the server, or refused at once
        (``unknown_code``) when it cannot be one of ours, without asking the server."""
        from .check_in import parse

        self.touched()
        if self.journey.step != "check_in":
            return
        parsed = parse(text)
        if parsed is None:
            self.journey.code_not_ours(ApiRefusal(0, "unknown_code", "", ""))
            self.changed()
            return
        if self.journey.begin_check_in(parsed.value):
            session, code, request_id = self.journey.session, parsed.value, self.journey.request_id
            self.changed()
            self.net.submit(lambda: self.api.check_in(code, request_id),
                            lambda ticket: self._checked_in(session, ticket),
                            lambda exc: self._check_in_failed(session, exc))

    def scanned(self, line: str) -> None:
        """A line from the USB scanner, on Welcome or on the check-in screen. On Welcome only a line
        that is one of our codes does anything (and only while the server answers): the check-in
        screen opens and the code goes at once, as if typed."""
        from .check_in import parse

        if self.journey.step == "welcome":
            if not self.can_serve or parse(line) is None:
                return
            self.journey.open_check_in()
        self.check_in(line)

    def _checked_in(self, session: int, ticket: dict) -> None:
        if session != self.journey.session or self.journey.step != "checking_in":
            return
        log.info("checked in %s (late=%s)", ticket.get("number"), ticket.get("late"))
        self.journey.checked_in(ticket)
        self._print(ticket)

    def _check_in_failed(self, session: int, exc: BaseException) -> None:
        if session != self.journey.session or self.journey.step != "checking_in":
            return
        if isinstance(exc, ApiRefusal):
            log.warning("check-in refused: %s", exc.code)
            self.journey.check_in_refused(exc)
        else:
            log.warning("check-in failed: %s", exc)
            self.journey.check_in_refused("server_down")
        self.touched()
        self.changed()

    # ------------------------------------------------------------ printing
    def _print(self, ticket: dict) -> None:
        """The journey is at "printing" (a new ticket, or a reprint): send it to the printer."""
        j = self.journey
        self.changed()
        session, lang, office, reprint = j.session, j.lang, dict(self.feed.office), j.reprint
        priority = j.priority   # the category chosen here: the server's answer only says whether

        def job():
            blocks = ticket_blocks(ticket, office, self.paper, lang, logo=self.logo, reprint=reprint,
                                   priority=priority)
            self.printer.print_job(PrintJob(ticket["number"], blocks))

        self.printing.submit(job, lambda _: self._printed(session),
                             lambda exc: self._print_failed(session, ticket, exc))

    def _printed(self, session: int) -> None:
        self.health.printer_worked()
        if session != self.journey.session:
            return
        self.journey.printed()
        self.touched()
        self.changed()

    def _print_failed(self, session: int, ticket: dict, exc: BaseException) -> None:
        code = exc.code if isinstance(exc, PrinterError) else "failed"
        log.error("printing %s failed: %s", ticket.get("number"), exc)
        self.health.printer_failed(code, ticket.get("number", ""))
        if session != self.journey.session:
            return
        self.journey.print_failed(code)
        self.touched()
        self.changed()

    def shutdown(self) -> None:
        self.closed = True
        self._cancel_retry()
        self.feed.stop()
        self.health.cancel()
        self.listeners.clear()
        self.net.shutdown()
        self.printing.shutdown()


def nik_issues(refusal: ApiRefusal) -> tuple[NikIssue, ...]:
    """The server's reasons for refusing a NIK, as NikIssue objects like the kiosk's own; the
    server's words are kept, or the refusal's, or ours when it sent none."""
    fallback = {"code": "invalid_nik", "message": refusal.message or t("invalid_nik", "id"),
                "message_en": refusal.message_en or t("invalid_nik", "en")}
    errors = refusal.details.get("errors")
    issues = [NikIssue.from_dict(e if e.get("message") else {**fallback, "code": e.get("code") or "invalid_nik"})
              for e in (errors if isinstance(errors, list) else ()) if isinstance(e, dict)]
    return tuple(issues) or (NikIssue.from_dict(fallback),)
