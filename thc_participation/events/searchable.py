"""What the site search finds in the events: public events only (never the network's or the
invited ones), of a territory or of the network."""

from flask_babel import lazy_gettext as _l

from .. import search
from ..search.text import plain
from .models import Event, Visibility


def event_document(event):
    if event.visibility != Visibility.PUBLIC:
        return None
    parts = [plain(event.description), event.address, event.partners]
    return {"title": event.title, "text": "\n".join(p for p in parts if p),
            "territory_id": event.territory_id,
            "url": search.link("events.event_page", event_id=event.id)}


search.register("event", Event, event_document, label=_l("Événements"), order=40)
