"""Which column of a roster is which fact: headers as people write them (issue 15, point 1).

A header is compared after Unicode NFKC, trimming and case-folding (and without spaces,
``_`` or ``-``), first as it is, then without a unit in brackets and the usual words around a
column's name (是否/已/享受/领取 before, 户/人员/情况 after: 是否低保户, 享受低保 and 低保 are one
name), against:

- a fact's id, its label in each language (where the rulebook gives one) and the ``aliases:``
  of ``rules/facts.yaml``;
- ``receives_<program>``, and a program's id, title (in each language) and ``aliases:``: a
  column saying whether the person already receives it;
- the identity columns, from which facts are derived (:mod:`app.roster.derive`): the ID
  number, the disability certificate number, the household address.

The header row is the first of the roster's first rows where at least two headers are
recognised (or, failing that, the first with one); rows above it are reported, not screened.
A header may be written on two rows, a group's name over its columns (:func:`grouped`: 残疾情况
over 证号, 类别 and 等级; 低保 over 城市 and 农村; 是否低保 over a 是 | 否 pair, one ticked), never
where the lower row may be a person's. Two columns naming the same thing are an error naming
both; except columns that each name a kind of one yes/no fact (``kinds:`` in
``rules/facts.yaml``: 农村低保 and 城市低保), a 是 | 否 pair, and a yes/no fact's column beside
the amount received (是否享受护理补贴 and 护理补贴金额), which are read together
(:func:`app.roster.columns.read_together`). Columns read as no fact may repeat (联系电话 of the
person and of the guardian, 备注 twice): each is copied into the result, the second and later
under a name of their own (``联系电话 (L)``: :func:`_distinct`).
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.engine import Rulebook
from app.engine.cache import cached, source_digest, store
from app.i18n import LANGS, N_, Gettext, catalogs_digest, catalogs_read, gettext_for

from .bounds import RosterError
from .deaths import ANY, Kind, column_kind, grouped_kind, other_person
from .sheets import SheetsRead, few

ID_NUMBER = "id_number"
CERTIFICATE_NUMBER = "certificate_number"
ADDRESS = "address"
BIRTH_DATE = "birth_date"
# a column of the certificate's category and grade together (肢体一级: 残疾类别等级); any header
# naming the two facts at once (类别/等级, 残疾类别及等级: :meth:`Names.could_be`) is one
CATEGORY_GRADE = "category_grade"
CATEGORY_GRADE_FACTS = ("disability_category", "disability_grade")
RECEIVES = "receives_"
# the identity columns: not facts, but facts are derived from them
IDENTITY: dict[str, tuple[str, ...]] = {
    # (and as a database's export heads them, by the words' pinyin initials: sfzh, cjzh, hjdz)
    ID_NUMBER: ("身份证号", "公民身份号码", "身份证号码", "居民身份证号码", "身份证", "id number",
                "id_number", "sfzh", "sfzhm", "gmsfhm",
                # (the usual slip 公民身份证号码, and a form's 证件号码: the fifty-third tester's,
                # not recognised, so that a sheet of the dead headed so could not be matched)
                "公民身份证号码", "公民身份证号", "居民身份证号", "身份证件号码", "身份证件号",
                "证件号码", "证件号", "身份号码", "id no.", "id no", "id card number",
                "id card no.", "citizen id number",
                # (the person's, as a list of households heads it beside the head's: the
                # fifty-fourth tester's, a village's sheet passed over for it)
                "残疾人身份证号", "残疾人身份证号码", "残疾人公民身份号码", "本人身份证号",
                "本人身份证号码", "持证人身份证号", "持证人身份证号码", "残疾人身份证",
                "成员身份证号", "成员身份证号码", "家庭成员身份证号", "家庭成员身份证号码"),
    CERTIFICATE_NUMBER: ("残疾人证号", "残疾证号", "残疾人证号码", "残疾证号码", "残疾人证编号",
                         "certificate number", "certificate_number", "cjzh", "cjrzh", "cjzhm",
                         "cjrzhm", "残疾证编号", "第二代残疾人证号", "第二代残疾人证号码",
                         "第二代残疾人证编号", "二代残疾人证号", "二代残疾证号", "持证号",
                         "残疾人证件号", "残疾人证件号码", "disability certificate no.",
                         "disability certificate number", "certificate no."),
    ADDRESS: ("户籍地址", "户口所在地", "户籍所在地", "户籍地", "户口地址", "户籍住址", "户口住址",
              "户口簿地址", "户口簿住址", "户籍所在地址", "户籍详细地址", "户籍地详细地址",
              "户籍所在乡镇", "户籍所属", "户口登记地", "户口本住址", "户口本地址", "户籍所在县",
              "户籍地所在县", "household address", "address", "hjdz", "hkszd", "hjszd",
              "household registration address", "hukou address", "registered address"),
    BIRTH_DATE: ("出生日期", "出生年月", "出生年月日", "出生时间", "生日", "date of birth",
                 "birth date", "birth_date", "csrq"),
    CATEGORY_GRADE: ("残疾类别和等级", "残疾类别等级", "类别等级", "类别和等级", "残疾类别及等级",
                     "残疾类别级别", "类别级别", "残疾种类及等级", "残疾种类等级",
                     "category and grade", "category_grade"),
}
PREFIXES = ("是否", "是不是", "有无", "已经", "已", "享受", "领取", "领", "正在", "需要", "纳入")
# what any header of household registration holds (户籍所在村, 户藉, 戶籍, 户口薄地址)
HUKOU_WORDS = re.compile(r"户籍|户藉|户口|戶籍|戶口|户簿|戶簿")
# the longest header looked at as two names written together (Names.could_be): a header holds
# a few words, and each split is a lookup, so a long cell (a title, a note) is not split
MAX_NAME = 24
# (and how a benefit's column is headed: 生活补贴享受情况, 护理补贴发放情况, the thirty-eighth
# tester's, passed through unread)
SUFFIXES = ("人员", "情况", "户", "金额", "享受", "发放", "领取")

NAMES = "names"  # the kind of Names' cache files (app.engine.cache)
_SOURCE = source_digest(Path(__file__))  # this module as imported: part of their key
_NAMES: dict[str, Names] = {}  # Names kept in this process, by their cache key (_kept)

# how a column was recognised (shown in the mapping)
BY_ID, BY_LABEL, BY_ALIAS, BY_WORDS, BY_IDENTITY, BY_MAP, BY_ADMIN, BY_KIND, BY_PAIR = (
    "id", "label", "alias", "words", "identity", "columns_file", "admin", "kind", "yes_no")
# the amount received of a yes/no fact whose own column the list has too (护理补贴金额 beside
# 是否享受护理补贴): the two read together (:func:`_amounts`)
BY_AMOUNT = "amount"

# the two columns under a yes/no fact's name on a form that ticks one of them (是否低保 over
# 是 | 否): each column's own word (compared by norm), and which of the pair it is
YES, NO = "yes", "no"
PAIR_WORDS = {"是": YES, "有": YES, "y": YES, "yes": YES,
              "否": NO, "无": NO, "n": NO, "no": NO, "不是": NO}
# a form's marks: a tick (the box that holds), a cross (one that does not); either, or ○ or 1,
# is how a form marks one of a 是 | 否 pair (what a pair's data cells hold)
TICK_MARKS = frozenset("√✓✔☑■●")
CROSS_MARKS = frozenset("×✗✘☒") | {"x"}
TICKS = TICK_MARKS | CROSS_MARKS | {"○", "1"}


def norm(text: str) -> str:
    """NFKC, trimmed, case-folded, without spaces, ``_`` and ``-``."""
    return re.sub(r"[\s_\-·]+", "", unicodedata.normalize("NFKC", text).strip().casefold())


def bare(key: str) -> str:
    """A :func:`norm`'d header without a trailing unit or note in brackets (身份证号(18位))."""
    return re.sub(r"\([^()]*\)$|\[[^\[\]]*\]$", "", key)


def written_for(written: Iterable[str], header: str) -> str | None:
    """Which of the headers a columns file gives (``written``, as written) names ``header``:
    the same by :func:`norm`, else the same without a note in brackets after either
    (公民身份证号码 for 公民身份证号码（18位）: the fifty-third tester's, not used); None where
    none does."""
    key = norm(header)
    given = {norm(w): w for w in written}
    if key in given:
        return given[key]
    loose = {bare(k): w for k, w in given.items()}
    return loose.get(bare(key)) if bare(key) else None


