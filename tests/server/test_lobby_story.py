"""A morning in the lobby, told by its people: the whole DTKS letter journey across two counters."""


def test_ibu_siti_gets_her_dtks_letter_across_two_counters(siti, joko, front_office, back_office, lobby_display):
    # Given Ibu Siti takes a ticket for the DTKS letter and Pak Joko one for bansos information
    assert siti.takes_ticket("A").status_code == 201
    assert joko.takes_ticket("B").status_code == 201
    assert siti.ticket["number"] == "A-001" and siti.ticket["ahead"] == 0
    assert lobby_display.sees(lambda e: e["type"] == "ticket.issued" and e["ticket"]["number"] == "A-001")

    # When the front office calls next, the lobby sees her number sent to Loket 1
    called = front_office.calls_next().json()
    assert called["number"] == "A-001" and called["counter"] == "Loket 1"
    assert lobby_display.sees(lambda e: e["type"] == "ticket.called" and e["ticket"]["number"] == "A-001"
                              and e["ticket"]["counter"] == "Loket 1")
    assert siti.looks_at_phone()["counter"] == "Loket 1"

    # And the front office sends her to the back office with a note, keeping her number
    moved = front_office.transfers(siti.ticket, "E", "Cek DTKS, KTP lengkap").json()
    assert moved["number"] == "A-001" and moved["status"] == "waiting"
    assert siti.looks_at_phone()["status"] == "waiting"

    # Then the back office calls her before anyone new and reads the note
    at_back_office = back_office.calls_next().json()
    assert at_back_office["id"] == siti.ticket["id"]
    assert at_back_office["notes"][-1]["note"] == "Cek DTKS, KTP lengkap"
    assert back_office.does("done", siti.ticket).json()["status"] == "done"

    # And her phone says she is done; the lobby never saw her NIK or name
    assert siti.looks_at_phone()["status"] == "done"
    seen = repr(lobby_display.stream.events)
    assert siti.nik not in seen and siti.nik[-4:] + '"' not in seen
    assert "Ibu Siti" not in seen and "Cek DTKS" not in seen


def test_the_lobby_display_never_learns_who_is_a_priority_visitor(siti, front_office, lobby_display):
    siti.takes_ticket("A", priority="lansia")
    assert lobby_display.sees(lambda e: e["type"] == "ticket.issued")
    snapshot = lobby_display.snapshot()
    assert "lansia" not in repr(snapshot) and "lansia" not in repr(lobby_display.stream.events)
    assert [t["priority"] for t in front_office.queue()] == ["lansia"]
