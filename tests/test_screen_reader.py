"""What a blind resident hears: pages read by a real screen reader (GNOME Orca, driven by
shared/a11y/orca_listen.py in a real Chromium on a private virtual display).

axe and the keyboard walk check the markup; these tests listen to it. An error page reads its
error summary out as it opens, and announces the field with its question, hint and error; a
radio question announces its question with the first option; the results page, walked
heading by heading, names the group and then the living subsidy first. Pages are made by the
app (a resident's answers in a cookie jar), saved with a <base> pointing at the live server
for their stylesheets, and opened from the file.
"""

from __future__ import annotations

import html as htmllib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.engine import Rulebook
from app.resident import state
from tests.support.live import A11Y_DIR
from tests.support.resident import walk
from tests.test_resident_flow import GRADE1_DIBAO

ORCA_NEEDS = ("orca", "Xvfb", "xdotool", "dbus-daemon")


def orca_listen() -> Path:
    script = A11Y_DIR / "orca_listen.py"
    missing = [p for p in ORCA_NEEDS if not shutil.which(p)]
    if script.exists() and not missing:
        return script
    why = f"{script} missing" if not script.exists() else "not installed: " + ", ".join(missing)
    if os.environ.get("CI"):
        pytest.fail(f"screen reader tests cannot run in CI: {why} "
                    "(scripts/install-test-deps.sh installs them)")
    pytest.skip(f"screen reader: {why}")


def listen(page: str, live_url: str, tmp_path: Path, keys: list[str]) -> list[dict[str, Any]]:
    """Orca's speech for the page as it loads, then after each key."""
    script = orca_listen()
    path = tmp_path / "page.html"
    path.write_text(page.replace("<head>", f'<head><base href="{live_url}/">', 1), "utf-8")
    proc = subprocess.run(
        [sys.executable, str(script), str(path), "--json", "--keys", ",".join(keys)],
        capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-2000:]
    steps: list[dict[str, Any]] = json.loads(proc.stdout)
    return steps


def said(step: dict[str, Any]) -> str:
    return " ".join(step["speech"])


def grab(pattern: str, page: str) -> str:
    """The text (tags dropped) of the first match of ``pattern``'s group in the page."""
    m = re.search(pattern, page, re.S)
    assert m, f"not on the page: {pattern}"
    return htmllib.unescape(re.sub(r"<[^>]+>", "", m[1])).strip()


@pytest.fixture()
def resident() -> TestClient:
    from app.main import app

    c = TestClient(app)
    assert c.post("/start", follow_redirects=False).status_code == 303
    return c


@pytest.mark.parametrize("lang", ["zh-Hans", "za", "en"])
def test_error_page_is_read_out_and_the_field_names_its_error(
        resident: TestClient, live_url: str, tmp_path: Path, lang: str) -> None:
    csrf = state.loads(resident.cookies[state.COOKIE], resident.app.state.rulebook).token
    page = resident.post(f"/question/age?lang={lang}", data={"answer": "abc", "csrf": csrf}).text
    summary_title = grab(r'id="error-summary-title"[^>]*>(.*?)</h2>', page)
    message = grab(r'<a href="#answer">(.*?)</a>', page)
    label = grab(r'<label[^>]* for="answer"[^>]*>(.*?)</label>', page)
    hint = grab(r'<div id="answer-hint"[^>]*>(.*?)</div>', page)

    steps = listen(page, live_url, tmp_path, ["Tab"] * 3)
    on_load = said(steps[0])
    assert summary_title in on_load and message in on_load, on_load  # read out unasked
    field = next((s for s in steps[1:] if s["focus"]["role"] == "entry"), None)
    assert field is not None, [s["focus"] for s in steps]
    assert field["focus"]["name"] == label and field["inferred_label"] is None
    heard = said(field)
    assert "invalid entry" in heard and hint in heard and message in heard, heard


def test_radio_question_is_announced_with_its_question(
        resident: TestClient, live_url: str, tmp_path: Path) -> None:
    page = resident.get("/question/hukou?lang=za").text
    legend = grab(r"<legend[^>]*>(.*?)</legend>", page)
    first = grab(r'<label for="answer">(.*?)</label>', page)

    steps = listen(page, live_url, tmp_path, ["Tab"] * 9)
    radio = next((s for s in steps if s["focus"]["role"] == "radio button"), None)
    assert radio is not None, [s["focus"] for s in steps]
    heard = said(radio)
    assert legend in heard and first in heard and "not selected" in heard, heard


def test_results_heading_by_heading_start_with_the_money(
        book: Rulebook, live_url: str, tmp_path: Path) -> None:
    from app.main import app

    c = TestClient(app)
    walk(c, book, GRADE1_DIBAO)
    page = c.get("/results?lang=en").text
    h1 = grab(r"<h1[^>]*>(.*?)</h1>", page)
    summary = grab(r'<h2 id="summary-title"[^>]*>(.*?)</h2>', page)
    apply = grab(r'<h2 id="apply">(.*?)</h2>', page)
    first_program = grab(r"<h3>(.*?)</h3>", page)
    assert first_program == "Living subsidy for disabled people in financial difficulty"

    steps = listen(page, live_url, tmp_path, ["h", "h", "h", "h"])
    headings = [(s["focus"]["role"], s["focus"]["name"]) for s in steps[1:]]
    assert headings[0] == ("heading", h1)
    assert headings[1] == ("heading", summary)      # what they get and where to go, first
    assert headings[2] == ("heading", apply)
    assert headings[3][1] == first_program and "heading level 3" in said(steps[4])


def test_the_current_language_is_said(resident: TestClient, live_url: str,
                                      tmp_path: Path) -> None:
    """Orca does not speak aria-current on a link it tabs to, so the current language's link
    carries the words in a visually hidden span."""
    page = resident.get("/?lang=za").text
    steps = listen(page, live_url, tmp_path, ["Tab"] * 5)
    links = {s["focus"]["name"]: said(s) for s in steps[1:] if s["focus"]["role"] == "link"}
    current = next((heard for name, heard in links.items() if name.startswith("Vahcuengh")), "")
    assert "vah yungh seizneix" in current, links
    english = next((heard for name, heard in links.items() if name.startswith("English")), "")
    assert english and "seizneix" not in english, links


@pytest.mark.parametrize("lang", ["zh-Hans", "za", "en"])
def test_topic_page_announces_each_statement_in_its_group(
        resident: TestClient, live_url: str, tmp_path: Path, lang: str) -> None:
    """A page by topic (issue 14): Tab reaches a checkbox, and Orca says the group's question
    and the statement ticked ("我家享受低保"), not a question."""
    page = resident.get(f"/page/household?lang={lang}").text
    legend = grab(r'<legend class="legend">(.*?)</legend>', page)
    first = grab(r'<input id="q1" name="household_support" type="checkbox"[^>]*>\s*'
                 r'<label for="q1">(.*?)</label>', page)

    steps = listen(page, live_url, tmp_path, ["Tab"] * 8)
    box = next((s for s in steps if s["focus"]["role"] == "check box"), None)
    assert box is not None, [s["focus"] for s in steps]
    heard = said(box)
    assert legend in heard and first in heard and "not checked" in heard, heard
