from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.engine import Rulebook, load_rulebook

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PLAN = SHARED / "plan" / "baise-disability-plan-2021-2025.md"


@pytest.fixture(scope="session")
def book() -> Rulebook:
    return load_rulebook(ROOT / "rules")


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    from app.main import app

    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def live_url() -> Iterator[str]:
    """The app served on a free loopback port for the whole session."""
    from app.main import app
    from tests.support.live import serve

    yield from serve(app)


@pytest.fixture(scope="session")
def browser(live_url: str) -> Iterator[object]:
    """One headless Chromium for the session (shared/a11y's settings: loopback only)."""
    from tests.support.live import start_browser

    driver = start_browser()
    try:
        yield driver
    finally:
        driver.quit()


def calls_to(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[Any]:
    """The first argument of each call to ``owner.name`` from now on (it still runs): how a
    test tells that something was made again, or read from a cache. A function of a module,
    or a static method of a class (kept static)."""
    calls: list[Any] = []
    real = getattr(owner, name)

    def counted(first: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(first)
        return real(first, *args, **kwargs)

    monkeypatch.setattr(owner, name, staticmethod(counted) if isinstance(owner, type)
                        else counted)
    return calls
