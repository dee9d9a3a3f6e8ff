"""Photos of KTP and KK sent with an online application: checked, kept 0600 under ``<data-dir>/uploads/``.

A photo is accepted only when its first bytes say JPEG or PNG *and* Pillow can
decode it (a renamed PDF or a truncated file is refused with a plain message);
without Pillow the magic bytes and the size decide. Names are random, never the
citizen's. A disk budget keeps a flood of photos from filling the disk the
database lives on: new photos are refused politely (the application itself is
kept) when the folder is over its budget or the disk is nearly full. The NIK
retention purge deletes the files (``delete_files``).
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from server.domain.errors import DomainError

MAGIC = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
KINDS = ("ktp", "kk")


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = 2 * 1024 * 1024          # one photo
    budget_bytes: int = 2 * 1024 ** 3         # the whole uploads folder
    min_free_bytes: int = 1024 ** 3           # leave this much free on the disk


def sniff(data: bytes) -> str:
    """The content type by magic bytes, or ``invalid_upload``."""
    for magic, content_type in MAGIC.items():
        if data.startswith(magic):
            return content_type
    raise DomainError("invalid_upload")


def verify_image(data: bytes, content_type: str) -> None:
    """Decode with Pillow when it is installed: a file that only starts like a picture is refused."""
    try:
        from PIL import Image
    except ImportError:  # the server without the kiosk extra: magic bytes and size only
        return
    try:
        with Image.open(io.BytesIO(data)) as image:
            if Image.MIME.get(image.format) != content_type:
                raise DomainError("invalid_upload")
            image.verify()
    except DomainError:
        raise
    except Exception:  # Pillow raises many kinds for a broken file; all mean the same to the citizen
        raise DomainError("invalid_upload") from None


def too_large(limits: UploadLimits) -> DomainError:
    return DomainError("upload_too_large", max_bytes=limits.max_bytes)


def folder_size(folder: Path) -> int:
    if not folder.exists():
        return 0
    return sum(entry.stat().st_size for entry in os.scandir(folder) if entry.is_file())


class UploadStore:
    """The uploads folder. ``save`` writes a checked photo; the caller records its row."""

    def __init__(self, data_dir: Path, limits: UploadLimits = UploadLimits()):
        self.folder = Path(data_dir) / "uploads"
        self.limits = limits
        self._used: int | None = None  # the folder's size, counted once then kept up to date

    def check(self, data: bytes) -> str:
        if len(data) > self.limits.max_bytes:
            raise too_large(self.limits)
        content_type = sniff(data)
        verify_image(data, content_type)
        return content_type

    def has_room(self, size: int) -> bool:
        if self._used is None:
            self._used = folder_size(self.folder)
        if self._used + size > self.limits.budget_bytes:
            return False
        probe = self.folder if self.folder.exists() else self.folder.parent
        return shutil.disk_usage(probe).free - size >= self.limits.min_free_bytes

    def save(self, data: bytes) -> dict:
        """Check and write one photo; ``{"path", "content_type", "size", "sha256"}``."""
        content_type = self.check(data)
        if not self.has_room(len(data)):
            raise DomainError("uploads_full")
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        suffix = ".jpg" if content_type == "image/jpeg" else ".png"
        path = self.folder / f"{secrets.token_hex(16)}{suffix}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        self._used = (self._used or 0) + len(data)
        return {"path": str(path), "content_type": content_type, "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest()}

    def read(self, path: str) -> bytes:
        target = Path(path)
        if target.parent.resolve() != self.folder.resolve():  # only files this store wrote
            raise DomainError("not_found")
        return target.read_bytes()

    def forget(self, sizes: int) -> None:
        if self._used is not None:
            self._used = max(0, self._used - sizes)


def delete_files(paths: Iterable[str]) -> int:
    """Remove photos (after the purge's commit); a file already gone is not an error."""
    gone = 0
    for path in paths:
        try:
            os.unlink(path)
            gone += 1
        except FileNotFoundError:
            pass
    return gone
