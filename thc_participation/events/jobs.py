"""Background work of the events module: the daily reminders (a periodic task of
``thc worker``; ``thc events remind`` runs them by hand)."""

from flask import current_app
from huey import crontab

from ..extensions import db
from ..jobs import periodic
from ..timeutil import utcnow
from . import mailing
from .services import reminders

# 07:30 UTC: 08:30 or 09:30 in Paris, the day before the event.
REMIND_AT = crontab(minute="30", hour="7")


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


@periodic("events_remind", REMIND_AT)
def remind():
    """The daily reminders, with a request context for the links in the e-mails."""
    with current_app.test_request_context("/"):
        return send_reminders()
