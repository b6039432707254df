"""Chinese words on a Zhuang or English page are marked lang="zh-Hans" (WCAG 3.1.2).

``mark_chinese`` is tested on its own, then every resident page state and every lookup page is
read back with Python's HTML parser (a second, independent reading of the page) to find any
text with Chinese in it whose nearest ``lang`` is not Chinese. The browser tests check the same
in Chromium's DOM on every page they visit (``tests/support/live.py``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from app.engine import Rulebook
from app.web.lang_parts import mark_chinese
from tests.test_resident_i18n import every_page

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
NO_MARKUP = {"title", "option", "textarea", "script", "style"}


class Unmarked(HTMLParser):
    """Collects text with Chinese whose nearest lang is not zh (outside NO_MARKUP)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        lang = dict(attrs).get("lang") or (self.stack[-1][1] if self.stack else "")
        self.stack.append((tag, lang))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not HAN.search(data) or any(t in NO_MARKUP for t, _ in self.stack):
            return
        lang = self.stack[-1][1] if self.stack else ""
        if not lang.lower().startswith("zh"):
            self.found.append(data.strip()[:60])


def unmarked(html: str) -> list[str]:
    parser = Unmarked()
    parser.feed(html)
    parser.close()
    return parser.found


def test_runs_of_chinese_are_wrapped() -> None:
    html = ('<html lang="za"><p>Hukgouj (户口) mwngz, “护理 补贴”, 百政发〔2022〕27号。 ok</p>'
            "<p>A &amp; 低保</p><p>Giz (社会保险经办机构, 人力资源社会保障局) aen yen</p></html>")
    assert mark_chinese(html) == (
        '<html lang="za"><p>Hukgouj (<i lang="zh-Hans">户口</i>) mwngz, '
        '“<i lang="zh-Hans">护理 补贴</i>”, <i lang="zh-Hans">百政发〔2022〕27号。</i>'
        ' ok</p><p>A &amp; <i lang="zh-Hans">低保</i></p>'
        '<p>Giz (<i lang="zh-Hans">社会保险经办机构, 人力资源社会保障局</i>) aen yen</p></html>')
    assert unmarked(html) and not unmarked(mark_chinese(html))


def test_what_is_already_chinese_or_cannot_hold_markup_is_left_alone() -> None:
    html = ('<html lang="en"><head><title>户口 – x</title><meta charset="utf-8"></head>'
            '<body><blockquote lang="zh-Hans"><p>加强<b>数据</b>比对<br>精准监测</p></blockquote>'
            '<a lang="zh-Hans" hreflang="zh-Hans" href="?lang=zh-Hans">中文</a>'
            '<select><option value="a">德保县</option></select><textarea>百色</textarea>'
            '<script>const x = "右江区";</script><input value="田阳" aria-label="田阳">'
            "<!-- 注释 --><p>Napo</p></body></html>")
    assert mark_chinese(html) == html


def test_the_language_returns_after_a_chinese_element_closes() -> None:
    html = '<html lang="za"><div><p lang="zh-Hans">低保</p><p>Dibao (低保)</p></div></html>'
    assert mark_chinese(html).endswith('<p>Dibao (<i lang="zh-Hans">低保</i>)</p></div></html>')


def test_a_page_without_chinese_is_returned_as_is() -> None:
    html = '<html lang="en"><p>Nothing here</p></html>'
    assert mark_chinese(html) is html


@pytest.mark.parametrize("lang", ["za", "en"])
def test_every_resident_page_marks_its_chinese(lang: str, book: Rulebook) -> None:
    from app.main import app

    pages = every_page(app, book, lang)
    assert len(pages) > 60
    marked = 0
    for html in pages:
        assert not unmarked(html), unmarked(html)[:10]
        marked += html.count('<i lang="zh-Hans">')
    assert marked > 100  # the Chinese terms are there, and marked


def test_zh_hans_pages_are_not_changed(client: TestClient) -> None:
    html = client.get("/question/hukou?lang=zh-Hans").text
    assert '<i lang="zh-Hans">' not in html


@pytest.mark.parametrize("lang", ["za", "en"])
def test_every_lookup_page_marks_its_chinese(lang: str, book: Rulebook) -> None:
    from app.main import app

    c = TestClient(app)  # its own: ?lang= leaves a language cookie behind
    urls = ["/rules", "/rules?q=护理", "/rules?q=hlbt", "/rules?q=zzzz", "/rules/changes",
            "/rules/nothing-like-this"]
    urls += [f"/rules/{p}" for p in book.programs]
    urls += [f"/rules/{p}?on=2021-03-01" for p in book.programs]
    for url in urls:
        html = c.get(url, params={"lang": lang}).text
        assert f'<html lang="{lang}">' in html, url
        assert not unmarked(html), (url, unmarked(html)[:10])
