"""Roster cells (text) to typed fact columns, exactly as the codec reads a cell
(:func:`app.codec.read_cell`).

The common spellings (``true``/``是``, ``40``, ``4.65``, ``2023-01-01``, an enum id) are parsed
by polars in bulk. Every other non-blank cell goes to the codec itself, once per distinct
spelling (remembered from batch to batch), so that the roster accepts and refuses exactly what a
form or the API accepts. A cell that does not parse, or is out of range, becomes unknown (null)
and gets an error message; the row is still screened.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import polars as pl

from app.decimals import decimal_places
from app.engine import Rulebook
from app.engine.schema import FactDef
from app.i18n import gettext_for

from .exprs import dec
from .files import TYPED, Typed
from .headers import NO, PAIR_WORDS, YES, names_amount, norm, words
from .lazy import later
from .opening import DASHES, NULLS

DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

DTYPES: dict[str, Any] = {"boolean": pl.Boolean, "integer": pl.Int64, "date": pl.Date}


@dataclass(slots=True)
class ParsedColumn:
    """One typed column, and its bad cells (row index, "name: message")."""

    name: str
    value: pl.Series  # typed; null where blank or bad
    scale: int = 0  # digits after the point (numbers)
    bad_rows: list[int] = field(default_factory=list)
    bad_texts: list[str] = field(default_factory=list)
    header: str = ""  # the roster's column it came from
    pair: str = ""  # of a 是 | 否 pair (headers.YES, headers.NO): true where ticked
    # read beside other columns of its fact (read_together), a blank cell says no: an amount's
    # (金额 beside 是否享受: nothing paid) or a ticked kind's (a box left blank)
    blank_no: bool = False
    # a yes/no fact read from the amount received (护理补贴金额: CellReader.amounts)
    amounts: bool = False


@dataclass(slots=True)
class Problems:
    """Bad cells per column: count, and the first rows (sheet numbering) with their message."""

    counts: dict[str, int] = field(default_factory=dict)
    first: list[tuple[int, str, str]] = field(default_factory=list)


def dtype_of(fdef: FactDef, scale: int = 0) -> Any:
    """A fact's column type: an enum's is a polars Enum of its value ids (compared by code,
    not by text); a number's a decimal of ``scale`` digits after the point."""
    if fdef.type == "number":
        return dec(scale)
    if fdef.type == "enum":
        return pl.Enum(list(fdef.values or {}))
    return DTYPES[fdef.type]


