"""Who may do what with the resources library.

- the network admin (Démocratie Ouverte) adds resources, edits them, uploads new versions and
  archives them (``/admin/ressources``);
- a territory's team downloads them: its agents, elected officials, steering committee
  members, facilitators (the workshop kit is theirs) and evaluation group (the evaluation
  grid), i.e. every role a territory gives; the management pages show them at their phase;
- anybody, signed in or not, downloads a resource the admin marked public from
  ``/ressources/<id>``; a citizen without a role, or the team of another territory, does not
  see a territory's library (404: its existence is not disclosed); an archived resource is
  the admin's only.
"""

from flask_babel import gettext as _

from ..access import can, require_admin
from ..errors import NotFound
from ..models import Role

TEAM_ROLES = (Role.AGENT, Role.ELU, Role.STEERING, Role.FACILITATOR, Role.EVALUATION)


def require_manage_library(user):
    require_admin(user)


def is_team_member(user, territory=None):
    """``user`` holds a team role in ``territory`` (in any territory when None), or is a
    network admin."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if territory is not None:
        return can(user, territory, *TEAM_ROLES)
    return user.is_admin or any(m.role in TEAM_ROLES for m in user.memberships)


def _hidden(user, resource):
    return resource.archived and not is_admin(user)


def require_public(user, resource):
    """``/ressources/<id>``: a public resource, for anybody."""
    if not resource.public or _hidden(user, resource):
        raise NotFound(_("Cette ressource n'existe pas."))


def may_download(user, resource, territory):
    return not _hidden(user, resource) and is_team_member(user, territory)


def require_team(user, territory):
    """The territory's library and its downloads: its team (others: not found)."""
    if not is_team_member(user, territory):
        raise NotFound(_("Cette page n'existe pas."))


def require_download(user, territory, resource):
    require_team(user, territory)
    if _hidden(user, resource):
        raise NotFound(_("Cette ressource n'existe pas."))


def is_admin(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_admin)
