"""Event rules: creating and changing events, registrations and waiting lists, check-in,
reminders and the retention purge. Every write goes through here (views, CLI, tests).

Seats are taken under a lock on the event row (``SELECT ... FOR UPDATE`` on PostgreSQL; on
SQLite the registration's INSERT takes the database write lock before the seats are
counted), so two people taking the last seat at once end up one confirmed, one waiting.
"""

import hashlib
import hmac
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from .. import audit
from ..accounts.services import find_by_email, normalise_email
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..text import clean_text
from ..timeutil import from_paris, to_paris, utcnow
from ..tokens import TokenError, make_token, read_token
from . import mailing
from .models import (
    CalendarToken,
    Event,
    EventKind,
    EventOccurrence,
    EventStatus,
    Registration,
    RegistrationStatus,
    Visibility,
)
from .permissions import can_manage, can_see, require_manage
from .recurrence import RuleError, build_rule, expand, rule_choices

log = logging.getLogger(__name__)

VIDEO_LINK_LEAD = timedelta(minutes=15)
PRIVATE_CALL_SEATS = (3, 10)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at the door
GUEST_LINK_MAX_AGE = 7 * 24 * 3600
ACTIVE = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)

RULE_MESSAGES = {
    "frequency": _l("Choisissez une fréquence de répétition."),
    "interval": _l("L'intervalle de répétition doit être compris entre 1 et 12."),
    "end": _l("Indiquez soit une date de fin de la répétition, soit un nombre d'occurrences."),
    "count": _l("Une répétition compte au plus 520 occurrences."),
    "span": _l("Une répétition ne peut pas dépasser dix ans."),
    "start": _l("La première occurrence doit tomber à la date de début de l'événement."),
    "syntax": _l("La règle de répétition n'est pas valide."),
}


# --- event data -------------------------------------------------------------------------


@dataclass
class Recurrence:
    frequency: str
    interval: int = 1
    until: date | None = None
    count: int | None = None


@dataclass
class EventData:
    """What the event form collects; times are naive Europe/Paris wall-clock times."""

    kind: str
    title: str
    start: datetime
    end: datetime
    description: str = ""
    all_day: bool = False
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    online_url: str = ""
    visibility: str = Visibility.PUBLIC.value
    capacity: int | None = None
    registration_enabled: bool = True
    registration_opens: datetime | None = None
    registration_closes: datetime | None = None
    partners: str = ""
    step_free: bool = False
    childcare: bool = False
    interpretation: str = ""
    accessibility_notes: str = ""
    status: str = EventStatus.SCHEDULED.value
    recurrence: Recurrence | None = None

    @classmethod
    def from_event(cls, event):
        """The form values of an existing event (to edit or duplicate it)."""
        start, end = to_paris(event.start_at), to_paris(event.end_at)
        return cls(
            kind=event.kind.value, title=event.title, description=event.description,
            start=start.replace(tzinfo=None), end=end.replace(tzinfo=None),
            all_day=event.all_day, address=event.address, latitude=event.latitude,
            longitude=event.longitude, online_url=event.online_url,
            visibility=event.visibility.value, capacity=event.capacity,
            registration_enabled=event.registration_enabled,
            registration_opens=_local(event.registration_opens_at),
            registration_closes=_local(event.registration_closes_at),
            partners=event.partners, step_free=event.step_free, childcare=event.childcare,
            interpretation=event.interpretation, accessibility_notes=event.accessibility_notes,
            status=event.status.value if event.status != EventStatus.CANCELLED else "scheduled",
            recurrence=Recurrence(*rule_choices(event.rrule)) if event.rrule else None,
        )


def _local(dt):
    return to_paris(dt).replace(tzinfo=None) if dt else None


def _field(message, code):
    return Invalid(message, code=code)


