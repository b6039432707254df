"""The rule lookup's search index: a caller's own words find the rule. Pure: built once from a
rulebook (and the za/en translations of its titles), then queried; no HTTP, no clock.

A query goes through four steps.

1. **Normalise**: NFKC (full-width letters and digits to ASCII), lower case, spaces collapsed.
2. **Understand**: Chinese is segmented by ``jieba`` loaded with the rulebook's own vocabulary
   (titles, aliases and the question words of :data:`FILLER`), not jieba's 20 MB general
   dictionary; question words (多少钱, 怎么办, 有没有, 要什么材料 …) are dropped, but what they
   ask for (the amount, the documents, who qualifies, how to apply) is kept as
   :attr:`Outcome.asked` so the page shows that part of the rule first.
3. **Expand slips**: a Chinese word the rules never use is looked up by its toneless pinyin
   (护里 → huli → 护理); a Latin word is tried as an English or Zhuang word, as pinyin
   (``hulibutie``), as pinyin initials (``hlbt``), as the start of a word (``sever``), and only
   when none of these matches exactly, fuzzily with ``rapidfuzz`` (one wrong letter per pinyin
   syllable: ``hulibutei``; a small edit distance for English: ``nursng``).
4. **Rank**: BM25 (``rank_bm25``) over four fields weighted by :data:`GROUP_WEIGHTS`, title
   and aliases above summary, above criteria, above quotes. Chinese text is indexed as
   character bigrams and single characters plus the dictionary words jieba finds, so words
   of a query need not be adjacent in any text. Each query term counts once, by its best
   expansion; an exact match weighs more than a slip (:data:`HOW_WEIGHTS`).

Each result says which field matched and the matched text, for the "why it matched" line.
"""

from __future__ import annotations

import functools
import io
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.engine import Rulebook
from app.engine.schema import Cite

Gettext = Callable[[str], str]

# Field kinds -> the BM25 field they are counted in.
KIND_GROUP: dict[str, str] = {
    "title": "title", "alias": "title", "title_tr": "title",
    "summary": "summary", "summary_tr": "summary",
    "requirement": "criteria", "exclusion": "criteria", "office": "criteria",
    "apply": "criteria", "document": "criteria", "parameter": "criteria",
    "quote": "quote", "source": "quote",
}
# How much a BM25 match in each field counts.
GROUP_WEIGHTS: dict[str, float] = {"title": 4.0, "summary": 2.0, "criteria": 1.0, "quote": 0.5}
# How much a query term counts by the way it matched: an exact match outweighs any slip.
HOW_WEIGHTS: dict[str, float] = {
    "text": 1.0, "word": 1.0, "pinyin": 1.0, "initials": 0.9, "prefix": 0.8,
    "homophone": 0.8, "fuzzy": 0.6,
}
# Pinyin is computed for these kinds only: quotes are long and their words are in the others.
PINYIN_KINDS = frozenset({"title", "alias", "summary", "requirement", "exclusion"})

# Question words: dropped from the query, each saying what the caller asked (or nothing).
# The section ids are the rule page's anchors.
_ASK = {
    "amount": ["多少钱", "给多少", "发多少", "补多少", "补助多少", "能领多少", "领多少",
               "一个月多少", "每月多少", "多少", "几块钱", "金额", "标准", "how", "much",
               "amount"],
    "documents": ["要什么材料", "需要什么材料", "什么材料", "要带什么", "带什么", "要什么证件",
                  "什么证件", "材料", "手续", "documents", "papers"],
    "who": ["谁可以", "谁能", "谁", "什么人", "哪些人", "什么条件", "条件", "资格", "符合",
            "能不能", "可不可以", "who", "eligible"],
    "apply": ["怎么办", "怎么申请", "怎么办理", "怎么领", "怎么弄", "如何申请", "如何办理",
              "去哪办", "去哪里办", "哪里办", "到哪里", "找谁", "在哪里", "在哪", "流程", "怎么",
              "如何", "申请", "办理", "apply", "where"],
}
_NOTHING = ["有没有", "有吗", "吗", "呢", "啊", "吧", "呀", "嘛", "请问", "你好", "咨询",
            "问一下", "问问", "一下", "我想", "我要", "想", "要", "我", "我的", "他", "她",
            "家里", "是不是", "是", "的", "了", "能", "可以", "有", "那个", "这个", "什么", "一",
            "个", "the", "a", "an", "of", "for", "to", "is", "are", "i", "my", "can", "do",
            "get"]
