"""A broken rule file is refused, with a message naming the file, the path and the problem."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.engine import RuleError, load_rulebook
from tests.conftest import ROOT


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    dest = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", dest)
    return dest


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _refused(rules: Path) -> RuleError:
    with pytest.raises(RuleError) as info:
        load_rulebook(rules)
    return info.value


def test_unknown_key(rules: Path) -> None:
    _edit(rules / "programs" / "nursing_subsidy.yaml", "\nsummary:", "\nsumary: x\nsummary:")
    err = _refused(rules)
    assert err.file == "rules/programs/nursing_subsidy.yaml"
    assert err.path == "sumary"
    assert "unknown key" in str(err)


def test_unknown_fact(rules: Path) -> None:
    _edit(rules / "programs" / "living_subsidy.yaml",
          "{fact: household_dibao, is: true}", "{fact: household_dibaoo, is: true}")
    err = _refused(rules)
    assert err.file == "rules/programs/living_subsidy.yaml"
    assert err.path.startswith("requirements[") and err.path.endswith(".when.fact")
    assert "household_dibaoo" in str(err)


def test_bad_date(rules: Path) -> None:
    _edit(rules / "programs" / "living_subsidy.yaml", "from: 2016-01-01", "from: 2016-13-01")
    err = _refused(rules)
    assert err.file == "rules/programs/living_subsidy.yaml"
    assert err.path == "valid.from"


def test_kinds_only_of_a_yes_no_fact(rules: Path) -> None:
    """Columns of a fact's kinds are read together as yes where any is yes: only a yes/no fact
    has kinds."""
    _edit(rules / "facts.yaml", "  age:\n", "  age:\n    kinds: [周岁, 虚岁]\n")
    err = _refused(rules)
    assert err.file == "rules/facts.yaml"
    assert "kinds apply to yes/no facts only" in str(err)


def test_worded_aliases_only_of_a_yes_no_fact_with_its_words(rules: Path) -> None:
    """Headers read by the fact's own words only need those words, of yes and of no."""
    _edit(rules / "facts.yaml", "  age:\n", "  age:\n    worded_aliases: [周岁]\n")
    err = _refused(rules)
    assert err.file == "rules/facts.yaml"
    assert "worded_aliases apply to yes/no facts with value_aliases for both" in str(err)


def test_a_yes_no_facts_own_spellings_are_of_yes_and_no(rules: Path) -> None:
    """A yes/no fact's value_aliases name spellings of yes and of no, nothing else."""
    _edit(rules / "facts.yaml", "      no: [未办证,", "      maybe: [未办证,")
    err = _refused(rules)
    assert err.file == "rules/facts.yaml"
    assert "value_aliases for values the fact does not have: ['maybe']" in str(err)


def test_yes_instead_of_true(rules: Path) -> None:
    _edit(rules / "programs" / "living_subsidy.yaml",
          "{fact: household_dibao, is: true}", "{fact: household_dibao, is: yes}")
    err = _refused(rules)
    assert err.file == "rules/programs/living_subsidy.yaml"
    assert err.path.endswith(".when.is")
    assert "'yes'" in str(err) and "true or false" in str(err)


def test_unknown_source(rules: Path) -> None:
    _edit(rules / "programs" / "living_subsidy.yaml", "source: gui_mingui_2022_2",
          "source: nowhere")
    err = _refused(rules)
    assert "nowhere" in str(err) and ".source" in err.path


def test_type_mismatch_in_condition(rules: Path) -> None:
    _edit(rules / "programs" / "living_subsidy.yaml",
          "{fact: household_dibao, is: true}", "{fact: household_dibao, is: 3}")
    err = _refused(rules)
    assert "household_dibao" in str(err) and err.path.endswith(".when.is")