class CellReader:
    """Reads one column's distinct spellings through the codec, once each: value and error
    message (in ``lang``) per spelling, kept across batches (a roster repeats its values)."""

    def __init__(self, book: Rulebook, name: str, fdef: FactDef, on: dt.date, lang: str,
                 header: str, names: Callable[[str], str | None] | None = None,
                 pair: str = "", ticked: bool = False) -> None:
        # a receives_<program> column is no fact of the rulebook: read as a yes/no fact
        self.book = book if name in book.facts else SimpleNamespace(facts={name: fdef})
        self.name, self.fdef, self.on, self.lang, self.header = name, fdef, on, lang, header
        self.names = names
        # one of a 是 | 否 pair (headers.YES, headers.NO): a cell is true where it is ticked, or
        # holds the column's own word (是 under 是, 否 under 否)
        self.pair = pair
        self.seen: dict[str, tuple[Any, str | None]] = {}
        self.dictionary: Dictionary | None = None  # of a dictionary-coded column's file
        self.many = False  # more distinct spellings than a dictionary is worth
        # a yes/no column whose header names an amount (护理补贴(元/月), 生活补贴金额): its cells
        # are the amount received, so a positive amount is a yes and 0 a no
        self.amounts = fdef.type == "boolean" and names_amount(header)
        # a column of who receives a program (生活补贴), whose cell may be the amount received
        # written as one (90元/月, ￥90, 90.00, 90: a yes; 0.00 a no); a bare number under 10 is
        # no amount there (1 是 2 否, as questionnaires code a yes: _amount)
        self.unit_amounts = fdef.type == "boolean" and name not in book.facts
        # read beside other columns of its fact, a blank says no (ParsedColumn.blank_no)
        self.blank_no = self.amounts or ticked
        # a column headed by the ability to do without the fact (生活自理能力: FactDef.
        # worded_aliases): only the fact's own words are read (不能自理, 能自理), a bare yes or no
        # refused, as it may say the opposite (是: able to, no need)
        self.worded = fdef.type == "boolean" and bool(fdef.worded_aliases) and \
            words(header) in {words(a) for a in fdef.worded_aliases}
        self.own_words = {norm(w) for ws in fdef.value_aliases.values() for w in ws} \
            if self.worded else set()
        # the names of that ability (自理, 自理能力), which as a cell say the ability, not the
        # fact: never a yes by naming the column's fact, nor 无自理能力 a no by naming it not
        # held (the fifty-eighth tester's: a wrong no for the nursing subsidy)
        self.ability_names = {words(a) for a in fdef.worded_aliases}

    def _either(self, text: str) -> str:
        """Why a bare yes or no under a :attr:`worded` column is not read, in the reader's
        language, with the fact's own words to write instead: those sharing a character with
        the header (生活不能自理, 能自理 under 生活自理能力), else the first of each."""
        _ = gettext_for(self.lang)

        def example(value: str) -> str:
            spellings = [str(w) for w in self.fdef.value_aliases[value]]
            return next((w for w in spellings if set(w) & set(self.header) and
                         len(set(w) & set(self.header)) >= 2), spellings[0])

        return _("“{text}”在“{header}”这一列里分不清是哪个意思（能，还是需要），没有读；请写成"
                 "“{yes}”或“{no}”。").format(text=text, header=self.header, yes=example("yes"),
                                            no=example("no"))

    def _names_itself(self, text: str) -> bool:
        """Whether a cell of a yes/no column, which the codec does not read, says yes by naming
        the column's own fact (低保户 under 低保, 已享受生活补贴 under 生活补贴, 是低保户,
        已纳入低保, 低保户√), as comparison lists mark a yes; or is a yes with the household's
        class or how it is supported, or the class alone (是（A类）, 低保户（A类）, A类低保, A类,
        特困（集中供养）: Guangxi ranks dibao households A, B and C). Never with another note in
        brackets, which may undo it (低保户（已退出）, 生活补贴（已停发）: the ninth tester's, read
        as a yes)."""
        classless = CLASSED.sub("", text)
        if not classless.strip():
            # (a class alone: a yes of the dibao's only, which rules/facts.yaml gives it; A类
            # under 特困 is none, the thirty-seventh tester's, read as a yes)
            return False
        if classless != text and self._codec_value(classless) is True:
            return True
        named = YES_AROUND.sub("", classless)
        if not named or NOTED.search(named):
            return False
        return self.names is not None and self.names(named) == self.name and \
            words(named) not in self.ability_names

    def _codec_value(self, text: str) -> Any:
        """What the codec reads ``text`` as in this column (True or False in a yes/no one);
        None where it reads nothing."""
        from app.codec import read_cell

        reading = read_cell(self.book, self.name, text, on=self.on)  # type: ignore[arg-type]
        return reading.value if reading.problem is None else None

    def _with_note(self, text: str) -> bool | None:
        """The yes or no of a yes/no cell written as a yes/no word with a note in brackets
        after it (:data:`WITH_NOTE`), where the note, read as a cell of this column, says the
        same: 是（90元）, 是（已领）, 已享受（90元/月）, 否（未申请）, 否（0元）. None for any other
        cell, and where the note says otherwise or nothing the column reads (否（90元）,
        是（待审核）, 是（本人）): it may undo the word, so the cell stays refused. (A note that
        says the payment stopped, 是（已停发）, is a no before this: :data:`STOPPED`.)"""
        m = WITH_NOTE.fullmatch(text)
        if m is None:
            return None
        word = self._codec_value(m[1])
        if not isinstance(word, bool):
            return None
        if self.unit_amounts and (start := _started(m[2])) is not None:
            # a note giving when it began (是(2025.1起), 否（2024年起）): the word, by the
            # screening date; a start after it may undo a 是, so the cell stays refused
            return word if start <= self.on else None
        note, problem = self.read(m[2])
        return word if problem is None and note is word else None

    def _received(self, text: str) -> bool | None:
        """Whether a cell of who receives a program, which the codec does not read, says it is
        paid or taken in (已发, 已纳入: :data:`RECEIPT_WORDS`), or when receipt began (2024年起享受,
        自2024年1月起享受: :data:`STARTED`): yes where it began by the screening date. None for
        any other cell, and where it begins after it (granted, not yet paid: :meth:`_pending`,
        never a no that would list the person as qualifying and not receiving)."""
        plain = unicodedata.normalize("NFKC", text).strip()
        if plain in RECEIPT_WORDS:
            return RECEIPT_WORDS[plain]
        start = _started(plain, verb=True)
        return True if start is not None and start <= self.on else None

    def _pending(self, text: str) -> bool:
        """Whether a cell of who receives a program says it is being applied for or awaits
        review or payment (待发, 待审核, 申请中, 是（待审核）: :data:`PENDING`; 2026年起享受, a
        start after the screening date): not known."""
        plain = unicodedata.normalize("NFKC", text)
        if PENDING.fullmatch(plain):
            return True
        start = _started(plain, verb=True)
        if start is not None and start > self.on:
            return True
        m = WITH_NOTE.fullmatch(plain)
        return m is not None and isinstance(self._codec_value(m[1]), bool) \
            and PENDING.fullmatch(m[2]) is not None

    def read(self, text: str) -> tuple[Any, str | None]:
        got = self.seen.get(text)
        if got is None and self.pair and PAIR_WORDS.get(norm(text)) == self.pair:
            got = (True, None)
        if got is None:
            from app.codec import problem_text, read_cell

            # a number the codec reads has at most app.codec.numbers.MAX_DECIMALS digits after
            # the point, which a polars Decimal(38) column holds beside the whole part
            reading = read_cell(self.book, self.name, text, on=self.on)  # type: ignore[arg-type]
            message = None if reading.problem is None else \
                f"{self.header}: {problem_text(reading.problem, self.lang)}"
            got = (None if message else reading.value, message)
            if message and self.fdef.type == "boolean" and \
                    MARKED_BLANK.fullmatch(unicodedata.normalize("NFKC", text)):
                # a cell marked empty (—, /, -, NULL, #N/A) in a yes/no column: blank, so
                # unknown, never a no (the fortieth tester's, refused as no yes or no); where an
                # amount goes, nothing paid, as its blank is (否 beside — agree: read_together)
                got = (None, None)
            elif message and (self.amounts or self.unit_amounts) and \
                    (amount := _amount(text, coded=not self.amounts)) is not None:
                # the amount received (90元/月, ￥90, 90.00; where the header names an amount,
                # any number): a yes where more than 0
                got = (amount > 0, None)
            elif message and self.fdef.type == "boolean" and STOPPED.search(text):
                # a yes/no column whose cell says it was stopped or left (停发, 生活补贴（已停发）
                # under who receives a program; 已退出, 停保 under 低保): not held now, as the
                # screening and the comparison ask; but held still on the screening date where
                # the stop is dated after it (2025年7月停保), or not yet decided (停保复核中):
                # refused, unknown, never a no (the fifty-eighth tester's)
                stop = _stopped_on(text)
                if not (stop is not None and stop > self.on or UNDECIDED.search(text)):
                    got = (False, None)
            elif message and self.unit_amounts and (said := self._received(text)) is not None:
                # 已发, 未纳入, 2024年起享受 under who receives a program (the forty-fourth
                # tester's, each refused as no 是 or 否, the person's receipt left unknown)
                got = (said, None)
            elif message and self.fdef.type == "boolean" and self._names_itself(text):
                got = (True, None)
            elif message and self.fdef.type == "boolean" and \
                    (said := self._with_note(text)) is not None:
                # 是（90元）, 否（未申请）: the word, where its note agrees (the fortieth tester's,
                # refused, and the person left among those whose receipt is unknown)
                got = (said, None)
            elif message and self.fdef.type == "boolean" and self.names is not None and \
                    (m := NOT_NAMED.fullmatch(text)) and self.names(m[1]) == self.name and \
                    words(m[1]) not in self.ability_names:
                # the column's fact named as not held: 非低保户, 不是低保户, 未纳入低保, 非特困
                got = (False, None)
            elif message and self.unit_amounts and self._pending(text):
                # 待发, 待审核, 申请中: unknown, never a no, and said so in words a clerk reads
                # rather than "请回答“是”或“否”", which the cell already answers as far as it can
                _ = gettext_for(self.lang)
                got = (None, f"{self.header}: " + _(
                    "这一格写的是正在申请，或在等待审核、发放，所以还不知道是否已经享受。"))
            if self.worded and (got[1] is not None or isinstance(got[0], bool)) and \
                    norm(text) not in self.own_words:
                # (only the fact's own words there: a bare yes or no, the column's name as a
                # yes, 生活自理 under 生活自理能力, or a word it does not read, 不能, told what to
                # write: the fifty-sixth and fifty-seventh testers')
                got = (None, f"{self.header}: {self._either(text)}")
            if len(self.seen) < MAX_DISTINCT:
                self.seen[text] = got
        return got


