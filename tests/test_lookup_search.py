"""The rule lookup's search: Chinese substrings, pinyin, initials, translated titles, quotes."""

from __future__ import annotations

import pytest
from pypinyin import Style, lazy_pinyin

from app.engine import Rulebook
from app.i18n import gettext_for
from app.lookup.search import SearchIndex, build_index, index_for, is_han


@pytest.fixture(scope="module")
def index(book: Rulebook) -> SearchIndex:
    return build_index(book)


def found(index: SearchIndex, query: str) -> list[str]:
    outcome = index.search(query)
    assert outcome.problem is None, (query, outcome.problem)
    return [r.program for r in outcome.results]


def first_hit(index: SearchIndex, query: str, program: str):  # type: ignore[no-untyped-def]
    result = next(r for r in index.search(query).results if r.program == program)
    return result.hits[0]


def test_chinese_substring_nursing(index: SearchIndex) -> None:
    assert found(index, "护理")[0] == "nursing_subsidy"
    hit = first_hit(index, "护理", "nursing_subsidy")
    assert (hit.kind, hit.how, hit.match) == ("title", "text", "护理")


def test_chinese_substring_dibao_finds_both_dibao_programs(index: SearchIndex) -> None:
    results = found(index, "低保")
    assert {"living_subsidy", "pension_premium"} <= set(results)
    assert "stall_reservation" not in results
    hit = first_hit(index, "低保", "living_subsidy")
    assert hit.match == "低保" and hit.how == "text"


def test_full_pinyin(index: SearchIndex) -> None:
    assert found(index, "hulibutie")[0] == "nursing_subsidy"
    hit = first_hit(index, "hulibutie", "nursing_subsidy")
    assert (hit.kind, hit.how, hit.match) == ("title", "pinyin", "护理补贴")
    # typed with spaces, or in capitals, it is the same search
    assert found(index, "hu li bu tie")[0] == "nursing_subsidy"
    assert found(index, "HuLiBuTie")[0] == "nursing_subsidy"


def test_full_pinyin_is_whole_syllables(index: SearchIndex) -> None:
    # "yang" is 养 (yang), never 严 (yan) followed by the g of 格 (ge)
    for r in index.search("yang").results:
        for h in r.hits:
            assert "严格" not in h.match


def test_initials(index: SearchIndex) -> None:
    assert found(index, "hlbt")[0] == "nursing_subsidy"
    hit = first_hit(index, "hlbt", "nursing_subsidy")
    assert (hit.how, hit.match) == ("initials", "护理补贴")
    assert found(index, "cydbdk")[0] == "loan_interest_subsidy"


def test_every_program_found_by_two_chinese_characters_and_by_initials(
        book: Rulebook, index: SearchIndex) -> None:
    for pid, program in book.programs.items():
        title = program.model.title
        pairs = [title[i:i + 2] for i in range(len(title) - 1)
                 if is_han(title[i]) and is_han(title[i + 1])]
        assert pairs, title
        for pair in pairs:
            assert pid in found(index, pair), (pid, pair)
        han = ""  # the leading run of Chinese characters, as an operator types it
        for ch in title:
            if not is_han(ch):
                break
            han += ch
        initials = "".join(lazy_pinyin(han, style=Style.FIRST_LETTER))
        results = index.search(initials).results
        best = [r.program for r in results if r.score == results[0].score]
        assert pid in best, (pid, initials, best)  # first, or tied first


def test_words_only_in_quoted_plan_text(index: SearchIndex) -> None:
    # 新形态就业 is only in the plan's words that rules quote (the stall reservation among them;
    # 灵活就业 no longer is: issue 13 made it a program's own title)
    results = index.search("新形态就业").results
    assert "stall_reservation" in [r.program for r in results]
    for r in results:
        assert {h.kind for h in r.hits} == {"quote"}, r
    hit = first_hit(index, "新形态就业", "stall_reservation")
    assert hit.kind == "quote" and hit.match == "新形态就业"


