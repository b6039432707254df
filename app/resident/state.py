"""The resident's answers, carried in an encrypted cookie: never stored on the server, never
logged.

The cookie holds JSON (facts as JSON values, the facts the person said they do not know, the
order of the pages answered, and the token every resident form sends back: CSRF), compressed
and encrypted with a key derived from the service's secret key (Fernet: AES-128-CBC with an
HMAC-SHA256 and a timestamp), so a changed or stale cookie is refused rather than trusted, and
nobody who sees the cookie (a shared phone's browser, a proxy's log) can read the answers: they
are sensitive personal information under PIPL, whose article 51 asks for encryption. It is a
session cookie: it goes when the browser closes, or at once with "start again".
"""

from __future__ import annotations

import base64
import json
import secrets
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from fastapi import Request, Response

from app.codec import read_facts, read_json
from app.engine import Rulebook
from app.resident import BadState as BadState  # the class lives where app.main can name it cheaply
from app.settings import get_settings

COOKIE = "answers"
# Longer than 20 hours, so the limit is not one a person has to race (WCAG 2.2.1); the cookie
# itself ends with the browser session.
MAX_AGE_SECONDS = 24 * 3600
_PROCESS_KEY = secrets.token_urlsafe(32)
MAX_JSON = 64 * 1024  # bytes, decompressed: far above any real answers, a cap on a zip bomb


def new_token() -> str:
    """The resident's form token (issue 12): kept in the encrypted cookie, sent back by every
    form of the resident's pages, so another site cannot post answers in their name."""
    return secrets.token_urlsafe(16)


@dataclass
class Answers:
    facts: dict[str, Any] = field(default_factory=dict)   # fact -> JSON value
    skipped: list[str] = field(default_factory=list)      # "I don't know"
    order: list[str] = field(default_factory=list)        # page keys, first answered first
    token: str = field(default_factory=new_token)         # the forms' CSRF token
    _typed: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def typed(self, book: Rulebook) -> dict[str, Any]:
        """The facts in the engine's types, checked once per request (and after a change)."""
        if self._typed is None:
            self._typed, _problems = read_facts(book, self.facts, on=None, source="json")
        return self._typed

    def set(self, name: str, value: Any, book: Rulebook | None = None) -> None:
        """Record an answer (a JSON value already checked); with ``book`` the typed facts
        are kept up to date rather than checked again."""
        self.facts[name] = value
        if self._typed is not None and book is not None:
            reading = read_json(book, name, value, on=None)
            if reading.problem is None:
                self._typed[name] = reading.value
            else:
                self._typed = None
        else:
            self._typed = None
        if name in self.skipped:
            self.skipped.remove(name)

    def skip(self, name: str) -> None:
        self.facts.pop(name, None)
        if self._typed is not None:
            self._typed.pop(name, None)
        if name not in self.skipped:
            self.skipped.append(name)

    def forget(self, name: str) -> None:
        """Drop an answer (or a "don't know") that no longer applies."""
        self.facts.pop(name, None)
        if self._typed is not None:
            self._typed.pop(name, None)
        if name in self.skipped:
            self.skipped.remove(name)

    def changes(self, name: str, value: Any, skip: bool = False) -> bool:
        """Whether answering ``name`` so changes an answer already given."""
        if name in self.skipped:
            return not skip
        return name in self.facts and (skip or self.facts[name] != value)

    def answered(self, page: str) -> None:
        if page not in self.order:
            self.order.append(page)

    def known(self) -> set[str]:
        return set(self.facts) | set(self.skipped)


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    """This cookie's own key, derived from the service's secret (which also signs other things)."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"baise-screener resident-answers").derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _cipher() -> Fernet:
    return _fernet(get_settings().secret_key or _PROCESS_KEY)


def dumps(answers: Answers) -> str:
    data = {"f": answers.facts, "s": answers.skipped, "o": answers.order, "t": answers.token}
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return _cipher().encrypt(zlib.compress(raw, 9)).decode("ascii")


def loads(token: str, book: Rulebook) -> Answers:
    """Read a token; anything wrong with it (key, integrity, age, shape, values) is
    :class:`BadState`."""
    try:
        packed = _cipher().decrypt(token.encode("ascii"), ttl=MAX_AGE_SECONDS)
        inflate = zlib.decompressobj()
        raw = inflate.decompress(packed, MAX_JSON)
        if inflate.unconsumed_tail:
            raise BadState("answers too long")
        data = json.loads(raw)
    except (InvalidToken, UnicodeError, zlib.error, ValueError) as exc:
        raise BadState from exc
    if not isinstance(data, dict):
        raise BadState
    facts, skipped, order = data.get("f"), data.get("s"), data.get("o")
    token = data.get("t")
    if not (isinstance(facts, dict) and isinstance(skipped, list) and isinstance(order, list)
            and isinstance(token, str) and 16 <= len(token) <= 64):
        raise BadState
    clean, problems = read_facts(book, facts, on=None, source="json")
    if problems or not all(isinstance(s, str) and s in book.facts for s in skipped) \
            or not all(isinstance(o, str) for o in order):
        raise BadState
    return Answers(dict(facts), list(skipped), list(order), token, clean)


def token_ok(answers: Answers | None, sent: object) -> bool:
    """Whether a form's ``csrf`` field is this resident's token (compared in constant time)."""
    return answers is not None and isinstance(sent, str) \
        and secrets.compare_digest(sent.encode(), answers.token.encode())


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