NOTED = later(r"[（(【\[]")  # a note in brackets beside a cell's word
# a note that only gives a household's class or how it is supported, in brackets at the
# cell's end (（A类）, (二类), 【B类户】, （集中供养）, （整户保）), or its class before or after
# the fact's name (A类低保, 低保A类, 农村低保A类户)
_CLASS = r"(?:[A-Da-dＡ-Ｄａ-ｄ]|[一二三四])\s*类户?"
_HOW = r"(?:集中|分散)(?:供养)?|(?:整户|单人|全户|个人)(?:保|纳入)?"
CLASSED = later(rf"\s*[（(【\[]\s*(?:{_CLASS}|{_HOW})\s*[)）】\]]\s*$|^\s*{_CLASS}\s*"
                     rf"|\s*{_CLASS}\s*$")
# a cell naming the column's fact as not held (非低保户, 不是低保户, 未纳入低保, 没有低保)
NOT_NAMED = later(r"\s*(?:非|不是|不属于|未纳入|没有纳入|没有|无)\s*(\S.*?)\s*[。．.]?\s*")
# what a cell may say around the fact it names: 是低保户, 已纳入低保, 属于低保户, 低保户√, 低保户。
YES_AROUND = later(r"^\s*(?:是(?!否)|已纳入|纳入|属于|属)\s*|\s*[√✓✔。．.]+\s*$")
# a payment stopped, a household taken off the dibao (停保, 退保), a certificate cancelled; not
# where it is denied or only planned (未退出, 没有停发, 拟退出)
# a stop not yet decided (停保复核中, 拟停发, 待审核停保)
UNDECIDED = later(r"复核|审核|核实|核查|待(?!遇)|拟|申请中|处理中|办理中")
_STOP_DATE = later(r"((?:19|20)[0-9]{2})\s*[年./\-]\s*(?:([01]?[0-9])\s*月?)?")


