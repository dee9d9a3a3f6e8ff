"""How every failure leaves the server: one JSON shape, ``{"code", "message", "message_en", ...}``.

The exception handlers of the app and the kiosk fast lane (``fast_lane``) both
answer through these functions, so a kiosk sees the same refusal whichever path
its request took.
"""

from __future__ import annotations

import logging

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from server.domain.errors import DomainError
from server.http.status import status_for
from server.storage.failures import describe

log = logging.getLogger("antre")
# Starlette's own refusals (no route, wrong method, a body that is not JSON) in our codes.
HTTP_CODES = {400: "invalid_request", 404: "not_found", 405: "method_not_allowed"}


def _error(status: int, code: str, message: str, message_en: str, **extra) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, "message_en": message_en, **extra},
                        status_code=status)


def domain_error(exc: DomainError) -> JSONResponse:
    headers = {"Retry-After": str(exc.extra["retry_after"])} if "retry_after" in exc.extra else None
    status = status_for(exc.code)
    response = JSONResponse(exc.as_dict(), status_code=status, headers=headers)
    if status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    if status == 503:  # shedding load: do not keep the connection either
        response.headers["Connection"] = "close"
    return response


def invalid_request(exc: RequestValidationError) -> JSONResponse:
    problems = [{"field": ".".join(str(p) for p in e["loc"][1:]) or "body", "problem": e["msg"]}
                for e in exc.errors()]
    return _error(422, "invalid_request", "Permintaan tidak lengkap atau tidak valid.",
                  "The request is incomplete or invalid.", errors=problems)


def http_error(exc: StarletteHTTPException) -> JSONResponse:
    code = getattr(exc, "code", None) or HTTP_CODES.get(exc.status_code)
    if code is None:
        return _error(exc.status_code, "http_error", str(exc.detail), str(exc.detail))
    return JSONResponse(DomainError(code).as_dict(), status_code=exc.status_code, headers=exc.headers)


def unexpected(exc: Exception) -> JSONResponse:
    if not getattr(exc, "antre_logged", False):  # the writer logs its own failures, once
        log.error("unexpected error: %s", describe(exc))
    return JSONResponse(DomainError("internal_error").as_dict(), status_code=500)


def answer_for(exc: Exception) -> JSONResponse:
    """The answer to any exception a handler raised."""
    if isinstance(exc, DomainError):
        return domain_error(exc)
    if isinstance(exc, RequestValidationError):
        return invalid_request(exc)
    if isinstance(exc, StarletteHTTPException):
        return http_error(exc)
    return unexpected(exc)
