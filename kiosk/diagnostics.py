"""What a technician checks: is the server there, is this kiosk's key valid, is the printer ready.

Plain functions, no Kivy: the technician screen runs them on a worker thread and
``kiosk_main.py --check / --test-print / --pair / --list-printers`` runs them over SSH.
Each answers a ``Check`` whose ``code`` names a sentence in ``texts.py`` ("chk_" + code),
so the screen and the command line say the same thing in the same words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from .api import ApiClient, ApiRefusal, ServerUnavailable
from .devices import Printer, PrinterError, PrintJob
from .texts import t
from .ticket import Feed, Rule, Text, qr_block, wrap


@dataclass(frozen=True)
class Check:
    ok: bool
    code: str
    params: dict = field(default_factory=dict)

    def text(self, lang: str = "id") -> str:
        return t("chk_" + self.code, lang, **self.params)


def check_server(api: ApiClient) -> Check:
    """Reachable and really an Antre server (``GET /healthz``)."""
    try:
        health = api.health()
    except ServerUnavailable:
        return Check(False, "server_unreachable", {"url": api.base_url})
    except ApiRefusal:
        return Check(False, "server_not_antre", {"url": api.base_url})
    if not isinstance(health, dict) or health.get("status") != "ok":
        return Check(False, "server_not_antre", {"url": api.base_url})
    return Check(True, "server_ok", {"url": api.base_url})


def check_key(api: ApiClient) -> Check:
    """The kiosk key is accepted, and is a kiosk's (``GET /api/devices/me``).

    Never a heartbeat: that would overwrite the printer health the running kiosk
    reported (an out-of-paper alert would vanish because a technician checked).
    """
    if not api.kiosk_key:
        return Check(False, "key_missing")
    try:
        answer = api.whoami()
    except ServerUnavailable:
        return Check(False, "key_unchecked")
    except ApiRefusal as exc:
        if exc.status in (401, 403):
            return Check(False, "key_invalid")
        if exc.status in (404, 405):        # an Antre server from before GET /api/devices/me
            return Check(False, "key_server_old", {"url": api.base_url})
        return Check(False, "server_not_antre", {"url": api.base_url})
    if not isinstance(answer, dict) or "device_id" not in answer:
        return Check(False, "server_not_antre", {"url": api.base_url})
    if answer.get("kind", "kiosk") != "kiosk":
        return Check(False, "key_wrong_kind", {"device": answer["device_id"]})
    return Check(True, "key_ok", {"device": answer["device_id"]})


def check_connection(api: ApiClient) -> list[Check]:
    """Server, then key; the key is only asked about when the server answers."""
    server = check_server(api)
    return [server, check_key(api) if server.ok else Check(False, "key_unchecked")]


def check_printer(printer: Printer) -> Check:
    """Connect to the printer (and ask its status where it can answer), print nothing."""
    try:
        printer.check()
    except PrinterError as exc:
        return Check(False, "printer_" + exc.code, {"printer": printer.description})
    except Exception as exc:  # a driver bug must read as "not ready", not crash the check
        return Check(False, "printer_failed", {"printer": f"{printer.description} ({type(exc).__name__})"})
    return Check(True, "printer_ok", {"printer": printer.description})


def test_blocks(paper, lang: str, *, kiosk_name: str = "", printer: str = "", server_url: str = "",
                now: Optional[dt.datetime] = None) -> list:
    """A short test ticket: what is configured, and a QR code to see that images print."""
    now = now or dt.datetime.now().astimezone()
    cols = paper.columns
    blocks: list = [Text(t("test_ticket_title", lang), bold=True, width=2, height=2), Rule()]
    for line in (kiosk_name, printer, f"{paper.mm} mm", server_url, now.strftime("%Y-%m-%d %H:%M")):
        if line:
            blocks += [Text(part) for part in wrap(str(line), cols)]
    blocks += [Feed(), Text("0123456789 ABCDEFGHIJ", bold=True)]
    if server_url:
        blocks += [Feed(), qr_block(server_url, paper)]
    blocks += [Rule(), Text(t("test_ticket_ok", lang)), Feed(2)]
    return blocks


def test_print(printer: Printer, lang: str = "id", **info) -> Check:
    """Print the test ticket; the same errors as a citizen's ticket would meet."""
    try:
        printer.print_job(PrintJob("TEST", test_blocks(printer.paper, lang, printer=printer.description, **info)))
    except PrinterError as exc:
        return Check(False, "printer_" + exc.code, {"printer": printer.description})
    except Exception as exc:
        return Check(False, "printer_failed", {"printer": f"{printer.description} ({type(exc).__name__})"})
    return Check(True, "print_ok", {"printer": printer.description})


@dataclass(frozen=True)
class Paired:
    check: Check
    key: str = ""
    name: str = ""
    device_id: Optional[int] = None


def pair(api: ApiClient, code: str) -> Paired:
    """Trade a one-time pairing code from /admin for this kiosk's own key."""
    code = (code or "").strip()
    if len(code.replace("-", "").replace(" ", "")) < 4:
        return Paired(Check(False, "pair_invalid_code"))
    try:
        answer = api.pair(code)
    except ServerUnavailable:
        return Paired(Check(False, "server_unreachable", {"url": api.base_url}))
    except ApiRefusal as exc:
        if exc.code == "wrong_device_kind":
            return Paired(Check(False, "pair_wrong_kind"))
        if exc.code == "too_many_attempts":
            return Paired(Check(False, "pair_too_many", {"seconds": exc.details.get("retry_after", 60)}))
        if exc.code in ("invalid_pairing_code", "invalid_field") or exc.status == 422:
            return Paired(Check(False, "pair_invalid_code"))
        return Paired(Check(False, "server_not_antre", {"url": api.base_url}))
    return Paired(Check(True, "pair_ok", {"name": answer.get("name", ""), "device": answer.get("device_id")}),
                  key=answer["key"], name=answer.get("name", ""), device_id=answer.get("device_id"))


def usb_printers() -> list[dict]:
    """USB devices with a printer interface (class 7), or from a vendor-specific class on a device
    the escpos profiles know nothing about: both kinds are listed, marked. Raises RuntimeError
    when USB cannot be read (no libusb)."""
    import usb.core
    import usb.util

    try:
        devices = list(usb.core.find(find_all=True))
    except usb.core.NoBackendError as exc:
        raise RuntimeError("libusb not found (Debian: apt-get install libusb-1.0-0)") from exc
    found = []
    for dev in devices:
        classes = {dev.bDeviceClass}
        try:
            for cfg in dev:
                classes |= {intf.bInterfaceClass for intf in cfg}
        except Exception:  # reading descriptors may need permissions: still list the ids
            pass
        if 7 not in classes and 0xFF not in classes:
            continue
        found.append({"vendor": dev.idVendor, "product": dev.idProduct,
                      "name": " ".join(filter(None, (_usb_string(dev, "manufacturer"), _usb_string(dev, "product")))),
                      "printer_class": 7 in classes})
    return found


def _usb_string(dev, attr: str) -> str:
    try:
        return getattr(dev, attr) or ""
    except Exception:  # no permission to read strings (udev rule missing) or no string at all
        return ""


def serial_ports() -> list[str]:
    try:
        from serial.tools import list_ports
    except ImportError:
        return []
    return sorted(p.device for p in list_ports.comports())


__all__ = ["Check", "Paired", "check_connection", "check_key", "check_printer", "check_server", "pair",
           "serial_ports", "test_blocks", "test_print", "usb_printers"]
