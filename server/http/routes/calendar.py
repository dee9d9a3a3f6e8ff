"""Working days: the office's holiday calendar."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
