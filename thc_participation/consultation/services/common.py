"""What the consultation services share: limits, validation of one input, live events."""

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ... import realtime
from ...access import parse_id
from ...errors import Invalid
from ...extensions import db
from ...text import clean_text
from ..models import HelpPlace
from ..permissions import require_manage

NAMESPACE = "/consultation"
COMMENT_MAX = 4000
TITLE_MAX = 160
DESCRIPTION_MAX = 8000
SECTION_MAX = 30000
REASON_MAX = 500
NAME_MAX = 120


def optional_url(url, field="source_url"):
    if not url:
        return None
    url = url.strip()
    if not url.startswith(("https://", "http://", "/")) or len(url) > 500:
        raise Invalid(_("Le lien source n'est pas une adresse web valide."), code="bad_url",
                      field=field)
    return url


def on_behalf(actor, consultation, on_behalf_name, help_place_id):
    """Validate an agent's contribution entered for a citizen met at a help place."""
    if not on_behalf_name:
        return None, None
    require_manage(actor, consultation.territory)
    name = clean_text(on_behalf_name, NAME_MAX, _("Le nom de la personne"), field="on_behalf_name")
    place = None
    if help_place_id:
        ident = parse_id(help_place_id)
        place = db.session.get(HelpPlace, ident) if ident else None
        if place is None or place.territory_id != consultation.territory_id:
            raise Invalid(_("Ce lieu d'aide n'existe pas dans ce territoire."), code="bad_place",
                          field="help_place_id")
    return name, place


def flush_unique(conflict):
    """Flush; if a UNIQUE constraint refuses the new row (a concurrent request got there
    first), raise ``conflict``. A failed flush ends the operation, hence the rollback."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise conflict from None


def tell_phase(phase, event, data):
    """Tell the viewers of a phase, once the operation is committed."""
    realtime.emit(event, data, room=phase.room(), namespace=NAMESPACE)