def _validated(data, territory, parent):
    """Check ``data`` and return the column values to store; raise Invalid (code = field)."""
    try:
        kind = EventKind(data.kind)
        visibility = Visibility(data.visibility)
        status = EventStatus(data.status)
    except ValueError:
        raise _field(_("Choisissez une valeur dans la liste."), "kind") from None
    if status == EventStatus.CANCELLED:
        raise _field(_("Pour annuler un événement, utilisez le bouton « Annuler l'événement »."),
                     "status")
    title = clean_text(data.title, 160, field=_("Le titre"))
    description = clean_text(data.description, 20000, field=_("La description"), min_len=0)
    if data.all_day:
        # From the first day's midnight to the last second of the last day (Paris time).
        start = from_paris(datetime.combine(data.start.date(), datetime.min.time()))
        end = from_paris(datetime.combine(data.end.date(), datetime.max.time().replace(
            microsecond=0)))
        if end < start:
            raise _field(_("Le dernier jour doit être le même que le premier jour ou après."),
                         "end")
    else:
        start, end = from_paris(data.start), from_paris(data.end)
        if end <= start:
            raise _field(_("La fin doit être après le début."), "end")
    if end - start > timedelta(days=31):
        raise _field(_("Un événement dure au plus 31 jours."), "end")
    if data.capacity is not None:
        if data.capacity < 0:
            raise _field(_("La capacité ne peut pas être négative."), "capacity")
        if data.capacity == 0:
            raise _field(_("La capacité doit être d'au moins une place (laissez le champ vide "
                           "pour ne pas limiter)."), "capacity")
    if kind == EventKind.VISIO_PRIVEE:
        if visibility == Visibility.PUBLIC:
            raise _field(_("Une visio privée n'est jamais publique : choisissez « Membres du "
                           "réseau » ou « Sur invitation »."), "visibility")
        low, high = PRIVATE_CALL_SEATS
        if data.capacity is None or not low <= data.capacity <= high:
            raise _field(_("Une visio privée réunit de %(low)d à %(high)d participants : "
                           "indiquez une capacité entre %(low)d et %(high)d.", low=low,
                           high=high), "capacity")
    if kind == EventKind.ATELIER:
        if parent is None:
            raise _field(_("Un atelier se crée depuis la page de gestion de son sommet "
                           "citoyen."), "kind")
        if start < parent.start_at or end > parent.end_at:
            raise _field(_("L'atelier doit avoir lieu pendant le sommet citoyen."), "start")
        visibility = parent.visibility
    elif parent is not None:
        raise _field(_("Les sous-événements d'un sommet citoyen sont des ateliers."), "kind")
    if kind == EventKind.SOMMET and territory is None:
        raise _field(_("Le sommet citoyen est organisé par un territoire."), "kind")
    online_url = (data.online_url or "").strip()
    if online_url:
        parts = urlsplit(online_url)
        if parts.scheme != "https" or not parts.netloc or len(online_url) > 500:
            raise _field(_("Le lien de visio doit être une adresse https:// complète."),
                         "online_url")
    address = clean_text(data.address, 300, field=_("L'adresse"), min_len=0)
    if (data.latitude is None) != (data.longitude is None):
        raise _field(_("Indiquez la latitude et la longitude, ou aucune des deux."), "latitude")
    if data.latitude is not None and not (-90 <= data.latitude <= 90
                                          and -180 <= data.longitude <= 180):
        raise _field(_("Cette position n'existe pas sur la carte."), "latitude")
    opens = from_paris(data.registration_opens) if data.registration_opens else None
    closes = from_paris(data.registration_closes) if data.registration_closes else None
    if opens and closes and closes <= opens:
        raise _field(_("La clôture des inscriptions doit suivre leur ouverture."),
                     "registration_closes")
    if opens and opens >= end:
        raise _field(_("Les inscriptions doivent ouvrir avant la fin de l'événement."),
                     "registration_opens")
    rule = ""
    if data.recurrence is not None:
        if kind in (EventKind.SOMMET, EventKind.ATELIER):
            raise _field(_("Un sommet citoyen et ses ateliers ne se répètent pas."),
                         "frequency")
        rec = data.recurrence
        try:
            rule = build_rule(rec.frequency, start, interval=rec.interval, until=rec.until,
                              count=rec.count, all_day=data.all_day)
        except RuleError as exc:
            raise _field(str(RULE_MESSAGES[exc.code]), "frequency") from None
    return {
        "kind": kind, "title": title, "description": description, "start_at": start,
        "end_at": end, "all_day": data.all_day, "rrule": rule, "address": address,
        "latitude": data.latitude, "longitude": data.longitude, "online_url": online_url,
        "visibility": visibility, "status": status, "capacity": data.capacity,
        "registration_enabled": data.registration_enabled, "registration_opens_at": opens,
        "registration_closes_at": closes,
        "partners": clean_text(data.partners, 2000, field=_("Les partenaires"), min_len=0),
        "step_free": data.step_free, "childcare": data.childcare,
        "interpretation": clean_text(data.interpretation, 200, field=_("L'interprétation"),
                                     min_len=0),
        "accessibility_notes": clean_text(data.accessibility_notes, 2000,
                                          field=_("Les informations d'accessibilité"),
                                          min_len=0),
    }


