"""Serving the static pages: one place for their folder, content types and security headers."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.responses import FileResponse

from common import vocabulary

PAGES = Path(__file__).resolve().parents[1] / "pages"  # server/pages
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
          ".wav": "audio/wav", ".ico": "image/x-icon"}
# A file, or a file in one sub-folder (the page scripts are ES modules by page).
ASSET = re.compile(r"^(?:[a-z0-9][a-z0-9_-]*/)?[a-z0-9][a-z0-9_-]*\.(js|css|svg|png|ico)$")
_NUMBER = re.compile(r"^[A-Z]-\d{1,5}$")

# Everything the pages need comes from this server: a page that tries to load
# anything else is broken (or attacked), and the browser should refuse it.
CSP = ("default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
       "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


# Where the login page may send the browser afterwards: a path on this server. A
# backslash ("/\\evil.example" is "//evil.example" to a browser), a tab or newline
# (dropped by URL parsers: "/\t/evil.example") or a second slash would leave the site.
# server/pages/login.js applies the same rule.
NEXT_PATH = re.compile(r"^/[A-Za-z][^\\\x00-\x1f\x7f]*$")


def safe_next(value: str | None, default: str = "/staff") -> str:
    return value if value and NEXT_PATH.fullmatch(value) else default


VOCABULARY_JS = ("// Generated from common/vocabulary.py by the server: do not copy these words elsewhere.\n"
                 f"const V = Object.freeze({json.dumps(vocabulary.as_dict(), ensure_ascii=False)});\n"
                 "export default V;\n").encode()


def page(name: str, *, private: bool = False) -> FileResponse:
    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "no-referrer",
               "Cache-Control": "no-store" if private else "no-cache"}
    return FileResponse(PAGES / name, media_type=TYPES[".html"], headers=headers)
