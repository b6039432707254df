"""The rule lookup's search: what callers say finds the rule (issue 16).

One test per point of the issue: the aliases in the rules, query understanding (normalising,
segmenting with the rulebook's dictionary, question words), ranking (BM25 over weighted
fields, words not adjacent), slips (homophones, toneless pinyin, English typos, exact first),
and the lazy, thread-safe index. The caller phrases of the shared sample and more of the same
kinds must find their rules among the first three results.
"""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from pypinyin import Style, lazy_pinyin

from app.engine import Rulebook, load_rulebook
from app.i18n import gettext_for
from app.lookup import search
from app.lookup.search import SearchIndex, build_index, index_for, is_han
from tests.conftest import ROOT
from tests.lookup_phrases import CALLER_PHRASES, EXTRA, caller_phrases


@pytest.fixture(scope="module")
def index(book: Rulebook) -> SearchIndex:
    return build_index(book)


def found(index: SearchIndex, query: str) -> list[str]:
    outcome = index.search(query)
    assert outcome.problem is None, (query, outcome.problem)
    return [r.program for r in outcome.results]


def hits(index: SearchIndex, query: str, program: str) -> list[search.Hit]:
    return next(r for r in index.search(query).results if r.program == program).hits


def assert_in_first_three(index: SearchIndex, typed: str, rules: list[str]) -> None:
    first = found(index, typed)[:3]
    for rule in rules:
        assert rule in first, (typed, rule, first)


# ---------------------------------------------------------------- what callers say

SAMPLE = caller_phrases() if CALLER_PHRASES.exists() else []


@pytest.mark.skipif(not CALLER_PHRASES.exists(), reason="shared/samples not beside the project")
def test_the_sample_is_read_whole() -> None:
    assert len(SAMPLE) >= 20
    assert ("护里补贴", ["nursing_subsidy"]) in SAMPLE  # the note in brackets left out
    assert ("残疾补贴", ["living_subsidy", "nursing_subsidy"]) in SAMPLE


@pytest.mark.parametrize(("typed", "rules"), SAMPLE, ids=[t for t, _ in SAMPLE])
def test_caller_phrase_finds_its_rule_in_the_first_three(index: SearchIndex, typed: str,
                                                         rules: list[str]) -> None:
    assert_in_first_three(index, typed, rules)


@pytest.mark.parametrize(("typed", "rules", "kind"), EXTRA, ids=[t for t, _, _ in EXTRA])
def test_more_phrases_of_the_same_kinds(index: SearchIndex, typed: str, rules: list[str],
                                        kind: str) -> None:
    assert_in_first_three(index, typed, rules)


def test_enough_phrases_of_each_kind() -> None:
    kinds = [k for _, _, k in EXTRA]
    assert len(EXTRA) >= 30
    for kind in ("question", "old name", "homophone", "pinyin", "pinyin slip", "English slip"):
        assert kinds.count(kind) >= 4, kind


# ---------------------------------------------------------------- 1. aliases in the rules

def test_every_program_has_aliases_and_each_finds_it(book: Rulebook, index: SearchIndex
                                                     ) -> None:
    for pid, program in book.programs.items():
        aliases = program.model.aliases
        assert aliases, f"{pid} has no aliases"
        assert any(is_han(ch) for a in aliases for ch in a), f"{pid}: no Chinese alias"
        for alias in aliases:
            results = index.search(alias).results
            top = [r.program for r in results[:3]]
            tied = [r.program for r in results if r.score == results[2].score] \
                if len(results) > 3 else []
            assert pid in top + tied, (pid, alias, top)


