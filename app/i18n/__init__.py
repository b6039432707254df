"""Languages at run time: choosing the language of a request and translating into it.

zh-Hans is the source language (message ids are the Chinese text). Standard Zhuang (``za``,
Latin script) and English (``en``) come from Babel catalogs, one per domain, in
``i18n/<lang>/LC_MESSAGES/<domain>.mo``; all of a language's domains are merged into one.

At run time a catalog is read with the standard library's :mod:`gettext` (the ``.mo`` format is
GNU gettext's); Babel, which writes the ``.mo`` files, is imported only when one needs
compiling (:func:`compile_catalogs`), so that a worker does not import it at start-up.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from functools import cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

I18N_DIR = Path(__file__).resolve().parents[2] / "i18n"
SOURCE_LANG = "zh-Hans"
LANGS: tuple[str, ...] = ("zh-Hans", "za", "en")
# What each language calls itself, for the language switch (never translated).
LANG_NAMES: dict[str, str] = {"zh-Hans": "中文", "za": "Vahcuengh", "en": "English"}
# The value of the HTML lang attribute.
HTML_LANG: dict[str, str] = {"zh-Hans": "zh-Hans", "za": "za", "en": "en"}

Gettext = Callable[[str], str]
_READ: dict[str, str] = {}  # each language's catalogs_digest as translations() read them


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown, with ``_()``."""
    return message


def compile_catalogs(root: Path = I18N_DIR) -> list[Path]:
    """Compile every ``.po`` whose ``.mo`` is missing or older. Returns the files written."""
    written = []
    for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as f:
            catalog = read_po(f)
        with mo.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        written.append(mo)
    return written


@cache
def translations(lang: str) -> NullTranslations:
    """All of a language's catalogs merged; the source language translates to itself.

    The domains' messages are merged into the first one's table, as Babel's
    ``Translations.merge`` does: one dictionary look-up per message, whatever its domain."""
    if lang == SOURCE_LANG or lang not in LANGS:
        return NullTranslations()
    merged: GNUTranslations | None = None
    files = _catalogs(lang)
    for data in files.values():
        t = GNUTranslations(io.BytesIO(data))
        if merged is None:
            merged = t
        else:
            merged._catalog.update(t._catalog)  # type: ignore[attr-defined]
    _READ[lang] = _digest(files)
    return merged if merged is not None else NullTranslations()


def _catalogs(lang: str) -> dict[str, bytes]:
    """Each compiled catalog of ``lang`` (:func:`catalog_files`) by its name: its bytes."""
    return {mo.name: mo.read_bytes() for mo in catalog_files(lang)}


def _digest(files: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name, data in files.items():
        h.update(name.encode() + b"\0" + data + b"\0")
    return h.hexdigest()


def catalog_files(lang: str) -> list[Path]:
    """The compiled catalogs (``.mo``) that :func:`translations` reads for ``lang``, in the
    order it merges them, any out of date compiled first (:func:`compile_catalogs`); none for
    the source language."""
    if lang == SOURCE_LANG or lang not in LANGS:
        return []
    compile_catalogs()
    return sorted((I18N_DIR / lang / "LC_MESSAGES").glob("*.mo"))


def catalogs_digest(lang: str) -> str:
    """A digest of the catalogs of ``lang`` as they are now on disk (:func:`catalog_files`;
    "" for the source language): of what is made from a language's translations and kept
    across processes, the key (the roster's index of header names)."""
    if lang == SOURCE_LANG or lang not in LANGS:
        return ""
    return _digest(_catalogs(lang))


def catalogs_read(lang: str) -> str | None:
    """:func:`catalogs_digest` of the catalogs :func:`translations` read for ``lang`` in this
    process ("" for the source language), None before it has read them: where they have
    changed on disk since, what is made from them now is not what the catalogs say."""
    if lang == SOURCE_LANG or lang not in LANGS:
        return ""
    return _READ.get(lang)


def gettext_for(lang: str) -> Gettext:
    return translations(lang).gettext


def pick_language(query: str | None, cookie: str | None = None,
                  accept_language: str | None = None) -> str:
    """``?lang=`` first, then the remembered choice, then ``Accept-Language``, then zh-Hans."""
    for candidate in (query, cookie):
        if candidate in LANGS:
            return candidate  # type: ignore[return-value]
    if accept_language:
        best: tuple[float, int, str] | None = None
        for i, part in enumerate(accept_language.split(",")):
            tag, _, params = part.strip().partition(";")
            q = 1.0
            params = params.strip()
            if params.startswith("q="):
                try:
                    q = float(params[2:])
                except ValueError:
                    q = 0.0
            lang = _match(tag.strip().lower())
            if lang and q > 0 and (best is None or (q, -i) > (best[0], best[1])):
                best = (q, -i, lang)
        if best:
            return best[2]
    return SOURCE_LANG


def _match(tag: str) -> str | None:
    primary = tag.split("-")[0]
    if primary == "zh":
        return "zh-Hans"
    if primary in ("za", "zyb", "zha"):
        return "za"
    if primary == "en":
        return "en"
    return None
