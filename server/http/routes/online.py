"""The online application: the public form's API, its status, photo uploads, and the back office's inbox."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
