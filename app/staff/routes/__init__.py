"""Routes of the staff area, ``/staff``, split by resource; the app includes `router`, then
the other areas' staff routers (roster), then :data:`fallback` last.

- :mod:`.session`: signing in and out, staying signed in, one's own password;
- :mod:`.screening`: the one-page form, results, saving, editing a saved case;
- :mod:`.cases`: the case list, a case, the printed notice, follow-up, deleting, re-screening;
- :mod:`.export`: CSV and Excel;
- :mod:`.admin`: accounts and the audit log.

Every route is a :class:`app.staff.deps.CheckedRoute`: it cannot be built without its sign-in
dependency and, for a POST, its CSRF-checked form. Every error is an HTML page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.staff.deps import CheckedRoute, require_admin
from app.staff.web import Problem, StaffRoute, error_page, page, translator

from . import admin, cases, export, screening, session

router = APIRouter()
for _part in (session, screening, cases, export, admin):
    router.include_router(_part.router, include_in_schema=False)

# Any other /staff URL, whatever the method: the staff area's own "not found" page, not JSON.
fallback = APIRouter(prefix="/staff", route_class=CheckedRoute, include_in_schema=False)


@fallback.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(request: Request, rest: str) -> Response:
    return error_page(request, 404)


_ = translator  # the name app/roster/routes.py imports

__all__ = ["Problem", "StaffRoute", "fallback", "page", "require_admin", "router", "translator"]
