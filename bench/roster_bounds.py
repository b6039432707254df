"""Peak memory and time of refusing each hostile roster upload (issue 11), each in a fresh
process, through the upload's own path (``app.roster.routes._screen``, the upload's limits).

    .venv/bin/python bench/roster_bounds.py

Prints, per file: its size, the error's first words, the seconds to refuse it, and the peak
RSS of the process (ru_maxrss) against the same process's RSS after its imports, so the
difference is what reading the file cost.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import datetime as dt, json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from tests.support import hostile
from app.engine import load_rulebook
from app.roster.bounds import RosterError
from app.roster import routes
name, kind, arg = sys.argv[2], sys.argv[3], sys.argv[4]
data = getattr(hostile, name)(*([int(arg)] if arg else []))
book = load_rulebook()
import polars  # noqa: F401  (the worker imports it too)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
try:
    routes._screen(book, data, kind, dt.date(2025, 6, 1), "csv", "zh-Hans", {})
    error = "(accepted)"
except RosterError as exc:
    error = str(exc)
took = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"bytes": len(data), "error": error, "seconds": took,
                  "before_mb": before / 1024, "peak_mb": peak / 1024}))
"""

CASES = [("far cell (XFD1048576)", "far_cell_xlsx", "xlsx", ""),
         ("zip bomb", "zip_bomb_xlsx", "xlsx", "96"),
         ("3,000,000 columns", "wide_csv", "csv", ""),
         ("600 columns", "wide_csv", "csv", "600"),
         ("endless line", "long_line_csv", "csv", "48")]


def main() -> None:
    for label, func, kind, arg in CASES:
        out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), func, kind, arg],
                             cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{label:24s} {r['bytes'] / 1e6:7.2f} MB  refused in {r['seconds']:.3f} s  "
              f"peak RSS {r['peak_mb']:.0f} MB (after imports and the file in memory "
              f"{r['before_mb']:.0f} MB)  — {r['error'][:40]}")


if __name__ == "__main__":
    main()
