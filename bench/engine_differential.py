"""Differential check: the API's answers of this tree's engine and presenter against another's.

    .venv/bin/python bench/engine_differential.py OTHER_TREE [--people 20000] [--seed 1]
    .venv/bin/python bench/engine_differential.py OTHER_TREE --show N   # one person, both JSONs

Draws random people from the fact schema (rules/facts.yaml: each fact given or not, values
across each fact's range with the figures the rules compare against, dates around the rules'
dates; a quarter of them bench/screening.py's person eligible for most with three facts drawn
anew, so that amounts are worked out often) and random screening dates, and screens each in
this tree and, in a subprocess, in ``OTHER_TREE`` (for example a worktree of main): for each
person the JSON of ``Presenter.screening(screen(...))`` of every program (zh-Hans, and en or za
for every third person), the six programs OpenFisca models, ``screening_json`` whole and
summary, and the same screening again (the kept results answer it). Both sides read the people
in the same order, so their kept results fill and start again alike. Prints the number of
people whose answers differ (0 when the trees answer byte for byte alike) and the first few;
exit status 1 if any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
SIX = ["living_subsidy", "nursing_subsidy", "pension_premium", "startup_subsidy",
       "loan_interest_subsidy", "stall_reservation"]
ON_DATES = ["2025-06-01", "2024-01-01", "2026-03-01", "2019-07-15", "2023-09-30", "2027-12-31"]
NUMBERS = {"loan_amount": [0, 1000, 50000, 100000, 150000, 200000, 300000, 500000, 99999.5],
           "loan_annual_rate": [0, 1.5, 3.45, 3.85, 4.35, 5.15, 6, 7.25, 12]}


def people(n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` people: {"on": date, "raw": {fact: JSON value}}, from the fact schema."""
    sys.path.insert(0, str(HERE))
    from app.engine import load_rulebook

    sys.path.insert(0, str(HERE / "bench"))
    from screening import PEOPLE

    book = load_rulebook(HERE / "rules")
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        # a quarter: bench/screening.py's person eligible for most, a few facts drawn anew
        near = rnd.random() < 0.25
        p_given = rnd.choice([0.0, 0.1, 0.3, 0.6, 0.9, 1.0]) if not near else 1.0
        raw: dict[str, Any] = dict(PEOPLE["eligible for most"]) if near else {}
        redrawn = set(rnd.sample(sorted(book.facts), 3))
        for name, f in book.facts.items():
            if near and name not in redrawn:
                continue
            if rnd.random() >= p_given or (near and rnd.random() < 0.3):
                raw.pop(name, None)
                continue
            if f.type == "boolean":
                raw[name] = rnd.random() < 0.5
            elif f.type == "enum":
                raw[name] = rnd.choice(list(f.values or {}))
            elif f.type == "integer":
                lo, hi = int(f.min or 0), int(f.max if f.max is not None else 100)
                edges = [v for v in (lo, hi, 16, 18, 59, 60, 65, 1, 2, 3, 4, 12, 36, 60)
                         if lo <= v <= hi]
                raw[name] = rnd.choice(edges) if rnd.random() < 0.5 else rnd.randint(
                    lo, min(hi, 200))
            elif f.type == "number":
                raw[name] = rnd.choice(NUMBERS.get(name, [0, 1, 100, 1000]))
            else:  # date, before the screening date mostly
                raw[name] = (dt.date(2016, 1, 1) + dt.timedelta(days=rnd.randint(0, 3650))
                             ).isoformat()
        on = rnd.choice(ON_DATES) if rnd.random() < 0.8 else (
            dt.date(2018, 1, 1) + dt.timedelta(days=rnd.randint(0, 3650))).isoformat()
        out.append({"on": on, "raw": raw})
    return out


def answers(lines: list[str]) -> None:
    """Child: screen each person (JSON lines on stdin) in this tree; a digest line each."""
    sys.path.insert(0, str(HERE))
    import orjson

    from app.codec import read_facts
    from app.engine import load_rulebook, screen
    from app.present import get_presenter

    book = load_rulebook(HERE / "rules")
    langs = ["zh-Hans", "en", "za"]
    for i, line in enumerate(lines):
        person = json.loads(line)
        on = dt.date.fromisoformat(person["on"])
        facts, _problems = read_facts(book, person["raw"], on=on, source="json")
        present = get_presenter(book, "zh-Hans" if i % 3 else langs[(i // 3) % 3])
        parts = [orjson.dumps(present.screening(screen(book, facts, on))),
                 orjson.dumps(present.screening(screen(book, facts, on, SIX))),
                 present.screening_json(screen(book, facts, on)),
                 present.screening_json(screen(book, facts, on), full=False),
                 orjson.dumps(present.screening(screen(book, facts, on)))]
        if "--show" in sys.argv:
            print("\n".join(p.decode() for p in parts))
        else:
            print(hashlib.sha256(b"\n".join(parts)).hexdigest())


def run_tree(tree: Path, lines: list[str], show: bool) -> list[str]:
    args = [sys.executable, str(tree / "bench" / "engine_differential.py"), "--child"]
    if show:
        args.append("--show")
    if not (tree / "bench" / "engine_differential.py").exists():  # an older tree: this file
        args = [sys.executable, "-c", f"import sys; sys.argv = {args[1:]!r}; "
                f"__file__ = {str(tree / 'bench' / 'engine_differential.py')!r}; "
                f"exec(open({str(Path(__file__).resolve())!r}).read())"]
    done = subprocess.run(args, input="\n".join(lines), capture_output=True, text=True,
                          cwd=tree, check=True)
    return done.stdout.splitlines()


def main() -> None:
    if "--child" in sys.argv:
        answers(sys.stdin.read().splitlines())
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("other", type=Path)
    ap.add_argument("--people", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=None)
    args = ap.parse_args()
    lines = [json.dumps(p) for p in people(args.people, args.seed)]
    if args.show is not None:
        print(lines[args.show])
        for tree in (HERE, args.other.resolve()):
            print(f"--- {tree}")
            print("\n".join(run_tree(tree, lines[: args.show + 1], True)[-5:]))
        return
    mine, theirs = run_tree(HERE, lines, False), run_tree(args.other.resolve(), lines, False)
    assert len(mine) == len(theirs) == len(lines), (len(mine), len(theirs))
    differ = [i for i, (a, b) in enumerate(zip(mine, theirs, strict=True)) if a != b]
    print(f"{len(lines)} people (seed {args.seed}): {len(differ)} answer differently"
          + (f"; first: {differ[:10]} (see --show N)" if differ else ""))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
