"""Engine benchmark and profile: one screening with the API's reasons, six programs and all.

    .venv/bin/python bench/engine_profile.py [--rounds 7] [--repeat 3000] [--openfisca]
        [--profile six|all]

Times ``present.screening(screen(book, facts, on, programs))`` — the engine and the API's
answer for one person (reasons, met/unmet, amounts, zh-Hans) — for the people of
``bench/screening.py``, on the six programs OpenFisca models and on every program of the
rulebook. The machine is shared and noisy: the program sets are alternated round by round and
each figure is the median of all its samples (with the spread of the per-round medians).

``--openfisca`` runs the baseline's ``bench_single.py`` (set up by bench/baseline.py) every
other round, in the same run, and prints the ratio of its per-person calculate to our
six-program median for OpenFisca's own person. ``--profile`` prints a cProfile of the chosen
set instead of timing it. bench/screening.py is the benchmark to quote; this one is for
working on the engine.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import baseline  # noqa: E402
from screening import PEOPLE, SIX  # noqa: E402

from app.codec import read_facts  # noqa: E402
from app.engine import Rulebook, load_rulebook, screen  # noqa: E402
from app.present import get_presenter  # noqa: E402

ON = dt.date(2025, 6, 1)


def prepared(book: Rulebook) -> dict[str, dict[str, Any]]:
    out = {}
    for label, raw in PEOPLE.items():
        facts, problems = read_facts(book, raw, on=ON, source="json")
        assert not problems, problems
        out[label] = facts
    return out


def one_round(book: Rulebook, people: dict[str, dict[str, Any]], programs: list[str] | None,
              repeat: int) -> dict[str, list[int]]:
    present = get_presenter(book, "zh-Hans")
    clock = time.perf_counter_ns
    out: dict[str, list[int]] = {}
    for label, facts in people.items():
        for _ in range(200):  # warm
            present.screening(screen(book, facts, ON, programs))
        samples = []
        for _ in range(repeat):
            t0 = clock()
            present.screening(screen(book, facts, ON, programs))
            samples.append(clock() - t0)
        out[label] = samples
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3000)
    ap.add_argument("--openfisca", action="store_true")
    ap.add_argument("--profile", choices=("six", "all"), default=None)
    args = ap.parse_args()

    book = load_rulebook(ROOT / "rules")
    people = prepared(book)
    sets: dict[str, list[str] | None] = {"six": SIX, f"all {len(book.programs)}": None}

    if args.profile:
        programs = sets["six"] if args.profile == "six" else None
        present = get_presenter(book, "zh-Hans")
        one_round(book, people, programs, 10)
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.repeat):
            for facts in people.values():
                present.screening(screen(book, facts, ON, programs))
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return

    samples: dict[tuple[str, str], list[int]] = {}
    round_medians: dict[tuple[str, str], list[float]] = {}
    of_ms: list[float] = []
    where = baseline.ensure() if args.openfisca else None
    for r in range(args.rounds):
        order = list(sets.items()) if r % 2 == 0 else list(reversed(sets.items()))
        for name, programs in order:
            for label, s in one_round(book, people, programs, args.repeat).items():
                samples.setdefault((name, label), []).extend(s)
                round_medians.setdefault((name, label), []).append(statistics.median(s) / 1e3)
        if where is not None and r % 2 == 0:
            of_ms.append(baseline.single_screening_ms(where=where))
            print(f"  round {r}: OpenFisca per-person calculate median {of_ms[-1]:.3f} ms",
                  flush=True)

    print(f"python {sys.version.split()[0]}; {args.rounds} rounds × {args.repeat} screenings "
          "per person and set, alternated; µs, engine + API answer (zh-Hans)")
    med_six = []
    for (name, label), s in samples.items():
        med = statistics.median(s) / 1e3
        rm = round_medians[(name, label)]
        p99 = sorted(s)[int(len(s) * 0.99)] / 1e3
        print(f"  {name:7s} {label:18s} median {med:7.2f}  p99 {p99:7.2f}  "
              f"round medians {min(rm):.2f}–{max(rm):.2f}")
        if name == "six":
            med_six.append(med)
    six = statistics.median(med_six)
    print(f"six programs, median over the people: {six:.2f} µs")
    if of_ms:
        of = statistics.median(of_ms) * 1000
        theirs = statistics.median(samples[("six", "OpenFisca's person")]) / 1e3
        print(f"OpenFisca same run: {of:.0f} µs (median of {len(of_ms)} runs); ratio to "
              f"OpenFisca's person {of / theirs:.0f}×, to the median person {of / six:.0f}×")


if __name__ == "__main__":
    main()
