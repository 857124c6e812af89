"""Secrets in links: a guest's confirmation and cancellation links, and the personal
calendar feed's token (stored as a SHA-256 hash, shown once)."""

import hashlib
import hmac
import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from ... import audit
from ...errors import Invalid, NotFound
from ...extensions import db
from ...timeutil import utcnow
from ...tokens import TokenError, make_token, read_token
from ..models import CalendarToken, Registration

GUEST_LINK_MAX_AGE = 7 * 24 * 3600


def guest_link_token(registration, purpose):
    return make_token(f"event-{purpose}", registration.id)


def registration_for_token(token, purpose):
    """The registration a link points to; a forged or expired link, or one of an event that
    has ended, gets a French error."""
    max_age = GUEST_LINK_MAX_AGE if purpose == "confirm" else None
    try:
        registration_id = read_token(f"event-{purpose}", token, max_age)
    except TokenError as exc:
        if exc.expired:
            raise Invalid(_("Ce lien a expiré : inscrivez-vous à nouveau."),
                          code="expired") from None
        raise Invalid(_("Ce lien n'est pas valide : vérifiez qu'il est complet (copiez-le "
                        "depuis l'e-mail)."), code="bad_token") from None
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.anonymised_at is not None:
        raise NotFound(_("Cette inscription n'existe plus."))
    if registration.event.series_end_at <= utcnow():
        # A link found later in a mailbox (or forwarded) says nothing once the event is over.
        raise Invalid(_("Cet événement est terminé : ce lien n'est plus valable."),
                      code="expired")
    return registration


def _token_hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def regenerate_calendar_token(user):
    """A new secret for the user's personal feed (256 random bits); the old URL stops
    working at once. Only the hash is stored: the token is shown once."""
    token = secrets.token_urlsafe(32)
    row = calendar_token_info(user)
    if row is None:
        row = CalendarToken(user_id=user.id)
        db.session.add(row)
    row.token_hash, row.created_at = _token_hash(token), utcnow()
    audit.record(user, "calendar.token_regenerate")
    db.session.flush()
    return token


def calendar_token_info(user):
    return db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))


def user_for_calendar_token(token):
    """The active user owning ``token``, or None (compared in constant time)."""
    if not token or len(token) > 128:
        return None
    wanted = _token_hash(token)
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.token_hash == wanted))
    if row is None or not hmac.compare_digest(row.token_hash, wanted):
        return None
    return row.user if row.user.is_active else None
