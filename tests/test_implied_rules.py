"""rules/facts.yaml's ``implies:``, ``pages:`` and ``statements:`` (issue 14): a mistake in
them is refused with the file, the path and the problem, like any rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.engine import RuleError, load_rulebook
from tests.conftest import ROOT


def _refused(rules: Path, old: str, new: str) -> RuleError:
    path = rules / "facts.yaml"
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(RuleError) as info:
        load_rulebook(rules)
    assert info.value.file == "rules/facts.yaml"
    return info.value


def test_every_fact_is_on_exactly_one_page() -> None:
    book = load_rulebook(ROOT / "rules")
    on_pages = [n for p in book.extras.pages.values() for n in p.facts]
    assert sorted(on_pages) == sorted(book.facts)


@pytest.mark.parametrize(("old", "new", "path", "words"), [
    ("then: {household_in_hardship: true}\n", "then: {household_in_hardshp: true}\n",
     "implies[0].then.household_in_hardshp", "unknown fact"),
    ("then: {orphan_allowance: false}", "then: {orphan_allowance: maybe}",
     "implies[2].then.orphan_allowance", "not a value"),
    ("then: {orphan_allowance: false}", "then: {age: 3}", "implies[2].then",
     "cannot imply what it reads"),
    ("cite: {source: tekun_rules_2021, locator: 无生活来源的认定}",
     "cite: {source: nowhere, locator: x}", "implies[1].cite[0].source", "unknown source"),
    ("facts: [hukou, age, county]", "facts: [hukou, age, county, hukou]",
     "pages.registration.facts[3]", "already on page"),
    ("facts: [hukou, age, county]", "facts: [hukou, age]", "pages", "'county' is on no page"),
    ("  tekun: {text:", "  tekunn: {text:", "statements.tekunn", "unknown fact"),
])
def test_mistakes_are_refused(tmp_path: Path, old: str, new: str, path: str, words: str) -> None:
    err = _refused(Path(shutil.copytree(ROOT / "rules", tmp_path / "rules")), old, new)
    assert err.path == path and words in str(err), str(err)
