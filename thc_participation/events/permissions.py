"""Who may see, manage and register for an event: the one access path of the events module,
used by its views and its services alike.

The organiser of an event is a territory, or the network itself (``None``): territory agents
manage their territory's events, network admins manage all. Objects named in a URL are
loaded here, scoped to their organiser (``managed_event``) or to what the user may see
(``visible_event``).
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from .. import access
from ..access import can, is_network_member
from ..errors import Forbidden, NotFound
from ..models import Membership, Role
from ..timeutil import to_paris, utcnow
from .models import Event, EventKind, EventStatus, Registration, RegistrationStatus, Visibility

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING, RegistrationStatus.PENDING)
NOT_VISIBLE = _l("Cet événement n'existe pas ou n'est pas visible pour vous.")


def _signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False)


def can_manage_organiser(user, organiser):
    """``organiser`` is a Territory, or None for the network."""
    if not _signed_in(user):
        return False
    if organiser is None:
        return user.is_admin
    return can(user, organiser, Role.AGENT)


def can_manage(user, event):
    return can_manage_organiser(user, event.territory)


def require_manage(user, organiser):
    if not can_manage_organiser(user, organiser):
        raise Forbidden(_("Seuls les agents du territoire organisateur et les administrateurs "
                          "du réseau peuvent gérer cet événement."))


def require_organised_by(organiser, *objects):
    """``access.require_in`` for an organiser that may be the network (None): an event of
    another organiser is not found."""
    if organiser is not None:
        access.require_in(organiser, *objects)
    elif any(obj is not None and obj.territory_id is not None for obj in objects):
        raise NotFound(_("Cet élément n'existe pas dans ce territoire."))


def managed_event(user, organiser, event_id):
    """The event ``event_id`` of ``organiser``, which ``user`` must be allowed to manage."""
    require_manage(user, organiser)
    event = access.load(Event, event_id, organiser)
    require_organised_by(organiser, event)
    return event


def is_invited(user, event):
    if not _signed_in(user):
        return False
    target = event.parent or event
    found = target.registrations.filter(
        Registration.user_id == user.id, Registration.status.in_(ACTIVE)
    ).first()
    return found is not None


def can_see(user, event):
    visibility = event.visibility
    if visibility == Visibility.PUBLIC or can_manage(user, event):
        return True
    if visibility == Visibility.NETWORK:
        return is_network_member(user)
    return is_invited(user, event)


def require_see(user, event):
    """A hidden event answers 404, so that its existence is not disclosed."""
    if not can_see(user, event):
        raise NotFound(NOT_VISIBLE)


def visible_event(user, event_id):
    """The event ``event_id`` if ``user`` may see it; 404 otherwise (hidden or missing)."""
    event = access.load(Event, event_id, message=NOT_VISIBLE)
    require_see(user, event)
    return event


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
        return _("Cet événement est réservé aux membres du réseau : les deux élu·es ou "
                 "agents désignés par chaque collectivité.")
    return None


def visible_clause(user):
    """A SQL condition on ``Event`` matching the events ``user`` may see in lists."""
    if _signed_in(user) and user.is_admin:
        return Event.id.isnot(None)
    clauses = [Event.visibility == Visibility.PUBLIC]
    if _signed_in(user):
        if is_network_member(user):
            clauses.append(Event.visibility == Visibility.NETWORK)
        # Invitation-only events: the people registered by the organisers. (A registration
        # to a network event does not keep it visible to someone who left the network.)
        clauses.append(
            (Event.visibility == Visibility.INVITED)
            & Event.id.in_(
                select(Registration.event_id).where(
                    Registration.user_id == user.id, Registration.status.in_(ACTIVE)
                )
            )
        )
        clauses.append(
            Event.territory_id.in_(
                select(Membership.territory_id).where(
                    Membership.user_id == user.id, Membership.role == Role.AGENT
                )
            )
        )
    return or_(*clauses)
