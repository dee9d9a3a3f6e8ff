"""The Laporan page, its charts and the printable monthly evaluation PDF."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
