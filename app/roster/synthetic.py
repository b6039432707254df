"""A made-up roster for tests and benchmarks: random facts of every type, blanks, and a few bad
cells, for every fact in the rulebook (so new facts and programs are covered without edits).

    python -m app.roster.synthetic ROWS OUT.csv [--seed N] [--programs ID,ID,…]

No real person is in it. Values are drawn from small pools, as in a real roster where most
columns repeat (grades, counties, dates, round loan amounts).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path

import polars as pl

from app.engine import Rulebook, load_rulebook

BAD = ["?", "abc", "2023-02-30", "-1", "99999999", "也许"]


def _pool(name: str, fdef: object, rnd: random.Random) -> list[str]:
    t = fdef.type  # type: ignore[attr-defined]
    lo = fdef.min  # type: ignore[attr-defined]
    hi = fdef.max  # type: ignore[attr-defined]
    if t == "boolean":
        return ["true"] * 6 + ["false"] * 6 + ["是", "否", "1", "0", "Yes", " no "]
    if t == "enum":
        return list(fdef.values or {})  # type: ignore[attr-defined]
    if t == "date":
        start = dt.date(2015, 1, 1)
        return [(start + dt.timedelta(days=rnd.randrange(4400))).isoformat() for _ in range(400)]
    low = int(lo) if lo is not None else 0
    high = int(hi) if hi is not None else 5_000_000
    if t == "integer":
        if high - low > 1000:
            return [str(rnd.randint(low, high)) for _ in range(300)]
        return [str(v) for v in range(low, high + 1)]
    # numbers: round amounts, rates with two decimals, a few with commas
    if high <= 100:
        return [f"{Decimal(rnd.randint(low * 100, high * 100)) / 100:.2f}" for _ in range(300)]
    out = [str(rnd.randint(1, 500) * 1000) for _ in range(300)]
    out += [f"{rnd.randint(1, 4000):,}000" for _ in range(20)]
    out += [f"{rnd.randint(1, 10**7)}.{rnd.randint(0, 99):02d}" for _ in range(30)]
    return out


def make_roster(book: Rulebook, rows: int, seed: int = 1, blank_share: float = 0.25,
                bad_share: float = 0.002, programs: list[str] | None = None) -> pl.DataFrame:
    """``rows`` people: an id, a name, every fact, and ``receives_<program>`` for each program
    (or only the facts and programs of ``programs``)."""
    rnd = random.Random(seed)
    chosen = list(book.programs) if programs is None else programs
    wanted = set(book.facts) if programs is None else {
        f for p in chosen for f in (*book.programs[p].facts_used, *book.programs[p].amount_facts)}
    cols: dict[str, pl.Series] = {
        "person_id": pl.Series([f"P{i:07d}" for i in range(rows)]),
        "name": pl.Series(["测试" + "甲乙丙丁戊己庚辛"[i % 8] for i in range(rows)]),
    }
    for k, (name, fdef) in enumerate(book.facts.items()):
        if name not in wanted:
            continue
        pool = _pool(name, fdef, rnd)
        values = pl.Series(pool).sample(rows, with_replacement=True, seed=seed + k)
        blank = pl.Series([rnd.random() for _ in range(min(rows, 4096))]).sample(
            rows, with_replacement=True, seed=seed + 1000 + k) < blank_share
        bad = pl.Series([rnd.random() for _ in range(min(rows, 4096))]).sample(
            rows, with_replacement=True, seed=seed + 2000 + k) < bad_share
        junk = pl.Series(BAD).sample(rows, with_replacement=True, seed=seed + 3000 + k)
        cols[name] = (pl.when(blank).then(pl.lit(None, dtype=pl.String))
                      .when(bad).then(junk).otherwise(values))
        cols[name] = pl.select(cols[name].alias(name)).to_series()  # type: ignore[arg-type]
    for k, pid in enumerate(chosen):
        pool = ["true", "false", "false", ""]
        cols[f"receives_{pid}"] = pl.Series(pool).sample(rows, with_replacement=True,
                                                         seed=seed + 5000 + k)
    return pl.DataFrame(cols)


def main(argv: list[str]) -> int:
    rows, out = int(argv[0]), Path(argv[1])
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 1
    programs = argv[argv.index("--programs") + 1].split(",") if "--programs" in argv else None
    make_roster(load_rulebook(), rows, seed, programs=programs).write_csv(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
