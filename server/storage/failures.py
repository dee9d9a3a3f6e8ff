"""What the writer does with a failure: name it for the log without personal data, and turn a
full disk into a refusal people understand.

A statement's parameters may hold a NIK, so a failure is logged with its SQL and type only,
and anything that still looks like a NIK is masked. Each failure is logged once.
"""

from __future__ import annotations

import logging
import traceback

import sqlalchemy as sa

from server.domain.errors import DomainError
from server.domain.privacy import mask_niks

log = logging.getLogger("antre.db")


def is_storage_full(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlite_errorname", None) == "SQLITE_FULL" or "database or disk is full" in str(orig)


def describe(exc: BaseException) -> str:
    """An exception for the log: type, message and where, never the statement's parameters."""
    if isinstance(exc, sa.exc.StatementError):
        text = f"{type(exc.orig).__name__}: {exc.orig} [SQL: {exc.statement}]"
    else:
        text = f"{type(exc).__name__}: {exc}"
    where = "".join(traceback.format_tb(exc.__traceback__)) if exc.__traceback__ else ""
    return mask_niks(f"{text}\n{where}".rstrip())


def log_unexpected(exc: BaseException, what: str) -> BaseException:
    """Log an unexpected failure once and return what the caller should get."""
    if isinstance(exc, DomainError):
        return exc
    if is_storage_full(exc):
        log.error("%s: the disk or database is full; changes are refused until there is room", what)
        return DomainError("storage_full")
    if not getattr(exc, "antre_logged", False):
        log.error("%s: %s", what, describe(exc))
        try:
            exc.antre_logged = True  # the HTTP layer need not log it again
        except AttributeError:
            pass
    return exc
