"""Reading a roster from CSV or Excel (.xlsx) as text columns, and writing the result back.

Every cell is read as text, so that an id such as ``007`` or a date keeps its spelling and the
roster's own parser (:mod:`app.roster.columns`) decides what a cell means. CSV is UTF-8 (with or
without a byte-order mark); a GB18030 file, as Excel saves CSV on Chinese Windows, is accepted
too.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection
from pathlib import Path
from typing import IO, Any

import polars as pl

from app.i18n import Gettext

from .bulk import RosterError

EXCEL = (".xlsx",)
CSV = (".csv",)


def kind_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in EXCEL:
        return "xlsx"
    if suffix in CSV:
        return "csv"
    return ""


def read_roster(source: Path | bytes, kind: str, _: Gettext,
                coded: Callable[[list[str]], Collection[str]] | None = None) -> pl.DataFrame:
    """The roster's cells as text columns; raises :class:`RosterError` if it cannot be read.

    ``coded`` names, from the header, the columns to read dictionary-coded (Categorical, each
    with its own dictionary): columns that repeat a few spellings, such as facts. Reading them
    so costs little more than reading text, and spares the screening a pass over them."""
    try:
        if kind == "xlsx":
            return _read_excel(source)
        if kind == "csv":
            return _read_csv(source, coded)
    except (RosterError, FileNotFoundError):
        raise
    except Exception as exc:  # the file's fault: say what kind of file was expected
        raise RosterError(_("无法读取名单文件（{kind}）：{problem}").format(
            kind=kind.upper(), problem=type(exc).__name__)) from None
    raise RosterError(_("名单文件必须是 .csv 或 .xlsx。"))


def _read_csv(source: Path | bytes,
              coded: Callable[[list[str]], Collection[str]] | None) -> pl.DataFrame:
    if isinstance(source, Path) and not source.is_file():
        raise FileNotFoundError(source)
    try:
        return _csv(source, coded)
    except pl.exceptions.ComputeError:
        # not UTF-8: Excel on Chinese Windows saves CSV as GB18030 (GBK)
        data = source.read_bytes() if isinstance(source, Path) else source
        return _csv(data.decode("gb18030").encode("utf-8"), coded)


def _csv(source: Path | bytes,
         coded: Callable[[list[str]], Collection[str]] | None) -> pl.DataFrame:
    overrides: dict[str, Any] = {}
    if coded is not None:
        header = pl.read_csv(source, n_rows=0, infer_schema=False).columns
        overrides = {c: pl.Categorical(pl.Categories.random()) for c in coded(header)}
    return pl.read_csv(source, infer_schema=False, schema_overrides=overrides or None)


def _read_excel(source: Path | bytes) -> pl.DataFrame:
    data = source if isinstance(source, bytes) else source.read_bytes()
    df = pl.read_excel(io.BytesIO(data), engine="calamine", infer_schema_length=0)
    # a date cell reads as "2023-01-01 00:00:00": keep the date, as it was typed
    return df.with_columns(
        pl.col(c).cast(pl.String).str.replace(r"^([0-9]{4}-[0-9]{2}-[0-9]{2}) 00:00:00$", "$1")
        for c in df.columns)


def write_roster(frame: pl.DataFrame, target: Path | IO[bytes], kind: str,
                 amount_columns: list[str]) -> None:
    if kind == "xlsx":
        # amounts as numbers, so that a spreadsheet can add them up
        out = frame.with_columns(pl.col(c).cast(pl.Float64) for c in amount_columns)
        out.write_excel(target, autofit=False)  # type: ignore[arg-type]
    else:
        frame.write_csv(target)
