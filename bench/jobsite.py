"""A fresh site for the job benchmarks: a database (SQLite in ``instance``, or the PostgreSQL
database of THC_DATABASE_URL, emptied), one territory and its agent."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import PASSWORD  # noqa: E402


def fresh_site(instance, **config):
    """(app with a pushed app context, database URL, territory, agent)."""
    from thc_participation import create_app
    from thc_participation.extensions import db
    from thc_participation.models import Membership, Role, Territory, TerritoryKind, User
    from thc_participation.timeutil import utcnow

    url = os.environ.get("THC_DATABASE_URL") or f"sqlite:///{instance}/thc.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_DIR": str(instance),
                      "SECRET_KEY": "bench-secret-key-" + "x" * 32, "THC_ASYNC_MODE": "threading",
                      "MAIL_BACKEND": "file", "MAIL_DIR": str(instance / "mail"),
                      "THC_BASE_URL": "http://127.0.0.1", **config})
    app.app_context().push()
    db.drop_all()
    db.create_all()
    territory = Territory(name="Villeneuve-sur-Banc", slug="villeneuve-sur-banc",
                          kind=TerritoryKind.COMMUNE, population=100_000,
                          programme_start=utcnow().date().replace(day=1), follows_programme=True)
    agent = User(email="agent@banc.fr", display_name="Agente", confirmed_at=utcnow())
    agent.set_password(PASSWORD)
    db.session.add_all([territory, agent, Membership(user=agent, territory=territory,
                                                     role=Role.AGENT)])
    db.session.commit()
    return app, url, territory, agent


def worker_env(app, url, instance):
    """What `thc run` and `thc worker` need to share the bench's database and queue."""
    env = {"THC_DATABASE_URL": url, "THC_INSTANCE_DIR": str(instance),
           "THC_SECRET_KEY": app.config["SECRET_KEY"], "THC_RATELIMIT_ENABLED": "0",
           "PYTHONPATH": str(ROOT)}
    if os.environ.get("THC_REDIS_URL"):
        env["THC_REDIS_URL"] = os.environ["THC_REDIS_URL"]
    return env
