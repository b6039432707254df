"""The rule lookup's search index: every program's texts, searchable in Chinese, pinyin and by
translated title. Pure: built once from a rulebook (and the za/en translations of its titles),
then queried; no HTTP, no clock.

A query is split on whitespace into terms; a program matches when every term matches one of
its fields (a run of Latin letters typed with spaces, such as ``hu li bu tie``, is also tried
as one pinyin term). A term matches

- Chinese text as a substring (``护理`` in ``重度残疾人护理补贴``);
- the pinyin of Chinese text, whole syllables written in full (``hulibutie``, ``hulibu``) or
  as initials (``hlbt``), mapped back to the Chinese characters it covers;
- the start of a word of a translated (Zhuang or English) title or summary (``nursing``).

Each hit says which field matched and the matched text, for the "why it matched" line.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from app.engine import Rulebook
from app.engine.schema import Cite

Gettext = Callable[[str], str]

# Field kinds, in the order of their weight; a hit in a title outranks one in a quote.
WEIGHTS: dict[str, int] = {
    "title": 100, "title_tr": 90, "summary": 40, "summary_tr": 35, "requirement": 30,
    "exclusion": 30, "office": 20, "quote": 20, "parameter": 15, "source": 15, "apply": 10,
    "document": 10,
}
# Initials are matched in short texts only: in a long quote, any few letters match by chance.
INITIALS_KINDS = frozenset({"title", "summary", "requirement", "exclusion", "office",
                            "parameter", "document"})
MAX_QUERY = 100  # characters; longer is not a search but a paste
MAX_TERMS = 8  # words in one query
SNIPPET = 24  # characters of context either side of a hit in a long text
TRANSLATED_LANGS = ("za", "en")


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF


def normalise(text: str) -> str:
    """Full-width letters and digits to ASCII, lower case (NFKC keeps Chinese as it is)."""
    return unicodedata.normalize("NFKC", text).lower()


@dataclass(frozen=True, slots=True)
class Pinyin:
    """The pinyin of a text, syllable by syllable, each tied to the character it came from."""

    full: str  # syllables joined: "zhongducanjirenhulibutie"
    starts: tuple[int, ...]  # offset in ``full`` where each syllable starts
    initials: str  # first letters: "zdcjrhlbt"
    chars: tuple[int, ...]  # for each syllable, the offset of its character in the text

    @classmethod
    def of(cls, text: str) -> Pinyin:
        # pypinyin loads its phrase dictionary on import (~0.2 s): only when an index is built
        from pypinyin import Style, lazy_pinyin

        syllables: list[str] = []
        chars: list[int] = []
        i, n = 0, len(text)
        while i < n:
            if is_han(text[i]):
                j = i
                while j < n and is_han(text[j]):
                    j += 1
                # One call per run of Han characters so phrases pick the right reading
                # (重度 is zhong du); one syllable comes back per character.
                for k, syl in enumerate(lazy_pinyin(text[i:j], style=Style.NORMAL)):
                    syllables.append(syl.replace("ü", "u").replace("v", "u"))
                    chars.append(i + k)
                i = j
            else:
                ch = normalise(text[i])
                if ch.isascii() and ch.isalnum():
                    syllables.append(ch)
                    chars.append(i)
                i += 1
        starts, pos = [], 0
        for syl in syllables:
            starts.append(pos)
            pos += len(syl)
        return cls("".join(syllables), tuple(starts), "".join(s[0] for s in syllables),
                   tuple(chars))

    def find_full(self, term: str) -> tuple[int, int] | None:
        """Character span covered by ``term`` typed as whole syllables of full pinyin."""
        at = self.full.find(term)
        while at != -1:
            first = _index(self.starts, at)
            end = at + len(term)
            # whole syllables only: "yang" is 养, not 严(yan) + g(e)
            after = len(self.starts) if end == len(self.full) else _index(self.starts, end)
            if first is not None and after is not None:
                return self.chars[first], self.chars[after - 1] + 1
            at = self.full.find(term, at + 1)
        return None

    def find_initials(self, term: str) -> tuple[int, int] | None:
        at = self.initials.find(term)
        if at == -1:
            return None
        return self.chars[at], self.chars[at + len(term) - 1] + 1


def _index(starts: tuple[int, ...], offset: int) -> int | None:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < len(starts) and starts[lo] == offset else None


@dataclass(frozen=True, slots=True)
class Field:
    program: str
    kind: str  # a key of WEIGHTS
    text: str  # as shown
    lang: str  # zh-Hans | za | en
    folded: str  # normalised for matching
    pinyin: Pinyin | None  # for Chinese text
    words: tuple[int, ...] = ()  # for Latin text: offsets in ``folded`` where words start


@dataclass(frozen=True, slots=True)
class Hit:
    """Why a program matched: the field, how, and the matched text with its context."""

    kind: str
    how: str  # "text" | "pinyin" | "initials" | "word"
    lang: str
    before: str
    match: str
    after: str
    weight: int


@dataclass(slots=True)
class Result:
    program: str
    score: int
    hits: list[Hit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A search's answer. ``problem`` is ``empty``, ``too_long``, ``too_many`` (words) or
    ``no_terms`` (nothing searchable, only punctuation), else None; ``results`` best first."""

    query: str
    results: list[Result]
    problem: str | None = None


