"""One person on two rows of a roster: the same ID number twice (lists joined one under another,
a sheet per village where one person is on two, a row pasted twice).

Each such row is screened as any other (it may be two people, one ID number mistyped: the
clerk decides), and counted; the row's errors say which row above holds the same number, and the
summary how many rows repeat one, naming the first (:meth:`~.bulk.RosterResult.repeats_note`).

The person's number is the ID column's (blanks, dashes and a leading apostrophe dropped, ``x``
read as ``X``), else the first 18 characters of the certificate number's column (a 第二代残疾人证
number is its holder's ID number and two digits). A cell not so written (a mistyped number, a
name) is no one's. Memory: one 64-bit hash and one row number per person seen, so 160 MB for
10,000,000 rows; a hash shared by two numbers (about one chance in three hundred thousand in ten
million rows) would be reported as a repeat.
"""

from __future__ import annotations

import polars as pl

from .files import ROW, col
from .headers import CERTIFICATE_NUMBER, ID_NUMBER, ColumnMap

ID_WRITTEN = r"^[0-9]{17}[0-9X]$"
CERTIFICATE_WRITTEN = r"^[0-9]{17}[0-9X][0-9]{2}$"
_DROPPED = r"[\s\-'‘’`]"  # as app.codec.identity reads a number
SEED = 0x5EED


def _compact(cells: pl.Expr) -> pl.Expr:
    return cells.cast(pl.String).str.replace_all(_DROPPED, "").str.to_uppercase()


class Repeats:
    """Finds, batch by batch, the rows whose person (:func:`person_key`) an earlier row of the
    roster holds; keeps their count and the first ``keep`` (row, earlier row)."""

    def __init__(self, mapping: ColumnMap, keep: int = 20) -> None:
        self.id_col = mapping.of(ID_NUMBER)
        self.cert_col = mapping.of(CERTIFICATE_NUMBER)
        self.keep = keep
        self.count = 0
        self.first: list[tuple[int, int]] = []
        # each person seen: the hash of their number, and the row that first held it
        self._seen: list[pl.DataFrame] = []

    @property
    def active(self) -> bool:
        """Whether the roster has a column that names a person (ID or certificate number)."""
        return self.id_col is not None or self.cert_col is not None

    def person_key(self) -> pl.Expr:
        """Each row's person, as text: an ID number, or null (a row naming no one)."""
        keys = []
        if self.id_col is not None:
            number = _compact(pl.col(col(self.id_col.index)))
            keys.append(pl.when(number.str.contains(ID_WRITTEN)).then(number))
        if self.cert_col is not None:
            number = _compact(pl.col(col(self.cert_col.index)))
            keys.append(pl.when(number.str.contains(CERTIFICATE_WRITTEN))
                        .then(number.str.slice(0, 18)))
        return pl.coalesce(keys) if keys else pl.lit(None, dtype=pl.String)

    def batch(self, raw: pl.DataFrame) -> pl.DataFrame:
        """The rows of ``raw`` (a batch's people, :data:`~.files.ROW` numbered) whose person
        a row before holds, in this batch or an earlier one: ``pos`` (0-based, in ``raw``) and
        ``earlier`` (the first row that held them, as ROW numbers it)."""
        empty = pl.DataFrame(schema={"pos": pl.UInt32, "earlier": pl.Int64})
        if not self.active or not raw.height:
            return empty
        people = raw.select(self.person_key().alias("key"), pl.col(ROW).alias("row")
                            ).with_row_index("pos").filter(pl.col("key").is_not_null())
        if not people.height:
            return empty
        people = people.select("pos", "row", pl.col("key").hash(SEED).alias("key"))
        if self._seen:
            seen = pl.concat(self._seen, rechunk=False)
            people = people.join(seen, on="key", how="left")
        else:
            people = people.with_columns(pl.lit(None, dtype=pl.Int64).alias("seen"))
        people = people.with_columns(
            pl.coalesce("seen", pl.col("row").min().over("key")).alias("earlier"))
        self._seen.append(people.filter(pl.col("seen").is_null())
                          .group_by("key").agg(pl.col("row").min().alias("seen")))
        found = people.filter(pl.col("earlier") != pl.col("row")).sort("pos")
        self.count += found.height
        room = self.keep - len(self.first)
        if room > 0:
            self.first += found.head(room).select("row", "earlier").rows()
        return found.select(pl.col("pos").cast(pl.UInt32), pl.col("earlier").cast(pl.Int64))
