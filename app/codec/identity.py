"""Facts from a 居民身份证号 (18 digits, or the first cards' 15) and a 第二代残疾人证号 (20 digits).

An ID number (GB 11643-1999) is a 6-digit region code (GB/T 2260) where the card was first
issued, the birth date YYYYMMDD, a 3-digit sequence and a check digit (ISO 7064 MOD 11-2, X
for 10). A second-generation disability certificate number is the holder's ID number followed
by the disability category (1 视力 … 7 多重) and grade (1–4) (../shared/samples/README.md).
A first-generation card's number (GB 11643-1989, still held by some of the old) has 15 digits:
the region code, the birth date YYMMDD of the 1900s, and a 3-digit sequence, without a check
digit; its 18-digit form puts 19 before the year and adds one.

The check digit and the birth date are checked by ``python-stdnum`` (``stdnum.cn.ric``), a
maintained validator. Its verdict on the region is NOT used: it refuses a region code that
did not exist in the birth year, while a real card carries the code of the place and time it
was first issued (a Youjiang resident born in 1980 may hold 451002…, a code of 2002), and
former 百色地区 codes (4526xx) stay valid for life. The region code is mapped to today's Baise
county here (:data:`BAISE_COUNTIES`), offered as an answer the person can change.

The numbers are never stored, logged or put in a returned object: only derived facts are.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .problems import Problem
from .text import normalise, visible

# Region code -> today's county id (design.md §4.2). Current codes, and the former codes of
# 百色地区 (before the 2002 reorganisation) and of counties since renamed. Verified against the
# GB/T 2260 history that python-stdnum ships (stdnum/cn/loc.dat, compiled from the Chinese
# Wikipedia tables 中华人民共和国行政区划代码), whose entries read e.g. 452627 "[-2002]那坡县",
# 452601 "[1983-2002]百色市", 452621 "[-1983]百色县", 451021 "[2002-2019]田阳县",
# 451023 "[2002-2019]平果县", 451025 "[2002-2015]靖西县", 451081 "[2015-]靖西市".
# 451082 平果市 (2019) is not in that file's version; it is in ../shared/samples/README.md.
BAISE_COUNTIES: dict[str, str] = {
    # current (2002 onwards)
    "451002": "youjiang",   # 右江区
    "451003": "tianyang",   # 田阳区 (2019)
    "451021": "tianyang",   # 田阳县 (2002–2019)
    "451022": "tiandong",   # 田东县
    "451023": "pingguo",    # 平果县 (2002–2019)
    "451024": "debao",      # 德保县
    "451025": "jingxi",     # 靖西县 (2002–2015)
    "451026": "napo",       # 那坡县
    "451027": "lingyun",    # 凌云县
    "451028": "leye",       # 乐业县
    "451029": "tianlin",    # 田林县
    "451030": "xilin",      # 西林县
    "451031": "longlin",    # 隆林各族自治县
    "451081": "jingxi",     # 靖西市 (2015)
    "451082": "pingguo",    # 平果市 (2019)
    # former 百色地区 (until 2002)
    "452601": "youjiang",   # 百色市 (1983–2002), now 右江区
    "452621": "youjiang",   # 百色县 (until 1983), became 百色市
    "452622": "tianyang",   # 田阳县
    "452623": "tiandong",   # 田东县
    "452624": "pingguo",    # 平果县
    "452625": "debao",      # 德保县
    "452626": "jingxi",     # 靖西县
    "452627": "napo",       # 那坡县
    "452628": "lingyun",    # 凌云县
    "452629": "leye",       # 乐业县
    "452630": "tianlin",    # 田林县
    "452631": "longlin",    # 隆林各族自治县
    "452632": "xilin",      # 西林县
}
BAISE_PREFIXES = ("4510", "4526")  # 百色市 since 2002; 百色地区 before
CATEGORIES: dict[str, str] = {"1": "visual", "2": "hearing", "3": "speech", "4": "physical",
                              "5": "intellectual", "6": "mental", "7": "multiple"}
EARLIEST_BIRTH = dt.date(1890, 1, 1)


@dataclass(frozen=True, slots=True)
class IdNumber:
    """What an ID number tells: ``birth_date``, ``age`` in whole years on the screening date,
    ``county`` (a Baise county id, or None) and ``hukou`` (baise / other_guangxi /
    outside_guangxi: where the card was first issued, a hint). Holds no part of the number."""

    birth_date: dt.date
    age: int
    county: str | None
    hukou: str


@dataclass(frozen=True, slots=True)
class Certificate:
    """What a certificate number tells: the holder's :class:`IdNumber`, the disability
    ``category`` id and ``grade`` (1–4)."""

    holder: IdNumber
    category: str
    grade: int


# A reissued certificate's number (补办) carries B and the count of reissues after its 20
# characters (…42B1), as descriptions of the number write it (not in the sources we hold: it
# is only passed over, and the 20 characters read as ever; the thirty-fourth tester's lists)
REISSUED = re.compile(r"B[1-9]")
# A number a spreadsheet kept as a number and wrote in E notation (4.51029E+17: a CSV saved by
# Excel from a column not set to text), its last digits lost (compacted: upper case)
SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]*)?E\+?[0-9]{1,3}")


def _compact(text: str) -> str | None:
    """The number without blanks and dashes, as people group its digits, and without the
    apostrophe typed before it to keep a spreadsheet cell as text ('451026…), or the formula
    a CSV wraps it in for the same (="451026…": the fifty-fourth tester's, said not 18
    digits), and without invisible format characters pasted with it from a web system (a
    zero-width space, a direction mark: the fifty-ninth tester's, said not 18 digits where 18
    show)."""
    s = normalise(text)
    if s is None:
        return None
    s = visible("".join(s.split()).replace("-", ""))
    if s.startswith('="') and s.endswith('"') and len(s) > 3:
        s = s[2:-1]
    return s.lstrip("'‘’`").upper()


def age_on(born: dt.date, on: dt.date) -> int:
    """Whole years from ``born`` to ``on``: one fewer before the birthday."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _region(code: str) -> tuple[str | None, str]:
    if code.startswith(BAISE_PREFIXES):
        return BAISE_COUNTIES.get(code), "baise"
    return None, "other_guangxi" if code.startswith("45") else "outside_guangxi"


def _read_id(number: str, field: str, on: dt.date) -> IdNumber | Problem:
    if len(number) != 18 or not number[:17].isascii() or not number[:17].isdigit() \
            or number[17] not in "0123456789X":
        return Problem(field, "id_format" if field == "id_number" else "certificate_format", {})
    # Imported on the first number read, not at start-up: most workers' first requests carry
    # none (issue 17).
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError

    if ric.calc_check_digit(number) != number[17]:
        return Problem(field, "id_checksum", {})
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        return Problem(field, "id_birth_date", {})
    if born < EARLIEST_BIRTH:
        return Problem(field, "id_birth_date", {})
    if born > on:
        return Problem(field, "id_born_after", {})
    county, hukou = _region(number[:6])
    return IdNumber(born, age_on(born, on), county, hukou)


def read_id_number(text: str, *, on: dt.date) -> IdNumber | Problem:
    """An 18-character 居民身份证号 (spaces and hyphens ignored, x read as X), or a first card's
    15 digits (its birth year of the 1900s: the fifty-sixth tester's elderly, whose age no old
    number gave).

    Problems (field ``id_number``): ``id_format``, ``number_scientific`` (a spreadsheet's
    number in E notation, its digits lost: :data:`SCIENTIFIC`), ``id_checksum``,
    ``id_birth_date`` (no such day), ``id_born_after`` (born after ``on``)."""
    number = _compact(text)
    if number is None:
        return Problem("id_number", "id_format", {})
    if SCIENTIFIC.fullmatch(number):
        return Problem("id_number", "number_scientific", {})
    if len(number) == 15 and number.isascii() and number.isdigit():
        return _read_first_card(number, on)
    return _read_id(number, "id_number", on)


def _read_first_card(number: str, on: dt.date) -> IdNumber | Problem:
    """A first-generation card's 15 digits: the birth date is 19YYMMDD (GB 11643-1989)."""
    try:
        born = dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return Problem("id_number", "id_birth_date", {})
    if born > on:
        return Problem("id_number", "id_born_after", {})
    county, hukou = _region(number[:6])
    return IdNumber(born, age_on(born, on), county, hukou)


def read_certificate_number(text: str, *, on: dt.date) -> Certificate | Problem:
    """A 20-character 第二代残疾人证号: ID number, category digit, grade digit; a reissued
    one's B1, B2 … after them (:data:`REISSUED`) passed over.

    Problems (field ``certificate_number``): ``certificate_format``, the ID number's problems,
    ``certificate_category`` (not 1–7), ``certificate_grade`` (not 1–4)."""
    number = _compact(text)
    if number is not None and SCIENTIFIC.fullmatch(number):
        return Problem("certificate_number", "number_scientific", {})
    if number is not None and len(number) == 22 and REISSUED.fullmatch(number[20:]):
        number = number[:20]  # (the certificate's own 20 characters)
    if number is None or len(number) != 20:
        return Problem("certificate_number", "certificate_format", {})
    holder = _read_id(number[:18], "certificate_number", on)
    if isinstance(holder, Problem):
        return holder
    category = CATEGORIES.get(number[18])
    if category is None:
        return Problem("certificate_number", "certificate_category", {})
    if number[19] not in "1234":
        return Problem("certificate_number", "certificate_grade", {})
    return Certificate(holder, category, int(number[19]))


def facts_from_numbers(id_text: str | None, cert_text: str | None, *, on: dt.date
                       ) -> tuple[dict[str, Any], list[Problem]]:
    """Facts derived from an ID number and/or a certificate number (either may be None or
    blank): ``age``, ``county`` (when a Baise code is known), ``hukou``, and from a certificate
    ``has_disability_certificate``, ``disability_category``, ``disability_grade``.

    A certificate whose first 18 characters differ from the given ID number (a first card's
    15 digits: its 18-digit form's first 17) is a ``certificate_mismatch`` problem and gives
    no facts of its own."""
    facts: dict[str, Any] = {}
    problems: list[Problem] = []
    holder: IdNumber | None = None
    id_number = _compact(id_text) if id_text else ""
    cert_number = _compact(cert_text) if cert_text else ""
    if id_number:
        read = read_id_number(id_number, on=on)
        if isinstance(read, Problem):
            problems.append(read)
        else:
            holder = read
    elif id_number is None:
        problems.append(Problem("id_number", "id_format", {}))
    if cert_number:
        cert = read_certificate_number(cert_number, on=on)
        if isinstance(cert, Problem):
            problems.append(cert)
        elif id_number and holder is not None and (
                cert_number[:18] != id_number if len(id_number) != 15 else
                cert_number[:17] != f"{id_number[:6]}19{id_number[6:]}"):
            problems.append(Problem("certificate_number", "certificate_mismatch", {}))
        else:
            facts.update(has_disability_certificate=True, disability_category=cert.category,
                         disability_grade=cert.grade)
            holder = holder or cert.holder
    elif cert_number is None:
        problems.append(Problem("certificate_number", "certificate_format", {}))
    if holder is not None:
        facts["age"] = holder.age
        facts["hukou"] = holder.hukou
        if holder.county is not None:
            facts["county"] = holder.county
    return facts, problems
