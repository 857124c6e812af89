"""consultations at metropolis scale: phase counters, keyset and export indexes, stored
participation reports

Revision ID: scale01
Revises: sessions01
Create Date: 2026-12-01 11:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'scale01'
down_revision = 'jobs01'
branch_labels = None
depends_on = None

ROOTS_WHERE = 'parent_id IS NULL AND proposal_id IS NULL'
ROOTS = {'postgresql_where': sa.text(ROOTS_WHERE), 'sqlite_where': sa.text(ROOTS_WHERE)}
NEW_SORT_INDEXES = {
    'ix_comment_roots_new': ['phase_id', 'created_at', 'id'],
    'ix_comment_roots_score': ['phase_id', 'score', 'created_at', 'id'],
    'ix_comment_roots_debate': ['phase_id', 'reply_count', 'created_at', 'id'],
}
PART_INDEXES = {
    'ix_comment_part_new': ['phase_id', 'section', 'created_at', 'id'],
    'ix_comment_part_score': ['phase_id', 'section', 'score', 'created_at', 'id'],
    'ix_comment_part_debate': ['phase_id', 'section', 'reply_count', 'created_at', 'id'],
}
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
    # The sort indexes of a phase's discussion become partial (root comments on the text):
    # PostgreSQL does not read "x IS NULL" as an equality, so the old ones, with
    # proposal_id and parent_id among their columns, could not give the order of a page.
    for name in ('ix_comment_roots_new', 'ix_comment_roots_score', 'ix_comment_roots_debate'):
        op.drop_index(name, table_name='comment')
    for name, columns in {**NEW_SORT_INDEXES, **PART_INDEXES}.items():
        op.create_index(name, 'comment', columns, unique=False, **ROOTS)
    op.create_index('ix_comment_proposal', 'comment', ['proposal_id', 'parent_id', 'created_at', 'id'], unique=False)
    op.create_index('ix_comment_export', 'comment', ['consultation_id', 'id'], unique=False)
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_export', ['consultation_id', 'id'], unique=False)
        batch_op.create_index('ix_proposal_phase_recent', ['phase_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_proposal_phase_supported', ['phase_id', 'support_count', 'created_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_phase_supported')
        batch_op.drop_index('ix_proposal_phase_recent')
        batch_op.drop_index('ix_proposal_export')
    op.drop_index('ix_comment_export', table_name='comment')
    op.drop_index('ix_comment_proposal', table_name='comment')
    for name in PART_INDEXES:
        op.drop_index(name, table_name='comment')
    for name, columns in NEW_SORT_INDEXES.items():
        op.drop_index(name, table_name='comment')
        op.create_index(name, 'comment', ['phase_id', 'proposal_id', 'parent_id', *columns[1:]], unique=False)
    with op.batch_alter_table('phase', schema=None) as batch_op:
        for name in reversed(COUNTERS):
            batch_op.drop_column(name)
    op.drop_table('consultation_report')
