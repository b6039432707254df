"""How many question pages a typical resident answers before a full result (issue 14).

    .venv/bin/python bench/pages.py

Walks each resident of ``tests/support/resident.py`` (TYPICAL) through the guided screening
over HTTP (in-process), answering every page from the resident's facts, and prints the pages
each one saw and the median. Goal: a median of at most 7 (tests/test_resident_journey.py
holds it as a budget).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from app.main import app  # noqa: E402
from tests.support.resident import TYPICAL, walk  # noqa: E402

GOAL = 7


def count_pages() -> dict[str, list[str]]:
    """Resident -> the question pages it answered, in order."""
    book = app.state.rulebook
    return {name: [url for url, _facts in walk(TestClient(app), book, persona).pages]
            for name, persona in TYPICAL.items()}


def main() -> int:
    pages = count_pages()
    for name, urls in pages.items():
        print(f"{name:34} {len(urls):>2}  {' '.join(u.rsplit('/', 1)[-1] for u in urls)}")
    counts = [len(u) for u in pages.values()]
    median = statistics.median(counts)
    print(f"{len(counts)} residents: median {median} question pages (goal <= {GOAL}), "
          f"fewest {min(counts)}, most {max(counts)}")
    return 0 if median <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
