"""Ticket printers behind one small interface, chosen from configuration.

``open_printer(spec, ...)`` returns a ``Printer``: ESC/POS over network, USB,
serial or a file/device node, ``preview`` (a PNG per ticket in a folder) or
``memory`` (for tests). All are blocking and meant for a worker thread.
"""

from .base import Printer, PrinterError, PrintJob
from .factory import open_printer, printer_for

__all__ = ["Printer", "PrinterError", "PrintJob", "open_printer", "printer_for"]
