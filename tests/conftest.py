"""Shared fixtures: a fresh database per test, real SMTP, PostgreSQL, Redis, live server, browser.

``THC_TEST_DATABASE=postgres`` runs the same tests on a throw-away PostgreSQL server.
"""

import os
import uuid

import pytest
import redis
from flask.testing import FlaskClient
from sqlalchemy import text

from thc_participation import create_app
from thc_participation.extensions import db as _db
from thc_participation.models import Membership, NetworkMember, Role, Territory, TerritoryKind, User
from thc_participation.timeutil import utcnow

from .support.servers import LiveServer, PostgresServer, RedisServer, SmtpServer

USE_POSTGRES = os.environ.get("THC_TEST_DATABASE") == "postgres"
PASSWORD = "un mot de passe solide"


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty PostgreSQL database of its own for a test, besides the main one."""
    return postgres_server.create_database(f"thc_{uuid.uuid4().hex[:8]}")


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


def emptied(redis_server):
    """The session's Redis, emptied: the presence counts, rate-limit counts and queues left by
    an earlier test's servers (whose board ids a fresh database gives again) must not add up
    with this test's. Returns its URL."""
    redis.Redis.from_url(redis_server.url).flushdb()
    return redis_server.url


@pytest.fixture
def redis_url(redis_server):
    """The session's Redis, emptied for this test."""
    return emptied(redis_server)


@pytest.fixture(scope="session")
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, request):
    if USE_POSTGRES:
        server = request.getfixturevalue("postgres_server")
        return server.create_database("thc_test")
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'thc-test.db'}"


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("instance")


def _test_config(database_url, instance_dir, smtp_server, **overrides):
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_DIR": str(instance_dir),
        "UPLOAD_DIR": str(instance_dir / "uploads"),
        "MAIL_DIR": str(instance_dir / "mail"),
        "MAIL_BACKEND": "smtp",
        "MAIL_HOST": "127.0.0.1",
        "MAIL_PORT": smtp_server.port,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "THC_ASYNC_MODE": "threading",
        # Jobs run at once in the process that starts them; tests of the worker itself turn
        # this off and start a real `thc worker`.
        "THC_JOBS_IMMEDIATE": True,
        "THC_BASE_URL": "http://thc.test",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",  # hashing is not what these tests measure
        **overrides,
    }


@pytest.fixture(scope="session")
def _schema(database_url, instance_dir, smtp_server):
    app = create_app(_test_config(database_url, instance_dir, smtp_server))
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    return True


def _empty_tables():
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    if _db.engine.dialect.name == "postgresql":
        quoted = ", ".join(f'"{name}"' for name in tables)
        _db.session.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    else:
        for name in tables:
            _db.session.execute(text(f'DELETE FROM "{name}"'))
    _db.session.commit()


@pytest.fixture
def make_app(_schema, database_url, instance_dir, smtp_server):
    """Build an app on the test database with some settings changed (e.g. rate limits on)."""
    apps = []

    def factory(**overrides):
        app = create_app(_test_config(database_url, instance_dir, smtp_server, **overrides))
        app.test_client_class = IsolatedClient
        apps.append(app)
        return app

    yield factory
    if apps:
        with apps[0].app_context():
            _db.session.remove()
            _empty_tables()
            _db.engine.dispose()
    for app in apps[1:]:
        with app.app_context():
            _db.engine.dispose()


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production: its own ``g`` (locale,
    current user) and its own database session, not the test body's. Its body is buffered: a
    streamed body (the open-data exports) is read and closed within its request, as a WSGI
    server does; a test that checks the streaming itself asks ``buffered=False``."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(make_app):
    app = make_app()
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        _db.session.remove()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def smtp(smtp_server):
    smtp_server.messages.clear()
    return smtp_server


def _territory(name, slug, population=12_000):
    territory = Territory(
        name=name, slug=slug, kind=TerritoryKind.COMMUNE, population=population,
        programme_start=utcnow().date().replace(day=1), follows_programme=True,
    )
    _db.session.add(territory)
    _db.session.commit()
    return territory


@pytest.fixture
def territory(app):
    return _territory("Villeneuve-les-Tests", "villeneuve-les-tests")


