"""Benchmark: one search of the hotline rule lookup, in process.

    .venv/bin/python bench/search.py

Builds the index once (as the service does at first use), then times ``SearchIndex.search``
over Chinese, pinyin, initials, English and no-match queries and prints the median and p99 per
kind and overall, and the time to build the index; then the whole results page,
``GET /rules?q=…`` rendered in process (routing, search, template). The goal is under 50 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.engine import load_rulebook  # noqa: E402
from app.lookup.search import build_index  # noqa: E402

GOAL_MS = 50.0
QUERIES: dict[str, list[str]] = {
    "Chinese": ["护理", "低保", "贷款", "摊位", "残疾人证", "养老保险", "灵活就业", "桂民发"],
    "pinyin": ["hulibutie", "hu li bu tie", "dibao", "yanglao", "tanwei", "chuangye"],
    "initials": ["hlbt", "db", "cydbdk", "shbt", "ylbx"],
    "English": ["nursing", "living subsidy", "loan", "stall", "pension"],
    "no match": ["qqqqzzzz", "xyzzy plugh", "？！", "护" * 120],
}


def main(repeat: int = 300) -> None:
    book = load_rulebook(os.environ.get("SCREENER_RULES_DIR", ROOT / "rules"))
    t0 = time.perf_counter()
    index = build_index(book)
    built = (time.perf_counter() - t0) * 1000
    print(f"python {sys.version.split()[0]}, {len(book.programs)} programs, "
          f"{len(index.fields)} fields; index built in {built:.0f} ms")
    clock = time.perf_counter_ns
    every: list[float] = []
    for kind, queries in QUERIES.items():
        for q in queries:  # warm up
            index.search(q)
        samples = []
        for _ in range(repeat):
            for q in queries:
                t = clock()
                index.search(q)
                samples.append((clock() - t) / 1e6)
        samples.sort()
        every += samples
        print(f"search, {kind:9s} median {statistics.median(samples):6.3f} ms  "
              f"p99 {samples[int(len(samples) * 0.99)]:6.3f} ms")
    every.sort()
    p99 = every[int(len(every) * 0.99)]
    print(f"search, all       median {statistics.median(every):6.3f} ms  p99 {p99:6.3f} ms  "
          f"(goal < {GOAL_MS:.0f} ms: {'met' if p99 < GOAL_MS else 'NOT met'})")
    page_samples(book)


def page_samples(book: object, repeat: int = 30) -> None:
    from fastapi.testclient import TestClient

    from app.main import create_app

    client = TestClient(create_app(book))  # type: ignore[arg-type]
    queries = [q for qs in QUERIES.values() for q in qs]
    for q in queries:
        client.get("/rules", params={"q": q, "lang": "zh-Hans"})
    samples = []
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter_ns()
            r = client.get("/rules", params={"q": q, "lang": "zh-Hans"})
            samples.append((time.perf_counter_ns() - t) / 1e6)
            assert r.status_code == 200
    samples.sort()
    print(f"results page GET /rules?q=…  median {statistics.median(samples):6.3f} ms  "
          f"p99 {samples[int(len(samples) * 0.99)]:6.3f} ms")


if __name__ == "__main__":
    main()
