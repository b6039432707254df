"""staff area: users, cases, audit log, login attempts

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("staff_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_audit_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_audit_case_id"), ["case_id"], unique=False)

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
        batch_op.create_index(
            batch_op.f("ix_staff_login_attempt_address"), ["address"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_staff_login_attempt_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_staff_login_attempt_username"), ["username"], unique=False
        )

    op.create_table(
        "staff_user",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("county", sa.String(length=32), nullable=True),
        sa.Column("township", sa.String(length=100), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_user_username"), ["username"], unique=True)

    op.create_table(
        "staff_case",
        sa.Column("applicant_name", sa.String(length=100), nullable=True),
        sa.Column("applicant_phone", sa.String(length=32), nullable=True),
        sa.Column("follow_up", sa.String(length=16), nullable=False),
        sa.Column("follow_up_note", sa.String(length=2000), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.Column("screened_on", sa.Date(), nullable=False),
        sa.Column("rulebook_version", sa.String(length=32), nullable=False),
        sa.Column("rulebook_digest", sa.String(length=64), nullable=False),
        sa.Column("consent_version", sa.String(length=16), nullable=False),
        sa.Column("consent_by", sa.Integer(), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("county", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rescreened_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["consent_by"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("staff_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_case_county"), ["county"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_case_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_case_updated_at"), ["updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("staff_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_case_updated_at"))
        batch_op.drop_index(batch_op.f("ix_staff_case_staff_id"))
        batch_op.drop_index(batch_op.f("ix_staff_case_county"))

    op.drop_table("staff_case")
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_user_username"))

    op.drop_table("staff_user")
    with op.batch_alter_table("staff_login_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_login_attempt_username"))
        batch_op.drop_index(batch_op.f("ix_staff_login_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_staff_login_attempt_address"))

    op.drop_table("staff_login_attempt")
    with op.batch_alter_table("staff_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_audit_case_id"))
        batch_op.drop_index(batch_op.f("ix_staff_audit_at"))

    op.drop_table("staff_audit")
