"""What a roster's cell says of the person's death, as county lists keep the dead with a note
(the thirty-seventh and thirty-eighth testers': listed as qualifying and not receiving).

A person said to have died by the screening date is not screened (:mod:`app.roster.bulk`
reports the row); one said to have died after it was alive on the day screened, and is
screened. What a cell says depends on its column (:func:`column_kind`):

- any column: a short cell with a word of death (已死亡, 2024年3月去世, （已故）, 王五（已故）,
  死亡停发), but not another person's (父亲已故, 户主已死亡, 母亲去世多年: a relative named in
  the same clause before the word), a benefit paid for a death (死亡抚恤金), nor a denial
  (未死亡);
- a column that asks whether the person died (是否死亡, 死亡（是/否）, 是否死亡人员): its yes,
  or a word of death;
- one that asks whether the person is alive (是否健在, 是否在世): its no;
- one that gives the date of death (死亡日期, 去世时间): a date.

A death's date is the one written beside the word (2025年7月死亡, 已于2024年3月去世, 死亡（2024年）,
死于2025年7月; 二〇二五年七月, 25年7月, full-width digits), or the cell's under a column of the
date: after the screening date as far as it is written (2025年7月 on 2025-06-01; 2025年 is no
later than any day of 2025), the person was alive that day. A date elsewhere in the cell (拟于
2025年7月注销，已死亡; a phone number) is not the death's. Cells are looked at in Python, once
each distinct text: :data:`MAY_SAY` finds, in polars, the few that may say anything.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

DEATH_WORDS = "死亡|去世|身故|亡故|病故|已故|过世|逝世|死于"
# another person named before the word, in the same clause: a relative, the household's head, a
# guardian (words, not single characters: 妹, 公, 爷 are in people's names, 黄妹（已故）)
KIN_WORDS = ("监护人|父亲|母亲|爸爸|妈妈|配偶|丈夫|妻子|老伴|户主|家属|家人|亲人|亲属|联系人|"
             "代办人|儿子|女儿|孙子|孙女|外孙|兄弟|姐妹|哥哥|弟弟|姐姐|妹妹|爷爷|奶奶|外公|外婆|"
             "公公|婆婆|叔叔|伯伯|姑姑|舅舅|阿姨|父|母|夫|妻")
# a column of another person (监护人, 父亲, 联系人): a death there is not the person's
OTHER_PERSON = re.compile("监护人|父|母|爸|妈|配偶|夫|妻|伴|户主|家属|家人|亲人|联系人|子|女|儿|孙|"
                          "兄|弟|姐|妹|哥|亲属|代办|爷|奶|公|婆|叔|伯|姑|舅|姨")
_CLAUSE = r"[^，。；;,、（）()\[\]【】\s]"  # characters of one clause
_OTHERS = re.compile(rf"(?:{KIN_WORDS}){_CLAUSE}{{0,12}}?(?:{DEATH_WORDS})")
_DENIED = re.compile(rf"[未非没不](?:{DEATH_WORDS})|(?:{DEATH_WORDS})(?:抚恤|丧葬|遗属)")
_WORD = re.compile(DEATH_WORDS)
MAX_CELL = 40  # a cell longer than this is a note of something else, not a death's
# the column kinds (column_kind)
ANY, ASKS, ALIVE, DATE = "any", "asks", "alive", "date"
_UNIT = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")
_ASKS = re.compile(rf"(?:是否)?(?:已经?)?(?:{DEATH_WORDS}|死)(?:人员|情况|标识|标志|与否)?")
_ALIVE = re.compile(r"(?:是否)?(?:健在|在世|存活|生存)(?:情况|状态)?")
_DATE_HEADER = re.compile(rf"(?:{DEATH_WORDS}|死)(?:的)?(?:日期|时间|年月|年月日|年份)")
_YES = re.compile(r"(?:是|√|✓|✔|1|[Yy](?:es)?|TRUE|[Tt]rue|已死亡|死亡|已故)"
                  r"(?:\s*[（(][^）)]*[）)])?")
_NOT_ALIVE = re.compile(r"(?:否|×|✗|✘|0|[Nn]o?|FALSE|[Ff]alse|不是|已故|死亡|已死亡)")
# a polars pattern of the cells that may say a death (every other cell says none)
MAY_SAY = rf"{DEATH_WORDS}"

_CN_DIGITS = {c: str(k) for k, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_YEAR = r"(?<![0-9])((?:19|20)[0-9]{2}|[0-9]{2}(?=年))"
_MONTH = r"(1[0-2]|0?[1-9])"
_DAY = r"(3[01]|[12][0-9]|0?[1-9])"
_DAY_OF = (rf"{_YEAR}\s*[年./\-]?\s*(?:{_MONTH}(?![0-9])\s*[月./\-]?\s*"
           rf"(?:{_DAY}(?![0-9])\s*[日号]?)?)?")
_BEFORE = re.compile(
    rf"{_DAY_OF}\s*(?:[初中底末]|上旬|中旬|下旬)?\s*(?:已经?|因病|病|不幸)?\s*(?:{DEATH_WORDS})")
_AFTER = re.compile(rf"(?:(?:{DEATH_WORDS})\s*(?:[（(]\s*于?|于|[:：]|日期|时间)[:：]?\s*|死于\s*)"
                    rf"{_DAY_OF}")
_ANY_DATE = re.compile(_DAY_OF)
# a date written without separators (20250703, 202507): written with them
_COMPACT = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(0[1-9]|1[0-2])((?:0[1-9]|[12][0-9]|3[01])?)"
                      r"(?![0-9])")
_ONLY = re.compile(rf"\s*(?:于\s*)?{_DAY_OF}\s*(?:[初中底末]|上旬|中旬|下旬)?\s*")
_SERIAL = re.compile(r"[0-9]{5}(?:\.0+)?")  # an Excel date cell read as its serial number
_TIME = re.compile(r"\s*[T\s]\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?$")


def column_kind(header: str) -> str:
    """What a column says of a death, by its header (a unit in brackets, blanks and line breaks
    aside): :data:`ASKS` (是否死亡（是/否）), :data:`ALIVE` (是否健在), :data:`DATE` (死亡日期),
    else :data:`ANY`."""
    plain = _UNIT.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", header)))
    for kind, pattern in ((DATE, _DATE_HEADER), (ASKS, _ASKS), (ALIVE, _ALIVE)):
        if pattern.fullmatch(plain):
            return kind
    return ANY


def death(text: str, kind: str, on: dt.date) -> tuple[bool, bool]:
    """What a cell says under a column of ``kind``: (the person died by ``on``, the person
    died after ``on``); (False, False) where it says neither."""
    text = _plain(text)
    if not text:
        return False, False
    if kind == DATE:
        day = _date_of(text)
        if day is not None:
            return (not _after(day, on)), _after(day, on)
        return death(text, ANY, on) if _WORD.search(text) else (False, False)
    if kind == ALIVE:
        return (_NOT_ALIVE.fullmatch(text) is not None), False
    if kind == ASKS and _YES.fullmatch(text) is not None:  # (是（2024年）: its date)
        day = _dated(text) or _dated(text, _ANY_DATE)
        later = day is not None and _after(day, on)
        return not later, later
    if len(text) > MAX_CELL or _WORD.search(text) is None or _DENIED.search(text) is not None:
        return False, False
    if kind == ANY and _OTHERS.search(text) is not None:
        return False, False
    day = _dated(text)
    later = day is not None and _after(day, on)
    return not later, later


def _plain(text: str) -> str:
    """NFKC (full-width digits and brackets), Chinese digits of a date as digits (二〇二五年七月
    as 2025年7月), trimmed."""
    text = _COMPACT.sub(lambda m: "-".join(p for p in m.groups() if p),
                        unicodedata.normalize("NFKC", text).strip())
    if not any(c in _CN_DIGITS or c == "十" for c in text):
        return text

    def year(m: re.Match[str]) -> str:
        return "".join(_CN_DIGITS[c] for c in m.group(1)) + "年"

    def small(m: re.Match[str]) -> str:  # (一 to 三十一, before 月, 日 or 号)
        s = m.group(1)
        if "十" in s:
            tens, _sep, ones = s.partition("十")
            value = (int(_CN_DIGITS[tens]) if tens else 1) * 10 + (
                int(_CN_DIGITS[ones]) if ones else 0)
        else:
            value = int(_CN_DIGITS[s])
        return str(value) + m.group(2)

    text = re.sub(r"([〇零一二三四五六七八九]{4})年", year, text)
    return re.sub(r"(?<=[年月0-9])([一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
                  r"([月日号])", small, text)


def _dated(text: str, pattern: re.Pattern[str] | None = None
           ) -> tuple[int, int | None, int | None] | None:
    """The death's date written beside its word (year, month, day as far as written), or the
    first ``pattern`` finds; None where none is."""
    m = _BEFORE.search(text) or _AFTER.search(text) if pattern is None else pattern.search(text)
    return None if m is None else _parts(m.group(1), m.group(2), m.group(3))


def _date_of(text: str) -> tuple[int, int | None, int | None] | None:
    """A cell of a date column: a date alone (2024-03-01, 2024年3月, 于2024年3月), or an Excel
    date cell's serial number."""
    text = _TIME.sub("", text)  # (2024-03-01 10:30:00, as a CSV saved from Excel writes it)
    if _SERIAL.fullmatch(text):
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(float(text)))
        return day.year, day.month, day.day
    m = _ONLY.fullmatch(text)
    return None if m is None else _parts(m.group(1), m.group(2), m.group(3))


def _parts(year: str, month: str | None, day: str | None
           ) -> tuple[int, int | None, int | None]:
    y = int(year)
    return (2000 + y if y < 100 else y), (int(month) if month else None), (
        int(day) if day else None)


def _after(day: tuple[int, int | None, int | None], on: dt.date) -> bool:
    """Whether a date written as far as ``day`` gives is after ``on`` (2025年7月 is after
    2025-06-01; 2025年 and 2025年6月 are not)."""
    year, month, mday = day
    if year != on.year:
        return year > on.year
    if month is None or month != on.month:
        return month is not None and month > on.month
    return mday is not None and mday > on.day
