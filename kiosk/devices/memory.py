"""A printer that keeps tickets in memory: for tests and benchmarks, like escpos's Dummy."""

from __future__ import annotations

import threading
from typing import Optional

from ..ticket import Paper, to_escpos
from .base import Printer, PrinterError, PrintJob


class MemoryPrinter(Printer):
    def __init__(self, paper: Paper, profile: str = ""):
        self.paper = paper
        self.profile = profile
        self.description = "memory"
        self.jobs: list[PrintJob] = []
        self.output: list[bytes] = []
        self.fail_with: Optional[str] = None   # set to a PrinterError code to simulate a fault
        self.release = threading.Event()       # cleared: print_job blocks until set (a stuck printer)
        self.release.set()

    def check(self) -> None:
        if self.fail_with:
            raise PrinterError(self.fail_with, "simulated")

    def print_job(self, job: PrintJob) -> None:
        self.release.wait(10)
        if self.fail_with:
            raise PrinterError(self.fail_with, "simulated")
        self.output.append(to_escpos(job.blocks, self.paper, self.profile))
        self.jobs.append(job)
