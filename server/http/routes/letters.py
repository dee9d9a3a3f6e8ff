"""Letters: drafting, approval, the register with revoke, the PDF, and the public verification page."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
