"""Yes/no words and enum values, from typed text.

Yes/no: 是/否, 有/无/没有, 对/不对, 需要/不需要 (as comparison lists write a need), Y/N, √/×,
true/false, 1/0 (and the words for yes and no
in each language's catalog). Enum values: by id, by their label in zh-Hans, za or en (labels
from the ``rules`` catalog) and by the spellings ``rules/facts.yaml`` declares per value under
``value_aliases`` — data, not code. Compared casefolded with spaces removed.
"""

from __future__ import annotations

import re

from app.engine.schema import FactDef
from app.i18n import LANGS, gettext_for

from .text import key

_YES = ("是", "有", "对", "y", "yes", "√", "✓", "✔", "true", "1", "是的", "有的", "对的", "需要")
_NO = ("否", "无", "没有", "不对", "不是", "n", "no", "×", "✗", "✘", "false", "0", "没", "不需要")


def _yes_no() -> dict[str, bool]:
    words: dict[str, bool] = {key(w): True for w in _YES}
    words.update({key(w): False for w in _NO})
    for lang in LANGS:  # the yes/no the pages show in each language
        _ = gettext_for(lang)
        words.setdefault(key(_("是")), True)
        words.setdefault(key(_("否")), False)
    return words


_YES_NO: dict[str, bool] | None = None


def read_yes_no(s: str) -> bool | None:
    """``True``/``False`` for a yes/no word, ``None`` if ``s`` is not one."""
    global _YES_NO
    if _YES_NO is None:
        _YES_NO = _yes_no()
    return _YES_NO.get(key(s))


# A translated label may end with the Chinese in brackets: "Ndangdaej canzciz (肢体残疾)".
_BRACKETED = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")

_ENUM_INDEX: dict[int, tuple[FactDef, dict[str, str]]] = {}


def _index(fdef: FactDef) -> dict[str, str]:
    """Every accepted spelling of each value -> value id. A spelling two values share is
    dropped (ambiguous): it is refused with the list of choices rather than guessed."""
    seen: dict[str, set[str]] = {}
    for vid, label in (fdef.values or {}).items():
        spellings = {vid, label, *fdef.value_aliases.get(vid, ())}
        for lang in LANGS:
            translated = gettext_for(lang)(label)
            spellings.update((translated, _BRACKETED.sub("", translated)))
        for s in spellings:
            seen.setdefault(key(s), set()).add(vid)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def enum_index(fdef: FactDef) -> dict[str, str]:
    """Every accepted spelling of an enum's values, compared as :func:`key` gives it, to the
    value id (built once per fact definition)."""
    hit = _ENUM_INDEX.get(id(fdef))
    if hit is None or hit[0] is not fdef:
        hit = _ENUM_INDEX[id(fdef)] = (fdef, _index(fdef))
    return hit[1]


def read_enum(fdef: FactDef, s: str) -> str | None:
    """The value id ``s`` names, or ``None``."""
    return enum_index(fdef).get(key(s))


def choices(fdef: FactDef) -> list[str]:
    """The labels (zh-Hans message ids) of an enum's values, in the rulebook's order."""
    return list((fdef.values or {}).values())
