"""A number issued by a front-desk clerk for a citizen who cannot use the kiosk.

Some citizens cannot use the touch screen, or have no KTP at hand; and a
complaint may be made without identity (UU 25/2009 Pasal 42), which each office
allows per service (``services.nik_optional``). The clerk then issues the number
from the staff page. It is the kiosk's use case with another actor: the same
``issuing.issue`` (same letter sequence, gap-free and shared with the kiosks, same
"one active ticket per NIK and service" rule, same refusals for a closed
service, the hours or the quota), so the two can never disagree. Only the NIK
rule differs, and it is decided here before issuing runs.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional
from zoneinfo import ZoneInfo

from common import nik as nik_rules
from server.domain import issuing
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.domain.regions import region_name
from server.storage.caches import OfficeCache, WaitingCounts
from server.storage.db import Tx


def nik_for_service(service, nik_text: Optional[str], today: dt.date) -> Optional[str]:
    """The NIK's digits to issue with, or None where the service allows none and none was given.

    Raises ``nik_required`` (the service needs one) or ``invalid_nik`` with the
    same coded issues the kiosk shows.
    """
    if not nik_rules.normalize(nik_text or ""):
        if service.nik_optional:
            return None
        raise DomainError("nik_required", service=service.code)
    check = nik_rules.check(nik_text or "", today=today, region_lookup=region_name)
    if not check.valid:
        raise DomainError("invalid_nik", errors=[e.as_dict() for e in check.errors])
    return check.digits


def issue_for_citizen(tx: Tx, service_code: str, nik_text: Optional[str], priority: Optional[str], by: Staff,
                      zone: ZoneInfo, cache: OfficeCache, counts: WaitingCounts) -> issuing.Issued:
    """Issue (or give back the citizen's active ticket for) ``service_code`` on behalf of ``by``."""
    service = cache.service(tx.conn, service_code)
    if service is None:
        raise DomainError("unknown_service")
    today = dt.datetime.fromtimestamp(tx.now, zone).date()
    nik = nik_for_service(service, nik_text, today)
    req = issuing.IssueRequest(kiosk_id=None, service_code=service.code, nik=nik, priority=priority,
                               request_id=None, actor=by.actor, channel="staff")
    return issuing.issue(tx, req, zone, cache, counts)
