"""The staff database: an engine per URL, a session per request, Alembic migrations.

SQLite (``data/screener.db``) by default, PostgreSQL through ``DATABASE_URL``
(``postgresql+psycopg://user:pass@host/db``). Nothing connects until a staff page needs it,
so the public screener starts and answers even when the database is down.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import Engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, create_engine

from app.settings import ROOT, get_settings

_engines: dict[str, Engine] = {}
_lock = threading.Lock()
_override: str | None = None

DatabaseError = SQLAlchemyError


def normalise_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` use psycopg 3 (the driver we install)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def database_url() -> str:
    return normalise_url(_override or get_settings().database_url)


def use_database(url: str | None) -> None:
    """Point the staff area at another database (tests); ``None`` goes back to the settings."""
    global _override
    _override = url


def _sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite:///"):
        return None
    rest = url[len("sqlite:///"):]
    return None if rest in ("", ":memory:") else Path(rest)


def get_engine(url: str | None = None) -> Engine:
    url = normalise_url(url or database_url())
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                engine = create_engine(url, connect_args={"check_same_thread": False,
                                                          "timeout": 15})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(url, pool_pre_ping=True,
                                       connect_args={"connect_timeout": 5})
            _engines[url] = engine
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def dispose_all() -> None:
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def get_session() -> Iterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.attributes["database_url"] = normalise_url(url)
    return cfg


def migrate(url: str | None = None) -> None:
    """Create or upgrade the schema to the newest migration (``alembic upgrade head``)."""
    from alembic import command

    url = normalise_url(url or database_url())
    path = _sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), "head")


def downgrade_all(url: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(url), "base")