def words(text: str) -> str:
    """:func:`norm` without a trailing unit in brackets and the usual words around a name."""
    # (and a question's or a label's mark after it: 需要长期照护？, 户口：, the fifty-third
    # tester's, not recognised)
    # (and a required field's star before it: *身份证号, the fifty-fourth tester's)
    t = bare(norm(text).strip("?:*※")).rstrip("?:*")
    changed = True
    while changed and t:
        changed = False
        for p in PREFIXES:
            if t.startswith(p) and len(t) > len(p):
                t, changed = t[len(p):], True
        for s in SUFFIXES:
            if t.endswith(s) and len(t) > len(s):
                t, changed = t[: -len(s)], True
    return t


@dataclass(frozen=True, slots=True)
class Names:
    """What a header may name: exact names and names by :func:`words`, each to a target
    (a fact id, ``receives_<program>``, or an identity column) and how it was found."""

    exact: Mapping[str, tuple[str, str]]
    loose: Mapping[str, tuple[str, str]]
    targets: Sequence[str]
    yes_no: frozenset[str] = frozenset()  # the targets that are yes/no facts
    # names two targets of the same kind share (孤儿: the allowance, or being an orphan), by
    # norm and by words: no name of either (:meth:`could_be`)
    shared: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    shared_loose: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # each identity column's and fact's name as a list heads its column (身份证号, 户口,
    # 是否低保户: the first of IDENTITY, else of ``aliases:``), in the rulebook's order
    # (:meth:`usual`)
    written: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, book: Rulebook, whole: Rulebook | None = None) -> Names:
        """The names of ``book``'s facts, programs and identity columns. ``whole``: the
        rulebook ``book`` was cut from (``--programs``): a name two of its targets share stays
        no name, though ``book`` holds one of them (两补 with the living subsidy alone).
        Kept, as the rulebook is, in the cache of :mod:`app.engine.cache` (:func:`_kept`)."""
        if whole is None or whole is book:
            return _kept(book)
        full = _kept(whole)  # (the whole's names, its targets ``book`` lacks left out)
        keep = {*IDENTITY, *book.facts, *(RECEIVES + p for p in book.programs)}
        return cls({k: v for k, v in full.exact.items() if v[0] in keep},
                   {k: v for k, v in full.loose.items() if v[0] in keep},
                   [t for t in full.targets if t in keep], full.yes_no & keep, full.shared,
                   full.shared_loose, {t: n for t, n in full.written.items() if t in keep})

    @classmethod
    def _of(cls, book: Rulebook) -> Names:
        entries: list[tuple[str, str, str]] = []  # (name, target, how)
        translators = [gettext_for(lang) for lang in LANGS]
        for target, names in IDENTITY.items():
            entries += [(n, target, BY_IDENTITY) for n in names]
        for fid, fdef in book.facts.items():
            entries.append((fid, fid, BY_ID))
            label = getattr(fdef, "label", None)
            if label:
                entries += [(t(label), fid, BY_LABEL) for t in translators]
            entries += [(a, fid, BY_ALIAS) for a in [*fdef.aliases, *fdef.worded_aliases]]
            entries += [(k, fid, BY_KIND) for k in fdef.kinds]
        for pid, program in book.programs.items():
            target = RECEIVES + pid
            if target in book.facts:
                continue
            entries += [(target, target, BY_ID), (pid, target, BY_ID)]
            entries += [(t(program.model.title), target, BY_LABEL) for t in translators]
            entries += [(a, target, BY_ALIAS) for a in getattr(program.model, "aliases", [])]
        exact: dict[str, dict[str, str]] = {}
        loose: dict[str, dict[str, str]] = {}
        for name, target, how in entries:
            exact.setdefault(norm(name), {}).setdefault(target, how)
            loose.setdefault(words(name), {}).setdefault(target, how)
        # a name two targets share is no name (残疾补贴 for either subsidy): never guessed
        receives = [RECEIVES + p for p in book.programs if RECEIVES + p not in book.facts]
        shared: dict[str, tuple[str, ...]] = {}
        shared_loose: dict[str, tuple[str, ...]] = {}
        written = {t: names[0] for t, names in IDENTITY.items()} | {
            fid: fdef.aliases[0] for fid, fdef in book.facts.items() if fdef.aliases}
        return cls(_unique(exact, book.facts, shared),
                   {k: v for k, v in _unique(loose, book.facts, shared_loose).items() if k},
                   [*IDENTITY, *book.facts, *receives],
                   frozenset([*(f for f, d in book.facts.items() if d.type == "boolean"),
                              *receives]), shared, {k: v for k, v in shared_loose.items() if k},
                   written)

    def usual(self, at_most: int) -> list[str]:
        """The first ``at_most`` headers a clerk may write (身份证号, 残疾人证号, 户籍地址, then
        the facts in the order rules/facts.yaml asks them: 残疾人证, 户口, 残疾类别 …), each one
        this mapping reads as its column, as a message lists the names known: a clerk types a
        header, never an id (household_dibao_edge)."""
        named = [n for t, n in self.written.items() if (self.target(n) or ("",))[0] == t]
        return named[:at_most]

    def find(self, header: str) -> tuple[str, str] | None:
        """(target, how) for a header, or None."""
        key = norm(header)
        if not key:
            return None
        if key in self.exact:
            return self.exact[key]
        # a kind in brackets after its fact (低保（农村）: 农村低保), as a unit is written
        swapped = _kind_first(key)
        if swapped != key:
            kind = self.exact.get(swapped) or self.loose.get(words(swapped))
            if kind is not None and kind[1] == BY_KIND:
                return kind
        got = self.loose.get(words(header))
        # (a kind's name stays one, written either way: 是否农村低保户 is 农村低保)
        return None if got is None else (
            got[0], got[1] if got[1] in (BY_IDENTITY, BY_KIND) else BY_WORDS)

    def target(self, header: str) -> tuple[str, str] | None:
        """(target, how) a header is read as: :meth:`find`'s, but where it names two things at
        once that are one column (:meth:`could_be`): two names of one fact written together
        are that fact (五保/特困, 五保特困), and the certificate's category and grade named
        together (类别/等级, 残疾类别及等级, and 残疾类别（等级）, which :meth:`find` reads as
        the category alone: :meth:`with_note`) are :data:`CATEGORY_GRADE`. None for a header
        of nothing known."""
        found = self.find(header)
        together = self.could_be(header) if found is None else ()
        if len(together) == 1:
            return together[0], BY_WORDS
        if sorted(together or self.with_note(header)) == sorted(CATEGORY_GRADE_FACTS):
            return CATEGORY_GRADE, BY_WORDS
        return found

    def with_note(self, header: str) -> tuple[str, ...]:
        """The targets of a header written as a name and a note in brackets that names
        another (残疾类别（等级）: ``disability_category`` and ``disability_grade``), which
        :meth:`find` reads as the first alone, as a unit is written (低保金额（元）); () for any
        other."""
        written = re.fullmatch(r"(.+?)[(\[【](.+)[)\]】]", norm(header))
        if written is None:
            return ()
        name, note = self.find(written[1]), self.find(written[2])
        return (name[0], note[0]) if name and note and name[0] != note[0] else ()

    def could_be(self, header: str) -> tuple[str, ...]:
        """The targets a header no target is found for (:meth:`find`) names all at once, which
        is why it is not read: a name they share (孤儿: ``orphan_allowance`` and
        ``orphan_or_unsupported_child``), or two names written together (低保特困, 低保/特困:
        ``household_dibao`` and ``tekun``); two names of one fact written together (五保/特困:
        ``tekun`` alone, which the mapping reads as that fact); () for any other."""
        if self.find(header) is not None:
            return ()
        shared = self.shared.get(norm(header)) or self.shared_loose.get(words(header))
        if shared:
            return shared
        key = norm(header)
        if len(key) > MAX_NAME:  # (a cell far longer than any name: nothing to split)
            return ()
        parts = [p for p in re.split(r"[/、,，&＆+＋]|和|及|与|或", key) if p]
        if len(parts) > 1:
            found = [self.find(p) for p in parts]
            if all(found):
                return tuple(dict.fromkeys(f[0] for f in found if f))
            return ()
        for k in range(2, len(key) - 1):  # (two names each of two characters at least)
            left, right = self.find(key[:k]), self.find(key[k:])
            if left and right:  # (五保特困: two names of one fact, that fact)
                return tuple(dict.fromkeys((left[0], right[0])))
        return ()


