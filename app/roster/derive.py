"""Facts derived from a roster's identity columns (issue 15, point 2).

- From the ID number and the disability certificate number, through the codec
  (:func:`app.codec.identity.facts_from_numbers`): age on the screening date; from a certificate
  number, that the person holds one, its category and grade; the Baise county of the region
  code (where the card was issued, used only where the roster gives no address).
- From the household address (:func:`place`): ``hukou`` and ``county``, by the place names in
  it (``places.yaml``): 百色 or one of the twelve county names → baise and that county; another
  Guangxi city → other_guangxi; another province → outside_guangxi. The name written first
  wins (an address goes from the province down to the street).

The numbers themselves are never kept: only the facts derived from them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import polars as pl

from app.engine import Rulebook
from app.i18n import N_, gettext_for

from .columns import ParsedColumn, dtype_of
from .files import col
from .headers import (
    ADDRESS,
    BIRTH_DATE,
    CATEGORY_GRADE,
    CATEGORY_GRADE_FACTS,
    CERTIFICATE_NUMBER,
    CITY,
    ID_NUMBER,
    ColumnMap,
    asks_here,
    place_column,
)
from .lazy import later

PLACES = Path(__file__).with_name("places.yaml")


@dataclass(frozen=True, slots=True)
class Places:
    pattern: re.Pattern[str]
    meaning: dict[str, tuple[str, str | None]]  # name -> (hukou, county or None)

    def place(self, address: str) -> tuple[str, str | None] | None:
        """(hukou, county or None) of a household address, or None where it names no place
        this knows (then both facts stay unknown). Another province or city of Guangxi is
        one only where its kind follows it (山东省, 南宁市): else the name is a village's or a
        street's (古障镇山东村, 龙景街道北京路, 上海路12号, 海南村: the ninth and tenth
        testers', read as outside Guangxi, and refused their subsidies)."""
        if NEGATED.search(address):  # 非百色, 百色以外, 不是本县: no place, whatever it names
            return None
        best: tuple[int, int, str] | None = None
        for m in self.pattern.finditer(address):
            if not self._names_place(address, m):
                continue
            best = (m.start(), -len(m.group(0)), m.group(0))
            break  # finditer goes left to right, longest alternative first
        if best is None:
            return None
        hukou, county = self.meaning[best[2]]
        if any(self._another(address, m, hukou) for m in self.pattern.finditer(address)):
            # two places of another kind (田东县/广东省, 百色市右江区（户口在广东）, 那坡县→广东省:
            # the thirty-second tester's, read as the first): none, and the cell is reported;
            # a street or village named after one (南宁路, 广东屯) is no other place
            return None
        if hukou == "baise" and county is None:
            # 百色市 first: the county, if named, comes after it
            for m in self.pattern.finditer(address, best[0] + len(best[2])):
                h, c = self.meaning[m.group(0)]
                if h == "baise" and c is not None and self._names_place(address, m):
                    return hukou, c
        return hukou, county

    def _another(self, address: str, m: re.Match[str], hukou: str) -> bool:
        """Whether the name matched is of a place of another hukou than ``hukou``: a Baise
        county's as :meth:`_names_place` says (西林 in 伊春市西林区 is none); another province's
        or city's with or without its kind (户口在广东), but for a street's or a village's
        name (南宁路, 广东屯)."""
        other = self.meaning[m.group(0)][0]
        if other == hukou:
            return False
        if other == "baise":
            return self._names_place(address, m)
        return not STREET_KIND.match(address, m.end())

    def _names_place(self, address: str, m: re.Match[str]) -> bool:
        """Whether the name matched is the place's: a province's or another city's followed by
        its kind (山东省, not 山东村); a Baise county's short name not followed by another kind
        of place (那坡, not 那坡镇, a town of 田阳区; 西林, not 伊春市西林区: the thirtieth
        tester's, read as Baise counties)."""
        name = m.group(0)
        if self.meaning[name][0] != "baise":
            # (广西柳州: after 广西, another city of Guangxi needs no 市)
            return REGION_KIND.match(address, m.end()) is not None or (
                self.meaning[name][0] == "other_guangxi"
                and GUANGXI_BEFORE.search(address, 0, m.start()) is not None
                and not STREET_KIND.match(address, m.end()))
        return name.endswith(("县", "市", "区")) or OTHER_KIND.match(address, m.end()) is None


# what follows a province's or a city's name in an address (山东省, 南宁市, 西藏自治区)
REGION_KIND = later(r"省|市|(?:[\u4e00-\u9fff]{0,4}族)?自治区|特别行政区")
# what follows a town's, village's or street's name, or a district of another city: after a
# Baise county's short name (那坡镇, 西林区 of 伊春市), no county of Baise
OTHER_KIND = later(r"[镇乡村屯街路巷区]")
# words that deny a place, leave it open or name two (非百色, 百色以外, 百色市外, 已迁出百色市,
# 原百色市现广东省, 住百色，户口在外省, 外省（百色市务工）: the thirtieth testers'): no place is
# read, and the cell is reported (外省, 省外 alone are hukou's choices, read as such)
NEGATED = later(r"非|不是|不在|以外|之外|[省市县区乡镇村屯组]外(?![环国贸滩])|"
                     r"外[省市县区乡镇村屯组地]|"
                     r"迁|原|现|住|务工|打工|不详|不明|未知")
