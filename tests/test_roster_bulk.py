"""Roster screening in bulk agrees with the per-person engine, row by row (the engine is the
reference), and is three-valued: a blank cell is an unknown fact, never a zero."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from app.codec import read_cell
from app.engine import Rulebook, screen
from app.engine.compile import All, Any_, Is, Not
from app.roster import bulk, exprs
from app.roster.bounds import CLI
from app.roster.bulk import (
    amount_col,
    output_columns,
    screen_roster,
    status_col,
    unclaimed_col,
)
from app.roster.run import screen_file
from app.roster.synthetic import make_roster
from app.safe_csv import escaped

ON = dt.date(2025, 6, 1)
SIX = ("living_subsidy", "nursing_subsidy", "pension_premium", "startup_subsidy",
       "loan_interest_subsidy", "stall_reservation")


def same(s: str) -> str:
    return s


def engine_row(book: Rulebook, row: dict[str, Any], on: dt.date) -> dict[str, tuple[str, Any]]:
    """The per-person engine's results for a row, its cells read one by one by the codec."""
    facts = {}
    for name, text in row.items():
        if name in book.facts and text is not None:
            reading = read_cell(book, name, text, on=on)
            if reading.problem is None and reading.value is not None:
                facts[name] = reading.value
    return {r.program.id: (r.status, None if r.amount is None else r.amount.value)
            for r in screen(book, facts, on).results}


def check_rows(book: Rulebook, roster: pl.DataFrame, out: pl.DataFrame, rows: list[int],
               on: dt.date = ON) -> int:
    checked = 0
    for i in rows:
        want = engine_row(book, roster.row(i, named=True), on)
        got = out.row(i, named=True)
        for pid, (status, amount) in want.items():
            value = got[amount_col(pid)]
            assert (got[status_col(pid)], None if value is None else Decimal(value)) == \
                (status, amount), f"row {i + 2}, {pid}"
        checked += 1
    return checked


def test_kleene_logic_of_polars_matches_the_engine() -> None:
    """polars' & | ~ on booleans with nulls are Kleene's, as the engine's All, Any_ and Not."""
    values = [True, False, None]
    frame = pl.DataFrame({"a": [a for a in values for _ in values],
                          "b": [b for _ in values for b in values]},
                         schema={"a": pl.Boolean, "b": pl.Boolean})
    ctx = exprs.Context(ON, {"a": "boolean", "b": "boolean"}, {})
    nodes = {"all": All((Is("a", True), Is("b", True))), "any": Any_((Is("a", True),
             Is("b", True))), "not": Not(Is("a", True))}
    out = frame.select(**{k: exprs.cond(n, ctx) for k, n in nodes.items()})
    for i, (a, b) in enumerate(frame.iter_rows()):
        facts = {k: v for k, v in (("a", a), ("b", b)) if v is not None}
        for key, node in nodes.items():
            assert out[key][i] == node.ev(facts, ON), (key, a, b)


def test_every_program_compiles(book: Rulebook) -> None:
    roster = make_roster(book, 200, seed=3)
    result = screen_roster(book, roster, ON, same)
    assert not set(result.fallback) & set(SIX), result.fallback
    assert set(result.counts) == set(book.programs)


