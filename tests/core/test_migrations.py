"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import text

from thc_participation import create_app
from thc_participation.extensions import db
from thc_participation.search.models import FTS_TABLE, GIN_INDEX, include_name


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.db'}"
    return request.getfixturevalue("postgres_url")


def test_upgrade_on_an_empty_database_matches_the_models(fresh_database_url, tmp_path):
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": fresh_database_url,
        "INSTANCE_DIR": str(tmp_path),
        "THC_ASYNC_MODE": "threading",
    })
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            # The search index's native objects (FTS5 table, GIN index) are not in the models:
            # the comparison leaves them out by name, and they are checked below.
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": include_name})
            differences = compare_metadata(context, db.metadata)
            native = _search_native_objects(connection)
        db.engine.dispose()
    assert differences == []
    assert native


def _search_native_objects(connection):
    """Whether the migration made the search index's FTS5 table and triggers (SQLite) or its
    GIN index on a tsvector column (PostgreSQL)."""
    if connection.dialect.name == "sqlite":
        sql = connection.execute(text(
            "SELECT sql FROM sqlite_master WHERE name = :name"), {"name": FTS_TABLE}).scalar()
        triggers = connection.execute(text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'search_document'")).scalar()
        return "USING fts5" in (sql or "") and triggers == 3
    definition = connection.execute(text(
        "SELECT indexdef FROM pg_indexes WHERE indexname = :name"), {"name": GIN_INDEX}).scalar()
    column_type = connection.execute(text(
        "SELECT data_type FROM information_schema.columns WHERE table_name = 'search_document' "
        "AND column_name = 'vector'")).scalar()
    return "USING gin (vector)" in (definition or "") and column_type == "tsvector"


# Issue 17: evaluation reports written after the programme-guide revision stay reserved to
# their group until published; every document written before it stays public.
def test_documents_written_before_the_revision_stay_published(fresh_database_url, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": fresh_database_url,
                      "INSTANCE_DIR": str(tmp_path), "THC_ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade(revision="sessions01")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO territory (id, name, slug, kind, population, follows_programme, "
                "created_at) VALUES (1, 'Ville', 'ville', 'commune', 1000, true, "
                "'2026-01-01 10:00:00')"))
            connection.execute(text(
                "INSERT INTO dashboard_document (id, territory_id, kind, title, document_date, "
                "body, created_at) VALUES (1, 1, 'rapport-evaluation', 'Rapport', "
                "'2026-05-01', 'Texte', '2026-05-02 09:30:00')"))
        upgrade(revision="progB01")
        with db.engine.connect() as connection:
            published = connection.execute(text(
                "SELECT published_at FROM dashboard_document WHERE id = 1")).scalar_one()
        db.engine.dispose()
    assert str(published).startswith("2026-05-02 09:30:00")