def _stopped_on(text: str) -> dt.date | None:
    """The first day of the month (or year) a cell dates a stop in (2025年7月停保: 2025-07-01),
    None where it gives none."""
    m = _STOP_DATE.search(unicodedata.normalize("NFKC", text))
    if m is None:
        return None
    month = int(m[2]) if m[2] else 1
    return dt.date(int(m[1]), month, 1) if 1 <= month <= 12 else None


STOPPED = later("(?<![未没不非拟])(?<!没有)"
                     "(?:停发|停止发放|暂停|已停|停保|退保|已取消|已退出|退出|已注销|注销|"
                     # (cancelled or ended, as a list writes it: 取消, 待遇终止, 终止发放,
                     # 已停止; the forty-sixth tester's, each refused as no 是 or 否)
                     "取消|终止|已停止|停止享受)")
# a yes/no cell marked empty: a dash or a slash alone, as a sheet marks a cell left empty (as
# bulk.BLANK_CELL), or a none as a database or a spreadsheet writes one (NULL, #N/A), after NFKC
MARKED_BLANK = later(rf"\s*(?:[{DASHES}]+|{NULLS})\s*")
# a yes/no word and a note in brackets after it (是（90元）, 否（未申请）: CellReader._with_note)
WITH_NOTE = later(r"\s*([^（(【\[]+?)\s*[（(【\[]\s*([^（()）【】\[\]]+?)\s*[)）】\]]\s*")
# an amount of money, after NFKC (90, 90元, ￥90, 90.00元/月: ￥ is ¥ there; RMB90, 人民币90元;
# ¥1,080 with its thousands separated, and 九十元, 一百二十元 in Chinese numerals before 元, both
# read by the codec's numbers: app.codec.numbers.read_number_text)
_AMOUNT = later(r"\s*(?:(?:¥|(?i:rmb)|人民币)\s*)?"
                     r"(?P<number>(?P<grouped>[0-9]{1,3}(?:,[0-9]{3}){1,2}(?:\.[0-9]{1,2})?)"
                     r"|[0-9]{1,9}(?:\.[0-9]{1,2})?|(?P<chinese>[^\s0-9.,¥/]{1,12}(?=\s*元)))"
                     r"\s*(?:元)?(?:\s*/\s*(?:月|年|人))?\s*")
# how the codec reads an amount in yuan written otherwise than in plain digits (1,080, 九十)
_MONEY = FactDef(type="number", question="", min=0, max=100_000_000, unit="元")
# a cell of who receives a program saying it was paid or taken in, or not (CellReader._received,
# after NFKC); the codec reads the rest of such words for every yes/no fact (已发放, 已领取, 在享受,
# 未领, 未享受: app.codec.words)
RECEIPT_WORDS = {"已发": True, "已经发放": True, "已纳入": True, "已经纳入": True,
                 "未发": False, "没发": False, "未纳入": False, "没有纳入": False, "没纳入": False,
                 # (in traditional characters, as a Hong Kong or Taiwan keyboard types them)
                 "已發": True, "已發放": True, "已納入": True, "未發": False, "未發放": False,
                 "未納入": False, "已領": True, "已領取": True, "在領": True, "領取": True,
                 "未領": False, "未領取": False, "沒領": False, "沒有領取": False,
                 "沒有享受": False}
# when receipt began (2024年起享受, 自2024年1月起享受, 2025.1起; 享受 and the like required of a
# cell, not of a note after 是 or 否: _started)
_DATE = (r"(?P<year>[0-9]{4})\s*(?:(?:年|[.\-/])\s*(?P<month>[0-9]{1,2})\s*"
         r"(?:(?:月|[.\-/])\s*(?P<day>[0-9]{1,2})\s*[日号]?|月份?)?|年)?")
STARTED = later(rf"\s*(?:自|从)?\s*{_DATE}\s*(?:起|开始|起开始)\s*"
                     r"(?P<verb>已?(?:享受|领取|发放))?\s*")
# a cell saying it is being applied for or awaits review or payment, after NFKC: not known
PENDING = later(r"\s*(?:待[发發]放?|待核[发發]|待审[核批]|待審[核批]|审[核批]中|待批|待定"
                     r"|待确认|(?:正在)?申请中|正在申请|已申请(?:未批)?|已批未[发發](?:放)?"
                     r"|批准未发放|已纳入待发放?|公示中|报批中|已上报|已报未批|拟纳入|拟发放)\s*")
