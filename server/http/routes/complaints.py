"""The complaint register: cases from every channel, their life and their summary."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
