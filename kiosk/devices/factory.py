"""``open_printer``: from a ``PrinterSpec`` to a ``Printer``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..config import PrinterSpec
from ..ticket import Paper
from .base import Printer


def open_printer(spec: PrinterSpec, paper: Paper, *, profile: str = "", native_qr: bool = False,
                 timeout: float = 5.0, status_check: Optional[bool] = None) -> Printer:
    """Build the printer for ``spec``. Nothing is opened yet: that happens per ticket."""
    if spec.kind == "preview":
        from .preview import PreviewPrinter
        return PreviewPrinter(Path(spec.path), paper)
    if spec.kind == "memory":
        from .memory import MemoryPrinter
        return MemoryPrinter(paper, profile)

    from .escpos_printer import EscposPrinter

    if spec.kind == "network":
        def connect():
            return _network(spec.host, spec.port, timeout)  # escpos's default timeout is 60 s
        desc, default_check = f"network:{spec.host}:{spec.port}", False
    elif spec.kind == "usb":
        def connect():
            from escpos.printer import Usb
            return Usb(spec.vendor, spec.product, timeout=int(timeout * 1000))  # pyusb counts ms
        desc, default_check = f"usb:{spec.vendor:04x}:{spec.product:04x}", True
    elif spec.kind == "serial":
        def connect():
            from escpos.printer import Serial
            return Serial(spec.path, baudrate=spec.baud, timeout=timeout)
        desc, default_check = f"serial:{spec.path}", True
    elif spec.kind == "file":
        def connect():
            from escpos.printer import File
            return File(spec.path)
        desc, default_check = f"file:{spec.path}", False
    else:
        raise ValueError(spec.kind)
    return EscposPrinter(connect, paper, profile=profile, native_qr=native_qr,
                         status_check=default_check if status_check is None else status_check, description=desc)


def printer_for(cfg) -> Printer:
    """The printer a ``KioskConfig`` describes (raises ConfigError for a bad spec)."""
    from ..ticket import PAPERS
    return open_printer(cfg.printer_spec, PAPERS[cfg.paper], profile=cfg.printer_profile,
                        native_qr=cfg.qr == "native", timeout=cfg.printer_timeout,
                        status_check=cfg.printer_status_check)


def _network(host: str, port: int, timeout: float):
    return _closing_network()(host, port, timeout=timeout)


@lru_cache(maxsize=1)
def _closing_network():
    """python-escpos's Network, except that a failed connect closes its socket (escpos leaves it
    open, and the kiosk tries a printer switched off at night again with every ticket)."""
    import socket

    from escpos.exceptions import DeviceNotFoundError
    from escpos.printer import Network

    class ClosingNetwork(Network):
        def open(self, raise_not_found: bool = True) -> None:
            if self._device:
                self.close()
            try:
                self.device = socket.create_connection((self.host, self.port), timeout=self.timeout)
            except OSError as exc:   # create_connection has closed the socket
                self.device = None
                raise DeviceNotFoundError(f"Could not open socket for {self.host}:\n{exc}") from exc

    return ClosingNetwork
