"""sessions that can be ended, bounded sign-in throttling, usernames unique without case,
follow-up per program

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

- ``staff_user.session_version``: raised by logout, password change and disabling an account.
- ``staff_login_throttle`` (one counter per key) replaces ``staff_login_attempt`` (a row per
  try, without bound). The old rows are only a rate-limit window: they are dropped.
- Usernames unique regardless of case: an index on ``lower(username)``. Accounts that already
  clash (``Alice`` and ``alice``) keep the oldest as it is; each later one is renamed
  ``<name>-<id>`` (still active, its sessions ended) and the renaming is written to the audit
  log, so that an administrator can tell its owner.
- ``staff_case.follow_ups``: {program: {"status", "on"}}; each case's old single status is
  copied to every program that was eligible.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), nullable=False,
                                      server_default="0"))
    conn = op.get_bind()
    users = sa.table("staff_user", sa.column("id", sa.Integer), sa.column("username", sa.String),
                     sa.column("session_version", sa.Integer))
    audit = sa.table("staff_audit", sa.column("at", sa.DateTime(timezone=True)),
                     sa.column("user_id", sa.Integer), sa.column("username", sa.String),
                     sa.column("action", sa.String), sa.column("case_id", sa.Integer),
                     sa.column("detail", sa.String))
    seen: set[str] = set()
    rows = conn.execute(sa.select(users.c.id, users.c.username).order_by(users.c.id)).all()
    taken = {name.lower() for _id, name in rows}
    for user_id, name in rows:
        if name.lower() not in seen:
            seen.add(name.lower())
            continue
        new = f"{name[:50]}-{user_id}"
        while new.lower() in taken:
            new += "x"
        taken.add(new.lower())
        conn.execute(users.update().where(users.c.id == user_id).values(
            username=new, session_version=users.c.session_version + 1))
        conn.execute(audit.insert().values(
            at=dt.datetime.now(dt.UTC), user_id=None, username="migration",
            action="user_change", case_id=None,
            detail=f"user={user_id} renamed {name} -> {new}: same name as an older account "
                   "without regard to case"[:200]))
    op.create_index("ix_staff_user_username_lower", "staff_user", [sa.text("lower(username)")],
                    unique=True)

    op.create_table(
        "staff_login_throttle",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_staff_login_throttle_last_at", "staff_login_throttle", ["last_at"])
    with op.batch_alter_table("staff_login_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_login_attempt_username"))
        batch_op.drop_index(batch_op.f("ix_staff_login_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_staff_login_attempt_address"))
    op.drop_table("staff_login_attempt")

    with op.batch_alter_table("staff_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follow_ups", sa.JSON(), nullable=True))
    cases = sa.table("staff_case", sa.column("id", sa.Integer), sa.column("results", sa.JSON),
                     sa.column("follow_up", sa.String), sa.column("follow_ups", sa.JSON))
    for case_id, results, state in conn.execute(
            sa.select(cases.c.id, cases.c.results, cases.c.follow_up)).all():
        eligible = [p for p, r in (results or {}).items() if (r or {}).get("status") == "eligible"]
        if eligible:
            conn.execute(cases.update().where(cases.c.id == case_id).values(
                follow_ups={p: {"status": state, "on": None} for p in eligible}))


def downgrade() -> None:
    with op.batch_alter_table("staff_case", schema=None) as batch_op:
        batch_op.drop_column("follow_ups")
    op.drop_index("ix_staff_login_throttle_last_at", table_name="staff_login_throttle")
    op.drop_table("staff_login_throttle")
    op.create_table(
        "staff_login_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("staff_login_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_login_attempt_address"), ["address"])
        batch_op.create_index(batch_op.f("ix_staff_login_attempt_at"), ["at"])
        batch_op.create_index(batch_op.f("ix_staff_login_attempt_username"), ["username"])
    op.drop_index("ix_staff_user_username_lower", table_name="staff_user")
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_column("session_version")