# Changes that calendar apps must see as a new version of the event (SEQUENCE + 1).
SIGNIFICANT = ("title", "start_at", "end_at", "all_day", "rrule", "address", "status")


def _touch(event, significant):
    now = utcnow()
    event.last_modified = max(now, event.last_modified + timedelta(microseconds=1))
    if significant:
        event.sequence += 1


def _series_end(event):
    if not event.rrule:
        return event.end_at
    occurrences = occurrences_of(event)
    return max((o.end for o in occurrences), default=event.end_at)


def occurrences_of(event, window=None):
    """The occurrences of an event (one for a single event), moved ones applied."""
    exdates = [o.original_start for o in event.occurrences if o.cancelled]
    overrides = [o for o in event.occurrences if not o.cancelled]
    return expand(event.start_at, event.end_at, event.rrule, exdates=exdates,
                  overrides=overrides, window=window)


def create_event(actor, territory, data, parent=None):
    require_manage(actor, territory)
    values = _validated(data, territory, parent)
    event = Event(territory_id=territory.id if territory else None, created_by_id=actor.id,
                  parent_id=parent.id if parent else None, **values)
    event.territory = territory
    now = utcnow()
    event.created_at = event.last_modified = now
    event.series_end_at = _series_end(event)
    db.session.add(event)
    db.session.flush()
    audit.record(actor, "event.create", territory=territory, target=event, kind=event.kind.value)
    db.session.commit()
    return event


def update_event(actor, event, data):
    """Apply the form; a change of time, place, status or title raises SEQUENCE and tells
    the registered people by e-mail (METHOD:REQUEST with the new version)."""
    require_manage(actor, event.territory)
    if event.status == EventStatus.CANCELLED:
        raise Conflict(_("Cet événement est annulé : il ne peut plus être modifié."))
    values = _validated(data, event.territory, event.parent)
    if values["kind"] != event.kind and EventKind.ATELIER in (values["kind"], event.kind):
        raise _field(_("Un atelier reste un atelier."), "kind")
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
    _touch(event, significant)
    if "visibility" in changed:
        for workshop in event.workshops:
            workshop.visibility = event.visibility
            _touch(workshop, False)
    moved_workshops = []
    if "start_at" in changed and event.workshops:  # the programme moves with its summit
        shift = event.start_at - old_start
        for workshop in event.workshops:
            workshop.start_at += shift
            workshop.end_at += shift
            workshop.series_end_at = workshop.end_at
            _touch(workshop, True)
            moved_workshops.append(workshop)
    promoted = []
    if event.capacity is None or (old_capacity is not None and event.capacity > old_capacity):
        promoted = _fill_seats(event)
    audit.record(actor, "event.update", territory=event.territory, target=event,
                 fields=sorted(changed))
    db.session.commit()
    for item in ([event] if significant else []) + moved_workshops:
        mailing.send_update(item, _active(item, (RegistrationStatus.CONFIRMED,)))
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
    reason = clean_text(reason, 500, field=_("Le motif de l'annulation"))
    affected = []
    for item in [event, *event.workshops]:
        if item.status == EventStatus.CANCELLED:
            continue
        item.status, item.cancel_reason = EventStatus.CANCELLED, reason
        _touch(item, True)
        affected.append(item)
    audit.record(actor, "event.cancel", territory=event.territory, target=event)
    db.session.commit()
    for item in affected:
        mailing.send_cancellation(item, _active(item, ACTIVE))


