"""Every step of a citizen's journey at every supported size, in the usual look and in the large
text / high contrast mode: every text inside the window and its box, nothing under the header bar,
no two texts on top of each other. Each screen is photographed (look at them)."""

from __future__ import annotations

import pytest

from kiosk.api import ApiRefusal
from kiosk.devices.memory import MemoryPrinter
from kiosk.screens.theme import CONTRAST, ui
from kiosk.ticket import PAPERS
from tests.kiosk.conftest import SIZES
from tests.kiosk.helpers import NIK
from tests.kiosk.test_gui import assert_everything_fits, issuing_again

ELDERLY_NIK = "3277014107640003"


def visible_texts(k):
    """(label, window box) of every label on the current screen that a citizen can see."""
    from kivy.uix.label import Label

    screen = k.root.screen()
    out = []
    for w in screen.walk(restrict=True):
        if not isinstance(w, Label) or not w.text.strip():
            continue
        node, shown = w, True
        while node is not None and node is not screen.parent:
            shown = shown and node.opacity > 0
            node = node.parent
        if shown:
            x, y = w.to_window(w.x, w.y)
            out.append((w, (x, y, w.width, w.height)))
    return out


def ancestors(widget) -> list:
    out, node = [], widget.parent
    while node is not None and node not in out and len(out) < 64:   # the window is its own parent
        out.append(node)
        node = node.parent
    return out


def assert_laid_out(k) -> None:
    """Inside the window and its box (test_gui's check), below the header bar, nothing overlapping."""
    assert_everything_fits(k)
    top = k.window.height - k.root.ids.header.height
    texts = visible_texts(k)
    for w, (x, y, width, height) in texts:
        assert y + height <= top + 1, f"{k.screen}: {w.text[:40]!r} under the header bar"
        if w.text_size[0] is not None and w.text_size[1] is None:
            assert w.texture_size[1] <= height + 1, f"{k.screen}: {w.text[:40]!r} taller than its box"
    for i, (a, (ax, ay, aw, ah)) in enumerate(texts):
        for b, (bx, by, bw, bh) in texts[i + 1:]:
            if a in ancestors(b) or b in ancestors(a):
                continue       # a label inside a button, say
            overlap_x = min(ax + aw, bx + bw) - max(ax, bx)
            overlap_y = min(ay + ah, by + bh) - max(ay, by)
            assert overlap_x <= 1 or overlap_y <= 1, f"{k.screen}: {a.text[:30]!r} overlaps {b.text[:30]!r}"


def walk_every_step(k, prefix: str, large: bool) -> None:
    def look(name: str) -> None:
        k.pump(4)
        k.shot(f"{prefix}-{name}")
        assert_laid_out(k)
        assert ui.large == large and (ui.c is CONTRAST) == large or ui.c == (CONTRAST if large else ui.c)

    k.wait(lambda: k.c.feed.services)
    if large:
        k.tap(k.ids("welcome").large)
        assert k.c.journey.large and "Huruf biasa" in k.ids("welcome").large.text
    look("01-welcome")
    k.tap(k.ids("welcome").start)
    k.wait(lambda: k.ids("service").tiles.children)
    look("02-service")
    k.tap(k.root.screen("service").tile("B"))
    look("03-priority")
    k.tap(k.root.screen("priority").button(None))
    k.type_nik("3277013102910003")
    look("04-nik-wrong")
    for _ in range(16):
        k.tap(k.root.screen("nik").key("backspace"), frames=0)
    k.type_nik(ELDERLY_NIK)
    look("05-nik-complete")
    k.tap(k.ids("nik").next)
    look("06-privacy")
    k.tap(k.ids("privacy").agree)
    look("07-confirm-age-hint")
    k.tap(k.ids("confirm").take_hint)
    k.tap(k.ids("confirm").print)
    k.wait_screen("done")
    look("08-done-priority")
    j, ticket = k.c.journey, k.c.journey.ticket
    refusal = ApiRefusal(409, "quota_reached", "Kuota antrean layanan ini untuk hari ini sudah habis.",
                         "Today's quota for this service has been reached.")
    for name, outcome in [("09-progress-retrying", lambda: (j.retrying(), j.retrying())),
                          ("10-print-failed", lambda: (j.issued(ticket), j.print_failed("offline"))),
                          ("11-existing", lambda: j.issued({**ticket, "outcome": "existing"})),
                          ("12-refused", lambda: j.refused(refusal)),
                          ("13-server-down", lambda: j.server_down())]:
        issuing_again(j, nik=NIK)
        if large:
            j.toggle_large()
        outcome()
        k.c.changed()
        look(name)


@pytest.mark.parametrize("large", [False, True], ids=["usual", "large"])
@pytest.mark.parametrize("size_name", list(SIZES))
def test_every_step_is_laid_out_at_every_size(server, open_kiosk, size_name, large):
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]), size=SIZES[size_name])
    width, height = SIZES[size_name]
    walk_every_step(k, f"kiosk-{'large' if large else 'usual'}-{size_name}-{width}x{height}", large)
    k.c.reset()
    k.pump(3)
    assert not ui.large and ui.c["bg"] != CONTRAST["bg"]      # the next citizen gets the usual look


def test_the_large_mode_is_one_touch_on_welcome_and_the_next_citizen_starts_without_it(server, open_kiosk):
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]), size=SIZES["portrait"])
    k.wait(lambda: k.c.feed.services)
    usual_u = ui.u
    k.tap(k.ids("welcome").large)
    assert k.screen == "welcome" and ui.large and ui.u > usual_u * 1.3
    k.tap(k.ids("welcome").start)
    k.wait(lambda: k.ids("service").tiles.children)
    k.tap(k.ids("service").back)
    assert k.screen == "welcome" and not ui.large and ui.u == usual_u
    k.tap(k.ids("welcome").large)
    k.c.last_activity -= k.c.cfg.idle_seconds      # she walked away
    k.c.tick()
    k.pump(3)
    assert not k.c.journey.large and not ui.large


@pytest.mark.parametrize("size_name", ["tablet", "laptop"])
def test_in_english_the_header_date_stays_on_one_line(server, open_kiosk, size_name):
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]), size=SIZES[size_name])
    k.wait(lambda: k.c.feed.services)
    k.tap(k.root.ids.lang)
    k.tap(k.ids("welcome").start)
    k.pump(3)
    clock = k.root.ids.clock
    assert clock.text.count(",") == 1 and clock.texture_size[1] < clock.font_size * 1.6, "the date wraps"
    assert clock.texture_size[0] <= clock.width + 1
    width, height = SIZES[size_name]
    k.shot(f"kiosk-{size_name}-{width}x{height}-service-english")
    assert_laid_out(k)
