"""Objects the core safety tests build through the services, committed."""

from datetime import datetime, timedelta

from thc_participation.events.services import events
from thc_participation.events.services.validation import EventData
from thc_participation.extensions import db
from thc_participation.timeutil import to_paris, utcnow


def paris_evening(days):
    """18:00 Paris wall-clock time ``days`` from today (naive, as a form gives it)."""
    day = to_paris(utcnow()).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, 18)


def meeting(agent, territory, title="Réunion publique", days=10):
    """A two-hour public meeting of ``territory`` in ``days`` days, open to registration."""
    start = paris_evening(days)
    event = events.create_event(agent, territory, EventData(
        kind="reunion", title=title, start=start, end=start + timedelta(hours=2),
        address="Salle des fêtes"))
    db.session.commit()
    return event
