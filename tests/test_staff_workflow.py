"""Twenty applicants a day (issue 12, point 5): the officer's county filled in, the ID or
certificate number filling the form (and never kept), "no to the rest", the business and loan
sections closed until they apply, the screening date shown and changeable, editing a saved case
(re-screened, audited), a follow-up status and date per eligible program, eligible programs
first, and local (Asia/Shanghai) times."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from app.engine import Rulebook
from app.staff import cases as C
from app.staff.db import get_engine
from app.staff.models import AuditEntry, Case
from tests.support.staff import db_url_fixture as db_url_fixture  # noqa: F401
from tests.support.staff import make_user
from tests.test_staff_web import FORM, Browser, cases_in


@pytest.fixture
def users(db_url: str) -> Iterator[dict[str, object]]:
    with Session(get_engine(db_url)) as s:
        yield {"li": make_user(s, "li", county="napo"),
               "boss": make_user(s, "boss", role="admin", county=None)}


def checked(html: str, name: str) -> str | None:
    """The value of the checked radio (or selected option) named ``name``."""
    m = re.search(rf'name="{name}" type="radio" value="([^"]*)" checked', html)
    if m:
        return m.group(1)
    sel = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if sel:
        opt = re.search(r'<option value="([^"]*)" selected', sel.group(1))
        return opt.group(1) if opt else None
    m = re.search(rf'name="{name}" type="text" value="([^"]*)"', html)
    return m.group(1) if m else None


def test_the_officers_county_is_filled_in(users: dict) -> None:
    b = Browser()
    b.login("li")
    assert checked(b.get("/staff/screen").text, "county") == "napo"
    admin = Browser()
    admin.login("boss")  # an administrator has no county: nothing chosen
    assert not checked(admin.get("/staff/screen").text, "county")


def test_no_to_the_rest(users: dict, book: Rulebook) -> None:
    b = Browser()
    b.login("li")
    b.get("/staff/screen")
    r = b.post("/staff/screen", {"has_disability_certificate": "true", "age": "40",
                                 "edit": "1", "rest": "no"})
    html = r.text
    assert checked(html, "has_disability_certificate") == "true"  # an answer stays
    booleans = [n for n, f in book.facts.items() if f.type == "boolean"]
    behind = {"first_business", "business_operating_normally", "wants_market_stall"}
    for name in booleans:
        if name == "has_disability_certificate":
            continue
        want = None if name in behind else "false"  # behind a closed gate: not on the page
        assert checked(html, name) == want, name
    assert checked(html, "business_type") == "none" and checked(html, "loan_type") == "none"
    assert checked(html, "age") == "40"


def test_business_and_loan_sections_open_only_when_they_apply(users: dict) -> None:
    b = Browser()
    b.login("li")
    html = b.get("/staff/screen").text
    # both closed: their questions are not on the page, only "what kind"
    assert 'name="first_business"' not in html and 'name="loan_amount"' not in html
    assert 'name="business_type"' in html and 'name="loan_type"' in html
    # the person has a business: the form comes back with its questions, before any result
    r = b.post("/staff/screen", {**FORM, "business_type": "individual"})
    assert r.status_code == 200 and 'id="gated-business"' in r.text
    assert 'name="first_business"' in r.text and 'name="loan_amount"' not in r.text
    assert checked(r.text, "age") == "40"  # nothing typed is lost
    # answered from that page (the section was shown): the results
    r = b.post("/staff/screen", {**FORM, "business_type": "individual", "shown.business": "1",
                                 "first_business": "true"})
    assert r.status_code == 200 and 'id="save-title"' in r.text


def test_the_screening_date_is_shown_and_changeable(users: dict, db_url: str) -> None:
    b = Browser()
    b.login("li")
    html = b.get("/staff/screen").text
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date().isoformat()
    assert checked(html, "screened_on") == today
    r = b.post("/staff/screen", {**FORM, "screened_on": "2025年3月1日"})
    assert r.status_code == 200 and "2025-03-01" in r.text
    r = b.post("/staff/screen", {**FORM, "screened_on": "not a date"})
    assert r.status_code == 422 and 'href="#screened_on"' in r.text
    assert checked(r.text, "screened_on") == "not a date"  # what was typed is kept
    b.save(screened_on="2025-03-01")
    assert cases_in(db_url)[0].screened_on == dt.date(2025, 3, 1)


def test_editing_a_saved_case_rescreens_it_and_is_audited(users: dict, db_url: str) -> None:
    b = Browser()
    b.login("li")
    b.save(applicant_name="王五")
    case = cases_in(db_url)[0]
    html = b.get(f"/staff/cases/{case.id}/edit").text
    assert checked(html, "age") == "40" and checked(html, "needs_long_term_care") == "true"
    r = b.post(f"/staff/cases/{case.id}/edit", {**FORM, "needs_long_term_care": "false",
                                                "screened_on": "2025-06-01"})
    assert r.status_code == 200 and "已按现行规则重新筛查" in r.text
    after = cases_in(db_url)[0]
    assert after.answers["needs_long_term_care"] is False
    assert after.screened_on == dt.date(2025, 6, 1)
    assert after.results != case.results and after.changes
    assert after.applicant_name == "王五"  # the rest of the case is kept
    with Session(get_engine(db_url)) as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "edit")).one()
        assert entry.case_id == case.id and entry.username == "li"
    # bad answers come back with errors, nothing saved
    r = b.post(f"/staff/cases/{case.id}/edit", {**FORM, "age": "two hundred"})
    assert r.status_code == 422 and cases_in(db_url)[0].answers == after.answers


def test_follow_up_per_program(users: dict, db_url: str) -> None:
    b = Browser()
    b.login("li")
    b.save()
    case = cases_in(db_url)[0]
    eligible = C.eligible(case)
    assert len(eligible) >= 2
    first, second = eligible[:2]
    page = b.get(f"/staff/cases/{case.id}").text
    for pid in eligible:
        assert f'name="status.{pid}"' in page and f'name="on.{pid}"' in page
    r = b.post(f"/staff/cases/{case.id}/follow-up", {
        **{f"status.{p}": "to_apply" for p in eligible},
        f"status.{first}": "granted", f"on.{first}": "2025-04-01",
        f"status.{second}": "applied", f"on.{second}": "soon"})
    assert r.status_code == 422 and f'href="#on-{second}"' in r.text
    r = b.post(f"/staff/cases/{case.id}/follow-up", {
        **{f"status.{p}": "to_apply" for p in eligible},
        f"status.{first}": "granted", f"on.{first}": "2025-04-01",
        f"status.{second}": "applied"})
    assert r.status_code == 200
    saved = cases_in(db_url)[0]
    assert saved.follow_ups[first] == {"status": "granted", "on": "2025-04-01"}
    assert saved.follow_ups[second] == {"status": "applied", "on": None}
    assert saved.follow_up == "to_apply"  # the case is as far as its least advanced program
    assert checked(r.text, f"status.{first}") == "granted"


def test_eligible_programs_first_cash_before_services(users: dict, db_url: str,
                                                       book: Rulebook) -> None:
    b = Browser()
    b.login("li")
    b.save()
    case = cases_in(db_url)[0]
    order = C.ordered(book, case.results)
    statuses = [case.results[p]["status"] for p in order]
    assert statuses == sorted(statuses, key=["eligible", "undetermined", "not_eligible",
                                             "not_in_force"].index)
    eligible = [p for p in order if case.results[p]["status"] == "eligible"]
    pays = [book.programs[p].model.amount is not None
            and book.programs[p].model.amount.unit == "CNY" for p in eligible]
    assert pays == sorted(pays, reverse=True)
    titles = [str(book.programs[p].model.title) for p in order]
    for path in (f"/staff/cases/{case.id}", f"/staff/cases/{case.id}/print"):
        html = b.get(path).text
        found = [t for t in titles if t in html]
        positions = [html.index(t) for t in found[:len(eligible)]]
        assert positions == sorted(positions), path


def test_times_are_local_everywhere(users: dict, db_url: str) -> None:
    b = Browser()
    b.login("boss")
    b.save()
    with Session(get_engine(db_url)) as s:
        case = s.exec(select(Case)).one()
        case.created_at = case.updated_at = dt.datetime(2025, 1, 1, 20, 30, tzinfo=dt.UTC)
        s.add(case)
        s.commit()
    csv = b.get("/staff/export.csv").text
    assert "2025-01-02 04:30" in csv and "2025-01-01 20:30" not in csv


def test_number_quick_fill_and_the_number_is_kept_nowhere(users: dict, db_url: str,
                                                          capfd: pytest.CaptureFixture[str]
                                                          ) -> None:
    from tests.support.typed_values import with_check_digit

    id_number = with_check_digit("45102619800101123")  # 那坡县, born 1980-01-01
    certificate = id_number + "42"  # physical (肢体), grade 2
    b = Browser()
    b.login("li")
    b.get("/staff/screen")
    r = b.post("/staff/screen", {"certificate_number": certificate, "screened_on": "2025-06-01",
                                 "edit": "1"})
    html = r.text
    assert r.status_code == 200
    assert checked(html, "disability_category") == "physical"
    assert checked(html, "disability_grade") == "2"
    assert checked(html, "age") == "45" and checked(html, "county") == "napo"
    assert checked(html, "has_disability_certificate") == "true"
    assert id_number not in html  # never put back in the page
    # a wrong number: an error on that field, what was typed elsewhere kept
    b.get("/staff/screen")
    r = b.post("/staff/screen", {"id_number": id_number[:-1] + "X", "age": "50"})
    assert r.status_code == 422 and 'href="#id_number"' in r.text
    assert checked(r.text, "age") == "50"
    # saved from the results page: no number in the case, the audit log or the logs
    b.get("/staff/screen")
    r = b.post("/staff/screen", {"certificate_number": certificate, **{
        k: v for k, v in FORM.items() if k not in ("age", "county", "disability_grade")}})
    assert r.status_code == 200 and id_number not in r.text
    b.post("/staff/cases", {**dict(re.findall(
        r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', r.text.split(
            'action="/staff/cases"')[1])), "consent": "yes"})
    saved = cases_in(db_url)
    assert saved and saved[0].answers["disability_grade"] == 2
    assert id_number not in repr(saved[0].model_dump())
    with Session(get_engine(db_url)) as s:
        assert id_number not in repr([a.model_dump() for a in s.exec(select(AuditEntry))])
    out, err = capfd.readouterr()
    assert id_number not in out + err