# a bare whole number below this is no amount in a column of who receives a program, but a
# questionnaire's code of an answer (1 是 2 否); 10 and more are (the fortieth tester's 90)
CODES_BELOW = 10


def _amount(text: str, coded: bool = False) -> Decimal | None:
    """The amount a cell gives (``90``, ``90元``, ``￥90``, ``90.00元/月``, ``RMB90``; ``¥1,080``
    and ``九十元`` as the codec reads a number), or None. ``coded``:
    in a column where a bare whole number below :data:`CODES_BELOW` (``1``, ``2``, ``0``)
    codes an answer, None for it (``90``, ``90.00``, ``0.00``, ``￥2`` are amounts there)."""
    m = _AMOUNT.fullmatch(unicodedata.normalize("NFKC", text))
    if m is None:
        return None
    number = m["number"]
    if m["grouped"] or m["chinese"]:
        # (the codec's readers are loaded only by a list that needs them: ~25 ms)
        from app.codec.numbers import read_number_text

        value, problem = read_number_text("amount", _MONEY, number)
        return None if problem is not None else value
    if coded and m[0].strip() == number and "." not in number and int(number) < CODES_BELOW:
        return None
    return Decimal(number)


def _started(text: str, verb: bool = False) -> dt.date | None:
    """The day receipt began, as a cell (``verb``: 2024年起享受, 自2024年1月起领取) or a note
    after 是 or 否 (2025.1起, 2024年起) gives it: the first of its year or month; None where it
    gives none, or no real day."""
    m = STARTED.fullmatch(unicodedata.normalize("NFKC", text))
    if m is None or (verb and not m["verb"]):
        return None
    try:
        return dt.date(int(m["year"]), int(m["month"] or 1), int(m["day"] or 1))
    except ValueError:
        return None


# spellings of yes and no read in bulk; the codec reads the same and more (the rest go to it)
FAST_TRUE = ("true", "是", "1")
FAST_FALSE = ("false", "否", "0")


def _any_equal(raw: pl.Expr, words: tuple[str, ...]) -> pl.Expr:
    if len(words) > 4:
        return raw.is_in(list(words))
    out = raw == words[0]
    for w in words[1:]:
        out = out | (raw == w)
    return out


def _fast(fdef: FactDef, raw: pl.Expr, on: dt.date) -> tuple[pl.Expr, pl.Expr]:
    """(typed value or null, whether the fast path read the cell) for the cell text ``raw``.

    Only plain spellings, without surrounding spaces, are read here; they mean the same to
    the codec. Cheap tests only: comparisons and casts, no per-cell string copies.
    Numbers are read at 12 decimal places; a cell with more goes to the codec.
    """
    t = fdef.type
    if t == "boolean":
        yes, no = _any_equal(raw, FAST_TRUE), _any_equal(raw, FAST_FALSE)
        value = pl.when(yes).then(pl.lit(True)).when(no).then(pl.lit(False))
        return value, (yes | no).fill_null(False)
    if t == "integer":
        value = raw.cast(pl.Int64, strict=False)
        # polars' cast reads any number of leading zeros: a longer cell goes to the codec
        ok = value.is_not_null() & (raw.str.len_chars() <= FAST_CHARS)
        return pl.when(ok).then(value), ok
    if t == "number":
        value = raw.cast(dec(MAX_FAST_SCALE), strict=False)
        # polars' cast reads exponents (1e5, 2E-3); the codec refuses them in typed text, as
        # every other edge does, so such a cell goes to the codec; and a longer cell likewise
        ok = value.is_not_null() & (_decimals(raw) <= MAX_FAST_SCALE) \
            & ~raw.str.contains("[eE]").fill_null(False) & (raw.str.len_chars() <= FAST_CHARS)
        return pl.when(ok).then(value), ok
    if t == "enum":
        ok = _any_equal(raw, tuple(fdef.values or {})).fill_null(False)
        return pl.when(ok).then(raw), ok
    ok = (raw.str.len_bytes() == 10) & raw.str.contains(DATE_RE) & ~raw.str.starts_with("0000")
    value = pl.when(ok).then(raw.str.to_date("%Y-%m-%d", strict=False))
    if fdef.past:  # a past event after the screening date: the codec's error, read slowly
        value = pl.when(value <= pl.lit(on, dtype=pl.Date)).then(value)
    return value, value.is_not_null()


MAX_FAST_SCALE = 12
# The longest number cell read in bulk: a sign, 9 digits, a point and 12 decimals. A longer one
# (a number padded with zeros, which polars' cast reads) goes to the codec, which refuses a cell
# longer than it reads (app.codec.text.MAX_CHARS, 64: tests/test_roster_typed.py holds this
# below it)
FAST_CHARS = 23