def _original_start(event, local_start):
    """The series occurrence that starts at ``local_start`` (Paris time); 404 otherwise."""
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


def cancel_occurrence(actor, event, local_original_start):
    """Cancel one occurrence of a recurring event (EXDATE in the feeds)."""
    require_manage(actor, event.territory)
    if not event.rrule:
        raise Invalid(_("Cet événement ne se répète pas."))
    original = _original_start(event, local_original_start)
    occ = _occurrence_row(event, original)
    occ.cancelled, occ.start_at, occ.end_at, occ.last_modified = True, None, None, utcnow()
    _changed_series(actor, event, "event.occurrence_cancel")


def move_occurrence(actor, event, local_original_start, local_start, local_end, address=""):
    """Move one occurrence (a RECURRENCE-ID override in the feeds)."""
    require_manage(actor, event.territory)
    if not event.rrule:
        raise Invalid(_("Cet événement ne se répète pas."))
    original = _original_start(event, local_original_start)
    start, end = from_paris(local_start), from_paris(local_end)
    if end <= start:
        raise _field(_("La fin doit être après le début."), "end")
    occ = _occurrence_row(event, original)
    occ.cancelled, occ.start_at, occ.end_at = False, start, end
    occ.address = clean_text(address, 300, field=_("L'adresse"), min_len=0)
    occ.last_modified = utcnow()
    _changed_series(actor, event, "event.occurrence_move")


def _changed_series(actor, event, action):
    event.series_end_at = _series_end(event)
    _touch(event, True)
    audit.record(actor, action, territory=event.territory, target=event)
    db.session.commit()
    mailing.send_update(event, _active(event, (RegistrationStatus.CONFIRMED,)))


def _active(event, statuses):
    return event.registrations.filter(Registration.status.in_(statuses)).order_by(
        Registration.id).all()


# --- registration -----------------------------------------------------------------------