def _latin_words(folded: str) -> tuple[int, ...]:
    return tuple(i for i, ch in enumerate(folded)
                 if ch.isalnum() and (i == 0 or not folded[i - 1].isalnum()))


def make_field(program: str, kind: str, text: str, lang: str = "zh-Hans") -> Field:
    folded = normalise(text)
    if lang == "zh-Hans":
        return Field(program, kind, text, lang, folded, Pinyin.of(text))
    return Field(program, kind, text, lang, folded, None, _latin_words(folded))


class SearchIndex:
    """Every program's searchable fields; :meth:`search` answers a query."""

    def __init__(self, fields: Iterable[Field], order: Iterable[str]) -> None:
        self.fields = list(fields)
        self.order = {pid: i for i, pid in enumerate(order)}
        self.by_program: dict[str, list[Field]] = {}
        for f in self.fields:
            self.by_program.setdefault(f.program, []).append(f)
        # Each program's texts run together: a term absent from these is in none of its
        # fields, so the program is passed over without looking at each field.
        self.blobs: dict[str, tuple[str, str]] = {
            pid: ("\n".join(f.folded for f in fs),
                  "\n".join(f.pinyin.full + "\n" + f.pinyin.initials
                            for f in fs if f.pinyin is not None))
            for pid, fs in self.by_program.items()}

    def search(self, query: str, limit: int = 50) -> Outcome:
        q = query.strip()
        if not q:
            return Outcome(query, [], "empty")
        if len(q) > MAX_QUERY:
            return Outcome(query, [], "too_long")
        terms = list(dict.fromkeys(t for t in (_clean(t) for t in normalise(q).split()) if t))
        if not terms:
            return Outcome(query, [], "no_terms")
        if len(terms) > 1 and all(t.isascii() for t in terms):
            # "hu li bu tie" is pinyin typed with spaces: read as one term first
            joined = self._ranked(["".join(terms)])
            if joined:
                return Outcome(query, joined[:limit])
        if len(terms) > MAX_TERMS:
            return Outcome(query, [], "too_many")
        return Outcome(query, self._ranked(terms)[:limit])

    def _ranked(self, terms: list[str]) -> list[Result]:
        results = self._match_all(terms)
        results.sort(key=lambda r: (-r.score, self.order.get(r.program, 0)))
        return results

    def _match_all(self, terms: list[str]) -> list[Result]:
        """Programs that match every term, each with its hits per term."""
        per_program: dict[str, list[list[Hit]]] = {pid: [] for pid in self.by_program}
        candidates = list(self.by_program)
        for term in terms:
            pinyin_like = term.isascii() and term.isalnum() and len(term) >= 2
            still = []
            for pid in candidates:
                text, pinyin = self.blobs[pid]
                if term not in text and not (pinyin_like and term in pinyin):
                    continue
                hits = [h for h in (match(f, term) for f in self.by_program[pid]) if h]
                if hits:
                    per_program[pid].append(hits)
                    still.append(pid)
            candidates = still
            if not candidates:
                return []
        per_program = {pid: per_program[pid] for pid in candidates}
        out = []
        for pid, slots in per_program.items():
            score = sum(max(h.weight for h in hits) for hits in slots)
            seen: set[tuple[str, str, str]] = set()
            hits: list[Hit] = []
            for h in sorted((h for hits in slots for h in hits), key=lambda h: -h.weight):
                key = (h.kind, h.match, h.before + h.after)
                if key not in seen:
                    seen.add(key)
                    hits.append(h)
            out.append(Result(pid, score, hits[:4]))
        return out


