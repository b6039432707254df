"""The fact codec: the one reader and writer of facts, beside the (pure) engine.

Every edge reads what people type, hold and send through here, and words facts back through
:mod:`app.codec.display`:

- :func:`read_text`, :func:`read_cell`, :func:`read_json`, :func:`read_facts` -> values of the
  engine's types, or a :class:`Problem` naming the field (see :mod:`app.codec.read`), and
  :func:`json_value`, a value as JSON they read back exactly (kept answers);
- :func:`problem_text` -> what to type, in zh-Hans, za or en;
- :mod:`app.codec.identity` -> facts from a 居民身份证号 and a 第二代残疾人证号;
- :mod:`app.codec.display` -> one wording of amounts, dates, numbers and answers.

All functions are pure: the screening date ``on`` is passed in. Nothing here logs.
"""

from __future__ import annotations

from . import display, identity
from .numbers import bounds
from .problems import MESSAGES, Problem, problem_message, problem_text
from .read import Reading, json_value, read_cell, read_facts, read_json, read_text
from .text import MAX_CHARS

__all__ = [
    "MAX_CHARS", "MESSAGES", "Problem", "Reading", "bounds", "display", "identity", "json_value",
    "problem_message", "problem_text", "read_cell", "read_facts", "read_json", "read_text",
]
