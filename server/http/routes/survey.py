"""The citizens' satisfaction survey (SKM): the questionnaire, answers, survey tablets, the SKM report."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