def test_a_quote_only_phrase_found_in_every_rule_that_quotes_it(book: Rulebook,
                                                                index: SearchIndex) -> None:
    """Generic: any 4 characters of a quote that no other field holds find that rule."""
    others = [f.folded for f in index.fields if f.kind != "quote"]
    checked = 0
    for f in (f for f in index.fields if f.kind == "quote"):
        text = f.folded
        for i in range(0, len(text) - 4, 7):
            piece = text[i:i + 4]
            if not all(is_han(ch) for ch in piece) or any(piece in o for o in others):
                continue
            results = index.search(piece).results
            match = next(r for r in results if r.program == f.program)
            assert any(h.kind == "quote" and h.match == piece for h in match.hits)
            checked += 1
            break
    assert checked >= len(book.programs) // 2


def fake_translator(table: dict[str, str]):  # type: ignore[no-untyped-def]
    return lambda msgid: table.get(msgid, msgid)


def test_english_and_zhuang_titles_match_by_word(book: Rulebook) -> None:
    title = book.programs["nursing_subsidy"].model.title
    index = build_index(book, {
        "en": fake_translator({title: "Nursing subsidy for severely disabled people"}),
        "za": fake_translator({title: "Ngaenzbouj hohleix bouxcanzcaet naek"}),
    })
    assert [r.program for r in index.search("nursing").results] == ["nursing_subsidy"]
    hit = index.search("Nursing").results[0].hits[0]
    assert (hit.kind, hit.how, hit.lang, hit.match) == ("title_tr", "word", "en", "Nursing")
    # a word prefix, and several words
    assert index.search("sever").results[0].program == "nursing_subsidy"
    assert index.search("nursing disabled").results[0].program == "nursing_subsidy"
    # the middle of a word is not a word
    assert "nursing_subsidy" not in [r.program for r in index.search("ursing").results]
    zhuang = index.search("hohleix").results
    assert zhuang[0].program == "nursing_subsidy" and zhuang[0].hits[0].lang == "za"


@pytest.mark.parametrize("lang", ["en", "za"])
def test_translated_titles_from_the_catalogs(book: Rulebook, lang: str) -> None:
    """Whatever the catalogs translate today: each translated title's longest word finds it."""
    _ = gettext_for(lang)
    index = index_for(book)
    checked = 0
    for pid, program in book.programs.items():
        translated = _(program.model.title)
        if translated == program.model.title:
            continue
        words = [w for w in "".join(ch if ch.isalnum() else " " for ch in translated).split()
                 if w.isascii() and len(w) >= 3]
        if not words:
            continue
        word = max(words, key=len)
        results = index.search(word).results
        assert pid in [r.program for r in results], (lang, pid, word)
        hit = next(r for r in results if r.program == pid).hits
        assert any(h.lang == lang and h.match.lower().startswith(word.lower()) for h in hit)
        checked += 1
    if not checked:
        pytest.skip(f"no program title is translated into {lang} in the catalogs yet")


def test_bad_queries_are_problems_not_errors(index: SearchIndex) -> None:
    assert index.search("").problem == "empty"
    assert index.search("   ").problem == "empty"
    assert index.search("护" * 500).problem == "too_long"
    assert index.search("！？…—").problem == "no_terms"
    assert index.search("q w e r t y u i o p").problem == "too_many"
    # repeated words count once; pinyin with spaces is one word
    assert index.search("护理 " * 30).results[0].program == "nursing_subsidy"
    assert index.search("zhong du can ji ren hu li bu tie").results[0].program == \
        "nursing_subsidy"
    outcome = index.search("qqqqzzzz")
    assert outcome.problem is None and outcome.results == []


def test_results_say_why(index: SearchIndex) -> None:
    for r in index.search("补贴").results:
        assert r.hits
        for h in r.hits:
            assert h.match and h.kind and h.how
    ranked = [r.score for r in index.search("补贴").results]
    assert ranked == sorted(ranked, reverse=True)
