"""draws: the announced earliest moment of the public randomness

Revision ID: draws01
Revises: progA01
Create Date: 2026-12-01 11:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'draws01'
down_revision = 'progA01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('draw', schema=None) as batch_op:
        batch_op.add_column(sa.Column('randomness_not_before', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('draw', schema=None) as batch_op:
        batch_op.drop_column('randomness_not_before')
