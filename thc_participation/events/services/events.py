"""Creating, changing, postponing and cancelling events, and the occurrences of a series.

A change of time, place, status or title raises the event's SEQUENCE and tells the people
registered (an update or a cancellation with the event as iCalendar).
"""

from datetime import timedelta

from flask_babel import gettext as _

from ... import audit
from ...errors import Conflict, Invalid, NotFound
from ...extensions import db
from ...text import clean_text
from ...timeutil import from_paris, utcnow
from .. import mailing
from ..models import Event, EventKind, EventOccurrence, EventStatus, RegistrationStatus
from ..permissions import require_manage, require_organised_by
from ..recurrence import expand
from . import summit
from .queries import ACTIVE, active_registrations, occurrences_of
from .seats import fill_seats
from .validation import validated

# Changes that calendar apps must see as a new version of the event (SEQUENCE + 1).
SIGNIFICANT = ("title", "start_at", "end_at", "all_day", "rrule", "address", "status")
CONFIRMED = (RegistrationStatus.CONFIRMED,)


def touch(event, significant):
    now = utcnow()
    event.last_modified = max(now, event.last_modified + timedelta(microseconds=1))
    if significant:
        event.sequence += 1


def _series_end(event):
    if not event.rrule:
        return event.end_at
    return max((o.end for o in occurrences_of(event)), default=event.end_at)


def create_event(actor, organiser, data, parent=None):
    """A new event of ``organiser`` (a territory, None for the network); a workshop names
    its summit as ``parent``, which must be an event of the same organiser."""
    require_organised_by(organiser, parent)
    require_manage(actor, organiser)
    values = validated(data, organiser, parent)
    event = Event(territory_id=organiser.id if organiser else None, created_by_id=actor.id,
                  parent_id=parent.id if parent else None, **values)
    event.territory = organiser
    event.created_at = event.last_modified = utcnow()
    event.series_end_at = _series_end(event)
    db.session.add(event)
    db.session.flush()
    audit.record(actor, "event.create", territory=organiser, target=event,
                 kind=event.kind.value)
    return event


def update_event(actor, event, data):
    """Apply the form; a change of time, place, status or title raises SEQUENCE and tells
    the registered people by e-mail (METHOD:REQUEST with the new version)."""
    require_manage(actor, event.territory)
    if event.status == EventStatus.CANCELLED:
        raise Conflict(_("Cet événement est annulé : il ne peut plus être modifié."))
    values = validated(data, event.territory, event.parent)
    if values["kind"] != event.kind and EventKind.ATELIER in (values["kind"], event.kind):
        raise Invalid(_("Un atelier reste un atelier."), field="kind")
    changed = {k for k, v in values.items() if getattr(event, k) != v}
    if not changed:
        return event
    old_start, old_capacity = event.start_at, event.capacity
    for key in changed:
        setattr(event, key, values[key])
    if "rrule" in changed or "start_at" in changed:
        _drop_stale_occurrences(event, old_start)
    event.series_end_at = _series_end(event)
    significant = bool(changed & set(SIGNIFICANT))
    touch(event, significant)
    moved_workshops = summit.follow_summit(event, old_start, touch)
    promoted = []
    if event.capacity is None or (old_capacity is not None and event.capacity > old_capacity):
        promoted = fill_seats(event)
    audit.record(actor, "event.update", territory=event.territory, target=event,
                 fields=sorted(changed))
    db.session.flush()
    for item in ([event] if significant else []) + moved_workshops:
        mailing.send_update(item, active_registrations(item, CONFIRMED))
    mailing.send_promotions(promoted)
    return event


def _drop_stale_occurrences(event, old_start):
    """Keep overrides and cancellations only for occurrences the new series still has."""
    shift = event.start_at - old_start
    originals = {o.original_start for o in expand(event.start_at, event.end_at, event.rrule)}
    for occ in list(event.occurrences):
        moved_original = occ.original_start + shift
        if moved_original in originals and event.rrule:
            occ.original_start = moved_original
        else:
            event.occurrences.remove(occ)


def cancel_event(actor, event, reason):
    """Cancel the event (and a summit's workshops): it stays in the feeds with
    STATUS:CANCELLED, and everyone registered receives METHOD:CANCEL."""
    require_manage(actor, event.territory)
    if event.status == EventStatus.CANCELLED:
        raise Conflict(_("Cet événement est déjà annulé."))
    reason = clean_text(reason, 500, _("Le motif de l'annulation"), min_len=1, field="reason")
    affected = []
    for item in [event, *event.workshops]:
        if item.status == EventStatus.CANCELLED:
            continue
        item.status, item.cancel_reason = EventStatus.CANCELLED, reason
        touch(item, True)
        affected.append(item)
    audit.record(actor, "event.cancel", territory=event.territory, target=event)
    db.session.flush()
    for item in affected:
        mailing.send_cancellation(item, active_registrations(item, ACTIVE))


# --- one occurrence of a series ---------------------------------------------------------


def series_occurrence(event, local_start):
    """Check that ``local_start`` (Paris time) starts an occurrence of ``event``'s series
    (before asking to confirm a change to it); the refusal otherwise."""
    return _original_start(event, local_start)


def _original_start(event, local_start):
    """The series occurrence that starts at ``local_start`` (Paris time); 404 otherwise."""
    if not event.rrule:
        raise Invalid(_("Cet événement ne se répète pas."))
    wanted = from_paris(local_start)
    for occ in expand(event.start_at, event.end_at, event.rrule):
        if occ.original_start == wanted:
            return wanted
    raise NotFound(_("Cette occurrence ne fait pas partie de la série."))


def _occurrence_row(event, original):
    for occ in event.occurrences:
        if occ.original_start == original:
            return occ
    occ = EventOccurrence(original_start=original)
    event.occurrences.append(occ)
    return occ


def cancel_occurrence(actor, event, local_original_start, reason=""):
    """Cancel one occurrence of a recurring event: shown "annulée" with ``reason`` on the page
    and in the feeds (a STATUS:CANCELLED override)."""
    require_manage(actor, event.territory)
    reason = clean_text(reason, 500, _("Le motif"), min_len=0, field="cancel_reason")
    occ = _occurrence_row(event, _original_start(event, local_original_start))
    occ.cancelled, occ.start_at, occ.end_at, occ.last_modified = True, None, None, utcnow()
    occ.cancel_reason = reason
    _changed_series(actor, event, "event.occurrence_cancel")


def move_occurrence(actor, event, local_original_start, local_start, local_end, address=""):
    """Move one occurrence (a RECURRENCE-ID override in the feeds)."""
    require_manage(actor, event.territory)
    original = _original_start(event, local_original_start)
    start, end = from_paris(local_start), from_paris(local_end)
    if end <= start:
        raise Invalid(_("La fin doit être après le début."), field="end_time")
    occ = _occurrence_row(event, original)
    occ.cancelled, occ.start_at, occ.end_at = False, start, end
    occ.address = clean_text(address, 300, _("L'adresse"), min_len=0, field="address")
    occ.last_modified = utcnow()
    _changed_series(actor, event, "event.occurrence_move")


def _changed_series(actor, event, action):
    event.series_end_at = _series_end(event)
    touch(event, True)
    audit.record(actor, action, territory=event.territory, target=event)
    db.session.flush()
    mailing.send_update(event, active_registrations(event, CONFIRMED))
