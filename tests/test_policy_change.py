"""Issue 13 point 4: a policy change is a change to one YAML file. Changing one parameter value
in one rule file (in a copy of rules/) changes every place the figure appears — the API's
amount and answers, the program's detail, the lookup page — and nothing else needs editing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.engine import load_rulebook
from app.main import create_app
from app.present import get_presenter
from tests.conftest import ROOT


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} must appear once in {path.name}"
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    rules = tmp_path_factory.mktemp("policy") / "rules"
    shutil.copytree(ROOT / "rules", rules)
    # the 2025 nursing subsidy rate, and Guangxi's 2025 individual loan limit, each in one file
    _edit(rules / "programs" / "nursing_subsidy.yaml",
          "      - from: 2025-01-01\n        value: 90\n",
          "      - from: 2025-01-01\n        value: 95\n")
    _edit(rules / "programs" / "loan_interest_subsidy.yaml",
          "      - from: 2025-01-01\n        value: 300000\n",
          "      - from: 2025-01-01\n        value: 350000\n")
    with TestClient(create_app(load_rulebook(rules))) as c:
        yield c


NURSING = {"has_disability_certificate": True, "hukou": "baise", "disability_category": "physical",
           "disability_grade": 1, "needs_long_term_care": True, "tekun": False,
           "work_injury_nursing_allowance": False}
LOAN_320K = {"has_disability_certificate": True, "loan_type": "individual",
             "loan_amount": 320000, "loan_term_months": 36, "loan_contract_date": "2025-03-01",
             "loan_annual_rate": 4.0}


def _screen(c: TestClient, pid: str, facts: dict[str, object]) -> dict[str, object]:
    body = {"on": "2025-06-01", "facts": facts, "programs": [pid]}
    return c.post("/api/v1/screen", json=body).json()["results"][0]


def test_the_amount_follows_the_rule_file(client: TestClient, changed: TestClient) -> None:
    assert _screen(client, "nursing_subsidy", NURSING)["amount"]["value"] == \
        _value(client, "nursing_subsidy", "monthly_amount")
    assert _screen(changed, "nursing_subsidy", NURSING)["amount"]["value"] == 95
    detail = changed.get("/api/v1/programs/nursing_subsidy").json()
    values = [v["value"] for p in detail["parameters"] for v in p["values"]]
    assert 95 in values and 90 not in values


def test_the_limit_follows_the_rule_file_in_answers_and_texts(client: TestClient,
                                                               changed: TestClient) -> None:
    # the answer: a 320,000 loan is over the limit as shipped, within it after the change
    assert _screen(client, "loan_interest_subsidy", LOAN_320K)["status"] == "not_eligible"
    assert _screen(changed, "loan_interest_subsidy", LOAN_320K)["status"] == "eligible"
    # the texts: the program's detail and its lookup page name the new figure, never the old
    for lang in ("zh-Hans", "en", "za"):
        detail = changed.get(f"/api/v1/programs/loan_interest_subsidy?lang={lang}").json()
        how, excl = detail["apply"]["how"], detail["exclusions"][0]["text"]
        for text in (how, excl):
            assert "350000" in _numbers(text) and "300000" not in _numbers(text), lang
        assert "{param." not in how + excl, lang
        page = changed.get("/rules/loan_interest_subsidy", params={"lang": lang}).text
        assert "350000" in _numbers(page) and "{param." not in page, lang
    shipped = client.get("/api/v1/programs/loan_interest_subsidy").json()["apply"]["how"]
    assert "300000" in _numbers(shipped) and "350000" not in _numbers(shipped)


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"[0-9]+", text))


def test_the_version_follows_the_content(changed: TestClient, client: TestClient) -> None:
    book = load_rulebook(ROOT / "rules")
    body = {"on": "2025-06-01", "facts": {}, "programs": ["dibao"]}
    v_shipped = client.post("/api/v1/screen", json=body).json()["rulebook"]["version"]
    v_changed = changed.post("/api/v1/screen", json=body).json()["rulebook"]["version"]
    assert v_shipped == book.version and v_changed != v_shipped


def _value(c: TestClient, pid: str, param: str) -> float:
    detail = c.get(f"/api/v1/programs/{pid}").json()
    series = next(p for p in detail["parameters"] if p["id"].endswith(param))
    return next(v["value"] for v in series["values"] if v["valid_from"] == "2025-01-01")


def test_presenter_fills_every_placeholder_of_the_rulebook() -> None:
    """No rule text reaches a reader with a raw {param.…} in it."""
    book = load_rulebook(ROOT / "rules")
    for lang in ("zh-Hans", "za", "en"):
        pres = get_presenter(book, lang)
        for p in book.programs.values():
            d = pres.program_detail(p)
            texts = [d["summary"], d["apply"]["how"], d["no_amount"] or ""] + [
                c[k] for c in d["requirements"] + d["exclusions"]
                for k in ("text", "unmet", "clear")]
            assert not any("{param." in t for t in texts), (lang, p.id)


def test_the_old_figure_is_gone_from_the_rule_page(changed: TestClient) -> None:
    """The note shown beside a value must not restate it: after 90 → 95 the nursing page said
    "由每人每月80元提高到90元" next to 95 (and "广西提高到30万元" beside a changed loan limit)."""
    for lang, old in (("zh-Hans", "90元"), ("en", "90 yuan"), ("za", "90 maenz")):
        page = changed.get("/rules/nursing_subsidy", params={"lang": lang}).text
        assert old not in page, lang
    for lang, old in (("zh-Hans", "30万"), ("en", "300,000"), ("za", "30 fanh")):
        page = changed.get("/rules/loan_interest_subsidy", params={"lang": lang}).text
        assert old not in page, lang


def test_no_note_restates_the_value_it_sits_beside() -> None:
    """A dated value's note explains it (source, start date, confidence) and never writes the
    figure again, so that changing the value is the whole change."""
    book = load_rulebook(ROOT / "rules")
    for p in book.programs.values():
        for name, series in {**book.shared_params, **p.params}.items():
            for entry in series.entries:
                note = entry.note or ""
                figures = {int(n) * (10000 if w else 1)
                           for n, w in re.findall(r"([0-9]+)(万)?", note)}
                assert entry.value not in figures, (p.id, name, note)
