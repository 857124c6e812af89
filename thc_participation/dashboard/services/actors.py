"""The open map of citizen actors: a signed-in person proposes an actor or a correction, an
agent reviews it; coordinates are checked against the territory's map."""

import math

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import audit
from ...access import require_in
from ...errors import Invalid, NotFound
from ...extensions import db
from ...models import TerritoryKind
from ...text import clean_text
from ...timeutil import utcnow
from .. import permissions
from ..models import Actor, ActorKind, ActorStatus
from .common import http_url, optional_text, remove

# How far from the territory's centre an actor may be placed, by kind of territory (km).
MAP_RADIUS_KM = {
    TerritoryKind.COMMUNE: 25,
    TerritoryKind.INTERCOMMUNALITE: 50,
    TerritoryKind.DEPARTEMENT: 150,
    TerritoryKind.REGION: 400,
}

ALREADY_REVIEWED = _l("Cette proposition a déjà été traitée.")

# What an accepted correction copies into the actor it corrects.
ACTOR_FIELDS = ("name", "kind", "description", "address", "website", "latitude", "longitude")


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def parse_coordinate(value, label, field):
    """A coordinate typed in French (``47,39``) or English (``47.39``) to a float."""
    text_value = (value or "").strip().replace(",", ".")
    if not text_value:
        return None
    try:
        number = float(text_value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise Invalid(_("%(field)s doit être un nombre, par exemple 47,3915.", field=label),
                      code="coordinates", field=field)
    return number


def format_coordinate(value):
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")


def check_coordinates(territory, latitude, longitude):
    """Refuse coordinates that are not numbers, not on Earth, or too far from the territory."""
    if latitude is None or longitude is None:
        raise Invalid(_("Placez l'acteur sur la carte ou saisissez sa latitude et sa longitude."),
                      code="coordinates", field="latitude")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Invalid(_("Ces coordonnées n'existent pas : la latitude va de -90 à 90 et la "
                        "longitude de -180 à 180."), code="coordinates", field="latitude")
    if territory.latitude is not None and territory.longitude is not None:
        radius = MAP_RADIUS_KM[territory.kind]
        if distance_km(territory.latitude, territory.longitude, latitude, longitude) > radius:
            raise Invalid(_("Ce point est en dehors de la carte du territoire (plus de %(km)d km "
                            "de son centre).", km=radius), code="coordinates", field="latitude")


def propose_actor(user, territory, name, kind, description, latitude, longitude,
                  address=None, website=None, edit_of=None):
    """A signed-in person proposes a new actor or a correction of ``edit_of``; agents'
    proposals still need review. Coordinates are strings as typed, or numbers."""
    require_in(territory, edit_of)
    permissions.require_contribute(user)
    if edit_of is not None and edit_of.status != ActorStatus.VALIDATED:
        raise NotFound(_("Cet acteur n'existe pas."))
    kind = ActorKind.parse(kind, "kind", _("Choisissez le type d'acteur."))
    if isinstance(latitude, str):
        latitude = parse_coordinate(latitude, _("La latitude"), "latitude")
    if isinstance(longitude, str):
        longitude = parse_coordinate(longitude, _("La longitude"), "longitude")
    check_coordinates(territory, latitude, longitude)
    proposal = Actor(
        territory_id=territory.id, edit_of=edit_of, kind=kind,
        name=clean_text(name, 160, _("Le nom"), field="name"),
        description=clean_text(description, 2000, _("La description"), field="description"),
        address=optional_text(address, 200, _("L'adresse"), "address"),
        website=http_url(website, _("Le site web"), "website"),
        latitude=latitude, longitude=longitude, status=ActorStatus.PENDING,
        proposed_by_id=user.id,
    )
    db.session.add(proposal)
    db.session.flush()
    audit.record(user, "actor.propose", territory, proposal, edit=edit_of is not None)
    return proposal


def review_actor(user, territory, proposal, accept):
    """An agent validates or refuses a proposal; an accepted correction updates its actor."""
    require_in(territory, proposal)
    permissions.require_manage(user, territory)
    if proposal.status != ActorStatus.PENDING:
        raise Invalid(ALREADY_REVIEWED, code="reviewed")
    proposal.reviewed_by_id, proposal.reviewed_at = user.id, utcnow()
    if not accept:
        proposal.status = ActorStatus.REJECTED
    elif proposal.edit_of is not None:
        for field in ACTOR_FIELDS:
            setattr(proposal.edit_of, field, getattr(proposal, field))
        proposal.status = ActorStatus.MERGED
    else:
        proposal.status = ActorStatus.VALIDATED
    audit.record(user, "actor.review", territory, proposal, accepted=bool(accept))
    db.session.flush()
    return proposal


def remove_actor(user, territory, actor):
    """Take a citizen actor off the map."""
    remove(user, territory, actor, "actor.remove")
