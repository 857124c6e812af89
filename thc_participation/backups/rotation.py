"""Retention of the scheduled backups: keep the newest archive of each of the last N days
and of each of the last M ISO weeks; delete the others. Archives are dated by their name
(``archive.NAME_FORMAT``), never by their modification time; other files are left alone."""

from datetime import datetime
from pathlib import Path

from .archive import NAME_FORMAT


def archives(folder):
    """The folder's archives as (date, path), newest first."""
    found = []
    for path in Path(folder).glob("thc-backup-*.tar.gz"):
        try:
            stamp = datetime.strptime(path.name, NAME_FORMAT)
        except ValueError:
            continue
        found.append((stamp, path))
    return sorted(found, reverse=True)


def to_keep(dated, daily, weekly):
    """The paths kept among ``dated`` ((date, path), newest first)."""
    kept, days, weeks = set(), [], []
    for stamp, path in dated:
        day, week = stamp.date(), stamp.isocalendar()[:2]
        if day not in days and len(days) < daily:
            days.append(day)
            kept.add(path)
        if week not in weeks and len(weeks) < weekly:
            weeks.append(week)
            kept.add(path)
    return kept


def prune(folder, daily, weekly):
    """Delete the archives beyond the retention; returns the deleted paths."""
    dated = archives(folder)
    kept = to_keep(dated, daily, weekly)
    removed = [path for _, path in dated if path not in kept]
    for path in removed:
        path.unlink()
    return removed
