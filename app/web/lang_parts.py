"""Language of parts (WCAG 3.1.2): Chinese words inside a Zhuang or English page.

Translations keep the official Chinese term beside the Zhuang or English one, as on the
certificate or the household register: "Hukgouj (户口) mwngz youq gizlawz?". A screen reader
reads the whole page in the page's language, and a Zhuang or English voice cannot say 户口.
Marked ``<i lang="zh-Hans">户口</i>``, it switches to a Chinese voice for those words. ``<i>``
is HTML's element for "a phrase from another language" (the standard's own example is
``<i lang="fr">``); main.css sets it upright. It is also 8 bytes shorter than a ``<span>``,
which matters on a results page that names some 150 official terms within its 40 KB.

``mark_chinese`` does this on the rendered page, for every text node, whatever put the words
there (a catalog, the rulebook, a template). It leaves alone:

- text already inside an element whose language is Chinese (the plan's quoted words);
- text where a ``<span>`` cannot go: ``<title>``, ``<option>``, ``<textarea>``, ``<script>``,
  ``<style>``, and attribute values (an ``aria-label`` cannot be marked in part).

Pages are our own templates' output: tags are well formed and ``>`` inside attribute values
is always escaped, so splitting on tags is exact.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
_LANG = re.compile(r"""\slang\s*=\s*["']?([A-Za-z-]*)""")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f\uff5b-\uff65"  # 、。〔〕（），：？ …
# A run starts with a Han character; inside it, Chinese punctuation, digits, spaces and commas
# (百政发〔2022〕27号, 护理 补贴 and 社会保险经办机构, 人力资源社会保障局 are each one run);
# it ends on Chinese, not on a space or a comma.
_RUN = re.compile(f"[{_HAN}](?:[{_HAN}{_PUNCT}0-9 ,]*[{_HAN}{_PUNCT}])?")
_ANY_HAN = re.compile(f"[{_HAN}]")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
_NO_MARKUP = frozenset({"title", "option", "textarea", "script", "style"})


def _span(match: re.Match[str]) -> str:
    return f'<i lang="zh-Hans">{match.group(0)}</i>'


def mark_chinese(html: str) -> str:
    """``html`` with each run of Chinese in non-Chinese text wrapped in ``<i lang="zh-Hans">``."""
    if not _ANY_HAN.search(html):
        return html
    out: list[str] = []
    # (tag name, its text is Chinese, no markup may go inside it)
    stack: list[tuple[str, bool, bool]] = [("", False, False)]
    for i, part in enumerate(_TAG.split(html)):
        if i % 2 == 0:  # text between tags
            _, chinese, raw = stack[-1]
            out.append(part if chinese or raw or not _ANY_HAN.search(part)
                       else _RUN.sub(_span, part))
            continue
        out.append(part)
        if part.startswith(("<!", "<?")):
            continue
        name_match = _NAME.match(part)
        if not name_match:
            continue
        name = name_match.group(1).lower()
        if part.startswith("</"):
            # Close the innermost open element of that name (and anything left open in it).
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth][0] == name:
                    del stack[depth:]
                    break
            continue
        if name in _VOID or part.endswith("/>"):
            continue
        _, chinese, raw = stack[-1]
        lang = _LANG.search(part)
        if lang:
            chinese = lang.group(1).lower().startswith("zh")
        stack.append((name, chinese, raw or name in _NO_MARKUP))
    return "".join(out)
