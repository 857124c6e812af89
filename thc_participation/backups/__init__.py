"""Backups: ``thc backup`` / ``thc restore`` and the daily scheduled backup with retention.

- ``archive``: one dated ``.tar.gz`` (database, uploads, signing key, manifest) and its
  restoration into an empty database (checksums and Alembic revision checked first);
- ``database``: the SQLite online backup, or ``pg_dump``/``pg_restore`` for PostgreSQL;
- ``rotation``: which scheduled archives are kept (N daily, M weekly).

These work on the whole database below the ORM (a file copy, a dump), not through services:
there is no operation to commit.
"""

from flask import current_app

from .archive import create_backup, needs_upgrade, restore_backup
from .rotation import prune

__all__ = ["create_backup", "needs_upgrade", "prune", "restore_backup", "scheduled_backup"]


def scheduled_backup():
    """The daily job: one archive in ``THC_BACKUP_DIR``, then the retention applied."""
    config = current_app.config
    folder = config["THC_BACKUP_DIR"]
    if not folder:
        return "THC_BACKUP_DIR is empty: no scheduled backup"
    path = create_backup(folder)
    removed = prune(folder, config["THC_BACKUP_KEEP_DAILY"], config["THC_BACKUP_KEEP_WEEKLY"])
    return f"{path.name} written, {len(removed)} old archive(s) deleted"
