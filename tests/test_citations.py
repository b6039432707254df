"""Every plan quote is verbatim plan text; every citation names a known source."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.engine.yamlload import load_yaml
from tests.conftest import PLAN, ROOT


def _squash(text: str) -> str:
    return "".join(text.split())


def _cites(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}" if path else str(key)
            if key == "cite":
                for i, c in enumerate(value if isinstance(value, list) else [value]):
                    yield f"{here}[{i}]", c
            else:
                yield from _cites(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _cites(value, f"{path}[{i}]")


def _rule_files() -> list[Path]:
    return sorted((ROOT / "rules").rglob("*.yaml"))


def _all_cites() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for f in _rule_files():
        rel = f.relative_to(ROOT).as_posix()
        for path, cite in _cites(load_yaml(f.read_text("utf-8"), rel)):
            out.append((f"{rel}:{path}", cite))
    return out


CITES = _all_cites()
SOURCES = load_yaml((ROOT / "rules" / "sources.yaml").read_text("utf-8"), "sources")["sources"]


def test_there_are_citations() -> None:
    assert len(CITES) > 30


@pytest.mark.skipif(not PLAN.exists(), reason="shared/plan not beside the project")
@pytest.mark.parametrize(("where", "cite"), [c for c in CITES if c[1].get("source") == "plan"],
                         ids=[w for w, c in CITES if c.get("source") == "plan"])
def test_plan_quote_is_verbatim(where: str, cite: dict[str, Any]) -> None:
    plan = _squash(PLAN.read_text("utf-8"))
    assert cite.get("quote"), f"{where}: a plan citation needs its quote"
    assert _squash(cite["quote"]) in plan, f"{where}: not verbatim plan text: {cite['quote']}"


@pytest.mark.parametrize(("where", "cite"), CITES, ids=[w for w, _ in CITES])
def test_citation_names_a_known_source(where: str, cite: dict[str, Any]) -> None:
    assert cite.get("source") in SOURCES, f"{where}: unknown source {cite.get('source')!r}"
    assert cite.get("locator"), f"{where}: a citation needs a locator"
