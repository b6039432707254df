"""Typed text before it is read: bounded, NFKC-normalised and trimmed.

Every reader starts here, so a value longer than :data:`MAX_CHARS` is refused before any
other work is done on it (issue 11: bounds before work).
"""

from __future__ import annotations

import unicodedata

MAX_CHARS = 64
"""The longest typed value read, in characters (an 18-digit ID plus a label fits easily)."""


def normalise(text: str) -> str | None:
    """``text`` trimmed and NFKC-normalised (full-width digits and punctuation to ASCII), or
    ``None`` when it is longer than :data:`MAX_CHARS` before or after normalising.

    Lone surrogates and other unencodable characters pass through unchanged: the readers
    match ASCII patterns and labels only, so such text is refused by them."""
    if len(text) > MAX_CHARS:
        return None
    s = unicodedata.normalize("NFKC", text).strip()
    return s if len(s) <= MAX_CHARS else None


def key(text: str) -> str:
    """The form in which labels and words are compared: NFKC, casefolded, spaces removed."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def visible(text: str) -> str:
    """``text`` without Unicode's invisible format characters (category Cf: zero-width spaces
    and joiners, direction marks and overrides, a byte-order mark), as pasting from a web
    system leaves them: inside a number they break its digits; quoted back, a right-to-left
    override reorders the line."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
