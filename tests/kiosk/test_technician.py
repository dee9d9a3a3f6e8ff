"""The technician screen in the real Kivy app, driven by touches against a real server.

Personas: Ibu Siti (an elderly citizen who taps wherever, as often as she likes) and Pak Budi,
the technician who knows the gesture and the PIN. Time for the long presses is a
test clock, so no test waits three real seconds.
"""

from __future__ import annotations

import tomllib

import httpx

from kiosk.devices.memory import MemoryPrinter
from kiosk.gesture import CornerGesture
from kiosk.pin import PinGate, hash_pin, verify_pin
from kiosk.ticket import PAPERS
from tests.kiosk.conftest import SIZES
from tests.kiosk.helpers import NIK, PrinterListener, prints_number
from tests.kiosk.test_gui import walk_to_confirm
from tests.live import Clock, free_port

PIN = "482913"


def corner_point(k, corner: str):
    """A point well inside ``corner`` of the window (top left is on the header bar), in window coordinates."""
    width, height = k.window.size
    inset = min(width, height) * 0.05
    return (inset, height - inset) if corner == "top_left" else (width - inset, inset)


def press(k, clock, corner: str, seconds: float = 0.0) -> None:
    """Touch a corner of Welcome and let go after ``seconds`` (on the test clock)."""
    from kivy.tests.common import UnitTestTouch
    touch = UnitTestTouch(*corner_point(k, corner))
    touch.touch_down()
    k.pump(1)
    clock.advance(seconds)
    touch.touch_up()
    k.pump(2)


def open_technician(k, clock, pin: str = PIN) -> None:
    k.wait_screen("welcome")
    press(k, clock, "top_left", 3.2)
    clock.advance(1.0)
    press(k, clock, "bottom_right", 3.2)
    assert k.screen == "pin"
    type_pin(k, pin)
    k.wait_screen("technician")


def type_pin(k, pin: str) -> None:
    screen = k.root.screen("pin")
    for d in pin:
        k.tap(screen.key(d), frames=0)
    k.tap(screen.key("ok"))


def status(k) -> str:
    return k.ids("technician").status.text


def wait_status(k) -> str:
    k.wait(lambda: k.c.tech.outcome is not None and not k.c.tech.outcome.busy)
    return status(k)


def open_kiosk_for_technician(open_kiosk, server, tmp_path, key=None, **over):
    clock = Clock()
    k = open_kiosk(server.url, server.creds["kiosk_key"] if key is None else key,
                   printer=over.pop("printer", None) or MemoryPrinter(PAPERS[80]), clock=clock,
                   config_path=tmp_path / "kiosk.toml", technician_pin=hash_pin(PIN), **over)
    return k, clock


# ---------------------------------------------------------------- plain rules
def test_pin_hash_is_salted_and_verifies():
    a, b = hash_pin("1234"), hash_pin("1234")
    assert a != b and "1234" not in a
    assert verify_pin("1234", a) and not verify_pin("1235", a) and not verify_pin("1234", "")


def test_gesture_needs_two_long_presses_in_order():
    clock = Clock()
    g = CornerGesture(clock)
    g.down("bottom_right"); clock.advance(3.5)
    assert g.up() == "held"                           # wrong order: nothing
    g.down("top_left"); clock.advance(3.5)
    assert g.up() == "held"
    g.down("bottom_right"); clock.advance(1.0)
    assert g.up() == "tap"                            # too short: an ordinary touch, and the first half is gone
    g.down("bottom_right"); clock.advance(3.5)
    assert g.up() == "held"
    g.down("top_left"); clock.advance(3.5); g.up()
    clock.advance(30)                                 # too long between the two presses
    g.down("bottom_right"); clock.advance(3.5)
    assert g.up() == "held"
    g.down("top_left"); clock.advance(3.5); g.up()
    g.down("bottom_right"); clock.advance(3.5)
    assert g.up() == "open"


def test_pin_lockout_grows_and_ends():
    clock = Clock()
    gate, stored = PinGate(clock, tries=3, lockout=60), hash_pin(PIN)
    assert [gate.attempt("0000", stored) for _ in range(3)] == ["wrong", "wrong", "locked"]
    assert gate.attempt(PIN, stored) == "locked"      # even the right PIN waits
    clock.advance(61)
    assert gate.attempt(PIN, stored) == "ok"
    assert gate.attempt("0000", stored) == "wrong"


# ---------------------------------------------------------------- the app
def test_citizen_taps_never_open_it_the_gesture_and_pin_do(server, open_kiosk, tmp_path, artifacts):
    k, clock = open_kiosk_for_technician(open_kiosk, server, tmp_path)
    k.wait(lambda: k.c.feed.services)
    # Ibu Siti taps the corners, quickly and many times: each tap starts the journey, nothing else.
    for i in range(12):
        press(k, clock, ("top_left", "bottom_right")[i % 2], 0.2)
        assert k.screen == "service"
        k.tap(k.ids("service").back)
        assert k.screen == "welcome"
    # ... holds one corner for long, then taps the other: still only her journey.
    press(k, clock, "top_left", 5)
    assert k.screen == "welcome"
    press(k, clock, "bottom_right", 0.3)
    assert k.screen == "service"
    k.c.reset()
    k.pump(2)
    # Pak Budi: the gesture, a wrong PIN (refused politely), then the right one.
    press(k, clock, "top_left", 3.2)
    press(k, clock, "bottom_right", 3.2)
    assert k.screen == "pin"
    type_pin(k, "1111")
    assert k.screen == "pin" and "PIN salah" in k.ids("pin").message.text
    for name, size in (("portrait", SIZES["portrait"]), ("landscape", SIZES["laptop"])):
        k.resize(size)
        k.tap(k.root.screen("pin").key("4"))
        k.shot(f"technician-{name}-01-pin")
        k.tap(k.root.screen("pin").key("backspace"))
    type_pin(k, PIN)
    assert k.screen == "technician"
    assert "Pengaturan Teknisi" in k.ids("technician").title.text
    for name, size in (("portrait", SIZES["portrait"]), ("landscape", SIZES["laptop"]), ("tablet", SIZES["tablet"])):
        k.resize(size)
        k.tap(k.ids("technician").test_server)
        assert "Server terhubung" in wait_status(k) and "Kunci kiosk berlaku" in status(k)
        k.shot(f"technician-{name}-02-settings")
        assert_fits(k)
    # Back without saving: Welcome, and the config file untouched.
    k.tap(k.ids("technician").back)
    assert k.screen == "welcome" and not (tmp_path / "kiosk.toml").exists()


