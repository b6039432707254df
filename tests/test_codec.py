"""The fact codec reads the table of typed values (tests/support/typed_values.py) as it says,
hostile values within the time bound; identity numbers give their facts or name the field;
the display module words amounts, dates and answers one way."""

from __future__ import annotations

import datetime as dt
import json
import time
from decimal import Decimal

import pytest

from app.codec import display, problem_text, read_cell, read_facts, read_json, read_text
from app.codec.identity import (
    Certificate,
    IdNumber,
    facts_from_numbers,
    read_certificate_number,
    read_id_number,
)
from app.codec.problems import MESSAGES, Problem
from app.engine import Rulebook
from tests.support.typed_values import (
    HOSTILE_SECONDS,
    ON,
    Refused,
    Row,
    rows_for,
    with_check_digit,
)

READERS = {"text": read_text, "cell": read_cell, "json": read_json}
CASES = [(kind, row) for kind in READERS for row in rows_for(kind)]


@pytest.mark.parametrize(("kind", "row"), CASES, ids=[f"{k}:{r.id}" for k, r in CASES])
def test_typed_value(book: Rulebook, kind: str, row: Row) -> None:
    start = time.perf_counter()
    reading = READERS[kind](book, row.fact, row.typed, on=ON)
    elapsed = time.perf_counter() - start
    if isinstance(row.expect, Refused):
        assert reading.value is None
        assert reading.problem is not None, reading
        assert (reading.problem.fact, reading.problem.code) == (row.fact, row.expect.code)
        # the message is complete in every language and can be sent as JSON
        for lang in ("zh-Hans", "za", "en"):
            json.dumps(problem_text(reading.problem, lang), ensure_ascii=False).encode()
    else:
        assert reading.problem is None, reading
        assert reading.value == row.expect
        assert type(reading.value) is type(row.expect)
    if row.hostile:
        assert elapsed < HOSTILE_SECONDS, f"{row.id} took {elapsed:.3f} s"


def test_enum_problem_lists_the_choices_in_the_language(book: Rulebook) -> None:
    problem = read_text(book, "disability_category", "肢", on=ON).problem
    assert problem is not None
    assert "肢体残疾" in problem_text(problem, "zh-Hans")
    assert "Physical disability" in problem_text(problem, "en")
    assert "Ndangdaej canzciz" in problem_text(problem, "za")


def test_every_message_is_translated() -> None:
    from app.i18n import gettext_for

    for lang in ("za", "en"):
        _ = gettext_for(lang)
        untranslated = [m for m in MESSAGES.values() if _(m) == m]
        assert not untranslated, (lang, untranslated)


def test_number_problems_name_the_bounds(book: Rulebook) -> None:
    problem = read_text(book, "age", "abc", on=ON).problem
    assert problem == Problem("age", "integer", {"min": "0", "max": "120"})
    assert "0" in problem_text(problem, "en") and "120" in problem_text(problem, "en")


@pytest.mark.parametrize(("lang", "says"), [
    ("zh-Hans", "最多可以有 20 位小数。请输入一个 0 到 100,000,000 之间的数。"),
    ("en", "It can have at most 20 decimal places. Enter a number from 0 to 100,000,000."),
    ("za", "Ceiq lai miz 20 vih siujsoq (小数). Cingj raiz aen soq youq 0 daengz 100,000,000"),
])
def test_too_many_decimal_places_says_so(book: Rulebook, lang: str, says: str) -> None:
    """A number inside the range with more decimal places than the codec keeps is refused
    with a message saying how many it may have, not with the range message (tester 22)."""
    problem = read_text(book, "loan_amount", "0." + "0" * 29 + "1", on=ON).problem
    assert problem == Problem("loan_amount", "decimals",
                              {"min": "0", "max": "100,000,000", "limit": 20})
    assert problem_text(problem, lang).startswith(says)


def test_display_number_keeps_every_digit() -> None:
    """Python's default 28 digits would round a number shown back to the person who typed it."""
    assert display.number(Decimal("123456789.00000000000000000001")) \
        == "123,456,789.00000000000000000001"
    assert display.number(Decimal("3.650")) == "3.65"


KEPT = [r for r in rows_for("text") if isinstance(r.expect, Decimal | dt.date)]


