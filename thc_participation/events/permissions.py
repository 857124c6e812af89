"""Who may see, manage and register for an event."""

from flask_babel import gettext as _
from sqlalchemy import or_, select

from ..access import can, is_network_member
from ..errors import Forbidden, NotFound
from ..models import Membership, Role
from .models import Event, Registration, RegistrationStatus, Visibility

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING, RegistrationStatus.PENDING)


def _signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False)


def can_manage_organiser(user, territory):
    """Territory agents manage their territory's events; network admins manage all."""
    if not _signed_in(user):
        return False
    if territory is None:
        return user.is_admin
    return can(user, territory, Role.AGENT)


def can_manage(user, event):
    return can_manage_organiser(user, event.territory)


def require_manage(user, territory):
    """``territory`` is the organiser: a Territory, or None for the network."""
    if not can_manage_organiser(user, territory):
        raise Forbidden(_("Seuls les agents du territoire organisateur et les administrateurs "
                          "du réseau peuvent gérer cet événement."))


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
        raise NotFound(_("Cet événement n'existe pas ou n'est pas visible pour vous."))


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