# Guangxi named just before a place (广西柳州, 广西壮族自治区河池市)
GUANGXI_BEFORE = later(r"广西(?:壮族自治区|自治区|省|区)?$")
# a cell that says only that the household is registered in Guangxi (广西, 广西区内, 区内, 本省:
# the thirty-seventh tester's, said to name another county): not whether in Baise
IN_GUANGXI = later(r"(?:广西(?:壮族自治区|自治区|省|区)?|本省|省内|本区|区内|自治区内)"
                        r"(?:内|户籍|户口|人)?")
# what follows a place's name where it names a street or a village (南宁路, 广东屯, 北京路)
STREET_KIND = later(r"[路街巷村屯组弄道]")
# a county-level place's kind (兴义市, 富宁县, 南山区, 文山州): in an address that names no
# place known, another county's (the thirty-second tester's 富宁县新华镇, read as the card's
# Baise county); but for 本县, and 社区, 小区 and the like, which are no county, nor a town
# named 州 (田州镇, 新州镇, 旧州镇: the seats of 田阳, 隆林, a town of 靖西; the thirty-seventh
# tester's, said to be another county's)
COUNTY_KIND = later(r"[县市区旗盟]|州(?![镇乡村街屯])")
NO_COUNTY = later(r"本[县市区]|[社小园城新景片学]区|市场|超市")
# what an address of a village, a town or a street holds (that names no county: 八达镇那岩村,
# 本县八达镇): the county where the card was issued stands in for it
LOCAL = later(r"[镇乡村屯组号]|街道|社区|居委|路|街|巷|小区|农场|林场")
# a note in brackets after a cell's text (外省（广东）)
BRACKETED = later(r"\s*[（(【\[][^）)】\]]*[）)】\]]\s*$")
# a household's type (农业 / 非农业), which lists write under 户籍 or 户口 too: no place
HOUSEHOLD_TYPE = later(
    r"(?:非农业|农业|非农|农村|城镇|城市|居民|集体|家庭)+(?:户口|户籍|户|人口)?")


@cache
def _places_for(counties: tuple[tuple[str, str], ...]) -> Places:
    import yaml  # (only here: a roster without an address column never loads PyYAML)

    data: dict[str, Any] = yaml.safe_load(PLACES.read_text("utf-8"))
    meaning: dict[str, tuple[str, str | None]] = {}
    for name in data["outside_guangxi"]:
        meaning[name] = ("outside_guangxi", None)
    for name in data["other_guangxi"]:
        meaning[name] = ("other_guangxi", None)
    for name in data["baise"]:
        meaning[name] = ("baise", None)
    for cid, label in counties:
        meaning[label] = ("baise", cid)
        for alias in data["county_aliases"].get(cid, []):
            meaning[alias] = ("baise", cid)
    names = sorted(meaning, key=len, reverse=True)
    return Places(re.compile("|".join(map(re.escape, names))), meaning)


def places(book: Rulebook) -> Places:
    county = book.facts.get("county")
    values = tuple(sorted((county.values or {}).items())) if county is not None else ()
    return _places_for(values)


def from_numbers(id_text: str | None, cert_text: str | None,
                 on: dt.date) -> tuple[dict[str, Any], list[Any]]:
    """Facts from an ID and a certificate number (either may be None), and the codec's
    problems (each names ``id_number`` or ``certificate_number``)."""
    from app.codec import identity

    return identity.facts_from_numbers(id_text or None, cert_text or None, on=on)


