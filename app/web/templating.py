"""Rendering a page: Jinja2 with Babel's i18n extension, in the request's language.

Every page gets ``lang`` (zh-Hans | za | en), ``html_lang``, ``_``/``gettext``/``ngettext``
translated into that language, ``lang_links`` (the current URL in each language, for the
language switch), ``comfort`` (the large-text/high-contrast mode, from its cookie), and
``static('css/main.css')``, a static file's URL with its digest (app.web.static). On a Zhuang
or English page, Chinese words in the text are marked ``lang="zh-Hans"`` (``app.web.lang_parts``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.deps import get_lang
from app.i18n import HTML_LANG, LANG_NAMES, LANGS, translations
from app.web.lang_parts import mark_chinese
from app.web.static import STATIC_DIR as STATIC_DIR  # re-exported: tests, bench
from app.web.static import static_url

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
COMFORT_COOKIE = "comfort"
LANG_COOKIE = "lang"

env = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
env.globals["static"] = static_url  # {{ static('css/main.css') }}: a URL with the file's digest


def lang_links(request: Request) -> dict[str, str]:
    """The current page's URL in each language (query kept, ``lang`` replaced)."""
    url = request.url.remove_query_params("lang")
    links = {}
    for lang in LANGS:
        u = url.include_query_params(lang=lang)
        links[lang] = f"{u.path}?{u.query}"  # relative: smaller pages, same host
    return links


def page_context(request: Request, lang: str | None = None) -> dict[str, Any]:
    lang = lang or get_lang(request)
    t = translations(lang)
    return {
        "request": request,
        "lang": lang,
        "html_lang": HTML_LANG[lang],
        "lang_names": LANG_NAMES,
        "lang_links": lang_links(request),
        "comfort": request.cookies.get(COMFORT_COOKIE) == "1",
        "_": t.gettext,
        "gettext": t.gettext,
        "ngettext": t.ngettext,
    }


def render(request: Request, template: str, context: dict[str, Any] | None = None,
           status_code: int = 200, lang: str | None = None) -> HTMLResponse:
    """Render ``template`` in the request's language, remembering an explicit ``?lang=``."""
    ctx = page_context(request, lang)
    if context:
        ctx.update(context)
    html = env.get_template(template).render(ctx)
    if not ctx["html_lang"].startswith("zh"):
        html = mark_chinese(html)  # Chinese terms in a Zhuang or English page (WCAG 3.1.2)
    response = HTMLResponse(html, status_code=status_code)
    chosen = request.query_params.get("lang")
    if chosen in LANGS and request.cookies.get(LANG_COOKIE) != chosen:
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, httponly=True,
                            samesite="lax")
    return response
