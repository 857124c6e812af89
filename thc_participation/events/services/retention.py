"""The retention purge: attendees' personal data go some time after the event."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from ... import audit
from ...extensions import db
from ...timeutil import utcnow
from ..models import Event

# The audit actions a registrant performs on an event (the organisers' own stay signed).
PERSONAL_ACTIONS = ("event.register", "event.unregister")


def purge_attendees(now=None, retention_days=None):
    """Anonymise the registrations of events that ended more than ``retention_days`` ago,
    keeping statuses and attendance so that the counts stay, and the audit entries in which
    they registered or cancelled lose their name. Returns the number of events."""
    now = now or utcnow()
    if retention_days is None:
        retention_days = current_app.config["THC_EVENTS_RETENTION_DAYS"]
    limit = now - timedelta(days=retention_days)
    events = db.session.scalars(
        select(Event).where(Event.series_end_at < limit, Event.purged_at.is_(None))
    ).all()
    for event in events:
        # Their own registrations and cancellations no longer say who they were in the log.
        audit.forget_actor({r.user_id for r in event.registrations if r.user_id},
                           PERSONAL_ACTIONS, "Event", [event.id])
        for registration in event.registrations:
            registration.user_id = None
            registration.guest_name = registration.guest_email = None
            registration.guest_contact_consent = False
            registration.needs, registration.needs_other = "", ""
            registration.anonymised_at = now
        event.purged_at = now
        audit.record(None, "event.purge_attendees", territory=event.territory, target=event)
    db.session.flush()
    return len(events)
