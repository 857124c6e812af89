"""board ids never reused: SQLite AUTOINCREMENT on board_participant, board_cluster, board_note

Revision ID: boards01
Revises: sessions01
Create Date: 2026-12-01 12:00:00

SQLite reuses the highest rowid once its row is deleted, so a client resending an operation on
a deleted note could land on the next note added. AUTOINCREMENT can only be set when a table
is created: on SQLite the three tables are rebuilt (copying their rows). PostgreSQL sequences
never reuse ids: nothing to do there.

The rebuild drops the old tables, which with foreign keys enforced would delete the votes and
notes that reference them (ON DELETE CASCADE): enforcement is switched off for the rebuild,
which SQLite allows only outside a transaction. If that is not possible (several revisions
upgraded in one run, with rows in the tables), the upgrade stops with a message: run
``flask db upgrade`` again, and this revision then runs alone.
"""
from alembic import op

revision = 'boards01'
down_revision = 'draws01'
branch_labels = None
depends_on = None

TABLES = ('board_participant', 'board_cluster', 'board_note')


def _rebuild(autoincrement):
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    bind.exec_driver_sql('PRAGMA foreign_keys=OFF')
    enforced = bind.exec_driver_sql('PRAGMA foreign_keys').scalar()
    rows = sum(bind.exec_driver_sql(f'SELECT count(*) FROM {t}').scalar() for t in TABLES)
    if enforced and rows:
        raise RuntimeError('boards01: run "flask db upgrade" again (this revision must run '
                           'alone on SQLite, to rebuild tables without cascading deletes).')
    for table in TABLES:
        with op.batch_alter_table(table, recreate='always',
                                  table_kwargs={'sqlite_autoincrement': autoincrement}):
            pass
    bind.exec_driver_sql('PRAGMA foreign_keys=ON')


def upgrade():
    _rebuild(True)


def downgrade():
    _rebuild(False)
