"""The search index: one row per searchable thing, whatever its module.

``vector`` holds what the database searches: on PostgreSQL a ``tsvector`` built with the
``french`` configuration from the accent-folded title (weight A) and text (weight B), with a
GIN index; on SQLite the stems of the title (twice, so that it counts more) and of the text,
indexed by the FTS5 table ``search_fts`` (external content, kept in step by triggers). Both
native objects are created by the migration ``find01`` and, for ``create_all``, by the DDL
events below; ``NATIVE_OBJECTS`` names them for the migration comparison."""

import sqlalchemy as sa
from sqlalchemy import DDL, event
from sqlalchemy.dialects.postgresql import TSVECTOR

from ..extensions import db
from ..timeutil import utcnow

FTS_TABLE = "search_fts"
GIN_INDEX = "ix_search_document_vector"

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(vector, "
    "content='search_document', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS search_document_ai AFTER INSERT ON search_document BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, vector) VALUES (new.id, new.vector); END",
    f"CREATE TRIGGER IF NOT EXISTS search_document_ad AFTER DELETE ON search_document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, vector) VALUES ('delete', old.id, old.vector);"
    " END",
    f"CREATE TRIGGER IF NOT EXISTS search_document_au AFTER UPDATE ON search_document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, vector) VALUES ('delete', old.id, old.vector);"
    f" INSERT INTO {FTS_TABLE}(rowid, vector) VALUES (new.id, new.vector); END",
)
SQLITE_DROP = (f"DROP TABLE IF EXISTS {FTS_TABLE}",)
POSTGRES_DDL = (
    f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON search_document USING gin (vector)",
)
POSTGRES_DROP = (f"DROP INDEX IF EXISTS {GIN_INDEX}",)


def include_name(name, type_, parent_names):
    """Alembic's filter: the native search objects are not in the models (an FTS5 virtual
    table and its shadow tables, a GIN index); the migration makes them and
    ``tests/core/test_migrations.py`` checks them by name."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == GIN_INDEX)


class SearchDocument(db.Model):
    __tablename__ = "search_document"
    __table_args__ = (
        sa.UniqueConstraint("kind", "object_id"),
        sa.Index("ix_search_document_territory_kind", "territory_id", "kind"),
        {"sqlite_autoincrement": True},
    )

    # AUTOINCREMENT: the FTS5 rowid follows this id, which must never be reused.
    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(40), nullable=False)
    object_id = db.Column(db.Integer, nullable=False)
    territory_id = db.Column(db.ForeignKey("territory.id", ondelete="CASCADE"))  # None: network
    public = db.Column(db.Boolean, nullable=False, default=True)
    title = db.Column(db.String(300), nullable=False)
    body = db.Column(db.Text, nullable=False, default="")
    url = db.Column(db.String(500), nullable=False)
    vector = db.Column(TSVECTOR().with_variant(sa.Text(), "sqlite"))
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


def _ddl(statements, dialect):
    return [DDL(statement).execute_if(dialect=dialect) for statement in statements]


for _statement in _ddl(SQLITE_DDL, "sqlite") + _ddl(POSTGRES_DDL, "postgresql"):
    event.listen(SearchDocument.__table__, "after_create", _statement)
for _statement in _ddl(SQLITE_DROP, "sqlite") + _ddl(POSTGRES_DROP, "postgresql"):
    event.listen(SearchDocument.__table__, "before_drop", _statement)