class Deriver:
    """Derives facts from a batch's identity columns and merges them with the columns that
    give the same facts: where both give a value and they differ, the fact stays unknown and
    the row's error names both columns."""

    def __init__(self, book: Rulebook, mapping: ColumnMap, on: dt.date, lang: str) -> None:
        self.book, self.on, self.lang = book, on, lang
        self._ = gettext_for(lang)
        self.id_col = mapping.of(ID_NUMBER)
        self.cert_col = mapping.of(CERTIFICATE_NUMBER)
        self.birth_col = mapping.of(BIRTH_DATE)
        self.class_col = mapping.of(CATEGORY_GRADE)
        self.classes: dict[str, tuple[Any, Any, str | None]] = {}  # by cell (_class_cell)
        self.held: dict[str, bool | None] = {}  # by a certificate's cell of no digit (_held)
        # the address column, then the 户籍 columns (:func:`place_column`): each cell a place
        # or one of hukou's choices
        self.place_cols = [c for c in mapping.columns if c.target == ADDRESS] + [
            c for c in mapping.columns if place_column(c)]
        self.places = places(book) if self.place_cols else None
        self.seen: dict[str, tuple[str, str | None, str]] = {}
        # the 户籍 columns that ask whether the household is registered here (是否本市户籍),
        # and those of them that ask of the city itself (本市: a no is "not Baise")
        self.here = {c.index for c in self.place_cols if asks_here(c)}
        self.not_baise = {k for k, c in enumerate(self.place_cols) if asks_here(c) in CITY}
        self.seen_here: dict[str, tuple[str | None, str | None, str]] = {}
        facts: list[str] = []
        if self.id_col or self.cert_col or self.birth_col:
            facts += ["age"]
        if self.cert_col:
            facts += list(FROM_CERTIFICATE)
        if self.class_col:
            facts += list(CATEGORY_GRADE_FACTS)
        if self.place_cols or self.id_col or self.cert_col:
            facts += ["hukou", "county"]
        # (an age column, an ID number and a birth date are each held against the others)
        self.facts = [f for f in facts if f in book.facts]

    def apply(self, raw: pl.DataFrame, given: list[ParsedColumn],
              unread: Collection[tuple[int, int]] = ()
              ) -> tuple[list[ParsedColumn], list[ParsedColumn]]:
        """(the fact columns, merged with derived ones; columns of errors to report).
        ``unread``: the cells (row in the batch, column index) the reader could not read
        (#N/A, a formula without its value: reported there), no blank ones."""
        if not self.facts:
            return given, []
        n = raw.height
        derived: dict[str, tuple[list[Any], str]] = {}
        errors: list[ParsedColumn] = []
        region: dict[str, list[Any]] = {"hukou": [None] * n, "county": [None] * n}
        if self.id_col or self.cert_col:
            derived, region, errors = self._numbers(raw, n)
        # the columns that give a fact beside an identity number's (held against it in turn)
        more: list[tuple[str, tuple[list[Any], str]]] = []
        if self.birth_col is not None:
            ages, bad = self._births(raw.get_column(col(self.birth_col.index)))
            more.append(("age", (ages, self.birth_col.header)))
            errors += bad
        if self.class_col is not None:
            classes, bad = self._classes(raw.get_column(col(self.class_col.index)))
            more += [(fact, (values, self.class_col.header))
                     for fact, values in zip(CATEGORY_GRADE_FACTS, classes, strict=True)]
            errors += bad
        if self.place_cols:
            hukou, county, bad = self._places(raw, region, set(unread))
            header = self.place_cols[0].header
            derived["hukou"] = (hukou, header)
            derived["county"] = (county, header)
            errors += bad
        elif self.id_col or self.cert_col:  # no address: the Baise county where the card
            source = (self.id_col or self.cert_col)  # was issued (:meth:`_numbers`), else none
            assert source is not None
            derived["hukou"] = (region["hukou"], source.header)
            derived["county"] = (region["county"], source.header)
        out = {p.name: p for p in given}
        # of a fact given by several columns: which column gave each row's value (null where
        # none did), and the rows where two disagreed (unknown whatever a later one says)
        givers: dict[str, pl.Series] = {}
        clashed: dict[str, pl.Series] = {}
        for fact, (values, header) in [*derived.items(), *more]:
            if fact not in self.book.facts:
                continue
            fdef = self.book.facts[fact]
            series = pl.Series(fact, values, dtype=dtype_of(fdef))
            mine = out.get(fact)
            if mine is None:
                out[fact] = ParsedColumn(fact, series, header=header)
                continue
            value = mine.value
            giver = givers.get(fact)
            if giver is None:
                giver = pl.select(pl.when(pl.lit(value).is_not_null()).then(pl.lit(mine.header))
                                  .otherwise(None)).to_series()
            before = clashed.get(fact, pl.repeat(False, len(value), eager=True))
            if mine.scale:
                series = series.cast(value.dtype)
            region = fact in ("hukou", "county") and not self.place_cols
            if region and mine.bad_rows:
                # (a cell refused stays unknown: where the card was issued stands in for a
                # blank one only, as for an address)
                series = series.scatter(mine.bad_rows, None)
            # (where the card was issued is no disagreement with the list's hukou: the list's
            # stands, as a 户籍 column's does)
            differ = pl.repeat(False, len(value), eager=True) if region else (
                value.is_not_null() & series.is_not_null() & (value != series)).fill_null(False)
            rows = differ.arg_true()
            unknown = pl.lit(differ | before)
            merged, givers[fact] = pl.select(
                pl.when(unknown).then(None).otherwise(pl.coalesce(pl.lit(value), pl.lit(series)))
                .alias(fact),
                pl.when(unknown).then(None).when(pl.lit(value).is_not_null()).then(pl.lit(giver))
                .when(pl.lit(series).is_not_null()).then(pl.lit(header)).otherwise(None)
                .alias("giver")).get_columns()
            clashed[fact] = differ | before
            out[fact] = ParsedColumn(fact, merged, mine.scale, header=mine.header)
            # (which column gave which, row by row, by the column that gave the value held
            # against this one: the sixth tester could not tell, and the thirty-fourth's named
            # a blank 类别 where the certificate number gave it; the command adds that the cell
            # is taken as unknown, as for every bad cell)
            if rows.len():
                texts = [f"{first}: " + self._(
                    "这一列是“{a}”，“{other}”列的是“{b}”，两者不一致。").format(
                    other=header, a=self._show(fact, a), b=self._show(fact, b))
                    + (self._stale_age(first) if fact == "age" and a == b - 1 else "")
                    for first, a, b in zip(giver.gather(rows).to_list(),
                                           value.gather(rows).to_list(),
                                           series.gather(rows).to_list(), strict=True)]
                errors.append(ParsedColumn(fact, series, 0, rows.to_list(), texts,
                                           header=mine.header))
        return [out[f] for f in out], errors

    def _stale_age(self, column: str) -> str:
        """What to do where a list's 年龄 is one year below the age its ID number gives on the
        screening date: the age was most likely reckoned on an earlier day (the day the list
        was made), and the column is better left unread (the fifty-ninth tester's: half a
        list's ages unknown, and no word of the way out)."""
        return self._("名单上的年龄可能是早些时候（如制表那天）算的：只按身份证号算年龄的话，请让"
                      "这一列不读（列对应文件里写“{column}:”，或在上传页把这一列改为“不读这一列"
                      "（原样保留）”）。").format(column=column)

    def _show(self, fact: str, value: Any) -> str:
        """A value as the codec shows an answer (肢体残疾, 3级, 54岁)."""
        from app.codec.display import fact_value

        return fact_value(self.book, fact, value, self.lang)

    def _numbers(self, raw: pl.DataFrame, n: int
                 ) -> tuple[dict[str, tuple[list[Any], str]], dict[str, list[Any]],
                            list[ParsedColumn]]:
        from app.codec import problem_text

        ids = raw.get_column(col(self.id_col.index)).to_list() if self.id_col else [None] * n
        certs = raw.get_column(col(self.cert_col.index)).to_list() if self.cert_col \
            else [None] * n
        names = ["age", *FROM_CERTIFICATE, "hukou", "county"]
        got: dict[str, list[Any]] = {k: [None] * n for k in names}
        bad_rows: list[int] = []
        bad_texts: list[str] = []
        for i, (a, b) in enumerate(zip(ids, certs, strict=True)):
            a = a.strip() if a else None
            b = b.strip() if b else None
            if b and not HAS_DIGIT.search(b) and (held := self._held(b)) is not None:
                # a certificate's cell that says whether one is held, not its number (无,
                # 未办证, 已办证): that, as a 是否持证 column gives it; the ID number is read
                got["has_disability_certificate"][i] = held
                b = None
            if not a and not b:
                continue
            facts, problems = from_numbers(a, b, self.on)
            for k, v in facts.items():
                if k in got:
                    got[k][i] = v
            for p in problems:
                column = self.cert_col if p.fact == CERTIFICATE_NUMBER else self.id_col
                column = column or self.id_col or self.cert_col
                assert column is not None
                bad_rows.append(i)
                bad_texts.append(f"{column.header}: {problem_text(p, self.lang)}")
        source = (self.cert_col or self.id_col)
        assert source is not None
        age_from = self.id_col or self.cert_col
        assert age_from is not None
        derived = {"age": (got["age"], age_from.header)}
        if self.cert_col:
            derived |= {k: (got[k], self.cert_col.header) for k in FROM_CERTIFICATE}
        errors = [ParsedColumn("__identity", pl.Series([], dtype=pl.Null), 0, bad_rows,
                               bad_texts, header=source.header)] if bad_rows else []
        # where the card was issued stands for the household's registration only where that
        # is Baise: a card issued elsewhere is kept by one who moved here (the tenth tester's:
        # refused both subsidies, as outside Guangxi)
        baise = [h == "baise" for h in got["hukou"]]
        return derived, {"hukou": [h if b else None for h, b in zip(got["hukou"], baise,
                                                                     strict=True)],
                         "county": [c if b else None for c, b in zip(got["county"], baise,
                                                                      strict=True)]}, errors

    def _held(self, text: str) -> bool | None:
        """Whether a certificate number's cell says a certificate is held or not, as the codec
        reads a 是否持证 cell (无, 没有, 未办证, 已办证: rules/facts.yaml), or None where it
        does not (a number, or anything else, read as a number)."""
        if text in self.held:
            return self.held[text]
        from app.codec import read_cell

        reading = read_cell(self.book, "has_disability_certificate", text, on=self.on)
        got = reading.value if reading.problem is None else None
        if len(self.held) < HELD_SPELLINGS:
            self.held[text] = got
        return got  # type: ignore[no-any-return]

    def _births(self, column: pl.Series) -> tuple[list[Any], list[ParsedColumn]]:
        """The age on the screening date of each birth date (:func:`age_from_birth`), and the
        cells that give none, as errors."""
        assert self.birth_col is not None

        def age(text: str) -> tuple[tuple[Any, ...], str | None]:
            got, problem = age_from_birth(text, self.on, self._)
            return (got,), problem

        (ages,), errors = self._by_cell(column, age, self.birth_col.header, "__birth", 1)
        return ages, errors

    def _classes(self, column: pl.Series) -> tuple[list[list[Any]], list[ParsedColumn]]:
        """The category and the grade of each cell of the category-and-grade column
        (:meth:`_class_cell`), and the cells that give neither, as errors."""
        assert self.class_col is not None

        def both(text: str) -> tuple[tuple[Any, ...], str | None]:
            category, grade, problem = self._class_cell(text)
            return (category, grade), problem

        return self._by_cell(column, both, self.class_col.header, "__class", 2)

    @staticmethod
    def _by_cell(column: pl.Series, read: Callable[[str], tuple[tuple[Any, ...], str | None]],
                 header: str, name: str, width: int
                 ) -> tuple[list[list[Any]], list[ParsedColumn]]:
        """Each cell of ``column`` read by ``read`` (its ``width`` values, and what is wrong
        with it or None; a blank cell gives nothing): the values, one list per value, and the
        cells read with a problem, as errors named by the column's ``header``."""
        values: list[list[Any]] = [[] for _k in range(width)]
        bad_rows: list[int] = []
        bad_texts: list[str] = []
        for i, text in enumerate(column.cast(pl.String).to_list()):
            got, problem = read(text) if text and text.strip() else ((None,) * width, None)
            for k, value in enumerate(got):
                values[k].append(value)
            if problem is not None:
                bad_rows.append(i)
                bad_texts.append(f"{header}: {problem}")
        errors = [ParsedColumn(name, pl.Series([], dtype=pl.Null), 0, bad_rows, bad_texts,
                               header=header)] if bad_rows else []
        return values, errors

    def _class_cell(self, text: str) -> tuple[Any, Any, str | None]:
        """(category, grade, problem) of a cell that holds both, as lists write them (肢体一级,
        视力残疾二级, 一级肢体, 精神（三级）, 多重 2级, 肢体一级（重度）): the grade is the number
        before 级 (or a last digit), with a severity beside it, read as a grade cell is; the rest
        is the category, read as a category cell is. A cell of either alone gives that one. A
        cell of two categories (肢体一级、视力二级), or one the codec does not read, gives
        neither, and says what to write. Each spelling is read once (lists repeat them)."""
        got = self.classes.get(text)
        if got is None:
            got = self.classes[text] = self._read_class(text)
        return got

    def _read_class(self, text: str) -> tuple[Any, Any, str | None]:
        from app.codec import problem_text, read_cell

        plain = unicodedata.normalize("NFKC", text).strip()
        grades = list(grade_in_class().finditer(plain))
        rest = plain
        grade = None
        if len(grades) == 1:
            m = grades[0]
            reading = read_cell(self.book, "disability_grade", m.group(0), on=self.on)
            if reading.problem is not None:  # (三级（重度）: the grade and its severity)
                return None, None, problem_text(reading.problem, self.lang)
            grade = reading.value
            rest = plain[:m.start()] + plain[m.end():]
        rest = CLASS_EDGES.sub("", rest)
        category = None
        if rest:
            category = self._category(rest)
            listed = MULTIPLE_LISTED.fullmatch(rest)
            if category is None and listed is not None \
                    and self._category(listed[1]) == "multiple":
                category = "multiple"  # (多重（肢体、视力）: its kinds named beside it)
        if (rest and category is None) or len(grades) > 1:
            return None, None, self._("读不出残疾类别和等级：请照残疾人证写，例如“肢体一级”"
                                      "“视力残疾二级”；有两类以上残疾的，写“多重”和证上的等级。")
        return category, grade, None

    def _category(self, text: str) -> Any:
        """The category a text is, as the codec reads a category cell, or None."""
        from app.codec import read_cell

        reading = read_cell(self.book, "disability_category", text, on=self.on)
        return reading.value if reading.problem is None else None

    def _places(self, raw: pl.DataFrame, region: dict[str, list[Any]],
                unread: set[tuple[int, int]]) -> tuple[list[Any], list[Any], list[ParsedColumn]]:
        """(hukou, county) of each row from its address and 户籍 columns (:attr:`place_cols`,
        the address first), each cell read as a place or as one of hukou's choices
        (:meth:`_cell`); the rows' errors. Where the card was issued in Baise (``region``, from
        the ID or certificate number), it stands in where every cell is blank, a household's
        type (农业) or an address of a village or a street that names no county (八达镇那岩村),
        and gives the county of a cell that names Baise alone (百色市, 本市). Where two columns
        give a different hukou, or a different county, it stays unknown and the error names
        both. A cell that gives nothing is reported where the row's hukou stays unknown."""
        n = raw.height
        hukou: list[Any] = [None] * n
        county: list[Any] = [None] * n
        giver: list[int | None] = [None] * n  # the column that gave each row's hukou
        kinds: list[list[str]] = []  # per column, each row's kind of cell (_cell)
        given: list[list[tuple[str | None, str | None]]] = []  # per column, (hukou, county)
        clash: dict[int, tuple[int, int, str]] = {}  # row: (column, other column, fact)
        for k, c in enumerate(self.place_cols):
            kinds.append([])
            given.append([])
            for i, text in enumerate(raw.get_column(col(c.index)).to_list()):
                if (i, c.index) in unread:  # (#N/A: no blank cell, and said so already)
                    h, cty, kind = None, None, PROBLEM
                elif not text or not text.strip():
                    h, cty, kind = None, None, BLANK
                elif c.index in self.here:
                    if text not in self.seen_here:
                        self.seen_here[text] = self._here_cell(text)
                    h, cty, kind = self.seen_here[text]
                else:
                    if text not in self.seen:
                        self.seen[text] = self._cell(text)
                    h, cty, kind = self.seen[text]
                kinds[k].append(kind)
                given[k].append((h, cty))
                if h is None or i in clash:
                    continue
                first = giver[i]
                if first is None:
                    hukou[i], county[i], giver[i] = h, cty, k
                elif hukou[i] != h:
                    clash[i] = (k, first, "hukou")
                elif cty is not None and county[i] is not None and county[i] != cty:
                    clash[i] = (k, first, "county")
                elif county[i] is None:
                    county[i] = cty
        for k in self.not_baise:  # (是否本市户籍 否 beside an address in Baise)
            for i in range(n):
                if kinds[k][i] == NOT_HERE and hukou[i] == "baise" and i not in clash:
                    first = giver[i]
                    assert first is not None
                    clash[i] = (k, first, "hukou")
        for i, (_k, _first, fact) in clash.items():
            county[i] = None
            if fact == "hukou":  # (another county of one hukou: the hukou stands)
                hukou[i] = None
        for i in range(n):
            # the card's Baise county: where no cell says where, and for the county of a
            # cell that names Baise alone
            r_hukou, r_county = region["hukou"][i], region["county"][i]
            if r_hukou is None or i in clash:
                continue
            if hukou[i] is None and all(kind[i] in (BLANK, HOUSEHOLD, LOCAL_ONLY)
                                        for kind in kinds):
                hukou[i], county[i] = r_hukou, r_county
            elif hukou[i] == r_hukou and county[i] is None:
                county[i] = r_county
        return hukou, county, self._clashes(clash, given) + self._unread(hukou, kinds, clash)

    def _clashes(self, clash: dict[int, tuple[int, int, str]],
                 given: list[list[tuple[str | None, str | None]]]) -> list[ParsedColumn]:
        """The errors of the rows whose 户籍 columns (:meth:`_places`) give another hukou or
        county: row → (column, the column that gave it first, the fact)."""
        if not clash:
            return []
        rows = sorted(clash)
        texts = []
        for i in rows:
            k, first, fact = clash[i]
            index = 0 if fact == "hukou" else 1
            a = given[k][i][index]
            texts.append(f"{self.place_cols[k].header}: " + self._(
                "这一列是“{a}”，“{other}”列的是“{b}”，两者不一致。").format(
                other=self.place_cols[first].header,
                a=self._show(fact, a) if a is not None else self._("否"),
                b=self._show(fact, given[first][i][index])))
        return [ParsedColumn("__hukou", pl.Series([], dtype=pl.Null), 0, rows, texts,
                             header=self.place_cols[0].header)]

    def _unread(self, hukou: list[Any], kinds: list[list[str]],
                clash: dict[int, tuple[int, int, str]]) -> list[ParsedColumn]:
        """The errors of the rows where a 户籍 column holds a cell that names nothing known, or
        whose hukou stays unknown though one holds a cell (:meth:`_places`), by the first such
        cell: what it holds, and what to write."""
        choices = self.book.facts["hukou"].values.values() if "hukou" in self.book.facts \
            else ()
        listed = self._("、").join(self._(c) for c in choices)
        rows: list[int] = []
        texts: list[str] = []
        for i, known in enumerate(hukou):
            # (a cell that names nothing known is said, whatever the other columns give: 不详
            # beside 本市; a village's address or a household's type only where hukou stays
            # unknown, as the card stands in for them)
            unread = [(c, kind[i]) for c, kind in zip(self.place_cols, kinds, strict=True)
                      if kind[i] in UNREAD or known is None and kind[i] in (LOCAL_ONLY,
                                                                           HOUSEHOLD, NOT_HERE)]
            if i in clash or not unread:
                continue
            c, kind = unread[0]
            rows.append(i)
            texts.append(f"{c.header}: " + self._why(kind).format(choices=listed))
        return [ParsedColumn("__address", pl.Series([], dtype=pl.Null), 0, rows, texts,
                             header=self.place_cols[0].header)] if rows else []

    def _why(self, kind: str) -> str:
        """Why a cell of a 户籍 column gives no hukou, and what to write ({choices}: hukou's)."""
        return self._(WHY.get(kind, WHY[NOTHING]))

    def _here_cell(self, text: str) -> tuple[str | None, str | None, str]:
        """(hukou, county, kind) of a cell of a column that asks whether the household is
        registered here (是否本市户籍, 本县户口: :func:`~.headers.asks_here`): yes is 百色市
        (the lists are Baise's offices', as 本市 and 本县 in a cell are read), no says only
        that it is not here (:data:`NOT_HERE`: another county of Baise, another city or
        province?); a cell that names a place or a choice is read as any 户籍 cell is
        (:meth:`_cell`)."""
        from app.codec import read_cell

        from .columns import boolean_def

        reading = read_cell(SimpleNamespace(facts={"here": boolean_def()}), "here", text,
                            on=self.on)
        if reading.problem is None:
            return ("baise", None, CHOICE) if reading.value else (None, None, NOT_HERE)
        return self._cell(text)

    def _cell(self, text: str) -> tuple[str | None, str | None, str]:
        """(hukou, county, kind) of one cell of an address or 户籍 column: by the places it
        names (:data:`PLACE`), else as one of hukou's choices as the codec reads them (本市,
        外省, 百色市户籍, 外省（广东）: :data:`CHOICE`, county None), else a province's or another
        city's name alone (广东, 桂林: :data:`PLACE`); else none, and of which kind: a
        household's type (农业: :data:`HOUSEHOLD`), a ditto mark (:data:`SAME_AS_ABOVE`), a
        move or a denial (已迁出, 非百色, 外地: :data:`MOVED`), two places (:data:`TWO_PLACES`),
        another county (富宁县新华镇: :data:`OTHER_COUNTY`), an address of a village or a street
        naming no county (:data:`LOCAL_ONLY`), anything else (:data:`NOTHING`: 不详)."""
        assert self.places is not None
        plain = unicodedata.normalize("NFKC", text).strip()
        found = self.places.place(plain)
        if found is not None:
            return found[0], found[1], PLACE
        choice = hukou_choice(self.book, plain, self.on)
        note = BRACKETED.search(plain)
        if choice is None and note is not None and note.start() > 0:
            # (外省（广东）, 区外（广东）: the choice, where its note says nothing against it; not
            # 本市（户口已迁广东） or 外省（百色市务工）)
            choice = hukou_choice(self.book, plain[:note.start()], self.on)
            if choice is not None and (NEGATED.search(note.group(0)) or any(
                    self.places.meaning[m.group(0)][0] != choice
                    for m in self.places.pattern.finditer(note.group(0)))):
                choice = None
        if choice is not None:
            return choice, None, CHOICE
        if IN_GUANGXI.fullmatch(plain):
            return None, None, GUANGXI_ONLY
        alone = self.places.meaning.get(re.sub(r"(?:户籍|户口|人)$", "", plain))
        if alone is not None and alone[0] != "baise":  # (广东, 桂林, 贵州人: the name alone)
            return alone[0], None, PLACE
        if HOUSEHOLD_TYPE.fullmatch(plain):
            return None, None, HOUSEHOLD
        if DITTO.fullmatch(plain):
            return None, None, SAME_AS_ABOVE
        if UNKNOWN_WORDS.search(plain):  # (不详, 田东县（不详）: said to be unknown)
            return None, None, NOTHING
        if NEGATED.search(plain):
            return None, None, MOVED
        if len({self.places.meaning[m.group(0)][0]
                for m in self.places.pattern.finditer(plain)}) > 1:
            return None, None, TWO_PLACES
        if COUNTY_KIND.search(NO_COUNTY.sub("", plain)):
            return None, None, OTHER_COUNTY
        if LOCAL.search(plain):
            return None, None, LOCAL_ONLY
        return None, None, NOTHING