@pytest.mark.parametrize("row", KEPT, ids=[r.id for r in KEPT])
def test_kept_answers_read_back_as_typed(book: Rulebook, row: Row) -> None:
    """Answers kept as JSON (the resident's cookie, a staff member's saved case) read back as
    the very value typed: a float would round 99999999.99999999999999999999 to 100000000."""
    from app.codec import json_value
    from app.staff.cases import answers_json

    for kept in (json.loads(json.dumps(json_value(row.expect))),
                 json.loads(json.dumps(answers_json({row.fact: row.expect})))[row.fact]):
        reading = read_json(book, row.fact, kept, on=None)
        assert reading.problem is None and reading.value == row.expect, (kept, reading)


def test_read_facts_reads_each_source_and_names_unknown_keys(book: Rulebook) -> None:
    facts, problems = read_facts(book, {"age": "45岁", "county": "那坡", "nope": "1",
                                        "household_dibao": ""}, on=ON)
    assert facts == {"age": 45, "county": "napo"}
    assert [(p.fact, p.code) for p in problems] == [("nope", "unknown_fact")]
    facts, problems = read_facts(book, {"age": 45, "tekun": False, "\ud800": 1}, on=ON,
                                 source="json")
    assert facts == {"age": 45, "tekun": False}
    assert [(p.fact, p.code) for p in problems] == [("…", "unknown_fact")]
    facts, _ = read_facts(book, {"business_registered_on": 45352}, on=ON, source="cell")
    assert facts == {"business_registered_on": dt.date(2024, 3, 1)}


def test_every_number_fact_declares_its_bounds(book: Rulebook) -> None:
    for name, fdef in book.facts.items():
        if fdef.type in ("integer", "number"):
            assert fdef.min is not None and fdef.max is not None, name
        assert fdef.aliases, f"{name} has no aliases for roster headers"


# -- identity numbers
NAPO_1980 = with_check_digit("45102619800101123")        # current code, born before it existed
FORMER_NAPO = with_check_digit("45262719750615002")      # former 百色地区 code
FORMER_BAISE_CITY = with_check_digit("45260119850301002")  # 百色市 -> youjiang
BAISE_UNKNOWN = with_check_digit("45100119900101002")    # 百色市市辖区: Baise, county unknown
NANNING = with_check_digit("45010219900101002")
BEIJING = with_check_digit("11010519491001002")


def test_check_digit_helper_matches_a_published_example() -> None:
    # the example in python-stdnum's documentation of cn.ric
    assert with_check_digit("36042619910101007") == "360426199101010071"


@pytest.mark.parametrize(("number", "county", "hukou"), [
    (NAPO_1980, "napo", "baise"),
    (FORMER_NAPO, "napo", "baise"),
    (FORMER_BAISE_CITY, "youjiang", "baise"),
    (with_check_digit("45262619600101002"), "jingxi", "baise"),
    (with_check_digit("45108219900101002"), "pingguo", "baise"),
    (BAISE_UNKNOWN, None, "baise"),
    (NANNING, None, "other_guangxi"),
    (BEIJING, None, "outside_guangxi"),
])
def test_id_number_region(number: str, county: str | None, hukou: str) -> None:
    read = read_id_number(number, on=ON)
    assert isinstance(read, IdNumber), read
    assert (read.county, read.hukou) == (county, hukou)


def test_id_number_birth_date_and_age() -> None:
    read = read_id_number(NAPO_1980, on=dt.date(2025, 1, 1))
    assert isinstance(read, IdNumber)
    assert (read.birth_date, read.age) == (dt.date(1980, 1, 1), 45)
    assert read_id_number(NAPO_1980, on=dt.date(2024, 12, 31)).age == 44  # type: ignore[union-attr]
    # typed with spaces, full-width digits and a lower-case x
    spaced = " ".join([NAPO_1980[:6], NAPO_1980[6:14], NAPO_1980[14:]])
    assert isinstance(read_id_number(spaced.translate(str.maketrans("0123456789",
                                                                   "０１２３４５６７８９")),
                                     on=ON), IdNumber)
    # with the apostrophe typed before it to keep a spreadsheet cell as text (the eighth
    # roster tester's: refused as not 18 characters)
    for kept in ("'", "‘", "’"):
        assert isinstance(read_id_number(kept + NAPO_1980, on=ON), IdNumber), kept
        assert isinstance(read_certificate_number(kept + NAPO_1980 + "42", on=ON), Certificate)
    # in the formula a CSV keeps it as text with (the fifty-fourth tester's: not 18 digits)
    assert isinstance(read_id_number(f'="{NAPO_1980}"', on=ON), IdNumber)
    assert isinstance(read_certificate_number(f'="{NAPO_1980}42"', on=ON), Certificate)
    # with a zero-width space or a direction mark pasted with it (the fifty-ninth tester's)
    for mark in ("\u200b", "\u202e", "\ufeff", "\u2060"):
        assert isinstance(read_id_number(NAPO_1980[:6] + mark + NAPO_1980[6:], on=ON),
                          IdNumber), repr(mark)


