"""The roster's index of header names (headers.Names.of) kept across processes, as the
compiled rulebook is (app.engine.cache): used where all it is made from is the same, never
otherwise, and never kept where the catalogs changed under the process that made it."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

import app.i18n as i18n
from app.engine import Rulebook
from app.engine import cache as rcache
from app.roster import headers
from app.roster.headers import Names
from tests.conftest import ROOT, calls_to


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Rulebook:
    monkeypatch.setenv("SCREENER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(headers, "_NAMES", {})  # (nothing kept in this process before)
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    return rcache.load_cached_rulebook(tmp_path / "rules")


def made_counted(monkeypatch: pytest.MonkeyPatch) -> list[Rulebook]:
    return calls_to(monkeypatch, Names, "_of")


def kept_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("names-*.pickle"))


def test_a_second_process_reads_the_names_kept(book: Rulebook, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls = made_counted(monkeypatch)
    first = Names.of(book)
    assert len(calls) == 1 and len(kept_files(tmp_path)) == 1
    assert Names.of(book) is first and len(calls) == 1  # (kept in this process)
    monkeypatch.setattr(headers, "_NAMES", {})  # another process
    second = Names.of(book)
    assert len(calls) == 1, "the names were made again"
    assert second == first == Names._of(book)
    assert second.find("是否低保户") == ("household_dibao", headers.BY_ALIAS)


def test_a_rulebook_cut_by_programs_has_its_own(book: Rulebook, tmp_path: Path) -> None:
    whole = Names.of(book)
    cut = dataclasses.replace(book, programs={"living_subsidy": book.programs["living_subsidy"]})
    alone = Names.of(cut)
    assert len(kept_files(tmp_path)) == 2
    assert "receives_nursing_subsidy" in whole.targets
    assert "receives_nursing_subsidy" not in alone.targets
    assert Names.of(cut, whole=book).targets == alone.targets


def test_changed_rules_make_them_again(book: Rulebook, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    Names.of(book)
    calls = made_counted(monkeypatch)
    fact = book.facts["household_dibao"]
    changed = dataclasses.replace(
        book, facts={**book.facts, "household_dibao": dataclasses.replace(
            fact, aliases=[*fact.aliases, "困难标识"])}, version="another")
    assert Names.of(changed).find("困难标识") == ("household_dibao", headers.BY_ALIAS)
    assert len(calls) == 1 and len(kept_files(tmp_path)) == 2


def test_changed_catalogs_or_code_make_them_again(book: Rulebook, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    Names.of(book)
    calls = made_counted(monkeypatch)
    monkeypatch.setattr(headers, "_NAMES", {})
    monkeypatch.setattr(headers, "catalogs_digest", lambda lang: lang + " changed")
    monkeypatch.setattr(headers, "catalogs_read", lambda lang: lang + " changed")
    Names.of(book)
    assert len(calls) == 1 and len(kept_files(tmp_path)) == 2
    changed = tmp_path / "headers.py"
    changed.write_bytes(Path(headers.__file__).read_bytes() + b"# changed\n")
    monkeypatch.setattr(headers, "_SOURCE", rcache.source_digest(changed))
    monkeypatch.setattr(headers, "_NAMES", {})
    Names.of(book)
    assert len(calls) == 2


def test_the_code_is_the_module_as_imported(book: Rulebook, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The key names the source this process imported, not the file as it is when the key is
    made: a process that imported the module before it changed on disk (a deployment, an edit
    during a test run) keeps its names under the old source's key, where no process running
    the new source looks (it had kept them under the new one's: a header the new source reads
    was then read as the old one read it, in every process after)."""
    first = Names.of(book)
    changed = tmp_path / "headers.py"
    changed.write_bytes(Path(headers.__file__).read_bytes() + b"# changed on disk\n")
    monkeypatch.setattr(headers, "__file__", str(changed))
    monkeypatch.setattr(headers, "_NAMES", {})
    calls = made_counted(monkeypatch)
    assert Names.of(book) == first and len(calls) == 0 and len(kept_files(tmp_path)) == 1


def test_not_kept_where_the_catalogs_changed_since_they_were_read(
        book: Rulebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (the labels were translated with the catalogs this process read; those on disk, which
    # name the file, say otherwise: kept, the file would hold the old names under the new key)
    monkeypatch.setattr(headers, "catalogs_read", lambda lang: "what was read before")
    names = Names.of(book)
    assert names == Names._of(book) and not kept_files(tmp_path)


def test_an_unusable_file_is_no_cache(book: Rulebook, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    Names.of(book)
    for f in kept_files(tmp_path):
        f.write_bytes(b"not a pickle")
    monkeypatch.setattr(headers, "_NAMES", {})
    calls = made_counted(monkeypatch)
    assert Names.of(book) == Names._of(book) and len(calls) == 2


def test_a_rulebook_made_in_code_is_not_kept(book: Rulebook, tmp_path: Path) -> None:
    Names.of(dataclasses.replace(book, version=""))
    assert not kept_files(tmp_path)


def test_the_catalogs_digest_is_of_what_translations_read() -> None:
    for lang in i18n.LANGS:
        i18n.translations(lang)
        assert i18n.catalogs_read(lang) == i18n.catalogs_digest(lang)
    assert i18n.catalogs_digest("zh-Hans") == "" and i18n.catalogs_digest("za")
    assert i18n.catalogs_digest("za") != i18n.catalogs_digest("en")
