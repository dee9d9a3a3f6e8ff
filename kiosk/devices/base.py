"""The printer interface: print a laid-out ticket or raise ``PrinterError`` with a code."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from ..ticket import Block, Paper


class PrinterError(Exception):
    """The ticket did not come out. ``code``: offline, paper_out, timeout or failed."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class PrintJob:
    """One ticket: the blocks to print and a name (the ticket number) for files and logs."""

    name: str
    blocks: list[Block]


class Printer(ABC):
    """Blocking; call from a worker thread. Must give up within its timeout."""

    paper: Paper
    description: str = "printer"

    @abstractmethod
    def print_job(self, job: PrintJob) -> None:
        """Print ``job`` or raise PrinterError."""

    def check(self) -> None:
        """Raise PrinterError unless the printer can be reached (prints nothing)."""

    def close(self) -> None:
        """Release the device, if any."""
