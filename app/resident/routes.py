"""The resident's guided screening at ``/`` (issue 3): start, questions, check, results.

The answers travel in an encrypted cookie (app.resident.state), never in a database or a log.
Every POST that is accepted redirects (303) to the next page; a POST with a problem shows the
same page again with what was sent and an error per field.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import PresenterDep, RulebookDep, get_lang
from app.engine import Rulebook
from app.i18n import Gettext, gettext_for
from app.present import STATUS_TITLES, Presenter, today
from app.resident import flow, forms, state, views
from app.web.templating import render

router = APIRouter(include_in_schema=False)
RETURNS = ("check", "results")


def _ret(request: Request) -> str | None:
    ret = request.query_params.get("return")
    return ret if ret in RETURNS else None


def _gettext(request: Request) -> Gettext:
    return gettext_for(get_lang(request))


def bad_state_page(request: Request, exc: Exception) -> HTMLResponse:
    """A changed, foreign or stale cookie: say so kindly, forget it, offer to start again.

    The app's handler for :class:`state.BadState`, so every page can simply read the state.
    """
    _ = _gettext(request)
    response = render(request, "resident/message.html", {
        "heading": _("你的回答已经过期或无法读取"),
        "paragraphs": [_("为了保护你的信息，回答只保留一段时间，而且不能被改动。"),
                       _("请重新开始。你的回答不会被保存在别的地方。")],
        "start_again": True}, status_code=400)
    state.clear(response)
    return response


def _redirect(url: str, answers: state.Answers | None = None) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    if answers is not None:
        state.write(response, answers)
    return response


def _not_found(request: Request) -> HTMLResponse:
    _ = _gettext(request)
    return render(request, "resident/message.html", {
        "heading": _("找不到这个页面"),
        "paragraphs": [_("这个网址不存在。你可以从头开始，或者返回上一页。")],
        "start_again": False}, status_code=404)


@router.get("/", response_class=HTMLResponse)
def start(request: Request, book: RulebookDep) -> Response:
    loaded = state.read(request, book)
    return render(request, "resident/start.html", {
        "has_answers": bool(loaded and (loaded.facts or loaded.skipped)),
        "cleared": request.query_params.get("cleared") == "1"})


@router.post("/start")
def begin() -> Response:
    return _redirect("/next", state.Answers())


@router.post("/clear")
def clear_answers() -> Response:
    response = RedirectResponse("/?cleared=1", status_code=303)
    state.clear(response)
    return response


@router.get("/next")
def next_page(request: Request, book: RulebookDep) -> Response:
    loaded = state.read(request, book)
    answers = loaded or state.Answers()
    p = flow.plan(book, answers.facts, answers.skipped, today())
    return _redirect(p.next.url if p.next else "/check", None if loaded else answers)


def _after_save(book: Rulebook, answers: state.Answers, ret: str | None) -> Response:
    p = flow.plan(book, answers.facts, answers.skipped, today())
    done = "/results" if ret == "results" else "/check"
    url = p.next.url if p.next is not None else done
    return _redirect(url, answers)


def _back(answers: state.Answers, page_id: str, ret: str | None) -> str:
    if ret:
        return f"/{ret}"
    order = answers.order
    if page_id in order:
        i = order.index(page_id)
        return flow.page_url(order[i - 1]) if i > 0 else "/"
    return flow.page_url(order[-1]) if order else "/"


def _question_page(request: Request, pres: Presenter, answers: state.Answers, page: flow.Page,
                   params: dict[str, Any], component: str, parsed: forms.Parsed | None,
                   dont_know_button: bool) -> HTMLResponse:
    _ = _gettext(request)
    ret = _ret(request)
    p = flow.plan(pres.book, answers.facts, answers.skipped, today())
    n, total = flow.progress(answers.order, page.id, p, answers.known())
    errors = [{"text": parsed.error, "href": parsed.href}] if parsed and parsed.error else []
    title = params.get("legend") or params.get("label")
    return render(request, "resident/question.html", {
        "title": title, "errors": errors, "params": params, "component": component,
        "progress": None if ret else _("第 {n} 题，大约共 {total} 题").format(n=n, total=total),
        "back": _back(answers, page.id, ret),
        "action": request.url.path + (f"?return={ret}" if ret else ""),
        "dont_know_button": dont_know_button})


def _fact_page(request: Request, pres: Presenter, answers: state.Answers, name: str,
               parsed: forms.Parsed | None) -> HTMLResponse:
    _ = _gettext(request)
    fdef = pres.book.facts[name]
    kind = forms.kind(fdef)
    params = forms.fact_params(pres, name, parsed, answers.facts.get(name),
                               name in answers.skipped, _)
    component = {"radios": "radios", "date": "date_input", "input": "input"}[kind]
    return _question_page(request, pres, answers, flow.Page("fact", name, (name,)), params,
                          component, parsed, fdef.dont_know and kind != "radios")


@router.get("/question/{name}", response_class=HTMLResponse)
def question(request: Request, name: str, pres: PresenterDep) -> Response:
    if name not in pres.book.facts:
        return _not_found(request)
    loaded = state.read(request, pres.book)
    return _fact_page(request, pres, loaded or state.Answers(), name, None)


@router.post("/question/{name}", response_class=HTMLResponse)
async def answer(request: Request, name: str, pres: PresenterDep) -> Response:
    if name not in pres.book.facts:
        return _not_found(request)
    loaded = state.read(request, pres.book)
    answers = loaded or state.Answers()
    form = await request.form()
    _ = _gettext(request)
    parsed = forms.parse_fact(pres.book, name, {k: str(v) for k, v in form.items()}, _)
    if parsed.error:
        return _fact_page(request, pres, answers, name, parsed)
    if parsed.skip:
        answers.skip(name)
    else:
        answers.set(name, parsed.value)
    answers.answered(f"fact:{name}")
    return _after_save(pres.book, answers, _ret(request))


def _group_page(request: Request, pres: Presenter, answers: state.Answers, group: str,
                shown: tuple[str, ...], parsed: forms.Parsed | None) -> HTMLResponse:
    _ = _gettext(request)
    params = forms.group_params(pres, group, shown, parsed, answers.facts, _)
    return _question_page(request, pres, answers, flow.Page("group", group, shown), params,
                          "checkboxes", parsed, False)


def _group_shown(book: Rulebook, answers: state.Answers, group: str) -> tuple[str, ...]:
    p = flow.plan(book, answers.facts, answers.skipped, today())
    return flow.group_facts_wanted(book, group, p)


@router.get("/group/{group}", response_class=HTMLResponse)
def group_question(request: Request, group: str, pres: PresenterDep) -> Response:
    if group not in pres.book.groups:
        return _not_found(request)
    loaded = state.read(request, pres.book)
    answers = loaded or state.Answers()
    shown = _group_shown(pres.book, answers, group)
    if len(shown) < 2:  # nothing (or one fact) of this group is wanted now
        return _redirect(flow.page_url(f"fact:{shown[0]}") if shown else "/next")
    return _group_page(request, pres, answers, group, shown, None)


@router.post("/group/{group}", response_class=HTMLResponse)
async def group_answer(request: Request, group: str, pres: PresenterDep) -> Response:
    if group not in pres.book.groups:
        return _not_found(request)
    loaded = state.read(request, pres.book)
    answers = loaded or state.Answers()
    shown = _group_shown(pres.book, answers, group)
    if not shown:
        return _redirect("/next")
    form = await request.form()
    _ = _gettext(request)
    values, skip_all, parsed = forms.parse_group(pres.book, group, shown, form, _)
    if parsed.error:
        return _group_page(request, pres, answers, group, shown, parsed)
    for n in shown:
        if skip_all:
            answers.skip(n)
        else:
            answers.set(n, values[n])
    answers.answered(f"group:{group}")
    return _after_save(pres.book, answers, _ret(request))


@router.get("/check", response_class=HTMLResponse)
def check(request: Request, pres: PresenterDep) -> Response:
    loaded = state.read(request, pres.book)
    if loaded is None or not (loaded.facts or loaded.skipped):
        return _redirect("/")
    _ = _gettext(request)
    p = flow.plan(pres.book, loaded.facts, loaded.skipped, today())
    return render(request, "resident/check.html", {
        "rows": views.answer_rows(pres, loaded.facts, loaded.skipped, _, "check"),
        "pending": p.next.url if p.next else None,
        "back": flow.page_url(loaded.order[-1]) if loaded.order else "/"})


@router.get("/results", response_class=HTMLResponse)
def results(request: Request, pres: PresenterDep) -> Response:
    loaded = state.read(request, pres.book)
    if loaded is None or not (loaded.facts or loaded.skipped):
        return _redirect("/")
    _ = _gettext(request)
    on = today()
    s = flow.run(pres.book, loaded.facts, on)
    county = loaded.facts.get(flow.COUNTY)
    groups = views.results_view(pres, s, _)
    ctx = {
        "on": views.format_date(on, _),
        "groups": groups,
        "common_documents": views.common_documents(groups["apply"]),
        "county": views.answer_text(pres, flow.COUNTY, county, _) if county else None,
        "no_certificate": loaded.facts.get("has_disability_certificate") is False,
        "cert_quote": views.plan_quote(pres, views.CERT_LOCATOR),
        "rows": views.answer_rows(pres, loaded.facts, loaded.skipped, _,
                                  None if request.query_params.get("print") else "results"),
        "rulebook": {"version": pres.book.version, "digest": pres.book.digest},
    }
    template = "resident/notice.html" if request.query_params.get("print") == "1" \
        else "resident/results.html"
    return render(request, template, ctx)


@router.get("/results/{program}", response_class=HTMLResponse)
def program_result(request: Request, program: str, pres: PresenterDep) -> Response:
    """One program of the results in full: every reason, how to apply, every plan quote."""
    if program not in pres.book.programs:
        return _not_found(request)
    loaded = state.read(request, pres.book)
    if loaded is None or not (loaded.facts or loaded.skipped):
        return _redirect("/")
    _ = _gettext(request)
    s = flow.run(pres.book, loaded.facts, today())
    result = next(pres.result(r) for r in s.results if r.program.id == program)
    county = loaded.facts.get(flow.COUNTY)
    return render(request, "resident/program.html", {
        "card": views.card(pres, result, _, full=True),
        "status_title": _(STATUS_TITLES[result["status"]]),
        "county": views.answer_text(pres, flow.COUNTY, county, _) if county else None})
