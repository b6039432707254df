"""Configuration from the environment (prefix ``SCREENER_``; ``DATABASE_URL`` and ``SECRET_KEY``
also as is).

Read from ``os.environ`` once (:func:`get_settings`), each variable by its exact name. A value
that is not of the setting's type stops start-up with :class:`SettingsError`, which names the
variable, the value and what to type. Eight plain variables, so no settings library: the one we
had (pydantic-settings) imported its dotenv, AWS, Azure, GCP and command-line sources at every
start, ~12-40 ms of the first answer (issue 17 point 1), for no ``.env`` file the project uses.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
KEY_FILE = "secret_key"

T = TypeVar("T")
# The words pydantic accepted for a boolean (any case), kept so that no deployment changes.
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


class SettingsError(ValueError):
    """A variable of the environment whose value is not of its setting's type; the message
    names the variable, repeats the value and says what to type."""


@dataclass
class Settings:
    """The service's settings; :meth:`from_environ` gives the running service's."""

    rules_dir: Path = ROOT / "rules"
    # Where the service keeps its own files (the generated secret key; SQLite by default).
    data_dir: Path = ROOT / "data"
    database_url: str = f"sqlite:///{ROOT / 'data' / 'screener.db'}"
    # Signs cookies and hidden form state. When unset, a key generated once is kept in
    # ``data_dir/secret_key`` (0600) so that every worker and every restart share it.
    secret_key: str = ""
    # Days a saved case is kept after its last change.
    retention_days: int = 365
    # Minutes of inactivity after which a staff session ends.
    session_idle_minutes: int = 30
    # Set behind HTTPS so that cookies carry the Secure flag (and pages send HSTS).
    secure_cookies: bool = False
    # Addresses of the reverse proxies whose X-Forwarded-For is believed (comma-separated).
    # None by default: the client's address is the peer's, whatever a header says.
    trusted_proxies: tuple[str, ...] = ()

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings that ``environ`` (default ``os.environ``) gives: ``SCREENER_`` and the
        field's name in capitals (``SCREENER_RETENTION_DAYS``); for the database and the key
        ``DATABASE_URL`` / ``SECRET_KEY`` first, then ``SCREENER_DATABASE_URL`` /
        ``SCREENER_SECRET_KEY``. Unset variables keep the defaults above. Without a secret key
        the one shared in ``data_dir`` is read or made (:func:`shared_secret_key`).

        Raises :class:`SettingsError` for a value that is not of the setting's type."""
        env = os.environ if environ is None else environ
        d = cls()
        settings = cls(
            rules_dir=_read(env, ("SCREENER_RULES_DIR",), Path, d.rules_dir),
            data_dir=_read(env, ("SCREENER_DATA_DIR",), Path, d.data_dir),
            database_url=_read(env, ("DATABASE_URL", "SCREENER_DATABASE_URL"), str,
                               d.database_url),
            secret_key=_read(env, ("SECRET_KEY", "SCREENER_SECRET_KEY"), str, d.secret_key),
            retention_days=_read(env, ("SCREENER_RETENTION_DAYS",), _integer,
                                 d.retention_days),
            session_idle_minutes=_read(env, ("SCREENER_SESSION_IDLE_MINUTES",), _integer,
                                       d.session_idle_minutes),
            secure_cookies=_read(env, ("SCREENER_SECURE_COOKIES",), _boolean,
                                 d.secure_cookies),
            trusted_proxies=_read(env, ("SCREENER_TRUSTED_PROXIES",), _addresses,
                                  d.trusted_proxies))
        if not settings.secret_key:
            settings.secret_key = shared_secret_key(settings.data_dir)
        return settings


def _read(env: Mapping[str, str], names: tuple[str, ...], parse: Callable[[str], T],
          default: T) -> T:
    """The first of ``names`` set in ``env``, parsed; ``default`` when none is set."""
    for name in names:
        raw = env.get(name)
        if raw is not None:
            try:
                return parse(raw)
            except ValueError as exc:
                raise SettingsError(f"{name}={raw!r}: {exc}") from None
    return default


def _integer(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError("expected a whole number, such as 30") from None


def _boolean(raw: str) -> bool:
    word = raw.strip().lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ValueError("expected true or false")


def _addresses(raw: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in raw.split(",") if p.strip())


def _workers() -> int:
    try:
        return int(os.environ.get("WEB_CONCURRENCY", "1") or 1)
    except ValueError:
        return 1


def shared_secret_key(data_dir: Path) -> str:
    """The key kept in ``data_dir/secret_key``, made on first use.

    Created atomically (written to a private temporary file, then hard-linked into place, which
    fails if another worker won the race: that worker's key is then read), mode 0600. Where the
    directory cannot be written, one worker falls back to a key of its own process (a restart
    then ends sessions); several workers refuse to start, because each would sign with its own
    key and refuse the others' cookies.
    """
    path = data_dir / KEY_FILE
    try:
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
    except FileNotFoundError:
        pass
    except OSError as exc:
        return _no_shared_key(f"cannot read {path}: {exc.strerror}")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        tmp = data_dir / f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_urlsafe(48))
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
        return path.read_text(encoding="ascii").strip()
    except OSError as exc:
        return _no_shared_key(f"cannot write {path}: {exc.strerror}")


def _no_shared_key(why: str) -> str:
    if _workers() > 1:
        raise SystemExit(
            f"not starting: SECRET_KEY is not set and {why}. With WEB_CONCURRENCY="
            f"{_workers()} workers each would sign cookies with its own key and refuse the "
            "others' (sign-ins and resident answers would fail at random). Set SECRET_KEY, or "
            "make SCREENER_DATA_DIR writable.")
    print(f"warning: SECRET_KEY is not set and {why}; using a key of this process only "
          "(a restart ends sessions)", file=sys.stderr)
    return secrets.token_urlsafe(48)


@cache
def get_settings() -> Settings:
    return Settings.from_environ()
