"""Who may manage a territory: its management pages, the roles people hold in it and its audit
log. Used by the views and the services alike.

The evaluation group must be independent of the territory's team (the programme's guide): its
role comes from accepting a seat of an evaluation draw, or from a network admin, never from an
agent (not to themself, not to anyone). The steering committee, by contrast, seats elected
officials and agents next to its drawn citizens, so agents give that role."""

from flask_babel import gettext as _

from ..access import can
from ..errors import Forbidden
from ..models import Role


def may_manage(user, territory):
    """The territory's agents (and the network admins) manage it: roles, audit log."""
    return can(user, territory, Role.AGENT)


def require_manage(user, territory):
    if not may_manage(user, territory):
        raise Forbidden(_("Seuls les agents de ce territoire peuvent le gérer."))


def may_revoke(user, membership):
    """An agent does not take away their own agent role (another agent or an admin does)."""
    own_agent_role = membership.user_id == user.id and membership.role == Role.AGENT
    return may_manage(user, membership.territory) and (user.is_admin or not own_agent_role)


# Roles that only a network admin gives by hand (the draw gives them too, on seat acceptance).
ADMIN_ONLY_ROLES = frozenset({Role.EVALUATION})


def may_grant(user, role):
    return bool(getattr(user, "is_admin", False)) or role not in ADMIN_ONLY_ROLES


def grantable_roles(user):
    """The roles ``user`` may give in a territory they manage (the choices of the form)."""
    return [role for role in Role if may_grant(user, role)]


def require_grant(user, role):
    if not may_grant(user, role):
        raise Forbidden(_("Le rôle « %(role)s » est donné par le tirage au sort du groupe "
                          "d'évaluation ou par l'administration du réseau, pas par un agent.",
                          role=role.label), field="role")
