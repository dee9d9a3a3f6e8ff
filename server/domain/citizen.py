"""What a NIK tells the clerk about the citizen in front of them, beyond the number itself.

Only for the audited staff look at a ticket (``/api/staff/tickets/{id}``): the age
is a hint for confirming a priority category (lansia is 60+), never a decision,
and it is computed on the office's own day, not the server's UTC date, so that a
birthday starts at local midnight.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from common import nik as nik_rules


def age_on(nik: Optional[str], office_day: str) -> Optional[int]:
    """Age in whole years on ``office_day`` (YYYY-MM-DD), or None when the NIK has no usable birth date."""
    if not nik:
        return None
    day = dt.date.fromisoformat(office_day)
    return nik_rules.check(nik, today=day).age_on(day)
