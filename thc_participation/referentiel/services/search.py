"""The référentiel in the full-text index (``thc_participation.search``): a published card is a
document (title; summary, text, audience, territory and its facets' labels), any other state
is no document, so archiving a card takes it out of the search. The session hooks of
``search.register`` keep the index in step with every write of a card, whoever makes it.

``page(query, q, per_page)``: the catalogue's cards matching ``q`` among ``query`` (the
facets), best first, one page at a time, in one SQL statement (and one count)."""

from flask_babel import lazy_gettext as _l

from ... import search
from ...search.matching import matching
from ...web import paginate
from ..models import Card, CardStatus

KIND = "referentiel"


def document(card):
    if card.status != CardStatus.PUBLISHED:
        return None
    labels = [card.kind.label]
    labels += [label.label for label in (card.participation_level, card.scale) if label]
    text = "\n".join(part for part in (card.summary, card.body, card.audience,
                                       card.territory_name, " ".join(labels)) if part)
    return {"title": card.title, "text": text, "territory_id": None,
            "url": search.link("referentiel.card", kind=card.kind.value, slug=card.slug)}


search.register(KIND, Card, document, label=_l("Référentiel"), order=50)


def page(query, q, per_page):
    """A Flask-SQLAlchemy Pagination of the cards of ``query`` matching ``q``, best first
    (an empty page when ``q`` holds no searchable word)."""
    match = matching(q, kinds=[KIND])
    if match is None:
        return paginate(query.where(Card.id.is_(None)), per_page)
    return paginate(match.apply(query, KIND, Card.id).order_by(Card.id), per_page)
