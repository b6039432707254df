"""The floor of bench/startup.py: a bare FastAPI app, one ``POST`` route with a pydantic body,
served by uvicorn as ours is. What Python, uvicorn, FastAPI and pydantic cost before any code
of ours runs. ``uvicorn startup_floor:app`` from ``bench/``."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel


class ScreenRequest(BaseModel):
    on: str | None = None
    facts: dict[str, Any] = {}


app = FastAPI()


@app.post("/api/v1/screen")
async def screen(request: ScreenRequest) -> dict[str, Any]:
    return {"facts": len(request.facts)}
