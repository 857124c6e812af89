"""Who may do what with pools and draws, in which territory.

Used by the views (``web.territory_for(slug, permissions.require_manage)``) and by the
services alike, so that a page, the CLI and a test obey the same rules.
"""

from flask_babel import gettext as _

from ..access import can
from ..errors import Conflict, Forbidden, NotFound
from ..models import Role
from .models import DrawState


def may_manage(user, territory):
    """The territory's agents (and network admins) manage its pools, draws and seats."""
    return can(user, territory, Role.AGENT)


def require_manage(user, territory):
    if not may_manage(user, territory):
        raise Forbidden(_("Seuls les agents du territoire gèrent ses viviers et ses tirages au "
                          "sort."))


def is_public(draw):
    """A draw is public once frozen: before, its rules may still change."""
    return draw.state != DrawState.PREPARED


def require_public(draw):
    """A draw in preparation does not exist for the public pages, whoever asks."""
    if not is_public(draw):
        raise NotFound(_("Ce tirage n'existe pas."))


def may_sign_up(pool):
    return pool.signup_open


def require_sign_up(pool):
    if not may_sign_up(pool):
        raise Conflict(_("Les inscriptions à ce vivier sont fermées."))
