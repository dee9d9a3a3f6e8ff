"""``create_app(settings)``: the ASGI application, built by composition."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from typing import Callable, Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from server import __version__
from server.domain.accounts import LoginLimiter
from server.domain.day import DayKeeper
from server.domain.errors import DomainError
from server.domain.regions import region_name
from server.http.context import AppContext
from server.http.routes import admin as api_admin
from server.http.routes import admin_pages as api_admin_pages
from server.http.routes import auth as api_auth
from server.http.routes import devices as api_devices
from server.http.routes import kiosk as api_kiosk
from server.http.routes import pages as api_pages
from server.http.routes import public as api_public
from server.http.routes import staff as api_staff
from server.http.status import status_for
from server.settings import Settings
from server.storage.db import Database
from server.storage.event_log import last_event_id

log = logging.getLogger("antre")



def _error(status: int, code: str, message: str, message_en: str, **extra) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, "message_en": message_en, **extra},
                        status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(_req: Request, exc: DomainError):
        headers = {"Retry-After": str(exc.extra["retry_after"])} if "retry_after" in exc.extra else None
        status = status_for(exc.code)
        response = JSONResponse(exc.as_dict(), status_code=status, headers=headers)
        if status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_req: Request, exc: RequestValidationError):
        problems = [{"field": ".".join(str(p) for p in e["loc"][1:]) or "body", "problem": e["msg"]}
                    for e in exc.errors()]
        return _error(422, "invalid_request", "Permintaan tidak lengkap atau tidak valid.",
                      "The request is incomplete or invalid.", errors=problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_req: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail), str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(_req: Request, exc: Exception):
        log.error("unexpected error: %s", type(exc).__name__, exc_info=exc)
        return _error(500, "internal_error", "Terjadi kesalahan pada server. Silakan coba lagi.",
                      "Something went wrong on the server. Please try again.")


def create_app(settings: Settings, *, clock: Optional[Callable[[], float]] = None,
               seed: Optional[Callable[[AppContext], None]] = None) -> FastAPI:
    """Build the app. ``clock`` lets tests move time (day rollover); ``seed`` runs once at start."""
    clock = clock or time.time

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db = Database(settings.db_url, clock=clock, batch_max=settings.commit_batch_max)
        db.upgrade()
        c = AppContext(settings=settings, db=db, clock=clock,
                       limiter=LoginLimiter(settings.login_max_failures, settings.login_window_seconds, clock))
        loop = asyncio.get_running_loop()
        db.start_writer(before_batch=DayKeeper(lambda: c.zone, lambda: c.retention_days),
                        on_commit=c.hub.publish, loop=loop, after_job=c.waiting.after_job)
        app.state.ctx = c
        if seed is not None:
            await loop.run_in_executor(None, seed, c)
            c.office.invalidate()
        with db.read() as conn:
            c.device_keys.reload(conn)
            c.hub.last_id = last_event_id(conn)
        await c.write(lambda tx: None)  # expire yesterday, purge old NIKs, now
        await loop.run_in_executor(None, region_name, "3201")  # load region data before the first citizen
        # Everything loaded so far lives as long as the process: keep it out of the
        # collector's full passes, which otherwise stall every request for tens of ms.
        gc.collect()
        gc.freeze()
        ticker = asyncio.create_task(_tick(c))
        try:
            yield
        finally:
            ticker.cancel()
            db.close()

    app = FastAPI(title="Antre queue server", version=__version__, lifespan=lifespan,
                  description="Queue server for a Dinas Sosial lobby: kiosks, counters, displays.")
    install_error_handlers(app)
    for module in (api_public, api_auth, api_kiosk, api_staff, api_admin, api_devices, api_admin_pages, api_pages):
        app.include_router(module.router)
    return app


async def _tick(c: AppContext) -> None:
    """Housekeeping: the write runs the day keeper (numbering restarts and yesterday's
    tickets expire at midnight even when nobody touches anything) and the device watch."""
    while True:
        await asyncio.sleep(c.settings.housekeeping_seconds)
        with contextlib.suppress(Exception):
            await c.write(c.health.check)
