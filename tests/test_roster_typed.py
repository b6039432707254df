"""The roster reader's typed columns (:class:`app.roster.files.Typed`): where a yes/no or number
fact column is written as a machine writes it, polars parses it itself (Boolean, Int64) instead
of the codec reading each spelling; any other spelling, or a whole number outside the fact's
bounds, and the rest of the file is read as text again.

Held here:

- codec agreement: every spelling polars' typed CSV parse accepts (read with the reader's own
  options) is read by the codec (:func:`app.codec.read_cell`) to the same value, or refused by
  it only for lying outside the fact's bounds, which the reader checks; over generated
  spellings (hypothesis) and every short string of a small alphabet;
- same result as reading text: a roster screened with typed reading gives the same bytes,
  counts, unclaimed programs, problems (with their sheet rows), totals rows and fallbacks as
  with typed reading switched off, where later rows (in the first batch and in later ones) are
  written otherwise or out of bounds; with title rows, ``keep_facts``, ``receives_`` columns and
  the reading begun ahead (:class:`app.roster.opening.Ahead`);
- the fast path is taken: a plainly written roster comes in Boolean/Int64 columns from one
  reading (the one begun ahead, where begun); a column whose first rows are written otherwise
  is text from the start; a refused cell costs exactly one more reading, of the rest only,
  and the rows' numbers run on without gap or repeat;
- where polars refuses a cell in a later part of a longer file (it then gives the later parts'
  rows before saying so), the reader gives the text reading's rows or says the roster must be
  read again (:class:`app.roster.files.Reread`), and the screened result is the text one.
- a file that may hold a whole number longer than the codec reads (64 characters: a run of
  blanks or zeros polars' Int64 parse skips) has no column parsed as whole numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.codec import read_cell
from app.engine import Rulebook
from app.i18n import gettext_for
from app.roster import bulk, files
from app.roster.bounds import CLI
from app.roster.bulk import Screener
from app.roster.columns import boolean_def, typed_read
from app.roster.files import ROW, Typed
from app.roster.opening import Ahead
from app.roster.run import screen_file

ON = dt.date(2025, 6, 1)
_ = gettext_for("zh-Hans")

# ---------------------------------------------------------------------------------------------
# codec agreement


def csv_line(cell: str, quote_all: bool) -> str:
    """One CSV record holding ``cell`` (quoted where it must be, or always)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n",
               quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerow([cell])
    return buf.getvalue()


def polars_reads(cell: str, dtype: Any, quote_all: bool = False) -> tuple[Any, Any]:
    """(the value polars' typed parse gives ``cell``, or ``REFUSED``; the text the reader
    gives the codec for the same cell, read as text): both read with the reader's own options
    (:meth:`Opened._csv_frame`), the cell being the one data row under a header, in a roster
    whose separator is the comma."""
    data = ("x\n" + csv_line(cell, quote_all)).encode("utf-8")
    opened = files.Opened("csv", 1, [(1, ["x"])], 0, _csv=data, head_lines=[1])
    try:
        typed = opened._csv_frame(0, frozenset(), {0: dtype}).collect()
    except pl.exceptions.PolarsError:
        return REFUSED, None
    text = opened._csv_frame(0, frozenset()).collect().get_column("c0").to_list()
    return typed.get_column("c0")[0], text[0] if text else None


REFUSED = object()


def agrees(book: Rulebook, fact: str, cell: str, quote_all: bool = False) -> Any:
    """Checks the claim for ``cell`` in a column of ``fact``; gives polars' value."""
    fdef = book.facts[fact]
    typed = typed_read(fdef)
    assert typed is not None
    value, text = polars_reads(cell, typed.dtype, quote_all)
    if value is REFUSED or value is None:
        return value  # refused: read as text; null: blank, a blank to the codec too (below)
    reading = read_cell(book, fact, text, on=ON)
    if typed.dtype == pl.Boolean:
        assert (reading.value, reading.problem) == (value, None), (cell, value, reading)
        assert type(reading.value) is bool
        return value
    within = (typed.low is None or value >= typed.low) and \
        (typed.high is None or value <= typed.high)
    if reading.problem is not None:  # refused by the codec only for its bounds
        assert reading.problem.code in ("below_min", "above_max") and not within, \
            (cell, value, reading)
        return value
    assert within, (cell, value, reading)
    want = value if fdef.type == "integer" else Decimal(value)
    assert reading.value == want and type(reading.value) is type(want), (cell, value, reading)
    return value


