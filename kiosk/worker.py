"""Run blocking work (HTTP, printing) off the UI thread; hand results back on it.

``Scheduler`` is the one thing the controller needs from a UI toolkit: Kivy's
Clock in the app (``kiosk.app.KivyScheduler``), a manual queue in unit tests.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Protocol

log = logging.getLogger("antre.kiosk")


class Handle(Protocol):
    def cancel(self) -> None: ...


class Scheduler(Protocol):
    def call_soon(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the UI thread soon. Safe to call from any thread."""

    def call_later(self, delay: float, fn: Callable[[], None]) -> Handle:
        """Run ``fn`` on the UI thread after ``delay`` seconds."""


class Worker:
    """A small thread pool whose results come back through the scheduler."""

    def __init__(self, scheduler: Scheduler, name: str, threads: int = 1):
        self.scheduler = scheduler
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=f"kiosk-{name}")
        self.busy = 0
        self.closed = False
        self._lock = threading.Lock()

    def submit(self, fn: Callable[[], object], on_result: Callable[[object], None],
               on_error: Callable[[BaseException], None]) -> None:
        if self.closed:
            return  # the app is stopping: late timers must not fail
        with self._lock:
            self.busy += 1

        def run():
            try:
                result = fn()
            except BaseException as exc:  # handed to on_error on the UI thread, never lost
                self._finish(lambda err=exc: on_error(err))
            else:
                self._finish(lambda res=result: on_result(res))

        self.pool.submit(run)

    def _finish(self, deliver: Callable[[], None]) -> None:
        def on_ui():
            with self._lock:
                self.busy -= 1
            deliver()
        self.scheduler.call_soon(on_ui)

    def shutdown(self) -> None:
        self.closed = True
        self.pool.shutdown(wait=False, cancel_futures=True)