@pytest.fixture(scope="module")
def roster_100k(book: Rulebook, tmp_path_factory: pytest.TempPathFactory
                ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A generated 100,000-row roster (text), and its result screened as the command screens
    it: written to CSV, read back with the fact columns dictionary-coded."""
    roster = make_roster(book, 100_000, seed=11)
    path = tmp_path_factory.mktemp("roster") / "roster.csv"
    roster.write_csv(path)
    out = path.with_name("result.csv")
    screen_file(book, path, "csv", ON, same, out=out, out_kind="csv", limits=CLI,
                keep_facts=True, batch_rows=30_000)
    return roster, pl.read_csv(out, infer_schema=False)


def test_generated_100k_roster_agrees_with_the_engine(
        book: Rulebook, roster_100k: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    roster, out = roster_100k
    assert out.height == roster.height == 100_000
    rnd = random.Random(5)
    sample = rnd.sample(range(roster.height), 3000)
    # and every row where an amount is computed in bulk
    with_amount = out.select(pl.any_horizontal(
        pl.col(amount_col(p)).is_not_null() for p in book.programs).arg_true()).to_series()
    rows = sorted(set(sample) | set(with_amount.head(3000).to_list()))
    assert check_rows(book, roster, out, rows) == len(rows)


def test_global_dictionary_coded_column_reads_the_same(book: Rulebook) -> None:
    """A Categorical on polars' shared dictionary (codes not dense) is recoded, not trusted."""
    roster = make_roster(book, 3000, seed=17, blank_share=0.05, bad_share=0.02)
    pl.Series([f"noise {i}" for i in range(20_000)], dtype=pl.Categorical)  # grow the global
    shared = roster.with_columns(pl.col(c).cast(pl.Categorical)
                                 for c in roster.columns if c in book.facts)
    a = screen_roster(book, shared, ON, same).frame.select(output_columns(book))
    b = screen_roster(book, roster, ON, same).frame.select(output_columns(book))
    assert a.equals(b)


def test_result_holds_passed_through_columns_or_the_whole_roster(book: Rulebook) -> None:
    roster = pl.DataFrame({"person_id": ["1"], "hukou": ["baise"], "note": ["x"],
                           "receives_living_subsidy": ["true"]})
    out = screen_roster(book, roster, ON, same).frame
    assert out.columns == ["person_id", "note", *output_columns(book)]
    kept = screen_roster(book, roster, ON, same, keep_facts=True).frame
    assert kept.columns == [*roster.columns, *output_columns(book)]
    assert kept.row(0)[:4] == ("1", "baise", "x", "true")


@pytest.mark.parametrize("on", [dt.date(2021, 3, 1), dt.date(2024, 6, 30), dt.date(2025, 6, 1)])
def test_dense_roster_agrees_on_every_row(book: Rulebook, on: dt.date) -> None:
    """Few blanks, so that most programs decide and amounts are computed; every row checked."""
    roster = make_roster(book, 4000, seed=on.toordinal(), blank_share=0.04, bad_share=0.01)
    out = screen_roster(book, roster, on, same).frame
    assert check_rows(book, roster, out, list(range(roster.height)), on) == roster.height


def test_blank_is_unknown_not_zero(book: Rulebook) -> None:
    roster = pl.DataFrame({
        "has_disability_certificate": ["true", "true"], "hukou": ["baise", "baise"],
        "household_dibao": ["true", "true"], "tekun": ["false", None],
        "orphan_allowance": ["false", ""], "loan_amount": ["", "0"]})
    out = screen_roster(book, roster, ON, same).frame
    assert out[status_col("living_subsidy")].to_list() == ["eligible", "undetermined"]
    assert out[amount_col("living_subsidy")].to_list() == ["90", None]


def test_bad_cells_are_reported_and_the_row_still_screened(book: Rulebook) -> None:
    roster = pl.DataFrame({
        "person_id": ["007", "008", "009"],
        "has_disability_certificate": ["true", "maybe", "是"],
        "hukou": ["baise", "baise", "mars"],
        "household_dibao": ["true", "true", "true"],
        "tekun": ["false", "false", "false"], "orphan_allowance": ["0", "0", "否"],
        "age": ["130", "40", "forty"],
        "loan_contract_date": ["2023-02-30", "", "2023-01-01"]})
    result = screen_roster(book, roster, ON, same)
    out = result.frame
    assert out["person_id"].to_list() == ["007", "008", "009"]  # passed through as text
    assert out[status_col("living_subsidy")].to_list() == ["eligible", "undetermined",
                                                           "undetermined"]
    errors = out[bulk.ERRORS].to_list()
    assert "age: 不能大于 120。" in errors[0] and "loan_contract_date:" in errors[0]
    assert errors[1].startswith("has_disability_certificate: 请回答“是”或“否”")
    assert "hukou:" in errors[2] and "age: 请输入" in errors[2]
    assert result.problems.counts == {"has_disability_certificate": 1, "hukou": 1, "age": 2,
                                      "loan_contract_date": 1}
    first = {(row, column): message for row, column, message in result.problems.first}
    assert first[2, "age"].startswith("不能大于 120。")
    assert first[3, "has_disability_certificate"].startswith("请回答“是”或“否”")
    assert result.passed_through == ["person_id"]


def test_unclaimed_flag_is_three_valued(book: Rulebook) -> None:
    base = {"has_disability_certificate": "true", "hukou": "baise", "household_dibao": "true",
            "tekun": "false", "orphan_allowance": "false"}
    roster = pl.DataFrame([
        {**base, "receives_living_subsidy": "false"},  # qualifies, does not receive
        {**base, "receives_living_subsidy": "true"},  # already receives
        {**base, "receives_living_subsidy": ""},  # receiving unknown
        {**base, "tekun": "", "receives_living_subsidy": "false"},  # undetermined
        {**base, "tekun": "true", "receives_living_subsidy": "false"},  # excluded
    ])
    out = screen_roster(book, roster, ON, same).frame
    assert out[unclaimed_col("living_subsidy")].to_list() == [True, False, None, None, False]
    assert out[bulk.UNCLAIMED_ALL][0].split() == ["living_subsidy"]
    assert out[bulk.UNCLAIMED_ALL][1] is None


def test_result_columns_already_in_the_roster_are_refused(book: Rulebook) -> None:
    roster = pl.DataFrame({"row_errors": ["x"]})
    with pytest.raises(bulk.RosterError, match="row_errors"):
        screen_roster(book, roster, ON, same)


def test_program_the_compiler_does_not_know_falls_back_to_the_engine(
        book: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    real = exprs.cond
    target = book.programs["nursing_subsidy"]
    nodes = {id(c.cond) for c in target.criteria}

    def picky(node: Any, ctx: exprs.Context) -> Any:
        if id(node) in nodes:
            raise exprs.Unsupported("test: a node the compiler does not know")
        return real(node, ctx)

    monkeypatch.setattr(exprs, "cond", picky)
    roster = make_roster(book, 500, seed=4, blank_share=0.05)
    result = screen_roster(book, roster, ON, same)
    assert "nursing_subsidy" in result.fallback
    assert check_rows(book, roster, result.frame, list(range(500))) == 500


def test_amount_too_wide_for_bulk_decimals_falls_back_to_the_engine(
        book: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exprs, "MAX_SCALE", 0)
    roster = make_roster(book, 1500, seed=8, blank_share=0.03)
    result = screen_roster(book, roster, dt.date(2023, 1, 1), same)
    assert result.fallback["loan_interest_subsidy"].startswith("amount:")
    assert "living_subsidy" not in result.fallback  # its amount needs no decimals
    rows = list(range(roster.height))
    assert check_rows(book, roster, result.frame, rows, dt.date(2023, 1, 1)) == len(rows)
    assert result.counts["loan_interest_subsidy"]["eligible"] > 0


def test_an_amount_that_overflows_part_way_falls_back_with_facts_left_blank(
        book: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the decimal arithmetic overflows only as a batch is screened, the program's
    amounts are the engine's, row by row, also for a roster without a column for some facts
    (no blank column is made for a fact that no compiled rule reads)."""
    real = bulk._compile

    def boom(_column: pl.Series) -> pl.Series:
        raise pl.exceptions.ComputeError("overflow in decimal multiplication")

    def overflowing(program: Any, ctx: exprs.Context) -> Any:
        status, value = real(program, ctx)
        if value is not None and value.meta.root_names():  # (loan_interest_subsidy's)
            value = value.map_batches(boom, return_dtype=exprs.dec(2))  # (as polars says it)
        return status, value

    monkeypatch.setattr(bulk, "_compile", overflowing)
    # (wants_market_stall: read by no rule of the loan's, and so made no blank column of)
    on, pid = dt.date(2023, 1, 1), "loan_interest_subsidy"
    roster = make_roster(book, 1500, seed=8, blank_share=0.03).drop("wants_market_stall")
    result = screen_roster(book, roster, on, same, programs=[pid])
    assert result.fallback[pid] == "amount: overflow in bulk arithmetic"
    assert result.frame is not None
    for i, got in enumerate(result.frame.iter_rows(named=True)):
        amount = got[amount_col(pid)]
        assert (got[status_col(pid)], None if amount is None else Decimal(amount)) == \
            engine_row(book, roster.row(i, named=True), on)[pid], f"row {i + 2}"
    assert result.counts[pid]["eligible"] > 0


def test_implications_take_as_many_passes_as_their_longest_chain(book: Rulebook) -> None:
    import dataclasses

    from app.engine.compile import Is as IsFact

    assert bulk.implication_passes(book) == 1  # (none implies what another reads)
    imps = list(book.extras.implications)
    first = imps[0]  # household_dibao -> household_in_hardship
    reads_it = dataclasses.replace(first, id="x", cond=IsFact("household_in_hardship", True),
                                   then={"no_family_support": True})
    chained = dataclasses.replace(book, extras=dataclasses.replace(
        book.extras, implications=(reads_it, *imps)))
    assert bulk.implication_passes(chained) == 2  # (whatever their order in the file)
    back = dataclasses.replace(first, id="y", cond=IsFact("no_family_support", True),
                               then={"household_dibao": True})
    looped = dataclasses.replace(book, extras=dataclasses.replace(
        book.extras, implications=(reads_it, back, *imps)))
    assert bulk.implication_passes(looped) == 5  # a loop: one pass per implication


def test_columns_with_many_spellings_read_the_same(book: Rulebook,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_DISTINCT spellings a column is read by polars casts plus the codec for the
    rest, instead of by dictionary: the results must not change."""
    from app.roster import columns

    monkeypatch.setattr(columns, "MAX_DISTINCT", 0)
    roster = make_roster(book, 3000, seed=21, blank_share=0.05, bad_share=0.02)
    extra = pl.DataFrame({"age": [" 40", "4e1", "40.0", "1,0", "+7", "１２"] * 2,
                          "loan_amount": ["1,000", " 5", "1e3", "0.125", "-1", "inf"] * 2,
                          "loan_contract_date": ["2023-1-01", "+023-01-01", "2023-02-29",
                                                 " 2023-01-01", "20230101", "2024-02-29"] * 2})
    roster = pl.concat([roster, extra], how="diagonal")
    out = screen_roster(book, roster, ON, same).frame
    assert check_rows(book, roster, out, list(range(roster.height))) == roster.height


def test_sample_agrees_with_the_json_api(book: Rulebook, client: Any,
                                        roster_100k: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    """People of the generated 100k roster, through POST /api/v1/screen, get the same statuses
    and amounts: a random sample, and rows with an amount."""
    roster, out = roster_100k
    with_amount = out.select(pl.any_horizontal(
        pl.col(amount_col(p)).is_not_null() for p in book.programs).arg_true()).to_series()
    rnd = random.Random(2)
    rows = sorted(set(rnd.sample(range(roster.height), 250))
                  | set(rnd.sample(with_amount.to_list(), min(150, with_amount.len()))))
    for i in rows:
        facts: dict[str, Any] = {}
        for name, text in roster.row(i, named=True).items():
            if name in book.facts and text is not None:
                reading = read_cell(book, name, text, on=ON)
                value = reading.value
                if reading.problem is None and value is not None:
                    facts[name] = (float(value) if isinstance(value, Decimal) else
                                   value.isoformat() if isinstance(value, dt.date) else value)
        answer = client.post("/api/v1/screen", json={"on": ON.isoformat(), "facts": facts})
        assert answer.status_code == 200, answer.text
        got = out.row(i, named=True)
        for r in answer.json()["results"]:
            pid = r["program"]
            want_amount = None if r["amount"] is None or r["amount"]["value"] is None \
                else Decimal(str(r["amount"]["value"]))
            value = got[amount_col(pid)]
            assert got[status_col(pid)] == r["status"], (i + 2, pid)
            assert (None if value is None else Decimal(value)) == want_amount, (i + 2, pid)


def test_file_dictionary_across_batches_reads_as_one_batch(book: Rulebook,
                                                           tmp_path: Path) -> None:
    """A CSV's fact columns come dictionary-coded, one dictionary per column for the whole
    file, and each spelling is read once: batches whose spellings (bad ones included) first
    appear late give, row by row, what the whole roster screened as one batch gives, errors
    included, and agree with the per-person engine."""
    roster = make_roster(book, 3000, seed=23, blank_share=0.1, bad_share=0.05)
    # each column sorted on its own: every batch brings spellings the earlier ones lacked
    roster = roster.with_columns(pl.col(c).sort(nulls_last=True) for c in roster.columns
                                 if c in book.facts)
    path = tmp_path / "sorted.csv"
    roster.write_csv(path)
    out = tmp_path / "out.csv"
    streamed = screen_file(book, path, "csv", ON, same, out=out, out_kind="csv", limits=CLI,
                           keep_facts=True, batch_rows=250)
    got = pl.read_csv(out, infer_schema=False)
    whole = screen_roster(book, roster, ON, same, keep_facts=True)
    assert whole.frame is not None
    want = escaped(whole.frame.select(pl.all().cast(pl.String)))  # as the CSV writes it
    assert got.columns == want.columns
    assert streamed.problems.counts == whole.problems.counts
    assert sum(streamed.problems.counts.values()) > 100  # bad cells, in late batches too
    for name in want.columns:
        assert got[name].to_list() == want[name].to_list(), name
    assert check_rows(book, roster, got, list(range(0, 3000, 7))) == len(range(0, 3000, 7))


def test_dictionary_growing_between_batches_reads_each_cell_as_alone(book: Rulebook) -> None:
    """A column's dictionary grows from batch to batch (as a large file is read): each batch's
    values, scale and bad cells are those of that batch read with a dictionary of its own."""
    from app.roster.columns import CellReader, parse_column

    roster = make_roster(book, 3000, seed=29, blank_share=0.1, bad_share=0.05)
    for name in (c for c in roster.columns if c in book.facts):
        fdef = book.facts[name]
        cells = roster.get_column(name).sort(nulls_last=True)
        shared = pl.Categorical(pl.Categories.random())
        reader = CellReader(book, name, fdef, ON, "zh-Hans", name)
        for start in range(0, 3000, 500):
            part = cells.slice(start, 500)
            got = parse_column(part.cast(shared), reader)
            alone = parse_column(part, CellReader(book, name, fdef, ON, "zh-Hans", name))
            assert got.value.dtype == alone.value.dtype, (name, start)
            assert got.value.to_list() == alone.value.to_list(), (name, start)
            assert (got.scale, got.bad_rows, got.bad_texts) == \
                (alone.scale, alone.bad_rows, alone.bad_texts), (name, start)
    # a batch of whole numbers after one with cents: its own scale, not the file's so far
    shared = pl.Categorical(pl.Categories.random())
    reader = CellReader(book, "loan_amount", book.facts["loan_amount"], ON, "zh-Hans", "x")
    parsed = [parse_column(pl.Series(cells).cast(shared), reader)
              for cells in (["1.25", "7"], ["3", "9"], ["2.5"])]
    assert [(p.scale, p.value.dtype) for p in parsed] == [(s, exprs.dec(s)) for s in (2, 0, 1)]
