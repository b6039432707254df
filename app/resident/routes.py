"""The resident's guided screening at ``/`` (issue 3): start, questions, check, results.

The answers travel in an encrypted cookie (app.resident.state), never in a database or a log.
Questions are asked on pages by topic (``/page/<page>``, rules/facts.yaml ``pages:``) or one
fact at a time (``/question/<fact>``: changing an answer, a question linked from the results).
Every POST carries the token kept in the cookie (403 without it); one that is accepted
redirects (303) to the next page; one with a problem shows the same page again with what was
sent and an error per field. Each request reads the cookie once and screens once.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import PresenterDep, RulebookDep, get_lang
from app.engine import Rulebook
from app.engine.implied import apply
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


def _forbidden(request: Request) -> HTMLResponse:
    """A form sent without this resident's token (another site's, or an old page's)."""
    _ = _gettext(request)
    return render(request, "resident/message.html", {
        "heading": _("这个页面已经过期"),
        "paragraphs": [_("为了保护你的回答，请回到问题页面再提交一次。")],
        "start_again": False, "next": True}, status_code=403)


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
async def clear_answers(request: Request, book: RulebookDep) -> Response:
    loaded = state.read(request, book)
    if loaded is not None and not state.token_ok(loaded, (await request.form()).get("csrf")):
        return _forbidden(request)
    response = RedirectResponse("/?cleared=1", status_code=303)
    state.clear(response)
    return response


@router.get("/next")
def next_page(request: Request, book: RulebookDep) -> Response:
    loaded = state.read(request, book)
    answers = loaded or state.Answers()
    p = flow.plan(book, answers.typed(book), answers.skipped, today())
    return _redirect(p.next.url if p.next else "/check", None if loaded else answers)


def _after_save(book: Rulebook, answers: state.Answers, ret: str | None,
                changed: bool, keep: set[str], p: flow.Plan | None = None) -> Response:
    """Drop what no longer applies when an answer changed, then go on: one screening (none
    when ``p``, the plan of the answers as saved, is given), or one per answer when an
    answer changed."""
    on = today()
    if changed:
        for name in flow.stale(book, answers.typed(book), answers.skipped, on, keep):
            answers.forget(name)
        p = None
    if p is None:
        p = flow.plan(book, answers.typed(book), answers.skipped, on)
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


def _question_page(request: Request, answers: state.Answers, page: flow.Page, p: flow.Plan,
                   title: str, fields: list[dict[str, Any]], errors: list[dict[str, str]],
                   dont_know_button: bool = False, page_hint: str | None = None,
                   shown: str = "") -> HTMLResponse:
    _ = _gettext(request)
    ret = _ret(request)
    n, total = flow.progress(answers.order, page.id, p)
    return render(request, "resident/question.html", {
        "title": title, "errors": errors, "fields": fields, "single": page.single,
        "shown": shown,
        "progress": None if ret else _("第 {n} 页，大约共 {total} 页").format(n=n, total=total),
        "back": _back(answers, page.id, ret), "csrf": answers.token,
        "action": request.url.path + (f"?return={ret}" if ret else ""),
        "dont_know_button": dont_know_button, "page_hint": page_hint})


def _fact_page(request: Request, pres: Presenter, answers: state.Answers, name: str,
               p: flow.Plan, parsed: forms.Parsed | None) -> HTMLResponse:
    _ = _gettext(request)
    fdef = pres.book.facts[name]
    kind = forms.kind(fdef)
    params = forms.fact_params(pres, name, parsed, answers.facts.get(name),
                               name in answers.skipped, _)
    errors = [{"text": parsed.error, "href": parsed.href}] if parsed and parsed.error else []
    return _question_page(
        request, answers, flow.Page(name, (name,), single=True), p,
        params.get("legend") or params.get("label"),
        [{"component": forms.COMPONENTS[kind], "params": params, "dont_know": None}],
        errors, fdef.dont_know and kind != "radios")


@router.get("/question/{name}", response_class=HTMLResponse)
def question(request: Request, name: str, pres: PresenterDep) -> Response:
    """One fact's own page: changing an answer, or a question linked from the results."""
    if name not in pres.book.facts:
        return _not_found(request)
    answers = state.read(request, pres.book) or state.Answers()
    p = flow.plan(pres.book, answers.typed(pres.book), answers.skipped, today())
    return _fact_page(request, pres, answers, name, p, None)


