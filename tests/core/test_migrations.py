"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from thc_participation import create_app
from thc_participation.extensions import db


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
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == []
