"""``python -m app.engine.check [RULES_DIR]``: load the rulebook and run every embedded case.

For policy editors: exit 0 and a count when all is well; otherwise the first broken file with
its path and problem, or each failing case.
"""

from __future__ import annotations

import sys

from .cases import all_cases, run_case
from .errors import RuleError
from .rulebook import RULES_DIR, load_rulebook


def main(argv: list[str]) -> int:
    root = argv[1] if len(argv) > 1 else RULES_DIR
    try:
        book = load_rulebook(root)
    except RuleError as exc:
        print(f"rulebook refused: {exc}", file=sys.stderr)
        return 2
    failed = 0
    cases = all_cases(book)
    for program, case in cases:
        errors = run_case(book, program, case)
        if errors:
            failed += 1
            print(f"FAIL {program.id}::{case.name}: " + "; ".join(errors))
    print(f"rulebook {book.version} ({book.digest}): {len(book.programs)} programs, "
          f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


def main_args(args: list[str]) -> int:
    """Entry point for ``python -m app.cli check-rules [RULES_DIR]``."""
    return main(["check-rules", *args])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