def blank_agrees(book: Rulebook, fact: str, cell: str) -> None:
    """Where polars gives null for a cell, the codec reads it blank."""
    typed = typed_read(book.facts[fact])
    assert typed is not None
    value, text = polars_reads(cell, typed.dtype)
    if value is None:
        reading = read_cell(book, fact, text, on=ON)
        assert (reading.value, reading.problem) == (None, None), (cell, reading)


FACTS = ("has_disability_certificate", "age", "disability_grade", "loan_amount",
         "loan_annual_rate")
ALPHABET = "0123456789+-.eE_ \t\u00a0５٣truefalsTRUEFALS是否\",'x\u3000"
SPELLINGS = st.text(alphabet=ALPHABET, max_size=9) | st.builds(
    lambda word, flips, pad: pad[0] + "".join(c.upper() if f else c
                                              for c, f in zip(word, flips, strict=False)) + pad[1],
    st.sampled_from(["true", "false", "yes", "no"]),
    st.lists(st.booleans(), min_size=5, max_size=5),
    st.tuples(st.sampled_from(["", " ", "\t", "\u00a0", '"']),
              st.sampled_from(["", " ", "\t", "\u00a0", '"']))) | st.builds(
    lambda sign, zeros, digits, lead: lead + sign + "0" * zeros + digits,
    st.sampled_from(["", "+", "-", "--", "+-"]), st.integers(0, 20),
    st.text(alphabet="0123456789", min_size=1, max_size=20),
    st.sampled_from(["", " ", "  ", "\t", " \t"]))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cell=SPELLINGS, fact=st.sampled_from(FACTS), quote_all=st.booleans())
@example(cell="TrUe", fact="has_disability_certificate", quote_all=False)
@example(cell="+5", fact="age", quote_all=False)
@example(cell=" 5", fact="age", quote_all=True)
@example(cell="-0", fact="loan_amount", quote_all=False)
@example(cell="007", fact="disability_grade", quote_all=False)
@example(cell="9223372036854775807", fact="loan_amount", quote_all=False)
@example(cell="-9223372036854775808", fact="age", quote_all=False)
def test_codec_reads_what_polars_accepts_the_same(book: Rulebook, cell: str, fact: str,
                                                  quote_all: bool) -> None:
    agrees(book, fact, cell, quote_all)


def test_codec_agrees_on_every_short_spelling(book: Rulebook) -> None:
    """Every string of up to 3 characters over a small alphabet in a number column; every
    casing of true and false, and each with a character put in or left out, in a yes/no
    column (the exhaustive small sets: the cases a generator might not draw)."""
    accepted = []
    for n in range(1, 4):
        for chars in itertools.product("0 7+-.e\t", repeat=n):
            cell = "".join(chars)
            if agrees(book, "age", cell) not in (REFUSED, None):
                accepted.append(cell)
            agrees(book, "loan_amount", cell)
    # (not vacuous: the spellings that matter were parsed by polars)
    assert {"7", "+7", "-0", "007", " 7", "\t7", "  7", "+00"} <= set(accepted), accepted
    words = []
    for word in ("true", "false"):
        for flips in itertools.product((False, True), repeat=len(word)):
            cased = "".join(c.upper() if f else c for c, f in zip(word, flips, strict=True))
            assert agrees(book, "has_disability_certificate", cased) == (word == "true")
            words.append(cased)
    for word in ("true", "FALSE", "False"):
        for k in range(len(word) + 1):
            for c in " \tx\u00a0\"":
                words.append(word[:k] + c + word[k:])
            words.append(word[:k] + word[k + 1:])
    told = {w: agrees(book, "has_disability_certificate", w) for w in words}
    assert sum(v is not REFUSED for v in told.values()) >= 32
    for cell in ("", " ", "  ", "\t", " \t "):
        blank_agrees(book, "age", cell)
        blank_agrees(book, "loan_amount", cell)
    blank_agrees(book, "has_disability_certificate", "")