@router.post("/question/{name}", response_class=HTMLResponse)
async def answer(request: Request, name: str, pres: PresenterDep) -> Response:
    if name not in pres.book.facts:
        return _not_found(request)
    answers = state.read(request, pres.book)
    form = await request.form()
    if answers is None:
        return _redirect("/")
    if not state.token_ok(answers, form.get("csrf")):
        return _forbidden(request)
    _ = _gettext(request)
    parsed = forms.parse_fact(pres.book, name, {k: str(v) for k, v in form.items()}, _,
                              on=today())
    if parsed.error:
        p = flow.plan(pres.book, answers.typed(pres.book), answers.skipped, today())
        return _fact_page(request, pres, answers, name, p, parsed)
    changed = answers.changes(name, parsed.value, parsed.skip)
    if parsed.skip:
        answers.skip(name)
    else:
        answers.set(name, parsed.value, pres.book)
    answers.answered(f"fact:{name}")
    return _after_save(pres.book, answers, _ret(request), changed, {name})


def _topic_page(request: Request, pres: Presenter, answers: state.Answers, page: flow.Page,
                p: flow.Plan, sent: forms.PageAnswers | None,
                errors: dict[str, forms.Parsed] | None = None,
                number: forms.Parsed | None = None) -> HTMLResponse:
    _ = _gettext(request)
    fields = forms.page_fields(pres.book, page.facts)
    given = {n: forms.json_value(p.facts[n]) for n in p.implied} | answers.facts  # implied ticked
    params = forms.page_params(pres, fields, sent, given, answers.skipped, _)
    listed = forms.error_links(fields, errors or {})
    if forms.wants_certificate_number(page.facts):   # after the certificate's own question
        params[1:1] = [{"component": "input", "params": forms.certificate_params(number, _),
                        "dont_know": None}]
        if number is not None and number.error:
            listed.insert(0, {"text": number.error, "href": number.href})
    pdef = pres.book.extras.pages[page.key]
    checkboxes = any(f.group is not None for f in fields)   # the hint says what unticked means
    # the facts shown, as their places in the page's list (short, and checked when sent)
    shown = " ".join(str(i) for i, n in enumerate(pdef.facts) if n in page.facts)
    return _question_page(request, answers, page, p, _(pdef.title), params, listed,
                          page_hint=_(pdef.hint) if pdef.hint and checkboxes else None,
                          shown=shown)


@router.get("/page/{key}", response_class=HTMLResponse)
def topic(request: Request, key: str, pres: PresenterDep) -> Response:
    """A page by topic: every fact of it that can still change an open result."""
    if key not in pres.book.extras.pages:
        return _not_found(request)
    answers = state.read(request, pres.book) or state.Answers()
    p = flow.plan(pres.book, answers.typed(pres.book), answers.skipped, today())
    page = p.page(key)
    if page is None and f"page:{key}" in answers.order:
        # back to a page answered and settled (the Back link, the browser's Back): show its
        # answers to change, rather than bouncing forward. A page with facts still open
        # shows only those (the flow comes back to it, e.g. the loan's rate).
        # (with the facts implied there, ticked, so that unticking what implied them asks
        # them on this same page)
        stated = answers.known() | set(p.implied)
        again = tuple(n for n in pres.book.extras.pages[key].facts if n in stated)
        page = flow.Page(key, again) if again else None
    if page is None:        # settled meanwhile: on to what is still open
        return _redirect(p.next.url if p.next else "/check")
    return _topic_page(request, pres, answers, page, p, None)