@pytest.fixture
def other_territory(app):
    return _territory("Autreville", "autreville", population=4_000)


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 100_000))

    def factory(email=None, roles=(), territory=None, admin=False, confirmed=True, name=None,
                network=False, **fields):
        """``network``: designated by ``territory`` to the network (see territories.network)."""
        n = next(counter)
        user = User(
            email=email or f"personne{n}@exemple.fr",
            display_name=name or f"Personne {n}",
            is_admin=admin,
            confirmed_at=utcnow() if confirmed else None,
            **fields,
        )
        user.set_password(PASSWORD)
        _db.session.add(user)
        for role in roles:
            _db.session.add(Membership(user=user, territory=territory, role=Role(role)))
        if network:
            _db.session.add(NetworkMember(user=user, territory=territory))
        _db.session.commit()
        return user

    return factory


# One person per role, shared by every module's tests.
@pytest.fixture
def admin(make_user):
    return make_user(email="claire.admin@exemple.fr", name="Claire Admin", admin=True)


# The territory designated its agent and its elected official to the network (two at most).
@pytest.fixture
def agent(make_user, territory):
    return make_user(email="karim.agent@exemple.fr", name="Karim Benali", roles=("agent",),
                     territory=territory, network=True)


@pytest.fixture
def other_agent(make_user, other_territory):
    """An agent of another territory: must never act on ``territory``."""
    return make_user(email="lea.autre@exemple.fr", name="Léa Martin", roles=("agent",),
                     territory=other_territory, network=True)


@pytest.fixture
def elu(make_user, territory):
    return make_user(email="monique.elu@exemple.fr", name="Monique Lefèvre", roles=("elu",),
                     territory=territory, network=True)


@pytest.fixture
def facilitator(make_user, territory):
    return make_user(email="ines.animation@exemple.fr", name="Inès Facilitatrice",
                     roles=("facilitator",), territory=territory)


@pytest.fixture
def citizen(make_user):
    return make_user(email="camille.durand@exemple.fr", name="Camille Durand",
                     contact_consent=True)


def session_token(user, remember=False):
    """Open a server-side session for ``user`` (committed) and return what cookies carry."""
    from thc_participation.accounts import sessions

    token = sessions.open_session(user, remember=remember)
    _db.session.commit()
    return token


@pytest.fixture
def login():
    def do_login(client, user):
        token = session_token(user)
        with client.session_transaction() as session:
            session["_user_id"] = token
            session["_fresh"] = True
        return client

    return do_login


@pytest.fixture
def live_server_factory(app, database_url, instance_dir, smtp_server):
    """Start real servers (``thc run``) on the test database; stopped after the test."""
    servers = []

    def factory(async_mode="eventlet", **env):
        server = LiveServer(
            {
                "THC_DATABASE_URL": database_url,
                "THC_INSTANCE_DIR": str(instance_dir),
                "THC_SECRET_KEY": app.config["SECRET_KEY"],
                "THC_MAIL_BACKEND": "smtp",
                "THC_MAIL_HOST": "127.0.0.1",
                "THC_MAIL_PORT": str(smtp_server.port),
                "THC_RATELIMIT_ENABLED": "0",
                **env,
            },
            async_mode=async_mode,
        )
        servers.append(server)
        return server.start()

    yield factory
    for server in servers:
        server.stop()


@pytest.fixture(params=["sqlite", "redis"])
def job_queue(request, app):
    """The app's background jobs go to a real queue for a real `thc worker` (tests.support.
    worker) instead of running at once: the instance folder's SQLite file, or Redis (then the
    worker emits progress through it). Yields the Redis URL or None."""
    from thc_participation import jobs

    redis_url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    app.config.update(THC_JOBS_IMMEDIATE=False, THC_REDIS_URL=redis_url)
    for key in ("huey", "huey_tasks"):
        app.extensions.pop(key, None)
    jobs.init_app(app).flush()  # nothing left by another test
    yield redis_url
    jobs.init_app(app).flush()


@pytest.fixture
def live_server(live_server_factory):
    return live_server_factory()


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter):
    """The counts the big suites measured (forms, inputs, pages, exports...), after the run."""
    from .support.report import COUNTS

    if COUNTS:
        terminalreporter.section("measured")
        for name, line in COUNTS.items():
            terminalreporter.write_line(f"{name}: {line}")
