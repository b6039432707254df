"""Dependencies shared by the API and the pages: the rulebook, the language, the screening date."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.engine import Rulebook
from app.i18n import gettext_for, pick_language
from app.present import Presenter, get_presenter


def get_rulebook(request: Request) -> Rulebook:
    return request.app.state.rulebook


def get_lang(request: Request) -> str:
    return pick_language(request.query_params.get("lang"), request.cookies.get("lang"),
                         request.headers.get("accept-language"))


def get_api_lang(request: Request) -> str:
    """The JSON API's language: ``?lang=``, else ``Accept-Language`` (design.md §4.3).

    The pages' remembered choice (a cookie) does not apply: an API answer depends only on
    the request.
    """
    return pick_language(request.query_params.get("lang"), None,
                         request.headers.get("accept-language"))


# The dependencies are ``async def`` although they never wait: FastAPI runs a plain ``def``
# dependency in a worker thread, and three thread hops per request cost more than a screening.
async def _rulebook_dep(request: Request) -> Rulebook:
    return get_rulebook(request)


async def _lang_dep(request: Request) -> str:
    return get_lang(request)


async def _api_lang_dep(request: Request) -> str:
    return get_api_lang(request)


RulebookDep = Annotated[Rulebook, Depends(_rulebook_dep)]
LangDep = Annotated[str, Depends(_lang_dep)]
ApiLangDep = Annotated[str, Depends(_api_lang_dep)]


async def get_presenter_dep(book: RulebookDep, lang: LangDep) -> Presenter:
    return get_presenter(book, lang)


def api_presenter(request: Request) -> Presenter:
    """The API's presenter: the app's rulebook in the request's API language
    (:func:`get_api_lang`); ``.book`` and ``.lang`` are those two. A plain function of the
    request, not a chain of dependencies: FastAPI solves each dependency of a route anew on
    every request, and the chain (rulebook, language, presenter) cost a fifth of
    ``POST /api/v1/screen`` (bench/README.md, "HTTP, where the time goes"), which now calls
    this itself."""
    return get_presenter(get_rulebook(request), get_api_lang(request))


async def get_api_presenter(request: Request) -> Presenter:
    """:func:`api_presenter` as the dependency of the API's other routes."""
    return api_presenter(request)


PresenterDep = Annotated[Presenter, Depends(get_presenter_dep)]
ApiPresenterDep = Annotated[Presenter, Depends(get_api_presenter)]

__all__ = ["ApiLangDep", "ApiPresenterDep", "LangDep", "PresenterDep", "RulebookDep",
           "gettext_for"]