@cache
def grade_in_class() -> re.Pattern[str]:
    """A grade in a cell of the category and the grade (Deriver._class_cell): a number before
    级 (一级, 2级, Ⅱ级: NFKC makes Ⅱ into II), with its severity beside it as the codec reads
    one (一级（重度）: app.codec.numbers.SEVERITY, imported with the first such cell, so that
    a list without one never loads the codec), or a last digit of 1 to 4 (视力2)."""
    from app.codec.numbers import SEVERITY

    return re.compile(rf"(?:[一二三四壹贰叁肆1-4]|I{{1,3}}|IV)\s*级(?:{SEVERITY})?"
                      r"|(?<![0-9])[1-4]$")


# 多重 with its kinds named beside it, in brackets (多重（肢体、视力）, after NFKC; its closing
# bracket taken off with the cell's edges)
MULTIPLE_LISTED = later(r"(.+?)\s*\(.+")
# what is left around a category once its grade is taken out
CLASS_EDGES = later(r"^[\s,，、/:：()（）\[\]【】-]+|[\s,，、/:：()（）\[\]【】-]+$|\(\)|（）")

# what one cell of an address or 户籍 column is (Deriver._cell)
BLANK, PLACE, CHOICE, LOCAL_ONLY, HOUSEHOLD, NOTHING, PROBLEM = (
    "blank", "place", "choice", "local", "household", "nothing", "problem")