def test_a_program_without_aliases_fails_the_check(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The check above is not vacuous: a rulebook whose program lost its aliases fails it."""
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "programs" / "dibao.yaml"
    path.write_text("\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("aliases:")) + "\n", encoding="utf-8")
    book = load_rulebook(rules)
    assert book.programs["dibao"].model.aliases == []
    with pytest.raises(AssertionError, match="dibao has no aliases"):
        test_every_program_has_aliases_and_each_finds_it(book, build_index(book))


def test_aliases_are_not_translated(book: Rulebook) -> None:
    from app.i18n.catalogs import extract

    ids = {m.id for m in extract("rules")}
    aliases = {a for p in book.programs.values() for a in p.model.aliases}
    assert not ids & aliases - {p.model.title for p in book.programs.values()}


def test_an_alias_hit_says_so(index: SearchIndex) -> None:
    hit = hits(index, "五保户", "tekun_support")[0]
    assert (hit.kind, hit.how, hit.match) == ("alias", "text", "五保户")
    hit = hits(index, "廉租房", "public_rental_housing")[0]
    assert (hit.kind, hit.match) == ("alias", "廉租房")


# ---------------------------------------------------------------- 2. query understanding

def test_normalised_full_width_case_and_spaces(index: SearchIndex) -> None:
    assert found(index, "ＨＬＢＴ")[0] == "nursing_subsidy"
    assert found(index, "HuLiBuTie")[0] == "nursing_subsidy"
    assert found(index, "  护理　  补贴 ")[0] == "nursing_subsidy"
    assert index.search("ＨＬＢＴ").terms == index.search("hlbt").terms


def test_segmented_with_the_rulebooks_own_dictionary(index: SearchIndex) -> None:
    tokenizer = index.segmenter.tokenizer
    assert "残疾人护理补贴" in tokenizer.FREQ  # an alias is a word
    assert tokenizer.FREQ.get("低保户")
    assert len(tokenizer.FREQ) < 20_000  # not jieba's general dictionary (350,000 words)
    assert index.segmenter.cut("残疾人护理补贴多少钱") == ["残疾人护理补贴", "多少钱"]
    assert "残疾人护理补贴" in index.search("残疾人护理补贴多少钱").terms


@pytest.mark.parametrize(("typed", "asked", "dropped"), [
    ("残疾人护理补贴多少钱", "amount", "多少钱"),
    ("低保一个月能领多少钱", "amount", "多少"),
    ("办残疾证要什么材料", "documents", "材料"),
    ("养老保险费谁交", "who", "谁"),
    ("残疾证怎么办", "apply", "怎么"),
    ("公租房怎么申请", "apply", "申请"),
    ("开个体户有没有补贴", None, "有没有"),
    ("盲人坐公交要钱吗", None, "吗"),
])
def test_question_words_dropped_but_what_they_ask_kept(index: SearchIndex, typed: str,
                                                       asked: str | None, dropped: str) -> None:
    outcome = index.search(typed)
    assert outcome.asked == asked
    assert outcome.terms and not any(dropped in t for t in outcome.terms), outcome.terms


def test_only_question_words_is_no_search(index: SearchIndex) -> None:
    outcome = index.search("多少钱")
    assert outcome.results == [] and outcome.asked == "amount" and outcome.terms == ()



def test_a_measure_word_between_verb_and_object_is_bridged(index: SearchIndex) -> None:
    """摆个摊, 请个律师: the 个 dropped as filler split the caller's word (摆摊) in two, and the
    lone 摆 did not count beside the other words. The pair either side is searched too."""
    outcome = index.search("我想摆个摊卖东西")
    assert "摆摊" in outcome.terms
    assert found(index, "我想摆个摊卖东西")[:1] == ["stall_reservation"]
    # lone characters with only a filler between them still count on their own
    assert {"车", "油"} <= set(index.search("车的油").terms)


# ---------------------------------------------------------------- 3. ranking

def test_ranked_by_bm25_over_weighted_fields(index: SearchIndex) -> None:
    from rank_bm25 import BM25Okapi

    assert all(isinstance(b, BM25Okapi) for b in index.bm25.values())
    assert search.GROUP_WEIGHTS["title"] > search.GROUP_WEIGHTS["summary"] \
        > search.GROUP_WEIGHTS["criteria"] > search.GROUP_WEIGHTS["quote"]
    # 就业 is in one title and in several rules' quotes: the title comes first
    results = found(index, "就业")
    assert results[0] == "employment_services"
    assert "stall_reservation" in results  # quoted there: 灵活就业
    ranked = [r.score for r in index.search("补贴").results]
    assert ranked == sorted(ranked, reverse=True)


def test_words_need_not_be_adjacent(index: SearchIndex) -> None:
    assert found(index, "重度 补贴 护理")[0] == "nursing_subsidy"
    assert found(index, "补贴护理")[0] == "nursing_subsidy"
    assert found(index, "贷款 创业 利息")[0] == "loan_interest_subsidy"


def test_a_phrase_only_quoted_finds_the_rule_that_quotes_it(index: SearchIndex) -> None:
    # 新形态(就业) is only in the plan's words that some rules quote (the stall reservation
    # among them)
    results = index.search("新形态").results
    assert "stall_reservation" in [r.program for r in results]
    for r in results:
        assert {h.kind for h in r.hits} == {"quote"}, r


def test_every_program_found_by_the_initials_of_its_title(book: Rulebook,
                                                          index: SearchIndex) -> None:
    for pid, program in book.programs.items():
        han = ""  # the leading run of Chinese characters, as an operator types it
        for ch in program.model.title:
            if not is_han(ch):
                break
            han += ch
        initials = "".join(lazy_pinyin(han, style=Style.FIRST_LETTER))
        # found by them (残疾人家庭, cjrjt, begins one title and is inside four others,
        # so it need not come first), and the hit says how
        assert any(h.how == "initials" for h in hits(index, initials, pid)), (pid, initials)
    assert found(index, "hlbt")[0] == "nursing_subsidy"
    assert found(index, "cydbdk")[0] == "loan_interest_subsidy"


# ---------------------------------------------------------------- 4. slips

def test_homophone_typed_by_a_pinyin_input_method(index: SearchIndex) -> None:
    assert found(index, "护里")[0] == "nursing_subsidy"
    # 护理 (for 护里), 理补 (for 里补) and 补贴 shown as one run, marked as a homophone
    hit = hits(index, "护里补贴", "nursing_subsidy")[0]
    assert (hit.kind, hit.how, hit.match) == ("title", "homophone", "护理补贴")


def test_toneless_pinyin_whole_and_with_one_wrong_letter(index: SearchIndex) -> None:
    assert found(index, "hulibutie")[0] == "nursing_subsidy"
    assert hits(index, "hulibutie", "nursing_subsidy")[0].how == "pinyin"
    assert found(index, "hu li bu tie")[0] == "nursing_subsidy"
    assert found(index, "hulibutei")[0] == "nursing_subsidy"
    assert hits(index, "hulibutei", "nursing_subsidy")[0].how == "fuzzy"
    assert found(index, "shenghuo butie")[0] == "living_subsidy"
    # whole syllables: "yang" is 养 (yang), never 严 (yan) followed by the g of 格 (ge)
    assert "严格" not in index.pinyin.get("yang", set())


def test_english_with_a_small_edit_distance(index: SearchIndex) -> None:
    assert found(index, "nursng")[0] == "nursing_subsidy"
    assert any(h.how == "fuzzy" for h in hits(index, "nursng", "nursing_subsidy"))
    assert found(index, "qqqqzzzz") == []  # far from every word: nothing


def test_exact_matches_rank_first_and_shut_out_slips(index: SearchIndex) -> None:
    for query in ("护理", "nursing", "hulibutie", "低保"):
        for r in index.search(query).results:
            assert all(h.how in ("text", "word", "pinyin") for h in r.hits), (query, r)
    # 护理 exactly ranks the nursing subsidy above any homophone-only match of 护里
    assert index.search("护理").results[0].score > index.search("护里").results[0].score


def fake_translator(table: dict[str, str]):  # type: ignore[no-untyped-def]
    return lambda msgid: table.get(msgid, msgid)


def test_english_and_zhuang_titles_match_by_word(book: Rulebook) -> None:
    title = book.programs["nursing_subsidy"].model.title
    index = build_index(book, {
        "en": fake_translator({title: "Nursing subsidy for severely disabled people"}),
        "za": fake_translator({title: "Ngaenzbouj hohleix bouxcanzcaet naek"}),
    })
    assert found(index, "severely")[0] == "nursing_subsidy"
    hit = hits(index, "severely", "nursing_subsidy")[0]
    assert (hit.kind, hit.how, hit.lang, hit.match) == ("title_tr", "word", "en", "severely")
    assert found(index, "sever")[0] == "nursing_subsidy"  # the start of a word
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
        listed = [r.program for r in index.search(word, limit=len(book.programs)).results]
        assert pid in listed, (lang, pid, word)  # a word in most titles: anywhere in the list
        checked += 1
    if not checked:
        pytest.skip(f"no program title is translated into {lang} in the catalogs yet")


def test_bad_queries_are_problems_not_errors(index: SearchIndex) -> None:
    assert index.search("").problem == "empty"
    assert index.search("   ").problem == "empty"
    assert index.search("护" * 500).problem == "too_long"
    assert index.search("！？…—").problem == "no_terms"
    assert index.search("q w e r t y u i o p").problem == "too_many"
    assert index.search("护理 " * 30).results[0].program == "nursing_subsidy"
    assert index.search("zhong du can ji ren hu li bu tie").results[0].program == \
        "nursing_subsidy"
    outcome = index.search("<script>alert(1)</script>")
    assert outcome.problem is None and outcome.results == []


def test_results_say_why(index: SearchIndex) -> None:
    for r in index.search("残疾补贴").results:
        assert r.hits
        for h in r.hits:
            assert h.match and h.kind and h.how
            assert h.match in (h.before + h.match + h.after)


# ---------------------------------------------------------------- the index: lazy, once

def test_index_is_built_at_first_search_not_at_import() -> None:
    code = ("import app.main\nfrom app.lookup import search\n"
            "assert not search._INDEXES, 'built at import'\n"
            "import sys\nassert 'jieba' not in sys.modules and 'rank_bm25' not in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_index_built_once_whatever_the_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    book = load_rulebook(ROOT / "rules")  # a rulebook no other test has searched
    calls = []
    real = search.build_index

    def counting(b: Rulebook) -> SearchIndex:
        calls.append(b)
        return real(b)

    monkeypatch.setattr(search, "build_index", counting)
    got: list[SearchIndex] = []
    threads = [threading.Thread(target=lambda: got.append(index_for(book))) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(got) == 6 and all(g is got[0] for g in got)