def _decimals(raw: pl.Expr) -> pl.Expr:
    """Digits after the point of a number's text (0 without a point)."""
    point = raw.str.find(".", literal=True)
    return (raw.str.len_bytes() - point - 1).fill_null(0)


# Columns with at most this many distinct spellings are read through a dictionary: each
# spelling once by the codec itself, then looked up per row (a roster repeats its values).
MAX_DISTINCT = 100_000


def typed_read(fdef: FactDef) -> Typed | None:
    """How the reader may parse a column of the fact ``fdef`` itself (:class:`Typed`): a
    yes/no fact as Boolean; a whole or decimal number fact as Int64, within the fact's bounds
    (a cell with a decimal point is refused by polars, and the column is then read as text)."""
    if fdef.type == "boolean":
        return Typed(pl.Boolean)
    if fdef.type in ("integer", "number"):
        return Typed(pl.Int64, None if fdef.min is None else math.ceil(fdef.min),
                     None if fdef.max is None else math.floor(fdef.max))
    return None


@dataclass(slots=True)
class Together:
    """What :func:`read_together` gives: the columns, each fact's made one; per fact read from
    a 是 | 否 pair, the rows (positions) where both are ticked; and per fact read beside the
    amount received, the rows where the two disagree, with the headers of each side."""

    columns: list[ParsedColumn]
    ticked: dict[str, pl.Series]
    disagree: dict[str, tuple[pl.Series, str, str]]


def read_together(parsed: list[ParsedColumn]) -> Together:
    """``parsed`` with the columns of one fact made one, in the place of the first. Its bad
    cells stay with the columns they are in (each row's errors are told from those).

    - Each kind of a yes/no fact in its own column (``kinds:`` in rules/facts.yaml, 农村低保 and
      城市低保, which :func:`app.roster.headers.find_mapping` lets a roster hold together): yes
      where any of them says yes, no where every one says no, else unknown (a blank or a bad
      cell, and no yes), as Kleene's "or" reads them; a blank says no in a column whose blank
      does (:attr:`ParsedColumn.blank_no`: a ticked kind's, an amount's).
    - A yes/no column beside the amount received (是否享受护理补贴 and 护理补贴金额): likewise,
      but where one says yes and the other no as written (否 beside 90, 是 beside 0: a blank
      amount says nothing against a yes), unknown, and the rows are given
      (:attr:`Together.disagree`): the list does not say which is right.
    - A 是 | 否 pair, one of which a form ticks (是否低保 over 是 and 否): yes where 是 is ticked
      and 否 is not, no where 否 is and 是 is not, else unknown (neither, or both)."""
    groups: dict[str, list[ParsedColumn]] = {}
    for p in parsed:
        groups.setdefault(p.name, []).append(p)
    out: list[ParsedColumn] = []
    both: dict[str, pl.Series] = {}
    disagree: dict[str, tuple[pl.Series, str, str]] = {}
    for name, group in groups.items():
        if len(group) == 1:
            out.append(group[0])
            continue
        pair = {p.pair: p for p in group if p.pair}
        if len(pair) == 2 and len(group) == 2:
            yes, no = pair[YES].value.fill_null(False), pair[NO].value.fill_null(False)
            value = pl.select(pl.when(yes & ~no).then(True).when(no & ~yes).then(False)
                              .otherwise(None)).to_series().alias(name)
            ticked = (yes & no).arg_true()
            if ticked.len():
                both[name] = ticked
            out.append(ParsedColumn(name, value, header=group[0].header))
            continue
        values = [p.value if not p.blank_no else  # (its blank cells: no; its bad ones: unknown)
                  p.value.fill_null(False).scatter(p.bad_rows, None) if p.bad_rows else
                  p.value.fill_null(False) for p in group]
        value = pl.select(pl.any_horizontal(values)).to_series().alias(name)
        amounts = [p for p in group if p.amounts]
        said = [p for p in group if not p.amounts]
        if amounts and said:
            # (as written: the yes/no columns' blank says nothing, the amount's blank neither)
            by_word = pl.any_horizontal([p.value for p in said])
            by_amount = pl.any_horizontal([p.value for p in amounts])
            rows = pl.select(((by_word & ~by_amount) | (~by_word & by_amount)).fill_null(False)
                             ).to_series().arg_true()
            if rows.len():
                value = value.scatter(rows, None)
                disagree[name] = (rows, "、".join(p.header for p in said),
                                  "、".join(p.header for p in amounts))
        out.append(ParsedColumn(name, value, header="、".join(p.header for p in group)))
    return Together(out, both, disagree)