FILLER: dict[str, str | None] = dict.fromkeys(_NOTHING)
for _section, _words in _ASK.items():
    FILLER.update(dict.fromkeys(_words, _section))
ASKED_ORDER = ("amount", "documents", "who", "apply")  # when a query asks two things

MAX_QUERY = 100  # characters; longer is not a search but a paste
MAX_TERMS = 8  # words in one query
MAX_RESULTS = 20  # results listed: the operator needs the first three
SCORE_CACHE = 4096  # index terms whose scores are kept (a few hundred KB at most)
SNIPPET = 24  # characters of context either side of a hit in a long text
TRANSLATED_LANGS = ("za", "en")
DICT_FREQ = 1000  # every dictionary word alike: jieba prefers the fewest, longest words


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits to ASCII), lower case, runs of spaces as one."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(f"[{_HAN}]+|[^\\W_{_HAN}]+")


def runs(folded: str) -> list[str]:
    """Runs of Chinese characters and words of other letters or digits, in order."""
    return _RUN.findall(folded)


def bigrams(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)]


# ---------------------------------------------------------------- pinyin

def syllables(text: str) -> list[str]:
    """Toneless pinyin, one syllable per Chinese character (ü as u), phrases read in context
    (重度 is zhong du)."""
    # pypinyin loads its phrase dictionary on import (~0.15 s): only when an index is built
    from pypinyin import Style, lazy_pinyin

    return [s.replace("ü", "u").replace("v", "u") for s in lazy_pinyin(text, style=Style.NORMAL)]


