"""Engine benchmark and profile: one screening with the API's reasons, six programs and all.

    .venv/bin/python bench/engine_profile.py [--rounds 7] [--repeat 3000]
        [--openfisca DIR] [--profile six|all]

Times ``present.screening(screen(book, facts, on, programs))`` — the engine and the API's
answer for one person (reasons, met/unmet, amounts, zh-Hans) — for the three people of
``bench/screening.py``, on the six programs of issue 2 and on every program of the rulebook.
The machine is shared and noisy: the people and program sets are alternated round by round and
the figure is the median of all samples (with the spread of the per-round medians).

``--openfisca DIR`` runs ``DIR/bench_single.py`` (an OpenFisca baseline set up by
``../shared/openfisca_baseline/setup.sh --into DIR``) between our rounds, in the same run, and
prints the ratio of its per-person calculate to our six-program median. ``--profile`` prints a
cProfile of the chosen set instead of timing it.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from screening import PEOPLE, SIX  # noqa: E402

from app.engine import Rulebook, load_rulebook, parse_facts, screen  # noqa: E402
from app.present import get_presenter  # noqa: E402

ON = dt.date(2025, 6, 1)


def prepared(book: Rulebook) -> dict[str, dict[str, Any]]:
    out = {}
    for label, raw in PEOPLE.items():
        facts, problems = parse_facts(book.facts, raw)
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


def openfisca_ms(directory: Path, runs: int = 1000) -> float:
    """OpenFisca's median per-person calculate (ms), from its own bench_single.py."""
    proc = subprocess.run([str(directory / ".venv/bin/python"), "bench_single.py", "--runs",
                           str(runs), "--loads", "1"], cwd=directory, capture_output=True,
                          text=True, check=True, timeout=600)
    for line in proc.stdout.splitlines():
        if line.startswith("per screening") and "SimulationBuilder" in line:
            m = re.search(r"median\s+([\d.]+)", line)
            if m:
                return float(m.group(1))
    raise RuntimeError(f"no median in bench_single.py output:\n{proc.stdout}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3000)
    ap.add_argument("--openfisca", type=Path, default=None)
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
    for r in range(args.rounds):
        order = list(sets.items()) if r % 2 == 0 else list(reversed(sets.items()))
        for name, programs in order:
            for label, s in one_round(book, people, programs, args.repeat).items():
                samples.setdefault((name, label), []).extend(s)
                round_medians.setdefault((name, label), []).append(statistics.median(s) / 1e3)
        if args.openfisca is not None and r % 2 == 0:
            of_ms.append(openfisca_ms(args.openfisca))
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
    print(f"six programs, median over the three people: {six:.2f} µs")
    if of_ms:
        of = statistics.median(of_ms) * 1000
        print(f"OpenFisca same run: {of:.0f} µs (median of {len(of_ms)} runs); "
              f"ratio {of / six:.0f}×")


if __name__ == "__main__":
    main()
