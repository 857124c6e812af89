"""Territory navigation: entries show only once the module that owns the endpoint exists."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

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
    ("resources.territory_library", _l("Ressources du programme"),
     (Role.AGENT, Role.ELU, Role.STEERING, Role.FACILITATOR, Role.EVALUATION)),
)
WORKSHOP_ROLES = (Role.FACILITATOR, Role.AGENT)


# What a territory in the network only has not: the programme's dashboard management (its
# public page is then the authority's network page).
PROGRAMME_ONLY = {"dashboard.manage_index"}


NETWORK_ONLY_LABELS = {"dashboard.territory_home": _l("Page de la collectivité")}


def available(entries, territory=None):
    network_only = territory is not None and not territory.follows_programme
    return [(endpoint, NETWORK_ONLY_LABELS.get(endpoint, label) if network_only else label)
            for endpoint, label in entries
            if endpoint in current_app.view_functions
            and not (network_only and endpoint in PROGRAMME_ONLY)]


def management_parts(user, territory):
    """The management parts ``user`` may use in ``territory`` (endpoint, label)."""
    return available([(endpoint, label) for endpoint, label, roles in MANAGEMENT_NAV
                      if can(user, territory, *roles)], territory)


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


def brand(territory=None):
    """The site's name: a territory in the network only never shows the programme's label
    (the guide: it "ne pourra en aucun cas communiquer autour du sigle THC")."""
    if territory is not None and not territory.follows_programme:
        return _l("Réseau de la transition démocratique")
    return _l("THC Participation")


def page_title(title, territory=None):
    """The ``<title>`` of a page: "what — territory — site" ("Consultation X —
    Saint-Exemple-sur-Loire — THC Participation"); the territory is left out when the page's
    own title already names it, and a page without a title is the site's name."""
    site = escape(brand(territory))
    title = Markup(title or "").strip()
    parts = [title] if title and title != site else []
    if territory is not None and parts and escape(territory.name) not in title:
        parts.append(escape(territory.name))
    parts.append(site)
    return Markup(" — ").join(parts)
