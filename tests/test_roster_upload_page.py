"""The roster upload page as the forty-ninth tester used it: every screening audited (who,
when, how many, preview or download and format; never the file's name, headers or cells), a
correction of a roster of the stated 512 columns screened again, a clash of the admin's own
choice said as such with the choices kept, a roster whose rows were all left out as dead said
so (not "no data rows"), a page for administrators only that says so, and the wide tables
scrolling in their region at 360 px, not the page (WCAG 1.4.10)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from app.staff.db import get_engine
from app.staff.models import AuditEntry
from tests.support.staff import PASSWORD
from tests.test_roster_upload import (  # noqa: F401 (a fixture)
    ROSTER,
    SAMPLE,
    preview,
    sqlite_users,
    upload,
)
from tests.test_staff_web import Browser


@pytest.fixture
def db_url(request: pytest.FixtureRequest) -> str:
    """The test's database, with an admin (boss) and a staff member (li) of youjiang."""
    return request.getfixturevalue("sqlite_users")  # type: ignore[no-any-return]


def admin() -> Browser:
    b = Browser()
    b.login("boss", PASSWORD)
    b.get("/staff/roster")
    return b


def roster_entries(url: str) -> list[AuditEntry]:
    with Session(get_engine(url)) as s:
        return list(s.exec(select(AuditEntry).where(AuditEntry.action == "roster")
                           .order_by(col(AuditEntry.id))).all())


def choices_of(page: str) -> dict[str, str]:
    """The mapping's fields as a browser sends them: each column's header and its choice."""
    fields = {m[0]: html.unescape(m[1]) for m in
              re.findall(r'<input type="hidden" name="(head_\d+)" value="([^"]*)">', page)}
    for name, options in re.findall(r'<select class="select" id="map_\d+" name="(map_\d+)">'
                                    r"(.*?)</select>", page):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        fields[name] = html.unescape(chosen[1]) if chosen else ""
    return fields


def test_every_screening_is_audited_without_the_files_content(db_url: str) -> None:
    """PIPL: a preview and a download each leave an entry (who, when, preview or download and
    the format, how many people), shown at /staff/audit; never the file's name (it may name
    people), its headers or cells. A refused roster screened nobody: no entry."""
    b = admin()
    secret = "张三名单"
    roster = ("姓名,低保,持证,户口,张三的备注\n甲,是,是,baise,住院\n乙,否,是,baise,\n"
              "丙,是,是,baise,\n").encode()
    r = b.c.post("/staff/roster", data={"on": "2025-06-01", "format": "csv",
                                        "csrf_token": b.token, "action": "preview"},
                 files={"roster": (f"{secret}.csv", roster, "text/csv")})
    assert r.status_code == 200 and "共筛查 3 人。" in r.text
    entries = roster_entries(db_url)
    assert [(e.username, e.detail) for e in entries] == [("boss", "preview rows=3")]
    assert entries[0].at is not None and entries[0].user_id is not None
    r = b.c.post("/staff/roster", data={"on": "2025-06-01", "format": "xlsx",
                                        "csrf_token": b.token, "action": "download"},
                 files={"roster": (f"{secret}.csv", roster, "text/csv")})
    assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment")
    assert upload(b, ROSTER.encode()).status_code == 200  # a download, csv (the default)
    details = [e.detail for e in roster_entries(db_url)]
    assert details == ["preview rows=3", "download xlsx rows=3", "download csv rows=2"]
    assert upload(b, b"x", name="roster.doc").status_code == 400  # nobody screened
    assert len(roster_entries(db_url)) == 3
    log = b.get("/staff/audit").text
    assert log.count("<td>按名单批量筛查</td>") == 3 and "download xlsx rows=3" in log
    for entry in roster_entries(db_url):
        assert secret not in entry.detail and "备注" not in entry.detail
        assert "甲" not in entry.detail and "住院" not in entry.detail


def test_a_correction_of_a_roster_of_512_columns(db_url: str) -> None:
    """The README allows 512 columns; the page's form sends each column's choice and header
    (1024 fields and a few more): the multipart parser's default 1000 fields refused it, as a
    form expired (403)."""
    extra = 512 - 4
    header = ["姓名", "困难标识", "持证", "户口"] + [f"附加{k}" for k in range(extra)]
    row = ["甲", "是", "是", "baise"] + [""] * extra
    roster = (",".join(header) + "\n" + ",".join(row) + "\n").encode()
    b = admin()
    first = preview(b, roster)
    assert first.status_code == 200, first.text[:300]
    fields = choices_of(first.text)
    assert len(fields) == 2 * 512 and fields["head_511"] == "附加507"
    fields["map_1"] = "household_dibao"  # 困难标识 is the dibao column
    again = preview(b, roster, fields)
    assert again.status_code == 200, again.text[:500]
    assert "管理员指定" in again.text and "共筛查 1 人。" in again.text
    assert 'id="map_1" name="map_1"><option value="">' in again.text
    assert '<option value="household_dibao" selected>' in again.text
    # more fields than 512 columns make: said, not taken for an expired form
    fields.update({f"map_{k}": "" for k in range(512, 540)})
    over = preview(b, roster, fields)
    assert over.status_code == 400 and "名单最多 512 列" in over.text


