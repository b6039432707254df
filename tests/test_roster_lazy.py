"""The roster's patterns compiled when first used (app.roster.lazy): each compiles, and none
is compiled by importing the modules that screen a list (issue 15: their start)."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys

import app.roster
from app.roster.lazy import Later, later


def _patterns() -> list[tuple[str, str, Later]]:
    found = []
    for info in pkgutil.iter_modules(app.roster.__path__):
        module = importlib.import_module(f"app.roster.{info.name}")
        found += [(info.name, name, value) for name, value in vars(module).items()
                  if isinstance(value, Later)]
    return found


def test_every_pattern_compiled_when_used_compiles() -> None:
    patterns = _patterns()
    # (the sheets', the sheets of the dead's and the deaths' at least)
    assert {module for module, _n, _v in patterns} >= {"deaths", "gone", "sheets"}
    for module, name, value in patterns:
        assert isinstance(value.pattern, str), (module, name)  # (compiles it, or raises)


def test_a_pattern_is_compiled_at_its_first_use_and_kept() -> None:
    word = later(r"已故|死亡")
    assert word.search("2024年已故") is not None and word.fullmatch("死亡") is not None
    assert word.sub("×", "已故") == "×" and isinstance(word.pattern, str)
    assert isinstance(object.__getattribute__(word, "_compiled"), re.Pattern)


def test_importing_the_screener_compiles_none() -> None:
    """A fresh process importing the bulk screener (and with it the sheets', the sheets of the
    dead's and the deaths' modules) has compiled none of their patterns."""
    code = ("import app.roster.bulk, app.roster.lazy as lazy, gc\n"
            "print(sum(1 for o in gc.get_objects() if isinstance(o, lazy.Later)"
            " and object.__getattribute__(o, '_compiled') is not None))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "0"
