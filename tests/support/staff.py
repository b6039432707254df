"""Fixtures of the staff area's tests: a fresh database on each backend.

``db_url`` (import ``db_url_fixture``) is parametrized over SQLite (a temporary file) and
PostgreSQL (``TEST_POSTGRES_URL``, set by scripts/ci-postgres.sh in CI).
With CI=true a missing PostgreSQL fails instead of
skipping. The schema is made by the Alembic migration, so the tests also test the migration.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

BACKENDS = ["sqlite", "postgresql"]
PASSWORD = "correct horse battery"


_own_database: dict[str, str] = {}


def _private_postgres(base: str) -> str:
    """A database of this test process's own on the server at ``base`` (created once, dropped
    at exit), so that test runs sharing one server cannot disturb each other."""
    if base not in _own_database:
        import atexit

        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        from app.staff.db import normalise_url

        root = make_url(normalise_url(base))
        name = f"{root.database}_{os.getpid()}"
        admin = create_engine(root, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))

        def drop() -> None:
            from app.staff.db import dispose_all

            dispose_all()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

        atexit.register(drop)
        _own_database[base] = root.set(database=name).render_as_string(hide_password=False)
    return _own_database[base]


def _reset_postgres(url: str) -> None:
    from sqlalchemy import text

    from app.staff.db import get_engine

    with get_engine(url).begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


def fresh_database(backend: str, tmp_path: Path) -> str:
    from app.staff.db import migrate

    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'staff.db'}"
    else:
        url = os.environ.get("TEST_POSTGRES_URL", "")
        if not url:
            if os.environ.get("CI"):
                pytest.fail("TEST_POSTGRES_URL is not set in CI: .ci/run starts PostgreSQL "
                            "with scripts/ci-postgres.sh")
            pytest.skip("no PostgreSQL: set TEST_POSTGRES_URL "
                        "(e.g. export TEST_POSTGRES_URL=$(bash scripts/ci-postgres.sh))")
        url = _private_postgres(url)
        _reset_postgres(url)
    migrate(url)
    return url


@pytest.fixture(params=BACKENDS, name="db_url")
def db_url_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    from app.staff.db import use_database

    url = fresh_database(request.param, tmp_path)
    use_database(url)
    try:
        yield url
    finally:
        use_database(None)


@pytest.fixture(name="db")
def db_fixture(db_url: str) -> Iterator[object]:
    from sqlmodel import Session

    from app.staff.db import get_engine

    with Session(get_engine(db_url), expire_on_commit=False) as session:
        yield session


def make_user(session: object, username: str, role: str = "staff",
              county: str | None = "youjiang", active: bool = True) -> object:
    from app.staff.auth import staff_from_user
    from app.staff.models import UserCreate
    from app.staff.users import create_user

    user = create_user(session, None, UserCreate(  # type: ignore[arg-type]
        username=username, display_name=username.title(), role=role, county=county,
        password=PASSWORD, active=active))
    return staff_from_user(user)
