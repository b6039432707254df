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


RulebookDep = Annotated[Rulebook, Depends(get_rulebook)]
LangDep = Annotated[str, Depends(get_lang)]
ApiLangDep = Annotated[str, Depends(get_api_lang)]


def get_presenter_dep(book: RulebookDep, lang: LangDep) -> Presenter:
    return get_presenter(book, lang)


def get_api_presenter(book: RulebookDep, lang: ApiLangDep) -> Presenter:
    return get_presenter(book, lang)


PresenterDep = Annotated[Presenter, Depends(get_presenter_dep)]
ApiPresenterDep = Annotated[Presenter, Depends(get_api_presenter)]

__all__ = ["ApiLangDep", "ApiPresenterDep", "LangDep", "PresenterDep", "RulebookDep",
           "gettext_for"]
