"""The catalogue's full-text search: the cards of a facet query matching ``q``, best first, in
one SQL statement (``search.matching`` joins the match to the query). What a card's document
holds: ``referentiel/searchable.py``."""

from ...search.matching import matching
from ..models import Card
from ..searchable import KIND


def ordered(query, q):
    """``query`` (cards) kept to those matching ``q``, best first; None when ``q`` holds no
    searchable word."""
    match = matching(q, kinds=[KIND])
    if match is None:
        return None
    return match.apply(query, KIND, Card.id).order_by(Card.id)
