"""The admin's roster upload at /staff/roster: admins only, CSRF, errors kept per field, the
result downloaded and nothing written to disk."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from sqlmodel import Session

from app.roster.bulk import ERRORS, amount_col, status_col
from app.roster.files import read_roster
from app.staff.db import get_engine, use_database
from tests.support.staff import PASSWORD, fresh_database, make_user
from tests.test_staff_web import Browser

ROSTER = ("person_id,has_disability_certificate,hukou,household_dibao,tekun,orphan_allowance,"
          "age\n007,是,baise,是,否,否,45\n008,true,baise,true,false,false,130\n")


@pytest.fixture
def sqlite_users(tmp_path: Path) -> Iterator[str]:
    url = fresh_database("sqlite", tmp_path)
    use_database(url)
    with Session(get_engine(url)) as s:
        make_user(s, "boss", role="admin", county=None)
        make_user(s, "li", county="youjiang")
    try:
        yield url
    finally:
        use_database(None)


def upload(b: Browser, content: bytes | None, name: str = "roster.csv", on: str = "2025-06-01",
           fmt: str = "csv", csrf: bool = True) -> Any:
    files = {"roster": (name, content, "text/csv") if content is not None
             else ("", b"", "application/octet-stream")}
    data = {"on": on, "format": fmt, "csrf_token": b.token if csrf else "x"}
    return b.c.post("/staff/roster", data=data, files=files)


def test_admin_only(sqlite_users: str) -> None:
    anonymous = Browser()
    r = anonymous.get("/staff/roster", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/staff/login")
    staff = Browser()
    staff.login("li")
    # (a page for administrators, said so: not the area's 404 of cases)
    assert staff.get("/staff/roster").status_code == 403


def test_upload_and_download_csv(sqlite_users: str, monkeypatch: pytest.MonkeyPatch) -> None:
    b = Browser()
    b.login("boss", PASSWORD)
    page = b.get("/staff/roster")
    assert page.status_code == 200 and 'type="file"' in page.text
    before = set(os.listdir(tempfile.gettempdir()))
    r = upload(b, ROSTER.encode())
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-disposition"] == \
        'attachment; filename="roster-result-2025-06-01.csv"'
    assert r.headers["cache-control"] == "no-store"
    out = pl.read_csv(r.content, infer_schema=False)
    assert out["person_id"].to_list() == ["007", "008"]
    # the whole roster comes back beside the results, as it was typed
    assert out.columns[:7] == ROSTER.splitlines()[0].split(",")
    assert out["household_dibao"].to_list() == ["是", "true"]
    assert out[status_col("living_subsidy")].to_list() == ["eligible", "eligible"]
    assert out[amount_col("living_subsidy")].to_list() == ["90", "90"]
    assert out[ERRORS][0] is None and out[ERRORS][1].startswith("age: 不能大于 120。")
    # no temporary file left (other programs' files on a shared machine do not count)
    new = set(os.listdir(tempfile.gettempdir())) - before
    assert not [n for n in new if n.startswith(("tmp", "pymp", "spool"))], new


def test_upload_excel_result(sqlite_users: str) -> None:
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    r = upload(b, ROSTER.encode(), fmt="xlsx")
    assert r.status_code == 200
    out = read_roster(r.content, "xlsx", str)
    assert out["person_id"].to_list() == ["007", "008"]
    assert out["困难残疾人生活补贴：结果"].to_list() == ["可以申请", "可以申请"]


def test_errors_come_back_per_field(sqlite_users: str) -> None:
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    r = upload(b, None, on="2025-02-30")
    assert r.status_code == 400
    assert "请选择要上传的名单文件。" in r.text and 'href="#roster"' in r.text
    assert 'href="#on"' in r.text and 'value="2025-02-30"' in r.text  # kept as typed
    # the date as admins type it, as cells are read (the thirty-fifth tester's 2025/6/1 and
    # 2025-6-1 were refused)
    for typed in ("2025/6/1", "2025-6-1", "2025年6月1日", "２０２５－０６－０１"):
        r = upload(b, "姓名,低保,持证,户口\n甲,是,是,baise\n".encode(), on=typed)
        assert r.status_code == 200, typed
    r = upload(b, b"x", name="roster.doc")
    assert r.status_code == 400 and "名单文件必须是 .csv、.xlsx，或制表符分隔的 .txt" in r.text
    # (a list saved as Unicode text, .txt: read as its CSV is)
    unicode_text = "姓名\t低保\t持证\t户口\r\n甲\t是\t是\tbaise\r\n".encode("utf-16")
    r = upload(b, unicode_text, name="名单.txt")
    assert r.status_code == 200 and "甲" in r.text
    r = upload(b, b"\x00\x01garbage", name="roster.xlsx")
    assert r.status_code == 400 and "无法读取名单文件" in r.text
    r = upload(b, b"row_errors\nx\n")
    assert r.status_code == 400 and "row_errors" in r.text


def test_csrf_refused(sqlite_users: str) -> None:
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    assert upload(b, ROSTER.encode(), csrf=False).status_code == 403


def test_upload_page_is_accessible(sqlite_users: str, live_url: str, browser: Any,
                                   tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from tests.support.live import assert_accessible

    browser.delete_all_cookies()
    browser.get(f"{live_url}/staff/login")
    browser.find_element(By.ID, "username").send_keys("boss")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form[action='/staff/login'] button").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 20).until(lambda d: "/staff/login" not in d.current_url)
    browser.get(f"{live_url}/staff/roster")
    assert browser.title.startswith(("按名单批量筛查", "Screen a roster"))
    assert_accessible(browser, "roster upload")
    browser.find_element(By.ID, "on").clear()
    browser.find_element(By.CSS_SELECTOR, "form[action='/staff/roster'] button").click()
    # the browser asks for English: the page and its error prefix follow
    WebDriverWait(browser, 20).until(lambda d: d.title.startswith(("错误", "Error")))
    assert browser.switch_to.active_element.get_attribute("class") == "error-summary"
    assert browser.find_elements(By.ID, "roster-error") and browser.find_elements(By.ID, "on-error")
    # the summary takes focus on load; walk the keyboard from the top of the page, as
    # tests/test_lookup_a11y.py does
    browser.execute_script(
        "const b = document.body; b.setAttribute('tabindex', '-1'); b.focus();"
        "b.removeAttribute('tabindex');")
    assert_accessible(browser, "roster upload with errors")
    # the county sample: the mapping, its corrections and the summary
    browser.find_element(By.ID, "roster").send_keys(str(SAMPLE))
    browser.find_element(By.ID, "on").send_keys("2025-06-01")
    browser.find_element(By.CSS_SELECTOR, "button[value='preview']").click()
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.ID, "mapping"))
    assert browser.find_elements(By.ID, "summary") and browser.find_elements(By.ID, "map_2")
    assert_accessible(browser, "roster mapping and summary")
    # a workbook of several sheets: the choice of the sheets to read
    from tests.test_roster_sheets import township

    browser.find_element(By.ID, "roster").send_keys(str(township(tmp_path / "乡镇.xlsx")))
    browser.find_element(By.CSS_SELECTOR, "button[value='preview']").click()
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.ID, "sheet"))
    assert_accessible(browser, "roster of several sheets")


SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples" / "roster_county_gb18030.csv"


def preview(b: Browser, content: bytes, extra: dict[str, str] | None = None) -> Any:
    data = {"on": "2025-06-01", "format": "csv", "csrf_token": b.token, "action": "preview",
            **(extra or {})}
    return b.c.post("/staff/roster", data=data,
                    files={"roster": ("roster.csv", content, "text/csv")})


def test_preview_reads_a_utf16_roster(sqlite_users: str) -> None:
    # "Unicode text" from Excel or WPS, tab-separated, named .csv
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    text = SAMPLE.read_bytes().decode("gb18030").replace(",", "\t")
    r = preview(b, text.encode("utf-16"))
    assert r.status_code == 200, r.text[:300]
    assert "共筛查 6 人。" in r.text and "身份证号 → 年龄" in r.text


def test_preview_shows_the_mapping_and_the_summary(sqlite_users: str) -> None:
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    r = preview(b, SAMPLE.read_bytes())
    assert r.status_code == 200, r.text[:300]
    assert "共筛查 6 人。" in r.text and "不是名单，没有筛查" in r.text
    assert 'id="col-2">公民身份号码</th>' in r.text
    assert "身份证号 → 年龄" in r.text and "按别名" in r.text
    assert 'name="map_14"' in r.text  # every column can be corrected
    assert r.headers["cache-control"] == "no-store"


def test_preview_reads_a_header_on_two_rows(sqlite_users: str) -> None:
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    roster = ("田林县困难残疾人比对表,,,,\n序号,姓名,残疾情况,,享受政策情况\n"
              ",,类别,等级,低保\n1,示例甲,肢体,一级,是\n2,示例乙,精神,三级,否\n")
    r = preview(b, roster.encode())
    assert r.status_code == 200, r.text[:300]
    assert "共筛查 2 人。 表头分两行写，在第 2 行和第 3 行；它上面的第 1 行不是名单，没有筛查。" \
        in r.text
    assert 'id="col-2">残疾情况 类别</th>' in r.text


def test_preview_says_why_a_header_naming_two_facts_is_not_read(sqlite_users: str) -> None:
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    r = preview(b, "姓名,孤儿,低保,户籍\n甲,是,是,百色市右江区\n".encode())
    assert r.status_code == 200, r.text[:300]
    assert "“孤儿”可能是“孤儿基本生活费”，也可能是“孤儿或事实无人抚养儿童”" in r.text
    # and a 户籍 column, read as an address is where it holds one
    assert "写地址的，按地址读出户籍和县" in r.text


def test_admin_corrects_a_column_and_screens_again(sqlite_users: str) -> None:
    roster = "姓名,困难标识,户口,特困,孤儿基本生活费,持证\n甲,是,baise,否,否,是\n".encode()
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    first = preview(b, roster)
    assert first.status_code == 200
    assert "不读（原样保留）" in first.text
    assert first.text.count("<td>0</td>") > 0
    again = preview(b, roster, {"map_1": "household_dibao", "map_5": "-"})
    assert again.status_code == 200
    assert "管理员指定" in again.text
    # with 困难标识 read as dibao and 持证 no longer read, the living subsidy is undetermined
    # (the certificate unknown) rather than "not eligible"
    row = again.text.split("困难残疾人生活补贴</th>", 1)[1].split("</tr>", 1)[0]
    assert row.startswith("<td>0</td><td>0</td><td>1</td>"), row[:80]
    # and as the download
    b.get("/staff/roster")
    r = b.c.post("/staff/roster", data={"on": "2025-06-01", "format": "csv",
                                        "csrf_token": b.token, "action": "download",
                                        "map_1": "household_dibao"},
                 files={"roster": ("roster.csv", roster, "text/csv")})
    out = pl.read_csv(r.content, infer_schema=False)
    assert out[status_col("living_subsidy")].to_list() == ["eligible"]


def test_no_recognised_column_lets_the_admin_say_which_is_which(sqlite_users: str) -> None:
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    r = preview(b, "姓名,困难标识\n甲,是\n".encode())
    assert r.status_code == 400 and "看到的列名：姓名、困难标识" in r.text
    assert 'name="map_1"' in r.text
    r = preview(b, "姓名,困难标识,户别\n甲,是,baise\n".encode(),
                {"map_1": "household_dibao", "map_2": "hukou"})
    assert r.status_code == 200 and "共筛查 1 人。" in r.text


def test_the_rosters_own_columns_named_like_results_come_back_as_written(
        sqlite_users: str) -> None:
    """The roster's own 补贴.amount, 备注.unclaimed and x.status are not results (none is a
    screened program's result column): the .xlsx download and its preview copy them as written.
    The .xlsx writer once took them for results by their names' ending: "1,000" ended the
    screening with an error, false and 否 came back as 是, eligible as 可以申请."""
    roster = (ROSTER.splitlines()[0] + ",补贴.amount,备注.unclaimed,x.status\n"
              + ROSTER.splitlines()[1] + ',"1,000",false,eligible\n'
              + ROSTER.splitlines()[2] + ",90元,否,not_eligible\n").encode()
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    r = upload(b, roster, fmt="xlsx")
    assert r.status_code == 200, r.text[:500]
    out = read_roster(r.content, "xlsx", str)
    mine = out.select("补贴.amount", "备注.unclaimed", "x.status").rows()
    assert mine == [("1,000", "false", "eligible"), ("90元", "否", "not_eligible")]
    assert out["困难残疾人生活补贴：结果"].to_list() == ["可以申请", "可以申请"]
    # the preview's summary, from the same screening, counts the results alone
    b.get("/staff/roster")
    page = preview(b, roster, {"format": "xlsx"})
    assert page.status_code == 200, page.text[:500]
    assert "共筛查 2 人。" in page.text
    row = page.text.split("困难残疾人生活补贴</th>", 1)[1].split("</tr>", 1)[0]
    assert row.startswith("<td>2</td><td>0</td><td>0</td>"), row[:80]


def test_a_stray_quote_is_named_on_the_page(sqlite_users: str) -> None:
    """A CSV that polars cannot split into rows because of a quote mark: the form comes back
    (400, not 500) with the row named and what to do, in the admin's language."""
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    content = ("person_id,name,has_disability_certificate,hukou,age\n"
               "007,张三,是,baise,45\n008,\"李四,是,baise,46\n009,王五,是,baise,47\n").encode()
    r = upload(b, content)
    assert r.status_code == 400
    assert "名单第 3 行有一格以英文引号 &#34; 开头，却没有结尾的引号" in r.text, r.text
    assert "ComputeError" not in r.text
    content = content.replace(b'"', b"").replace(b"\xe7\x8e\x8b", b'\xe7\x8e\x8b"')  # 王"五
    r = b.c.post("/staff/roster?lang=en", data={"on": "2025-06-01", "format": "csv",
                                               "csrf_token": b.token},
                 files={"roster": ("roster.csv", content, "text/csv")})
    assert r.status_code == 400
    assert "Row 4 of the roster has a quote mark &#34; in the middle of a cell" in r.text, r.text


