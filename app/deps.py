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


RulebookDep = Annotated[Rulebook, Depends(get_rulebook)]
LangDep = Annotated[str, Depends(get_lang)]


def get_presenter_dep(book: RulebookDep, lang: LangDep) -> Presenter:
    return get_presenter(book, lang)


PresenterDep = Annotated[Presenter, Depends(get_presenter_dep)]

__all__ = ["LangDep", "PresenterDep", "RulebookDep", "gettext_for"]
