"""Staff area commands: ``python -m app.cli migrate | create-admin | purge-expired``."""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys

from app.settings import get_settings


def migrate_main(argv: list[str]) -> int:
    """Create or upgrade the database schema (alembic upgrade head) on DATABASE_URL."""
    parser = argparse.ArgumentParser(prog="python -m app.cli migrate",
                                     description=migrate_main.__doc__)
    parser.parse_args(argv)
    from .db import database_url, migrate

    try:
        migrate()
    except Exception as exc:  # the message names the problem, never a password
        print(f"migration failed on {_safe(database_url())}: {type(exc).__name__}: "
              f"{str(exc).splitlines()[0] if str(exc) else ''}", file=sys.stderr)
        return 1
    print(f"database schema is up to date ({_safe(database_url())})")
    return 0


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


PASSWORD_PROBLEMS = {  # app.staff.auth.password_problem's reasons, for the terminal
    "short": "the password needs at least 10 characters",
    "long": "the password may have at most 200 characters",
    "username": "the password may not contain the user name",
    "weak": "the password is too common or too easy to guess (zxcvbn): use a few unrelated "
            "words or a longer sentence",
}


def create_user_main(argv: list[str], role: str = "admin") -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m app.cli create-{role}",
        description=f"Create a {role} account. The password is asked for (twice) unless "
                    "the environment variable SCREENER_NEW_PASSWORD holds it.")
    parser.add_argument("username")
    parser.add_argument("--name", default="", help="display name")
    parser.add_argument("--county", default=None,
                        help="county id (design.md §4.2), e.g. youjiang; optional for an admin")
    parser.add_argument("--township", default=None, help="township or village, optional")
    args = parser.parse_args(argv)
    from sqlmodel import Session

    from .auth import find_user, password_problem
    from .db import get_engine, migrate
    from .formmodels import USERNAME_PATTERN
    from .models import COUNTIES, UserCreate
    from .users import create_user

    if not re.fullmatch(USERNAME_PATTERN, args.username) or len(args.username) > 64:
        print(f"the user name {args.username!r} may use only the letters A-Z and a-z, digits, "
              "'.', '-' and '_' (at most 64)", file=sys.stderr)
        return 2
    if args.county is not None and args.county not in COUNTIES:
        print(f"unknown county {args.county!r}; one of: {', '.join(COUNTIES)}", file=sys.stderr)
        return 2
    if role == "staff" and args.county is None:
        print("a staff account needs --county", file=sys.stderr)
        return 2
    password = os.environ.get("SCREENER_NEW_PASSWORD")
    if not password:
        password = getpass.getpass("password (at least 10 characters): ")
        if password != getpass.getpass("again: "):
            print("the passwords differ", file=sys.stderr)
            return 2
    problem = password_problem(password, args.username, (args.name,))
    if problem:
        print(PASSWORD_PROBLEMS[problem], file=sys.stderr)
        return 2
    migrate()
    with Session(get_engine()) as session:
        if find_user(session, args.username) is not None:
            print(f"user {args.username!r} exists already (names are compared without regard "
                  "to case)", file=sys.stderr)
            return 1
        user = create_user(session, None, UserCreate(
            username=args.username, display_name=args.name, role=role, county=args.county,
            township=args.township, password=password))
        print(f"created {role} {user.username!r} (id {user.id})")
    return 0


def create_admin_main(argv: list[str]) -> int:
    return create_user_main(argv, "admin")


def create_staff_main(argv: list[str]) -> int:
    return create_user_main(argv, "staff")


def unlock_main(argv: list[str]) -> int:
    """Clear sign-in delays: of an account (from every address), or of an address (for every
    account), when nobody can sign in to do it at /staff/users. Audited."""
    parser = argparse.ArgumentParser(prog="python -m app.cli unlock",
                                     description=unlock_main.__doc__)
    parser.add_argument("username", nargs="?", help="the account whose delays to clear")
    parser.add_argument("--address", help="the client address whose delays to clear")
    args = parser.parse_args(argv)
    if not args.username and not args.address:
        parser.error("name an account, an --address, or both")
    from sqlmodel import Session

    from . import audit
    from .auth import unlock, unlock_address
    from .db import get_engine

    with Session(get_engine()) as session:
        cleared = (unlock(session, args.username) if args.username else 0) + \
            (unlock_address(session, args.address) if args.address else 0)
        audit.record(session, None, "unlock", username="(command line)",
                     detail=f"keys={cleared}" + (" address" if args.address else ""))
        session.commit()
    print(f"cleared {cleared} sign-in delay(s)")
    return 0


def purge_main(argv: list[str]) -> int:
    """Delete saved cases unchanged for longer than SCREENER_RETENTION_DAYS (default 365)."""
    parser = argparse.ArgumentParser(prog="python -m app.cli purge-expired",
                                     description=purge_main.__doc__)
    parser.add_argument("--days", type=int, default=None, help="override the setting")
    args = parser.parse_args(argv)
    from sqlmodel import Session

    from .cases import purge_expired
    from .db import get_engine

    days = args.days if args.days is not None else get_settings().retention_days
    with Session(get_engine()) as session:
        n = purge_expired(session, days)
    print(f"deleted {n} case(s) unchanged for more than {days} days")
    return 0
