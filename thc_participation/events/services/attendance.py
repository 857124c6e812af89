"""Attendance: the check-in at the door (by code, QR URL or name) and the counts."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from ... import audit
from ...errors import Conflict, Invalid, NotFound
from ...extensions import db
from ...timeutil import to_paris, utcnow
from ..models import AccessNeed, Registration, RegistrationStatus
from ..permissions import require_manage

SEARCH_LIMIT = 30


def _belongs(registration, event):
    """A registration to ``event`` or to one of its workshops."""
    return registration.event_id == event.id or registration.event.parent_id == event.id


def registration_of(event, registration_id):
    """The registration ``registration_id`` to ``event`` or one of its workshops, or None."""
    registration = db.session.get(Registration, registration_id)
    return registration if registration is not None and _belongs(registration, event) else None


def find_by_code(event, code):
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    if not code or len(code) > 16:
        return None
    registration = db.session.scalar(
        select(Registration).where(Registration.checkin_code == code))
    if registration is None or not _belongs(registration, event):
        return None
    return registration


def check_in(actor, event, registration):
    """Mark one confirmed participant present, once."""
    require_manage(actor, event.territory)
    if not _belongs(registration, event):
        raise NotFound(_("Cette inscription ne correspond pas à cet événement."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Invalid(_("Cette personne n'a pas de place confirmée (statut : liste d'attente, "
                        "annulée ou non confirmée)."), code="not_confirmed")
    if registration.checked_in_at is not None:
        raise Conflict(_("Déjà marqué·e présent·e à %(time)s.",
                         time=to_paris(registration.checked_in_at).strftime("%H:%M")),
                       code="already_checked_in")
    registration.checked_in_at = registration.updated_at = utcnow()
    audit.record(actor, "event.check_in", territory=event.territory, target=event,
                 registration=registration.id)
    db.session.flush()
    return registration


def check_out(actor, event, registration):
    """Undo a check-in (a tap on the wrong line)."""
    require_manage(actor, event.territory)
    if not _belongs(registration, event):
        raise NotFound(_("Cette inscription ne correspond pas à cet événement."))
    if registration.checked_in_at is None:
        raise Conflict(_("Cette personne n'est pas marquée présente."), code="not_checked_in")
    registration.checked_in_at = None
    registration.updated_at = utcnow()
    audit.record(actor, "event.check_out", territory=event.territory, target=event,
                 registration=registration.id)
    db.session.flush()
    return registration


def filtered(event, status=None, workshop_id=None, need=None):
    """The attendee list of ``event`` (and its workshops) narrowed by status, by workshop (the
    people registered to it) and by accessibility need (of their event registration)."""
    rows = attendees(event)
    if workshop_id is not None:
        people = {_person(r) for r in rows if r.event_id == workshop_id
                  and r.status != RegistrationStatus.CANCELLED}
        rows = [r for r in rows if r.event_id == workshop_id
                or (r.event_id == event.id and _person(r) in people)]
    if status is not None:
        rows = [r for r in rows if r.status == status]
    if need is not None:
        rows = [r for r in rows if need in r.need_list]
    return rows


def _person(registration):
    return registration.user_id or (registration.guest_email or "").casefold() or registration.id


def needs_counts(event):
    """{AccessNeed: how many active registrations to ``event`` ask for it}, and the "other"
    texts, for the organiser."""
    counts = {need: 0 for need in AccessNeed}
    others = []
    for registration in event.registrations.filter(
            Registration.status.in_((RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING,
                                     RegistrationStatus.PENDING))):
        for need in registration.need_list:
            counts[need] += 1
        if registration.needs_other:
            others.append(registration.needs_other)
    return counts, others


def attendance_counts(event):
    """{status value: number of registrations, ..., "present": number checked in}."""
    rows = db.session.execute(
        select(Registration.status, func.count(Registration.id),
               func.count(Registration.checked_in_at))
        .where(Registration.event_id == event.id).group_by(Registration.status)
    ).all()
    counts = {status.value: 0 for status in RegistrationStatus}
    present = 0
    for status, number, checked in rows:
        counts[RegistrationStatus(status).value] = number
        present += checked
    counts["present"] = present
    return counts


def attendees(event):
    """The registrations to an event and its workshops, by event, status and arrival."""
    ids = [event.id, *(w.id for w in event.workshops)]
    return db.session.scalars(
        select(Registration).where(Registration.event_id.in_(ids))
        .order_by(Registration.event_id, Registration.status, Registration.queued_at)
    ).all()


def search_confirmed(event, search):
    """Confirmed participants of ``event`` whose name contains ``search`` (any case)."""
    needle = (search or "").strip().casefold()
    if not needle:
        return []
    return [r for r in attendees(event)
            if r.status == RegistrationStatus.CONFIRMED and r.event_id == event.id
            and needle in (r.name or "").casefold()][:SEARCH_LIMIT]