def test_service_refuses_to_start(rules: Path) -> None:
    _edit(rules / "facts.yaml", "type: boolean", "type: bool")
    proc = subprocess.run(
        [sys.executable, "-c", "import app.main"], cwd=ROOT, capture_output=True, text=True,
        env={"SCREENER_RULES_DIR": str(rules), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert proc.returncode == 3
    assert "rules/facts.yaml: facts." in proc.stderr and ".type" in proc.stderr
    assert "Traceback" not in proc.stderr


# ---------------------------------------------------------------- issue 13: the new rule keys

def test_unknown_named_criterion(rules: Path) -> None:
    _edit(rules / "programs" / "student_aid.yaml", "  - use: certificate\n",
          "  - use: certificat\n")
    err = _refused(rules)
    assert err.file == "rules/programs/student_aid.yaml"
    assert err.path == "requirements[0].use" and "certificat" in str(err)


def test_named_criterion_cannot_be_reworded_in_place(rules: Path) -> None:
    _edit(rules / "programs" / "student_aid.yaml", "  - use: certificate\n",
          "  - use: certificate\n    text: 别的说法。\n")
    err = _refused(rules)
    assert err.path == "requirements[0]" and "beside 'use'" in str(err)


def test_unknown_placeholder(rules: Path) -> None:
    _edit(rules / "programs" / "loan_interest_subsidy.yaml", "{param.individual_max_amount}",
          "{param.individual_max_amont}")
    err = _refused(rules)
    assert err.file == "rules/programs/loan_interest_subsidy.yaml"
    assert err.path == "apply.how" and "individual_max_amont" in str(err)


def test_only_an_unsettled_criterion_may_leave_out_its_condition(rules: Path) -> None:
    path = rules / "programs" / "transit_concessions.yaml"
    text = path.read_text("utf-8")
    start = text.index("    unsettled:\n")
    end = text.index("    cite:", start)
    path.write_text(text[:start] + text[end:], "utf-8")
    err = _refused(rules)
    assert err.path == "requirements[1].when" and "unsettled" in str(err)


def test_criteria_file_is_required(rules: Path) -> None:
    (rules / "criteria.yaml").unlink()
    err = _refused(rules)
    assert err.file == str(rules / "criteria.yaml") and "missing" in str(err)


@pytest.mark.parametrize("missing", ["facts.yaml", "programs"])
def test_a_missing_file_is_named_by_where_it_was_looked_for(missing: str, rules: Path,
                                                           tmp_path: Path) -> None:
    # the rules folder may be another than rules/ (SCREENER_RULES_DIR): the message says
    # which folder was looked in, not rules/
    moved = tmp_path / "县残联规则"
    rules.rename(moved)
    if missing == "programs":
        for path in (moved / "programs").glob("*.yaml"):
            path.unlink()
    else:
        (moved / missing).unlink()
    err = _refused(moved)
    assert err.file == str(moved / missing)
    assert str(err).endswith("file is missing" if missing != "programs" else "no program files")



# What the rule files' shapes ask of each value (app.engine.schema: its markers NonEmpty, Exact
# and Before, and the key ``from``), each refused by name: (file, old, new, path, words).
SHAPES = {
    "an empty text": ("programs/living_subsidy.yaml", "title: 困难残疾人生活补贴", 'title: ""',
                      "title", "at least 1 character"),
    "no citation": ("programs/living_subsidy.yaml",
                    "cite: {source: gui_mingui_2022_2, locator: 补贴对象}", "cite: []",
                    "requirements[1].cite", "at least 1 item"),
    "a yes/no written as a word": ("facts.yaml", "    dont_know: true\n", '    dont_know: "yes"\n',
                                   "facts.disability_category.dont_know", "valid boolean"),
    "a date written otherwise": ("programs/living_subsidy.yaml", "from: 2016-01-01",
                                 'from: "2016-1-1"', "valid.from", "YYYY-MM-DD"),
    "the field's own name for from": ("programs/living_subsidy.yaml", "from: 2016-01-01",
                                      "valid_from: 2016-01-01", "valid.from",
                                      "required key is missing"),
    "a number as a word": ("facts.yaml", "    min: 1\n    max: 4\n    unit: 级",
                           "    min: one\n    max: 4\n    unit: 级", "facts.disability_grade.min",
                           "not a number"),
    "a number that is none": ("facts.yaml", "    min: 1\n    max: 4\n    unit: 级",
                              "    min: .nan\n    max: 4\n    unit: 级",
                              "facts.disability_grade.min", "not a number"),
}


@pytest.mark.parametrize("name", SHAPES)
def test_a_value_of_the_wrong_shape(rules: Path, name: str) -> None:
    file, old, new, path, words = SHAPES[name]
    _edit(rules / file, old, new)
    err = _refused(rules)
    assert err.file == f"rules/{file}" and err.path == path, (err.file, err.path, str(err))
    assert words in str(err)