# ---------------------------------------------------------------------------------------------
# a machine-readable roster, plainly written at its start, and odd spellings further down

COLUMNS = ("age", "hukou", "has_disability_certificate", "disability_category",
           "disability_grade", "household_dibao", "tekun", "orphan_allowance", "loan_amount",
           "loan_term_months", "loan_annual_rate", "first_business",
           "business_operating_normally", "receives_living_subsidy",
           "receives_nursing_subsidy")


def plain(book: Rulebook, name: str, rnd: random.Random) -> str:
    """A cell as a machine writes one (polars parses it as the fact's type), or blank."""
    if rnd.random() < 0.1:
        return ""
    fdef = book.facts.get(name)
    if fdef is None or fdef.type == "boolean":
        return rnd.choice(["true", "false", "true", "false", "TRUE", "False"])
    if fdef.type == "enum":
        return rnd.choice(list(fdef.values or {}))
    low, high = math.ceil(fdef.min or 0), math.floor(fdef.max if fdef.max is not None else 9)
    if name == "loan_amount":
        return str(rnd.randrange(0, 600) * 1000)
    value = rnd.randint(low, min(high, low + 130))
    return rnd.choice([str(value), str(value), f"+{value}", f"{value:03d}"])


# spellings polars refuses (the codec reads them, or words their errors), and numbers out of
# their fact's bounds, by the fact's type
ODD = {
    "boolean": ["是", "否", " true", "false ", "1", "0", "Yes", "maybe", " ", "√"],
    "integer": ["5.0", "45岁", "-3", "200", "一级", "４５", "1e2", " 5 ", "2,000", "99999999999"],
    "number": ["1000.50", "20万", "-1", "100000001", "200,000", "1e5", "3.65", "0.5"],
}


def odd(book: Rulebook, name: str, rnd: random.Random) -> str:
    fdef = book.facts.get(name)
    kind = "boolean" if fdef is None else fdef.type
    return rnd.choice(ODD.get(kind, ["mars", "不知道"]))


def roster_text(book: Rulebook, rows: int, odd_rows: dict[int, dict[str, str]], seed: int,
                titles: int = 0, columns: tuple[str, ...] = COLUMNS) -> str:
    """A CSV roster: ``titles`` title rows, the header (fact ids), then ``rows`` data rows
    (data row 1 is the first under the header) plainly written except ``odd_rows``
    (data row -> column -> cell)."""
    rnd = random.Random(seed)
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    for t in range(titles):
        out.writerow([f"某县残疾人名单（第{t + 1}行）"] + [""] * (len(columns) - 1))
    out.writerow(columns)
    for r in range(1, rows + 1):
        cells = {c: plain(book, c, rnd) for c in columns}
        cells.update(odd_rows.get(r, {}))
        out.writerow([cells[c] for c in columns])
    return buf.getvalue()


def screened(book: Rulebook, path: Path, batch_rows: int, keep_facts: bool = False,
             ahead: bool = False) -> tuple[bytes, tuple[Any, ...]]:
    out = io.BytesIO()
    begun = Ahead(path, CLI, _, count_rows=False, batch_rows=batch_rows,
                  typed=not keep_facts) if ahead else None
    result = screen_file(book, path, "csv", ON, _, out=out, out_kind="csv", limits=CLI,
                         batch_rows=batch_rows, keep_facts=keep_facts, ahead=begun)
    seen = (result.rows, result.counts, result.unclaimed, result.problems.counts,
            result.problems.first, result.totals, result.fallback)
    return out.getvalue(), seen


