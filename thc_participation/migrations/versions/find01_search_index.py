"""full-text search index: search_document, with FTS5 (SQLite) or a french tsvector and its
GIN index (PostgreSQL)

Revision ID: find01
Revises: scale01
Create Date: 2026-12-01 14:45:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

from thc_participation.search.models import POSTGRES_DDL, POSTGRES_DROP, SQLITE_DDL, SQLITE_DROP

revision = 'find01'
down_revision = 'scale01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=True),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('vector', TSVECTOR().with_variant(sa.Text(), 'sqlite'), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['territory_id'], ['territory.id'], name=op.f('fk_search_document_territory_id_territory'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_document')),
    sa.UniqueConstraint('kind', 'object_id', name=op.f('uq_search_document_kind_object_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.create_index('ix_search_document_territory_kind', ['territory_id', 'kind'], unique=False)
    statements = SQLITE_DDL if op.get_bind().dialect.name == 'sqlite' else POSTGRES_DDL
    for statement in statements:
        op.execute(statement)
    # The index is filled by `thc search reindex` (make run and the deploy run it after the
    # upgrade); until then the search finds nothing, it never fails.


def downgrade():
    statements = SQLITE_DROP if op.get_bind().dialect.name == 'sqlite' else POSTGRES_DROP
    for statement in statements:
        op.execute(statement)
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_index('ix_search_document_territory_kind')
    op.drop_table('search_document')