def test_a_first_card_s_fifteen_digits() -> None:
    """The first cards' numbers (15 digits, GB 11643-1989, born in the 1900s: the fifty-sixth
    tester's elderly, whose age no old number gave): the birth date and region as an 18-digit
    number's; a certificate of its 18-digit form is the same person's."""
    read = read_id_number("452630 710308 201", on=ON)
    assert isinstance(read, IdNumber)
    assert (read.birth_date, read.age, read.county) == (dt.date(1971, 3, 8), 54, "tianlin")
    for bad, code in (("452630711308201", "id_birth_date"), ("45263071030820", "id_format"),
                      ("4526307103082A1", "id_format")):
        got = read_id_number(bad, on=ON)
        assert isinstance(got, Problem) and got.code == code, bad
    facts, problems = facts_from_numbers("452630710308201", "45263019710308201X41", on=ON)
    assert (facts["age"], facts["disability_grade"], problems) == (54, 1, [])
    _facts, problems = facts_from_numbers("452630710308202", "45263019710308201X41", on=ON)
    assert [p.code for p in problems] == ["certificate_mismatch"]


@pytest.mark.parametrize(("number", "code"), [
    ("451026198001011234", "id_checksum"),                      # typed_values.md
    (with_check_digit("45102619800230123"), "id_birth_date"),   # 30 February
    (with_check_digit("45102618000101123"), "id_birth_date"),   # born 1800
    (with_check_digit("45102620300101123"), "id_born_after"),   # after the screening date
    ("45102619800101123", "id_format"),                         # 17 characters
    ("4510261980010112A4", "id_format"),
    ("4" * 100, "id_format"),
    ("", "id_format"),
    # a number a CSV saved by Excel wrote in E notation, its digits lost (the thirty-fifth
    # tester's: told only that it should have 18 digits)
    ("4.51029E+17", "number_scientific"), ("4.5102619800101e17", "number_scientific"),
])
def test_id_number_refused(number: str, code: str) -> None:
    assert read_id_number(number, on=ON) == Problem("id_number", code, {})


def test_certificate_number() -> None:
    cert = read_certificate_number(NAPO_1980 + "42", on=ON)
    assert isinstance(cert, Certificate)
    assert (cert.category, cert.grade, cert.holder.county) == ("physical", 2, "napo")
    for digit, category in zip("1234567", ["visual", "hearing", "speech", "physical",
                                           "intellectual", "mental", "multiple"], strict=True):
        got = read_certificate_number(NAPO_1980 + digit + "1", on=ON)
        assert isinstance(got, Certificate) and got.category == category


def test_a_reissued_certificates_number() -> None:
    """A reissued certificate's number (补办: …42B1, 42b2) is its 20 characters and the count
    of reissues: read as the 20 (the thirty-fourth tester's were refused as not 20 digits)."""
    for suffix in ("B1", "b2", " B9"):
        cert = read_certificate_number(NAPO_1980 + "42" + suffix, on=ON)
        assert isinstance(cert, Certificate), suffix
        assert (cert.category, cert.grade, cert.holder.county) == ("physical", 2, "napo")


@pytest.mark.parametrize(("number", "code"), [
    ("4.51029E+19", "number_scientific"),
    (NAPO_1980 + "42B0", "certificate_format"), (NAPO_1980 + "42BB", "certificate_format"),
    (NAPO_1980 + "42B12", "certificate_format"), (NAPO_1980 + "42C1", "certificate_format"),
    (NAPO_1980 + "81", "certificate_category"),
    (NAPO_1980 + "01", "certificate_category"),
    (NAPO_1980 + "45", "certificate_grade"),
    (NAPO_1980 + "4", "certificate_format"),
    ("451026198001011234" + "41", "id_checksum"),
])
def test_certificate_number_refused(number: str, code: str) -> None:
    assert read_certificate_number(number, on=ON) == Problem("certificate_number", code, {})


def test_facts_from_numbers() -> None:
    facts, problems = facts_from_numbers(NAPO_1980, NAPO_1980 + "41", on=dt.date(2025, 1, 1))
    assert problems == []
    assert facts == {"age": 45, "hukou": "baise", "county": "napo",
                     "has_disability_certificate": True, "disability_category": "physical",
                     "disability_grade": 1}
    facts, problems = facts_from_numbers(None, FORMER_NAPO + "33", on=ON)
    assert facts["disability_category"] == "speech" and facts["county"] == "napo"
    facts, problems = facts_from_numbers(NANNING, None, on=ON)
    assert facts == {"age": 35, "hukou": "other_guangxi"} and problems == []


