"""Routes of this area; the app includes `router`."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
