"""The compiled rulebook's cache file (app.engine.cache): used when the rule files and the code
are the ones it was made from, and never otherwise."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.engine import RuleError, load_rulebook
from app.engine import cache as rcache
from tests.conftest import ROOT, calls_to


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCREENER_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    return tmp_path / "rules"


def loads_counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    return calls_to(monkeypatch, rcache, "load_rulebook")


def test_second_start_reads_the_cache_file(rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = loads_counted(monkeypatch)
    first = rcache.load_cached_rulebook(rules)
    assert len(calls) == 1 and list((rules.parent / "cache").glob("rulebook-*.pickle"))
    second = rcache.load_cached_rulebook(rules)
    assert len(calls) == 1, "the YAML was parsed again"
    assert second.digest == first.digest and list(second.programs) == list(first.programs)


def test_a_changed_rule_file_is_read_again(rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = loads_counted(monkeypatch)
    before = rcache.load_cached_rulebook(rules)
    path = rules / "rulebook.yaml"
    path.write_text(path.read_text("utf-8") + "\n# a comment changes the bytes\n", "utf-8")
    after = rcache.load_cached_rulebook(rules)
    assert len(calls) == 2 and after.digest != before.digest


def test_never_trusted_across_code_versions(rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rcache.load_cached_rulebook(rules)
    calls = loads_counted(monkeypatch)
    monkeypatch.setattr(rcache, "code_version", lambda: "another version of the engine")
    rcache.load_cached_rulebook(rules)
    assert len(calls) == 1


def test_code_version_is_the_engine_as_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine's source is read as the process imports it, not when the key is made: a
    process that imported an older engine never keeps its rulebook under the newer one's key
    (which every process running the newer engine would then take)."""
    version = rcache.code_version()
    rcache.code_version.cache_clear()
    monkeypatch.setattr(rcache, "ENGINE_DIR", rcache.ENGINE_DIR / "changed since")
    assert rcache.code_version() == version
    rcache.code_version.cache_clear()
    monkeypatch.setattr(rcache, "_ENGINE_SOURCE", b"another engine")
    assert rcache.code_version() != version
    rcache.code_version.cache_clear()


def test_code_version_covers_the_engine_source() -> None:
    version = rcache.code_version()
    rcache.code_version.cache_clear()
    assert rcache.code_version() == version
    assert (rcache.ENGINE_DIR / "compile.py").exists()
    names = sorted(p.name for p in rcache.ENGINE_DIR.glob("*.py"))
    assert "rulebook.py" in names and "screen.py" in names


def test_a_bad_cache_file_is_ignored(rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rcache.load_cached_rulebook(rules)
    for f in (rules.parent / "cache").glob("rulebook-*.pickle"):
        f.write_bytes(b"not a pickle")
    calls = loads_counted(monkeypatch)
    book = rcache.load_cached_rulebook(rules)
    assert len(calls) == 1 and book.programs


def test_an_unwritable_cache_is_no_cache(rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = rules.parent / "file"
    blocker.write_text("")
    monkeypatch.setenv("SCREENER_CACHE_DIR", str(blocker / "cache"))  # under a file
    assert rcache.load_cached_rulebook(rules).programs


def test_a_broken_rulebook_still_refuses(rules: Path) -> None:
    (rules / "facts.yaml").write_text("facts: [", "utf-8")
    with pytest.raises(RuleError):
        rcache.load_cached_rulebook(rules)
    assert not list((rules.parent / "cache").glob("rulebook-*.pickle"))


START_FROM_CACHE = """
import json, sys
from app.engine.cache import load_cached_rulebook
book = load_cached_rulebook(sys.argv[1])
import app.roster.cli  # (the roster command's modules)
fdef = book.facts["disability_grade"]
print(json.dumps([sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "yaml")),
                  [fdef.type, str(fdef.min), str(fdef.max)], len(book.programs)]))
"""


def test_a_start_from_the_cache_reads_no_yaml_and_validates_nothing(rules: Path) -> None:
    """The compiled rulebook is plain dataclasses (app.engine.schema): a process that starts from
    its cache file (the roster command, a worker) imports neither PyYAML nor Pydantic, and gets
    the rulebook the rule files give, equal field by field."""
    made = rcache.load_cached_rulebook(rules)
    proc = subprocess.run([sys.executable, "-c", START_FROM_CACHE, str(rules)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    imported, grade, programs = json.loads(proc.stdout)
    assert imported == []
    assert grade == ["integer", "1", "4"] and programs == len(made.programs)
    assert rcache.load_cached_rulebook(rules).facts == load_rulebook(rules).facts
    assert rcache.load_cached_rulebook(rules).programs["living_subsidy"].model == \
        load_rulebook(rules).programs["living_subsidy"].model
