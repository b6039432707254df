"""Extracting messages into the catalogs, and checking that every language has them all.

``python -m app.i18n.catalogs update [DOMAIN…]``  extract and merge into each ``.po``
``python -m app.i18n.catalogs compile``           write the ``.mo`` files
``python -m app.i18n.catalogs check [DOMAIN…]``   list messages not translated (exit 1)

Each domain is one area of the product with its own catalog file, so that people working on
different areas do not edit the same file. A domain lists the files it extracts from.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from . import I18N_DIR, LANGS, SOURCE_LANG, compile_catalogs

ROOT = I18N_DIR.parent
TARGET_LANGS = [lang for lang in LANGS if lang != SOURCE_LANG]

# Keys of rule files whose text is shown to people and so translated. Quotes, locators,
# document numbers and ids are never translated.
RULE_TEXT_KEYS = frozenset({
    "title", "summary", "office", "how", "online", "phone", "text", "unmet", "clear",
    "question", "hint", "none_label", "note", "no_amount", "issuer", "documents", "values",
    "decided_by", "why",
})
RULE_SKIP_UNDER = frozenset({"tests", "quote", "locator"})


def extract_rules(fileobj: Any, keywords: Any, comment_tags: Any, options: Any
                  ) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor for rule YAML: the text under the keys in :data:`RULE_TEXT_KEYS`."""
    from app.engine.yamlload import StrictLoader

    node = yaml.compose(fileobj.read().decode("utf-8"), Loader=StrictLoader)
    yield from _walk(node, None, False)


def _walk(node: Any, key: str | None, wanted: bool) -> Iterator[tuple[int, None, str, list[str]]]:
    if isinstance(node, yaml.ScalarNode):
        if wanted and node.tag.endswith(":str") and node.value.strip():
            yield node.start_mark.line + 1, None, node.value, []
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, key, wanted and key == "documents")
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = k.value
            if name in RULE_SKIP_UNDER:
                continue
            if name == "values" and isinstance(v, yaml.MappingNode):
                # enum labels: facts.<fact>.values.<id>: label
                for _k, label in v.value:
                    yield from _walk(label, None, True)
            elif name == "values":
                # a parameter's dated values: only their notes are text
                yield from _walk(v, name, False)
            else:
                yield from _walk(v, name, name in RULE_TEXT_KEYS)


# domain -> [(glob relative to the project root, extraction method)]
# Each area owns its folder of code and of templates, and its catalog.
DOMAINS: dict[str, list[tuple[str, Any]]] = {
    # shared: engine messages, API, the page layout and form components
    "core": [
        ("app/engine/**.py", "python"),
        ("app/codec/**.py", "python"),
        ("app/api/**.py", "python"),
        ("app/i18n/**.py", "python"),
        ("app/web/**.py", "python"),
        ("app/*.py", "python"),
        ("templates/*.html", "jinja2"),
        ("templates/components/**.html", "jinja2"),
    ],
    "rules": [("rules/**.yaml", extract_rules)],
    # the resident's guided screening, /
    "resident": [("app/resident/**.py", "python"), ("templates/resident/**.html", "jinja2")],
    # the hotline operator's rule lookup, /rules
    "lookup": [("app/lookup/**.py", "python"), ("templates/lookup/**.html", "jinja2")],
    # the village staff area, /staff
    "staff": [("app/staff/**.py", "python"), ("templates/staff/**.html", "jinja2")],
    # roster screening (数据比对): command line and staff upload
    "roster": [("app/roster/**.py", "python"), ("templates/roster/**.html", "jinja2")],
}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extract(domain: str) -> Catalog:
    catalog = Catalog(project="baise-screener", domain=domain, locale=None, fuzzy=False)
    method_map = DOMAINS[domain]
    options = {pattern: {"extensions": "jinja2.ext.i18n"} for pattern, m in method_map
               if m == "jinja2"}
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options, keywords=KEYWORDS):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(lang: str, domain: str) -> Path:
    return I18N_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def read_catalog(path: Path) -> Catalog | None:
    if not path.exists():
        return None
    with path.open("rb") as f:
        return read_po(f)


def update(domains: list[str] | None = None) -> None:
    for domain in domains or DOMAINS:
        template = extract(domain)
        if not len(template) and not any(po_path(lang, domain).exists() for lang in TARGET_LANGS):
            continue
        pot = I18N_DIR / f"{domain}.pot"
        old = read_catalog(pot)
        if old is not None:  # a stable header: an update that changes nothing changes no file
            template.creation_date = old.creation_date
        with pot.open("wb") as f:
            write_po(f, template, width=0, omit_header=False, sort_output=False,
                     include_lineno=False)
        for lang in TARGET_LANGS:
            path = po_path(lang, domain)
            catalog = read_catalog(path) or Catalog(locale=None, domain=domain)
            catalog.locale = None
            catalog.fuzzy = False
            catalog.project = "baise-screener"
            catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
            catalog.obsolete.clear()
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as f:
                # no line numbers: editing a rule must not churn every catalog (issue 13)
                write_po(f, catalog, width=0, omit_header=False, sort_output=False,
                         ignore_obsolete=True, include_lineno=False)
            _fix_language_header(path, lang)


def _fix_language_header(path: Path, lang: str) -> None:
    text = path.read_text("utf-8")
    if '"Language: ' not in text:
        mime = '"MIME-Version: 1.0\\n"'
        text = text.replace(mime, f'"Language: {lang}\\n"\n{mime}', 1)
        path.write_text(text, "utf-8")


def untranslated(domains: list[str] | None = None) -> list[str]:
    """Every (language, domain, message) that the source has and a catalog does not translate."""
    gaps: list[str] = []
    for domain in domains or DOMAINS:
        wanted = [m.id for m in extract(domain) if m.id]
        for lang in TARGET_LANGS:
            catalog = read_catalog(po_path(lang, domain))
            for msgid in wanted:
                msg = catalog.get(msgid) if catalog else None
                if msg is None or not msg.string or msg.fuzzy:
                    gaps.append(f"{lang}/{domain}.po: {msgid!r}")
    return gaps


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    domains = argv[2:] or None
    unknown = [d for d in domains or [] if d not in DOMAINS]
    if unknown:
        print(f"unknown domain(s) {unknown}; domains: {', '.join(DOMAINS)}", file=sys.stderr)
        return 2
    if command == "update":
        update(domains)
        return 0
    if command == "compile":
        for mo in compile_catalogs():
            print(f"compiled {mo.relative_to(ROOT)}")
        return 0
    if command == "check":
        gaps = untranslated(domains)
        for gap in gaps:
            print(gap)
        print(f"{len(gaps)} untranslated")
        return 1 if gaps else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
