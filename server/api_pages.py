"""The web pages: staff workstation, lobby display, ticket status page, and the spoken calls.

Pages are static files in ``server/pages`` (no build step, nothing from a CDN);
they read the JSON API and follow the event stream themselves. This module only
serves them, sends ``/staff`` to the login page when nobody is logged in, and
makes the announcement WAV for a call.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from common import vocabulary

from . import office
from .api_public import office_profile
from .context import AppContext, ctx
from .deps import current_staff
from .errors import DomainError
from .speech import spoken_text
from .tts import Speaker

router = APIRouter(tags=["pages"], include_in_schema=False)

PAGES = Path(__file__).resolve().parent / "pages"
_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
          ".wav": "audio/wav", ".ico": "image/x-icon"}
# A file, or a file in one sub-folder (the page scripts are ES modules by page).
_ASSET = re.compile(r"^(?:[a-z0-9][a-z0-9_-]*/)?[a-z0-9][a-z0-9_-]*\.(js|css|svg|png|ico)$")
_NUMBER = re.compile(r"^[A-Z]-\d{1,5}$")

# Everything the pages need comes from this server: a page that tries to load
# anything else is broken (or attacked), and the browser should refuse it.
CSP = ("default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
       "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


VOCABULARY_JS = ("// Generated from common/vocabulary.py by the server: do not copy these words elsewhere.\n"
                 f"const V = Object.freeze({json.dumps(vocabulary.as_dict(), ensure_ascii=False)});\n"
                 "export default V;\n").encode()


def _page(name: str, *, private: bool = False) -> FileResponse:
    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "no-referrer",
               "Cache-Control": "no-store" if private else "no-cache"}
    return FileResponse(PAGES / name, media_type=_TYPES[".html"], headers=headers)


def _logged_in(request: Request, c: AppContext) -> bool:
    try:
        current_staff(request, c)
    except DomainError:
        return False
    return True


@router.get("/login")
def login_page() -> FileResponse:
    return _page("login.html")


@router.get("/staff")
def staff_page(request: Request, c: AppContext = Depends(ctx)) -> Response:
    if not _logged_in(request, c):
        return RedirectResponse("/login?next=/staff", status_code=303)
    return _page("staff.html", private=True)


@router.get("/display")
def display_page() -> FileResponse:
    return _page("display.html")


@router.get("/t/{token}")
def status_page(token: str) -> FileResponse:
    # The page fetches /api/tickets/{token} itself and says so when the token is unknown.
    return _page("status.html", private=True)


@router.get("/pages/vocabulary.js")
def vocabulary_module() -> Response:
    """``common.vocabulary`` as an ES module: the pages' words come from the one definition."""
    return Response(VOCABULARY_JS, media_type=_TYPES[".js"],
                    headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})


@router.get("/pages/{name:path}")
def asset(name: str) -> FileResponse:
    if not _ASSET.match(name) or not (PAGES / name).is_file():
        raise DomainError("not_found")
    return FileResponse(PAGES / name, media_type=_TYPES[Path(name).suffix],
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
async def call_audio(number: str, counter_id: int, c: AppContext = Depends(ctx),
                     s: Speaker = Depends(speaker)) -> FileResponse:
    """Chime + "Nomor antrean, A, dua belas, silakan menuju loket dua." for one call.

    Only a ticket number and a counter the office has are accepted, so the
    server never speaks text someone typed into a URL.
    """
    number = number.upper()
    if not _NUMBER.match(number):
        raise DomainError("not_found")

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
