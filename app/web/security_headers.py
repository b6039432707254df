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

from starlette.datastructures import MutableHeaders
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


class SecurityHeaders:
    """ASGI middleware: adds the headers above to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        hsts = get_settings().secure_cookies
        self.fixed = [
            ("content-security-policy", CSP),
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            ("referrer-policy", "same-origin"),
        ] + ([("strict-transport-security", "max-age=31536000; includeSubDomains")]
             if hsts else [])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        no_store = scope.get("method") not in ("GET", "HEAD") or not cacheable(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.fixed:
                    headers[name] = value
                if no_store:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