# cells that name nothing known, by why (each said so on the row): a move or a denial (已迁出,
# 非百色, 外地), two places (田东县/广东省), a county not of Baise nor under a province named
# (富宁县新华镇), a ditto mark (同上)
MOVED, TWO_PLACES, OTHER_COUNTY, SAME_AS_ABOVE = "moved", "two_places", "other_county", "ditto"
# a no under a header that asks whether the household is registered here (是否本市户籍: 否)
NOT_HERE = "not_here"
# Guangxi alone (广西, 区内: IN_GUANGXI): not whether in Baise, and the card does not stand in
# for it (the thirtieth testers': 广西 read as 百色市 without a word)
GUANGXI_ONLY = "guangxi"
UNREAD = frozenset({NOTHING, MOVED, TWO_PLACES, OTHER_COUNTY, SAME_AS_ABOVE, GUANGXI_ONLY})

# words that say the place is not known
UNKNOWN_WORDS = later(r"不详|不明|未知")
# why a cell of a 户籍 column gives no hukou, by its kind (Deriver._why)
WHY = {
    HOUSEHOLD: N_("写的是户口类型（农业、非农业），看不出户籍在哪里：请写户籍地址（如 "
                  "百色市右江区……），或写 {choices} 之一。"),
    MOVED: N_("写了迁移、否定或“外地”一类的话，看不出户籍在哪里：请只写现在的户籍地址"
              "（如 百色市右江区……），或写 {choices} 之一。"),
    TWO_PLACES: N_("写了不止一个地方，看不出户籍是哪一个：请只写户籍地址（如 百色市右江区……），"
                   "或写 {choices} 之一。"),
    OTHER_COUNTY: N_("写的县（市、区）不是百色的，也看不出在哪个省：请写上省或市"
                     "（如 云南省富宁县……），或写 {choices} 之一。"),
    SAME_AS_ABOVE: N_("“同上”一类的记号看不出户籍在哪里：请写出户籍地址，或写 {choices} 之一。"),
    NOT_HERE: N_("写的是“否”（不是本地户籍），看不出户籍在哪里：请写户籍地址（如 "
                 "广西南宁市……），或写 {choices} 之一。"),
    NOTHING: N_("看不出户籍在哪个省、市、县：请写户籍地址（如 百色市右江区……），"
                "或写 {choices} 之一。"),
    GUANGXI_ONLY: N_("只写了广西，看不出是不是百色的：请写户籍地址（如 百色市右江区……、"
                     "广西南宁市……），或写 {choices} 之一。"),
}
# a ditto mark, as a list repeats the cell above
DITTO = later(r"同上|同前|同左|〃|\"|“”")