def _kept(book: Rulebook) -> Names:
    """:meth:`Names._of` of ``book``, kept in this process and in the cache directory of
    :mod:`app.engine.cache` (made afresh it takes ~15 ms of the roster command's start, half
    of it reading the catalogs of Zhuang and English for the labels), under a digest of all it
    is made from: the rulebook's content and files (:attr:`~app.engine.Rulebook.version`,
    ``digest``), the facts and programs it holds (a rulebook cut by ``--programs`` keeps
    both), this module's source as imported (:func:`~app.engine.cache.source_digest`) and the
    catalogs of each language (:func:`catalogs_digest`).
    Kept only where the catalogs this process translated with are those on disk. A rulebook
    of no version (made in code, not loaded) is not kept."""
    if not book.version:
        return Names._of(book)
    digests = {lang: catalogs_digest(lang) for lang in LANGS}
    h = hashlib.sha256("\0".join((sys.version, book.version, book.digest, *book.facts, "",
                                   *book.programs, "", *digests.values())).encode())
    h.update(_SOURCE)
    key = h.hexdigest()[:32]
    names = _NAMES.get(key) or cached(NAMES, key, Names)
    if names is None:
        names = Names._of(book)
        if all(catalogs_read(lang) == digest for lang, digest in digests.items()):
            store(NAMES, key, names)
    _NAMES[key] = names
    return names


def _kind_first(key: str) -> str:
    """A normalised header (:func:`norm`) with a note in brackets at its end put first, as a
    fact's kind is named: 低保(农村) → 农村低保; any other header as it is."""
    bracketed = re.fullmatch(r"(.+)[(\[【](.+)[)\]】]", key)
    return key if bracketed is None else bracketed[2] + bracketed[1]


def _unique(found: dict[str, dict[str, str]], facts: Collection[str],
            shared: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, str]]:
    """Each name's target: an identity column first, then a fact (低保 is the fact
    household_dibao before it is "receives the dibao program"), then a receives column; a
    name two targets of the same kind share is dropped, and put in ``shared`` with them."""
    out: dict[str, tuple[str, str]] = {}
    for key, targets in found.items():
        for kind in (IDENTITY.__contains__, facts.__contains__, lambda t: True):
            mine = [(t, h) for t, h in targets.items() if kind(t)]
            if mine:
                if len(mine) == 1:
                    out[key] = mine[0]
                else:
                    shared[key] = tuple(t for t, _h in mine)
                break
    return out


@dataclass(slots=True)
class Column:
    """One column of the roster: its position, header, and what it was read as (None: passed
    through unread)."""

    index: int
    header: str
    target: str | None
    how: str = ""
    # a header written on two rows (:func:`grouped`): the upper row's text over the column (a
    # group's name, 残疾情况, over 类别 and 等级) and the lower row's, where they differ; the
    # header is then both, "残疾情况 类别"
    parts: tuple[str, ...] = ()
    # one of the two columns of a yes/no fact ticked in one or the other (:data:`YES`, under 是;
    # :data:`NO`, under 否), the group's name over both (是否低保 over 是 | 否); "" for any other
    pair: str = ""
    # one of a fact's kinds that the list ticks (√ under 城市 or 农村, the others blank): a blank
    # there says not that kind (:func:`_ticked`)
    ticked: bool = False
    # a column passed through because its header names several targets at once (孤儿:
    # :meth:`Names.could_be`): those targets
    could_be: tuple[str, ...] = ()
    # the header as the sheet holds it, where :attr:`header`, the column's name in the result
    # and in reports, is another: the second of two columns of one header (联系电话 of the
    # person and of the guardian, J and L: 联系电话 (L), :func:`_distinct`); "" for any other
    sheet_header: str = ""
    # a column passed through that a columns file or the admin says is a death's, by a header
    # that says which (死亡日期, 是否死亡, 是否健在, 注销日期: :data:`DEATH_AS`), read as a
    # column so headed is (:func:`death_kind`); "" for any other
    death_as: str = ""

    @property
    def written(self) -> str | None:
        """The header as the sheet holds it (as a row repeating the header holds it again);
        None where the column has none (its :attr:`header` is then the placeholder
        :func:`header_name` gives, ``(C)``)."""
        header = self.sheet_header or self.header
        return None if header == header_name(self.index, None) else header


@dataclass(slots=True)
class ColumnMap:
    """The header row (index into the roster's first rows, and sheet row number), the rows
    above it (sheet numbers), and every column."""

    header_index: int
    header_row: int
    columns: list[Column]
    above: list[int] = field(default_factory=list)
    # an .xlsx's sheets: which were read (:mod:`app.roster.sheets`)
    sheets: SheetsRead = field(default_factory=lambda: SheetsRead([]))
    # a header written on two or three rows (:func:`grouped`, :func:`_third_row`): the top
    # one's sheet row (the lowest is header_row, and the data begin below it)
    group_row: int | None = None
    # a header on two or three rows: the filled cells of each (a row that repeats any is a
    # header's)
    filled: tuple[int, ...] = ()

    def header_note(self, _: Gettext) -> str:
        """Which row (or two rows) the header is, and that the columns' mapping follows."""
        row = self.row_text(self.header_row, _)
        if self.group_row is None:
            return _("表头在第 {row} 行。各列的对应：").format(row=row)
        first = self.row_text(self.group_row, _)
        if len(self.filled) > 2:
            return _("表头分 {n} 行写，在第 {first} 行到第 {row} 行。各列的对应：").format(
                n=len(self.filled), first=first, row=row)
        return _("表头分两行写，在第 {first} 行和第 {row} 行。各列的对应：").format(
            first=first, row=row)

    def where_note(self, _: Gettext) -> str:
        """Where the header is, with the rows above it not screened, as the upload page says
        it beside the summary ("" for a header on the first row alone)."""
        rows = _("、").join(self.row_text(r, _) for r in self.above)
        row = self.row_text(self.header_row, _)
        first = self.row_text(self.group_row, _) if self.group_row is not None else ""
        if self.group_row is not None and len(self.filled) > 2:  # (a header on three rows)
            where = _("表头分 {n} 行写，在第 {first} 行到第 {row} 行").format(
                n=len(self.filled), first=first, row=row)
            if self.above:
                return _("{where}；它上面的第 {rows} 行不是名单，没有筛查。").format(
                    where=where, rows=rows)
            return _("{where}。").format(where=where)
        if self.group_row is not None and self.above:
            return _("表头分两行写，在第 {first} 行和第 {row} 行；它上面的第 {rows} 行不是名单，"
                     "没有筛查。").format(first=first, row=row, rows=rows)
        if self.group_row is not None:
            return _("表头分两行写，在第 {first} 行和第 {row} 行。").format(first=first, row=row)
        if self.above:
            return _("表头在第 {row} 行；它上面的第 {rows} 行不是名单，没有筛查。").format(
                row=row, rows=rows)
        return ""

    def sheets_note(self, _: Gettext) -> str:
        """Which of several sheets were read, and which not with why ("" for one sheet or a
        CSV)."""
        return self.sheets.note(_)

    def row_text(self, row: int, _: Gettext) -> str:
        """A row's number as reports show it (with its sheet, where several were read)."""
        return self.sheets.row_text(row, _)

    def above_note(self, _: Gettext) -> str:
        """That the rows above the header (a title, a date line) were not screened ("" where
        the header is the first row)."""
        if not self.above:
            return ""
        return _("表头上面的第 {rows} 行不是名单，没有筛查。").format(
            rows=_("、").join(self.row_text(r, _) for r in self.above))

    def of(self, target: str) -> Column | None:
        return next((c for c in self.columns if c.target == target), None)

    @property
    def read(self) -> list[Column]:
        return [c for c in self.columns if c.target is not None]

    @property
    def passed(self) -> list[Column]:
        return [c for c in self.columns if c.target is None]


