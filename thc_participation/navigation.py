"""Territory navigation: entries show only once the module that owns the endpoint exists."""

from flask import current_app
from flask_babel import lazy_gettext as _l

TERRITORY_NAV = (
    ("dashboard.territory_home", _l("Tableau de bord")),
    ("consultation.index", _l("Consultations")),
    ("events.territory_calendar", _l("Agenda")),
    ("evaluation.draw_list", _l("Tirages au sort")),
    ("dashboard.actors", _l("Acteurs citoyens")),
)

MANAGEMENT_NAV = (
    ("consultation.manage_index", _l("Consultations")),
    ("events.manage_index", _l("Événements et inscriptions")),
    ("boards.manage_index", _l("Ateliers en direct")),
    ("evaluation.manage_index", _l("Tirages au sort")),
    ("dashboard.manage_index", _l("Tableau de bord")),
    ("territories.manage_roles", _l("Rôles")),
    ("territories.audit_log", _l("Journal")),
)


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


def brand(territory=None):
    """The site's name: a territory in the network only never shows the programme's label
    (the guide: it "ne pourra en aucun cas communiquer autour du sigle THC")."""
    if territory is not None and not territory.follows_programme:
        return _l("Réseau de la transition démocratique")
    return _l("THC Participation")
