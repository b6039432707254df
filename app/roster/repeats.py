"""One person on two rows of a roster: the same ID number twice (lists joined one under another,
a sheet per village where one person is on two, a row pasted twice).

Each such row is screened as any other (it may be two people, one ID number mistyped: the
clerk decides), and counted; the row's errors say which row above holds the same number, and the
summary how many rows repeat one, naming the first (:meth:`~.bulk.RosterResult.repeats_note`).

The person's number is the ID column's, else the ID number within the certificate number's
column (a 第二代残疾人证 number is its holder's ID number and two digits), as the codec reads them
(full-width digits, blanks, dashes and a leading apostrophe aside, ``x`` read as ``X``). Its
first 17 characters name the person, so an old 15-digit number is its 18-digit form (19 put
before the year) and a mistyped check digit is still the same person; a number without a
possible birth date (000000000000000000, a placeholder) names no one, nor does any other cell.
Memory: one 64-bit hash and one row number per person seen, so 160 MB for 10,000,000 rows, and
as much again per person a row says died; a hash shared by two numbers (about one chance in
three hundred thousand in ten million rows) would be reported as a repeat.

A row that says the person died (:mod:`.deaths`) is not screened, but is a person's row here
too, whichever comes first: a later row of the person is left out as dead with it (this
finds which: :meth:`Repeats.batch`'s ``dead``); an earlier one, screened and written already,
is named beside it (:meth:`~.bulk.Screener._dead_left_out`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from .files import ROW, col
from .headers import CERTIFICATE_NUMBER, ID_NUMBER, ColumnMap

ID_WRITTEN = r"^[0-9]{17}[0-9X]$"
OLD_ID_WRITTEN = r"^[0-9]{15}$"  # a first-generation card's number (no century, no check)
CERTIFICATE_WRITTEN = r"^[0-9]{17}[0-9X][0-9]{2}(?:B[1-9])?$"  # (codec.identity.REISSUED)
_DROPPED = r"[\s\-'‘’`]"  # as app.codec.identity reads a number
SEED = 0x5EED


def _compact(cells: pl.Expr) -> pl.Expr:
    # (="451026…", a CSV's formula keeping the number as text: its number)
    return cells.cast(pl.String).str.normalize("NFKC").str.replace_all(_DROPPED, "") \
        .str.replace(r'^="(.+)"$', "${1}").str.to_uppercase()


def _person(number: pl.Expr) -> pl.Expr:
    """The first 17 characters of an ID number (``number`` compacted): an 18-digit one's, or
    a 15-digit one's as its 18-digit form has them; null where it is neither, or holds no
    possible birth date."""
    key = pl.when(number.str.contains(ID_WRITTEN)).then(number.str.slice(0, 17)).when(
        number.str.contains(OLD_ID_WRITTEN)).then(
        number.str.slice(0, 6) + pl.lit("19") + number.str.slice(6, 9))
    born = key.str.slice(6, 8).str.to_date("%Y%m%d", strict=False)
    return pl.when(born.is_not_null() & (born.dt.year() >= 1890)
                   & (key.str.slice(0, 6) != "000000")).then(key)


def person_key(ids: pl.Expr | None, certs: pl.Expr | None) -> tuple[pl.Expr, pl.Expr]:
    """Each row's person by its ID number's cell (``ids``) and its certificate number's
    (``certs``; None: no such column), as text (:func:`_person`), null for a row naming no one;
    and whether the certificate number named them (the ID number's cell naming no one)."""
    by_id = by_cert = pl.lit(None, dtype=pl.String)
    if ids is not None:
        by_id = _person(_compact(ids))
    if certs is not None:
        number = _compact(certs)
        by_cert = _person(pl.when(number.str.contains(CERTIFICATE_WRITTEN))
                          .then(number.str.slice(0, 18)))
    return pl.coalesce(by_id, by_cert), by_id.is_null() & by_cert.is_not_null()


@dataclass(slots=True)
class Pairs:
    """Rows each of which repeats the person of an earlier row: how many, and the first
    ``keep`` (row, earlier row), as sheet rows are numbered (:data:`~.files.ROW`)."""

    keep: int = 20
    count: int = 0
    first: list[tuple[int, int]] = field(default_factory=list)

    def add(self, pairs: pl.DataFrame) -> None:
        """Counts ``pairs`` (two columns: the row, the earlier row), keeping the first."""
        self.count += pairs.height
        room = self.keep - len(self.first)
        if room > 0:
            self.first += [(int(r), int(e)) for r, e in pairs.head(room).rows()]


class Repeats:
    """Finds, batch by batch, the rows whose person (:meth:`person_keys`) an earlier row of the
    roster holds, and the rows whose person an earlier row says died; keeps the count of those
    screened and the first ``keep`` (row, earlier row)."""

    def __init__(self, mapping: ColumnMap, keep: int = 20) -> None:
        self.id_col = mapping.of(ID_NUMBER)
        self.cert_col = mapping.of(CERTIFICATE_NUMBER)
        self.keep = keep
        self.again = Pairs(keep)  # the rows screened that repeat a person
        # each person seen: the hash of their number, and the row that first held it
        self._seen: list[pl.DataFrame] = []
        # each person a row says died: the hash of their number, and the first such row
        self._dead: list[pl.DataFrame] = []

    @property
    def count(self) -> int:
        """The rows screened that repeat a person."""
        return self.again.count

    @property
    def first(self) -> list[tuple[int, int]]:
        """The first ``keep`` of them: (row, the first row that held the person)."""
        return self.again.first

    @property
    def active(self) -> bool:
        """Whether the roster has a column that names a person (ID or certificate number)."""
        return self.id_col is not None or self.cert_col is not None

    def person_keys(self) -> tuple[pl.Expr, pl.Expr]:
        """Each row's person (:func:`person_key` of its ID and certificate number columns)."""
        return person_key(None if self.id_col is None else pl.col(col(self.id_col.index)),
                          None if self.cert_col is None else pl.col(col(self.cert_col.index)))

    def batch(self, raw: pl.DataFrame, died: pl.Series | None = None) -> pl.DataFrame:
        """The rows of ``raw`` (a batch's people, :data:`~.files.ROW` numbered) whose person
        a row before holds, in this batch or an earlier one: ``pos`` (0-based, in ``raw``),
        ``earlier`` (the first row that held them, as ROW numbers it), ``by_cert`` (the
        certificate number named them), ``row`` (its own ROW number) and ``dead`` (the first
        row before it that says the person died, null where none does). ``died``: whether
        each row of ``raw`` says the person died (:meth:`~.bulk.Screener._people_only`), as
        long as ``raw``; None where none does."""
        empty = pl.DataFrame(schema={"pos": pl.UInt32, "earlier": pl.Int64,
                                     "by_cert": pl.Boolean, "row": pl.Int64, "dead": pl.Int64})
        if not self.active or not raw.height:
            return empty
        key, by_cert = self.person_keys()
        people = raw.select(key.alias("key"), by_cert.alias("by_cert"), pl.col(ROW).alias("row"),
                            *([pl.lit(died).alias("died")] if died is not None else [])
                            ).with_row_index("pos").filter(pl.col("key").is_not_null())
        if not people.height:
            return empty
        people = people.with_columns(pl.col("key").hash(SEED))
        if self._seen:
            seen = pl.concat(self._seen, rechunk=False)
            people = people.join(seen, on="key", how="left")
        else:
            people = people.with_columns(pl.lit(None, dtype=pl.Int64).alias("seen"))
        people = people.with_columns(
            pl.coalesce("seen", pl.col("row").min().over("key")).alias("earlier"))
        self._seen.append(people.filter(pl.col("seen").is_null())
                          .group_by("key").agg(pl.col("row").min().alias("seen")))
        if died is not None or self._dead:  # (the usual roster says no death: nothing to do)
            people = self._dead_before(people, died is not None)
        else:
            people = people.with_columns(pl.lit(None, dtype=pl.Int64).alias("dead"))
        found = people.filter(pl.col("earlier") != pl.col("row")).sort("pos")
        return found.select(pl.col("pos").cast(pl.UInt32), pl.col("earlier").cast(pl.Int64),
                            "by_cert", pl.col("row").cast(pl.Int64),
                            pl.col("dead").cast(pl.Int64))

    def _dead_before(self, people: pl.DataFrame, died: bool) -> pl.DataFrame:
        """``people`` (:meth:`batch`'s, with ``died`` where ``died`` is true) with ``dead``: the
        first row before each that says its person died, in an earlier batch or this one; the
        first such row of each person not seen dead before is kept for the batches after."""
        if self._dead:
            people = people.join(pl.concat(self._dead, rechunk=False), on="key", how="left")
        else:
            people = people.with_columns(pl.lit(None, dtype=pl.Int64).alias("dead_seen"))
        here = pl.col("row").filter(pl.col("died")).min().over("key") if died else \
            pl.lit(None, dtype=pl.Int64)
        people = people.with_columns(pl.coalesce(
            "dead_seen", pl.when(here < pl.col("row")).then(here)).alias("dead"))
        if died:
            self._dead.append(people.filter(pl.col("dead_seen").is_null() & pl.col("died"))
                              .group_by("key").agg(pl.col("row").min().alias("dead_seen")))
        return people

    def screened(self, found: pl.DataFrame) -> None:
        """Counts ``found`` (:meth:`batch`'s, less any not screened) as rows screened that
        repeat a person, keeping the first ``keep``."""
        self.again.add(found.select("row", "earlier"))
