"""Help places: where people without a computer, or unsure with one, get help to take part
(an agent may then enter their contribution for them)."""

from flask_babel import gettext as _

from ... import audit
from ...access import require_in
from ...errors import Invalid
from ...extensions import db
from .. import permissions
from ..models import HelpPlace
from .common import valid_text


def _coordinate(value, low, high, label, field):
    if value in (None, ""):
        return None
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        raise Invalid(_("%(label)s doit être un nombre.", label=label), code="bad_number",
                      field=field) from None
    if not low <= number <= high:
        raise Invalid(_("%(label)s est hors des limites.", label=label), code="bad_number",
                      field=field)
    return number


def save_help_place(actor, territory, name, address, hours="", help_kind="", latitude=None,
                    longitude=None, place=None):
    """Create a help place, or change ``place``."""
    require_in(territory, place)
    permissions.require_manage(actor, territory)
    place = place or HelpPlace(territory_id=territory.id)
    place.name = valid_text(name, 160, _("Le nom"), "name")
    place.address = valid_text(address, 300, _("L'adresse"), "address")
    place.hours = valid_text(hours, 300, _("Les horaires"), "hours", min_len=0)
    place.help_kind = valid_text(help_kind, 300, _("L'aide proposée"), "help_kind", min_len=0)
    place.latitude = _coordinate(latitude, -90, 90, _("La latitude"), "latitude")
    place.longitude = _coordinate(longitude, -180, 180, _("La longitude"), "longitude")
    db.session.add(place)
    db.session.flush()
    audit.record(actor, "help_place.save", territory, place)
    return place


def delete_help_place(actor, territory, place):
    require_in(territory, place)
    permissions.require_manage(actor, territory)
    audit.record(actor, "help_place.delete", territory, place, name=place.name)
    db.session.delete(place)
    db.session.flush()
