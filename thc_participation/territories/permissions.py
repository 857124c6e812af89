"""Who may manage a territory: its management pages, the roles people hold in it and its audit
log. Used by the views and the services alike."""

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
