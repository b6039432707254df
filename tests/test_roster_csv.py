"""The roster's CSV writer (:class:`app.safe_csv.CsvSink`), batch by batch: its bytes must be
exactly those of polars' own quoting of the escaped rows written at once, for hostile text,
headers and every column type the roster writes."""

from __future__ import annotations

import io
import random

import polars as pl

from app.safe_csv import BOM, CsvSink, escaped

ALPHABET = ["a", "中", ",", '"', "\n", "\r", " ", "=", "+", "-", "@", "\t", "'", ";", "0"]


def reference(batches: list[pl.DataFrame], trusted: set[str]) -> bytes:
    """The bytes as polars writes the escaped rows with its own ("necessary") quoting."""
    out = io.BytesIO()
    out.write(BOM)
    for k, frame in enumerate(batches):
        escaped(frame, trusted).write_csv(out, include_header=k == 0)
    return out.getvalue()


def written(batches: list[pl.DataFrame], trusted: set[str]) -> bytes:
    out = io.BytesIO()
    sink = CsvSink(out, trusted)
    for frame in batches:
        sink.write(frame)
    return out.getvalue()


def test_hostile_cells_and_headers_are_written_as_polars_quotes_them() -> None:
    rnd = random.Random(7)

    def text() -> str | None:
        if rnd.random() < 0.1:
            return None
        return "".join(rnd.choice(ALPHABET) for _ in range(rnd.randrange(0, 5)))

    for _trial in range(300):
        n = rnd.randrange(1, 30)
        names = [f"c{k}" if rnd.random() < 0.6 else (text() or "") + f"{k}"
                 for k in range(rnd.randrange(1, 5))]
        frame = pl.DataFrame({name: [text() for _ in range(n)] for name in names},
                             schema=dict.fromkeys(names, pl.String))
        if rnd.random() < 0.5:  # a dictionary-coded column, as the reader gives fact columns
            frame = frame.with_columns(pl.col(names[0]).cast(pl.Categorical))
        frame = frame.with_columns(
            pl.Series("status", [rnd.choice(["a", "b,c", None]) for _ in range(n)],
                      dtype=pl.Enum(["a", "b,c"])),
            pl.Series("flag", [rnd.choice([True, False, None]) for _ in range(n)]))
        trusted = set(rnd.sample(frame.columns, rnd.randrange(0, frame.width)))
        batches = [frame.slice(k, 7) for k in range(0, n, 7)]
        assert written(batches, trusted) == reference(batches, trusted), frame


def test_the_usual_cells_need_no_quoting_and_the_odd_ones_are_quoted() -> None:
    frame = pl.DataFrame({"a,b": ["", None, "x", 'say "hi"', "1\n2", "=1+2"]})
    assert written([frame], set()) == (
        BOM + b'"a,b"\n""\n\nx\n"say ""hi"""\n"1\n2"\n\'=1+2\n')