class Readings:
    """Every reading polars is asked for (:meth:`Opened._csv_frame`): its typed columns and the
    data rows skipped (``given``), and every batch the screener is given since the last
    reading from the start."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.frames: list[tuple[dict[int, Any], int]] = []
        self.batches: list[pl.DataFrame] = []
        frame = files.Opened._csv_frame
        batch = Screener.batch

        def counted(opened: files.Opened, header_index: int, coded: frozenset[int],
                    typed: Any = None, given: int = 0) -> pl.LazyFrame:
            self.frames.append((dict(typed or {}), given))
            if not given:  # read from the start (again, where a reading was refused)
                self.batches.clear()
            return frame(opened, header_index, coded, typed, given)

        def seen(screener: Screener, b: files.Batch) -> pl.DataFrame:
            self.batches.append(b.frame)
            return batch(screener, b)

        monkeypatch.setattr(files.Opened, "_csv_frame", counted)
        monkeypatch.setattr(Screener, "batch", seen)

    @property
    def asked_typed(self) -> bool:
        """Whether polars was asked to parse some column itself."""
        return any(typed for typed, _given in self.frames)

    @property
    def typed(self) -> bool:
        """Whether some batch came with a column parsed by polars."""
        return any(t in (pl.Boolean, pl.Int64) for b in self.batches
                   for c, t in b.schema.items() if c != ROW)

    def row_numbers(self) -> list[int]:
        return [n for b in self.batches for n in b.get_column(ROW).to_list()]


def text_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typed reading switched off: the screener offers the reader no column to parse."""
    monkeypatch.setattr(bulk, "typed_read", lambda fdef: None)


def compare(book: Rulebook, text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            batch_rows: int, keep_facts: bool = False, ahead: bool = False
            ) -> tuple[tuple[Any, ...], Readings]:
    """The result with typed reading equals the result without; gives it, and the readings
    made with typed reading."""
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode("utf-8"))
    with monkeypatch.context() as m:
        readings = Readings(m)
        typed = screened(book, path, batch_rows, keep_facts, ahead)
    with monkeypatch.context() as m:
        text_only(m)
        reference = Readings(m)
        plain_ = screened(book, path, batch_rows, keep_facts)
    assert not reference.typed
    assert typed[1] == plain_[1]
    assert typed[0] == plain_[0]
    assert readings.row_numbers() == reference.row_numbers()
    return typed[1], readings


def at(rows: dict[int, dict[str, str]]) -> dict[int, dict[str, str]]:
    return rows


# named cases: data rows -> cells written otherwise (data row 1 is the first under the header;
# the reader's first look covers data rows 1-29)
CASES: dict[str, tuple[dict[int, dict[str, str]], int, int]] = {  # odd rows, rows, batch rows
    # refused in a later batch (rows 41-60 of batches of 20)
    "later batch": (at({45: {"has_disability_certificate": "是", "age": "45岁"},
                        47: {"household_dibao": " true"}, 52: {"disability_grade": "5.0"},
                        66: {"age": "200"}}), 70, 30),
    # refused in the first batch, below the reader's first look
    "first batch": (at({33: {"age": "5.0"}, 34: {"tekun": "否"}, 40: {"age": "-3"}}), 80, 50),
    # a number out of bounds in the very first batch (and among the first rows looked at)
    "out of bounds first": (at({2: {"age": "200"}, 60: {"age": "-3"}}), 70, 25),
    "out of bounds later": (at({31: {"loan_amount": "100000001"}, 70: {"age": "121"}}), 90,
                            30),
    # the first rows written otherwise: that column read as text from the start
    "odd among the first rows": (at({3: {"household_dibao": "是", "age": "45岁"},
                                     50: {"disability_grade": "一级"}}), 70, 30),
    # a receives_ column refused later
    "receives": (at({35: {"receives_living_subsidy": " true"},
                     36: {"receives_nursing_subsidy": "1"}}), 60, 16),
    # a totals row at the bottom, and one amid the list, under typed columns
    "totals": (at({40: {"age": "合计", **{c: "" for c in COLUMNS[1:]}},
                   61: {"age": "合计", "loan_amount": "123456789", "tekun": ""}}), 61, 20),
    # blanks, blank-looking cells and quoted cells
    "blanks": (at({31: {"age": " ", "tekun": ""}, 32: {"age": "\t7"}, 33: {"age": " 7"},
                   34: {"age": "+0"}, 35: {"age": "-0"}, 36: {"loan_amount": "0007000"},
                   37: {"has_disability_certificate": "tRUE"},
                   38: {"has_disability_certificate": " "}}), 50, 20),
    # accepted by polars and the codec alike: no falling back, the same result
    "accepted spellings": (at({31: {"age": "+45", "disability_grade": "04"},
                               32: {"tekun": "FALSE", "household_dibao": "True"}}), 40, 15),
}


