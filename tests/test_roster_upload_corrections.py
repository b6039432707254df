"""The admin's corrections on the upload page, by column position, on a roster under a title
(the fifty-sixth tester's township .xlsx: 田林县乐里镇2025年困难残疾人两项补贴比对名单 merged
across the header's width). One correction was used; two or more made the title's row the
header, its text carried into every column by the merged cell: refused as one cell over two
columns, or as two columns of one fact. The corrections apply to the header the roster has,
the row found without them, as the command's --columns file's do; never to the title's."""

from __future__ import annotations

import datetime as dt
import io
import sys
from typing import Any

import pytest

from app.engine import Rulebook
from app.i18n import gettext_for
from app.roster.bounds import UPLOAD
from app.roster.headers import ColumnMap, NoColumns
from app.roster.run import screen_file
from tests.test_roster_upload import sqlite_users  # noqa: F401 (a fixture)
from tests.test_staff_web import Browser

TITLE = "田林县乐里镇2025年困难残疾人两项补贴比对名单"
HEAD = ["序号", "姓名", "身份证号", "残疾人证号", "是否低保户", "是否特困", "甲项", "乙项",
        "享受生活补贴"]
PEOPLE = [
    ["1", "黄一", "451029197005120116", "45102919700512011642", "是", "否", "否", "否", "否"],
    ["2", "黄二", "451029198203040226", "45102919820304022611", "否", "否", "是", "否", "否"],
    ["3", "罗三", "451029196501010333", "45102919650101033363", "是", "否", "否", "否", "否"],
]
ON = dt.date(2025, 6, 1)
_ = gettext_for("zh-Hans")
# the tester's pairs: two unknown columns named; the dibao and tekun columns as read already
NAMED = {6: "orphan_allowance", 7: "work_injury_nursing_allowance"}
AS_READ = {4: "household_dibao", 5: "tekun"}


def township_xlsx(head: list[str] = HEAD, title_rows: int = 1) -> bytes:
    """The list under its title, merged across the header's width (and ``title_rows`` - 1
    more such rows under it)."""
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.title = "乐里镇"
    for k in range(title_rows):
        sheet.append([TITLE if k == 0 else "（2025年5月）"])
        sheet.merge_cells(start_row=k + 1, start_column=1, end_row=k + 1,
                          end_column=len(head))
    sheet.append(head)
    for person in PEOPLE:
        sheet.append(person)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def township_csv(head: list[str] = HEAD) -> bytes:
    rows = [[TITLE] + [""] * (len(head) - 1), head, *PEOPLE]
    return ("\r\n".join(",".join(r) for r in rows) + "\r\n").encode("utf-8-sig")


def mapped(book: Rulebook, data: bytes, kind: str, by_index: dict[int, str | None]
           ) -> tuple[ColumnMap, Any]:
    seen: list[ColumnMap] = []
    result = screen_file(book, data, kind, ON, _, out=io.BytesIO(), out_kind="csv",
                         limits=UPLOAD, by_index=by_index, keep_facts=True,
                         mapped=seen.append)
    return seen[0], result


def post(b: Browser, data: bytes, fields: dict[str, str], name: str = "乐里镇.xlsx") -> Any:
    return b.c.post("/staff/roster", data={"on": "2025-06-01", "format": "csv",
                                           "csrf_token": b.token, "action": "preview",
                                           **fields},
                    files={"roster": (name, data, "application/octet-stream")})


def fields_of(corrections: dict[int, str], head: list[str] = HEAD) -> dict[str, str]:
    """The form's fields for ``corrections``, each with the header the page showed."""
    out: dict[str, str] = {}
    for i, target in corrections.items():
        out[f"map_{i}"] = target
        out[f"head_{i}"] = head[i]
    return out


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("corrections", [NAMED, AS_READ, {**NAMED, **AS_READ},
                                         {6: "orphan_allowance"}, {4: None, 6: None}])
