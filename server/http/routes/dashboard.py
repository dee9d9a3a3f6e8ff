"""The head of office's screen: now, today, this month, this semester."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
