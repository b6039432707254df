"""CSRF protection for every state-changing staff form, bound to the session.

Each browser gets a random value in an HttpOnly, SameSite=Strict cookie; each form carries an
HMAC, under the server's secret, of that value *and the id of the session* (none before
signing in). A POST whose token does not match both is refused (403): a token (and cookie)
taken from another session is worthless in this one (OWASP CSRF Cheat Sheet, "Signed double
submit cookie" bound to the session).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request, Response

from app.settings import get_settings

from .auth import secret_key, session_id

CSRF_COOKIE = "staff_csrf"
FIELD = "csrf_token"


def _sign(value: str, sid: str) -> str:
    message = b"csrf:" + value.encode() + b"|" + sid.encode()
    return hmac.new(secret_key().encode(), message, hashlib.sha256).hexdigest()


def browser_value(request: Request) -> tuple[str, bool]:
    """(cookie value, whether it is new and must be set on the response)."""
    value = request.cookies.get(CSRF_COOKIE)
    if value and 16 <= len(value) <= 100:
        return value, False
    return new_value(), True


def new_value() -> str:
    return secrets.token_urlsafe(24)


def token_for(value: str, sid: str) -> str:
    return _sign(value, sid)


def set_cookie(response: Response, value: str) -> None:
    response.set_cookie(CSRF_COOKIE, value, httponly=True, samesite="strict",
                        secure=get_settings().secure_cookies, path="/staff")


def valid(request: Request, token: object) -> bool:
    value = request.cookies.get(CSRF_COOKIE)
    if not value or not isinstance(token, str) or not token:
        return False
    return hmac.compare_digest(_sign(value, session_id(request)), token)
