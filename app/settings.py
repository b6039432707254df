"""Configuration from the environment (prefix ``SCREENER_``; ``DATABASE_URL`` as is)."""

from __future__ import annotations

import os
import secrets
import sys
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.paths import ENV_FILE, ENV_PREFIX, ROOT, RULES_DIR

KEY_FILE = "secret_key"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_file=ENV_FILE, extra="ignore")

    rules_dir: Path = RULES_DIR
    # Where the service keeps its own files (the generated secret key; SQLite by default).
    data_dir: Path = ROOT / "data"
    database_url: str = Field(
        default=f"sqlite:///{ROOT / 'data' / 'screener.db'}",
        validation_alias=AliasChoices("DATABASE_URL", "SCREENER_DATABASE_URL"))
    # Signs cookies and hidden form state. When unset, a key generated once is kept in
    # ``data_dir/secret_key`` (0600) so that every worker and every restart share it.
    secret_key: str = Field(default="", validation_alias=AliasChoices(
        "SECRET_KEY", "SCREENER_SECRET_KEY"))
    # Days a saved case is kept after its last change.
    retention_days: int = 365
    # Minutes of inactivity after which a staff session ends.
    session_idle_minutes: int = 30
    # Set behind HTTPS so that cookies carry the Secure flag (and pages send HSTS).
    secure_cookies: bool = False
    # Addresses of the reverse proxies whose X-Forwarded-For is believed (comma-separated).
    # None by default: the client's address is the peer's, whatever a header says.
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()

    @model_validator(mode="before")
    @classmethod
    def _split_proxies(cls, data: object) -> object:
        if isinstance(data, dict):
            raw = data.get("trusted_proxies")
            if isinstance(raw, str):
                data["trusted_proxies"] = tuple(p.strip() for p in raw.split(",") if p.strip())
        return data

    @model_validator(mode="after")
    def _shared_key(self) -> Settings:
        if not self.secret_key:
            self.secret_key = shared_secret_key(self.data_dir)
        return self


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
    return Settings()
