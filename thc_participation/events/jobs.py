"""Background work of the events module: the daily reminders."""

from ..extensions import db
from ..timeutil import utcnow
from . import mailing
from .services import reminders


def send_reminders(now=None):
    """E-mail confirmed participants of every occurrence that starts tomorrow (Paris).
    Returns the number of reminders sent."""
    sent = 0
    for _event, occurrence, registrations in reminders.due_reminders(now or utcnow()):
        for registration in registrations:
            if mailing.send_reminder(registration, occurrence):
                reminders.mark_reminded(registration, occurrence)
                sent += 1
        # The job is its own boundary: commit each event's reminders once sent, so that a
        # run stopped half-way (or failing later) never sends them twice when run again.
        db.session.commit()
    return sent