@pytest.mark.parametrize("name", list(CASES))
def test_same_result_as_reading_text(name: str, book: Rulebook, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    odd_rows, rows, batch_rows = CASES[name]
    text = roster_text(book, rows, odd_rows, seed=len(name))
    seen, readings = compare(book, text, tmp_path, monkeypatch, batch_rows)
    assert readings.asked_typed  # (the typed reading was taken, at least to begin with)
    assert seen[0] > 2 * batch_rows or name == "totals" or rows <= 2 * batch_rows


@pytest.mark.parametrize("seed", range(3))
def test_same_result_as_reading_text_random(seed: int, book: Rulebook, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Odd spellings at random rows and columns (below the first rows, some in the first
    batch), random batch sizes; every other seed through the reading begun ahead."""
    rnd = random.Random(seed)
    rows = rnd.randint(35, 120)
    odd_rows: dict[int, dict[str, str]] = {}
    for _n in range(rnd.randint(1, 4)):
        r = rnd.randint(30, rows)
        c = rnd.choice(COLUMNS)
        odd_rows.setdefault(r, {})[c] = odd(book, c, rnd)
    text = roster_text(book, rows, odd_rows, seed)
    _seen, readings = compare(book, text, tmp_path, monkeypatch, rnd.choice([16, 33, 64]),
                              ahead=seed % 2 == 1)
    assert readings.asked_typed


def test_same_result_under_title_rows(book: Rulebook, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The header on the third row: the first rows looked at, and the rows' numbers, count from
    there."""
    odd_rows = {27: {"age": "5.0"}, 29: {"tekun": "是"}, 40: {"household_dibao": "1"},
                41: {"age": "forty"}}
    text = roster_text(book, 60, odd_rows, seed=5, titles=2)
    seen, readings = compare(book, text, tmp_path, monkeypatch, batch_rows=20)
    assert readings.asked_typed
    assert (44, "age") in [(row, c) for row, c, _m in seen[4]]  # at its sheet row


def test_same_result_keeping_the_facts(book: Rulebook, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Columns copied into the result are read as text (they keep their spelling)."""
    odd_rows = {31: {"age": "200", "tekun": "是"}, 50: {"age": "007"}}
    text = roster_text(book, 60, odd_rows, seed=9)
    _seen, readings = compare(book, text, tmp_path, monkeypatch, batch_rows=16,
                              keep_facts=True)
    assert not readings.typed and not readings.asked_typed
    _seen, readings = compare(book, text, tmp_path, monkeypatch, batch_rows=30,
                              keep_facts=True, ahead=True)
    assert not readings.typed and not readings.asked_typed


@pytest.mark.parametrize("name", ["later batch", "out of bounds first", "receives"])
def test_same_result_reading_ahead(name: str, book: Rulebook, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    odd_rows, rows, batch_rows = CASES[name]
    text = roster_text(book, rows, odd_rows, seed=len(name))
    _seen, readings = compare(book, text, tmp_path, monkeypatch, batch_rows, ahead=True)
    assert readings.asked_typed


# ---------------------------------------------------------------------------------------------
# the fast path is taken


def dtypes(book: Rulebook, frame: pl.DataFrame) -> dict[str, Any]:
    """The dtype of each of COLUMNS in a batch (columns c0… in COLUMNS' order)."""
    return {name: frame.schema[files.col(i)] for i, name in enumerate(COLUMNS)}


def expected_type(book: Rulebook, name: str) -> Any:
    fdef = book.facts.get(name)
    if fdef is None or fdef.type == "boolean":
        return pl.Boolean
    return pl.Int64 if fdef.type in ("integer", "number") else None


@pytest.mark.parametrize("ahead", [False, True])
def test_plain_roster_is_parsed_by_polars_in_one_reading(ahead: bool, book: Rulebook,
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(roster_text(book, 90, {}, seed=3), "utf-8")
    readings = Readings(monkeypatch)
    screened(book, path, batch_rows=20, ahead=ahead)
    # one reading of the file: the one begun ahead, where it was
    assert len(readings.frames) == 1, readings.frames
    assert readings.frames[0][1] == 0
    assert len(readings.batches) == 5
    for b in readings.batches:
        for name, dtype in dtypes(book, b).items():
            want = expected_type(book, name)
            if want is None:
                assert isinstance(dtype, pl.Categorical), (name, dtype)
            else:
                assert dtype == want, (name, dtype)
    assert readings.row_numbers() == list(range(2, 92))


@pytest.mark.parametrize("ahead", [False, True])
def test_first_rows_written_otherwise_are_text_from_the_start(
        ahead: bool, book: Rulebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A column whose first rows hold 是, 45岁, 1 or ` true` is not offered to polars (no
    refused reading to begin with); the others still are, in one reading."""
    odd_rows = {2: {"tekun": "是", "age": "45岁"}, 5: {"household_dibao": "1"},
                9: {"orphan_allowance": " true"}, 29: {"disability_grade": "5.0"}}
    path = tmp_path / "roster.csv"
    path.write_text(roster_text(book, 60, odd_rows, seed=8), "utf-8")
    readings = Readings(monkeypatch)
    screened(book, path, batch_rows=20, ahead=ahead)
    assert len(readings.frames) == 1
    text = {COLUMNS.index(c) for c in ("tekun", "age", "household_dibao", "orphan_allowance",
                                       "disability_grade")}
    assert set(readings.frames[0][0]) == set(may_type(book)) - text
    for b in readings.batches:
        kinds = dtypes(book, b)
        assert all(isinstance(kinds[COLUMNS[i]], pl.Categorical) for i in text)
        assert kinds["loan_amount"] == pl.Int64 and kinds["first_business"] == pl.Boolean


@pytest.mark.parametrize("refused_at,batch_rows,ahead", [
    (31, 20, False), (41, 20, True), (90, 20, True), (2, 20, True), (30, 100, False)])
def test_out_of_bounds_rereads_the_rest_once(refused_at: int, batch_rows: int, ahead: bool,
                                             book: Rulebook, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """An age out of bounds at data row ``refused_at``: the batches before that row's batch
    are typed; from it on, text; one more reading, from the first row not yet given; row
    numbers without gap or repeat."""
    path = tmp_path / "roster.csv"
    path.write_text(roster_text(book, 90, {refused_at: {"age": "200"}}, seed=4), "utf-8")
    readings = Readings(monkeypatch)
    screened(book, path, batch_rows=batch_rows, ahead=ahead)
    first_text = (refused_at - 1) // batch_rows  # the batch holding the refused row
    assert [given for _t, given in readings.frames] == [0, first_text * batch_rows]
    assert readings.frames[0][0] and not readings.frames[1][0]
    for k, b in enumerate(readings.batches):
        age = dtypes(book, b)["age"]
        assert (age == pl.Int64) == (k < first_text), (k, age)
    assert readings.row_numbers() == list(range(2, 92))


@pytest.mark.parametrize("ahead", [False, True])
def test_polars_refusal_rereads_the_rest_once(ahead: bool, book: Rulebook, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A spelling polars itself refuses (not a bound): one more reading, as text, from the
    rows given so far (polars says so when it gets to it: here, at once), and row numbers
    without gap or repeat."""
    path = tmp_path / "roster.csv"
    path.write_text(roster_text(book, 60, {47: {"household_dibao": " true"}}, seed=6), "utf-8")
    readings = Readings(monkeypatch)
    screened(book, path, batch_rows=15, ahead=ahead)
    typed = [dtypes(book, b)["household_dibao"] == pl.Boolean for b in readings.batches]
    given = sum(b.height for b, t in zip(readings.batches, typed, strict=True) if t)
    assert len(readings.frames) == 2 and readings.frames[0][0] and not readings.frames[1][0]
    assert readings.frames[1][1] == given and given < 47
    assert typed == sorted(typed, reverse=True)  # typed batches, then text ones
    assert readings.row_numbers() == list(range(2, 62))


def test_typed_offers(book: Rulebook) -> None:
    """What the screener offers the reader: yes/no facts and receives_ columns as Boolean,
    integer and number facts as Int64 within their bounds (rounded inwards), nothing else."""
    assert typed_read(book.facts["tekun"]) == Typed(pl.Boolean)
    assert typed_read(book.facts["age"]) == Typed(pl.Int64, 0, 120)
    assert typed_read(book.facts["loan_amount"]) == Typed(pl.Int64, 0, 100_000_000)
    assert typed_read(book.facts["hukou"]) is None
    assert all(typed_read(f) is None for f in book.facts.values()
               if f.type in ("enum", "date"))


def may_type(book: Rulebook) -> dict[int, Typed]:
    """The columns of COLUMNS the screener offers the reader to parse, by index."""
    return {i: t for i, c in enumerate(COLUMNS)
            if (t := typed_read(book.facts[c] if c in book.facts else boolean_def()))}


def reader_rows(book: Rulebook, data: bytes, typed: dict[int, Typed], size: int
                ) -> list[tuple[Any, ...]]:
    """Every data row the reader gives: its number and cells, as text, except that a cell of a
    column that may be typed is given as the value it means (as polars parsed it, or as the
    codec reads its text)."""
    opened = files.open_roster(data, "csv", CLI, _)
    coded = frozenset(range(opened.width))
    facts = [c if c in book.facts else None for c in COLUMNS]
    may = set(may_type(book))
    read: dict[tuple[int, str], Any] = {}

    def meaning(i: int, cell: Any) -> Any:
        if not isinstance(cell, str) or i not in may:
            return cell
        if (i, cell) not in read:
            book_ = book if facts[i] else {COLUMNS[i]: boolean_def()}
            value = read_cell(book_, COLUMNS[i], cell, on=ON).value
            read[i, cell] = int(value) if isinstance(value, Decimal) and value == int(value) \
                else value
        return read[i, cell]

    rows = []
    for b in opened.batches(0, size, _, coded=coded, typed=typed):
        cells = b.frame.select(pl.col(ROW), *(pl.col(files.col(i)).cast(pl.String)
                                               if isinstance(b.frame.schema[files.col(i)],
                                                             pl.Categorical)
                                               else pl.col(files.col(i))
                                               for i in range(opened.width)))
        rows += [(row[0], *(meaning(i, c) for i, c in enumerate(row[1:])))
                 for row in cells.rows()]
    return rows


def test_reader_gives_the_rows_of_text_where_polars_refuses_part_way(book: Rulebook) -> None:
    """A roster long enough for polars to read in parts (morsels), a cell it refuses in a part
    after the first: polars' streaming reader goes on giving the later parts' rows (numbered
    as if the refused part's rows were not there) and says that it refused only after them.
    The reader must give the rows of the text reading all the same (or say that the roster
    must be read again, :class:`files.Reread`), never other rows in their place."""
    typed = may_type(book)
    wrong = []
    cases: list[dict[int, dict[str, str]]] = [
        {bad_at: {"household_dibao": " true"}} for bad_at in (60, 400, 1000, 1700, 2500)]
    # and a number out of bounds (found batch by batch) after a refused cell
    cases += [{600: {"tekun": "是"}, 1500: {"age": "200"}}, {2900: {"age": "-3"}}]
    for k, odd_rows in enumerate(cases):
        bad_at = min(odd_rows)
        data = roster_text(book, 3000, odd_rows, seed=k).encode("utf-8")
        try:
            rows = reader_rows(book, data, typed, 100)
        except files.Reread:
            continue
        if rows != reader_rows(book, data, {}, 100):
            wrong.append(bad_at)
    assert not wrong


def test_same_result_where_polars_refuses_past_its_first_part(
        book: Rulebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same, screened: the result that of reading text."""
    text = roster_text(book, 4000, {700: {"household_dibao": " true"}}, seed=700)
    _seen, readings = compare(book, text, tmp_path, monkeypatch, batch_rows=1000)
    assert readings.asked_typed


def test_bulk_reading_leaves_long_cells_to_the_codec() -> None:
    from app.codec import MAX_CHARS
    from app.roster.columns import FAST_CHARS

    assert FAST_CHARS < MAX_CHARS


@pytest.mark.parametrize("padded", [" " * 70 + "5", "0" * 70 + "5", "+" + "0" * 70 + "5",
                                    "\t5", " " * 30 + "0" * 30 + "5"])
def test_a_long_blank_padded_number_reads_as_text_does(book: Rulebook, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       padded: str) -> None:
    """A whole number after 70 spaces or zeros (a fixed-width export): the codec refuses it as
    too long, so typed reading must not read it as 5 (a file holding a run of 22 blanks or
    zeros, or a tab, has no column parsed as whole numbers by polars: opening.LONG_NUMBER)."""
    if len(padded) > 64:
        assert read_cell(book, "age", padded, on=ON).problem is not None
    assert polars_reads(padded, pl.Int64)[0] == 5
    text = roster_text(book, 40, {35: {"age": padded}}, seed=2)
    seen, _readings = compare(book, text, tmp_path, monkeypatch, batch_rows=20)
    problems = seen[4]  # (sheet row, column, message): the codec's "too long" for data row 35
    assert [(row, column) for row, column, _m in problems] == \
        ([(36, "age")] if len(padded) > 64 else [])


@pytest.mark.parametrize("target", ["path", "stream"])
def test_reread_screens_again_from_the_start(target: str, book: Rulebook, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the reader says :class:`files.Reread` after batches were screened and written, the
    result is that of reading text: counts not doubled, the file or stream (from where it
    stood) holding the text reading's bytes only."""
    path = tmp_path / "roster.csv"
    path.write_text(roster_text(book, 60, {}, seed=12), "utf-8")
    with monkeypatch.context() as m:
        text_only(m)
        want = screened(book, path, batch_rows=20)
    batches = files.Opened.batches

    def refused_later(opened: files.Opened, *args: Any, **kwargs: Any) -> Any:
        typed = kwargs.get("typed", args[5] if len(args) > 5 else None)
        for k, batch in enumerate(batches(opened, *args, **kwargs)):
            if typed and k == 2:
                raise files.Reread
            yield batch

    monkeypatch.setattr(files.Opened, "batches", refused_later)
    out: Any = tmp_path / "out.csv" if target == "path" else io.BytesIO(b"before")
    if not isinstance(out, Path):
        out.seek(0, io.SEEK_END)
    result = screen_file(book, path, "csv", ON, _, out=out, out_kind="csv", limits=CLI,
                         batch_rows=20)
    written = out.read_bytes() if isinstance(out, Path) else out.getvalue()
    assert written == (b"" if isinstance(out, Path) else b"before") + want[0]
    assert (result.rows, result.counts, result.problems.counts) == \
        (want[1][0], want[1][1], want[1][3])
