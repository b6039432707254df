"""The CSV writer (:class:`app.safe_csv.CsvSink`) writes the bytes polars writes with its
default ("necessary") quoting, after the byte-order mark and with formulas escaped
(:func:`app.safe_csv.escaped`), batch after batch: where it leaves quoting out
(:func:`app.safe_csv.needs_quotes` says no cell needs it) nothing changes but the work."""

from __future__ import annotations

import io

import polars as pl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.safe_csv import BOM, CsvSink, escaped, joined, needs_quotes

TEXT = st.text(alphabet=st.sampled_from(list('ab 是,"\r\n\t=+-@\'')), max_size=6)
CELLS = st.one_of(st.none(), TEXT)
NAMES = st.lists(st.text(alphabet=st.sampled_from(list('ab,"\n =是')), min_size=1, max_size=4),
                 min_size=1, max_size=4, unique=True)
KINDS = st.sampled_from(["text", "categorical", "enum", "int", "bool"])


def reference(frames: list[pl.DataFrame], trusted: set[str]) -> bytes:
    """What the writer is held to: every batch written with polars' default quoting."""
    out = io.BytesIO()
    out.write(BOM)
    for k, frame in enumerate(frames):
        escaped(frame, trusted).write_csv(out, include_header=k == 0,
                                          quote_style="necessary")
    return out.getvalue()


@st.composite
def batches(draw: st.DrawFn) -> list[pl.DataFrame]:
    """One to three batches of one schema: text, dictionary-coded (Categorical, Enum),
    whole-number and yes/no columns, with nulls and empty text."""
    names = draw(NAMES)
    kinds = [draw(KINDS) for _ in names]
    spellings = draw(st.lists(TEXT, min_size=1, max_size=5, unique=True))
    frames = []
    for _n in range(draw(st.integers(1, 3))):
        rows = draw(st.integers(0, 5))
        columns = {}
        for name, kind in zip(names, kinds, strict=True):
            if kind == "int":
                values = draw(st.lists(st.none() | st.integers(-99, 99), min_size=rows,
                                       max_size=rows))
                columns[name] = pl.Series(name, values, dtype=pl.Int64)
            elif kind == "bool":
                values = draw(st.lists(st.none() | st.booleans(), min_size=rows, max_size=rows))
                columns[name] = pl.Series(name, values, dtype=pl.Boolean)
            elif kind == "text":
                values = draw(st.lists(CELLS, min_size=rows, max_size=rows))
                columns[name] = pl.Series(name, values, dtype=pl.String)
            else:
                values = draw(st.lists(st.none() | st.sampled_from(spellings), min_size=rows,
                                       max_size=rows))
                dtype = pl.Enum(spellings) if kind == "enum" else \
                    pl.Categorical(pl.Categories.random())
                columns[name] = pl.Series(name, values, dtype=pl.String).cast(dtype)
        frames.append(pl.DataFrame(list(columns.values())))
    return frames


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames=batches(), trust=st.booleans())
@example(frames=[pl.DataFrame({"a": ["x", ""]})], trust=False)
@example(frames=[pl.DataFrame({"a,b": ["x"]})], trust=False)
@example(frames=[pl.DataFrame({"a": ["x"]}), pl.DataFrame({"a": ['say "hi"']})], trust=False)
@example(frames=[pl.DataFrame({"a": pl.Series(["x", None]).cast(pl.Enum(["x", "y,z"]))})],
         trust=False)
def test_sink_writes_what_polars_writes_with_its_quoting(frames: list[pl.DataFrame],
                                                         trust: bool) -> None:
    trusted = {frames[0].columns[0]} if trust else set()
    out = io.BytesIO()
    sink = CsvSink(out, trusted=trusted)
    for frame in frames:
        sink.write(frame)
    assert out.getvalue() == reference(frames, trusted)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames=batches(), cuts=st.lists(st.integers(1, 3), max_size=3, unique=True))
@example(frames=[pl.DataFrame({"s": pl.Series(["x", None, "y"], dtype=pl.Enum(["x", "y"])),
                               "m": ["90", None, None], "u": [None, True, False]})], cuts=[])
@example(frames=[pl.DataFrame({"s": pl.Series(["x"], dtype=pl.Enum(["x"])), "m": ["9,0"]})],
         cuts=[])
@example(frames=[pl.DataFrame({"s": pl.Series(["x"], dtype=pl.Enum(["x", ""])), "m": [""]})],
         cuts=[])
