"""the control room's latest message stored on each board, for late joiners; a frozen
draw's transparency report stored once

Revision ID: prod01
Revises: confirm01
Create Date: 2026-12-01 14:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'prod01'
down_revision = 'confirm01'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('board', sa.Column('announcement', sa.JSON(), nullable=True))
    op.add_column('draw', sa.Column('report_json', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('draw') as batch_op:
        batch_op.drop_column('report_json')
    with op.batch_alter_table('board') as batch_op:
        batch_op.drop_column('announcement')
