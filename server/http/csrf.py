"""``SameOrigin``: a browser may change state only from this server's own pages.

SameSite=Strict keeps the session cookie off requests from other *sites*, but a
page on the same host and another port (a printer's web UI, a second app on the
office PC) is the same site. So every state-changing request that is not
authenticated by a Bearer token (kiosks and displays use those; a page elsewhere
cannot add one without a CORS preflight we never grant) must come from our
origin: ``Origin``, else ``Sec-Fetch-Site``, else ``Referer``. A client that
sends none of them is not a browser and cannot be tricked into anything.

And the JSON API refuses the three content types an HTML form can send.
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from server.http.status import error_response

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})
# Public endpoints that take a plain HTML form (no session is involved, so nothing to forge):
# the online application works without JavaScript too.
FORM_PATHS = frozenset({"/api/online/applications"})
_DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


def parse_origin(url: str) -> Optional[Origin]:
    """(scheme, host, port) of an absolute URL, or None for "null" and anything unparsable."""
    try:
        parts = urlsplit(url.strip())
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    return scheme, host, port or _DEFAULT_PORTS[scheme]


class SameOrigin:
    def __init__(self, app: ASGIApp, public_url: Optional[str] = None):
        self.app = app
        self.public = parse_origin(public_url) if public_url else None

    def own_origins(self, scope: Scope, headers: Headers) -> set[Origin]:
        own = {self.public} if self.public else set()
        host = headers.get("host")
        if host:
            mine = parse_origin(f"{scope.get('scheme', 'http')}://{host}")
            if mine:
                own.add(mine)
        return own

    def cross_site(self, scope: Scope, headers: Headers) -> bool:
        origin = headers.get("origin")
        if origin is not None:
            return parse_origin(origin) not in self.own_origins(scope, headers)
        fetch_site = headers.get("sec-fetch-site")
        if fetch_site is not None:
            return fetch_site.lower() not in ("same-origin", "none")
        referer = headers.get("referer")
        if referer is not None:
            return parse_origin(referer) not in self.own_origins(scope, headers)
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if not headers.get("authorization", "").lower().startswith("bearer ") and self.cross_site(scope, headers):
            await error_response("cross_site_request")(scope, receive, send)
            return
        content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if content_type in FORM_TYPES and scope["path"].startswith("/api/") and scope["path"] not in FORM_PATHS:
            await error_response("unsupported_media_type")(scope, receive, send)
            return
        await self.app(scope, receive, send)
