"""votes, supports, reports and follows no longer name their author in the action log

Entries written before the change carried the voter's account and the vote's value: they lose
both (a report keeps its reason). Data only; the schema does not change.

Revision ID: privacy01
Revises: rights01consent
Create Date: 2026-12-01 10:05:00

"""
import json

from alembic import op
import sqlalchemy as sa


revision = 'privacy01'
down_revision = 'rights01consent'
branch_labels = None
depends_on = None

OPINIONS = ("comment.vote", "proposal.support", "proposal.unsupport", "comment.report",
            "proposal.report", "action.follow", "action.unfollow")

audit_entry = sa.table(
    "audit_entry",
    sa.column("id", sa.Integer),
    sa.column("actor_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("details", sa.JSON),
)


def upgrade():
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(audit_entry.c.id, audit_entry.c.details)
        .where(audit_entry.c.action.in_(OPINIONS), audit_entry.c.actor_id.is_not(None))
    ).all()
    for entry_id, details in rows:
        if isinstance(details, str):
            details = json.loads(details)
        kept = {"anonymised": True}
        if isinstance(details, dict) and "reason" in details:
            kept["reason"] = details["reason"]
        connection.execute(sa.update(audit_entry).where(audit_entry.c.id == entry_id)
                           .values(actor_id=None, details=kept))


def downgrade():
    pass  # who voted what is not brought back
