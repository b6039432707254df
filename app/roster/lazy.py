"""Regular expressions compiled when first used.

Most rosters never need most of the roster's patterns: a CSV of fact ids has no sheets to name,
no cell that may say a death (polars finds none: :data:`~.deaths.MAY_SAY`), so the command
that screens it should not compile them at its start (each a fraction of a millisecond, some
tens of them with long alternations: milliseconds of the 1M roster's whole-process time,
issue 15). A pattern made with :func:`later` is compiled the first time any of its methods is
called, then kept.
"""

from __future__ import annotations

import re
from typing import Any, cast


class Later:
    """A regular expression compiled when first used (:func:`later`)."""

    __slots__ = ("_pattern", "_compiled")

    def __init__(self, pattern: str) -> None:
        self._pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern)
        return getattr(self._compiled, name)


def later(pattern: str) -> re.Pattern[str]:
    """``pattern``, to be compiled when first used; typed as the compiled pattern it stands
    for (``search``, ``fullmatch``, ``sub`` …). Raises :class:`re.error` at that first use
    for a pattern that does not compile (every pattern of the package is compiled by the
    tests)."""
    return cast("re.Pattern[str]", Later(pattern))
