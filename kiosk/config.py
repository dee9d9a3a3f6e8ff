"""Kiosk settings: a TOML file, then command-line overrides, read once at start.

A bad value stops the start with a sentence naming the key and what is allowed
(``ConfigError``), never a traceback on the lobby screen.
"""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Optional


class ConfigError(Exception):
    """A setting that cannot be used; the message is for the technician."""


@dataclass(frozen=True)
class PrinterSpec:
    """Where tickets go. ``kind`` is one of KINDS; the other fields depend on it."""

    kind: str
    path: str = ""        # preview folder, file/device node, serial device
    host: str = ""
    port: int = 9100
    vendor: int = 0
    product: int = 0
    baud: int = 9600

    KINDS = ("preview", "network", "usb", "serial", "file", "memory")

    @classmethod
    def parse(cls, text: str) -> "PrinterSpec":
        """``preview:DIR``, ``network:HOST[:PORT]``, ``usb:VID:PID`` (hex), ``serial:DEV[:BAUD]``,
        ``file:PATH`` or ``memory`` (keeps tickets in memory, for tests)."""
        kind, _, rest = (text or "").strip().partition(":")
        kind = kind.lower()
        try:
            if kind == "preview" and rest:
                return cls("preview", path=rest)
            if kind == "file" and rest:
                return cls("file", path=rest)
            if kind == "memory" and not rest:
                return cls("memory")
            if kind == "network" and rest:
                host, _, port = rest.rpartition(":") if rest.count(":") == 1 else (rest, "", "")
                return cls("network", host=host or rest, port=int(port) if port else 9100)
            if kind == "usb":
                vid, pid = rest.split(":")
                return cls("usb", vendor=int(vid, 16), product=int(pid, 16))
            if kind == "serial" and rest:
                dev, _, baud = rest.partition(":")
                return cls("serial", path=dev, baud=int(baud) if baud else 9600)
        except ValueError:
            pass
        raise ConfigError(f"printer {text!r}: expected preview:DIR, network:HOST[:PORT], usb:VID:PID (hex), "
                          "serial:DEVICE[:BAUD] or file:PATH")


@dataclass(frozen=True)
class KioskConfig:
    server_url: str = "http://127.0.0.1:8000"
    kiosk_key: str = ""
    printer: str = "preview:tickets"
    paper: int = 80
    printer_profile: str = ""          # python-escpos profile; empty: chosen from the paper width
    qr: str = "image"                  # "image" (works everywhere) or "native" (only if the profile supports it)
    printer_status_check: Optional[bool] = None   # None: only for USB and serial printers
    printer_timeout: float = 5.0
    language: str = "id"
    idle_seconds: float = 60.0
    done_seconds: float = 12.0
    failed_seconds: float = 90.0
    connect_timeout: float = 2.0
    request_timeout: float = 4.0      # then "not answering, retrying" is on screen
    retry_delays: tuple = (1.0, 2.0, 3.0, 5.0, 5.0, 8.0)
    refresh_seconds: float = 15.0      # tiles asked for this often while the event stream is down
    stream_refresh_seconds: float = 60.0   # and this often while it is up (opening hours send no event)
    event_stream: bool = True          # follow GET /api/events (tiles change the moment the queue does)
    office_name: str = ""              # overrides the server's office name on screen
    logo: str = ""                     # PNG/JPG shown on Welcome and printed on the ticket
    retention_days: int = 30           # said in the privacy notice; must match the server's setting
    fullscreen: bool = True
    window_size: tuple = (1080, 1920)
    state_dir: str = ""                # where printer failures are noted (never a NIK)
    kiosk_name: str = ""               # this kiosk's name (from pairing; shown to the technician)
    technician_pin: str = ""           # hash of the technician PIN (kiosk.technician.hash_pin), never the PIN
    voice: bool = True                 # spoken guidance at each step (kiosk.voice), offline with espeak-ng
    voice_volume: float = 0.8          # 0.0 (silent) .. 1.0 (loudest)

    @property
    def printer_spec(self) -> PrinterSpec:
        return PrinterSpec.parse(self.printer)

    def validate(self) -> "KioskConfig":
        self.printer_spec  # raises ConfigError
        if self.paper not in (58, 80):
            raise ConfigError(f"paper {self.paper!r}: must be 58 or 80 (mm)")
        if self.qr not in ("image", "native"):
            raise ConfigError(f"qr {self.qr!r}: must be 'image' or 'native'")
        if self.language not in ("id", "en"):
            raise ConfigError(f"language {self.language!r}: must be 'id' or 'en'")
        if not self.server_url.startswith(("http://", "https://")):
            raise ConfigError(f"server_url {self.server_url!r}: must start with http:// or https://")
        for name in ("idle_seconds", "done_seconds", "failed_seconds", "connect_timeout", "request_timeout",
                     "printer_timeout", "refresh_seconds", "stream_refresh_seconds"):
            if not getattr(self, name) > 0:
                raise ConfigError(f"{name}: must be a number of seconds above 0")
        if self.technician_pin and not self.technician_pin.startswith("pbkdf2_sha256$"):
            raise ConfigError("technician_pin: must be a hash written by the kiosk (pbkdf2_sha256$...), "
                              "not the PIN itself; run kiosk_main.py --reset-pin to set a new one")
        if not 0.0 <= self.voice_volume <= 1.0:
            raise ConfigError(f"voice_volume {self.voice_volume!r}: must be from 0.0 (silent) to 1.0 (loudest)")
        if len(self.window_size) != 2 or min(self.window_size) < 200:
            raise ConfigError(f"window_size {self.window_size!r}: expected WIDTHxHEIGHT, e.g. 1080x1920")
        return self


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = text.lower().split("x")
        return int(w), int(h)
    except ValueError:
        raise ConfigError(f"window size {text!r}: expected WIDTHxHEIGHT, e.g. 1080x1920") from None


