"""ESC/POS printers (network, USB, serial, file/device node) through python-escpos.

The bytes are made first by the pure layout (``ticket.to_escpos``); the escpos
device classes are used only to open the connection, write, read status and
close. Every connection is opened per ticket with a short timeout: a printer
switched off at night is found again in the morning without restarting.
"""

from __future__ import annotations

import logging
import socket
from typing import Callable, Optional

from ..ticket import Paper, to_escpos
from .base import Printer, PrinterError, PrintJob

log = logging.getLogger("antre.kiosk.printer")


class EscposPrinter(Printer):
    def __init__(self, connect: Callable[[], object], paper: Paper, *, profile: str = "",
                 native_qr: bool = False, status_check: bool = False, description: str = "escpos"):
        """``connect()`` returns an unopened python-escpos device (Network, Usb, Serial, File)."""
        self.connect = connect
        self.paper = paper
        self.profile = profile or paper.profile
        self.native_qr = native_qr
        self.status_check = status_check
        self.description = description

    def render(self, job: PrintJob) -> bytes:
        return to_escpos(job.blocks, self.paper, self.profile, native_qr=self.native_qr)

    def print_job(self, job: PrintJob) -> None:
        data = self.render(job)
        device = self.connect()
        try:
            try:
                device.open()
            except Exception as exc:  # escpos raises its own DeviceNotFoundError, USBNotFoundError, ...
                raise PrinterError("offline", f"{self.description}: {type(exc).__name__}") from exc
            if self.status_check:
                self._check_status(device)
            try:
                device._raw(data)
            except (socket.timeout, TimeoutError) as exc:
                raise PrinterError("timeout", self.description) from exc
            except Exception as exc:
                raise PrinterError("failed", f"{self.description}: {type(exc).__name__}") from exc
        finally:
            try:
                device.close()
            except Exception:  # closing a half-open device must not hide the real error
                pass

    def check(self) -> None:
        """Open the connection (and ask the status where configured), then close it."""
        device = self.connect()
        try:
            try:
                device.open()
            except Exception as exc:
                raise PrinterError("offline", f"{self.description}: {type(exc).__name__}") from exc
            if self.status_check:
                self._check_status(device)
        finally:
            try:
                device.close()
            except Exception:
                pass

    def _check_status(self, device) -> None:
        """Ask online and paper status where the printer answers; no answer means "unknown", not "broken"."""
        online: Optional[bool] = None
        paper: Optional[int] = None
        try:
            online = device.is_online()
            paper = device.paper_status()
        except (NotImplementedError, OSError, socket.timeout) as exc:
            log.info("printer status unknown (%s)", type(exc).__name__)
        except Exception as exc:
            log.info("printer status unknown (%s)", type(exc).__name__)
        if paper == 0:
            raise PrinterError("paper_out", self.description)
        if online is False and paper is None:
            raise PrinterError("offline", self.description)
