"""Territory navigation: entries show only once the module that owns the endpoint exists."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from .access import can
from .models import Role

TERRITORY_NAV = (
    ("dashboard.territory_home", _l("Tableau de bord")),
    ("consultation.index", _l("Consultations")),
    ("events.territory_calendar", _l("Agenda")),
    ("evaluation.draw_list", _l("Tirages au sort")),
    ("dashboard.actors", _l("Acteurs citoyens")),
)

AGENT = (Role.AGENT,)
# Each management part and the roles that may use it (a network admin may use them all).
MANAGEMENT_NAV = (
    ("consultation.manage_index", _l("Consultations"), AGENT),
    ("events.manage_index", _l("Événements et inscriptions"), AGENT),
    ("boards.manage_index", _l("Ateliers en direct"), (Role.FACILITATOR, Role.AGENT)),
    ("boards.control_room", _l("Salle de contrôle du sommet"), AGENT),
    ("evaluation.manage_index", _l("Tirages au sort"), AGENT),
    ("dashboard.manage_index", _l("Tableau de bord"), AGENT),
    ("territories.manage_roles", _l("Rôles"), AGENT),
    ("territories.audit_log", _l("Journal"), AGENT),
)
WORKSHOP_ROLES = (Role.FACILITATOR, Role.AGENT)


def available(entries):
    return [(endpoint, label) for endpoint, label in entries if endpoint in current_app.view_functions]


def management_parts(user, territory):
    """The management parts ``user`` may use in ``territory`` (endpoint, label)."""
    return [(endpoint, label) for endpoint, label, roles in MANAGEMENT_NAV
            if endpoint in current_app.view_functions and can(user, territory, *roles)]


def workshop_territories(user):
    """The territories whose live workshops ``user`` runs (facilitator or agent), for the
    "Mes ateliers" link of the account menu."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    seen = {}
    for membership in user.memberships:
        if membership.role in WORKSHOP_ROLES:
            seen.setdefault(membership.territory_id, membership.territory)
    return sorted(seen.values(), key=lambda t: t.name)