def test_corrections_apply_to_the_header_under_the_title(kind: str,
                                                         corrections: dict[int, str | None],
                                                         book: Rulebook) -> None:
    data = township_xlsx() if kind == "xlsx" else township_csv()
    mapping, result = mapped(book, data, kind, corrections)
    assert mapping.header_row == 2 and mapping.above == [1] and mapping.group_row is None
    assert [c.header for c in mapping.columns] == HEAD
    for i, target in corrections.items():
        assert mapping.columns[i].target == target
    assert mapping.columns[2].target == "id_number"
    assert result.rows == len(PEOPLE)


def test_corrections_under_two_title_rows(book: Rulebook) -> None:
    mapping, result = mapped(book, township_xlsx(title_rows=2), "xlsx", {**NAMED, **AS_READ})
    assert mapping.header_row == 3 and mapping.above == [1, 2]
    assert [mapping.columns[i].target for i in range(4, 8)] == [
        "household_dibao", "tekun", "orphan_allowance", "work_injury_nursing_allowance"]
    assert result.rows == len(PEOPLE)


def test_a_header_of_no_known_name_under_a_title(book: Rulebook) -> None:
    """A header none of whose names is known: the columns the page lists to choose from are
    the header's, not the title's carried into each; the choices made apply to that row."""
    head = ["编号", "户主", "证件", "证号", "甲", "乙", "丙", "丁", "戊"]
    data = township_xlsx(head)
    with pytest.raises(NoColumns) as refused:
        mapped(book, data, "xlsx", {})
    assert refused.value.headers == head and not refused.value.headless
    mapping, result = mapped(book, data, "xlsx", {4: "household_dibao", 5: "tekun"})
    assert mapping.header_row == 2 and mapping.above == [1]
    assert [c.target for c in mapping.columns[4:6]] == ["household_dibao", "tekun"]
    assert result.rows == len(PEOPLE)


@pytest.mark.usefixtures("sqlite_users")
@pytest.mark.parametrize("corrections", [NAMED, AS_READ, {**NAMED, **AS_READ}])
def test_the_page_uses_two_corrections_on_a_titled_xlsx(corrections: dict[int, str]) -> None:
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    data = township_xlsx()
    first = post(b, data, {})
    assert first.status_code == 200, first.text[:500]
    r = post(b, data, fields_of(corrections))
    assert r.status_code == 200, r.text[:800]
    assert "占了" not in r.text and "是同一项" not in r.text
    assert "改过的对应没有用上" not in r.text
    assert "共筛查 3 人。" in r.text and "表头在第 2 行" in r.text
    for i, target in corrections.items():
        assert f'<option value="{target}" selected>' in r.text
        assert f'name="head_{i}" value="{HEAD[i]}"' in r.text
    if 6 in corrections:
        assert "管理员指定" in r.text


@pytest.mark.usefixtures("sqlite_users")
def test_the_page_lists_the_header_under_the_title_to_choose_from() -> None:
    """No name known: the page lists the header's columns, not the title's; the admin's
    choices made there are used on that row."""
    head = ["编号", "户主", "证件", "证号", "甲", "乙", "丙", "丁", "戊"]
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    data = township_xlsx(head)
    first = post(b, data, {})
    assert first.status_code == 400 and "看到的列名：编号、户主、证件" in first.text
    assert 'name="head_4" value="甲"' in first.text and f'value="{TITLE}"' not in first.text
    r = post(b, data, fields_of({4: "household_dibao", 5: "tekun"}, head))
    assert r.status_code == 200, r.text[:800]
    assert "改过的对应没有用上" not in r.text and "共筛查 3 人。" in r.text
    assert "表头在第 2 行" in r.text and "管理员指定" in r.text


@pytest.mark.parametrize("title", ["乐里镇残疾人户籍登记表", "户籍所在地：田林县乐里镇"])
def test_a_title_naming_household_registration_is_no_header(book: Rulebook, title: str,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """The fifty-eighth tester's title_t6.xlsx: a title merged across the row that names 户籍
    (read as hukou in every column it spans) was taken for the header, the real header row
    screened as a person, nobody found, exit 0."""
    monkeypatch.setattr(sys.modules[__name__], "TITLE", title)
    mapping, result = mapped(book, township_xlsx(), "xlsx", {})
    assert (mapping.header_row, result.rows) == (2, 3)
