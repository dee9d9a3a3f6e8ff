"""The citizen's journey as a closed state machine (no window, no server).

Ibu Siti, an elderly citizen, takes a number; every step is a method of Journey
and nobody else moves it.
"""

import pytest

from common.nik import NikIssue
from kiosk.api import ApiRefusal
from kiosk.journey import Journey, JourneyError
from tests.kiosk.helpers import NIK

SERVICE_A = {"code": "A", "name": "Surat Keterangan DTKS", "available": True}
TICKET = {"number": "A-001", "outcome": "created"}


def at_nik() -> Journey:
    j = Journey()
    j.start()
    j.choose_service(SERVICE_A)
    j.choose_priority("lansia")
    assert j.step == "nik"
    return j


def at_confirm() -> Journey:
    j = at_nik()
    for d in NIK:
        j.type_digit(d)
    assert j.submit_nik()
    j.accept_privacy()
    return j


def issuing() -> Journey:
    j = at_confirm()
    assert j.begin_issue()
    return j


def test_given_ibu_siti_at_welcome_when_she_chooses_service_priority_and_types_her_nik_then_she_is_at_confirm():
    j = at_confirm()
    assert (j.step, j.service["code"], j.priority, j.nik_masked) == ("confirm", "A", "lansia", "3277********0003")


def test_given_a_closed_service_when_ibu_siti_taps_it_then_she_stays_on_the_service_list():
    j = Journey()
    j.start()
    assert not j.choose_service({"code": "D", "available": False, "unavailable_reason": "quota_reached"})
    assert j.step == "service"


def test_given_the_keypad_when_ibu_siti_types_more_than_16_digits_then_only_16_count_and_backspace_and_clear_work():
    j = at_nik()
    for d in NIK + "99":
        j.type_digit(d)
    assert j.nik == NIK
    j.backspace()
    assert j.nik == NIK[:-1]
    j.clear()
    assert j.nik == ""


def test_given_the_keypad_when_digits_are_in_then_live_guidance_uses_the_shared_rules():
    j = at_nik()
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


def test_given_a_short_nik_when_ibu_siti_presses_next_then_the_length_is_explained_and_she_stays():
    j = at_nik()
    for d in NIK[:10]:
        j.type_digit(d)
    assert not j.submit_nik()
    assert j.step == "nik" and j.nik_errors[0].code == "too_short"
    assert "baru 10" in j.nik_errors[0].message("id")


def test_given_a_double_tap_on_print_then_one_issue_starts_and_its_request_id_is_kept_for_retries():
    j = at_confirm()
    assert j.begin_issue()
    rid = j.request_id
    assert not j.begin_issue()          # the second tap of a double tap
    j.server_down()
    assert j.retry_issue() and j.request_id == rid


def test_given_the_server_rejected_the_nik_when_ibu_siti_corrects_it_then_the_next_issue_has_a_new_request_id():
    j = issuing()
    first = j.request_id
    j.nik_rejected((NikIssue.from_dict({"code": "serial", "message": "Nomor urut salah."}),))
    assert j.step == "nik" and j.request_id is None and j.nik_errors[0].message("en") == "Nomor urut salah."
    assert j.submit_nik() and j.accept_privacy()
    j.back()                            # from confirm: back to the keypad
    assert j.step == "nik" and j.request_id is None
    assert j.submit_nik() and j.accept_privacy() and j.begin_issue()
    assert j.request_id not in (None, first)


def test_given_a_journey_under_way_when_it_is_reset_then_everything_is_forgotten_in_the_default_language():
    j = at_confirm()
    j.toggle_language()
    session = j.session
    j.reset()
    assert (j.step, j.nik, j.service, j.priority, j.lang) == ("welcome", "", None, None, "id")
    assert j.session == session + 1


def test_repr_never_shows_the_nik():
    j = at_confirm()
    assert NIK not in repr(j) and NIK[:8] not in repr(j)


# ---------------------------------------------------------------- closed: only methods move it
@pytest.mark.parametrize("field", ["step", "lang", "default_lang", "service", "priority", "nik", "nik_errors",
                                   "request_id", "ticket", "refusal", "attempt", "reprint", "print_error",
                                   "session"])
