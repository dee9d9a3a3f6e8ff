"""The web pages: staff workstation, lobby display, ticket status page, and the spoken calls.

Pages are static files in ``server/pages`` (no build step, nothing from a CDN);
they read the JSON API and follow the event stream themselves. This module only
serves them, sends ``/staff`` to the login page when nobody is logged in, and
makes the announcement WAV for a call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from common import vocabulary
from server.domain.errors import DomainError
from server.domain.speech import spoken_text
from server.http.context import AppContext, ctx
from server.http.deps import Id, authenticate
from server.http.static import ASSET, PAGES, TYPES, VOCABULARY_JS, page, safe_next
from server.http.tts import Speaker
from server.http.views import office_profile
from server.storage import queries as office

router = APIRouter(tags=["pages"], include_in_schema=False)

def _logged_in(request: Request, c: AppContext) -> bool:
    try:
        authenticate(request, c)
    except DomainError:
        return False
    return True


@router.get("/login")
def loginpage(next: Optional[str] = Query(None, max_length=2000)) -> Response:
    """The login form. A ``next`` that would leave this server is replaced before the page runs."""
    if next is not None and safe_next(next) != next:
        return RedirectResponse(f"/login?next={quote(safe_next(next))}", status_code=303)
    return page("login.html")


@router.get("/staff")
def staffpage(request: Request, c: AppContext = Depends(ctx)) -> Response:
    if not _logged_in(request, c):
        return RedirectResponse("/login?next=/staff", status_code=303)
    return page("staff.html", private=True)


@router.get("/display")
def displaypage() -> FileResponse:
    return page("display.html")


@router.get("/counter/{counter_id}")
def counterpage(counter_id: Id) -> FileResponse:
    """The small screen above one counter: its name and whom it calls, from the public
    snapshot and stream (nothing a lobby display does not show). The page says so itself
    when the counter does not exist."""
    return page("counter.html")


@router.get("/t/{token}")
def statuspage(token: str) -> FileResponse:
    # The page fetches /api/tickets/{token} itself and says so when the token is unknown.
    return page("status.html", private=True)


@router.get("/pages/vocabulary.js")
def vocabulary_module() -> Response:
    """``common.vocabulary`` as an ES module: the pages' words come from the one definition."""
    return Response(VOCABULARY_JS, media_type=TYPES[".js"],
                    headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})


@router.get("/pages/{name:path}")
def asset(name: str) -> FileResponse:
    if not ASSET.match(name) or not (PAGES / name).is_file():
        raise DomainError("not_found")
    return FileResponse(PAGES / name, media_type=TYPES[Path(name).suffix],
                        headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})


def speaker(request: Request, c: AppContext = Depends(ctx)) -> Speaker:
    app = request.app
    if getattr(app.state, "speaker", None) is None:
        app.state.speaker = Speaker(c.settings.data_dir / "tts-cache")
    return app.state.speaker


def _wav(path: Path) -> FileResponse:
    # Short caching: a changed phrase reaches the lobby within minutes, while a
    # recall a moment later does not even ask the server again.
    return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "public, max-age=300"})


@router.get("/audio/chime.wav")
async def chime(s: Speaker = Depends(speaker)) -> FileResponse:
    return _wav(await run_in_threadpool(s.call_wav, None))


@router.get("/audio/call/{number}/{counter_id}.wav")
async def call_audio(number: str, counter_id: Id, c: AppContext = Depends(ctx),
                     s: Speaker = Depends(speaker)) -> FileResponse:
    """Chime + "Nomor antrean, A, dua belas, silakan menuju loket dua." for one call.

    Only a ticket number and a counter the office has are accepted, so the
    server never speaks text someone typed into a URL.
    """
    parsed = vocabulary.parse_number(number.upper())
    if parsed is None:
        raise DomainError("not_found")
    number = vocabulary.format_number(*parsed)

    def load() -> tuple[Optional[str], dict]:
        with c.db.read() as conn:
            return office.counter_name(conn, counter_id), office_profile(conn)
    name, profile = await run_in_threadpool(load)
    if name is None:
        raise DomainError("unknown_counter")
    text = spoken_text(number, name, profile.get("announcement_phrase") or "Nomor antrean")
    if profile.get("voice") is False:
        text = None
    return _wav(await run_in_threadpool(s.call_wav, text))
