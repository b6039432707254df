"""The printed one-time notice (一次性告知单) in real Chromium, and the officer's form work
for a typical applicant (issue 12, points 5 and 6).

The officer's work is counted, not timed: the test drives the form as an officer would, with
the new defaults (county filled in, the certificate number filling category, grade, age and
county, "no to the rest"), and counts the fields typed into and the clicks from the empty form
to the printed notice. The notice is printed to PDF by Chromium (DevTools Page.printToPDF
through selenium's print_page, A4), its pages counted with pdfinfo and its text read with
pdftotext (Debian poppler-utils, installed by scripts/install-test-deps.sh)."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.live import click_and_wait
from tests.support.staff import PASSWORD, fresh_database, make_user
from tests.support.typed_values import with_check_digit

# Text of the site's chrome that must not be on paper (zh-Hans page).
CHROME = ["跳到正文", "大字和高对比", "退出登录", "保持登录", "返回案件", "已登录", "本服务不保存",
          "用浏览器的", "新的筛查", "Vahcuengh", "English", "需要帮助"]
# A typical applicant: a physical disability certificate, grade 1, 40 years old, needs
# long-term care, household on dibao; everything else "no".
CERTIFICATE = with_check_digit("45100219850315123") + "41"  # 右江区, physical, grade 1
MAX_ACTIONS = 10


@pytest.fixture(scope="module")
def staff_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from sqlmodel import Session

    from app.staff.db import get_engine, use_database

    url = fresh_database("sqlite", Path(tmp_path_factory.mktemp("staff-print")))
    with Session(get_engine(url)) as s:
        make_user(s, "li", county="youjiang")
    use_database(url)
    try:
        yield url
    finally:
        use_database(None)


class Officer:
    """The browser, counting what an officer does: fields typed into and clicks."""

    def __init__(self, driver: Any) -> None:
        self.d, self.typed, self.clicks = driver, 0, 0

    def type(self, element_id: str, text: str) -> None:
        self.d.find_element("id", element_id).send_keys(text)
        self.typed += 1

    def choose(self, name: str, value: str) -> None:
        radio = self.d.find_element("css selector", f"input[name={name}][value='{value}']")
        self.d.find_element("css selector", f"label[for='{radio.get_attribute('id')}']").click()
        self.clicks += 1

    def submit(self, selector: str) -> None:
        click_and_wait(self.d, selector)
        self.clicks += 1

    @property
    def actions(self) -> int:
        return self.typed + self.clicks


def test_typical_applicant_form_work_and_the_printed_notice(browser: Any, live_url: str,
                                                            staff_db: str, tmp_path: Path
                                                            ) -> None:
    if not (shutil.which("pdftotext") and shutil.which("pdfinfo")):
        pytest.fail("poppler-utils missing: run scripts/install-test-deps.sh")
    from selenium.webdriver.common.print_page_options import PrintOptions

    d = browser
    d.delete_all_cookies()
    d.get(f"{live_url}/staff/login?lang=zh-Hans")
    d.find_element("id", "username").send_keys("li")
    d.find_element("id", "password").send_keys(PASSWORD)
    click_and_wait(d, "main form button[type=submit]")
    d.get(f"{live_url}/staff/screen")

    officer = Officer(d)
    officer.type("certificate_number", CERTIFICATE)
    officer.choose("needs_long_term_care", "true")
    officer.choose("household_dibao", "true")
    officer.submit("button[name=rest][value=no]")
    assert "/staff/screen" in d.current_url and d.find_elements("id", "save-title"), d.title
    officer.choose("consent", "yes")
    officer.type("applicant_name", "测试")
    officer.submit("form[action='/staff/cases'] button[type=submit]")
    assert re.search(r"/staff/cases/\d+", d.current_url)
    officer.submit("a[href$='/print']")
    assert officer.actions <= MAX_ACTIONS, (officer.typed, officer.clicks)

    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7  # A4, in centimetres
    options.background = False
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(base64.b64decode(d.print_page(options)))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert 1 <= pages <= 2, pages
    # (pdftotext drops the glyph 残 of the embedded CJK font: match around it)
    assert "一次性告知单" in text and "经办人" in text and "规则版本" in text
    assert "Li" in text  # the officer
    assert "一次带齐这些材料" in text
    found = [c for c in CHROME if c in text]
    assert not found, found
    # eligible programs come first, each with its amount where it has one
    first = text.index("可以申请的项目")
    assert first < text.index("目前不符合条件") and "元" in text[first:]
