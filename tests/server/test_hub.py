"""The event hub (server.http.sse.Hub): every display gets every event once, a display that
cannot keep up is let go, and one heartbeat serves every open stream."""

from __future__ import annotations

import asyncio

from server.http.sse import QUEUE_LIMIT, Hub
from tests.server.helpers import run_in_own_loop


def _row(event_id: int, type_: str = "ticket.called") -> dict:
    return {"id": event_id, "type": type_, "at": 0.0, "actor": "petugas1",
            "data": {"ticket": {"number": f"A-{event_id:03d}"}}, "staff_data": {"priority": None}}


async def _nothing_to_replay(after: int, limit: int) -> list:
    return []


def test_given_a_lobby_display_when_calls_are_published_then_it_gets_each_once_in_order():
    async def scenario():
        hub = Hub(heartbeat=60)
        display = hub.stream(staff=False, last_event_id=None, replay=_nothing_to_replay)
        assert await display.__anext__() == b"retry: 2000\n\n"
        hub.publish([_row(1), _row(2)])
        hub.publish([_row(2)])  # (the same event again never reaches a display twice)
        hub.publish([_row(3, "device.health")])  # staff only
        hub.publish([_row(4)])
        got = [await display.__anext__() for _ in range(3)]
        await display.aclose()
        return got, hub
    got, hub = run_in_own_loop(scenario)
    assert [chunk.split(b"\n", 1)[0] for chunk in got] == [b"id: 1", b"id: 2", b"id: 4"]
    assert b"A-001" in got[0] and b"petugas1" not in got[0]  # the public view: no actor, no staff data
    assert not hub.subscribers


def test_given_a_display_that_stopped_reading_when_events_pile_up_then_its_stream_ends():
    async def scenario():
        hub = Hub(heartbeat=60)
        stuck, reading = (hub.stream(staff=False, last_event_id=None, replay=_nothing_to_replay)
                          for _ in range(2))
        await stuck.__anext__()
        await reading.__anext__()
        for i in range(1, QUEUE_LIMIT + 2):  # one more than a display may fall behind
            hub.publish([_row(i)])
            if i % 100 == 0:
                for _ in range(100):
                    await reading.__anext__()
        try:
            await stuck.__anext__()
            ended = False
        except StopAsyncIteration:
            ended = True  # its EventSource reconnects with Last-Event-ID and catches up from the database
        next_for_reader = await reading.__anext__()
        await reading.aclose()
        return ended, next_for_reader, hub
    ended, next_for_reader, hub = run_in_own_loop(scenario)
    assert ended
    assert next_for_reader.startswith(b"id: 1001\n")  # the display that kept up is not affected
    assert not hub.subscribers


def test_given_open_streams_when_the_heartbeat_beats_then_each_pings_and_a_lapsed_session_ends():
    async def scenario():
        hub = Hub(heartbeat=0.05)
        session = {"valid": True}

        async def still_valid() -> bool:
            return session["valid"]
        lobby = hub.stream(staff=False, last_event_id=None, replay=_nothing_to_replay)
        clerk = hub.stream(staff=True, last_event_id=None, replay=_nothing_to_replay, still_valid=still_valid)
        await lobby.__anext__()
        await clerk.__anext__()
        pings = (await lobby.__anext__(), await clerk.__anext__())
        session["valid"] = False  # logged out elsewhere
        try:
            await asyncio.wait_for(clerk.__anext__(), 2)
            clerk_ended = False
        except StopAsyncIteration:
            clerk_ended = True
        await lobby.aclose()
        await asyncio.sleep(0.2)  # nobody listens any more: the heartbeat stops
        return pings, clerk_ended, hub
    pings, clerk_ended, hub = run_in_own_loop(scenario)
    assert pings == (b": ping\n\n", b": ping\n\n")
    assert clerk_ended
    assert not hub.subscribers and hub._beating is None