def new_checkin_code():
    """10 characters from 32 symbols (50 random bits): opaque, easy to read out."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def registration_problem(event, user, now=None):
    """Why ``user`` (None for a guest) may not register now, as a French sentence, or None."""
    now = now or utcnow()
    if event.kind == EventKind.ATELIER and event.parent is not None:
        target = event.parent
        if target.status != EventStatus.SCHEDULED:
            return registration_problem(target, user, now)
    if not event.registration_enabled:
        return _("Cet événement ne prend pas d'inscriptions.")
    if event.status == EventStatus.CANCELLED:
        return _("Cet événement est annulé.")
    if event.status == EventStatus.POSTPONED:
        return _("Cet événement est reporté : les inscriptions reprendront avec la nouvelle "
                 "date.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Les inscriptions ouvriront le %(date)s.",
                 date=to_paris(event.registration_opens_at).strftime("%d/%m/%Y à %H:%M"))
    closes = event.registration_closes_at or event.series_end_at
    if now >= closes or (not event.rrule and now >= event.start_at):
        return _("Les inscriptions sont closes.")
    if event.visibility == Visibility.INVITED and not can_manage(user, event):
        return _("Cet événement est sur invitation : l'équipe organisatrice inscrit "
                 "elle-même les participants.")
    if event.visibility == Visibility.NETWORK and not can_see(user, event):
        return _("Cet événement est réservé aux membres du réseau : connectez-vous avec "
                 "votre compte d'agent ou d'élu.")
    return None


@dataclass
class Guest:
    name: str
    email: str
    contact_consent: bool = False


def _guest(guest):
    name = clean_text(guest.name, 80, field=_("Le nom"))
    return Guest(name, normalise_email(guest.email), bool(guest.contact_consent))


def _existing(event, user, guest):
    query = event.registrations
    if user is not None:
        return query.filter(Registration.user_id == user.id).first()
    return query.filter(Registration.guest_email == guest.email).first()


def _lock_event(event):
    """Serialise seat-taking on this event (a row lock on PostgreSQL)."""
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())


def _confirmed_count(event, exclude_id=None):
    query = select(func.count(Registration.id)).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
    if exclude_id is not None:
        query = query.where(Registration.id != exclude_id)
    return db.session.scalar(query)


def _take_seat(registration):
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


def _fill_seats(event):
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


def _retrying(operation):
    """Run ``operation`` again when SQLite reports a lock it could not wait for."""
    for attempt in range(5):
        try:
            return operation()
        except OperationalError:
            db.session.rollback()
            if attempt == 4:
                raise Conflict(_("Beaucoup de demandes arrivent en même temps : réessayez "
                                 "dans un instant.")) from None
            time.sleep(0.05 * (attempt + 1))
    return None


def _place(event, user, guest):
    """Create or revive one registration (pending for a guest) and take a seat if due."""
    registration = _existing(event, user, guest)
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
        _take_seat(registration)
    return registration


def register(event, user=None, guest=None):
    """Register a signed-in user (seat or waiting list at once) or a guest (pending until
    the e-mail link is followed). Returns the registration."""
    return register_for_summit(event, [], user=user, guest=guest)[0]


def _overlap(a, b):
    return a.start_at < b.end_at and b.start_at < a.end_at


def register_for_summit(event, workshops, user=None, guest=None):
    """Register for an event and, for a summit, for workshops that do not overlap.

    Everything is checked before anything is written; returns the new registrations,
    the event's first (an existing registration to the summit is kept and reused).
    """
    if user is None and guest is None:
        raise Forbidden(_("Connectez-vous ou indiquez votre nom et votre adresse e-mail."))
    if event.kind == EventKind.ATELIER:
        raise Invalid(_("On s'inscrit à un atelier depuis la page d'inscription du sommet "
                        "citoyen."))
    guest = _guest(guest) if user is None else None
    problem = registration_problem(event, user)
    if problem:
        raise Invalid(problem, code="closed")
    workshops = list(dict.fromkeys(workshops))
    for workshop in workshops:
        if workshop.parent_id != event.id:
            raise Invalid(_("Cet atelier ne fait pas partie de ce sommet."))
        problem = registration_problem(workshop, user)
        if problem:
            raise Invalid(_("« %(title)s » : %(problem)s", title=workshop.title,
                            problem=problem), code="closed")
    current = _existing(event, user, guest)
    if guest is not None and current is not None and current.status == RegistrationStatus.PENDING:
        # Lost or expired confirmation e-mail: send the link again, write nothing new.
        waiting_for_link = [r for r in registration_family(current)
                            if r.status == RegistrationStatus.PENDING]
        mailing.send_guest_confirmation(waiting_for_link[0], waiting_for_link[1:])
        return waiting_for_link
    keep_summit = current is not None and current.status in ACTIVE
    if keep_summit and not workshops:
        raise Conflict(_("Vous êtes déjà inscrit·e à « %(title)s ».", title=event.title),
                       code="already_registered")
    already = [w for w in event.workshops
               if (r := _existing(w, user, guest)) is not None and r.status in ACTIVE]
    chosen = sorted([*workshops, *[w for w in already if w not in workshops]],
                    key=lambda w: w.start_at)
    for first, second in zip(chosen, chosen[1:], strict=False):
        if _overlap(first, second):
            raise Invalid(_("Les ateliers « %(a)s » et « %(b)s » ont lieu en même temps : "
                            "choisissez-en un seul.", a=first.title, b=second.title),
                          code="overlap")

    def operation():
        created = []
        for target in ([] if keep_summit else [event]) + workshops:
            _lock_event(target)
            created.append(_place(target, user, guest))
        audit.record(user, "event.register", territory=event.territory, target=event,
                     guest=guest is not None, workshops=[w.id for w in workshops])
        db.session.commit()
        return created

    try:
        created = _retrying(operation)
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Vous êtes déjà inscrit·e à cet événement."),
                       code="already_registered") from None
    if keep_summit:
        created.insert(0, current)
    if guest is not None:
        mailing.send_guest_confirmation(created[0], created[1:])
    else:
        mailing.send_registrations(created[0], created[1:])
    return created


def invite(actor, event, email):
    """An organiser registers someone who has an account: the way into an event on
    invitation (and a way to add a latecomer to any event). Seats and waiting list apply."""
    require_manage(actor, event.territory)
    if event.kind == EventKind.ATELIER:
        raise Invalid(_("On inscrit aux ateliers depuis la page d'inscription du sommet."))
    if event.status == EventStatus.CANCELLED:
        raise Conflict(_("Cet événement est annulé."))
    user = find_by_email(normalise_email(email))
    if user is None:
        raise Invalid(_("Aucun compte n'utilise cette adresse : la personne doit d'abord "
                        "créer son compte."), code="email")

    def operation():
        _lock_event(event)
        registration = _place(event, user, None)
        audit.record(actor, "event.invite", territory=event.territory, target=event)
        db.session.commit()
        return registration

    try:
        registration = _retrying(operation)
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Cette personne est déjà inscrite."), code="already_registered") from None
    mailing.send_registrations(registration)
    return registration


def guest_link_token(registration, purpose):
    return make_token(f"event-{purpose}", registration.id)


def registration_for_token(token, purpose):
    """The registration a link points to; a forged or expired link gets a French error."""
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
    return registration


def registration_family(registration):
    """A summit registration with the same person's workshop registrations."""
    event = registration.event
    same = [registration]
    for workshop in event.workshops:
        other = _existing(workshop, registration.user,
                          Guest(registration.guest_name, registration.guest_email)
                          if registration.user is None else None)
        if other is not None:
            same.append(other)
    return same


