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
from server.domain import bookings
from server.domain.accounts import LoginLimiter
from server.domain.errors import DomainError
from server.domain.regions import region_name
from server.http import errors, fast_lane
from server.http.context import AppContext
from server.http.csrf import SameOrigin
from server.http.limits import JSON_LIMIT, BodyLimit
from server.http.outbox_worker import OutboxWorker
from server.http.routes import admin as api_admin
from server.http.routes import admin_pages as api_admin_pages
from server.http.routes import auth as api_auth
from server.http.routes import back_office as api_back_office
from server.http.routes import calendar as api_calendar
from server.http.routes import complaints as api_complaints
from server.http.routes import dashboard as api_dashboard
from server.http.routes import devices as api_devices
from server.http.routes import docs as api_docs
from server.http.routes import report_pages as api_report_pages
from server.http.routes import reports as api_reports
from server.http.routes import survey as api_survey
from server.http.routes import front_desk as api_front_desk
from server.http.routes import kiosk as api_kiosk
from server.http.routes import kiosk_offline as api_kiosk_offline
from server.http.routes import letters as api_letters
from server.http.routes import notifications as api_notifications
from server.http.routes import online as api_online
from server.http.routes import outcomes as api_outcomes
from server.http.routes import pages as api_pages
from server.http.routes import public as api_public
from server.http.routes import remote as api_remote
from server.http.routes import staff as api_staff
from server.http.serving import give_back_free_memory
from server.settings import Settings
from server.storage.db import Database, describe
from server.storage.event_log import last_event_id
from server.storage.files import prepare_data_dir

log = logging.getLogger("antre")


def install_error_handlers(app: FastAPI) -> None:
    """Every exception a route raises is answered by ``server.http.errors``."""
    async def handler(_req: Request, exc: Exception) -> JSONResponse:  # async: no worker thread
        return errors.answer_for(exc)

    for kind in (DomainError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, handler)


class AntreApp(FastAPI):
    """The FastAPI app with the fast lane (kiosk tickets, display streams) in front of its middleware."""

    async def __call__(self, scope, receive, send) -> None:
        if not await fast_lane.take(self, scope, receive, send):
            await super().__call__(scope, receive, send)


def create_app(settings: Settings, *, clock: Optional[Callable[[], float]] = None,
               seed: Optional[Callable[[AppContext], None]] = None) -> FastAPI:
    """Build the app. ``clock`` lets tests move time (day rollover); ``seed`` runs once at start."""
    clock = clock or time.time

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        prepare_data_dir(settings.data_dir)  # 0700, and refuses a directory it cannot write
        db = Database(settings.db_url, clock=clock, batch_max=settings.commit_batch_max)
        db.upgrade()
        c = AppContext(settings=settings, db=db, clock=clock,
                       limiter=LoginLimiter(settings.login_max_failures, settings.login_window_seconds, clock))
        loop = asyncio.get_running_loop()
        c.start_writer(loop)
        app.state.ctx = c
        if seed is not None:
            await loop.run_in_executor(None, seed, c)
        with db.read() as conn:
            c.hub.last_id = last_event_id(conn)
        # Expire yesterday, purge old NIKs, and load the caches from what is committed, now.
        await c.write(lambda tx: tx.touched("office", "devices", "users"))
        await loop.run_in_executor(None, region_name, "3201")  # load region data before the first citizen
        # Everything loaded so far lives as long as the process: keep it out of the
        # collector's full passes, which otherwise stall every request for tens of ms.
        gc.collect()
        gc.freeze()
        give_back_free_memory()
        ticker = asyncio.create_task(_tick(c))
        c.outbox = OutboxWorker(c)  # sends committed messages, outside the writer
        await c.outbox.start()
        try:
            yield
        finally:
            ticker.cancel()
            await c.outbox.stop()
            db.close()

    # Swagger UI and ReDoc load scripts from a CDN: /docs is our own page (routes/docs.py).
    app = AntreApp(title="Antre queue server", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None,
                  description="Queue server for a Dinas Sosial lobby: kiosks, counters, displays.")
    install_error_handlers(app)
    # add_middleware wraps: the last added runs first. Origin is checked before any body is read.
    app.add_middleware(BodyLimit, limit=JSON_LIMIT,
                       per_path={"/api/admin/logo": (api_admin.LOGO_MAX_BYTES, "image_too_large")})
    app.add_middleware(SameOrigin, public_url=settings.public_url)
    for module in (api_public, api_auth, api_kiosk, api_staff, api_front_desk, api_outcomes, api_back_office,
                   api_kiosk_offline, api_admin, api_devices, api_admin_pages, api_pages, api_docs,
                   api_reports, api_report_pages, api_survey, api_complaints, api_calendar, api_dashboard,
                   api_online, api_notifications, api_letters, api_remote):
        app.include_router(module.router)
    return app


async def _tick(c: AppContext) -> None:
    """Housekeeping: the write runs the day keeper (numbering restarts and yesterday's
    tickets expire at midnight even when nobody touches anything) and the device watch."""
    while True:
        await asyncio.sleep(c.settings.housekeeping_seconds)
        try:
            await c.write(c.health.check)
            await c.write(lambda tx: bookings.send_reminders(tx, c.zone, c.settings.base_url, c.office))
            give_back_free_memory()  # after a rush, not only at start
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # keep ticking, but never silently
            if not getattr(exc, "antre_logged", False):
                log.error("housekeeping failed: %s", describe(exc))
