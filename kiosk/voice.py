"""Spoken guidance: what the kiosk says at each step of the citizen's journey.

Many citizens read little; the screens have pictures, and the kiosk also says
what to do, in the citizen's language. ``guidance(journey)`` is pure (no Kivy, no
sound): which sentence fits what the screen now shows. ``VoiceGuide`` follows the
journey and hands a sentence to the speaker (``kiosk.devices.speaker``) once per
new step or new problem, when the kiosk's settings (``voice``, ``voice_volume``,
read at every sentence so the technician's change applies at once) allow it.

The ticket number is said as words ("a, dua belas"): a synthesiser reading
"A-012" drops the zero and may spell the letter in English.
"""

from __future__ import annotations

from typing import Callable, Optional

from server.domain.speech import LETTER_NAMES, number_words, split_number

from .texts import t

# The sentence for each screen a citizen meets; steps not listed say nothing (the
# progress screen lasts a moment, the technician's pages are not for citizens).
STEP_SENTENCES = {
    "welcome": "say_welcome", "service": "say_service", "priority": "say_priority", "nik": "say_nik",
    "privacy": "say_privacy", "confirm": "say_confirm", "done": "say_done", "print_failed": "say_print_failed",
    "existing": "say_existing", "refused": "say_refused", "server_down": "say_server_down",
    "check_in": "say_check_in",
}


def spoken_number(number: str, lang: str) -> str:
    """"A-012" as a listener should hear it: "a, dua belas" (Indonesian) or "A, 12" (English)."""
    try:
        letter, n = split_number(number)
    except ValueError:
        return number
    return f"{LETTER_NAMES[letter]}, {number_words(n)}" if lang == "id" else f"{letter}, {n}"


def guidance(journey) -> Optional[tuple[str, str]]:
    """(what, sentence) for the screen ``journey`` is on, or None. ``what`` changes whenever
    something new should be said: another step, or another problem with the typed NIK."""
    step, lang = journey.step, journey.lang
    if step == "nik":
        # what the NIK screen shows: the problems found at "Lanjut", else those no more typing can fix
        problems = journey.nik_errors or journey.live_guidance().errors
        if problems:
            codes = ",".join(sorted(str(getattr(issue, "code", issue)) for issue in problems))
            return f"nik_error:{codes}", t("say_nik_error", lang)
    key = STEP_SENTENCES.get(step)
    if key is None:
        return None
    if step in ("done", "print_failed", "existing") and journey.ticket and journey.ticket.get("number"):
        return step, t(key, lang, number=spoken_number(journey.ticket["number"], lang))
    return step, t(key, lang, number="")


class VoiceGuide:
    """Speaks ``guidance`` when it changes. ``settings()`` gives the current KioskConfig."""

    def __init__(self, speaker, settings: Callable[[], object]):
        self.speaker = speaker
        self.settings = settings
        self._last: Optional[tuple] = None

    def follow(self, journey) -> None:
        cue = guidance(journey)
        said = (journey.session, journey.lang, cue[0] if cue else None)
        if said == self._last:
            return
        first, self._last = self._last is None, said
        if cue is None or (first and journey.step == "welcome"):
            return        # the kiosk switched on: nobody is there to greet yet
        cfg = self.settings()
        if getattr(cfg, "voice", False):
            self.speaker.say(cue[1], journey.lang, float(getattr(cfg, "voice_volume", 1.0)))


__all__ = ["STEP_SENTENCES", "VoiceGuide", "guidance", "spoken_number"]
