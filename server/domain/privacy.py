"""Keeping NIKs out of places they do not belong: free text, logs.

Pure functions, no I/O. A clerk may type or paste a NIK into a transfer note, and
an error message may quote a value; both are masked the way lists show a NIK
(first 4 + 8 stars + last 4) before they are stored or logged.
"""

from __future__ import annotations

import re

from common.nik import mask

# 16 digits in a row, or grouped by spaces, dots or hyphens as people type them
# ("3276 0101 9000 0001"); a longer run of digits is not one NIK and is left alone.
_NIK_LIKE = re.compile(r"(?<![\d])\d(?:[ .\-]?\d){15}(?![\d])")


def mask_niks(text: str) -> str:
    """``text`` with every NIK-like run of 16 digits masked."""
    if not text:
        return text

    def _mask(m: re.Match) -> str:
        return mask("".join(ch for ch in m.group(0) if ch.isdigit()))
    return _NIK_LIKE.sub(_mask, text)
