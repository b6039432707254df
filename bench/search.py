"""Benchmark: the hotline rule lookup's search, in process (issue 16).

    .venv/bin/python bench/search.py

Prints

- the index build time: in a fresh interpreter, the first search (the index is built then,
  not at start-up), with and without the one-time import of the search libraries (jieba,
  pypinyin, rank_bm25 + numpy, rapidfuzz); and a rebuild in this process (goal < 300 ms);
- the median and p99 of ``SearchIndex.search`` over a thousand and more queries of the kinds
  callers use (the shared sample of caller phrases, the tests' further phrases, every alias,
  aliases as whole questions, in toneless pinyin, with a pinyin slip, English with a typo):
  each once on a new index (no term's scores kept yet), then repeated, per kind and overall
  (goal: p99 < 50 ms);
- the whole results page, ``GET /rules?q=…`` rendered in process (routing, search, template).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.engine import Rulebook, load_rulebook  # noqa: E402
from app.lookup.search import build_index, is_han, syllables  # noqa: E402
from tests.lookup_phrases import CALLER_PHRASES, EXTRA, caller_phrases  # noqa: E402

GOAL_MS = 50.0
BUILD_GOAL_MS = 300.0
QUESTION_WORDS = ["多少钱", "怎么申请", "要什么材料", "谁可以领", "有没有"]


def slip(word: str, i: int) -> str:
    """One letter changed (the next in the alphabet) somewhere in the middle of the word."""
    at = 1 + i % max(1, len(word) - 2)
    return word[:at] + chr((ord(word[at]) - 96) % 26 + 97) + word[at + 1:]


def queries(book: Rulebook) -> dict[str, list[str]]:
    sample = [t for t, _ in caller_phrases()] if CALLER_PHRASES.exists() else []
    aliases = [a for p in book.programs.values() for a in p.model.aliases]
    chinese = [a for a in aliases if all(is_han(ch) for ch in a)]
    english = [a for a in aliases if a.isascii()]
    pinyin = ["".join(syllables(a)) for a in chinese]
    return {
        "caller sample": sample,
        "further phrases": [t for t, _, _ in EXTRA],
        "alias": chinese,
        "question": [a + QUESTION_WORDS[i % len(QUESTION_WORDS)] for i, a in enumerate(chinese)],
        "pinyin": pinyin,
        "pinyin slip": [slip(p, i) for i, p in enumerate(pinyin) if len(p) >= 6],
        "English slip": [slip(e, i) for i, e in enumerate(english) if len(e) >= 5],
        "no match": ["qqqqzzzz", "xyzzy plugh", "？！", "护" * 120],
    }


COLD = """
import json, time
t0 = time.perf_counter()
import jieba, pypinyin, rank_bm25, rapidfuzz  # noqa: F401  the search's libraries
t1 = time.perf_counter()
from app.engine import load_rulebook
from app.i18n import gettext_for
from app.lookup.search import index_for
book = load_rulebook("rules")
for lang in ("za", "en"):
    gettext_for(lang)
t2 = time.perf_counter()
index_for(book).search("护理")
t3 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "first_search": t3 - t2}))
"""


def cold_build(runs: int = 3) -> tuple[float, float]:
    """(median ms of the library imports, median ms of the first search without them), each
    in a fresh interpreter."""
    imports, first = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
        d = json.loads(out)
        imports.append(d["imports"] * 1000)
        first.append(d["first_search"] * 1000)
    return statistics.median(imports), statistics.median(first)


def main(repeat: int = 20) -> None:
    book = load_rulebook(os.environ.get("SCREENER_RULES_DIR", ROOT / "rules"))
    imports, first = cold_build()
    print(f"python {sys.version.split()[0]}, {len(book.programs)} programs")
    print(f"fresh interpreter: search libraries imported in {imports:.0f} ms; first search "
          f"(builds the index) {first:.0f} ms; both {imports + first:.0f} ms")
    builds = []
    for _ in range(5):
        t0 = time.perf_counter()
        index = build_index(book)
        builds.append((time.perf_counter() - t0) * 1000)
    built = statistics.median(builds)
    loads = []
    for _ in range(5):  # the same run's yardstick: loading and compiling the rulebook
        t0 = time.perf_counter()
        load_rulebook(os.environ.get("SCREENER_RULES_DIR", ROOT / "rules"))
        loads.append((time.perf_counter() - t0) * 1000)
    loaded = statistics.median(loads)
    print(f"index rebuilt in {built:.0f} ms (median of 5; goal < {BUILD_GOAL_MS:.0f} ms: "
          f"{'met' if built < BUILD_GOAL_MS else 'NOT met'}); {built / loaded:.2f} × the "
          f"rulebook's own load ({loaded:.0f} ms); {len(index.fields)} fields, "
          f"{len(index.vocabulary)} terms, {len(index.pinyin)} pinyin keys")
    clock = time.perf_counter_ns
    every: list[float] = []
    kinds = queries(book)
    print(f"{sum(len(q) for q in kinds.values())} queries")
    # each query once on a new index: no term's scores kept yet (a quiet day's first calls)
    fresh = build_index(book)
    first_time = []
    for qs in kinds.values():
        for q in qs:
            t = clock()
            fresh.search(q)
            first_time.append((clock() - t) / 1e6)
    first_time.sort()
    print(f"search, each query once on a new index: median "
          f"{statistics.median(first_time):6.3f} ms  p99 "
          f"{first_time[int(len(first_time) * 0.99)]:6.3f} ms")
    for kind, qs in kinds.items():
        for q in qs:  # warm up
            index.search(q)
        samples = []
        for _ in range(repeat):
            for q in qs:
                t = clock()
                index.search(q)
                samples.append((clock() - t) / 1e6)
        samples.sort()
        every += samples
        print(f"search, {kind:15s} ({len(qs):3d}) median {statistics.median(samples):6.3f} ms"
              f"  p99 {samples[int(len(samples) * 0.99)]:6.3f} ms")
    every.sort()
    p99 = every[int(len(every) * 0.99)]
    print(f"search, all             median {statistics.median(every):6.3f} ms  p99 {p99:6.3f} ms"
          f"  (goal < {GOAL_MS:.0f} ms: {'met' if p99 < GOAL_MS else 'NOT met'})")
    page_samples(book, [q for qs in kinds.values() for q in qs[:8]])


def page_samples(book: Rulebook, queries: list[str], repeat: int = 5) -> None:
    from fastapi.testclient import TestClient

    from app.main import create_app

    client = TestClient(create_app(book))
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
