"""consultations at metropolis scale: phase counters, keyset and export indexes, stored
participation reports

Revision ID: scale01
Revises: sessions01
Create Date: 2026-12-01 11:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'scale01'
down_revision = 'sessions01'
branch_labels = None
depends_on = None

COUNTERS = ('situation_roots', 'assessment_roots', 'results_roots', 'comment_count',
            'proposal_count')


def upgrade():
    op.create_table('consultation_report',
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_report_consultation_id_consultation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consultation_id', name=op.f('pk_consultation_report'))
    )
    with op.batch_alter_table('phase', schema=None) as batch_op:
        for name in COUNTERS:
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default='0', nullable=False))
    # The counters of the phases that already have comments and proposals.
    roots = "c.parent_id IS NULL AND c.proposal_id IS NULL AND c.section = '{}'"
    counts = {
        'situation_roots': ('comment', roots.format('situation')),
        'assessment_roots': ('comment', roots.format('assessment')),
        'results_roots': ('comment', roots.format('results')),
        'comment_count': ('comment', '1 = 1'),
        'proposal_count': ('proposal', '1 = 1'),
    }
    op.execute("UPDATE phase SET " + ", ".join(
        f"{name} = (SELECT count(*) FROM {table} c WHERE c.phase_id = phase.id AND {where})"
        for name, (table, where) in counts.items()))
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index('ix_comment_export', ['consultation_id', 'id'], unique=False)
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_export', ['consultation_id', 'id'], unique=False)
        batch_op.create_index('ix_proposal_phase_recent', ['phase_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_proposal_phase_supported', ['phase_id', 'support_count', 'created_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_phase_supported')
        batch_op.drop_index('ix_proposal_phase_recent')
        batch_op.drop_index('ix_proposal_export')
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_export')
    with op.batch_alter_table('phase', schema=None) as batch_op:
        for name in reversed(COUNTERS):
            batch_op.drop_column(name)
    op.drop_table('consultation_report')
