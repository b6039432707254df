"""Benchmark: roster screening throughput for 10k, 100k and 1M rows, reading and writing included.

    .venv/bin/python bench/roster.py [--rows 10000,100000,1000000] [--repeat 5] [--all-programs]

Generates made-up rosters (app/roster/synthetic.py: the facts of the six programs OpenFisca's
model has, or with --all-programs of every program, 25 % blank cells, 0.2 % bad cells, an id,
a name and a receives_<program> column per program) as CSV in bench/out/,
then runs `python -m app.cli screen-roster ROSTER.csv --on 2025-06-01 --out OUT.csv --timings`
in a fresh process for each size, and prints reading, computing and writing seconds, the total,
rows per second, and, for 1M rows, the ratio to OpenFisca's figures on this machine (2.65 s
end to end: 0.58 s reading, 0.07 s computing, 1.95 s writing; issue 6). The median and the
best of --repeat runs are shown (the machine is shared), with the process's wall time (imports
and loading the rulebook included) and CPU seconds. For 1M rows it also times --keep-facts (the
result holding the roster's fact columns too, as the staff upload's does).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
OPENFISCA = {"read": 0.58, "compute": 0.07, "write": 1.95, "total": 2.65}
SIX = "living_subsidy,nursing_subsidy,pension_premium,startup_subsidy,loan_interest_subsidy," \
      "stall_reservation"


def roster_file(rows: int, programs: str) -> Path:
    path = OUT / f"roster-{rows}-{'six' if programs == SIX else 'all'}.csv"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        extra = ["--programs", programs] if programs else []
        subprocess.run([sys.executable, "-m", "app.roster.synthetic", str(rows), str(path),
                        *extra], cwd=ROOT, check=True, timeout=600)
    return path


def cpu_ticks() -> tuple[int, int]:
    """(all, stolen) CPU ticks of the machine so far, from /proc/stat (0, 0 where there is none):
    on a virtual machine, time the host gave to others, which inflates every wall time."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0, 0
    ticks = [int(f) for f in fields]
    return sum(ticks[:8]), ticks[7] if len(ticks) > 7 else 0


def run_once(path: Path, programs: str, *options: str) -> dict[str, float]:
    ticks0 = cpu_ticks()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    extra = ["--programs", programs] if programs else []
    extra += list(options)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "screen-roster", str(path), "--on", "2025-06-01",
         "--out", str(path.with_name(path.stem + "-result.csv")), "--timings", "--no-progress",
         *extra], cwd=ROOT, capture_output=True, text=True, timeout=900, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    ticks1 = cpu_ticks()
    steal = (ticks1[1] - ticks0[1]) / max(1, ticks1[0] - ticks0[0])
    m = re.search(r"rows (\d+)\s+read ([\d.]+) s\s+compute ([\d.]+) s\s+write ([\d.]+) s\s+"
                  r"total ([\d.]+) s", proc.stdout)
    assert m, proc.stdout + proc.stderr
    rows, read, compute, write, total = (float(g) for g in m.groups())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"rows": rows, "read": read, "compute": compute, "write": write, "total": total,
            "cpu": cpu, "wall": wall, "steal": steal, "mb": path.stat().st_size / 1e6}


def read_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return f.readline().rstrip("\n").split(",")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--all-programs", action="store_true",
                        help="every program of the rulebook and all its facts, not the six")
    args = parser.parse_args()
    programs = "" if args.all_programs else SIX
    sizes = [int(n) for n in args.rows.split(",")]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; "
          f"{'every program of the rulebook' if args.all_programs else 'the six programs'}; "
          f"seconds, {args.repeat} runs each (read/compute/write/total as the command's --timings "
          f"prints them; process = the whole command, imports and rulebook included)")
    per_row = {}
    for rows in sizes:
        path = roster_file(rows, programs)
        runs = sorted((run_once(path, programs) for _ in range(args.repeat)),
                      key=lambda r: r["total"])
        best, median = runs[0], runs[len(runs) // 2]
        per_row[rows] = median["total"] / rows
        print(f"{rows:>9,} rows ({best['mb']:.0f} MB CSV): median total {median['total']:.3f} s "
              f"({rows / median['total']:,.0f} rows/s), best {best['total']:.3f} s")
        for label, r in (("median", median), ("best", best)):
            print(f"    {label:6s} read {r['read']:.3f}  compute {r['compute']:.3f}  "
                  f"write {r['write']:.3f}  total {r['total']:.3f} s; process {r['wall']:.2f} s "
                  f"wall, {r['cpu']:.2f} s CPU; stolen {100 * r['steal']:.0f} %")
        if rows == 1_000_000 and not args.all_programs:
            print("  OpenFisca, 1M rows: read {read:.2f}  compute {compute:.2f}  "
                  "write {write:.2f}  total {total:.2f} s".format(**OPENFISCA))
            for label, r in (("median", median), ("best", best)):
                print(f"  ratio OpenFisca/this, end to end, {label}: "
                      f"{OPENFISCA['total'] / r['total']:.2f}  (reading "
                      f"{OPENFISCA['read'] / r['read']:.2f}, computing "
                      f"{OPENFISCA['compute'] / r['compute']:.2f}, writing "
                      f"{OPENFISCA['write'] / r['write']:.2f})")
            kept = statistics.median(run_once(path, programs, "--keep-facts")["total"]
                                     for _ in range(args.repeat))
            print(f"  with --keep-facts (the roster's {len(read_header(path))} columns kept): "
                  f"median total {kept:.3f} s")
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(f"cost per row: {per_row[first] * 1e6:.2f} µs at {first:,} rows, "
              f"{per_row[last] * 1e6:.2f} µs at {last:,} rows (x{last // first} rows: "
              f"x{per_row[last] * last / (per_row[first] * first):.1f} time)")


if __name__ == "__main__":
    main()
