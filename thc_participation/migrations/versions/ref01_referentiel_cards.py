"""the référentiel: cards (tools and methods, experiences, actors), their cycle steps,
programme phases, related cards and published versions; the "collectif ami" account role

Revision ID: ref01
Revises: find01
Create Date: 2026-12-01 14:20:20.014318

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'ref01'
down_revision = 'find01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('referentiel_card',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('outil', 'experience', 'acteur', name='cardkind', native_enum=False, length=32), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('status', sa.Enum('brouillon', 'proposee', 'modifications', 'publiee', 'archivee', name='cardstatus', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=600), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('participation_level', sa.Enum('information', 'consultation', 'concertation', 'coconstruction', 'codecision', name='participationlevel', native_enum=False, length=32), nullable=True),
    sa.Column('scale', sa.Enum('quartier', 'commune', 'intercommunalite', 'departement', 'region', 'national', name='cardscale', native_enum=False, length=32), nullable=True),
    sa.Column('effort', sa.Enum('faible', 'moyen', 'eleve', name='effort', native_enum=False, length=32), nullable=True),
    sa.Column('duration', sa.String(length=120), nullable=True),
    sa.Column('audience', sa.String(length=200), nullable=True),
    sa.Column('territory_name', sa.String(length=120), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('licence', sa.String(length=80), nullable=False),
    sa.Column('sources', sa.Text(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('image_id', sa.Integer(), nullable=True),
    sa.Column('image_alt', sa.String(length=200), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_referentiel_card_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['image_id'], ['upload.id'], name=op.f('fk_referentiel_card_image_id_upload'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referentiel_card')),
    sa.UniqueConstraint('slug', name=op.f('uq_referentiel_card_slug')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('referentiel_card', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referentiel_card_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_referentiel_card_catalogue', ['status', 'title', 'id'], unique=False)
        batch_op.create_index('ix_referentiel_card_kind', ['status', 'kind', 'title', 'id'], unique=False)
        batch_op.create_index('ix_referentiel_card_level', ['status', 'participation_level', 'title', 'id'], unique=False)
        batch_op.create_index('ix_referentiel_card_scale', ['status', 'scale', 'title', 'id'], unique=False)

    op.create_table('referentiel_card_phase',
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.SmallInteger(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['referentiel_card.id'], name=op.f('fk_referentiel_card_phase_card_id_referentiel_card'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('card_id', 'phase', name=op.f('pk_referentiel_card_phase'))
    )
    with op.batch_alter_table('referentiel_card_phase', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referentiel_card_phase_phase'), ['phase'], unique=False)

    op.create_table('referentiel_card_relation',
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('related_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['referentiel_card.id'], name=op.f('fk_referentiel_card_relation_card_id_referentiel_card'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['related_id'], ['referentiel_card.id'], name=op.f('fk_referentiel_card_relation_related_id_referentiel_card'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('card_id', 'related_id', name=op.f('pk_referentiel_card_relation'))
    )
    with op.batch_alter_table('referentiel_card_relation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referentiel_card_relation_related_id'), ['related_id'], unique=False)

    op.create_table('referentiel_card_step',
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Enum('emergence', 'elaboration', 'decision', 'mise-en-oeuvre', 'evaluation', name='cyclestep', native_enum=False, length=32), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['referentiel_card.id'], name=op.f('fk_referentiel_card_step_card_id_referentiel_card'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('card_id', 'step', name=op.f('pk_referentiel_card_step'))
    )
    with op.batch_alter_table('referentiel_card_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referentiel_card_step_step'), ['step'], unique=False)

    op.create_table('referentiel_card_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_referentiel_card_version_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['card_id'], ['referentiel_card.id'], name=op.f('fk_referentiel_card_version_card_id_referentiel_card'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referentiel_card_version')),
    sa.UniqueConstraint('card_id', 'number', name=op.f('uq_referentiel_card_version_card_id_number'))
    )
    with op.batch_alter_table('referentiel_card_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referentiel_card_version_card_id'), ['card_id'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_collective_member', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('is_collective_member')

    with op.batch_alter_table('referentiel_card_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referentiel_card_version_card_id'))

    op.drop_table('referentiel_card_version')
    with op.batch_alter_table('referentiel_card_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referentiel_card_step_step'))

    op.drop_table('referentiel_card_step')
    with op.batch_alter_table('referentiel_card_relation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referentiel_card_relation_related_id'))

    op.drop_table('referentiel_card_relation')
    with op.batch_alter_table('referentiel_card_phase', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referentiel_card_phase_phase'))

    op.drop_table('referentiel_card_phase')
    with op.batch_alter_table('referentiel_card', schema=None) as batch_op:
        batch_op.drop_index('ix_referentiel_card_scale')
        batch_op.drop_index('ix_referentiel_card_level')
        batch_op.drop_index('ix_referentiel_card_kind')
        batch_op.drop_index('ix_referentiel_card_catalogue')
        batch_op.drop_index(batch_op.f('ix_referentiel_card_author_id'))

    op.drop_table('referentiel_card')