def parse_column(raw: pl.Series, reader: CellReader) -> ParsedColumn:
    """The typed column (named as the fact) for the column ``raw`` exactly as the codec reads
    each cell: text (String, or Categorical), or parsed by the reader where :func:`typed_read`
    allowed it (Boolean, Int64: the codec's values already)."""
    raw = raw.alias(reader.name)
    if raw.dtype in TYPED:
        value = raw.cast(dec(0)) if reader.fdef.type == "number" else raw
        return ParsedColumn(reader.name, value, header=reader.header, pair=reader.pair,
                            blank_no=reader.blank_no, amounts=reader.amounts)
    parsed = _parse(raw, reader)
    parsed.header = reader.header
    parsed.pair = reader.pair
    parsed.blank_no = reader.blank_no
    parsed.amounts = reader.amounts
    return parsed


def _parse(raw: pl.Series, reader: CellReader) -> ParsedColumn:
    if not reader.many:
        cat = raw
        if not isinstance(raw.dtype, pl.Categorical) or raw.dtype.categories.is_global():
            # a dictionary of this batch's own (not polars' global one): dense codes
            cat = raw.cast(pl.String).cast(pl.Categorical(pl.Categories.random()))
        categories = cat.dtype.categories  # type: ignore[attr-defined]
        known = reader.dictionary
        if known is None or known.categories != categories:
            known = reader.dictionary = Dictionary(cat, reader.fdef)
        codes = cat.to_physical()
        if known.has_read(codes):  # (no spelling new to this file: the usual batch)
            return known.column(raw.name, codes)
        present = cat.unique().drop_nulls()  # this batch's spellings, with their codes
        if present.len() <= MAX_DISTINCT and known.extend(present, reader):
            return known.column(raw.name, codes)
        # a column of mostly distinct spellings (amounts to the cent): no dictionary
        reader.many, reader.dictionary = True, None
    return _by_columns(raw.cast(pl.String), reader)


class Dictionary:
    """What each spelling of a dictionary-coded column reads as, by code. Kept across the
    batches of one file (its reader gives them one dictionary, so that a code means the same
    spelling in every batch): each spelling is read once per file, and a batch then costs one
    lookup per row.

    polars keeps a dictionary only while some column uses it: this one keeps an empty column
    of it (:attr:`keep`), so that the codes keep their meaning from batch to batch."""

    def __init__(self, column: pl.Series, fdef: FactDef) -> None:
        self.categories = column.dtype.categories  # type: ignore[attr-defined]
        self.keep = column.clear()
        self.fdef = fdef
        self.type = fdef.type
        self.values: list[Any] = []  # by code; None for blank, bad or not yet read
        self.read: list[bool] = []  # by code: read yet
        self.read_below = 0  # every code below this was read
        self.errors: dict[int, str] = {}
        self.scales: list[int] = []  # digits after the point, by code (numbers)
        self._lut: pl.Series | None = None  # the typed value of each code
        self._scale_lut: pl.Series | None = None

    def has_read(self, codes: pl.Series) -> bool:
        """Whether every code in ``codes`` was read already."""
        top = codes.max()
        return top is None or int(top) < self.read_below  # type: ignore[arg-type]

    def extend(self, present: pl.Series, reader: CellReader) -> bool:
        """Reads the spellings in ``present`` (a batch's distinct cells, dictionary-coded) not
        read yet. False where the codes are too many for a lookup table (a dictionary grown by
        other columns' spellings, say)."""
        codes = present.to_physical()
        top = int(codes.max() or 0) + 1  # type: ignore[arg-type]
        if top > 4 * MAX_DISTINCT:
            return False
        if top > len(self.values):
            grow = top - len(self.values)
            self.values += [None] * grow
            self.read += [False] * grow
            self.scales += [0] * grow
        new = [k for k, code in enumerate(codes.to_list()) if not self.read[code]]
        if not new:
            return True
        spellings = present.gather(new).cast(pl.String).to_list()
        plain = _plain_values(spellings, reader)
        for k, code, text in zip(range(len(new)), codes.gather(new).to_list(), spellings,
                                 strict=True):
            parsed, problem = plain[k], None
            if parsed is None:
                parsed, problem = reader.read(text)
            if problem is not None:
                self.errors[code] = problem
                parsed = None
            self.values[code] = parsed
            self.read[code] = True
            if self.type == "number" and parsed is not None:
                self.scales[code] = decimal_places(parsed)
        while self.read_below < len(self.read) and self.read[self.read_below]:
            self.read_below += 1
        self._lut = self._scale_lut = None
        return True

    def column(self, name: str, codes: pl.Series) -> ParsedColumn:
        """The typed column of a batch's ``codes`` (UInt32, null where blank), its scale (the
        most digits after the point among the batch's numbers) and its bad cells."""
        if self._lut is None:
            if self.type == "number":
                scale = max(self.scales, default=0)
                self._lut = pl.Series([None if v is None else format(v, "f")
                                       for v in self.values], dtype=pl.String).cast(dec(scale))
                self._scale_lut = pl.Series(self.scales, dtype=pl.Int32)
            else:
                self._lut = pl.Series(self.values, dtype=dtype_of(self.fdef))
        value = self._lut.gather(codes).alias(name)
        scale = 0
        if self._scale_lut is not None:
            scale = int(self._scale_lut.gather(codes).max() or 0)  # type: ignore[arg-type]
            if scale != max(self.scales, default=0):
                value = value.cast(dec(scale))
        bad_rows: list[int] = []
        bad_texts: list[str] = []
        if self.errors:
            rows = codes.is_in(list(self.errors)).arg_true()
            bad_rows = rows.to_list()
            bad_texts = [self.errors[c] for c in codes.gather(rows).to_list()]
        return ParsedColumn(name, value, scale, bad_rows, bad_texts)


