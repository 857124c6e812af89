"""The application factory."""

import os
from urllib.parse import urlsplit

from flask import Flask, has_request_context, request
from flask_babel import gettext as _
from flask_login import current_user

from . import config as config_module
from . import dbpool
from .errors import Invalid
from .extensions import babel, csrf, db, limiter, login_manager, migrate, socketio


def content_security_policy(base_url):
    """The strict CSP of every page. WebSockets may reach only the site itself: ``'self'``
    (which CSP Level 3 browsers extend to ws/wss of the same host) plus the site's own
    ws(s):// origin taken from ``THC_BASE_URL``, for browsers that do not."""
    parts = urlsplit(base_url)
    own_socket = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: https://tile.openstreetmap.org https://*.tile.openstreetmap.org",
            f"connect-src 'self' {own_socket}",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def create_app(config_overrides=None):
    app = Flask(__name__, instance_path=config_module.INSTANCE_DIR)
    app.config.update(config_module.from_environment())
    if config_overrides:
        app.config.update(config_overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = config_module.normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    os.makedirs(app.config["INSTANCE_DIR"], exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config_module.instance_secret_key(app.config["INSTANCE_DIR"])
    config_module.check_production(app.config)
    if app.config["THC_TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["THC_TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    _import_socket_handlers()
    _init_extensions(app)
    _register_modules(app)
    _register_hooks(app)
    from . import errorpages, templating
    from .transaction import commit_request

    app.after_request(commit_request)

    errorpages.register(app)
    templating.register(app)
    return app


def _init_extensions(app):
    from .events.boards.wire import MAX_BUFFER as BOARD_MAX_BUFFER

    db.init_app(app)
    with app.app_context():
        dbpool.ping_when_idle(db.engine)
    from .search.models import include_name as search_objects

    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"),
                     include_name=search_objects)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    limiter.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["THC_ASYNC_MODE"],
        message_queue=app.config["THC_REDIS_URL"],
        manage_session=False,
        # Above the 1 MB a board client may send, so that an oversize payload is answered
        # ``invalid`` (events.boards.wire) instead of closing the transport.
        max_http_buffer_size=BOARD_MAX_BUFFER,
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from sqlalchemy import event

        with app.app_context():
            @event.listens_for(db.engine, "connect")
            def _sqlite_pragmas(dbapi_connection, _record):
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA busy_timeout=10000")
                cursor.close()


def _select_locale():
    if not has_request_context():  # services called from the CLI, a test or a background task
        return "fr"
    lang = request.cookies.get("lang")
    if lang in ("fr", "en"):
        return lang
    if current_user and current_user.is_authenticated and current_user.locale:
        return current_user.locale
    return "fr"


@login_manager.user_loader
def _load_user(token):
    """Cookies name a server-side session (``accounts.sessions``), never a bare account id."""
    from .accounts import sessions

    return sessions.load_user(token)


def _register_modules(app):
    """Every module's tables, blueprint and operator commands."""
    from . import models  # noqa: F401  (core tables, then each module's: foreign keys resolve)
    from .accounts import cli as accounts_cli
    from .accounts.views import bp as accounts
    from .admin.views import bp as admin
    from .cli import register_cli
    from .consultation import cli as consultation_cli
    from .consultation import searchable as _consultation_search  # noqa: F401
    from .consultation.views import bp as consultation
    from .dashboard import searchable as _dashboard_search  # noqa: F401
    from .dashboard.views import bp as dashboard
    from .evaluation import cli as evaluation_cli
    from .evaluation.views import bp as evaluation
    from .events import cli as events_cli
    from .events import searchable as _events_search  # noqa: F401
    from .events.boards.views import bp as boards
    from .events.views import bp as events
    from .jobs.views import bp as jobs
    from .legal import cli as legal_cli
    from .legal.views import bp as legal
    from .referentiel import searchable as _referentiel_search  # noqa: F401
    from .referentiel.views import bp as referentiel
    from .search import cli as search_cli
    from .search.views import bp as search
    from .territories.views import bp as territories

    for blueprint in (territories, accounts, admin, dashboard, consultation, events, boards,
                      evaluation, legal, jobs, search, referentiel):
        app.register_blueprint(blueprint)
    register_cli(app, (accounts_cli.group, consultation_cli.group, events_cli.group,
                       evaluation_cli.group, legal_cli.group, search_cli.group))


def _import_socket_handlers():
    """Import the socket modules before ``socketio.init_app``: their ``@socketio.on`` handlers
    are then kept by Flask-SocketIO and given to the server of every app it initialises (tests
    build many apps in one process), not only to the first one."""
    from .consultation import sockets as _consultation  # noqa: F401
    from .events.boards import sockets as _boards  # noqa: F401
    from .events.boards import wall_sockets as _wall  # noqa: F401
    from .jobs import sockets as _jobs  # noqa: F401


def demo_modules():
    """The modules' demo data, in the order they build on each other."""
    from .consultation import demo as consultation
    from .dashboard import demo as dashboard
    from .evaluation import demo as evaluation
    from .events import demo as events
    from .events.boards import demo as boards
    from .referentiel import demo as referentiel

    return (evaluation, events, boards, consultation, dashboard, referentiel)


def _has_nul():
    """Whether the request carries a NUL character in a query or form value or name, an
    uploaded file's name, or a JSON body (a file's content is checked by its reader)."""
    for key, values in request.values.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return True
    if any("\x00" in (upload.filename or "") for upload in request.files.values()):
        return True
    return request.is_json and b"\\u0000" in request.get_data(cache=True)


def _register_hooks(app):
    csp = content_security_policy(app.config["THC_BASE_URL"])

    @app.before_request
    def _refuse_nul():
        """NUL is never text: refuse it at the door, for every form and query of the site
        (WTForms or not), so that nothing stores it (PostgreSQL would refuse it anyway)."""
        if _has_nul():
            raise Invalid(_("Le texte envoyé contient un caractère invalide (caractère nul) : "
                            "retirez-le puis réessayez."), code="nul_character")

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(self), camera=(self), microphone=()"
        )
        if app.config["THC_ENV"] == "production":
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