def test_a_correction_is_used_only_on_a_column_of_its_header(sqlite_users: str) -> None:
    """The admin's choice for a column is sent with the header it was made for: where the file
    chosen again has another column there (another list, or its columns moved: the
    thirty-second tester's corrections went to whatever column stood in the same place), the
    choice is not used and the page says which; a download is refused, not screened otherwise
    than the admin chose."""
    first = "姓名,困难标识,户口,特困,孤儿基本生活费,持证\n甲,是,baise,否,否,是\n".encode()
    moved = "姓名,持证,困难标识,户口,特困,孤儿基本生活费\n甲,是,是,baise,否,否\n".encode()
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    page = preview(b, first)
    assert 'name="head_1" value="困难标识"' in page.text
    chosen = {"map_1": "household_dibao", "head_1": "困难标识"}
    same_file = preview(b, first, chosen)
    assert same_file.status_code == 200 and "管理员指定" in same_file.text
    assert "改过的对应没有用上" not in same_file.text
    other = preview(b, moved, chosen)
    assert other.status_code == 200 and "管理员指定" not in other.text
    assert "改过的对应没有用上：B 列（改的是“困难标识”，现在是“持证”）" in other.text
    b.get("/staff/roster")
    r = b.c.post("/staff/roster", data={"on": "2025-06-01", "format": "csv", "action": "download",
                                        "csrf_token": b.token, **chosen},
                 files={"roster": ("roster.csv", moved, "text/csv")})
    assert r.status_code == 400 and "改过的对应没有用上" in r.text
    assert "text/csv" not in r.headers["content-type"]
    # a choice sent without its header (a page from before) is used as it was
    assert "管理员指定" in preview(b, moved, {"map_2": "household_dibao"}).text
    # a choice that makes the other file's columns clash (two of one fact) is not used either
    # (the thirty-fifth tester's: refused as "one fact in two columns", by the old choice)
    clash = "姓名,户口,低保,特困,孤儿基本生活费,持证\n甲,baise,是,否,否,是\n".encode()
    r = preview(b, clash, {"map_1": "household_dibao", "head_1": "困难标识"})
    assert r.status_code == 200
    assert "改过的对应没有用上：B 列（改的是“困难标识”，现在是“户口”）" in r.text
    # where the file read without the choices has no column known, its headers tell as well
    unknown = "姓名,甲列,乙列\n甲,是,是\n".encode()
    r = preview(b, unknown, {"map_1": "household_dibao", "head_1": "困难标识",
                             "map_2": "household_dibao", "head_2": "乙列"})
    assert r.status_code == 200 and "B 列（改的是“困难标识”，现在是“甲列”）" in r.text
    # and one made for this file's own header that clashes is refused, as the admin's choice
    r = preview(b, clash, {"map_1": "household_dibao", "head_1": "户口"})
    assert r.status_code == 400 and "你在“改为”里把“户口”列（B 列）选为" in r.text
    assert "可是“低保”列（C 列）已经读作这一项" in r.text


def test_the_page_lists_the_cells_it_could_not_read(sqlite_users: str) -> None:
    """The page says how many cells could not be read and lists the first, with their rows, as
    the command does (the thirty-fifth tester's: the page said nothing, and its counts looked
    sure; the cells were only in the downloaded file's last column)."""
    rows = ["姓名,低保,持证,户口"] + [f"人{k},也许,是,baise" for k in range(25)]
    b = Browser()
    b.login("boss")
    b.get("/staff/roster")
    r = preview(b, "\n".join(rows).encode())
    assert r.status_code == 200
    assert "有问题的单元格：25 个（这些单元格按未知处理，所在行照常筛查）。" in r.text
    assert "<li>第 2 行，“低保”列：请回答“是”或“否”" in r.text
    assert r.text.count("<li>第 ") == 20
    assert "……还有 5 个有问题的单元格，见结果文件的“row_errors”列。" in r.text
    clean = preview(b, "姓名,低保,持证,户口\n甲,是,是,baise\n".encode())
    assert "有问题的单元格" not in clean.text
