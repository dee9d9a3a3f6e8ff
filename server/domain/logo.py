"""The office logo policy: what is accepted and what is stored (a PNG of at most 600 px a side).

Pure bytes in, bytes out; decoding and resizing take tens of milliseconds for a
large photo, so callers run it on a worker thread, never on the event loop.
"""

from __future__ import annotations

import io

from server.domain.errors import DomainError

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 600
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them


def normalise(data: bytes) -> bytes:
    """The uploaded PNG or JPEG as the PNG we store, or ``invalid_image`` / ``image_too_large``."""
    from PIL import Image, UnidentifiedImageError
    if len(data) > MAX_BYTES:
        raise DomainError("image_too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in ("PNG", "JPEG"):
            raise DomainError("invalid_image")
        if image.width * image.height > MAX_PIXELS:
            raise DomainError("image_too_large")
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        out = io.BytesIO()
        image.convert("RGBA").save(out, "PNG", optimize=True)
        return out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise DomainError("invalid_image")
