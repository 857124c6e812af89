"""What ``thc run`` checks before it serves: the port is free, and a SQLite database is not
served by several processes that cannot share their live updates.

Both refusals are French messages for the operator (click exits with code 1)."""

import errno
import fcntl
import os
import socket

import click
from sqlalchemy.engine import make_url


def ensure_port_free(host, port):
    """Refuse a port another process listens on. eventlet listens with SO_REUSEPORT, so a
    second server on the same port would start and share the connections at random (Socket.IO
    long-polling then breaks): probe with a plain socket, which the kernel refuses."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    probe = socket.socket(family, socket.SOCK_STREAM)
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is not "in use"
    try:
        probe.bind((host, port))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise click.ClickException(
                f"Le port {port} est déjà utilisé par un autre programme (peut-être un autre "
                f"« thc run ») : arrêtez-le ou choisissez un autre port avec --port.") from error
        raise
    finally:
        probe.close()


def sqlite_path(database_uri):
    """The file of a SQLite database URI, or None (another database, or in memory)."""
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return os.path.abspath(url.database)


def hold_sqlite_lock(config):
    """Several ``thc run`` processes on one SQLite database must all share Redis.

    Each takes a lock beside the database file for its lifetime: shared with Redis, exclusive
    without it, so a process without Redis never runs beside another one. Returns the open
    lock file (keep it), or None when the database is not SQLite."""
    path = sqlite_path(config["SQLALCHEMY_DATABASE_URI"])
    if path is None:
        return None
    lock = open(path + ".run.lock", "a")  # noqa: SIM115 - held until the process ends
    mode = fcntl.LOCK_SH if config.get("THC_REDIS_URL") else fcntl.LOCK_EX
    try:
        fcntl.flock(lock, mode | fcntl.LOCK_NB)
    except BlockingIOError as error:
        lock.close()
        raise click.ClickException(
            f"Un autre « thc run » sert déjà la base SQLite {path} : plusieurs processus "
            "doivent tous partager Redis (THC_REDIS_URL), sinon les mises à jour en direct ne "
            "passent pas de l'un à l'autre. Arrêtez l'autre processus, ou fixez THC_REDIS_URL "
            "(et de préférence une base PostgreSQL, THC_DATABASE_URL) pour chacun.") from error
    return lock
