"""Shared page routes: the comfort (适老化 large text, high contrast) switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse

from app.settings import get_settings
from app.web.templating import COMFORT_COOKIE

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """A local path to return to; anything else (other hosts, schemes) goes home."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.post("/comfort")
def comfort(comfort: Annotated[str, Form()] = "1",
            next: Annotated[str, Form()] = "/") -> RedirectResponse:
    """Turn comfort mode on (``comfort=1``) or off, remember it, and go back to the page."""
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(COMFORT_COOKIE, "1" if comfort == "1" else "0", max_age=365 * 86400,
                        httponly=True, samesite="lax", secure=get_settings().secure_cookies)
    return response


@router.get("/comfort")
def comfort_get(comfort: str = "1", next: str = "/") -> RedirectResponse:
    """The same switch as a link, for pages that cannot hold a form."""
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(COMFORT_COOKIE, "1" if comfort == "1" else "0", max_age=365 * 86400,
                        httponly=True, samesite="lax", secure=get_settings().secure_cookies)
    return response