def test_a_file_name_of_thousands_of_characters_is_said(db_url: str) -> None:
    b = admin()
    r = b.c.post("/staff/roster", data={"on": "2025-06-01", "format": "csv",
                                        "csrf_token": b.token, "action": "preview"},
                 files={"roster": ("名" * 5000 + ".csv", ROSTER.encode(), "text/csv")})
    assert r.status_code == 400
    assert "可能是文件名太长。请把名单文件改成短一些的名字" in r.text
    assert "这个表单已经失效" not in r.text
    # a long name the parser takes is read by its ending
    r = b.c.post("/staff/roster", data={"on": "2025-06-01", "format": "csv",
                                        "csrf_token": b.token, "action": "preview"},
                 files={"roster": ("名" * 300 + ".csv", ROSTER.encode(), "text/csv")})
    assert r.status_code == 200 and "共筛查 2 人。" in r.text


def test_a_clashing_choice_is_said_as_the_admins_and_the_choices_are_kept(
        db_url: str) -> None:
    """The sample: 低保 (H) not read, 备注 (R) chosen as tekun while 特困供养 (I) is read as
    tekun. The page said the file had two columns of one thing ("请删去或改名其中一列"), and
    lost every choice made."""
    b = admin()
    first = preview(b, SAMPLE.read_bytes())
    fields = choices_of(first.text)
    assert fields["head_8"] == "特困供养" and fields["head_17"] == "备注"
    fields.update({"map_7": "-", "map_17": "tekun"})
    r = preview(b, SAMPLE.read_bytes(), fields)
    assert r.status_code == 400
    text = html.unescape(r.text)
    assert ("你在“改为”里把“备注”列（R 列）选为“tekun（" in text
            and "可是“特困供养”列（I 列）已经读作这一项。 一项只能读一列：请把其中一列选为"
                "“不读这一列（原样保留）”或别的事实" in text), text[:3000]
    assert "请删去或改名其中一列" not in text
    # the mapping comes back, each column with the choice as made
    assert choices_of(r.text) == fields
    assert 'id="col-17">备注</th>' in r.text
    # two columns the admin chose as one fact
    fields.update({"map_17": "tekun", "map_16": "tekun"})
    r = preview(b, SAMPLE.read_bytes(), {**fields, "map_8": "-"})
    text = html.unescape(r.text)
    assert r.status_code == 400 and "都选为“tekun（" in text, text[:3000]
    assert choices_of(r.text) == {**fields, "map_8": "-"}


def test_a_roster_whose_rows_were_all_left_out_as_dead(db_url: str) -> None:
    """The tester's enc_utf8bom.csv: a header and one person whose 备注 is 已故. The page said
    "名单里没有数据行"; it says that the rows were all left out, and why, row by row."""
    roster = ("\ufeff姓名,身份证号,残疾人证号,户籍地址,低保,备注\n"
              "韦壮族,451002198001011216,45100219800101121641,百色市田阳区,是,已故\n").encode()
    b = admin()
    r = preview(b, roster)
    assert r.status_code == 400
    assert "名单里没有数据行" not in r.text
    assert "名单里的各行都没有筛查，所以没有结果。 第 2 行写着这个人已经去世" in r.text
    assert '<ul id="dead-rows"><li>第 2 行：备注：“已故”' in html.unescape(r.text)
    assert 'id="col-5">备注</th>' in r.text  # the columns, one of which may be misread
    assert not roster_entries(db_url)  # nobody screened, nothing given: no entry
    # a roster of a header alone still has no data rows
    r = preview(b, "姓名,低保,持证,户口\n".encode())
    assert r.status_code == 400 and "名单里没有数据行。" in r.text


def test_staff_are_told_the_page_is_for_administrators(db_url: str) -> None:
    staff = Browser()
    staff.login("li", PASSWORD)
    for r in (staff.get("/staff/roster"),
              staff.c.post("/staff/roster", data={"csrf_token": staff.token},
                           files={"roster": ("a.csv", ROSTER.encode(), "text/csv")})):
        assert r.status_code == 403
        assert "这个页面只供管理员使用" in r.text and "按名单批量筛查只有管理员可以使用" in r.text
        assert "本县（市、区）的案件" not in r.text and 'type="file"' not in r.text
    assert not roster_entries(db_url)


