"""Registrations: a signed-in person or a guest registers (a summit with its workshops), an
organiser invites, a guest confirms by e-mail, anyone unregisters; the video link."""

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _

from ... import audit
from ...accounts.services import find_by_email, normalise_email
from ...errors import Conflict, Forbidden, Invalid
from ...extensions import db
from ...text import clean_text
from ...timeutil import utcnow
from .. import mailing
from ..models import AccessNeed, EventKind, EventStatus, RegistrationStatus
from ..permissions import registration_problem, require_manage
from . import summit
from .queries import ACTIVE, current_occurrence, existing, my_registration, registration_family
from .seats import fill_seats, lock_event, place, retrying, take_seat
from .tokens import registration_for_token

VIDEO_LINK_LEAD = timedelta(minutes=15)


@dataclass
class Guest:
    name: str
    email: str
    contact_consent: bool = False


def _guest(guest):
    name = clean_text(guest.name, 80, _("Le nom"), min_len=1, field="name")
    return Guest(name, normalise_email(guest.email), bool(guest.contact_consent))


NEEDS_OTHER_MAX = 300


def clean_needs(codes, other=""):
    """The accessibility needs asked for: (codes joined by commas, text of "other")."""
    chosen = [AccessNeed.parse(code, field="needs").value for code in codes or ()]
    chosen = [need.value for need in AccessNeed if need.value in chosen]  # one order, no twice
    other = (other or "").strip()
    if AccessNeed.OTHER.value in chosen or other:
        other = clean_text(other, NEEDS_OTHER_MAX, _("Votre autre besoin"), field="needs_other")
        if AccessNeed.OTHER.value not in chosen:
            chosen.append(AccessNeed.OTHER.value)
    return ",".join(chosen), other


def register(event, user=None, guest=None):
    """Register a signed-in user (seat or waiting list at once) or a guest (pending until
    the e-mail link is followed). Returns the registration."""
    return register_for_summit(event, [], user=user, guest=guest)[0]


def register_for_summit(event, workshops, user=None, guest=None, needs=(), needs_other=""):
    """Register for an event and, for a summit, for workshops that do not overlap;
    ``needs`` (AccessNeed values) and ``needs_other`` are kept on the event's registration.

    Everything is checked before anything is written; returns the new registrations,
    the event's first (an existing registration to the summit is kept and reused).
    """
    if user is None and guest is None:
        raise Forbidden(_("Connectez-vous ou indiquez votre nom et votre adresse e-mail."))
    if event.kind == EventKind.ATELIER:
        raise Invalid(_("On s'inscrit à un atelier depuis la page d'inscription du sommet "
                        "citoyen."))
    guest = _guest(guest) if user is None else None
    needs, needs_other = clean_needs(needs, needs_other)
    problem = registration_problem(event, user)
    if problem:
        raise Invalid(problem, code="closed")
    workshops = summit.check_workshops(event, workshops, user)
    current = existing(event, user, guest.email if guest else None)
    if guest is not None and current is not None and current.status == RegistrationStatus.PENDING:
        # Lost or expired confirmation e-mail: send the link again, write nothing new.
        waiting_for_link = [r for r in registration_family(current)
                            if r.status == RegistrationStatus.PENDING]
        mailing.send_guest_confirmation(waiting_for_link[0], waiting_for_link[1:])
        return waiting_for_link
    keep_summit = current is not None and current.status in ACTIVE
    if keep_summit and not workshops:
        if guest is not None:
            # The page must not reveal that this address is registered: the same page as a
            # new guest answers, and the address's owner is told by e-mail.
            mailing.send_guest_already_registered(current)
            return [current]
        raise Conflict(_("Vous êtes déjà inscrit·e à « %(title)s ».", title=event.title),
                       code="already_registered")
    summit.refuse_overlaps(event, workshops, user, guest)

    def operation():
        created = []
        for target in ([] if keep_summit else [event]) + workshops:
            lock_event(target)
            created.append(place(target, user, guest))
        held = current if keep_summit else created[0]
        if needs or needs_other:
            held.needs, held.needs_other = needs, needs_other
        audit.record(user, "event.register", territory=event.territory, target=event,
                     guest=guest is not None, workshops=[w.id for w in workshops])
        db.session.flush()
        return created

    created = retrying(operation, duplicate=_("Vous êtes déjà inscrit·e à cet événement."))
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
                        "créer son compte."), field="email")

    def operation():
        lock_event(event)
        registration = place(event, user, None)
        audit.record(actor, "event.invite", territory=event.territory, target=event)
        db.session.flush()
        return registration

    registration = retrying(operation, duplicate=_("Cette personne est déjà inscrite."),
                            field="email")
    mailing.send_registrations(registration)
    return registration


def confirm_guest(token):
    """The guest followed the e-mail link: their pending registrations take seats."""
    registration = registration_for_token(token, "confirm")
    family = [r for r in registration_family(registration)
              if r.status == RegistrationStatus.PENDING]
    if not family:
        if registration.status == RegistrationStatus.CANCELLED:
            raise Invalid(_("Cette inscription a été annulée."), code="cancelled")
        return registration, []

    def operation():
        for item in family:
            problem = registration_problem(item.event, None)
            if problem:
                raise Invalid(problem, code="closed")
            lock_event(item.event)
            db.session.flush()
            take_seat(item)
        audit.record(None, "event.guest_confirm", territory=registration.event.territory,
                     target=registration.event)
        db.session.flush()
        return family

    confirmed = retrying(operation)
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
            lock_event(item.event)
            held = item.status == RegistrationStatus.CONFIRMED
            item.status = RegistrationStatus.CANCELLED
            item.cancelled_at = item.updated_at = utcnow()
            db.session.flush()
            if held:
                promoted += fill_seats(item.event)
        audit.record(actor, "event.unregister", territory=registration.event.territory,
                     target=registration.event)
        db.session.flush()
        return promoted

    promoted = retrying(operation)
    mailing.send_unregistered(targets)
    mailing.send_promotions(promoted)
    return targets


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