def test_no_field_can_be_assigned_from_outside(field):
    j = at_confirm()
    before = getattr(j, field)
    with pytest.raises(AttributeError):
        setattr(j, field, "done")
    assert getattr(j, field) == before


def test_given_ibu_siti_on_a_step_when_a_stale_touch_for_another_step_arrives_then_it_is_ignored():
    j = at_confirm()
    assert not j.start() and not j.choose_service(SERVICE_A) and not j.choose_priority(None)
    assert not j.type_digit("1") and not j.submit_nik() and not j.accept_privacy() and not j.retry_issue()
    assert not j.reprinting() and not j.open_pin() and not j.open_technician() and not j.leave_technician()
    assert (j.step, j.nik) == ("confirm", NIK)


@pytest.mark.parametrize("outcome", [lambda j: j.issued(TICKET), lambda j: j.printed(),
                                     lambda j: j.print_failed("paper_out"), lambda j: j.server_down(),
                                     lambda j: j.refused(ApiRefusal(409, "quota_reached", "", "")),
                                     lambda j: j.retrying()])
def test_given_ibu_siti_at_confirm_when_an_outcome_arrives_that_no_request_asked_for_then_it_is_an_error(outcome):
    j = at_confirm()
    with pytest.raises(JourneyError) as err:
        outcome(j)
    assert err.value.step == "confirm" and "confirm" in str(err.value)
    assert j.step == "confirm"


def test_given_a_ticket_issued_then_it_goes_to_the_printer_and_done_or_print_failed_then_reprint():
    j = issuing()
    j.retrying()
    assert j.attempt == 2
    assert j.issued(TICKET) == "printing" and (j.ticket, j.reprint) == (TICKET, False)
    j.print_failed("paper_out")
    assert (j.step, j.print_error) == ("print_failed", "paper_out")
    assert j.reprinting() and (j.step, j.reprint, j.print_error) == ("printing", True, None)
    j.printed()
    assert j.step == "done"


def test_given_ibu_siti_already_holds_a_number_when_it_is_issued_then_the_existing_step_shows_it():
    j = issuing()
    assert j.issued({**TICKET, "outcome": "existing"}) == "existing"
    assert j.reprinting() and j.step == "printing"


def test_given_a_refusal_then_the_refused_step_carries_it():
    j = issuing()
    refusal = ApiRefusal(409, "quota_reached", "Kuota habis.", "Quota reached.")
    j.refused(refusal)
    assert (j.step, j.refusal) == ("refused", refusal)


def test_nik_errors_hold_nik_issues_only():
    j = issuing()
    with pytest.raises(TypeError):
        j.nik_rejected(({"code": "serial", "message": "Nomor urut salah."},))
    assert j.step == "issuing"


def test_a_server_nik_issue_keeps_the_servers_words_and_round_trips_through_as_dict():
    mine = NikIssue("too_short", {"n": 10})
    theirs = NikIssue.from_dict(mine.as_dict())
    assert theirs.code == "too_short" and theirs.as_dict() == mine.as_dict()
    assert [theirs.message(lang) for lang in ("id", "en")] == [mine.message(lang) for lang in ("id", "en")]
    only_id = NikIssue.from_dict({"code": "new_rule", "message": "Aturan baru."})
    assert only_id.message("en") == "Aturan baru."              # a code this kiosk does not know yet


# ---------------------------------------------------------------- the technician's way
def test_given_pak_budi_made_the_gesture_when_he_types_the_pin_then_the_page_opens_and_leaving_goes_to_welcome():
    j = Journey()
    assert j.open_pin() and j.step == "pin"
    assert j.open_technician() and j.step == "technician"
    j.reconfigured("en")                # he saved new settings: he stays on the page
    assert (j.step, j.default_lang, j.lang) == ("technician", "en", "en")
    assert j.leave_technician() and j.step == "welcome"


def test_given_ibu_siti_mid_journey_then_neither_the_pin_nor_the_page_opens_and_new_settings_send_her_to_welcome():
    j = at_confirm()
    assert not j.open_pin() and not j.open_technician()
    j.reconfigured("id")
    assert (j.step, j.nik) == ("welcome", "")
