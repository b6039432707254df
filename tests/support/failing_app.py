"""The app, with a failure that can be asked for: a request carrying the header ``x-fail``
makes the presenter dependency of the pages and of the API raise a pydantic
``ValidationError`` whose message holds what the request sent (as a real one does:
``input_value=…``). For the log tests: ``uvicorn tests.support.failing_app:app``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from pydantic import TypeAdapter

from app.deps import ApiLangDep, LangDep, RulebookDep, get_api_presenter, get_presenter_dep
from app.present import Presenter, get_presenter


async def _fail_if_asked(request: Request) -> None:
    if "x-fail" in request.headers:
        sent = (await request.body()).decode("utf-8", "replace")
        TypeAdapter(int).validate_python(f"{sent} {request.url.query} {dict(request.cookies)}")


async def page_presenter(request: Request, book: RulebookDep, lang: LangDep) -> Presenter:
    await _fail_if_asked(request)
    return get_presenter(book, lang)


async def api_presenter(request: Request, book: RulebookDep, lang: ApiLangDep) -> Presenter:
    await _fail_if_asked(request)
    return get_presenter(book, lang)


def install(app: FastAPI) -> None:
    app.dependency_overrides[get_presenter_dep] = page_presenter
    app.dependency_overrides[get_api_presenter] = api_presenter


def uninstall(app: FastAPI) -> None:
    app.dependency_overrides.pop(get_presenter_dep, None)
    app.dependency_overrides.pop(get_api_presenter, None)


def _app() -> FastAPI:
    from app.main import app as the_app

    install(the_app)
    return the_app


app = _app()
