"""The compiled rulebook kept in a cache file, so that a worker starts without parsing YAML.

Loading the rulebook is ~85 % YAML parsing (PyYAML builds Python objects even with libyaml's
parser): 110–150 ms on the 2-core test machine, against 3–14 ms to unpickle the compiled
:class:`Rulebook` (about 200 KB). The file's name is a digest of

* every ``*.yaml`` file under the rules directory (its path and bytes), and
* the code's version: the source of every module of ``app/engine`` (which defines what the
  pickle holds), and the versions of Python, Pydantic and PyYAML (which read the rule files),

so a changed rule file or a changed engine gives another name, and an old file is never read:
a cache is never trusted across versions of the code. Anything that goes wrong with the cache
(a directory that cannot be written, a file that cannot be read or unpickled, a rulebook that
cannot be pickled) falls back to :func:`load_rulebook` as if there were no cache. A broken
rulebook raises :class:`RuleError` as ever (it is never cached).

The directory is ``$SCREENER_CACHE_DIR``, else ``.cache/rulebook`` in the project. Only the
service's own account may write it: a pickle is code to whoever can write it.

:func:`store` and :func:`cached` keep anything else made from the rulebook the same way,
under a name of its kind and a digest of all it is made from (the roster's index of header
names, :meth:`app.roster.headers.Names.of`).

    python -m app.engine.cache [RULES_DIR]   # build the cache file (e.g. when building an image)
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import TypeVar

from .rulebook import RULES_DIR, Rulebook, load_rulebook

ENGINE_DIR = Path(__file__).resolve().parent
DEFAULT_DIR = ENGINE_DIR.parents[1] / ".cache" / "rulebook"
KEEP = 8  # cache files kept of each kind (other rule directories, the last few versions)
RULEBOOK = "rulebook"  # the kind of the compiled rulebook's files

T = TypeVar("T")


def cache_dir() -> Path:
    return Path(os.environ.get("SCREENER_CACHE_DIR") or DEFAULT_DIR)


def source_digest(*paths: Path) -> bytes:
    """Digest of source files' names and bytes, as a module reads them when it is imported
    (``source_digest(Path(__file__))``): part of a cache key, it then names the code this
    process runs, not the files as they are when the key is made. (Read later, a process that
    imported an older source would keep what that source made under the newer one's key, and
    every process after would take it: a deployment, or an edit during a test run.)"""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


# the engine's source as this process imported it (rulebook.py imports the rest of it)
_ENGINE_SOURCE = source_digest(*sorted(ENGINE_DIR.glob("*.py")))


@cache
def code_version() -> str:
    """Digest of the engine's source (as imported: :func:`source_digest`) and of the
    libraries that read the rule files into its objects. Their versions are read from their
    own files without importing them (PyYAML's ``__init__.py`` and Pydantic's ``version.py``
    say ``__version__`` and ``VERSION``): a worker that finds its cache file never parses YAML
    nor validates it, so never imports either."""
    h = hashlib.sha256(f"{sys.version}\0".encode())
    for module, file in (("yaml", "__init__.py"), ("pydantic", "version.py")):
        spec = importlib.util.find_spec(module)
        origin = Path(spec.origin).with_name(file) if spec and spec.origin else None
        h.update((origin.read_bytes() if origin and origin.is_file() else b"") + b"\0")
    h.update(_ENGINE_SOURCE)
    return h.hexdigest()


def rules_digest(root: Path) -> str:
    """Digest of every YAML file under ``root``: relative path and bytes."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.yaml")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def cache_key(root: Path) -> str:
    """The name of the rulebook's cache file of ``root`` (after its kind): a digest of the
    rule files and of the code (see the module's docstring)."""
    return hashlib.sha256(f"{code_version()}\0{rules_digest(root)}".encode()).hexdigest()[:32]


def load_cached_rulebook(root: Path | str = RULES_DIR) -> Rulebook:
    """:func:`load_rulebook` of ``root``, from the cache file when one matches (see the
    module's docstring), else loaded and then saved for the next start. Same result, same
    errors."""
    root = Path(root).resolve()
    try:
        key = cache_key(root)
    except Exception:  # noqa: BLE001 - rule files that cannot be read: load says why
        return load_rulebook(root)
    book = cached(RULEBOOK, key, Rulebook)
    if book is None:
        book = load_rulebook(root)
        store(RULEBOOK, key, book)
    return book


def cached(kind: str, key: str, expected: type[T]) -> T | None:
    """What :func:`store` kept as ``kind`` under ``key``, where that file holds an
    ``expected``; None where there is none, or it cannot be read or unpickled. ``key`` (a file
    name's part: letters and digits) is the caller's digest of everything the object is made
    from, its code included, so that a file is never trusted across versions of any of it."""
    try:
        with _path(kind, key).open("rb") as f:
            found = pickle.load(f)  # noqa: S301 - our own file, named by the digest of its inputs
        return found if isinstance(found, expected) else None
    except Exception:  # noqa: BLE001 - no cache or an unusable one: as if none
        return None


def store(kind: str, key: str, obj: object) -> Path | None:
    """Keep ``obj`` for :func:`cached`: written atomically, and the oldest files of its kind
    past :data:`KEEP` removed; None if it cannot be written."""
    try:
        path = _path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{kind}-",
                                         delete=False) as f:
            f.write(data)
        os.replace(f.name, path)
        _prune(path.parent, kind)
        return path
    except Exception:  # noqa: BLE001 - a cache that cannot be written is no cache
        return None


def _path(kind: str, key: str) -> Path:
    return cache_dir() / f"{kind}-{key}.pickle"


def save(book: Rulebook, root: Path) -> Path | None:
    """Write ``book``'s cache file atomically; None if it cannot be written."""
    try:
        key = cache_key(root)
    except Exception:  # noqa: BLE001 - rule files that cannot be read: no cache
        return None
    return store(RULEBOOK, key, book)


def _prune(directory: Path, kind: str) -> None:
    files = sorted(directory.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime,
                   reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)


if __name__ == "__main__":
    rules = Path(sys.argv[1]) if len(sys.argv) > 1 else RULES_DIR
    written = save(load_rulebook(rules), Path(rules).resolve())
    print(written or "the cache could not be written", file=sys.stderr if not written else None)
    raise SystemExit(0 if written else 1)