def hukou_choice(book: Rulebook, text: str, on: dt.date | None) -> str | None:
    """The hukou choice a cell is, as the codec reads it (百色市, 本市, 外省, baise), or None
    (an address, a word it does not know, or a rulebook without hukou)."""
    if "hukou" not in book.facts:
        return None
    from app.codec import read_cell

    reading = read_cell(book, "hukou", text, on=on)
    return reading.value if reading.problem is None else None


# a birth date to the month only, as 出生年月 is written (1980年1月, 1980.01, 1980-1, 198001)
BIRTH_MONTH = later(r"([0-9]{4})\s*(?:年\s*|[-/.])?([0-9]{1,2})\s*月?")


def age_from_birth(text: str, on: dt.date, _: Any) -> tuple[int | None, str | None]:
    """(age in whole years on ``on``, None) from a birth date as the codec reads a date
    (1980-01-05, 1980年1月5日, 19800105); or from a year and month, where the age does not
    hang on the day (the screening date is in another month). Else (None, the problem, in the
    language of ``_``): a birth date to the month whose month is the screening date's (the
    age turns on the day), not a date, or after the screening date."""
    from app.codec.dates import from_excel_serial, parse_date_text
    from app.codec.identity import EARLIEST_BIRTH, age_on
    from app.codec.text import normalise

    s = normalise(text) or ""
    born = parse_date_text(s)
    if born is None and re.fullmatch(r"[0-9]{5}", s):  # an Excel date serial, as a date cell
        born = from_excel_serial(int(s))                 # in the General format shows it
    if born is None and re.fullmatch(r"[0-9]{4}\.1", s):
        # (Excel keeps 1965.10, October, as the number 1965.1: January or October)
        return None, _("{text} 可能是 1 月，也可能是 10 月（Excel 把 {text}0 存成 {text}）："
                       "请写成 {year}年10月 或 {year}-01-01 这样。").format(text=s, year=s[:4])
    if born is None:
        m = BIRTH_MONTH.fullmatch(s)
        if m is None or not 1 <= int(m.group(2)) <= 12:
            return None, _("看不出出生日期，请写成 1980-01-05 或 1980年1月5日。")
        year, month = int(m.group(1)), int(m.group(2))
        if year < EARLIEST_BIRTH.year:
            return None, _("出生日期太早，请核对。")
        if (year, month) > (on.year, on.month):
            return None, _("出生日期在筛查日期之后。")
        if month == on.month:
            return None, _("出生年月只写到月，这个月生日前后年龄不同，请写出哪一天。")
        return on.year - year - (on.month < month), None
    if born > on:
        return None, _("出生日期在筛查日期之后。")
    if born < EARLIEST_BIRTH:  # (as an ID number's birth date is held)
        return None, _("出生日期太早，请核对。")
    return age_on(born, on), None


HAS_DIGIT = later(r"\d")
HELD_SPELLINGS = 1_000  # a certificate's cells of no digit kept as read (Deriver._held), at most
FROM_CERTIFICATE = ("has_disability_certificate", "disability_category", "disability_grade")
# the identity column a list gives a fact by, as clerks hold it (a certificate number gives age
# too, and an ID number hukou and county, where the list has no better one)
GIVEN_BY = {"age": ID_NUMBER, **dict.fromkeys(FROM_CERTIFICATE, CERTIFICATE_NUMBER),
            "hukou": ADDRESS, "county": ADDRESS}
# the facts each column read by the Deriver gives, by its target, as the list holds them (a 户籍
# column read as an address is: "hukou"); where the card was issued is left out: it stands in
# for hukou and county, and is no cell to fill in (bulk's column of the cells an undetermined
# row needs)
DERIVED_FROM = {ID_NUMBER: ("age",), BIRTH_DATE: ("age",), ADDRESS: ("hukou", "county"),
                "hukou": ("hukou", "county"), CERTIFICATE_NUMBER: ("age", *FROM_CERTIFICATE),
                CATEGORY_GRADE: CATEGORY_GRADE_FACTS}