def _clean(term: str) -> str:
    """Keep letters, digits and Chinese; drop punctuation around and inside a term."""
    return "".join(ch for ch in term if ch.isalnum() or is_han(ch))


def match(f: Field, term: str) -> Hit | None:
    weight = WEIGHTS[f.kind]
    if f.pinyin is not None:
        at = f.folded.find(term)
        if at != -1:
            return _hit(f, "text", at, at + len(term), weight)
        if not term.isascii() or not term.isalnum():
            return None
        if len(term) >= 2 and not term.isdigit():
            span = f.pinyin.find_full(term)
            if span is not None:
                return _hit(f, "pinyin", *span, weight - 5)
            span = f.pinyin.find_initials(term) if f.kind in INITIALS_KINDS else None
            if span is not None:
                return _hit(f, "initials", *span, weight - 10)
        return None
    if len(term) < 2:
        return None
    for start in f.words:
        if f.folded.startswith(term, start):
            end = start + len(term)
            while end < len(f.folded) and f.folded[end].isalnum():
                end += 1  # show the whole word
            return _hit(f, "word", start, end, weight)
    return None


def _hit(f: Field, how: str, start: int, end: int, weight: int) -> Hit:
    text = f.text
    if len(f.folded) != len(text):  # NFKC changed the length: show the normalised text
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
    out = [make_field(pid, "title", m.title), make_field(pid, "summary", m.summary),
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


def build_index(book: Rulebook, translators: Mapping[str, Gettext] | None = None
                ) -> SearchIndex:
    """The index of every program; ``translators`` gives the za/en titles (default: catalogs)."""
    if translators is None:
        from app.i18n import gettext_for

        translators = {lang: gettext_for(lang) for lang in TRANSLATED_LANGS}
    fields = [f for pid in book.programs for f in program_fields(book, pid, translators)]
    return SearchIndex(fields, book.programs)


_INDEXES: dict[int, tuple[Rulebook, SearchIndex]] = {}
_LOCK = threading.Lock()


def index_for(book: Rulebook) -> SearchIndex:
    """The catalog-translated index of a rulebook, built once (at first use or by
    :func:`warm`) and kept; a search during the build waits for it."""
    hit = _INDEXES.get(id(book))
    if hit is None or hit[0] is not book:
        with _LOCK:
            hit = _INDEXES.get(id(book))
            if hit is None or hit[0] is not book:
                hit = _INDEXES[id(book)] = (book, build_index(book))
    return hit[1]


WARM_DELAY_S = 1.0


def warm(book: Rulebook) -> None:
    """Build the index in the background at start-up, so the first search does not wait and
    the service does not start later."""
    from app.i18n import gettext_for

    for lang in TRANSLATED_LANGS:  # load (and if need be compile) the catalogs here, not
        gettext_for(lang)  # in the thread, so no request reads a catalog half written
    # A moment after start-up, so that building it does not hold up the first answers.
    timer = threading.Timer(WARM_DELAY_S, index_for, args=(book,))
    timer.name, timer.daemon = "lookup-index", True
    timer.start()
