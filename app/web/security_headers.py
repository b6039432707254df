"""Security headers on every response of the app (a small ASGI middleware of our own: the
rules are few, and the Cache-Control allow-list is ours).

- ``Content-Security-Policy``: scripts, styles, images, fonts and forms of our own origin only
  (no inline script or style: templates link static files), ``frame-ancestors 'none'``;
  ``X-Frame-Options: DENY`` for older browsers (OWASP Secure Headers Project).
- ``X-Content-Type-Options: nosniff``; ``Referrer-Policy: same-origin``.
- ``Strict-Transport-Security`` when ``settings.secure_cookies`` (the site is served over
  HTTPS).
- ``Cache-Control: no-store`` on every dynamic response except :data:`CACHEABLE` pages that
  show nobody's answers (the rule lookup, the programs and facts of the API, the health
  check), and then only when read (GET or HEAD: the rule lookup's quick check is a POST that
  shows the caller's answers): a page with a resident's answers or a case never stays in a
  cache or in the Back button's history of a shared phone. Static files (``/static/``) keep
  their own headers.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.settings import get_settings

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
       "object-src 'none'; frame-ancestors 'none'")
# Path prefixes of public pages that show no answers and may be cached.
CACHEABLE = ("/rules", "/api/v1/programs", "/api/v1/facts", "/healthz")
STATIC = "/static/"


def cacheable(path: str) -> bool:
    return path.startswith(STATIC) or any(
        path == p or path.startswith(p + "/") or path.startswith(p + "?") for p in CACHEABLE)


def no_store(scope: Scope) -> bool:
    """Whether the answer to this request carries ``Cache-Control: no-store`` (see the
    module's docstring): no cache keeps it."""
    return scope.get("method") not in ("GET", "HEAD") or not cacheable(scope["path"])


def _raw(headers: list[tuple[str, str]]) -> tuple[frozenset[bytes], list[tuple[bytes, bytes]]]:
    raw = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers]
    return frozenset(name for name, _ in raw), raw


class SecurityHeaders:
    """ASGI middleware: adds the headers above to every HTTP response, each replacing any
    header of its name the app set. The header lists are encoded once, at start: this runs
    on every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        hsts = get_settings().secure_cookies
        fixed = [
            ("content-security-policy", CSP),
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            ("referrer-policy", "same-origin"),
        ] + ([("strict-transport-security", "max-age=31536000; includeSubDomains")]
             if hsts else [])
        self.fixed = _raw(fixed)
        self.fixed_no_store = _raw([*fixed, ("cache-control", "no-store")])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        names, added = self.fixed_no_store if no_store(scope) else self.fixed

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    h for h in message.get("headers", ()) if h[0].lower() not in names
                ] + added
            await send(message)

        await self.app(scope, receive, send_with_headers)
