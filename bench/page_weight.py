"""Page weights of the resident's screening: HTML + CSS, uncompressed, in bytes.

    .venv/bin/python bench/page_weight.py

Walks several residents through the guided flow in each language (as the tests do, through
HTTP in-process) and prints, per language, the heaviest question page (also in its error
state), the check-answers page, the results page and a program's own page, each with the
stylesheets it links added (question pages link main.css only; results.css, with the cards,
reasons and summary lists, only the pages that show them). Budgets (issue 3):
a question page under 14 KB, a results page under 40 KB (KB = 1024 bytes), in normal and in
comfort mode.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from app.main import app  # noqa: E402
from app.resident import state  # noqa: E402
from app.web.templating import STATIC_DIR  # noqa: E402
from tests.support.resident import RESIDENTS, walk  # noqa: E402

QUESTION_BUDGET = 14 * 1024
RESULTS_BUDGET = 40 * 1024


def main() -> int:
    book = app.state.rulebook
    css = len((STATIC_DIR / "css" / "main.css").read_bytes())
    comfort_css = len((STATIC_DIR / "css" / "comfort.css").read_bytes())
    print_css = len((STATIC_DIR / "css" / "print.css").read_bytes())
    print_css += len((STATIC_DIR / "css" / "results.css").read_bytes())  # results pages only
    print(f"stylesheets: /static/css/main.css {css} bytes; comfort.css {comfort_css} bytes "
          "(linked only in comfort mode, added to the comfort rows); print.css "
          f"{print_css} bytes with results.css (print.css media=print and results.css, linked by "
          "check answers, results, program and notice pages, added to their figures)")
    print(f"{'language':8} {'resident':24} {'question (max)':>15} {'+error':>7} {'check':>7} "
          f"{'results':>8} {'program':>8}")
    worst_q = worst_r = 0
    rows = [(lang, name, False) for lang in ("zh-Hans", "za", "en") for name in RESIDENTS]
    rows += [(lang, "business and loan", True) for lang in ("zh-Hans", "za", "en")]
    for lang, name, comfort in rows:
            persona = RESIDENTS[name]
            c = TestClient(app)
            css = len((STATIC_DIR / "css" / "main.css").read_bytes())
            if comfort:
                c.cookies.set("comfort", "1")
                css += comfort_css
                name = name + " (comfort)"
            w = walk(c, book, persona, lang=lang)
            url, html = max(w.html.items(), key=lambda kv: len(kv[1].encode()))
            q = len(html.encode()) + css
            c.post("/start")
            token = state.loads(c.cookies.get(state.COOKIE), book).token
            shown = re.search(r'name="shown" value="([^"]*)"', html)
            data = {"csrf": token, **({"shown": shown[1]} if shown else {})}
            e = len(c.post(url, data=data).content) + css   # the same page in its error state
            c.cookies.delete("answers")
            w2 = walk(c, book, persona, lang=lang)
            assert w2.pages == w.pages
            check = len(c.get("/check").content) + css + print_css
            r = len(c.get("/results").content) + css + print_css
            p = len(c.get("/results/nursing_subsidy").content) + css + print_css
            worst_q, worst_r = max(worst_q, q, e), max(worst_r, r)
            print(f"{lang:8} {name:24} {q:>9} {url.split('/')[-1][:5]:>5} {e:>7} {check:>7} "
                  f"{r:>8} {p:>8}")
    print(f"heaviest question page {worst_q} bytes ({worst_q / 1024:.1f} KB, budget 14 KB); "
          f"heaviest results page {worst_r} bytes ({worst_r / 1024:.1f} KB, budget 40 KB)")
    return 0 if worst_q < QUESTION_BUDGET and worst_r < RESULTS_BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
