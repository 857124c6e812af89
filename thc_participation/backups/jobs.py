"""The daily backup, a periodic task of ``thc worker`` at 01:30 UTC (before the purges)."""

from flask import current_app
from huey import crontab

from ..jobs import periodic
from .archive import create_backup
from .rotation import prune


@periodic("backup", crontab(hour="1", minute="30"))
def scheduled_backup():
    """One archive in ``THC_BACKUP_DIR``, then the retention applied."""
    config = current_app.config
    folder = config["THC_BACKUP_DIR"]
    if not folder:
        return "THC_BACKUP_DIR is empty: no scheduled backup"
    path = create_backup(folder)
    removed = prune(folder, config["THC_BACKUP_KEEP_DAILY"], config["THC_BACKUP_KEEP_WEEKLY"])
    return f"{path.name} written, {len(removed)} old archive(s) deleted"