def confirm_guest(token):
    """The guest followed the e-mail link: their pending registrations take seats."""
    registration = registration_for_token(token, "confirm")
    family = [r for r in registration_family(registration) if r.status == RegistrationStatus.PENDING]
    if not family:
        if registration.status == RegistrationStatus.CANCELLED:
            raise Invalid(_("Cette inscription a été annulée."), code="cancelled")
        return registration, []

    def operation():
        for item in family:
            problem = registration_problem(item.event, None)
            if problem:
                raise Invalid(problem, code="closed")
            _lock_event(item.event)
            db.session.flush()
            _take_seat(item)
        audit.record(None, "event.guest_confirm", territory=registration.event.territory,
                     target=registration.event)
        db.session.commit()
        return family

    confirmed = _retrying(operation)
    mailing.send_registrations(confirmed[0], confirmed[1:])
    return registration, confirmed


def cancel_registration(registration, actor=None):
    """Cancel (from the e-mail link, the event page or by staff); a freed seat goes to the
    first person waiting, who is told by e-mail. A summit registration takes its workshop
    registrations with it."""
    if actor is not None and registration.user_id != getattr(actor, "id", None):
        require_manage(actor, registration.event.territory)
    if registration.status == RegistrationStatus.CANCELLED:
        raise Conflict(_("Cette inscription est déjà annulée."), code="already_cancelled")
    targets = [r for r in registration_family(registration) if r.status in ACTIVE]

    def operation():
        promoted = []
        for item in targets:
            _lock_event(item.event)
            held = item.status == RegistrationStatus.CONFIRMED
            item.status = RegistrationStatus.CANCELLED
            item.cancelled_at = item.updated_at = utcnow()
            db.session.flush()
            if held:
                promoted += _fill_seats(item.event)
        audit.record(actor, "event.unregister", territory=registration.event.territory,
                     target=registration.event)
        db.session.commit()
        return promoted

    promoted = _retrying(operation)
    mailing.send_unregistered(targets)
    mailing.send_promotions(promoted)
    return targets


