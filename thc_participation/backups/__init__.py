"""Backups: ``thc backup`` / ``thc restore`` and the daily scheduled backup with retention.

- ``archive``: one dated ``.tar.gz`` (database, uploads, signing key, manifest) and its
  restoration into an empty database (checksums and Alembic revision checked first);
- ``database``: the SQLite online backup, or ``pg_dump``/``pg_restore`` for PostgreSQL;
- ``rotation``: which scheduled archives are kept (N daily, M weekly);
- ``jobs``: the daily backup run by ``thc worker``.

These work on the whole database below the ORM (a file copy, a dump), not through services:
there is no operation to commit.
"""

from .archive import create_backup, needs_upgrade, restore_backup
from .rotation import prune

__all__ = ["create_backup", "needs_upgrade", "prune", "restore_backup"]