@router.post("/page/{key}", response_class=HTMLResponse)
async def topic_answer(request: Request, key: str, pres: PresenterDep) -> Response:
    """Save a topic page. The fields are those the page showed (``shown``, checked against
    the page and what is already known); a field left blank is an error unless the other
    answers on the page make it moot (a "no" to the certificate and its grade)."""
    book = pres.book
    if key not in book.extras.pages:
        return _not_found(request)
    answers = state.read(request, book)
    form = await request.form()
    if answers is None:
        return _redirect("/")
    if not state.token_ok(answers, form.get("csrf")):
        return _forbidden(request)
    on = today()
    known = answers.known() | set(apply(book, answers.typed(book), on)[0])   # implied too
    # a page answered before may be answered again (Back), with the facts implied there
    # (an implied fact left unticked stays implied, below); else only what is unknown
    fixed = set() if f"page:{key}" in answers.order else known
    listed = book.extras.pages[key].facts
    picked = {int(i) for i in str(form.get("shown", ""))[:200].split() if i.isdigit()}
    shown = tuple(n for i, n in enumerate(listed) if i in picked and n not in fixed)
    if not shown:
        return _redirect("/next")
    _ = _gettext(request)
    fields = forms.page_fields(book, shown)
    sent = forms.parse_page(book, fields, form, _, on)
    number = forms.read_certificate_number(form, on, _) \
        if forms.wants_certificate_number(shown) else None
    if number is not None and number.error:
        sent.parsed[forms.CERT_FIELD] = number
    elif number is not None:           # the number answers what it gives
        for n, v in number.value.items():
            if n in shown or n not in known:
                sent.values[n] = v
        for f in fields:
            if set(f.facts) <= set(number.value):
                sent.parsed[f.name] = forms.Parsed(value=True)
    trial = {**answers.typed(book),
             **{n: forms.typed_value(book, n, v) for n, v in sent.values.items()}}
    _facts, why = apply(book, {k: v for k, v in trial.items() if k not in sent.unticked}, on)
    for n in sent.unticked & set(why):   # left unticked, but implied by the ticked ones
        sent.values.pop(n, None)
        trial.pop(n, None)
    p = flow.plan(book, trial, answers.skipped + sent.skipped, on)
    excused = {f.name for f in fields
               if sent.parsed[f.name].blank and not set(f.facts) & set(p.wanted)}
    if number is not None and number.error:   # typed instead of choosing: its one error
        excused |= {f.name for f in fields
                    if sent.parsed[f.name].blank and set(f.facts) <= set(forms.FROM_CERTIFICATE)}
    errors = {k: e for k, e in sent.parsed.items() if e.error and k not in excused}
    if errors:
        page = flow.Page(key, shown)
        return _topic_page(request, pres, answers, page, p, sent, errors, number)
    # what is new or different (kept); an answer changed makes others stale
    fresh = {n for n, v in sent.values.items() if n not in answers.facts
             or answers.changes(n, v)}
    changed = bool(excused) or any(answers.changes(n, v) for n, v in sent.values.items()) \
        or any(n in answers.facts for n in sent.skipped)
    for n, v in sent.values.items():
        answers.set(n, v, book)
    for n in sent.skipped:
        answers.skip(n)
    answers.answered(f"page:{key}")
    return _after_save(book, answers, _ret(request), changed, fresh | set(sent.skipped), p)


@router.get("/check", response_class=HTMLResponse)
def check(request: Request, pres: PresenterDep) -> Response:
    loaded = state.read(request, pres.book)
    if loaded is None or not (loaded.facts or loaded.skipped):
        return _redirect("/")
    _ = _gettext(request)
    p = flow.plan(pres.book, loaded.typed(pres.book), loaded.skipped, today())
    return render(request, "resident/check.html", {
        "rows": views.answer_rows(pres, loaded.facts, loaded.skipped, _, "check"),
        "implied": views.implied_rows(pres, p, _),
        "pending": p.next.url if p.next else None, "csrf": loaded.token,
        "back": flow.page_url(loaded.order[-1]) if loaded.order else "/"})


@router.get("/results", response_class=HTMLResponse)
def results(request: Request, pres: PresenterDep) -> Response:
    loaded = state.read(request, pres.book)
    if loaded is None:      # not started (a started screening shows its results so far)
        return _redirect("/")
    _ = _gettext(request)
    on = today()
    stated = loaded.typed(pres.book)
    p = flow.plan(pres.book, stated, loaded.skipped, on)
    county = loaded.facts.get(flow.COUNTY)
    groups = views.results_view(pres, p, stated, _, county)
    printing = request.query_params.get("print") == "1"
    ctx = {
        "on": views.format_date(on, pres.lang),
        "groups": groups,
        "summary": views.summary(pres, groups, _),
        "pending": p.next.url if p.next else None,
        "common_documents": views.common_documents(groups["apply"]),
        "county": views.answer_text(pres, flow.COUNTY, county, _) if county else None,
        "no_certificate": loaded.facts.get("has_disability_certificate") is False,
        "cert_quote": views.plan_quote(pres, views.CERT_LOCATOR),
        "rows": views.answer_rows(pres, loaded.facts, loaded.skipped, _,
                                  None if printing else "results"),
        "implied": views.implied_rows(pres, p, _),
        "rulebook": {"version": pres.book.version, "digest": pres.book.digest},
        "csrf": loaded.token,
    }
    return render(request, "resident/notice.html" if printing else "resident/results.html", ctx)


@router.get("/results/{program}", response_class=HTMLResponse)
def program_result(request: Request, program: str, pres: PresenterDep) -> Response:
    """One program of the results in full: every reason, how to apply, every plan quote."""
    if program not in pres.book.programs:
        return _not_found(request)
    loaded = state.read(request, pres.book)
    if loaded is None:
        return _redirect("/")
    _ = _gettext(request)
    on = today()
    stated = loaded.typed(pres.book)
    p = flow.plan(pres.book, stated, loaded.skipped, on)
    r = next(r for r in p.screening.results if r.program.id == program)
    county = loaded.facts.get(flow.COUNTY)
    card = views.card(pres, r, p, stated, county, _, full=True)
    return render(request, "resident/program.html", {
        "card": card, "status_title": _(STATUS_TITLES[card["status"]]), "csrf": loaded.token,
        "county": views.answer_text(pres, flow.COUNTY, county, _) if county else None})
