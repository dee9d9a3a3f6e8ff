"""Reading ESC/POS bytes back: the commands, the printed lines, and where two byte strings differ.

Only the commands ``kiosk.ticket.to_escpos`` sends are known; any other byte below 0x20 is an
error, so a change that slips in an unexpected command is caught by the reading itself.
"""

from __future__ import annotations

from dataclasses import dataclass

ESC, GS = 0x1B, 0x1D
# (prefix byte, command byte) -> (name, number of parameter bytes)
FIXED = {(ESC, 0x40): ("ESC @ init", 0), (ESC, 0x21): ("ESC ! mode", 1), (ESC, 0x45): ("ESC E bold", 1),
         (ESC, 0x61): ("ESC a align", 1), (ESC, 0x74): ("ESC t code page", 1), (ESC, 0x64): ("ESC d feed", 1),
         (GS, 0x21): ("GS ! size", 1)}


@dataclass(frozen=True)
class Command:
    offset: int
    name: str        # "text" for printable bytes and line feeds
    data: bytes      # the whole command, or the text


def commands(data: bytes) -> list[Command]:
    """``data`` cut into commands and runs of text; ``ValueError`` on a byte no command explains."""
    out: list[Command] = []
    i = 0
    while i < len(data):
        start, b = i, data[i]
        if b == 0x0A or b >= 0x20:
            while i < len(data) and (data[i] == 0x0A or data[i] >= 0x20):
                i += 1
            out.append(Command(start, "text", data[start:i]))
            continue
        key = (b, data[i + 1]) if i + 1 < len(data) else (b, None)
        if key in FIXED:
            name, params = FIXED[key]
            i += 2 + params
        elif key == (GS, 0x56):                                   # GS V m [n]: cut
            name, i = "GS V cut", i + (4 if data[i + 2] in (65, 66) else 3)
        elif key == (GS, 0x28) and data[i + 2] == 0x6B:           # GS ( k pL pH cn fn ...: 2D code
            name, i = f"GS ( k fn {data[i + 6]}", i + 5 + data[i + 3] + 256 * data[i + 4]
        elif key == (GS, 0x76) and data[i + 2] == 0x30:           # GS v 0 m xL xH yL yH bits: raster
            x_bytes, rows = data[i + 4] + 256 * data[i + 5], data[i + 6] + 256 * data[i + 7]
            name, i = "GS v 0 raster", i + 8 + x_bytes * rows
        else:
            raise ValueError(f"unknown ESC/POS byte 0x{b:02x} at offset {i}: {data[i:i + 8].hex(' ')}")
        if i > len(data):
            raise ValueError(f"{name} at offset {start} runs past the end ({len(data)} bytes)")
        out.append(Command(start, name, data[start:i]))
    return out


def printed_lines(data: bytes) -> list[str]:
    """The text as the paper shows it, one string per line (code page 437, ``ESC t 0``)."""
    text = b"".join(c.data for c in commands(data) if c.name == "text")
    return text.decode("cp437").split("\n")


def size_of(data: bytes, line: str) -> tuple[int, int]:
    """The magnification (width, height) in force where ``line`` is printed."""
    size = (1, 1)
    for c in commands(data):
        if c.name == "GS ! size":
            size = ((c.data[2] >> 4) + 1, (c.data[2] & 0x0F) + 1)
        elif c.name == "ESC ! mode" and c.data[2] == 0:
            size = (1, 1)
        elif c.name == "text" and line in c.data.decode("cp437").split("\n"):
            return size
    raise AssertionError(f"{line!r} is not printed")


def native_qr_data(data: bytes) -> list[str]:
    """What the native QR commands store (GS ( k, function 80), one string per code."""
    return [c.data[8:].decode("ascii") for c in commands(data) if c.name == "GS ( k fn 80"]


def difference(expected: bytes, actual: bytes, window: int = 16) -> str:
    """Where ``actual`` first differs from ``expected``: offset, the command there, a hex window."""
    at = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), min(len(expected), len(actual)))
    lo, hi = max(0, at - window), at + window

    def where(data: bytes) -> str:
        try:
            found = [c for c in commands(data) if c.offset <= at]
        except ValueError as exc:
            return str(exc)
        if not found or at >= len(data):
            return "past the end"
        c = found[-1]
        if c.name == "text":
            return f"text at offset {c.offset}: {c.data.decode('cp437', 'replace')[:40]!r}"
        if c.name == "GS v 0 raster" and at >= c.offset + 8:
            x_bytes, rows = c.data[4] + 256 * c.data[5], c.data[6] + 256 * c.data[7]
            row, col = divmod(at - c.offset - 8, x_bytes)
            return f"raster image {x_bytes * 8}x{rows} at offset {c.offset}: row {row}, dots {col * 8}-{col * 8 + 7}"
        return f"{c.name} at offset {c.offset}: {c.data[:8].hex(' ')}"

    def row(label: str, data: bytes) -> str:
        chunk = data[lo:hi]
        mark = " " * (3 * (at - lo)) + "^^"
        text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk)
        return f"  {label} {chunk.hex(' ')}\n  {' ' * len(label)} {mark}\n  {' ' * len(label)} {text}"

    return (f"ESC/POS bytes differ from the golden file: {len(actual)} bytes, golden {len(expected)}; "
            f"first difference at offset {at} (0x{at:x})\n"
            f"  golden: {where(expected)}\n  actual: {where(actual)}\n"
            f"  bytes {lo}..{hi}:\n{row('golden', expected)}\n{row('actual', actual)}")
