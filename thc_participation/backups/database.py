"""The database half of a backup: a file from the running database, and back.

SQLite: the online backup API (a consistent copy while the site runs). PostgreSQL:
``pg_dump --format=custom`` and ``pg_restore``, using the binaries of the Debian PostgreSQL
packages (``/usr/lib/postgresql/<major>/bin``) whose major version is the server's, or the
closest newer one (an older ``pg_dump`` refuses a newer server)."""

import glob
import os
import sqlite3
import subprocess
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import inspect, text

from ..errors import Conflict, Invalid

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
PG_BINARIES = "/usr/lib/postgresql/*/bin/{name}"


def dialect(engine):
    return engine.dialect.name


def revision(engine):
    """The Alembic revision the database is at (None when it has no schema yet)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_empty(engine):
    """True when no table but ``alembic_version`` holds a row (a fresh ``thc db upgrade``
    or a database without any table)."""
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            if table == "alembic_version":
                continue
            quoted = connection.dialect.identifier_preparer.quote(table)
            if connection.execute(text(f"SELECT 1 FROM {quoted} LIMIT 1")).first():
                return False
    return True


def dump(engine, folder):
    """Write the database into ``folder``; returns (file name, details for the manifest)."""
    if dialect(engine) == "sqlite":
        target = Path(folder) / SQLITE_FILE
        source = sqlite3.connect(f"file:{engine.url.database}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return SQLITE_FILE, {"dialect": "sqlite"}
    if dialect(engine) != "postgresql":
        raise Invalid(_("Cette base de données n'est pas prise en charge par la sauvegarde."))
    server = _server_version(engine)
    binary = _pg_binary("pg_dump", server)
    target = Path(folder) / POSTGRES_FILE
    _run([binary, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target),
          "--dbname", _libpq_url(engine)], engine)
    return POSTGRES_FILE, {"dialect": "postgresql", "server_version": server,
                           "pg_dump": _tool_version(binary)}


def load(engine, folder, details):
    """Replace the database's content with the dumped one found in ``folder``."""
    engine.dispose()
    if details["dialect"] == "sqlite":
        source = sqlite3.connect(f"file:{Path(folder) / SQLITE_FILE}?mode=ro", uri=True)
        target = sqlite3.connect(engine.url.database)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        binary = _pg_binary("pg_restore", _server_version(engine))
        # --clean --if-exists: a fresh ``thc db upgrade`` schema (or, with --force, the old
        # content) is replaced; one transaction: a failed restore leaves the database as it was.
        _run([binary, "--no-owner", "--no-privileges", "--clean", "--if-exists",
              "--single-transaction", "--exit-on-error", "--dbname", _libpq_url(engine),
              str(Path(folder) / POSTGRES_FILE)], engine)
    engine.dispose()


def _server_version(engine):
    with engine.connect() as connection:
        return int(connection.execute(text("SHOW server_version_num")).scalar())


def _pg_binary(name, server_version):
    """The Debian package's ``name`` for this server: its major version, else the closest
    newer one installed."""
    major = server_version // 10000
    found = {}
    for path in glob.glob(PG_BINARIES.format(name=name)):
        version = Path(path).parent.parent.name
        if version.isdigit():
            found[int(version)] = path
    usable = sorted(v for v in found if v >= major)
    if not usable:
        raise Conflict(_("%(name)s %(major)d (ou plus récent) est introuvable : installez le "
                         "paquet Debian postgresql-client-%(major)d.", name=name, major=major))
    return found[usable[0]]


def _tool_version(binary):
    return subprocess.run([binary, "--version"], check=True, capture_output=True,
                          text=True).stdout.strip()


def _libpq_url(engine):
    """The connection URL for libpq tools, without the password (passed in PGPASSWORD, never
    on a command line other users can read)."""
    url = engine.url.set(drivername="postgresql", password=None)
    return url.render_as_string(hide_password=False)


def _run(command, engine):
    env = dict(os.environ)
    if engine.url.password:
        env["PGPASSWORD"] = engine.url.password
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise Conflict(_("%(tool)s a échoué : %(error)s", tool=Path(command[0]).name,
                         error=done.stderr.strip()[-500:]))
