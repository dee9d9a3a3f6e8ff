"""What the technician page edits before "Simpan": a draft of the kiosk's settings.

No Kivy here. ``Draft.config(base)`` turns the draft into a validated
``KioskConfig`` (or a ``ConfigError`` naming the setting), so the page can test a
server or a printer with settings that are not saved yet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .config import KioskConfig, PrinterSpec

IDLE_CHOICES = (15, 20, 30, 45, 60, 90, 120, 180, 300, 600)
PRINTER_KINDS = ("preview", "network", "usb", "serial", "file")


def printer_profiles() -> list[str]:
    """"" (chosen from the paper width) and every python-escpos profile name."""
    from escpos.capabilities import CAPABILITIES
    return [""] + sorted(name for name in CAPABILITIES["profiles"] if name not in ("default", "simple"))


@dataclass
class Draft:
    """What the technician page edits, before "Simpan"."""

    server_url: str
    kiosk_name: str
    printer_kind: str
    printer_target: str      # what follows "kind:" in the printer spec
    paper: int
    printer_profile: str
    language: str
    idle_seconds: float
    voice: bool = True
    voice_volume: float = 0.8

    @classmethod
    def of(cls, cfg: KioskConfig) -> "Draft":
        kind, _, target = cfg.printer.partition(":")
        return cls(cfg.server_url, cfg.kiosk_name, kind, target, cfg.paper, cfg.printer_profile, cfg.language,
                   cfg.idle_seconds, cfg.voice, cfg.voice_volume)

    @property
    def printer(self) -> str:
        return f"{self.printer_kind}:{self.printer_target.strip()}" if self.printer_target.strip() else self.printer_kind

    def values(self) -> dict:
        return {"server_url": self.server_url.strip().rstrip("/"), "kiosk_name": self.kiosk_name.strip(),
                "printer": self.printer, "paper": self.paper, "printer_profile": self.printer_profile,
                "language": self.language, "idle_seconds": self.idle_seconds,
                "voice": self.voice, "voice_volume": self.voice_volume}

    def config(self, base: KioskConfig) -> KioskConfig:
        """``base`` with these values; ConfigError (naming the setting) when one is not usable."""
        PrinterSpec.parse(self.printer)
        return replace(base, **self.values()).validate()

    def step_idle(self, direction: int) -> None:
        choices = IDLE_CHOICES
        i = min(range(len(choices)), key=lambda n: abs(choices[n] - self.idle_seconds))
        self.idle_seconds = float(choices[max(0, min(len(choices) - 1, i + direction))])

    def volume_step(self, direction: int) -> float:
        """The voice volume one step (10%) louder or softer, from 10% to 100%: off is the on/off button."""
        return round(min(1.0, max(0.1, self.voice_volume + 0.1 * direction)), 1)

    def step_profile(self, direction: int) -> None:
        names = printer_profiles()
        i = names.index(self.printer_profile) if self.printer_profile in names else 0
        self.printer_profile = names[(i + direction) % len(names)]


__all__ = ["Draft", "IDLE_CHOICES", "PRINTER_KINDS", "printer_profiles"]
