"""Every message in the source is translated in every catalog (za, en), and nothing is fuzzy."""

from __future__ import annotations

from app.i18n import gettext_for
from app.i18n.catalogs import DOMAINS, extract, untranslated


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
