"""Reminders: who is to be reminded of an occurrence that starts tomorrow (Paris time).

Reminders are computed from the current data at each run, so a reminder planned before a
change of time is dropped; ``reminded_for`` remembers which start each person was reminded
of, so a second run sends nothing twice. The sending loop is the reminders job
(``events.jobs``).
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from ...extensions import db
from ...timeutil import from_paris, to_paris
from ..models import Event, EventStatus, RegistrationStatus
from .queries import active_registrations, occurrences_of


def _tomorrow(now):
    day = to_paris(now).date() + timedelta(days=1)
    return (from_paris(datetime.combine(day, datetime.min.time())),
            from_paris(datetime.combine(day + timedelta(days=1), datetime.min.time())))


def due_reminders(now):
    """[(event, occurrence, [registrations not yet reminded of it])] for tomorrow."""
    day_start, day_end = _tomorrow(now)
    events = db.session.scalars(
        select(Event).where(Event.status == EventStatus.SCHEDULED,
                            Event.start_at < day_end, Event.series_end_at > day_start)
        .order_by(Event.id)
    ).all()
    due = []
    for event in events:
        starting = [o for o in occurrences_of(event, window=(day_start, day_end))
                    if day_start <= o.start < day_end]
        if not starting:
            continue
        occurrence = starting[0]
        people = [r for r in active_registrations(event, (RegistrationStatus.CONFIRMED,))
                  if r.reminded_for != occurrence.start]
        if people:
            due.append((event, occurrence, people))
    return due


def mark_reminded(registration, occurrence):
    registration.reminded_for = occurrence.start