def test_facts_from_numbers_mismatch_names_the_certificate() -> None:
    facts, problems = facts_from_numbers(NAPO_1980, FORMER_NAPO + "41", on=ON)
    assert problems == [Problem("certificate_number", "certificate_mismatch", {})]
    assert "disability_category" not in facts and facts["age"] == 45
    facts, problems = facts_from_numbers("451026198001011234", NAPO_1980 + "41", on=ON)
    assert problems == [Problem("id_number", "id_checksum", {})]


def test_identity_results_hold_no_number() -> None:
    read = read_id_number(NAPO_1980, on=ON)
    cert = read_certificate_number(NAPO_1980 + "41", on=ON)
    for obj in (read, cert):
        assert NAPO_1980 not in repr(obj) and NAPO_1980[6:14] not in repr(obj)


# -- display
@pytest.mark.parametrize(("value", "unit", "per", "lang", "text"), [
    (6000, "CNY", "year", "zh-Hans", "每年 6,000 元"),
    (Decimal("6000.00"), "CNY", "year", "zh-Hans", "每年 6,000 元"),
    (Decimal("6000.00"), "CNY", "year", "en", "6,000 yuan a year"),
    (Decimal("1234.5"), "CNY", "month", "zh-Hans", "每月 1,234.50 元"),
    (Decimal("3.650"), "percent", None, "zh-Hans", "3.65%"),
    (5, "places", "scheme", "zh-Hans", "每个项目 5 个"),
])
def test_amount(value: Decimal | int, unit: str, per: str | None, lang: str, text: str) -> None:
    assert display.amount(value, unit, per, lang) == text


def test_date_and_fact_values(book: Rulebook) -> None:
    assert display.date(dt.date(2024, 3, 1), "zh-Hans") == "2024年3月1日"
    assert display.number(Decimal("200000")) == "200,000"
    assert display.fact_value(book, "household_dibao", True, "en") == "Yes"
    assert display.fact_value(book, "disability_category", "physical", "zh-Hans") == "肢体残疾"
    assert display.fact_value(book, "age", 45, "zh-Hans") == "45 岁"
    assert display.fact_value(book, "loan_amount", Decimal(200000), "zh-Hans") == "200,000 元"
    assert display.fact_value(book, "loan_annual_rate", Decimal("5.15"), "en") == "5.15%"
    # a typed amount is shown as typed, never rounded to the fen
    assert display.fact_value(book, "loan_amount", Decimal("4500.5"), "en") == "4,500.50 yuan"
    assert display.fact_value(book, "loan_amount", Decimal("4500.125"), "en") == "4,500.125 yuan"
    assert display.fact_value(book, "age", None, "en") == "I don’t know"


