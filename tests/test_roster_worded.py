"""A yes/no fact's column headed by the ability to do without it (生活自理能力 for the need of
care: ``worded_aliases`` in rules/facts.yaml): the fifty-sixth tester's 否 there (no ability to
look after oneself: in need of care) read as no need, a wrong no for the nursing subsidy, and 是
(able) as a need. Only the fact's own words are read there; a bare yes or no is refused."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest

from app.engine import Rulebook
from app.roster.bulk import ERRORS, status_col
from tests.test_roster_dead_rows import screened

HEAD = ["姓名", "身份证号码", "残疾人证号", "户籍所在地", "是否低保户", "特困供养", "工伤护理费"]
# (grade 1, physical, in Baise: the need of care decides the nursing subsidy)
PERSON = ["甲", "45263019710308201X", "45263019710308201X41", "田林县乐里镇新华村", "否", "否",
          "否"]


def statuses(book: Rulebook, header: str, cells: list[str], kind: str = "csv",
             tmp_path: Path | None = None) -> tuple[list[str | None], list[str | None]]:
    """The nursing subsidy's status and the row's errors, per cell under ``header``."""
    rows = [[*HEAD, header], *[[*PERSON, c] for c in cells]]
    data, _result = screened(book, rows, kind=kind, tmp_path=tmp_path, program="nursing_subsidy")
    frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
    return frame.get_column(status_col("nursing_subsidy")).to_list(), \
        frame.get_column(ERRORS).to_list()


CELLS = ["否", "是", "有", "无", "1", "0", "√", "true", "不能自理", "完全不能自理", "能自理",
         "生活能自理", "自理", "生活自理", "不自理", "无法自理"]
WANT = ["undetermined"] * 8 + ["eligible", "eligible", "not_eligible", "not_eligible"] + [
    "not_eligible", "not_eligible", "eligible", "eligible"]


@pytest.mark.parametrize("header", ["生活自理能力", "自理能力", "自理情况",
                                    "生活自理能力（是/否）"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_bare_yes_or_no_under_an_ability_is_refused(book: Rulebook, header: str, kind: str,
                                                     tmp_path: Path) -> None:
    got, errors = statuses(book, header, CELLS, kind, tmp_path)
    assert got == WANT
    for cell, error in zip(CELLS[:8], errors[:8], strict=True):
        assert error is not None and error.startswith(
            f"{header}: “{cell}”在“{header}”这一列里分不清是哪个意思（能，还是需要），没有读；"
            "请写成“生活不能自理”或“能自理”。")
    assert all(e is None or "自理" not in e for e in errors[8:])
    # (自理 and 生活自理, able to: the fifty-seventh tester's, read as a need, the column's own
    # name; 不能 told what to write, not asked for 是 or 否, which the column refuses)
    got, errors = statuses(book, header, ["不能"], kind, tmp_path)
    assert got == ["undetermined"] and "请写成“生活不能自理”或“能自理”" in str(errors[0])


def test_the_same_words_under_the_need_are_read_as_ever(book: Rulebook) -> None:
    """Under 是否需要长期照护 (the need itself), 是 and 否 say it, as before."""
    got, errors = statuses(book, "是否需要长期照护", ["是", "否", "不能自理"])
    assert got == ["eligible", "not_eligible", "eligible"]
    assert all(e is None or "照护" not in e for e in errors)


def test_a_column_of_machine_yes_and_no_is_refused_too(book: Rulebook) -> None:
    """A column all true and false, which the reader may parse itself as yes/no, is read by
    the words too under the ability: refused."""
    got, errors = statuses(book, "生活自理能力", ["true", "false"])
    assert got == ["undetermined", "undetermined"]
    assert all(e is not None and "分不清" in e for e in errors)


def test_a_column_of_many_spellings_is_read_so_too(book: Rulebook,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a column has too many spellings for a dictionary (read column by column)."""
    from app.roster import columns

    monkeypatch.setattr(columns, "MAX_DISTINCT", 0)
    got, _errors = statuses(book, "生活自理能力", CELLS)
    assert got == WANT


def test_the_ability_named_under_the_need(book: Rulebook) -> None:
    """The fifty-eighth tester's: under 护理需求, 无自理能力 (no ability to look after oneself)
    read as "no need" (the column's fact named as not held), a wrong no; 自理√ as a need (the
    fact named), a wrong yes. The ability's names say the ability, never the fact."""
    cells = ["无自理能力", "没有自理能力", "无自理", "丧失自理能力", "自理√", "完全能自理",
             "有自理能力", "非自理"]
    got, errors = statuses(book, "护理需求", cells)
    assert got == ["eligible"] * 4 + ["undetermined", "not_eligible", "not_eligible",
                                      "undetermined"]
