"""The NIK keypad and the priority hints as Ibu Siti (61) and Pak Budi (36) meet them: plain words,
the wrong digits marked, "Lanjut" visibly off until the NIK can be right, the same keys in the
same places on both keypads, and an age from the NIK that suggests, never decides."""

from __future__ import annotations


from common.nik import check
from kiosk.devices.memory import MemoryPrinter
from kiosk.ticket import PAPERS
from tests.kiosk.conftest import SIZES
from tests.kiosk.helpers import NIK
from tests.kiosk.test_gui import assert_everything_fits, walk_to_confirm

ELDERLY_NIK = "3277014107640003"   # Ibu Siti, born 1 July 1964 (61 or 62 on the office's today)


def to_keypad(k, priority=None):
    k.wait(lambda: k.c.feed.services)
    k.tap(k.ids("welcome").start)
    k.wait(lambda: k.ids("service").tiles.children)
    k.tap(k.root.screen("service").tile("A"))
    k.tap(k.root.screen("priority").button(priority))
    assert k.screen == "nik"


def test_given_an_impossible_birth_date_then_the_words_are_plain_the_digits_red_and_lanjut_is_off(
        server, open_kiosk):
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]), size=SIZES["tablet"])
    to_keypad(k)
    nik = k.ids("nik")
    assert nik.ktp.texture is not None and "baris atas KTP" in nik.ktp_where.text
    k.type_nik("3277013102910003")           # 31 February
    text = nik.guidance.text
    assert "tanggal lahir" in text and "KTP" in text and "angka ke-" not in text and "31-02" not in text
    assert "[color=" in nik.digits.text and nik.digits.text.count("[color=") == 6   # DDMMYY marked
    assert nik.next.disabled
    from kiosk.screens.theme import ui
    assert tuple(nik.next.background_color) == tuple(ui.c["disabled"])   # looks off, not green
    k.shot("kiosk-tablet-1280x800-nik-plain-birth-date")
    assert_everything_fits(k)
    k.tap(k.root.screen("nik").key("backspace"))
    k.tap(k.root.screen("nik").key("3"))
    assert nik.next.disabled                  # still 31-02
    for _ in range(10):
        k.tap(k.root.screen("nik").key("backspace"), frames=0)
    k.type_nik(NIK[6:])
    assert not nik.next.disabled and tuple(nik.next.background_color) == tuple(ui.c["primary"])
    k.tap(nik.next)
    assert k.screen == "privacy"


def test_the_nik_and_pin_keypads_put_hapus_in_the_same_corner_with_its_name(server, open_kiosk):
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]))
    to_keypad(k)
    pads = {name: k.root.screen(name).ids.keypad for name in ("nik", "pin")}
    for name, pad in pads.items():
        keys = list(reversed(pad.children))
        assert keys[-1].key == "backspace" and keys[-2].key == "0", name
    assert "Hapus" in pads["nik"].key("backspace").text
    k.c.journey.reset()
    k.c.journey.open_pin()
    k.c.changed()
    k.pump(3)
    assert "Hapus" in pads["pin"].key("backspace").text
    k.shot("kiosk-laptop-1366x768-pin-keypad")


def test_given_the_nik_of_a_61_year_old_without_priority_then_lansia_is_suggested_and_she_may_take_it(
        server, open_kiosk):
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]), size=SIZES["tablet"])
    today = k.c.feed.now().date()
    age = check(ELDERLY_NIK, today=today).age_on(today)
    assert age >= 60
    walk_to_confirm(k, priority=None, nik=ELDERLY_NIK)
    confirm = k.ids("confirm")
    assert f"umur Anda {age} tahun" in confirm.age_hint.text and "Lanjut usia" in confirm.age_hint.text
    assert "Bukan prioritas" in confirm.summary.text          # suggested, not decided
    k.shot("kiosk-tablet-1280x800-confirm-age-suggests")
    assert_everything_fits(k)
    k.tap(confirm.take_hint)
    assert k.c.journey.priority == "lansia" and "Lanjut usia" in confirm.summary.text and confirm.age_hint.text == ""
    k.tap(confirm.print)
    k.wait_screen("done")
    done = k.ids("done")
    assert done.priority_mark.text == "PRIORITAS" and done.priority_mark.opacity == 1
    k.shot("kiosk-tablet-1280x800-done-priority")
    assert_everything_fits(k)


def test_given_lansia_chosen_with_the_nik_of_a_36_year_old_then_a_hint_says_the_staff_will_check(server, open_kiosk):
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]), size=SIZES["laptop"])
    walk_to_confirm(k, priority="lansia", nik=NIK)      # born 1 December 1990
    confirm = k.ids("confirm")
    today = k.c.feed.now().date()
    assert f"umur Anda {check(NIK, today=today).age_on(today)} tahun" in confirm.age_hint.text
    assert "petugas akan memeriksanya" in confirm.age_hint.text
    assert k.c.journey.priority == "lansia"            # the hint does not decide
    k.shot("kiosk-laptop-1366x768-confirm-age-check")
    assert_everything_fits(k)
    k.tap(confirm.print)
    k.wait_screen("done")
    assert k.ids("done").priority_mark.text == "PRIORITAS"


def test_a_citizen_without_priority_gets_no_mark(server, open_kiosk):
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]))
    walk_to_confirm(k, priority=None, nik=NIK)
    assert k.ids("confirm").age_hint.text == ""
    k.tap(k.ids("confirm").print)
    k.wait_screen("done")
    assert k.ids("done").priority_mark.text == ""