class ChoiceError(RosterError):
    """A column's choice (a columns file's line, the admin's on the page) that cannot be: the
    column's ``index``, whose choice the page's error links to (the sixtieth tester's: it
    linked to the file's field)."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message, index)
        self.message, self.index = message, index

    def __str__(self) -> str:
        return self.message


class Twice(RosterError):
    """Two columns of one fact (:func:`_check_duplicates`): ``columns``, the header's columns as
    read, which the upload page lists so that the admin may leave one unread (the fifty-ninth
    tester's: only the message was shown, nothing to correct)."""

    def __init__(self, message: str, columns: list[Column]) -> None:
        super().__init__(message, columns)
        self.message, self.columns = message, columns

    def __str__(self) -> str:
        return self.message


class NoColumns(RosterError):
    """No column of the roster names a fact: the message lists the headers seen and the
    names known (exit 2 in the CLI); ``headers`` are those of the roster's first row."""

    def __init__(self, message: str, headers: list[str], note: str = "",
                 headless: bool = False) -> None:
        super().__init__(message)
        self.headers = headers
        self.note = note  # what else the message says (other sheets not read)
        # the list has no header row to choose each column's fact under (the upload page
        # shows ``note`` alone): its first row is a person's, or its sheet is empty
        self.headless = headless

    def __reduce__(self) -> tuple[type[NoColumns], tuple[str, list[str], str, bool]]:
        # (crosses a process boundary)
        return NoColumns, (str(self), self.headers, self.note, self.headless)


def letter(index: int) -> str:
    """Spreadsheet column letters of a 0-based index: 0 → A, 26 → AA."""
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def header_name(index: int, text: str | None) -> str:
    return text.strip() if text and text.strip() else f"({letter(index)})"


SHOWN_HEADER = 40  # characters of a header a message repeats, at most
# names known a message lists where no column is recognised (Names.usual): the identity
# columns and the first facts rules/facts.yaml asks, not a hundred ids
KNOWN_SHOWN = 16
# a run of digits as an ID, certificate or mobile number holds (11 or more, blanks or dashes
# between them as people group them), or such a number as Excel writes it in E notation; no
# header or title does (a date written 20250601 has 8)
PERSON_NUMBER = re.compile(r"[0-9](?:[\s-]*[0-9]){10,}|[0-9]\.[0-9]+E\+?[0-9]{2}", re.I)


HEADER_LINES = 3  # lines a header is written on in its cell at most (Alt+Enter in Excel)


def one_line(header: str) -> str:
    """A header written on several lines in its cell (是否⏎低保户: Alt+Enter in Excel) on one,
    a space for each line break (是否 低保户), as a line of a report shows it."""
    return " ".join(line.strip() for line in header.splitlines() if line.strip())


def shown_header(header: str, whole: bool = False) -> str:
    """``header`` as a message repeats it, on one line: its first line, at most
    :data:`SHOWN_HEADER` characters, cut with "…". A title cell whose quote mark is never
    closed holds the rest of the file, people's names and ID numbers with it, which a message
    must not repeat. With ``whole`` (a column of the header row found, as the mapping and a
    row's errors name it), a header written on a few lines in its cell (是否⏎低保户) is shown
    whole, a space for each line break (是否 低保户: the columns 是否⏎低保户 and 是否⏎特困 were
    both 是否…); unless it holds a person's number, or more lines than a header is written on."""
    if whole and len(header.splitlines()) <= HEADER_LINES and not PERSON_NUMBER.search(header):
        line = one_line(header)
        return line if len(line) <= SHOWN_HEADER else line[:SHOWN_HEADER] + "…"
    line = header.splitlines()[0] if header else header
    return line if line == header and len(line) <= SHOWN_HEADER else \
        line[:SHOWN_HEADER] + "…"


def find_mapping(head: Sequence[tuple[int, Sequence[object]]], names: Names, _: Gettext,
                 overrides: Mapping[str, str | None] | None = None,
                 by_index: Mapping[int, str | None] | None = None,
                 header_index: int | None = None) -> ColumnMap:
    """The mapping of a roster whose first rows are ``head`` ((sheet row, cells)).

    ``overrides`` maps a header (compared by :func:`norm`) to a target or None (pass through),
    as ``--columns MAP.yaml`` gives; ``by_index`` maps a column position likewise (the admin's
    corrections). ``header_index`` forces the header row. The header row is the one found
    without ``by_index`` (a position names a column of whatever row it is read on: a title
    merged across the header's width, its text in every column, read with two corrections
    named two columns, and was taken for the header); only where no row names a column, the
    one :func:`_listed` says, as the page listed its columns to choose from. Raises
    :class:`NoColumns` when no column is recognised and :class:`RosterError` for a duplicated
    header."""
    over = dict(overrides or {})
    fixed = dict(by_index or {})

    def one(i: int, cell: object, whole: bool = False, admin: bool = True) -> Column:
        text = cell if isinstance(cell, str) else ""
        key = norm(text)
        if admin and i in fixed:
            target, how = fixed[i], BY_ADMIN
        elif key and (given := written_for(over, text)) is not None:
            target, how = over[given], BY_MAP
        else:
            found = names.target(text) if text else None
            if found is None and whole and "hukou" in names.targets and HUKOU_WORDS.search(key) \
                    and column_kind(text).name == ANY.name:
                # (户籍所在村, 户藉, 戶籍, 是否本市户籍: any other header of household
                # registration, written in one row, is read as one is, cell by cell,
                # derive.place_column: the thirty-third tester's were passed through, and the
                # ID number's Baise county read 外省 as 百色市; but not a column of the day it
                # was struck off, 注销户口日期, read for a death: the sixtieth tester's)
                found = "hukou", BY_WORDS
            target, how = found if found else (None, "")
        if target is not None and target.startswith(DEATH_AS):
            # (a death's column, as a columns file or the admin says: passed through, read as
            # one so headed; the fifty-sixth tester's 殁年, English or 注销时间 could not be)
            if text and (found := names.target(text)) is not None:
                # (never a column the roster reads as a fact, a number or a receipt: 低保 read
                # as a date of death left every 是 out as dead, the fifty-eighth tester's)
                raise ChoiceError(_("“{header}”这一列读作“{read}”，不能再当作看是否去世的列；"
                                    "请检查列对应文件或页面上的选择。").format(
                                        header=shown_header(text),
                                        read=names.written.get(found[0], found[0])), i)
            return Column(i, header_name(i, text), None, how,
                          death_as=target[len(DEATH_AS):])
        return Column(i, header_name(i, text), target, how if target else "",
                      could_be=names.could_be(text) if text and target is None else ())

    def own(i: int, cell: object, whole: bool = False) -> Column:
        """The column as the roster's own header names it, the admin's corrections aside."""
        return one(i, cell, whole, admin=False)

    def recognise(cells: Sequence[object], by: Callable[..., Column] = one) -> list[Column]:
        return _amounts([by(i, cell, whole=True) for i, cell in enumerate(cells)],
                        names.yes_no)

    def counted(by: Callable[..., Column]) -> list[int]:
        # (never a person's row, which holds an ID or telephone number, though its cells may
        # read as names: 低保户, 脱贫户, 学生 under 备注)
        # (nor a title merged across the row, 户籍登记表 in every cell of it: a name of hukou
        # in each column, the fifty-eighth tester's list screened under its title, nobody
        # found)
        return [0 if _holds_person_number(cells) or _numbered(cells) or _title(cells, width)
                else sum(c.target is not None for c in recognise(cells, by))
                for _n, cells in head]

    def first(counts: list[int]) -> int:
        return next((k for k, n in enumerate(counts) if n >= 2),
                    next((k for k, n in enumerate(counts) if n >= 1), -1))

    width = max((len(r) for _n, r in head), default=0)
    forced = header_index is not None
    # what tells the header's rows (the rows of a header on two): the names the roster
    # writes, not the admin's corrections, which name a column on any row
    probe = own
    if header_index is None:
        counts = counted(own)
        header_index = first(counts)
        # nor a person's row without either, right under a header naming one column, whose
        # cells read as names (黄秀英, 女, 肢体, 低保户, 在校学生 under 姓名, 性别, 类别, 备注)
        if header_index > 0 and counts[header_index - 1] >= 1 and _person_under(
                head[header_index - 1][1], head[header_index][1], own):
            header_index -= 1
        if header_index < 0 and fixed and head:
            # (no row names a column: the admin's corrections name the header's, the row the
            # page listed them from, under a title, not the title's)
            probe = one
            counts, listed = counted(one), _listed(head, width)
            header_index = listed if counts[listed] >= 1 else first(counts)
    if not head:  # (an .xlsx whose sheet holds nothing: no header to list, nor a column)
        empty = _("名单是空的：工作表里没有填任何内容，找不到表头。请确认选的是名单所在的文件"
                  "（或工作表），列名写在名单最上面一行。")
        raise NoColumns(empty, [], empty, headless=True)
    if header_index < 0:
        row = list(head[_listed(head, width)][1])
        note = ""
        if _holds_person_number(row):
            # a person's row, not a header (a list without one): its cells are not repeated
            seen = [header_name(i, None) for i in range(len(row))]
            note = _("第一行像是某个人的信息（有身份证号、电话号码那样的长数字），不是表头："
                     "请在名单最上面加一行列名。")
        else:
            seen = [shown_header(header_name(i, c if isinstance(c, str) else None))
                    for i, c in enumerate(row)]
        message = _("名单里没有一列能认出是筛查用的事实。看到的列名：{seen}。"
                    "认得的列名（或用 --columns 指定对应关系）：{known}。").format(
            seen=_("、").join(seen) or "—",
            known=few(names.usual(KNOWN_SHOWN + 1), _, KNOWN_SHOWN))
        raise NoColumns(f"{message} {note}".strip(), seen, note, headless=bool(note))
    number, cells = head[header_index]
    columns = recognise(cells)
    columns += [Column(i, header_name(i, None), None) for i in range(len(cells), width)]
    group_row = None
    top = header_index
    if not forced:  # a header on two rows: with the row above it, or the one below
        known = sum(c.target is not None for c in columns)
        try:  # (a group merged over its columns, read as one row, names them twice)
            _check_duplicates(columns, _)
            twice = False
        except RosterError:
            twice = True
        for upper in (header_index, header_index - 1):
            if upper < 0 or upper + 1 >= len(head):
                continue
            pair = head[upper][1], head[upper + 1][1]
            texts = grouped(*pair, width, last_group=upper < header_index)
            # (a death's question or state over its answers, last in a CSV: 是否死亡 over 是,
            # the cell right of it blank over 否, is a group, read as such only as a death's)
            late = texts is None and upper == header_index and _death_last(*pair, width)
            if late:
                texts = grouped(*pair, width)
            deaths = texts is not None and upper == header_index and _death_groups(texts, *pair)
            if texts is None or late and not deaths or upper == header_index and not (
                    _sub_names(texts, probe) and _headed(texts, *(head[k][1] for k in (
                        upper, upper + 1)), probe)) or _values_below(
                    texts, [cells for _n, cells in head[upper + 2:]]):
                continue
            both = _amounts(_one_fact(_pairs(
                [_two_row_column(i, text, parts, one, names.yes_no)
                 for i, (text, parts) in enumerate(texts)],
                [cells for _n, cells in head[upper:]], names.yes_no, one), names.yes_no),
                names.yes_no)
            # only where the two rows name more than the one, or where the row above names a
            # column alone (序号 over a blank, or carried down by a merged cell), as a header's
            # upper row does and a title or a form's line above a whole header does not, or
            # where the row below holds text under groups only (是否 | 类型 under 低保, the rest
            # blank or carried down), as no person's does; where the one names a column twice
            # (低保 merged over 城市 and 农村), by the facts each names; and never where the two
            # rows would name a column twice
            gain = _named(both) - _named(columns) if twice else \
                sum(c.target is not None for c in both) - known
            if gain < 0 or (gain == 0 and not twice and not (upper < header_index and _alone(
                    head[upper][1], head[upper + 1][1])) and not (
                    upper == header_index and _under_groups(texts, *(
                        head[k][1] for k in (upper, upper + 1)))) and not deaths):
                continue
            try:
                _check_duplicates(both, _)
            except RosterError:
                continue
            columns, top, group_row = both, upper, head[upper][0]
            header_index, number = upper + 1, head[upper + 1][0]
            break
        # a header on three rows: under the two found, or under the one found and the next
        middle = header_index if group_row is not None else header_index + 1
        if middle + 1 < len(head):
            third = _third_row(head, top, middle, columns, width, names, one, _)
            if third is not None:
                columns, header_index = third, middle + 1
                group_row, number = head[top][0], head[header_index][0]
    _check_duplicates(columns, _)
    columns = _distinct(_ticked(columns, [cells for _n, cells in head[header_index + 1:]]))
    return ColumnMap(header_index, number, columns, [n for n, _c in head[:top]],
                     group_row=group_row,
                     filled=() if group_row is None else tuple(
                         sum(_cell(row, i) is not None for i in range(len(row)))
                         for _n, row in head[top:header_index + 1]))


def _third_row(head: Sequence[tuple[int, Sequence[object]]], top: int, middle: int,
               columns: list[Column], width: int, names: Names,
               recognise: Callable[[int, object], Column], _: Gettext) -> list[Column] | None:
    """The columns of a header on three rows (享受政策情况 over 低保 and 特困供养, each over 城市
    and 农村), the top and middle ones above the row below them: the middle row's groups (its
    text, else the top row's) over that row, read as two rows are (:func:`grouped`, with the
    same guards against a person's row); None where they name no more than the rows above. The
    middle row's every text must be a name or the top row's own (a merged cell's), as a
    person's is not."""
    mid = head[middle][1]
    if _person_like(mid) or not all(_header_cell(i, _cell(mid, i), _cell(head[top][1], i),
                                                 recognise) for i in range(width)):
        return None
    upper = [_cell(mid, i) or _cell(head[top][1], i) for i in range(width)]
    lower = head[middle + 1][1]
    texts = grouped(upper, lower, width, last_group=False)
    if texts is None or not (_sub_names(texts, recognise) and
                             _headed(texts, upper, lower, recognise)) or \
            _values_below(texts, [cells for _n, cells in head[middle + 2:]]):
        return None
    both = _amounts(_one_fact(_pairs(
        [_two_row_column(i, text, parts, recognise, names.yes_no)
         for i, (text, parts) in enumerate(texts)],
        [upper, lower, *(cells for _n, cells in head[middle + 2:])], names.yes_no, recognise),
        names.yes_no), names.yes_no)
    if _named(both) <= _named(columns):
        return None
    try:
        _check_duplicates(both, _)
    except RosterError:
        return None
    return both


def _cell(row: Sequence[object], i: int) -> str | None:
    """The ``i``-th cell's text, trimmed; None where it is blank or the row ends before it."""
    cell = row[i] if i < len(row) else None
    return cell.strip() if isinstance(cell, str) and cell.strip() else None


def _header_cell(i: int, text: str | None, above: str | None,
                 recognise: Callable[[int, object], Column]) -> bool:
    """Whether ``text``, in the ``i``-th column of a header's lower row under ``above``, is as
    a header's is: blank (a CSV's merged cell), the same text (an .xlsx's) or a column's name;
    not a person's name or answer (韦一 under 姓名)."""
    return text is None or text == above or recognise(i, text).target is not None


def _headed(texts: list[tuple[str | None, tuple[str, ...]]], upper: Sequence[object],
            lower: Sequence[object], recognise: Callable[[int, object], Column]) -> bool:
    """Whether, of two rows read as one header, the lower holds under the columns no group
    spans nothing but a header's text (:func:`_header_cell`): a person's row, read under the
    header found, holds their name or answers there (韦一 under 姓名)."""
    return all(parts or _header_cell(i, _cell(lower, i), _cell(upper, i), recognise)
               for i, (_t, parts) in enumerate(texts))


def _values_below(texts: list[tuple[str | None, tuple[str, ...]]],
                  below: Sequence[Sequence[object]]) -> bool:
    """Whether a row below two rows read as one header holds, under a group, a text the lower
    row holds under a group (other than 是 and 否, which a form's ticked pair may hold): the
    lower row's texts are then values, a person's (城市 | 农村 under 低保, a household member
    whose name is left blank, above 韦二's 农村), not columns' names (城市低保, 农村低保 hold
    yes and no). A row that repeats the lower row under every group (the header repeated, as
    each printed page does) holds no value."""
    subs = {norm(parts[1]) for _t, parts in texts if parts and norm(parts[1]) not in PAIR_WORDS}
    grouped_at = [i for i, (_t, parts) in enumerate(texts) if parts]
    return bool(subs) and any(
        (t := _cell(row, i)) is not None and norm(t) in subs
        for row in below if any(_cell(row, i) != texts[i][1][1] for i in grouped_at)
        for i in grouped_at)


def _named(columns: list[Column]) -> int:
    """How many things ``columns`` read (a fact read by two columns, once)."""
    return len({c.target for c in columns if c.target is not None})


def _under_groups(texts: list[tuple[str | None, tuple[str, ...]]], upper: Sequence[object],
                  lower: Sequence[object]) -> bool:
    """Whether, of two rows read as one header (:func:`grouped`), the lower holds text under the
    groups only, and no answer there: every other column's lower cell blank (a CSV's merged
    cell) or the same text (an .xlsx's), and none under a group a yes or no, a tick or a number
    — as a header's lower row does (是否 | 类型 under 低保) and a person's row, with a name
    outside any group, or 是 | A类 under 低保, does not."""
    return any(parts for _t, parts in texts) and all(
        (low := _cell(lower, i)) in (None, _cell(upper, i)) or parts and not (
            norm(low) in PAIR_WORDS or norm(low) in TICKS or VALUE_CELL.fullmatch(low))
        for i, (_t, parts) in enumerate(texts))


# a target of a columns file or the admin's choice naming a death's column by the header that
# says which (death:死亡日期): the column passed through, read as one so headed; these, the
# choices offered (:func:`death_choices`)
DEATH_AS = "death:"
DEATH_HEADERS = (N_("死亡日期"), N_("是否死亡"), N_("是否健在"), N_("注销日期"))


def death_target(text: str) -> str | None:
    """The target naming a death's column that ``text`` (a columns file's target, as written)
    is: a header that says one (:func:`~.deaths.column_kind`: 死亡日期, 是否死亡, Date of death,
    注销日期; or the target itself, death:死亡日期); None for any other."""
    header = text[len(DEATH_AS):] if text.startswith(DEATH_AS) else text
    kind = column_kind(header)
    return DEATH_AS + header if kind.name != ANY.name or kind.legend else None


def death_kind(column: Column) -> Kind:
    """What a column says of a death (:mod:`.deaths`): by its header (:func:`~.deaths.
    column_kind`: 是否死亡, 死亡日期); on two rows, by its upper cell and its own (:func:`~.deaths.
    grouped_kind`: 否 under 是否健在 is a death's, 否 under 是否死亡 none, 死亡日期 under 死亡信息
    a date of death's)."""
    if column.death_as:
        return column_kind(column.death_as)
    if len(column.parts) != 2:
        return column_kind(column.written or "")
    return grouped_kind(*column.parts)


def _death_top(top: str, subs: Sequence[str]) -> bool:
    """Whether ``top``, a header's upper cell over the columns whose own cells are ``subs``,
    asks whether the person died or lives (是否死亡, 是否健在, 死亡情况, 生存状态: its
    :func:`~.deaths.column_kind`), or names their state over answers one of which is a death
    (人员状态 over 正常 | 死亡 | 迁出: :func:`~.deaths.grouped_kind`)."""
    return column_kind(top) != ANY or any(grouped_kind(top, s) != ANY for s in subs)


def _death_last(upper: Sequence[object], lower: Sequence[object], width: int) -> bool:
    """Whether the last text of a header's upper row is a death's (:func:`_death_top`) over
    the lower row's texts from its column to the last, two at least, the upper row blank over
    the rest (a CSV's merged cell, 是否死亡 over 是 | 否): a group, where :func:`grouped` reads
    the blanks over a header's last columns as none."""
    up = [_cell(upper, i) for i in range(width)]
    last = max((i for i, u in enumerate(up) if u), default=-1)
    subs = [_cell(lower, i) for i in range(last, width)]
    return last >= 0 and len(subs) > 1 and all(subs) and _death_top(
        up[last] or "", [s for s in subs if s])


def _death_groups(texts: list[tuple[str | None, tuple[str, ...]]], upper: Sequence[object],
                  lower: Sequence[object]) -> bool:
    """Whether, of two rows read as one header (:func:`grouped`), the lower holds text under
    groups only (as :func:`_under_groups`), a group of a death's (:func:`_death_top`: 是否死亡,
    是否健在, 人员状态 over 正常 | 死亡 | 迁出) among them; and under such a group, no tick nor
    number, but a yes and a no may be its columns' (是否健在 over 是 | 否, each once), as a
    person's answers under a header on one row are not (是 | 是)."""
    groups: dict[str, list[str]] = {}
    for i, (_t, parts) in enumerate(texts):
        low = _cell(lower, i)
        if low in (None, _cell(upper, i)):
            continue
        if not parts or norm(low) in TICKS or VALUE_CELL.fullmatch(low):
            return False
        groups.setdefault(parts[0], []).append(low)
    deaths = {g for g, subs in groups.items() if _death_top(g, subs)}
    return bool(deaths) and all(
        g in deaths and len({norm(s) for s in subs}) == len(subs)
        or not any(norm(s) in PAIR_WORDS for s in subs) for g, subs in groups.items())


def _alone(upper: Sequence[object], lower: Sequence[object]) -> bool:
    """Whether the upper of two rows names some column alone: the lower cell blank (a CSV's
    merged cell) or the same text (an .xlsx's, whose text every cell of it carries)."""
    return any(_cell(upper, i) and _cell(lower, i) in (None, _cell(upper, i))
               for i in range(len(upper)))


# a cell that is a number or a date (序号 1, 45, 2025-06-01, 2025年6月): a person's, never a
# header's
VALUE_CELL = re.compile(r"[\d\s.,:/\-年月日号]+")


def _numbered(cells: Sequence[object]) -> bool:
    """Whether a row's first filled cell is a bare number (3, 3., 3、): a person's 序号, which
    no header begins with."""
    first = next((t for i in range(len(cells)) if (t := _cell(cells, i)) is not None), None)
    return first is not None and re.fullmatch(r"\d{1,6}[.．、]?", first) is not None


def _sub_names(texts: list[tuple[str | None, tuple[str, ...]]],
               recognise: Callable[[int, object], Column]) -> bool:
    """Whether, of a header on two rows read with the row below the one found, the lower row's
    text under a group of one column is a name (户籍情况 over 户口所在地), as a header's is and
    a person's cells (姓名 over 黄秀英, 性别 over 女) are not; groups over two columns or more
    are told apart from a person's row by :func:`grouped`."""
    groups = [parts[0] if parts else None for _t, parts in texts]
    for i, (_text, parts) in enumerate(texts):
        alone = parts and groups[i - 1: i] != [parts[0]] and groups[i + 1: i + 2] != [parts[0]]
        if alone and recognise(i, parts[1]).target is None:
            return False
    return True


def _title(cells: Sequence[object], width: int) -> bool:
    """Whether a row is a title's (田林县乐里镇2025年困难残疾人两项补贴比对名单), no header's: one
    text in a roster of several columns, alone in its row (a CSV's) or in every cell it is
    merged across (an .xlsx's)."""
    return width > 1 and len({t for i in range(len(cells)) if (t := _cell(cells, i))}) == 1


def _listed(head: Sequence[tuple[int, Sequence[object]]], width: int) -> int:
    """The row of a roster none of whose columns is recognised that stands for its header
    (:class:`NoColumns` lists its cells, the upload page for the admin to choose each column's
    fact, and those choices name its columns): the first row, or the first under the titles
    (:func:`_title`) above it; but the first row where the one under the titles is a
    person's (a list without a header, under its title)."""
    k = next((k for k, (_n, cells) in enumerate(head) if not _title(cells, width)), 0)
    cells = head[k][1]
    return 0 if _holds_person_number(cells) or _numbered(cells) else k


def _person_under(upper: Sequence[object], lower: Sequence[object],
                  recognise: Callable[[int, object], Column]) -> bool:
    """Whether ``lower`` is a person's row under the header ``upper``, not the lower row of a
    header written on two: under a column that ``upper`` names alone (the next cell filled
    too, or none after it: no group spans it), a text that is neither blank, nor the same (an
    .xlsx's merged cell), nor a column's name (户籍情况 over 户口所在地) — as 姓名 over 黄秀英; or
    such a text in the first column under a blank (韦一 where the list left 姓名 out)."""
    width = max(len(upper), len(lower))
    for i in range(width):
        up, low = _cell(upper, i), _cell(lower, i)
        if up is None and low is not None and i == 0 and recognise(i, low).target is None:
            return True  # (a name in the first column, unheaded: no group spans it)
        if up is None or low is None or low == up:
            continue
        if norm(up) in ONE_COLUMN:
            return True  # (under 姓名 or 备注, any other text is a person's: 韦一, 五保户)
        if i + 1 < width and _cell(upper, i + 1) is None:
            continue  # (a group's name over this column and the next)
        if recognise(i, low).target is None:
            return True
    return False


def _holds_person_number(cells: Sequence[object]) -> bool:
    """Whether a row holds an ID, certificate or telephone number (:data:`PERSON_NUMBER`): a
    person's row, which no header is."""
    return any(isinstance(c, str) and PERSON_NUMBER.search(c) for c in cells)


def _person_like(cells: Sequence[object]) -> bool:
    return _holds_person_number(cells) or any(
        t and VALUE_CELL.fullmatch(t) for t in (_cell(cells, i) for i in range(len(cells))))


# headers of one column each, never a group's over two: under them, any text but their own
# is a person's (韦一 under 姓名, 五保户 under 备注: _person_under)
ONE_COLUMN = frozenset(norm(h) for h in (
    "序号", "编号", "姓名", "性别", "民族", "年龄", "备注", "联系电话", "电话", "手机", "联系方式",
    *IDENTITY[ID_NUMBER], *IDENTITY[CERTIFICATE_NUMBER], *IDENTITY[BIRTH_DATE]))


def grouped(upper: Sequence[object], lower: Sequence[object], width: int,
            last_group: bool = True) -> list[tuple[str | None, tuple[str, ...]]] | None:
    """The header of each column where ``upper`` and ``lower`` are one header written on two
    rows, as county forms group their columns: a group's name over the columns it spans
    (残疾情况 over 类别 and 等级; in a CSV, written over the first of them only, the others
    left blank; in an .xlsx, a merged cell, whose text every cell of it carries), and the
    columns that are not grouped written in the upper row alone (序号, 姓名, 公民身份号码: the
    lower cell blank, or the same text where merged). Each column's (header, parts): the
    group's name and the lower row's text, where both are written and differ; else the one
    written (None where neither is). None where the two rows are not such a header: either
    holds a number or a date (a person's row), the upper one has fewer than two different
    texts (a title), or no group spans two columns of the lower row's texts. Without
    ``last_group``, a blank over the last columns is a group's only where another group is
    inside the header (the lower row may be a person's, under a column left unnamed)."""
    if _person_like(upper) or _person_like(lower):
        return None
    up = [_cell(upper, i) for i in range(width)]
    low = [_cell(lower, i) for i in range(width)]
    if len({u for u in up if u}) < 2:
        return None
    groups: list[str | None] = []
    spans = False
    last = max((i for i, u in enumerate(up) if u), default=-1)
    inner = any(up[j] is None and low[j] and low[j - 1] for j in range(1, last))
    for i in range(width):
        group = up[i]
        if group is None and i and low[i] and low[i - 1] and groups[-1] is not None \
                and (i < last or inner or last_group):
            # (a CSV's merged cell: its text in the first column only; a blank over the
            # last columns is a group only where another group is inside the header, not
            # a column the header left unnamed, with a person's notes under it)
            group = groups[-1]
        if low[i] and group is not None and low[i] != group and i and groups[-1] == group \
                and low[i - 1] and low[i - 1] != group:
            spans = True  # a group over two columns, each with its own name below
        groups.append(group)
    if not spans:
        return None
    out: list[tuple[str | None, tuple[str, ...]]] = []
    for group, sub in zip(groups, low, strict=True):
        if sub and group and sub != group:
            out.append((f"{group} {sub}", (group, sub)))
        else:
            out.append((sub or group, ()))
    return out


def _two_row_column(index: int, text: str | None, parts: tuple[str, ...],
                    recognise: Callable[[int, object], Column],
                    yes_no: Collection[str] = ()) -> Column:
    """The column of a header on two rows: read by the lower row's name (类别), else by the
    group's name and it together (残疾 and 类别: 残疾类别; 残疾情况 and 证号: 残疾证号); a column
    written in one row alone, by that; or by the lower row's and the group's, as a fact's kinds
    are named (城市 under 低保: 城市低保); or, under a yes/no fact's name (``yes_no``), as one of
    its 是 | 否 pair (:func:`_pairs`). Under a yes/no fact's name, a column is read as that
    fact or not at all (类别 under 享受低保情况 is the household's class, no disability's). A
    group's name alone never names a column it spans (户籍情况 over 乡镇)."""
    if not parts:
        return recognise(index, text)
    group, sub = parts
    if other_person(group) and not recognise(index, group).target:
        # (another person's, 身份证号 under 监护人信息 beside the person's under 残疾人信息: the
        # guardian's, passed through; the fifty-ninth tester's, refused as one fact twice)
        return Column(index, header_name(index, text), None, "", parts)
    whole = recognise(index, group).target
    if norm(sub) in PAIR_WORDS and whole is not None:  # (checked: _pairs)
        return Column(index, text or "", whole, BY_PAIR, parts, PAIR_WORDS[norm(sub)])
    # (a kind's name is written before its fact's: 城市 and 农村 under 低保, 城镇 under
    # 享受低保情况, read as 城市低保, 农村低保 and 城镇低保)
    for candidate in (text, sub, group + sub, words(group) + sub, sub + group,
                      sub + words(group)):
        column = recognise(index, candidate)
        if column.target is not None and (whole not in yes_no or column.target == whole):
            return Column(index, column.header if candidate == text else text or "",
                          column.target, column.how, parts)
    return Column(index, header_name(index, text), None, "", parts)


def _pairs(columns: list[Column], rows: Sequence[Sequence[object]],
           yes_no: Collection[str], recognise: Callable[[int, object], Column]
           ) -> list[Column]:
    """``columns`` of a header on two rows (``rows``: its upper and lower rows, then the rows
    below), where a 是 | 否 pair (:data:`PAIR_WORDS`) under a yes/no fact's name (是否低保 over
    是 and 否) is kept only as such a pair: one column of each, side by side, under a fact
    that is yes/no; where the lower row holds no other text but a name (证号 under 残疾情况,
    城市 under 低保, 姓名 under 基本情况) or the upper row's own (a merged cell's), as a header's
    does and a person's row (韦一 | 女 | 是 | 否 under 姓名, a column left unnamed and 是否低保)
    does not; and where some row below ticks or crosses a
    pair's cell (:data:`TICKS`), as a form does and a person's 是 | 否 above others' (a
    household member's, the name left blank) does not. Any other column read as a pair's is
    left unread: a person is never taken for a header's row."""
    upper, lower, below = rows[0], rows[1], rows[2:]
    ok: set[int] = set()
    for c, d in zip(columns, columns[1:], strict=False):
        if c.pair and d.pair and c.target == d.target and {c.pair, d.pair} == {YES, NO} \
                and c.parts[0] == d.parts[0] and c.target in yes_no:
            ok |= {c.index, d.index}
    if ok:
        for i in range(len(columns)):
            low = _cell(lower, i)
            if i in ok or _header_cell(i, low, _cell(upper, i), recognise) or \
                    columns[i].target is not None or norm(low or "") in ONE_COLUMN:
                continue  # (a header's, or read as a column's: 证号 under 残疾情况, 姓名)
            ok = set()
            break
    if ok and not any(norm(t) in TICKS for row in below for i in ok
                      if (t := _cell(row, i)) is not None):
        ok = set()
    return [c if not c.pair or c.index in ok else
            Column(c.index, c.header, None, "", c.parts) for c in columns]


def _one_fact(columns: list[Column], yes_no: Collection[str]) -> list[Column]:
    """``columns`` where several under one group name its yes/no fact (是否享受 and 金额（元）
    under 困难残疾人生活补贴: whether it is received, and how much), not as a pair, as that
    fact's kinds (:data:`BY_KIND`): read together, yes where any says yes (an amount above 0
    is a yes), no where all say no. (Two columns of another fact are refused, as ever.)"""
    count: dict[tuple[str, str], int] = {}
    for c in columns:
        if c.parts and c.target in yes_no and not c.pair:
            count[(c.parts[0], c.target)] = count.get((c.parts[0], c.target), 0) + 1
    return [Column(c.index, c.header, c.target, BY_KIND, c.parts)
            if c.parts and not c.pair and c.target in yes_no and c.how != BY_KIND
            and count[(c.parts[0], c.target)] > 1 else c for c in columns]


# a box said to hold (a tick, 是) or not (a cross, 否, 0), as a fact's kinds are marked
TICKED = TICK_MARKS | {w for w, side in PAIR_WORDS.items() if side == YES}
CROSSED = CROSS_MARKS | {"0"} | {w for w, side in PAIR_WORDS.items() if side == NO}


def _ticked(columns: list[Column], rows: Sequence[Sequence[object]]) -> list[Column]:
    """``columns`` with the kinds of a fact (two or more, :data:`BY_KIND`) marked as ticked,
    where the first rows below the header tick them (:data:`TICKED`: √, or 是) and never cross
    one (:data:`CROSSED`: ×, 否): a form that ticks the kind a person is on (√ under 农村 of
    特困供养) leaves the others blank, and one not on it all blank, which then says no, not
    unknown (the fourteenth tester's: nearly a whole township's list undetermined). Where a
    kind's column says no in words or crosses, a blank stays unknown. (Other text there, a
    footer merged across the row, says neither.)"""
    kinds: dict[str, list[Column]] = {}
    for c in columns:
        if c.how == BY_KIND and c.target is not None:
            kinds.setdefault(c.target, []).append(c)
    ticked = set()
    for group in kinds.values():
        cells = {norm(t) for row in rows for c in group if (t := _cell(row, c.index))}
        if len(group) > 1 and cells & TICKED and not cells & CROSSED:
            ticked |= {c.index for c in group}
    return [Column(c.index, c.header, c.target, c.how, c.parts, c.pair, True)
            if c.index in ticked else c for c in columns]


def lone_kinds(mapping: ColumnMap) -> dict[str, Column]:
    """The facts a roster gives by one of their kinds alone (农村低保 without 城市低保), each with
    its column: a 否 there says only that the household is not on that kind."""
    columns: dict[str, list[Column]] = {}
    for c in mapping.read:
        columns.setdefault(c.target or "", []).append(c)
    return {t: cs[0] for t, cs in columns.items() if len(cs) == 1 and cs[0].how == BY_KIND}


# a header (as :func:`norm` writes it) that asks whether the household is registered here:
# 是否本市户籍, 本县户口, 是否为本地户籍人口, 百色市户籍（是/否）, 户籍是否本县; the place asked
# of is the group ``here`` or ``there`` (as the header names it before or after 户籍)
_HERE = r"(?P<{}>本[市县区乡镇地]|百色市?)"
_YES_NO = r"(?:\(?(?:是/否|是否|y/n)\)?)?"
HERE = re.compile(rf"(?:是否)?(?:为|是)?{_HERE.format('here')}(?:户籍|户口)(?:人口|人员)?{_YES_NO}"
                  rf"|(?:户籍|户口)(?:是否)?(?:为|是|在)?{_HERE.format('there')}(?:人口|人员)?"
                  rf"{_YES_NO}")
# the places asked of that are the city (Baise) itself: a no there says "not Baise"
CITY = ("本市", "百色", "百色市")


def asks_here(column: Column) -> str | None:
    """The place a 户籍 column (:func:`place_column`) asks the household is registered in
    (是否本市户籍: 本市, :data:`HERE`), so that its 是 says 百色市 (derive.Deriver); None for
    any other column. (By the header as written: a second 是否本市户籍 is named 是否本市户籍 (D)
    in the result, :func:`_distinct`.)"""
    asked = HERE.fullmatch(norm(column.written or "")) if place_column(column) else None
    return (asked["here"] or asked["there"]) if asked is not None else None


def place_column(column: Column) -> bool:
    """Whether a column is a 户籍 column read as an address is (:class:`~.derive.Deriver`),
    each cell a place (百色市右江区龙景街道) or one of hukou's choices (本市): one named so
    (户籍, 户口, 户籍类别), or that a clerk's ``--columns`` or the admin said is hukou, as
    county lists write either under it; not one headed ``hukou`` (a machine's list of
    hukou's ids, read by the codec, dictionary-coded)."""
    return column.target == "hukou" and column.how != BY_ID


def _both_places(c: Column, other: Column) -> bool:
    """Whether two columns are each read cell by cell as a place (two addresses, 户口 and 户籍,
    户籍 twice: :class:`~.derive.Deriver`), which may be written twice."""
    return c.target == other.target and (c.target == ADDRESS or (
        place_column(c) and place_column(other)))


def _check_duplicates(columns: list[Column], _: Gettext) -> None:
    """Refuses two columns of one target, or of one header, where either is read; but not
    columns that each name a kind of one fact (:data:`BY_KIND`: 农村低保, 城市低保), which are
    read together, nor a yes/no fact's own column and its amount's (:data:`BY_AMOUNT`:
    是否享受护理补贴, 护理补贴金额), nor two named for hukou or the address (户口 and 户籍,
    户籍地址 and 户口所在地: each read cell by cell, :class:`~.derive.Deriver`); one kind twice
    (农村低保 and 是否农村低保户) is refused. Columns read as no fact are copied into the result
    as they are, and may repeat (联系电话 of the person and of the guardian, 备注 twice: the
    list was refused, :func:`_distinct`). Raises :class:`Twice`."""
    try:
        _twice(columns, _)
    except RosterError as exc:
        raise Twice(str(exc), columns) from None


def _twice(columns: list[Column], _: Gettext) -> None:
    """:func:`_check_duplicates`' test: raises :class:`RosterError` naming the two columns."""
    seen: dict[str, Column] = {}
    for c in columns:
        if c.target is None:
            continue
        kind = ("k:" + words(_kind_first(norm(c.header))),) if c.how == BY_KIND else ()
        for key in (c.target, "h:" + norm(c.header), *kind):
            if key in seen and key == c.target and c.how == BY_KIND == seen[key].how:
                continue
            if key in seen and key == c.target and {c.pair, seen[key].pair} == {YES, NO}:
                continue  # (是 and 否 under one fact's name: read as one, _pairs)
            if key in seen and key == c.target and BY_AMOUNT in (c.how, seen[key].how):
                continue  # (是否享受护理补贴 and 护理补贴金额: read as one, _amounts)
            if key in seen and _both_places(c, seen[key]) and (key == c.target or (
                    key.startswith("h:") and c.target == seen[key].target)):
                continue  # (户口 and 户籍, two addresses, 户籍 twice: each read cell by cell)
            if key in seen:
                _refuse_twice(seen[key], c, _)
            seen[key] = c


def _refuse_twice(first: Column, c: Column, _: Gettext) -> None:
    """The error for two columns of one thing, read (:func:`_check_duplicates`): where one
    header is written over two columns side by side, as a cell merged over both shows it in
    an .xlsx (a form's 是否低保 over the boxes it ticks), that; else the two columns."""
    if first.header == c.header and c.index == first.index + 1:
        raise RosterError(_("“{a}”占了 {la}、{lb} 两列（合并的单元格），不知道每一列是"
                            "什么。如果是打勾的“是”“否”两列，请在它下面加一行，分别写"
                            "“是”和“否”；否则请拆开单元格，给每一列写上列名。").format(
            a=shown_header(c.header, whole=True), la=letter(first.index), lb=letter(c.index)))
    raise RosterError(_("“{a}”列（{la} 列）和“{b}”列（{lb} 列）是同一项，名单里只能有"
                        "一列。请删去或改名其中一列。").format(
        a=shown_header(first.header, whole=True), la=letter(first.index),
        b=shown_header(c.header, whole=True), lb=letter(c.index)))


def _distinct(columns: list[Column]) -> list[Column]:
    """``columns`` each under a name of its own in the result (a polars frame, a sheet's
    header, a row's errors): the second and later of one header (联系电话 of the person in J and
    of the guardian in L; 户籍 twice) named with their column's letter, ``联系电话 (L)``; the
    header as written kept (:attr:`Column.sheet_header`), as a row repeating the header holds
    it. A header written on several lines in its cell is named on one (是否⏎低保户: 是否 低保户;
    the thirty-ninth tester's, a line break in the result's header)."""
    columns = [replace(c, header=one_line(c.header), sheet_header=c.sheet_header or c.header)
               if "\n" in c.header or "\r" in c.header else c for c in columns]
    taken = {c.header for c in columns}
    seen: set[str] = set()
    out: list[Column] = []
    for c in columns:
        if c.header not in seen:
            seen.add(c.header)
            out.append(c)
            continue
        name = f"{c.header} ({letter(c.index)})"
        while name in taken:  # (a list that heads a column 联系电话 (L) itself)
            name += f" ({letter(c.index)})"
        taken.add(name)
        out.append(replace(c, header=name, sheet_header=c.sheet_header or c.header))
    return out


# words of a header that names an amount (护理补贴金额, 护理补贴（元/月）)
AMOUNT_WORDS = ("元", "金额")


def names_amount(header: str) -> bool:
    """Whether a header names an amount (护理补贴金额, 护理补贴（元/月）), as a yes/no column's
    cells are read as the amount received (:attr:`~.columns.CellReader.amounts`)."""
    return any(w in unicodedata.normalize("NFKC", header) for w in AMOUNT_WORDS)


def _amounts(columns: list[Column], yes_no: Collection[str]) -> list[Column]:
    """``columns`` where a yes/no fact is given by a column of its own (是否享受护理补贴) and by
    one of the amount received (护理补贴金额, 护理补贴（元/月）), side by side or apart, as lists
    lay them out: the amount's read as :data:`BY_AMOUNT`, the two read together
    (:func:`~.columns.read_together`: yes where either says yes, an amount above 0 a yes; no
    where both say no, a blank amount a no), not refused as one column written twice. Two
    columns of each, or of one sort, are refused as ever (:func:`_check_duplicates`); a fact's
    kinds and a 是 | 否 pair are read together already."""
    sorts: dict[str, dict[bool, list[int]]] = {}  # fact → amount or not → columns
    for c in columns:
        if c.target in yes_no and c.how not in (BY_KIND, BY_PAIR):
            sorts.setdefault(c.target, {}).setdefault(names_amount(c.header), []).append(c.index)
    amounts = {by[True][0] for by in sorts.values()
               if len(by.get(True, ())) == 1 and len(by.get(False, ())) == 1}
    return [replace(c, how=BY_AMOUNT) if c.index in amounts else c for c in columns]