def default_config_path() -> Path:
    """Where the kiosk keeps its settings when no ``--config`` is given: the technician screen and
    ``--pair`` write there, and the next start reads it (``$XDG_CONFIG_HOME/antre/kiosk.toml``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "antre" / "kiosk.toml"


def load_config(path: Optional[Path] = None, **overrides) -> KioskConfig:
    """Defaults, then the TOML file (keys at the top level or under ``[kiosk]``), then ``overrides``
    (command-line flags; ``None`` means "not given"). A missing file is fine only when
    ``missing_ok`` is passed as True (the default location before the first save)."""
    missing_ok = overrides.pop("missing_ok", False)
    from_file: dict = {}
    if path is not None and not (missing_ok and not Path(path).exists()):
        try:
            data = tomllib.loads(Path(path).read_text())
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"config file {path}: {exc}") from None
        from_file = dict(data.get("kiosk", data))
    flags = {k: v for k, v in overrides.items() if v is not None}
    try:
        return _typed({**from_file, **flags})
    except ConfigError as exc:
        key = str(exc).split(" ")[0].rstrip(":")
        if key in from_file and key not in flags or str(exc).startswith("unknown setting"):
            raise ConfigError(f"config file {path}: {exc}") from None   # name the file the bad key is in
        raise


def _typed(values: dict) -> KioskConfig:
    known = {f.name: f for f in fields(KioskConfig)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    if isinstance(values.get("window_size"), str):
        values["window_size"] = parse_size(values["window_size"])
    for name in ("retry_delays", "window_size"):
        if name in values:
            values[name] = tuple(values[name])
    cfg = KioskConfig()
    for name, value in values.items():
        default = getattr(cfg, name)
        if isinstance(default, str) and not isinstance(value, str):
            raise ConfigError(f"{name} {value!r}: must be text (in quotes)")
        if isinstance(default, bool) and not isinstance(value, bool):
            raise ConfigError(f"{name} {value!r}: must be true or false")
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(f"{name} {value!r}: must be a number")
    return replace(cfg, **values).validate()


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def save_config(path: Path, changes: dict) -> None:
    """Write ``changes`` into the TOML file at ``path`` (created if missing), keeping its other
    settings and tables. Comments are not kept. Written atomically and readable only by the
    owner: the file holds the kiosk key and the PIN hash."""
    path = Path(path)
    data: dict = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text())
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"config file {path}: {exc}") from None
    section = data.setdefault("kiosk", {}) if ("kiosk" in data or not data) else data
    section.update(changes)
    lines = ["# Antre kiosk settings. Written by the kiosk (technician screen, --pair, --reset-pin)."]
    scalars = {k: v for k, v in data.items() if not isinstance(v, dict)}
    lines += [f"{k} = {_toml_value(v)}" for k, v in scalars.items()]
    for table, items in data.items():
        if isinstance(items, dict):
            lines += ["", f"[{table}]"] + [f"{k} = {_toml_value(v)}" for k, v in items.items()
                                           if not isinstance(v, dict)]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".kiosk-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write("\n".join(lines) + "\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
