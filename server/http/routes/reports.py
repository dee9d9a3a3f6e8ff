"""Reports for the head of office: summary per period, exports (CSV, XLSX)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