# -- 360 px (WCAG 1.4.10 reflow, 2.5.8 target size): the tables scroll in their region
@pytest.mark.parametrize("lang", ["en", "za", "zh-Hans"])
def test_the_results_reflow_at_360_px(db_url: str, live_url: str, browser: Any,
                                      lang: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.support.live import assert_accessible

    browser.delete_all_cookies()
    browser.set_window_size(1024, 800)
    try:
        browser.get(f"{live_url}/staff/login")
        browser.find_element(By.ID, "username").send_keys("boss")
        browser.find_element(By.ID, "password").send_keys(PASSWORD)
        browser.find_element(By.CSS_SELECTOR, "form[action='/staff/login'] button").click()
        WebDriverWait(browser, 20).until(lambda d: "/staff/login" not in d.current_url)
        browser.set_window_size(360, 800)
        browser.get(f"{live_url}/staff/roster?lang={lang}")
        browser.find_element(By.ID, "roster").send_keys(str(SAMPLE))
        browser.find_element(By.ID, "on").clear()
        browser.find_element(By.ID, "on").send_keys("2025-06-01")
        browser.find_element(By.CSS_SELECTOR, "button[value='preview']").click()
        WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.ID, "mapping"))
        seen = browser.execute_script("""
            const doc = document.documentElement;
            const regions = [...document.querySelectorAll('.table-scroll')].map(e => [
                getComputedStyle(e).overflowX, e.clientWidth, e.scrollWidth]);
            const selects = [...document.querySelectorAll('select[id^=map_]')].map(
                s => s.getBoundingClientRect().width);
            const heads = [...document.querySelectorAll('th[id^=col-]')].map(
                t => [t.textContent, t.getBoundingClientRect().width]);
            return {scroll: doc.scrollWidth, width: doc.clientWidth, regions, selects, heads,
                    em: parseFloat(getComputedStyle(document.body).fontSize)};""")
        assert seen["scroll"] <= seen["width"], seen  # the page does not scroll sideways
        assert len(seen["regions"]) == 2
        for overflow, width, _scroll in seen["regions"]:
            assert overflow == "auto" and width <= seen["width"], seen["regions"]
        assert any(scroll > width for _o, width, scroll in seen["regions"])  # they scroll
        assert min(seen["selects"]) >= 8 * seen["em"], seen["selects"]  # shows the choice
        for header, width in seen["heads"]:  # 公民身份号码: not a character a line
            if len(header) >= 4:
                assert width >= 4 * seen["em"], (header, width)
        # the region's content is reached by the keyboard: its last list scrolls into view
        browser.execute_script("document.getElementById('map_17').focus()")
        right = browser.execute_script(
            "return document.getElementById('map_17').getBoundingClientRect().right")
        assert right <= seen["width"] + 1
        browser.execute_script(
            "const b = document.body; b.setAttribute('tabindex', '-1'); b.focus();"
            "b.removeAttribute('tabindex'); window.scrollTo(0, 0);")
        assert_accessible(browser, f"roster results at 360 px ({lang})")
        # the audit log, now holding the screening: its table scrolls in its region too (the
        # fifty-first tester's: 478 px wide in Chinese, 380 in English, at 360)
        browser.get(f"{live_url}/staff/audit?lang={lang}")
        seen = browser.execute_script(
            "const doc = document.documentElement;"
            "return [doc.scrollWidth, doc.clientWidth,"
            " getComputedStyle(document.querySelector('.table-scroll')).overflowX];")
        assert seen[0] <= seen[1] and seen[2] == "auto", seen
    finally:
        browser.set_window_size(1024, 800)


def test_the_page_offers_the_result_for_people_first(db_url: str) -> None:
    """The page is for people: an .xlsx result by default, whose ID numbers Excel shows whole
    (a CSV opened in Excel shows them as 4.51002E+17: the fifty-sixth tester's), the CSV said
    so beside it; a list saved as tab-delimited text may be chosen."""
    b = Browser()
    b.login("boss", PASSWORD)
    page = b.get("/staff/roster").text
    checked = re.findall(r'<input[^>]*name="format"[^>]*>', page)
    assert [("checked" in i, 'value="xlsx"' in i) for i in checked] == [(False, False),
                                                                          (True, True)]
    assert 'accept=".csv,.xlsx,.txt,.tsv"' in page and "长号码会显示不全" in page
