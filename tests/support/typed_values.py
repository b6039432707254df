"""The table of typed values (../shared/samples/typed_values.md plus hostile values) that every
edge must read alike: resident page, staff form, lookup quick check, roster cell, JSON API.

Each :class:`Row` is a fact, what is typed or sent, and either the value it is read as or
:class:`Refused` with the codec's problem code. ``kinds`` says which readers a row applies to:
a string is typed text and so applies to every edge; a number, a date cell or a non-finite
float applies to the spreadsheet cell and/or JSON readers only. Hostile rows must be answered
within :data:`HOSTILE_SECONDS`.

Edge tests of other areas reuse it: ``for row in rows_for("text")`` gives what a form or the
quick check must accept or refuse, with :func:`expected_value` for the value in the facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

ON = dt.date(2025, 6, 1)  # the screening date of the table
HOSTILE_SECONDS = 0.5
ALL = ("text", "cell", "json")


@dataclass(frozen=True)
class Refused:
    code: str


@dataclass(frozen=True)
class Row:
    fact: str
    typed: Any
    expect: Any
    kinds: tuple[str, ...] = ALL
    hostile: bool = False

    @property
    def id(self) -> str:
        shown = self.typed if isinstance(self.typed, str) else f"<{type(self.typed).__name__}>"
        where = "" if self.kinds == ALL else "/" + ",".join(self.kinds)
        return f"{self.fact}={shown[:20]!r}{where}"


def _rows(fact: str, typed: list[Any], expect: Any, **kw: Any) -> list[Row]:
    return [Row(fact, t, expect, **kw) for t in typed]


LONG = "4" * 65
ROWS: list[Row] = [
    # typed_values.md, row by row
    *_rows("age", ["４５", "45岁", " 45 "], 45),
    *_rows("disability_grade", ["一级", "1级", "壹级", "１级"], 1),
    *_rows("disability_grade", ["两级", "二级"], 2),
    *_rows("disability_category", ["肢体", "肢体残疾", "肢残", "physical", "Ndangdaej canzciz",
                                   "Physical disability"], "physical"),
    *_rows("household_dibao", ["是", "有", "对", "Y", "√", "true", "1"], True),
    *_rows("household_dibao", ["否", "无", "没有", "N", "×", "false", "0", "不对"], False),
    *_rows("loan_amount", ["20万", "200000元", "２０００００", "20万元", "200,000"],
           Decimal(200000)),
    *_rows("loan_annual_rate", ["5.15%", "5.15", "５．１５"], Decimal("5.15")),
    *_rows("loan_term_months", ["36个月", "３６", "3年"], 36),
    *_rows("business_registered_on", ["2024/3/1", "2024.3.1", "2024-3-1", "2024年3月1日",
                                      "20240301", "2024-03-01"], dt.date(2024, 3, 1)),
    Row("business_registered_on", 45352, dt.date(2024, 3, 1), ("cell",)),
    Row("business_registered_on", dt.date(2024, 3, 1), dt.date(2024, 3, 1), ("cell",)),
    Row("business_registered_on", dt.datetime(2024, 3, 1, 0, 0), dt.date(2024, 3, 1), ("cell",)),
    Row("business_registered_on", "2052-01-01", Refused("future_date")),
    Row("business_registered_on", dt.date(2052, 1, 1), Refused("future_date"), ("cell",)),
    Row("loan_contract_date", "2026-01-01", dt.date(2026, 1, 1)),  # planned: may be ahead
    Row("business_registered_on", "2024-02-30", Refused("date")),
    Row("business_registered_on", "45352", Refused("date")),  # typed text is not a serial
    Row("household_dibao", "也许", Refused("boolean")),
    Row("disability_category", "肢", Refused("enum")),
    Row("disability_grade", "5级", Refused("above_max")),
    Row("age", "-1", Refused("below_min")),
    Row("age", "45.5", Refused("integer")),
    Row("age", "", None),
    Row("age", "   ", None),
    Row("age", None, None, ("cell", "json")),
    Row("age", 45, 45, ("cell", "json")),
    Row("age", 45.0, 45, ("cell", "json")),
    Row("household_dibao", True, True, ("cell", "json")),
    Row("household_dibao", 1, True, ("cell",)),
    Row("household_dibao", 1, Refused("boolean"), ("json",)),
    Row("age", True, Refused("integer"), ("cell", "json")),
    Row("loan_amount", 1e28, Refused("above_max"), ("cell", "json")),
    Row("loan_amount", 10**30, Refused("above_max"), ("cell", "json")),
    # more of the same kinds, as people type them (issue 11's tester)
    *_rows("age", ["45周岁", "四十五岁"], 45),
    Row("age", "十二", 12), Row("age", "二十", 20), Row("age", "九十九", 99),
    Row("age", "一百", 100), Row("age", "一百二十一", Refused("above_max")),
    *_rows("loan_term_months", ["18个月", "十八个月", "1.5年"], 18),
    Row("loan_term_months", "一年", 12),
    Row("loan_amount", "1e5", Refused("number")),  # exponents are refused in typed text
    Row("loan_annual_rate", "2E-1", Refused("number")),
    Row("loan_annual_rate", "5.15‰", Refused("number")),  # per mille is not per cent
    *_rows("disability_category", ["PHYSICAL ", "ndangdaej  CANZCIZ", " physical disability"],
           "physical"),
    *_rows("disability_category", ["精神", "精神残疾", "Cingsaenz canzciz"], "mental"),
    # the category's code, as the certificate number and the 残联's exported lists write it
    *_rows("disability_category", ["4", "４", " 4 "], "physical"),
    Row("disability_category", "1", "visual"),
    Row("disability_category", "7", "multiple"),
    *_rows("disability_category", ["0", "8", "41", "4.0"], Refused("enum")),
    # as a list writes a benefit received or never asked for (the thirty-seventh tester's)
    *_rows("household_dibao", ["享受中", "领取中"], True),
    *_rows("household_dibao", ["未申请", "没有申请"], False),
    # a yes/no fact's own spellings (value_aliases in rules/facts.yaml), as lists write them
    *_rows("has_disability_certificate", ["未办证", "无证", "没有办证"], False),
    *_rows("has_disability_certificate", ["已办证", "持证"], True),
    *_rows("household_dibao", ["单人保", "重残单独施保", "整户保"], True),
    *_rows("needs_long_term_care", ["需", "卧床", "生活不能自理"], True),
    *_rows("needs_long_term_care", ["能自理", "不需", "完全自理"], False),
    # (the thirty-eighth tester's, refused)
    *_rows("needs_long_term_care", ["部分不能自理", "半自理", "瘫痪"], True),
    *_rows("has_disability_certificate", ["暂无", "待评残", "办理中"], False),
    *_rows("household_dibao", ["未退出", "没有停发"], True),
    Row("household_dibao", "未办证", Refused("boolean")),  # (another fact's spelling)
    *_rows("disability_category", ["精神类", "精神残疾类", "精神病"], "mental"),
    *_rows("disability_category", ["肢体类", "肢体残疾类"], "physical"),
    # (the fifty-third tester's, unread: as people say them, or with a note in brackets)
    *_rows("disability_category", ["智障", "智力障碍"], "intellectual"),
    *_rows("disability_category", ["盲人", "低视力", "视力残疾（低视力）"], "visual"),
    *_rows("disability_category", ["肢体（截肢）", "肢体(下肢)"], "physical"),
    *_rows("disability_category", ["聋人", "耳聋"], "hearing"),
    *_rows("disability_category", ["哑", "哑巴"], "speech"),
    *_rows("disability_category", ["聋哑", "听力言语残疾", "肢体（智力）"], Refused("enum")),
    *_rows("household_dibao", ["YES", "是的", "✓", "Dwg"], True),
    *_rows("household_dibao", ["no", "不是", "Mbouj dwg"], False),
    *_rows("business_registered_on", ["24/3/1", "3/1/2024", "2024年3月", "2024-13-01"],
           Refused("date")),
    Row("business_registered_on", "２０２４／３／１", dt.date(2024, 3, 1)),
    Row("business_registered_on", "2024年3月1号", dt.date(2024, 3, 1)),
    *_rows("loan_amount", ["20万元整", "贰拾万元整", "200000元整"], Decimal(200000)),
    Row("loan_amount", "整", Refused("number")),
    # many decimal places (tester 22, bounds_edge.csv): read exactly or refused, never rounded
    # (Python's default 28 digits rounded the first into the range, and units multiplied too)
    Row("loan_amount", "4500", Decimal(4500)), Row("loan_annual_rate", "4.65", Decimal("4.65")),
    Row("loan_amount", "100000000.000000000000000000000000000001", Refused("above_max")),
    Row("loan_annual_rate", "36.0000000000000000000000000000001", Refused("above_max")),
    Row("loan_amount", "0.000000000000000000000000000001", Refused("decimals")),
    Row("loan_annual_rate", "0.000000000000000000000000000001", Refused("decimals")),
    Row("loan_amount", "0.000000000000000000001", Refused("decimals")),  # 21 places
    Row("loan_amount", "0.00000000000000000001", Decimal("1E-20")),  # 20 places
    Row("loan_amount", "99999999.99999999999999999999", Decimal("99999999.99999999999999999999")),
    Row("loan_annual_rate", "4.650000000000000000000000000", Decimal("4.65")),  # zeros: exact
    Row("loan_amount", "1.000000000000000000000000001万", Refused("decimals")),
    Row("loan_amount", "20.1234567890123456789万", Decimal("201234.567890123456789")),
    Row("loan_term_months", "3.0000000000000000000000000001年", Refused("integer")),
    Row("loan_amount", 1e-30, Refused("decimals"), ("cell", "json")),
    Row("loan_amount", 0.1, Decimal("0.1"), ("cell", "json")),
    # hostile: refused at once, naming the field
    *_rows("age", ["1e1000000", "NaN", "Infinity", "-Infinity", "1e400", "inf"],
           Refused("integer"), hostile=True),
    Row("age", "99999999999999999999999", Refused("above_max"), hostile=True),
    Row("age", "-99999999999999999999999", Refused("below_min"), hostile=True),
    Row("loan_amount", "9" * 64, Refused("above_max"), hostile=True),
    Row("loan_amount", "0." + "0" * 61 + "1", Refused("decimals"), hostile=True),
    Row("loan_amount", "1e1000000", Refused("number"), hostile=True),
    Row("loan_amount", "九" * 60 + "万", Refused("number"), hostile=True),
    Row("age", LONG, Refused("too_long"), hostile=True),
    Row("age", " " * 70 + "45", Refused("too_long"), hostile=True),  # bounded before trimming
    Row("age", "4\x005", Refused("integer"), hostile=True),
    Row("household_dibao", "\x1b[31m是", Refused("boolean"), hostile=True),
    Row("disability_category", "肢" * 100_000, Refused("too_long"), hostile=True),
    Row("business_registered_on", "2" * 65, Refused("too_long"), hostile=True),
    Row("age", "١٢", Refused("integer"), hostile=True),
    Row("age", "\ud800", Refused("integer"), hostile=True),
    Row("disability_category", "\udfff肢体", Refused("enum"), hostile=True),
    *_rows("loan_amount", [float("nan"), float("inf"), float("-inf")], Refused("number"),
           kinds=("cell", "json"), hostile=True),
    Row("loan_amount", 1e400, Refused("number"), ("cell", "json"), hostile=True),
    Row("loan_amount", 10**4000, Refused("above_max"), ("json",), hostile=True),
    Row("age", 1e300, Refused("above_max"), ("cell", "json"), hostile=True),
    Row("business_registered_on", 1e300, Refused("date"), ("cell",), hostile=True),
    Row("business_registered_on", float("nan"), Refused("date"), ("cell",), hostile=True),
    Row("age", [45], Refused("integer"), ("json",), hostile=True),
    Row("age", {"v": 45}, Refused("integer"), ("json",), hostile=True),
]


def rows_for(kind: str) -> list[Row]:
    """The rows a reader of ``kind`` (text / cell / json) must read as the table says."""
    return [r for r in ROWS if kind in r.kinds]


def expected_value(row: Row) -> Any:
    """The value the row is read as, or None for a refused row."""
    return None if isinstance(row.expect, Refused) else row.expect


# Identity numbers (made-up people): built with real check digits by ``with_check_digit``.
def with_check_digit(first17: str) -> str:
    """An 18-character ID number: ``first17`` and its GB 11643 (ISO 7064 MOD 11-2) digit,
    computed here independently of the code under test."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]
