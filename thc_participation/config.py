"""Configuration from environment variables, with safe defaults for a laptop."""

import os
import secrets
from pathlib import Path

MIN_SECRET_KEY_LENGTH = 32
SECRET_KEY_FILE = "secret_key"
INSTANCE_DIR = Path(os.environ.get("THC_INSTANCE_DIR", Path.cwd() / "instance")).resolve()


def _bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment():
    """Build the configuration dictionary from ``THC_*`` environment variables."""
    env = os.environ.get("THC_ENV", "development")
    redis_url = os.environ.get("THC_REDIS_URL") or None
    production = env == "production"
    return {
        "THC_ENV": env,
        # None: a random key generated at first start and kept in the instance folder.
        "SECRET_KEY": os.environ.get("THC_SECRET_KEY") or None,
        # Reverse proxies in front of the app whose X-Forwarded-For is trusted (nginx: 1).
        "THC_TRUSTED_PROXIES": int(os.environ.get("THC_TRUSTED_PROXIES", "0")),
        "INSTANCE_DIR": str(INSTANCE_DIR),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "THC_DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'thc.db'}"
        ),
        "THC_REDIS_URL": redis_url,
        "THC_ASYNC_MODE": os.environ.get("THC_ASYNC_MODE", "eventlet"),
        # Background jobs: seconds before a job that met an unreachable server tries again;
        # "immediate" runs each job at once in the process that starts it (tests only).
        "THC_JOBS_RETRY_DELAY": int(os.environ.get("THC_JOBS_RETRY_DELAY", "60")),
        "THC_JOBS_IMMEDIATE": _bool("THC_JOBS_IMMEDIATE", False),
        "THC_WORKER_NICE": int(os.environ.get("THC_WORKER_NICE", "10")),
        "THC_BOARD_NEWCOMERS": int(os.environ.get("THC_BOARD_NEWCOMERS", "100")),
        "THC_BASE_URL": os.environ.get("THC_BASE_URL", "http://127.0.0.1:5000"),
        # Mail: "smtp" sends through THC_MAIL_HOST; "file" writes .eml files (development).
        "MAIL_BACKEND": os.environ.get("THC_MAIL_BACKEND", "smtp" if production else "file"),
        "MAIL_HOST": os.environ.get("THC_MAIL_HOST", "localhost"),
        "MAIL_PORT": int(os.environ.get("THC_MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool("THC_MAIL_USE_TLS", False),
        "MAIL_USERNAME": os.environ.get("THC_MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("THC_MAIL_PASSWORD"),
        "MAIL_FROM": os.environ.get(
            "THC_MAIL_FROM", "THC Participation <ne-pas-repondre@thc-participation.fr>"
        ),
        "MAIL_DIR": str(INSTANCE_DIR / "mail"),
        "UPLOAD_DIR": str(INSTANCE_DIR / "uploads"),
        "MAX_UPLOAD_BYTES": int(os.environ.get("THC_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024))),
        "MAX_CONTENT_LENGTH": int(os.environ.get("THC_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
        + 1024 * 1024,
        # Tests set a cheap method; production keeps werkzeug's scrypt.
        "PASSWORD_HASH_METHOD": "scrypt",
        "RATELIMIT_ENABLED": _bool("THC_RATELIMIT_ENABLED", True),
        # Limits live in Redis when it is set, shared by every web process (``ratelimits``);
        # unreachable storage fails open (served, logged), with a 1 s connection timeout.
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_STORAGE_OPTIONS": (
            {"socket_connect_timeout": 1, "socket_timeout": 1} if redis_url else {}),
        "RATELIMIT_STRATEGY": "moving-window",
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "THC_EVENTS_RETENTION_DAYS": int(os.environ.get("THC_EVENTS_RETENTION_DAYS", "180")),
        # Subscribed calendar feeds hold the series that end in the last N days and all future
        # ones (a series is kept whole); the full archive is a separate download.
        "THC_FEED_HISTORY_DAYS": int(os.environ.get("THC_FEED_HISTORY_DAYS", "92")),
        # The management action log (who did what) is kept one year, then deleted.
        "THC_AUDIT_RETENTION_DAYS": int(os.environ.get("THC_AUDIT_RETENTION_DAYS", "365")),
        "THC_UNCONFIRMED_RETENTION_DAYS": int(
            os.environ.get("THC_UNCONFIRMED_RETENTION_DAYS", "7")),
        # The daily backup (``thc worker``): its folder (empty: none), and how many archives
        # are kept: the newest of each of the last N days and of each of the last M weeks.
        "THC_BACKUP_DIR": os.environ.get("THC_BACKUP_DIR", str(INSTANCE_DIR / "backups")),
        "THC_BACKUP_KEEP_DAILY": int(os.environ.get("THC_BACKUP_KEEP_DAILY", "7")),
        "THC_BACKUP_KEEP_WEEKLY": int(os.environ.get("THC_BACKUP_KEEP_WEEKLY", "4")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 30,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
        "LANGUAGES": ("fr", "en"),
    }


def normalise_database_url(url):
    """PostgreSQL URLs use psycopg2, which ``greendb`` makes cooperate with eventlet and gevent
    (SQLAlchemy 2.1 would otherwise pick psycopg 3, which blocks eventlet)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    return url


def instance_secret_key(instance_dir):
    """The instance's own signing key: read from ``<instance>/secret_key``, or generated at
    the first start (random, mode 0600: readable by the service's user only). Several servers
    sharing a database must share the instance folder or set ``THC_SECRET_KEY``."""
    path = Path(instance_dir) / SECRET_KEY_FILE
    if not path.exists():
        # Written whole under a temporary name, then linked into place: two processes
        # starting together end up with the same key, never with a half-written file.
        temporary = path.with_name(f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    key = path.read_text(encoding="ascii").strip()
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(f"{path} holds no usable key: delete it to generate a new one.")
    return key


def check_production(config):
    """Refuse to start in production with a configured key too short to be a real one."""
    if config["THC_ENV"] != "production":
        return
    if len(config["SECRET_KEY"]) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            "THC_SECRET_KEY must be a random value of at least 32 characters in production "
            "(or left unset: the instance then keeps a generated key in its folder)."
        )
