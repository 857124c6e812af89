"""Help places: where people without a computer, or unsure with one, get help to take part
(an agent may then enter their contribution for them)."""

from flask_babel import gettext as _

from ... import audit
from ...access import require_in
from ...errors import Invalid
from ...extensions import db
from ...text import clean_text
from .. import permissions
from ..models import HelpPlace


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
    place.name = clean_text(name, 160, _("Le nom"), field="name")
    place.address = clean_text(address, 300, _("L'adresse"), field="address")
    place.hours = clean_text(hours, 300, _("Les horaires"), min_len=0, field="hours")
    place.help_kind = clean_text(help_kind, 300, _("L'aide proposée"), min_len=0, field="help_kind")
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
