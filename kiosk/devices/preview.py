"""The development printer: each ticket becomes a PNG in a folder (the demo's default)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from ..ticket import Paper, to_png
from .base import Printer, PrinterError, PrintJob


class PreviewPrinter(Printer):
    def __init__(self, folder: Path, paper: Paper):
        self.folder = Path(folder)
        self.paper = paper
        self.description = f"preview:{self.folder}"
        self.last_path: Path | None = None

    def check(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PrinterError("failed", f"{self.description}: {exc.strerror}") from exc
        if not os.access(self.folder, os.W_OK):
            raise PrinterError("failed", f"{self.description}: not writable")

    def print_job(self, job: PrintJob) -> None:
        safe = re.sub(r"[^A-Za-z0-9_-]", "_", job.name)
        path = self.folder / f"{dt.datetime.now():%Y%m%d-%H%M%S-%f}-{safe}.png"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            to_png(job.blocks, self.paper).save(path)
        except OSError as exc:
            raise PrinterError("failed", f"{self.description}: {exc.strerror}") from exc
        self.last_path = path
