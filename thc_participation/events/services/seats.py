"""Seats and waiting lists: taking a seat, queueing, promoting the first person waiting.

Seats are taken under a lock on the event row (``SELECT ... FOR UPDATE`` on PostgreSQL; on
SQLite the registration's INSERT takes the database write lock before the seats are
counted), held until the operation commits, so two people taking the last seat at once
end up one confirmed, one waiting.
"""

import secrets
import time

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from ...errors import Conflict
from ...extensions import db
from ...timeutil import utcnow
from ..models import Event, Registration, RegistrationStatus
from .queries import ACTIVE, existing

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at the door


def new_checkin_code():
    """10 characters from 32 symbols (50 random bits): opaque, easy to read out."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def lock_event(event):
    """Serialise seat-taking on this event (a row lock on PostgreSQL)."""
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())


def _confirmed_count(event, exclude_id=None):
    query = select(func.count(Registration.id)).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
    if exclude_id is not None:
        query = query.where(Registration.id != exclude_id)
    return db.session.scalar(query)


def take_seat(registration):
    """Confirmed if a seat is free, else at the end of the waiting list. Call after the
    registration row is flushed, inside the transaction that holds the event lock."""
    event = registration.event
    taken = _confirmed_count(event, exclude_id=registration.id)
    now = utcnow()
    registration.queued_at = registration.updated_at = now
    if event.capacity is None or taken < event.capacity:
        registration.status, registration.confirmed_at = RegistrationStatus.CONFIRMED, now
    else:
        registration.status = RegistrationStatus.WAITING


def fill_seats(event):
    """Promote waiting people in order while seats are free; return the promoted."""
    free = None if event.capacity is None else event.capacity - _confirmed_count(event)
    waiting = event.registrations.filter(
        Registration.status == RegistrationStatus.WAITING
    ).order_by(Registration.queued_at, Registration.id)
    promoted = []
    for registration in waiting:
        if free is not None and free <= 0:
            break
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = registration.updated_at = utcnow()
        promoted.append(registration)
        if free is not None:
            free -= 1
    return promoted


def retrying(operation, duplicate=None, field=None):
    """Run ``operation`` again when SQLite reports a lock it could not wait for; a clash on
    a unique key (the same person registered twice at once) is the Conflict ``duplicate``.

    The rollback undoes the whole operation so far: call it before anything else is
    written in the operation (the registration services do)."""
    for attempt in range(5):
        try:
            return operation()
        except IntegrityError:
            if duplicate is None:
                raise
            db.session.rollback()
            raise Conflict(duplicate, code="already_registered", field=field) from None
        except OperationalError:
            db.session.rollback()
            if attempt == 4:
                raise Conflict(_("Beaucoup de demandes arrivent en même temps : réessayez "
                                 "dans un instant.")) from None
            time.sleep(0.05 * (attempt + 1))
    return None


def place(event, user, guest):
    """Create or revive one registration (pending for a guest) and take a seat if due."""
    registration = existing(event, user, guest.email if guest is not None else None)
    if registration is not None and registration.status in ACTIVE:
        raise Conflict(_("Vous êtes déjà inscrit·e à « %(title)s ».", title=event.title),
                       code="already_registered")
    if registration is None:
        registration = Registration(event=event, checkin_code=new_checkin_code(),
                                    status=RegistrationStatus.PENDING)
        if user is not None:
            registration.user = user
        else:
            registration.guest_name, registration.guest_email = guest.name, guest.email
            registration.guest_contact_consent = guest.contact_consent
        db.session.add(registration)
    else:
        registration.cancelled_at = None
        registration.checked_in_at = None
        if guest is not None:
            registration.guest_name = guest.name
            registration.guest_contact_consent = guest.contact_consent
        registration.status = RegistrationStatus.PENDING
    db.session.flush()
    if user is not None:
        take_seat(registration)
    return registration
