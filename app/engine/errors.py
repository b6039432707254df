"""The one error a broken rulebook raises: it names the file, the path inside it and the problem."""

from __future__ import annotations


class RuleError(Exception):
    """A rule file is broken. ``str(err)`` is one line a policy editor can act on."""

    def __init__(self, file: str, path: str, problem: str) -> None:
        self.file = file
        self.path = path
        self.problem = problem
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}: {problem}")


def join_path(*parts: str | int) -> str:
    """``join_path("requirements", 2, "when")`` -> ``requirements[2].when``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part:
            out += f".{part}" if out else str(part)
    return out
