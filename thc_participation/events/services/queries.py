"""Read-only questions about events and registrations (no writes here)."""

from datetime import datetime, timedelta

from sqlalchemy import func, select

from ...extensions import db
from ...timeutil import from_paris, utcnow
from ..models import Event, EventKind, Registration, RegistrationStatus
from ..permissions import visible_clause
from ..recurrence import expand

CALENDAR_LIMIT = 300  # occurrences on one calendar page
ACTIVE = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


def occurrences_of(event, window=None):
    """The occurrences of an event (one for a single event), moved ones applied."""
    exdates = [o.original_start for o in event.occurrences if o.cancelled]
    overrides = [o for o in event.occurrences if not o.cancelled]
    return expand(event.start_at, event.end_at, event.rrule, exdates=exdates,
                  overrides=overrides, window=window)


def upcoming_occurrences(event, days=400):
    """The next occurrences of a recurring event (from yesterday), [] for a single one."""
    if not event.rrule:
        return []
    now = utcnow()
    return occurrences_of(event, window=(now - timedelta(days=1), now + timedelta(days=days)))


def cancelled_sessions(event, now=None):
    """The cancelled sessions of a series from yesterday on, in date order (shown "annulée"
    with their reason rather than disappearing)."""
    if not event.rrule:
        return []
    since = (now or utcnow()) - timedelta(days=1)
    return sorted((o for o in event.occurrences if o.cancelled and o.original_start >= since),
                  key=lambda o: o.original_start)


def current_occurrence(event, now=None):
    """The occurrence in progress or the next one (None when the series is over)."""
    now = now or utcnow()
    upcoming = occurrences_of(event, window=(now, now + timedelta(days=3660)))
    return upcoming[0] if upcoming else None


def month_window(first_day):
    """(start, end) in UTC of the Paris month that starts on ``first_day``."""
    next_month = (first_day + timedelta(days=32)).replace(day=1)
    return (from_paris(datetime.combine(first_day, datetime.min.time())),
            from_paris(datetime.combine(next_month, datetime.min.time())))


def calendar_items(user, window, kind="", territory=None, network_only=False):
    """[(occurrence, event)] that ``user`` may see in ``window``, in time order.

    Workshops show only when asked for by kind; ``territory`` or ``network_only`` filter
    the organiser."""
    start, end = window
    query = select(Event).where(visible_clause(user), Event.start_at < end,
                                Event.series_end_at > start)
    if kind:
        query = query.where(Event.kind == kind)
    if territory is not None:
        query = query.where(Event.territory_id == territory.id)
    elif network_only:
        query = query.where(Event.territory_id.is_(None))
    if kind != EventKind.ATELIER:
        query = query.where(Event.parent_id.is_(None))
    items = [(occ, event) for event in db.session.scalars(query.order_by(Event.start_at))
             .unique() for occ in occurrences_of(event, window=window)]
    items.sort(key=lambda pair: (pair[0].start, pair[1].id))
    return items[:CALENDAR_LIMIT]


def organiser_events(organiser):
    """(upcoming, the 50 latest past) events of an organiser (None: the network)."""
    owner = (Event.territory_id == organiser.id if organiser is not None
             else Event.territory_id.is_(None))
    events = db.session.scalars(
        select(Event).where(owner, Event.parent_id.is_(None)).order_by(Event.start_at)).all()
    now = utcnow()
    upcoming = [e for e in events if e.series_end_at >= now]
    past = [e for e in events if e.series_end_at < now][::-1][:50]
    return upcoming, past


def existing(event, user=None, guest_email=None):
    """The registration of ``user`` (or of the guest with that e-mail) to ``event``."""
    query = event.registrations
    if user is not None:
        return query.filter(Registration.user_id == user.id).first()
    return query.filter(Registration.guest_email == guest_email).first()


def my_registration(event, user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return existing(event, user)


def registration_family(registration):
    """A summit registration with the same person's workshop registrations."""
    family = [registration]
    for workshop in registration.event.workshops:
        other = existing(workshop, registration.user,
                         registration.guest_email if registration.user is None else None)
        if other is not None:
            family.append(other)
    return family


def active_registrations(event, statuses=ACTIVE):
    return event.registrations.filter(Registration.status.in_(statuses)).order_by(
        Registration.id).all()


def waiting_position(registration):
    if registration.status != RegistrationStatus.WAITING:
        return None
    return 1 + db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITING,
            (Registration.queued_at < registration.queued_at)
            | ((Registration.queued_at == registration.queued_at)
               & (Registration.id < registration.id)),
        )
    )
