"""accessibility needs at registration, the reason of a cancelled session

Revision ID: confirm01
Revises: notif01
"""
import sqlalchemy as sa
from alembic import op

revision = 'confirm01'
down_revision = 'notif01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('needs', sa.String(length=120), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('needs_other', sa.String(length=300), server_default='',
                                      nullable=False))
    with op.batch_alter_table('event_occurrence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=500), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('event_occurrence', schema=None) as batch_op:
        batch_op.drop_column('cancel_reason')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('needs_other')
        batch_op.drop_column('needs')
