"""Who may do what with live workshop boards.

The facilitators and agents of a territory (and network admins) manage its boards: create and
set them up, project them, sort, group and moderate notes, send them to a consultation. Anyone
with the code may participate (or, when the board asks for it, anyone signed in). Views, socket
handlers and services all ask here.
"""

from flask_babel import gettext as _

from ...access import can
from ...errors import Forbidden
from ...models import Role

MANAGER_ROLES = (Role.FACILITATOR, Role.AGENT)


def _signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False)


def may_manage(user, territory):
    """True if ``user`` may manage and project the boards of ``territory``."""
    return _signed_in(user) and can(user, territory, *MANAGER_ROLES)


def may_manage_board(user, board):
    """``may_manage`` for the board's territory, asked at every board event: anonymous
    participants are answered first, without loading the territory (a database round trip)."""
    return _signed_in(user) and can(user, board.territory, *MANAGER_ROLES)


def require_manage(user, territory):
    """Refuse (``forbidden``) anyone who may not manage the boards of ``territory``."""
    if not may_manage(user, territory):
        raise Forbidden(_("Vous n'avez pas le rôle nécessaire dans ce territoire."))


def may_run_control_room(user, territory):
    """The summit's organisers (agents of the territory, network admins) run every board at
    once from the control room; a facilitator runs the boards one by one."""
    return _signed_in(user) and can(user, territory, Role.AGENT)


def require_control_room(user, territory):
    if not may_run_control_room(user, territory):
        raise Forbidden(_("Seuls les agents du territoire pilotent tous les ateliers à la fois."))
