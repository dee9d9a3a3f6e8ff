"""The citizen's journey as plain state (no window, no server)."""

from kiosk.journey import Journey
from tests.kiosk.helpers import NIK

SERVICE_A = {"code": "A", "name": "Surat Keterangan DTKS", "available": True}


def at_confirm() -> Journey:
    j = Journey()
    j.start()
    j.choose_service(SERVICE_A)
    j.choose_priority("lansia")
    for d in NIK:
        j.type_digit(d)
    assert j.submit_nik()
    j.accept_privacy()
    return j


def test_citizen_walks_from_welcome_to_confirm():
    j = at_confirm()
    assert (j.step, j.service["code"], j.priority, j.nik_masked) == ("confirm", "A", "lansia", "3277********0003")


def test_a_closed_service_cannot_be_chosen():
    j = Journey()
    j.start()
    assert not j.choose_service({"code": "D", "available": False, "unavailable_reason": "quota_reached"})
    assert j.step == "service"


def test_keypad_takes_16_digits_at_most_and_backspace_clear_work():
    j = Journey(step="nik")
    for d in NIK + "99":
        j.type_digit(d)
    assert j.nik == NIK
    j.backspace()
    assert j.nik == NIK[:-1]
    j.clear()
    assert j.nik == ""


def test_live_guidance_uses_the_shared_rules_as_soon_as_digits_are_in():
    j = Journey(step="nik")
    for d in "97":
        j.type_digit(d)
    assert [e.code for e in j.live_guidance().errors] == ["province"]   # there is no province 97
    j.clear()
    for d in "3277013102":   # 31 February
        j.type_digit(d)
    assert [e.code for e in j.live_guidance().errors] == []             # the year is not in yet
    for d in "91":
        j.type_digit(d)
    assert [e.code for e in j.live_guidance().errors] == ["birth_date"]


def test_next_with_a_short_nik_explains_the_length_and_stays():
    j = Journey(step="nik")
    for d in NIK[:10]:
        j.type_digit(d)
    assert not j.submit_nik()
    assert j.step == "nik" and j.nik_errors[0].code == "too_short"
    assert "baru 10" in j.nik_errors[0].message("id")


def test_double_tap_on_print_starts_only_one_issue_and_the_request_id_is_kept_for_retries():
    j = at_confirm()
    assert j.begin_issue()
    rid = j.request_id
    assert not j.begin_issue()          # the second tap of a double tap
    j.step = "server_down"
    assert j.retry_issue() and j.request_id == rid


def test_going_back_from_confirm_gives_the_next_attempt_a_new_request_id():
    j = at_confirm()
    j.request_id = "old"
    j.back()
    assert j.step == "nik" and j.request_id is None


def test_reset_forgets_everything_and_returns_to_the_default_language():
    j = at_confirm()
    j.toggle_language()
    session = j.session
    j.reset()
    assert (j.step, j.nik, j.service, j.priority, j.lang) == ("welcome", "", None, None, "id")
    assert j.session == session + 1


def test_repr_never_shows_the_nik():
    j = at_confirm()
    assert NIK not in repr(j) and NIK[:8] not in repr(j)
