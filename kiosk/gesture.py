"""The hidden way to the technician's PIN: two long presses on the corners of Welcome.

No Kivy here. First the top-left corner, then the bottom-right one: nothing a
citizen does by tapping, however often or wherever (a short touch on a corner
starts the journey as any touch does).
"""

from __future__ import annotations

from typing import Callable, Optional

HOLD_SECONDS = 3.0
BETWEEN_SECONDS = 10.0
CORNER_FRACTION = 0.15   # of the short side: a corner square big enough to hit, small enough to avoid


class CornerGesture:
    """Long press (>= 3 s) top-left, then within 10 s a long press bottom-right.

    ``down(corner)``/``up()`` are fed by the Welcome screen for touches in a corner;
    ``up`` answers "tap" (a short touch: start the journey like any touch), "held"
    (first half done, nothing visible happens) or "open" (show the PIN keypad).
    """

    def __init__(self, clock: Callable[[], float]):
        self.clock = clock
        self._down: Optional[tuple[str, float]] = None
        self._first_at: Optional[float] = None

    @staticmethod
    def corner(x: float, y: float, width: float, height: float) -> Optional[str]:
        """Which corner (x, y) is in, relative to a box of ``width``x``height`` (y up, Kivy style)."""
        size = min(width, height) * CORNER_FRACTION
        if x <= size and y >= height - size:
            return "top_left"
        if x >= width - size and y <= size:
            return "bottom_right"
        return None

    def down(self, corner: str) -> None:
        self._down = (corner, self.clock())

    def up(self) -> str:
        if self._down is None:
            return "tap"
        corner, at = self._down
        self._down = None
        now = self.clock()
        if now - at < HOLD_SECONDS:
            self._first_at = None
            return "tap"
        if corner == "top_left":
            self._first_at = now
            return "held"
        if corner == "bottom_right" and self._first_at is not None and now - self._first_at <= BETWEEN_SECONDS + HOLD_SECONDS:
            self._first_at = None
            return "open"
        self._first_at = None
        return "held"


__all__ = ["BETWEEN_SECONDS", "CORNER_FRACTION", "CornerGesture", "HOLD_SECONDS"]
