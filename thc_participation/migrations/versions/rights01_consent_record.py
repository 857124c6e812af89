"""consent records (data rights)

Revision ID: rights01consent
Revises: d30875af9e95
"""
import sqlalchemy as sa
from alembic import op

revision = 'rights01consent'
down_revision = 'd30875af9e95'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consent_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('team_member_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('contact', 'profile', 'summit-news', 'team-contact', name='consentkind', native_enum=False, length=32), nullable=False),
    sa.Column('value', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_consent_record_registration_id_registration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_member_id'], ['dashboard_team_member.id'], name=op.f('fk_consent_record_team_member_id_dashboard_team_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_consent_record_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_record'))
    )
    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_record_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_record_team_member_id'), ['team_member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_record_user_id'), ['user_id'], unique=False)

    # Consents given before this history existed: one record each, dated as well as we know.
    user = sa.table('user', sa.column('id', sa.Integer), sa.column('created_at', sa.DateTime),
                    sa.column('contact_consent', sa.Boolean),
                    sa.column('profile_consent_at', sa.DateTime))
    record = sa.table('consent_record', sa.column('user_id', sa.Integer),
                      sa.column('kind', sa.String), sa.column('value', sa.Boolean),
                      sa.column('source', sa.String), sa.column('created_at', sa.DateTime))
    columns = ['user_id', 'kind', 'value', 'source', 'created_at']
    op.execute(record.insert().from_select(columns, sa.select(
        user.c.id, sa.literal('contact'), sa.true(), sa.literal('migration'), user.c.created_at,
    ).where(user.c.contact_consent.is_(True))))
    op.execute(record.insert().from_select(columns, sa.select(
        user.c.id, sa.literal('profile'), sa.true(), sa.literal('migration'),
        user.c.profile_consent_at,
    ).where(user.c.profile_consent_at.is_not(None))))


def downgrade():
    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_record_user_id'))
        batch_op.drop_index(batch_op.f('ix_consent_record_team_member_id'))
        batch_op.drop_index(batch_op.f('ix_consent_record_registration_id'))
    op.drop_table('consent_record')
