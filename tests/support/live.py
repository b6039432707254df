"""A real server on loopback for browser tests, and the shared accessibility checker.

``live_url`` (session fixture, in conftest) serves ``app.main:app`` with uvicorn in a thread on a
free 127.0.0.1 port. ``browser`` starts headless Chromium through ``shared/a11y/axe_check.py``;
``assert_accessible(driver)`` runs axe-core (WCAG 2.2 A/AA), the accessibility-tree name check
and the keyboard walk on the page the driver shows, and fails with what it found.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

ROOT = Path(__file__).resolve().parents[2]
A11Y_DIR = Path(os.environ.get("A11Y_DIR", ROOT.parent / "shared" / "a11y"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThreadedServer(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # run in a thread: leave signals alone
        pass


def serve(app: Any) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            access_log=False)
    server = ThreadedServer(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def axe_module() -> Any:
    """Import shared/a11y/axe_check.py; skip only where the shared folder is absent."""
    if not (A11Y_DIR / "axe_check.py").exists():
        if os.environ.get("CI"):
            pytest.fail(f"{A11Y_DIR}/axe_check.py missing in CI")
        pytest.skip("shared/a11y not beside the project")
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        pytest.fail("Chromium is not installed: run scripts/install-test-deps.sh (make test does)")
    sys.path.insert(0, str(A11Y_DIR))
    import axe_check  # type: ignore[import-not-found]

    return axe_check


def start_browser() -> Any:
    axe_check = axe_module()
    driver, _profile = axe_check.start_browser(allow_remote=False)
    return driver


# Every text node with Chinese in it, outside an element whose language is Chinese: what a
# Zhuang or English voice would have to read (WCAG 3.1.2, language of parts; axe-core does not
# check it). Not counted: elements that cannot hold a <span lang> (title, option, textarea,
# script, style).
UNMARKED_CHINESE_JS = r"""
const han = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const found = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  if (!han.test(n.data)) continue;
  const el = n.parentElement;
  if (el.closest('title, option, textarea, script, style')) continue;
  const owner = el.closest('[lang]');
  const lang = owner ? owner.getAttribute('lang') : '';
  if (!lang.toLowerCase().startsWith('zh')) found.push(n.data.trim().slice(0, 60));
}
return found;
"""


def assert_accessible(driver: Any, label: str = "") -> None:
    """No axe violation, no nameless control, every control reachable by keyboard, and no
    Chinese words left unmarked on a Zhuang or English page.

    The keyboard walk starts from ``<body>``, as for a keyboard user arriving at the page.
    Pages that put focus somewhere on load (the error summary, the search box, a check's
    result) would otherwise start it there: the walk blurs the focused element and presses
    Tab on from it, and would never reach the header links above. Check such focus before.
    """
    driver.execute_script(
        "const b = document.body; b.setAttribute('tabindex', '-1'); b.focus();"
        "b.removeAttribute('tabindex');")
    axe_check = axe_module()
    violations, warnings, tab_order, _version = axe_check.check_current(driver)
    where = label or driver.current_url
    assert not violations, f"{where}: " + "\n".join(str(v) for v in violations)
    unmarked = driver.execute_script(UNMARKED_CHINESE_JS)
    assert not unmarked, f"{where}: Chinese not marked lang=zh-Hans: {unmarked[:10]}"


def mark_page(driver: Any) -> None:
    """Leave a mark on the current document, for :func:`wait_for_new_page`."""
    driver.execute_script("window.__oldPage = true")


def wait_for_new_page(driver: Any) -> None:
    """Until a new document has loaded (the mark left on the old one is gone). Waiting for an
    old element to go stale instead races with Chromium's navigation: it sometimes answers
    "Node with given id does not belong to the document", which failed a run."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script(
            "return window.__oldPage === undefined && document.readyState === 'complete'"))


def click_and_wait(driver: Any, selector: str) -> None:
    """Click the element ``selector`` finds (a submit button, a link) and wait for the page
    it leads to."""
    mark_page(driver)
    driver.find_element("css selector", selector).click()
    wait_for_new_page(driver)