@functools.cache
def readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading of one character, out of context (重: zhong, chong)."""
    from pypinyin.constants import PINYIN_DICT

    out = []
    for r in PINYIN_DICT.get(ord(ch), "").split(","):
        bare = "".join(c for c in unicodedata.normalize("NFD", r) if not unicodedata.combining(c))
        if bare:
            out.append(bare)
    return tuple(dict.fromkeys(out))


# ---------------------------------------------------------------- segmenter

class Segmenter:
    """jieba with the rulebook's own small dictionary (no 20 MB general dictionary, no cache
    file in /tmp): titles, aliases and question words are whole words; anything else falls
    apart into characters, which the bigrams cover."""

    def __init__(self, words: Iterable[str]) -> None:
        import jieba

        jieba.setLogLevel(60)  # jieba logs its dictionary loading at DEBUG to stderr
        lines = "".join(f"{w} {DICT_FREQ}\n" for w in sorted(set(words)) if " " not in w)
        self.tokenizer = jieba.Tokenizer()
        # Tokenizer.initialize would read a dictionary file and write a cache to /tmp; the
        # prefix dictionary is built from ours in memory with jieba's own reader instead.
        self.tokenizer.FREQ, self.tokenizer.total = jieba.Tokenizer.gen_pfdict(
            io.BytesIO(lines.encode("utf-8")))
        self.tokenizer.initialized = True
        self.lock = threading.Lock()  # jieba's cut is not documented as thread-safe

    def cut(self, run: str) -> list[str]:
        with self.lock:
            return self.tokenizer.lcut(run, HMM=False)

    def words(self, run: str) -> list[str]:
        """Every dictionary word of three characters or more in a run, overlapping ones too
        (jieba's DAG of the run: for each start, the ends of the words found there)."""
        if len(run) < 3:
            return []
        with self.lock:
            dag = self.tokenizer.get_DAG(run)
        return [run[k:j + 1] for k, ends in dag.items() for j in ends if j - k >= 2]


def han_terms(seg: Segmenter, run: str) -> list[str]:
    """The index terms of a run of Chinese: characters, bigrams and longer dictionary words."""
    return list(run) + bigrams(run) + seg.words(run)


# ---------------------------------------------------------------- fields and results

@dataclass(frozen=True, slots=True)
class Field:
    program: str
    kind: str  # a key of KIND_GROUP
    text: str  # as shown
    lang: str  # zh-Hans | za | en
    folded: str  # normalised for matching


@dataclass(frozen=True, slots=True)
class Hit:
    """Why a program matched: the field, how, and the matched text with its context."""

    kind: str
    how: str  # a key of HOW_WEIGHTS
    lang: str
    before: str
    match: str
    after: str
    weight: float


@dataclass(slots=True)
class Result:
    program: str
    score: float
    hits: list[Hit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A search's answer. ``problem`` is ``empty``, ``too_long``, ``too_many`` (words) or
    ``no_terms`` (nothing searchable), else None; ``results`` best first; ``asked`` the section
    the question words asked for (``amount``, ``documents``, ``who``, ``apply``) or None;
    ``terms`` the query's searched words after question words were dropped."""

    query: str
    results: list[Result]
    problem: str | None = None
    asked: str | None = None
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Expansion:
    term: str  # an index term
    how: str  # a key of HOW_WEIGHTS
    distance: int = 0


def make_field(program: str, kind: str, text: str, lang: str = "zh-Hans") -> Field:
    return Field(program, kind, text, lang, normalise(text))


# ---------------------------------------------------------------- the index

class SearchIndex:
    """Every program's searchable fields; :meth:`search` answers a query."""

    def __init__(self, fields: Iterable[Field], order: Iterable[str],
                 vocabulary: Iterable[str] = ()) -> None:
        from rank_bm25 import BM25Okapi

        self.fields = list(fields)
        self.programs = list(dict.fromkeys(order))
        self.by_program: dict[str, list[Field]] = {pid: [] for pid in self.programs}
        for f in self.fields:
            self.by_program[f.program].append(f)
        dictionary = [r for f in self.fields if f.kind in ("title", "alias")
                      for r in runs(f.folded) if is_han(r[0]) and len(r) >= 2]
        self.segmenter = Segmenter([*dictionary, *vocabulary, *FILLER])
        seg = self.segmenter

        docs: dict[str, list[list[str]]] = {g: [[] for _ in self.programs] for g in GROUP_WEIGHTS}
        at = {pid: i for i, pid in enumerate(self.programs)}
        self.latin: set[str] = set()
        self.pinyin: dict[str, set[str]] = {}  # "huli" -> {"护理"}
        self.initials: dict[str, set[str]] = {}  # "hlbt" -> {"护理补贴"}
        known: dict[str, list[str]] = {}  # the terms of a run met before (texts repeat)
        with_pinyin: dict[str, bool] = {}  # runs to read in pinyin, and whether whole
        for f in self.fields:
            terms = docs[KIND_GROUP[f.kind]][at[f.program]]
            for run in runs(f.folded):
                if not is_han(run[0]):
                    terms.append(run)
                    self.latin.add(run)
                    continue
                if KIND_GROUP[f.kind] == "quote":  # long, and weighed least: no words
                    terms += list(run) + bigrams(run)
                    continue
                if run not in known:
                    known[run] = han_terms(seg, run)
                terms += known[run]
                if f.kind in PINYIN_KINDS:
                    whole = f.kind in ("title", "alias")
                    with_pinyin[run] = with_pinyin.get(run, False) or whole
        for run, whole in with_pinyin.items():
            self._add_pinyin(run, whole)
        self.vocabulary = {t for group in docs.values() for d in group for t in d}
        self.bm25 = {g: BM25Okapi(d) if any(d) else None for g, d in docs.items()}
        self.pinyin_keys = list(self.pinyin)
        self.latin_words = sorted(self.latin)
        self._cached_scores = functools.lru_cache(maxsize=SCORE_CACHE)(self._term_scores)

    def _add_pinyin(self, run: str, whole: bool) -> None:
        # Each pair of characters under every reading of each (an input method offers them
        # all); reading a whole text in context would take pypinyin ~30 µs a character.
        each = [readings(ch) for ch in run]
        for i in range(len(run) - 1):
            for a in each[i]:
                for b in each[i + 1]:
                    self.pinyin.setdefault(a + b, set()).add(run[i:i + 2])
        if whole:  # a title's or an alias's Chinese, typed whole in pinyin or as initials
            syl = syllables(run)  # in context: 重度 is zhong du
            if len(syl) == len(run):  # else pypinyin kept something as it was: leave it out
                self.pinyin.setdefault("".join(syl), set()).add(run)
                self.initials.setdefault("".join(s[0] for s in syl), set()).add(run)

    # ------------------------------------------------------------ queries

    def search(self, query: str, limit: int = MAX_RESULTS) -> Outcome:
        q = normalise(query)
        if not q:
            return Outcome(query, [], "empty")
        if len(query.strip()) > MAX_QUERY:
            return Outcome(query, [], "too_long")
        asked: list[str] = []
        chunks = list(dict.fromkeys(q.split()))
        latin_only = len(chunks) > 1 and all(c.isascii() and c.isalpha() for c in chunks)
        if latin_only:
            # "hu li bu tie", "shenghuo butie": pinyin typed with spaces is one word
            joined = "".join(chunks)
            if self._expand_latin(joined, fuzzy=False):
                chunks = [joined]
        if len(chunks) > MAX_TERMS:
            return Outcome(query, [], "too_many")
        terms = self._terms(chunks, asked)
        if not terms:
            if asked:  # only question words: 多少钱
                return Outcome(query, [], None, asked[0])
            return Outcome(query, [], "no_terms")
        first = min(asked, key=ASKED_ORDER.index) if asked else None
        return Outcome(query, self._ranked(terms, limit), None, first, tuple(terms))

    def _terms(self, chunks: list[str], asked: list[str]) -> list[str]:
        """The query's terms, question words dropped (what they ask for added to ``asked``)."""
        out: list[str] = []
        singles: list[str] = []
        bridges: list[str] = []  # 摆个摊 -> 摆摊: the pair either side of a one-character filler
        for chunk in chunks:
            for run in runs(chunk):
                if not is_han(run[0]):
                    if run in FILLER:
                        if FILLER[run]:
                            asked.append(FILLER[run])  # type: ignore[arg-type]
                    elif len(run) >= 2:  # a lone letter or digit is in every text
                        out.append(run)
                    continue
                kept = ""
                before = ""  # the character before a one-character filler just dropped
                for word in [*self.segmenter.cut(run), ""]:
                    if word and word not in FILLER:
                        if before and not kept:
                            bridges.append(before + word[0])
                        before = ""
                        kept += word
                        continue
                    if word and FILLER[word]:
                        asked.append(FILLER[word])  # type: ignore[arg-type]
                    before = kept[-1] if kept and len(word) == 1 else ""
                    if len(kept) == 1:
                        singles.append(kept)
                    elif kept:
                        out += bigrams(kept) + self.segmenter.words(kept)
                    kept = ""
        # a lone character counts only when there is nothing else: 房 alone, not the 交 of 谁交
        return list(dict.fromkeys((out or singles) + bridges))

    def expand(self, term: str) -> list[Expansion]:
        """The index terms a query term stands for, exact ones alone when there are any."""
        if not term.isascii():
            if term in self.vocabulary:
                return [Expansion(term, "text")]
            if len(term) < 2:
                return []
            key = "".join(syllables(term))
            return [Expansion(t, "homophone") for t in sorted(self.pinyin.get(key, ()))
                    if t != term]
        return self._expand_latin(term, fuzzy=True)

    def _expand_latin(self, word: str, fuzzy: bool) -> list[Expansion]:
        out = []
        if word in self.latin:
            out.append(Expansion(word, "word"))
        if len(word) >= 2:
            out += [Expansion(t, "pinyin") for t in sorted(self.pinyin.get(word, ()))]
            out += [Expansion(t, "initials") for t in sorted(self.initials.get(word, ()))]
        if out or len(word) < 3:
            return out
        out += [Expansion(w, "prefix") for w in self.latin_words
                if w.startswith(word)][:5]
        if out or not fuzzy or len(word) < 4:
            return out
        return self._fuzzy(word)

    def _fuzzy(self, word: str) -> list[Expansion]:
        """Toneless pinyin with about one wrong letter per syllable, or an English or Zhuang
        word a small edit distance away (OSA distance: a swap of two letters is one slip)."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        out: list[Expansion] = []
        limit = max(1, len(word) // 4)
        for key, dist, _i in process.extract(word, self.pinyin_keys, scorer=OSA.distance,
                                             score_cutoff=limit, limit=5):
            out += [Expansion(t, "fuzzy", int(dist)) for t in sorted(self.pinyin[key])]
        limit = 1 if len(word) <= 6 else 2
        for w, dist, _i in process.extract(word, self.latin_words, scorer=OSA.distance,
                                           score_cutoff=limit, limit=3):
            out.append(Expansion(w, "fuzzy", int(dist)))
        return out

    def _scores(self, term: str) -> tuple[float, ...]:
        """Each program's weighted BM25 for one index term; the index never changes, so the
        answers of the last :data:`SCORE_CACHE` terms asked are kept."""
        return self._cached_scores(term)

    def _term_scores(self, term: str) -> tuple[float, ...]:
        total = [0.0] * len(self.programs)
        for group, weight in GROUP_WEIGHTS.items():
            bm25 = self.bm25[group]
            if bm25 is None:
                continue
            for i, s in enumerate(bm25.get_scores([term])):
                total[i] += weight * float(s)
        return tuple(total)

    def _ranked(self, terms: list[str], limit: int) -> list[Result]:
        """The ``limit`` best programs by score: each query term adds its best expansion's
        weighted BM25."""
        n = len(self.programs)
        score = [0.0] * n
        used: list[list[Expansion]] = [[] for _ in range(n)]
        for term in terms:
            best = [0.0] * n
            pick: list[Expansion | None] = [None] * n
            for e in self.expand(term):
                w = HOW_WEIGHTS[e.how] * (1 - 0.1 * e.distance)
                for i, s in enumerate(self._scores(e.term)):
                    if s > 0 and w * s > best[i]:
                        best[i], pick[i] = w * s, e
            for i in range(n):
                e = pick[i]
                if e is not None:
                    score[i] += best[i]
                    used[i].append(e)
        order = sorted((i for i in range(n) if score[i] > 0), key=lambda i: -score[i])[:limit]
        return [Result(self.programs[i], round(score[i], 4), self._hits(self.programs[i],
                                                                        used[i]))
                for i in order]

    def _hits(self, pid: str, used: list[Expansion]) -> list[Hit]:
        """Where the matched terms are: in each field, the terms' places merged into runs
        (护理 + 理补 + 补贴 is one 护理补贴); the fields with the longest run first, weightier
        fields first among equals, at most three. A run's ``how`` is its weakest match (a
        homophone inside it says so)."""
        best: list[tuple[int, float, int, Hit]] = []
        for at, f in enumerate(self.by_program[pid]):
            spans = []
            for e in used:
                span = _locate(f.folded, e.term)
                if span is not None:
                    spans.append((*span, e.how))
            if not spans:
                continue
            spans.sort()
            runs_: list[list[Any]] = []
            for lo, hi, how in spans:
                if runs_ and lo <= runs_[-1][1]:
                    last = runs_[-1]
                    last[1] = max(last[1], hi)
                    if HOW_WEIGHTS[how] < HOW_WEIGHTS[last[2]]:
                        last[2] = how
                else:
                    runs_.append([lo, hi, how])
            lo, hi, how = max(runs_, key=lambda r: r[1] - r[0])
            weight = GROUP_WEIGHTS[KIND_GROUP[f.kind]]
            best.append((hi - lo, weight, -at, _hit(f, how, lo, hi, HOW_WEIGHTS[how])))
        best.sort(key=lambda b: (-b[0], -b[1], -b[2]))
        hits: list[Hit] = []
        for _n, _w, _at, hit in best:
            if not any(hit.match in h.match for h in hits):  # 护理 when 护理补贴 is shown
                hits.append(hit)
            if len(hits) == 3:
                break
        return hits


def _locate(folded: str, term: str) -> tuple[int, int] | None:
    """The first place of a term in a normalised text: Chinese anywhere, a Latin word whole."""
    if term.isascii():
        m = re.search(r"(?<![^\W_])" + re.escape(term) + r"(?![^\W_])", folded)
        return (m.start(), m.end()) if m else None
    at = folded.find(term)
    return None if at == -1 else (at, at + len(term))


def _hit(f: Field, how: str, start: int, end: int, weight: float) -> Hit:
    text = f.text
    if len(f.folded) != len(text):  # normalising changed the length: show the normalised text
        text = f.folded
    lo, hi = max(0, start - SNIPPET), min(len(text), end + SNIPPET)
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return Hit(f.kind, how, f.lang, before, text[start:end], after, weight)


# ---------------------------------------------------------------- building from a rulebook

def _quotes(cites: Iterable[Cite]) -> Iterable[str]:
    return (c.quote for c in cites if c.quote)


def program_fields(book: Rulebook, pid: str, translators: Mapping[str, Gettext]
                   ) -> list[Field]:
    p = book.programs[pid]
    m = p.model
    out = [make_field(pid, "title", m.title)]
    out += [make_field(pid, "alias", a, "zh-Hans" if any(map(is_han, a)) else "en")
            for a in m.aliases]
    out += [make_field(pid, "summary", m.summary),
            make_field(pid, "office", m.office), make_field(pid, "apply", m.apply.how)]
    if m.apply.online:
        out.append(make_field(pid, "apply", m.apply.online))
    out += [make_field(pid, "document", d) for d in m.documents]
    cites: list[Cite] = list(m.cite)
    for crit in p.requirements + p.exclusions:
        kind = crit.kind
        for text in dict.fromkeys(t for t in (crit.model.text, crit.model.unmet) if t):
            out.append(make_field(pid, kind, text))
        cites += crit.model.cite
    for series in p.params.values():
        if series.id.startswith(pid + "."):  # the program's own parameters
            out.append(make_field(pid, "parameter", series.model.title))
            for entry in series.entries:
                cites += entry.cite
    out += [make_field(pid, "quote", q) for q in dict.fromkeys(_quotes(cites))]
    for source_id in dict.fromkeys(c.source for c in cites):
        source = book.sources[source_id]
        label = f"{source.number} {source.title}" if source.number else source.title
        out.append(make_field(pid, "source", label))
    for lang, _ in translators.items():
        for kind, msgid in (("title_tr", m.title), ("summary_tr", m.summary)):
            text = _(msgid)
            if text != msgid:  # translated in the catalog
                out.append(make_field(pid, kind, text, lang))
    return out


def fact_vocabulary(book: Rulebook) -> list[str]:
    """Chinese words the facts give, for the segmenter: enum labels and, where the rulebook
    has them (``value_aliases`` of rules/facts.yaml, read by the codec), their other
    spellings (肢残, 外省)."""
    texts: list[str] = []
    for fact in book.facts.values():
        texts += (fact.values or {}).values()
        for spellings in (getattr(fact, "value_aliases", None) or {}).values():
            texts += spellings
    return [r for t in texts for r in runs(normalise(t)) if is_han(r[0]) and len(r) >= 2]


def build_index(book: Rulebook, translators: Mapping[str, Gettext] | None = None
                ) -> SearchIndex:
    """The index of every program; ``translators`` gives the za/en titles (default: catalogs)."""
    if translators is None:
        from app.i18n import gettext_for

        translators = {lang: gettext_for(lang) for lang in TRANSLATED_LANGS}
    fields = [f for pid in book.programs for f in program_fields(book, pid, translators)]
    return SearchIndex(fields, book.programs, fact_vocabulary(book))


_INDEXES: dict[int, tuple[Rulebook, SearchIndex]] = {}
_LOCK = threading.Lock()


def index_for(book: Rulebook) -> SearchIndex:
    """The catalog-translated index of a rulebook, built at its first search and kept; a
    search during the build waits for it (one build, whatever the number of threads)."""
    hit = _INDEXES.get(id(book))
    if hit is None or hit[0] is not book:
        with _LOCK:
            hit = _INDEXES.get(id(book))
            if hit is None or hit[0] is not book:
                hit = _INDEXES[id(book)] = (book, build_index(book))
    return hit[1]
