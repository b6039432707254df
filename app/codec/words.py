"""Yes/no words and enum values, from typed text.

Yes/no: 是/否, 有/无/没有, 对/不对, 需要/不需要 (as comparison lists write a need), 已享受/未享受,
在领/未领, 已发放/未发放 (as they write a benefit received), Y/N, √/×, true/false, 1/0 (and the
words for yes and no in each language's catalog); and a yes/no fact's own spellings, which
``rules/facts.yaml`` declares under ``value_aliases`` (``yes:``, ``no:``). Enum values: by id,
by their label in zh-Hans, za or en (labels from the ``rules`` catalog) and by the spellings
``rules/facts.yaml`` declares per value under ``value_aliases`` — data, not code. Compared
casefolded with spaces removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.engine.schema import FactDef
from app.i18n import LANGS, SOURCE_LANG, gettext_for

from .text import key

_YES = ("是", "有", "对", "y", "yes", "√", "✓", "✔", "true", "1", "是的", "有的", "对的", "需要",
        # as a list or a person says a benefit is received (已享受, 在领, 已发放)
        "享受", "已享受", "在享受", "正在享受", "享受中", "已领", "在领", "领取", "已领取",
        "正在领取", "领取中", "已发放", "发放",
        # a support not left nor stopped (未退出 under 低保, 未停发 under who receives)
        "未退出", "没有退出", "未停发", "没有停发", "没停发")
_NO = ("否", "无", "没有", "不对", "不是", "n", "no", "×", "✗", "✘", "false", "0", "没", "不需要",
       "未享受", "没享受", "没有享受", "不享受", "未领", "没领", "未领取", "没有领取", "未发放",
       "没发放", "未申请", "没申请", "没有申请")


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


_FACT_YES_NO: dict[int, tuple[FactDef, dict[str, bool]]] = {}


def read_fact_yes_no(fdef: FactDef, s: str) -> bool | None:
    """``True``/``False`` for one of a yes/no fact's own spellings (``value_aliases: {yes:
    [...], no: [...]}`` in rules/facts.yaml: 未办证 for the certificate), ``None`` otherwise.
    Compared as :func:`read_yes_no` compares; a spelling given for both is neither."""
    if not fdef.value_aliases:
        return None
    hit = _FACT_YES_NO.get(id(fdef))
    if hit is None or hit[0] is not fdef:
        index: dict[str, str | None] = {}
        for answer, spellings in fdef.value_aliases.items():
            _add(index, answer, set(spellings))  # (as an enum's: one of both is neither)
        hit = _FACT_YES_NO[id(fdef)] = (
            fdef, {k: answer == "yes" for k, answer in index.items() if answer is not None})
    return hit[1].get(key(s))


# A translated label may end with the Chinese in brackets: "Ndangdaej canzciz (肢体残疾)".
_BRACKETED = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


@dataclass(slots=True)
class _Spellings:
    """An enum's spellings, as :func:`key` gives them, to the value id, or to None where two
    values share one: the untranslated first, the translated once a look-up needs them."""

    fdef: FactDef
    untranslated: dict[str, str | None]
    translated: dict[str, str | None] | None = None

    def other_languages(self) -> dict[str, str | None]:
        if self.translated is None:
            self.translated = _translated(self.fdef)
        return self.translated


_ENUM_INDEX: dict[int, _Spellings] = {}


def _add(index: dict[str, str | None], vid: str, spellings: set[str]) -> None:
    """Add each spelling's key for ``vid``; a key another value has is marked ambiguous."""
    for s in spellings:
        k = key(s)
        index[k] = vid if index.get(k, vid) == vid else None


def _untranslated(fdef: FactDef) -> dict[str, str | None]:
    """The ids, the labels (the zh-Hans message ids, also without a bracketed end) and the
    ``value_aliases`` of ``rules/facts.yaml``: no catalog needed."""
    index: dict[str, str | None] = {}
    for vid, label in (fdef.values or {}).items():
        _add(index, vid, {vid, label, _BRACKETED.sub("", label),
                          *fdef.value_aliases.get(vid, ())})
    return index


def _translated(fdef: FactDef) -> dict[str, str | None]:
    """The labels in the other languages (``rules`` catalog), also without a bracketed end."""
    index: dict[str, str | None] = {}
    for lang in LANGS:
        if lang == SOURCE_LANG:
            continue
        _ = gettext_for(lang)
        for vid, label in (fdef.values or {}).items():
            translated = _(label)
            _add(index, vid, {translated, _BRACKETED.sub("", translated)})
    return index


def _spellings(fdef: FactDef) -> _Spellings:
    hit = _ENUM_INDEX.get(id(fdef))
    if hit is None or hit.fdef is not fdef:
        hit = _ENUM_INDEX[id(fdef)] = _Spellings(fdef, _untranslated(fdef))
    return hit


def enum_value(fdef: FactDef, k: str) -> str | None:
    """The value id whose spelling has key ``k`` (as :func:`key` gives it), or ``None``.

    The id, the Chinese label and the declared aliases are looked up first; the za and en
    labels only when they do not have ``k`` (their catalogs are then read, once per fact
    definition: an API client sending ids never loads them). A key two values share in the
    first set, or in the second, names neither (refused with the choices, not guessed); one
    the first set has is not taken from the second."""
    spellings = _spellings(fdef)
    if k in spellings.untranslated:
        return spellings.untranslated[k]
    return spellings.other_languages().get(k)


def enum_index(fdef: FactDef) -> dict[str, str]:
    """Every accepted spelling of an enum's values, as :func:`key` gives it, to the value id
    (reads the za and en catalogs; :func:`enum_value` looks one up without them)."""
    spellings = _spellings(fdef)
    merged = {**spellings.other_languages(), **spellings.untranslated}
    return {k: vid for k, vid in merged.items() if vid is not None}


def read_enum(fdef: FactDef, s: str) -> str | None:
    """The value id ``s`` names, or ``None``: for a fact whose values may carry a note
    (``value_notes``), also one written with a note in brackets after it (肢体（截肢）,
    视力残疾（低视力）: the fifty-third tester's, unread), unless the note names another value
    (肢体（智力）: neither)."""
    vid = enum_value(fdef, key(s))
    if vid is None and fdef.value_notes and (note := _BRACKETED.search(s)) is not None and \
            note.start() > 0:
        vid = enum_value(fdef, key(s[:note.start()]))
        inner = enum_value(fdef, key(note[0].strip()[1:-1]))
        return vid if inner in (None, vid) else None
    return vid


def choices(fdef: FactDef) -> list[str]:
    """The labels (zh-Hans message ids) of an enum's values, in the rulebook's order."""
    return list((fdef.values or {}).values())