def test_columns_written_joined_are_the_same_bytes(frames: list[pl.DataFrame],
                                                   cuts: list[int]) -> None:
    """Runs of adjacent columns written as one (:func:`joined`: the roster's status, amount
    and flag of each program) give the bytes the columns give, whatever their cells."""
    names = frames[0].columns
    bounds = [0, *sorted(c for c in cuts if c < len(names)), len(names)]
    runs = [names[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    out = io.BytesIO()
    sink = CsvSink(out, joined=runs)
    for frame in frames:
        sink.write(frame)
    assert out.getvalue() == reference(frames, set())


def test_a_programs_columns_are_joined_where_they_take_few_values() -> None:
    """A status, its one amount and a flag are one column (a fifth of the roster's writing);
    an amount of many values, or a text that would need quotes, leaves its run as it is."""
    status = pl.Series("s", ["a", None, "b", "a"], dtype=pl.Enum(["a", "b"]))
    frame = pl.DataFrame([status, pl.Series("m", ["90", None, None, "90"]),
                          pl.Series("u", [True, None, False, None]), pl.Series("x", [1, 2, 3, 4])])
    one = joined(frame, [("s", "m", "u")])
    assert one.columns == ["s", "x"] and one.schema["s"] == pl.Enum
    assert one.get_column("s").cast(pl.String).to_list() == ["a,90,true", ",,", "b,,false",
                                                             "a,90,"]
    for other in (["90", None, "100", "90"], ["9,0", None, None, None], ["", None, None, None]):
        kept = frame.with_columns(pl.Series("m", other))
        assert joined(kept, [("s", "m", "u")]).columns == kept.columns, other
    assert joined(frame, [("s", "u")]).columns == frame.columns  # (not adjacent)


def test_needs_quotes_says_which() -> None:
    """Each reason to quote, alone, is seen; a frame without one needs none."""
    plain = pl.DataFrame({"a": ["x", None], "n": [1, None]})
    assert not needs_quotes(plain, header=True)
    for cell in (",", '"', "\r", "\n", "", "a,b"):
        assert needs_quotes(plain.with_columns(pl.lit(cell).alias("a")), header=False), cell
    assert needs_quotes(plain.rename({"a": "a,b"}), header=True)
    assert not needs_quotes(plain.rename({"a": "a,b"}), header=False)
    coded = pl.Series("c", ["x"], dtype=pl.Enum(["x", "y\nz"]))
    assert needs_quotes(pl.DataFrame([coded]), header=False)


def test_plain_columns_are_not_looked_at() -> None:
    """A column its writer calls plain is not searched for what needs quotes (the roster's
    statuses, amounts and flags: a fifth of its writing); the others still are."""
    frame = pl.DataFrame({"a": ["x,y"], "b": ["z"]})
    assert needs_quotes(frame, header=False)
    assert not needs_quotes(frame, header=False, plain={"a"})
    assert needs_quotes(frame.with_columns(pl.lit('"').alias("b")), header=False, plain={"a"})
    coded = pl.DataFrame([pl.Series("c", ["x"], dtype=pl.Enum(["x", "y\nz"]))])
    assert not needs_quotes(coded, header=False, plain={"c"})
    out = io.BytesIO()
    CsvSink(out, plain={"a"}).write(frame.with_columns(pl.lit("1").alias("a")))
    assert out.getvalue() == BOM + b"a,b\n1,z\n"


def test_the_rosters_plain_columns_need_no_quotes() -> None:
    """What the roster's CSV calls plain (app.roster.output.CsvOut) is so: every status,
    amount and flag cell of a screened roster, amounts to the cent included, is neither empty
    text nor holds a separator, a quote or a line break; so its bytes are what polars writes
    with its own quoting."""
    import datetime as dt

    from app.engine.cache import load_cached_rulebook
    from app.i18n import gettext_for
    from app.roster.bulk import amount_col, screen_roster, status_col
    from app.roster.output import CsvOut

    book = load_cached_rulebook()
    facts = ["age", "hukou", "has_disability_certificate", "disability_category",
             "disability_grade", "household_dibao", "needs_long_term_care", "loan_type",
             "loan_amount", "loan_term_months", "loan_contract_date", "loan_annual_rate"]
    people = [  # one person a row, in the order of ``facts``
        ["30", "baise", "true", "physical", "1", "true", "true", "individual", "100000", "24",
         "2024-01-11", "3.45"],
        ["70", "baise", "true", "visual", "2", "false", "true", "none", "", "", "", ""],
        ["40", "baise", "true", "physical", "2", "false", "false", "individual", "50000", "24",
         "2024-02-01", "3.45"],
        ["45", "baise", "true", "mental", "1", "true", "false", "small_micro_enterprise",
         "3800000", "36", "2023-03-01", "7.83"],
        [""] * len(facts),
        ["abc", "baise", "x,y"] + [""] * (len(facts) - 3),
    ]
    roster = pl.DataFrame(people, schema=dict.fromkeys(facts, pl.String), orient="row")
    result = screen_roster(book, roster, dt.date(2025, 6, 1), gettext_for("zh-Hans"))
    frame = result.frame
    assert frame is not None
    out = CsvOut(io.BytesIO(), book)
    assert out.sink.plain
    for name in out.sink.plain:
        cells = frame.get_column(name).cast(pl.String).drop_nulls()
        assert not (cells.str.contains('[,"\r\n]') | (cells.str.len_bytes() == 0)).any(), name
    assert any(frame.get_column(c).drop_nulls().len() for c in out.sink.plain
               if c.endswith(".amount"))
    written = io.BytesIO()
    CsvOut(written, book).write(frame)
    assert written.getvalue() == reference([frame], set(out.sink.trusted))
    # and a program whose amount is one figure in the batch (the living subsidy's 90 元), or
    # none, is written as one column: its status, amount and flag together (the one figure:
    # test_a_programs_columns_are_joined_where_they_take_few_values)
    one = joined(frame, out.sink.joined).columns
    figures = {p: frame.get_column(amount_col(p)).drop_nulls().unique().len()
               for p in book.programs}
    assert figures["loan_interest_subsidy"] > 1  # (the interest: one figure a person)
    for p, n in figures.items():
        assert (status_col(p) in one and amount_col(p) not in one) == (n <= 1), p