def my_registration(event, user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return event.registrations.filter(Registration.user_id == user.id).first()


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


# --- video link -------------------------------------------------------------------------


def current_occurrence(event, now=None):
    """The occurrence in progress or the next one (None when the series is over)."""
    now = now or utcnow()
    upcoming = occurrences_of(event, window=(now, now + timedelta(days=3660)))
    return upcoming[0] if upcoming else None


def video_link(event, user, now=None):
    """(link, opens_at): the link only for a confirmed participant, from 15 minutes before
    the start until the end of the occurrence; otherwise (None, opens_at or None)."""
    now = now or utcnow()
    if not event.online_url or event.status == EventStatus.CANCELLED:
        return None, None
    registration = my_registration(event, user)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return None, None
    occurrence = current_occurrence(event, now)
    if occurrence is None:
        return None, None
    opens_at = occurrence.start - VIDEO_LINK_LEAD
    return (event.online_url if now >= opens_at else None), opens_at


# --- check-in ---------------------------------------------------------------------------


def find_by_code(event, code):
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    if not code or len(code) > 16:
        return None
    registration = db.session.scalar(
        select(Registration).where(Registration.checkin_code == code))
    if registration is None:
        return None
    if registration.event_id != event.id and registration.event.parent_id != event.id:
        return None
    return registration


def check_in(actor, event, registration):
    """Mark one confirmed participant present, once."""
    require_manage(actor, event.territory)
    if registration.event_id != event.id and registration.event.parent_id != event.id:
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
    db.session.commit()
    return registration


def attendance_counts(event):
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


# --- reminders and retention ------------------------------------------------------------


def send_reminders(now=None):
    """E-mail confirmed participants of every occurrence that starts tomorrow (Paris).

    Reminders are computed from the current data at each run, so a reminder planned
    before a change of time is dropped; ``reminded_for`` remembers which start each
    person was reminded of, so a second run sends nothing twice. Returns the count.
    """
    now = now or utcnow()
    tomorrow = to_paris(now).date() + timedelta(days=1)
    day_start = from_paris(datetime.combine(tomorrow, datetime.min.time()))
    day_end = from_paris(datetime.combine(tomorrow + timedelta(days=1), datetime.min.time()))
    events = db.session.scalars(
        select(Event).where(Event.status == EventStatus.SCHEDULED,
                            Event.start_at < day_end, Event.series_end_at > day_start)
        .order_by(Event.id)
    ).all()
    sent = 0
    for event in events:
        starting = [o for o in occurrences_of(event, window=(day_start, day_end))
                    if day_start <= o.start < day_end]
        if not starting:
            continue
        occurrence = starting[0]
        for registration in _active(event, (RegistrationStatus.CONFIRMED,)):
            if registration.reminded_for == occurrence.start:
                continue
            if mailing.send_reminder(registration, occurrence):
                registration.reminded_for = occurrence.start
                sent += 1
        db.session.commit()
    return sent


def purge_attendees(now=None, retention_days=None):
    """Anonymise the registrations of events that ended more than ``retention_days`` ago,
    keeping statuses and attendance so that the counts stay. Returns the number of events."""
    now = now or utcnow()
    if retention_days is None:
        retention_days = current_app.config["THC_EVENTS_RETENTION_DAYS"]
    limit = now - timedelta(days=retention_days)
    events = db.session.scalars(
        select(Event).where(Event.series_end_at < limit, Event.purged_at.is_(None))
    ).all()
    for event in events:
        for registration in event.registrations:
            registration.user_id = None
            registration.guest_name = registration.guest_email = None
            registration.guest_contact_consent = False
            registration.anonymised_at = now
        event.purged_at = now
        audit.record(None, "event.purge_attendees", territory=event.territory, target=event)
    db.session.commit()
    return len(events)


# --- personal calendar tokens -----------------------------------------------------------


def _token_hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def regenerate_calendar_token(user):
    """A new secret for the user's personal feed (256 random bits); the old URL stops
    working at once. Only the hash is stored: the token is shown once."""
    token = secrets.token_urlsafe(32)
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    if row is None:
        row = CalendarToken(user_id=user.id)
        db.session.add(row)
    row.token_hash, row.created_at = _token_hash(token), utcnow()
    audit.record(user, "calendar.token_regenerate")
    db.session.commit()
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
