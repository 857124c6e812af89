"""What the search finds in the référentiel: a published card is a document (its title; its
summary, text without markup, audience, territory and the labels of its facets); any other
state is no document, so that archiving a card takes it out of the search at once. The search
engine's session hooks keep the index in step with every write of a card, whoever makes it
(the curation's services, the demo, a test)."""

from flask_babel import lazy_gettext as _l

from .. import search
from ..search.text import plain
from .models import Card, CardStatus

KIND = "referentiel"


def card_document(card):
    if card.status != CardStatus.PUBLISHED:
        return None
    labels = [card.kind.label]
    labels += [label.label for label in (card.participation_level, card.scale) if label]
    text = "\n".join(part for part in (card.summary, plain(card.body), card.audience,
                                       card.territory_name, " ".join(labels)) if part)
    return {"title": card.title, "text": text, "territory_id": None,
            "url": search.link("referentiel.card", kind=card.kind.value, slug=card.slug)}


search.register(KIND, Card, card_document, label=_l("Référentiel"), order=50)
