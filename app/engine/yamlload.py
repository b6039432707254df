"""A strict YAML loader for rule files.

Built on PyYAML's safe loader (no object construction; libyaml's C parser where
available), with two changes:

* only ``true`` / ``false`` are booleans. YAML 1.1 also reads ``yes``, ``no``, ``on``, ``off``
  (and ``y``, ``n``) as booleans; here they load as :class:`Yaml11Bool` markers so that the
  rulebook can refuse them with the path where they stand, instead of guessing;
* dates stay strings, so that a bad date (``2025-13-01``) is reported by validation with its
  path rather than as a bare ``ValueError`` from the YAML library.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import RuleError, join_path


class Yaml11Bool(str):
    """A scalar YAML 1.1 would have read as a boolean (``yes``, ``off``…), kept as text."""


# libyaml's parser (C) when PyYAML was built with it: the same safe constructor, ~10× faster.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # type: ignore[assignment]


class StrictLoader(_Base):  # type: ignore[valid-type,misc]
    pass


# Rebuild the implicit resolvers without YAML 1.1 booleans and timestamps.
StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# YAML's own resolver table is keyed by a value's first character and matched with a pattern;
# these two patterns are the YAML specification's, not rule logic.
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
StrictLoader.add_implicit_resolver(
    "tag:strict:yaml11bool",
    re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$"), list("yYnNoO"))


def _yaml11_bool(loader: StrictLoader, node: yaml.Node) -> Yaml11Bool:
    return Yaml11Bool(loader.construct_scalar(node))  # type: ignore[arg-type]


StrictLoader.add_constructor("tag:strict:yaml11bool", _yaml11_bool)


def load_yaml(text: str, file: str) -> Any:
    """Parse one rule file; refuse YAML errors and 1.1 booleans with file and path."""
    try:
        data = yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(file, where, f"not valid YAML: {problem}") from None
    _refuse_yaml11_bools(data, file, ())
    return data


def _refuse_yaml11_bools(node: Any, file: str, path: tuple[str | int, ...]) -> None:
    if isinstance(node, Yaml11Bool):
        raise RuleError(
            file, join_path(*path),
            f"{str(node)!r} is ambiguous (YAML 1.1 reads it as a boolean): "
            "write true or false, or quote it as text")
    if isinstance(node, dict):
        for key in [k for k in node if isinstance(k, Yaml11Bool)]:
            # A key is never a boolean in the rule format: `on:` is the key "on".
            node[str(key)] = node.pop(key)
        for key, value in node.items():
            _refuse_yaml11_bools(value, file, (*path, str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _refuse_yaml11_bools(value, file, (*path, i))