def _plain_values(spellings: list[str], reader: CellReader) -> list[Any]:
    """The value of each spelling the fast path reads (:func:`_fast`) and that is within the
    fact's range; None for the others, which go to the codec (it also words their errors).
    Rosters in plain spellings so never load the codec's readers. (None for every spelling of
    a 是 | 否 pair's column, whose own word is a tick: 否 under 否, CellReader.read.)"""
    fdef = reader.fdef
    if reader.pair or reader.worded:
        return [None] * len(spellings)
    value, ok = _fast(fdef, pl.col("s"), reader.on)
    got = pl.DataFrame({"s": spellings}, schema={"s": pl.String}).select(
        pl.when(ok).then(value).alias("v")).get_column("v").to_list()
    if fdef.type in ("integer", "number"):
        lo, hi = fdef.min, fdef.max
        got = [v if v is not None and (lo is None or v >= lo) and (hi is None or v <= hi)
               else None for v in got]
    return got


def _by_columns(raw: pl.Series, reader: CellReader) -> ParsedColumn:
    """Many distinct spellings (amounts to the cent, say): plain spellings read by polars,
    the rest by the codec."""
    fdef = reader.fdef
    name = raw.name
    t = fdef.type
    col = pl.col(name)
    fast, fast_ok = _fast(fdef, col, reader.on)
    if reader.pair or reader.worded:  # (as _plain_values; a column's length, not a literal's)
        fast = pl.repeat(None, pl.len(), dtype=dtype_of(fdef))
        fast_ok = pl.repeat(False, pl.len(), dtype=pl.Boolean)
    frame = raw.to_frame().select(fast.alias("value"), fast_ok.alias("ok"))
    value = frame.get_column("value")
    # the spellings the fast path did not read go through the codec, once each
    odd_rows = (raw.is_not_null() & ~frame.get_column("ok")).arg_true()
    bad_rows: list[int] = []
    bad_texts: list[str] = []
    slow_scale = 0
    if odd_rows.len():
        odd = raw.gather(odd_rows)
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for text in odd.unique().to_list():
            parsed, problem = reader.read(text)
            if problem is not None:
                errors[text] = problem
            elif parsed is not None:
                values[text] = parsed
        if values:
            if t == "number":
                slow_scale = max(decimal_places(v) for v in values.values())
                got = odd.replace_strict({k: format(v, "f") for k, v in values.items()},
                                         default=None, return_dtype=pl.String)
                value = value.cast(dec(max(MAX_FAST_SCALE, slow_scale)))
                got = got.cast(value.dtype, strict=False)
            else:
                got = odd.replace_strict(values, default=None, return_dtype=value.dtype)
            value = value.scatter(odd_rows, got)
        if errors:
            texts = odd.replace_strict(errors, default=None, return_dtype=pl.String)
            hit = texts.is_not_null()
            bad_rows += odd_rows.filter(hit).to_list()
            bad_texts += texts.filter(hit).to_list()
    scale = 0
    if t == "number":
        fast_scale = raw.to_frame().select(
            pl.when(fast_ok).then(_decimals(col)).max()).item()
        scale = max(fast_scale or 0, slow_scale)
        value = value.cast(dec(scale))
    if t in ("integer", "number") and (fdef.min is not None or fdef.max is not None):
        cmp = value.cast(dec(max(scale, 6))) if t == "number" else value
        for bound, test in ((fdef.min, cmp.__lt__), (fdef.max, cmp.__gt__)):
            if bound is None:
                continue
            out = test(_bound_value(bound, t)).fill_null(False).arg_true()
            if out.len():
                # out of range: the codec's own message for each such spelling
                bad_rows += out.to_list()
                bad_texts += [reader.read(text)[1] or f"{reader.header}: {text}"
                              for text in raw.gather(out).to_list()]
                value = value.scatter(out, pl.Series([None] * out.len(), dtype=value.dtype))
    if t == "enum":
        value = value.cast(dtype_of(fdef))
    return ParsedColumn(name, value.alias(name), scale, bad_rows, bad_texts)


def _bound_value(value: Decimal, t: str) -> Any:
    return int(value) if t == "integer" else value



def boolean_def() -> FactDef:
    """A yes/no column that is not a fact (``receives_<program>``)."""
    return FactDef(type="boolean", question="")
