"""Every message in the source is translated in every catalog (za, en), nothing is fuzzy, and a
message shared by two areas is translated the same in both."""

from __future__ import annotations

from app.i18n import gettext_for
from app.i18n.catalogs import DOMAINS, TARGET_LANGS, extract, po_path, read_catalog, untranslated


def test_every_message_is_translated() -> None:
    gaps = untranslated()
    assert not gaps, f"{len(gaps)} untranslated messages, e.g. " + "; ".join(gaps[:10])


def test_rule_texts_are_extracted() -> None:
    ids = {m.id for m in extract("rules")}
    assert "困难残疾人生活补贴" in ids
    assert "右江区" in ids
    assert not any("百政发" in str(i) and len(str(i)) > 40 for i in ids)


def test_translations_load() -> None:
    assert gettext_for("en")("困难残疾人生活补贴") != "困难残疾人生活补贴"
    assert gettext_for("za")("困难残疾人生活补贴") != "困难残疾人生活补贴"
    assert gettext_for("zh-Hans")("困难残疾人生活补贴") == "困难残疾人生活补贴"
    assert set(DOMAINS) >= {"core", "rules"}


def test_a_message_shared_by_areas_is_translated_the_same() -> None:
    """A language's catalogs are merged into one at run time (app.i18n.translations), so a
    message that two areas translate differently would silently take one of the two
    everywhere (it once did: the rule lookup's hint said to choose "Don't know" beside an
    option reading "I don't know")."""
    clashes = []
    for lang in TARGET_LANGS:
        seen: dict[str, dict[str, list[str]]] = {}
        for domain in DOMAINS:
            catalog = read_catalog(po_path(lang, domain))
            for m in catalog or []:
                if m.id and m.string:
                    seen.setdefault(str(m.id), {}).setdefault(str(m.string), []).append(domain)
        clashes += [f"{lang}: {msgid!r} -> {texts}" for msgid, texts in seen.items()
                    if len(texts) > 1]
    assert not clashes, "; ".join(clashes)