def test_enum_ids_and_chinese_labels_read_without_the_other_catalogs(
        book: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    """An enum's id or Chinese label (the first request of a Chinese API client) is read
    without the za and en catalogs (issue 17 point 1); the first za or en label typed reads
    them, and then every language's label is read, from any edge."""
    from app.codec import words
    from app.i18n import Gettext, gettext_for

    read: list[str] = []

    def recording(lang: str) -> Gettext:
        read.append(lang)
        return gettext_for(lang)

    monkeypatch.setattr(words, "_ENUM_INDEX", {})
    monkeypatch.setattr(words, "gettext_for", recording)
    label = book.facts["disability_category"].values["physical"]
    assert read_json(book, "disability_category", "physical", on=ON).value == "physical"
    assert read_text(book, "disability_category", label, on=ON).value == "physical"
    assert read_cell(book, "disability_category", f" {label} ", on=ON).value == "physical"
    assert read == []
    assert read_text(book, "disability_category", "no such thing", on=ON).value is None
    assert sorted(read) == ["en", "za"]  # read once, for the spelling none of those had
    for lang in ("za", "en"):
        typed = gettext_for(lang)(label)
        assert typed != label
        for reader in (read_text, read_json, read_cell):
            assert reader(book, "disability_category", typed, on=ON).value == "physical"
    assert sorted(read) == ["en", "za"]


def test_category_codes_are_the_certificate_numbers_own(book: Rulebook) -> None:
    """A 类别 cell of 1–7 reads as the category the 19th digit of a certificate number codes
    (rules/facts.yaml's value_aliases and app.codec.identity.CATEGORIES, one table)."""
    from app.codec.identity import CATEGORIES

    fdef = book.facts["disability_category"]
    codes = {a: vid for vid, aliases in fdef.value_aliases.items() for a in aliases
             if a.isdigit()}
    assert codes == CATEGORIES



@pytest.mark.parametrize(("typed", "grade"), [("Ⅱ级", 2), ("II级", 2), ("ⅳ级", 4), ("Ⅰ级", 1),
                                              ("三级", 3), ("3级", 3)])
def test_a_grade_in_roman_numerals(book: Rulebook, typed: str, grade: int) -> None:
    """Ⅱ级 as some forms write a grade (the thirty-second tester's: refused); only before 级."""
    assert read_text(book, "disability_grade", typed, on=ON).value == grade
    assert read_text(book, "disability_grade", "II", on=ON).problem is not None
    assert read_text(book, "disability_grade", "V级", on=ON).problem is not None


@pytest.mark.parametrize(("typed", "code", "args"), [
    ("一二级", "grade_two", ("1", "2")), ("1-2级", "grade_two", ("1", "2")),
    ("1、2级", "grade_two", ("1", "2")), ("一至二级", "grade_two", ("1", "2")),
    ("三四级", "grade_two", ("3", "4")), ("1/2", "grade_two", ("1", "2")),
    ("一二", "grade_two", ("1", "2")),
    # as the thirty-ninth tester wrote them: 壹贰, a grade each, other dashes and words between
    ("壹贰级", "grade_two", ("1", "2")), ("一级二级", "grade_two", ("1", "2")),
    ("一级、二级", "grade_two", ("1", "2")), ("1级或2级", "grade_two", ("1", "2")),
    ("1—2级", "grade_two", ("1", "2")), ("一级 二级", "grade_two", ("1", "2")),
    ("重度", "grade_severity_only", ("重度",)), ("中度", "grade_severity_only", ("中度",)),
    ("重度残疾", "grade_severity_only", ("重度",)),
    # a number out of range stays one (twelve: not two grades)
    ("12", "above_max", ()), ("二二级", "above_max", ())])
def test_two_grades_or_a_severity_alone_are_named(book: Rulebook, typed: str, code: str,
                                                  args: tuple[str, ...]) -> None:
    """一二级 or 1-2级, as a list writes the severe grades, and 重度 alone, name two grades:
    said so, not read as twelve ("不能大于 4", the thirty-eighth tester's) or as no number."""
    reading = read_text(book, "disability_grade", typed, on=ON)
    assert reading.value is None and reading.problem is not None
    assert reading.problem.code == code
    assert tuple(reading.problem.args.get(k) for k in ("first", "second", "severity")
                 if k in reading.problem.args) == args
    if code == "grade_two":  # (no example: the first of the two would read as a guess)
        assert problem_text(reading.problem, "zh-Hans") == (
            f"写了两个等级（{args[0]}级和{args[1]}级）。请照残疾人证只写一个等级。")


@pytest.mark.parametrize(("typed", "grade"), [
    ("一级（重度）", 1), ("二级(重度)", 2), ("1级（极重度）", 1), ("三级（中度）", 3),
    # the severity first (the thirty-ninth tester's), and 級 as some forms print it
    ("重度一级", 1), ("重度（一级）", 1), ("中度三级", 3), ("重度三级", None), ("二級", 2),
    ("四级 轻度", 4), ("Ⅱ级【重度】", 2), ("2（重度）", 2), ("一级残疾", 1), ("二级残疾人", 2),
    # a severity that disagrees with the grade (重度 is 一级 and 二级), or alone: no grade
    ("一级（轻度）", None), ("三级（重度）", None), ("四级(极重度)", None), ("重度", None),
    ("（重度）", None), ("二级（较重）", None)])
def test_a_grade_with_its_severity(book: Rulebook, typed: str, grade: int | None) -> None:
    """一级（重度） as lists and old certificates write a grade (the thirty-second tester's:
    refused): the severity is read against the grade (国发〔2015〕52号: 重度 is 一、二级)."""
    reading = read_text(book, "disability_grade", typed, on=ON)
    assert reading.value == grade and (reading.problem is None) == (grade is not None)
    if typed in ("一级（轻度）", "三级（重度）"):  # (the grade and its severity disagree: said so)
        assert reading.problem is not None and problem_text(reading.problem, "zh-Hans") == (
            f"等级和写在旁边的“{typed[3:5]}”不一致：“重度”是一级、二级，“中度”“轻度”是三级、四级。"
            "请照残疾人证写等级，例如“二级”或“二级（重度）”。")
