"""The resident's answers, carried in a signed cookie: never stored on the server, never logged.

The cookie holds JSON (facts as JSON values, the facts the person said they do not know, and
the order of the pages answered), signed with the service's secret key and a timestamp, so a
changed or stale cookie is refused rather than trusted. It is a session cookie: it goes when
the browser closes, or at once with "start again".
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request, Response
from itsdangerous import BadData, URLSafeTimedSerializer

from app.engine import Rulebook, parse_facts
from app.settings import get_settings

COOKIE = "answers"
# Longer than 20 hours, so the limit is not one a person has to race (WCAG 2.2.1); the cookie
# itself ends with the browser session.
MAX_AGE_SECONDS = 24 * 3600
_PROCESS_KEY = secrets.token_urlsafe(32)


class BadState(Exception):
    """The cookie was changed, signed with another key, or is too old."""


@dataclass
class Answers:
    facts: dict[str, Any] = field(default_factory=dict)   # fact -> JSON value
    skipped: list[str] = field(default_factory=list)      # "I don't know"
    order: list[str] = field(default_factory=list)        # page keys, first answered first

    def set(self, name: str, value: Any) -> None:
        self.facts[name] = value
        if name in self.skipped:
            self.skipped.remove(name)

    def skip(self, name: str) -> None:
        self.facts.pop(name, None)
        if name not in self.skipped:
            self.skipped.append(name)

    def answered(self, page: str) -> None:
        if page not in self.order:
            self.order.append(page)

    def known(self) -> set[str]:
        return set(self.facts) | set(self.skipped)


def _serializer() -> URLSafeTimedSerializer:
    key = get_settings().secret_key or _PROCESS_KEY
    return URLSafeTimedSerializer(key, salt="resident-answers")


def dumps(answers: Answers) -> str:
    return _serializer().dumps({"f": answers.facts, "s": answers.skipped, "o": answers.order})


def loads(token: str, book: Rulebook) -> Answers:
    """Read a token; anything wrong with it (signature, age, shape, values) is :class:`BadState`."""
    try:
        data = _serializer().loads(token, max_age=MAX_AGE_SECONDS)
    except BadData as exc:
        raise BadState from exc
    if not isinstance(data, dict):
        raise BadState
    facts, skipped, order = data.get("f"), data.get("s"), data.get("o")
    if not (isinstance(facts, dict) and isinstance(skipped, list) and isinstance(order, list)):
        raise BadState
    _clean, problems = parse_facts(book.facts, facts)
    if problems or not all(isinstance(s, str) and s in book.facts for s in skipped) \
            or not all(isinstance(o, str) for o in order):
        raise BadState
    return Answers(dict(facts), list(skipped), list(order))


def read(request: Request, book: Rulebook) -> Answers | None:
    """The answers in the request's cookie; None when there is none. Raises :class:`BadState`."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    return loads(token, book)


def write(response: Response, answers: Answers) -> None:
    response.set_cookie(COOKIE, dumps(answers), httponly=True, samesite="lax",
                        secure=get_settings().secure_cookies)


def clear(response: Response) -> None:
    response.delete_cookie(COOKIE, httponly=True, samesite="lax",
                           secure=get_settings().secure_cookies)