def test_wrong_pins_lock_the_keypad(server, open_kiosk, tmp_path):
    k, clock = open_kiosk_for_technician(open_kiosk, server, tmp_path)
    press(k, clock, "top_left", 3.2)
    press(k, clock, "bottom_right", 3.2)
    for _ in range(5):
        type_pin(k, "0000")
    assert "Terlalu banyak PIN salah" in k.ids("pin").message.text
    assert k.root.screen("pin").key("ok").disabled
    clock.advance(61)
    k.c.tech.open_pin()       # the gesture again after the wait (idle timeout took it away)
    k.pump(2)
    type_pin(k, PIN)
    assert k.screen == "technician"


def assert_fits(k) -> None:
    from tests.kiosk.test_gui import assert_everything_fits
    assert_everything_fits(k)


def test_network_printer_test_print_then_save_and_the_journey_prints_there(server, open_kiosk, tmp_path):
    listener = PrinterListener()
    try:
        k, clock = open_kiosk_for_technician(open_kiosk, server, tmp_path)
        open_technician(k, clock)
        ids = k.ids("technician")
        k.tap(k.root.screen("technician").kind_buttons["network"])
        ids.target.text = f"127.0.0.1:{listener.port}"          # typed on the keyboard
        k.tap(k.root.screen("technician").paper_buttons[58])
        k.tap(ids.idle_more)
        k.tap(ids.test_printer)
        assert "Printer siap" in wait_status(k)
        k.c.tech.outcome = None
        k.tap(ids.test_print)
        assert "Tiket uji terkirim" in wait_status(k)
        listener.job_done.wait(5)
        test_job = next(j for j in listener.jobs if j)
        assert test_job.startswith(b"\x1b@") and b"TES PRINTER" in test_job
        k.tap(ids.save)
        assert k.screen == "welcome"
        saved = tomllib.loads((tmp_path / "kiosk.toml").read_text())["kiosk"]
        assert saved["printer"] == listener.spec and saved["paper"] == 58 and saved["idle_seconds"] == 90
        assert k.c.cfg.printer == listener.spec and k.c.paper.mm == 58
        # A citizen's ticket now goes to the new printer, at once.
        listener.job_done.clear()
        walk_to_confirm(k, nik=NIK)
        k.tap(k.ids("confirm").print)
        k.wait_screen("done")
        number = k.c.journey.ticket["number"]
        assert any(prints_number(j, number) and NIK.encode() not in j for j in listener.jobs)
    finally:
        listener.close()


def test_pairing_saves_the_key_and_wrong_url_or_revoked_key_are_named(server, open_kiosk, tmp_path):
    admin = server.admin()
    created = admin.post("/api/admin/devices", json={"kind": "kiosk", "name": "Kiosk Lobi 2"})
    assert created.status_code in (200, 201), created.text
    device_id, code = created.json()["id"], created.json()["pairing_code"]
    k, clock = open_kiosk_for_technician(open_kiosk, server, tmp_path, key="")
    open_technician(k, clock)
    ids = k.ids("technician")
    k.tap(ids.test_server)
    assert "belum punya kunci" in wait_status(k)
    ids.pair_code.text = code.lower()                      # typed casually
    k.tap(ids.pair)
    assert "Terpasang sebagai" in wait_status(k), status(k)
    saved = tomllib.loads((tmp_path / "kiosk.toml").read_text())["kiosk"]
    key = saved["kiosk_key"]
    assert key and k.c.cfg.kiosk_key == key and saved["kiosk_name"] == "Kiosk Lobi 2"
    r = httpx.post(server.url + "/api/devices/heartbeat", json={}, headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 200 and r.json()["device_id"] == device_id
    # A wrong server URL is named as such ...
    ids.server.text = f"http://127.0.0.1:{free_port()}"
    k.tap(ids.test_server)
    assert "alamat server salah" in wait_status(k)
    # ... and so is a revoked key.
    ids.server.text = server.url
    assert admin.post(f"/api/admin/devices/{device_id}/revoke").status_code in (200, 204)
    k.tap(ids.test_server)
    text = wait_status(k)
    assert "Server terhubung" in text and "dicabut" in text
    # The page in English says the same.
    k.tap(k.root.ids.lang)
    assert "revoked" in status(k)


def test_exit_and_leaving_full_screen_are_behind_the_pin(server, open_kiosk, tmp_path):
    k, clock = open_kiosk_for_technician(open_kiosk, server, tmp_path)
    calls = []
    k.c.tech.exit_app = lambda: calls.append("exit")
    k.c.tech.leave_fullscreen = lambda: calls.append("window")
    open_technician(k, clock)
    k.tap(k.ids("technician").fullscreen)
    k.tap(k.ids("technician").exit)
    assert calls == ["window", "exit"]
