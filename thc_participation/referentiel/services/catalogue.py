"""What the public reads: published cards, filtered by facets (in SQL: kind, phase, cycle
step, participation level, scale) and by a full-text search, a page at a time; one card by
its stable address; its published related cards."""

from typing import NamedTuple

from sqlalchemy import func, select

from ...dashboard.models import CycleStep
from ...extensions import db
from ...web import page_number
from ..models import (
    PROGRAMME_PHASES,
    Card,
    CardKind,
    CardPhase,
    CardScale,
    CardStatus,
    CardStep,
    ParticipationLevel,
)
from . import search

PER_PAGE = 24
COUNT_CAP = 1000
MAX_PAGE = COUNT_CAP // PER_PAGE + 1  # beyond: refine the search (as search engines do)
MAX_QUERY = 200


class Filters(NamedTuple):
    """The catalogue's filters; each facet is a member of its enum (or a phase number), or
    None. The query string's French names are in ``PARAMS``."""

    q: str = ""
    kind: CardKind | None = None
    phase: int | None = None
    step: CycleStep | None = None
    level: ParticipationLevel | None = None
    scale: CardScale | None = None

    @property
    def active(self):
        return any(self)

    def args(self, **changes):
        """The query-string arguments of these filters (with ``changes``), for links."""
        values = self._replace(**changes)
        return {PARAMS[name]: str(value) for name, value in values._asdict().items()
                if value not in (None, "")}


# Filters field -> query-string name (French, stable: people bookmark them).
PARAMS = {"q": "q", "kind": "type", "phase": "phase", "step": "etape", "level": "niveau",
          "scale": "echelle"}
ENUMS = {"kind": CardKind, "step": CycleStep, "level": ParticipationLevel, "scale": CardScale}


def read_filters(args):
    """The filters of a query string; an unknown facet value is no filter (a stale link still
    shows the catalogue), a search is at most ``MAX_QUERY`` characters."""
    values = {"q": " ".join((args.get("q") or "").split())[:MAX_QUERY]}
    for name, enum_cls in ENUMS.items():
        raw = args.get(PARAMS[name])
        values[name] = enum_cls(raw) if raw in enum_cls._value2member_map_ else None
    phase = args.get("phase", "")
    values["phase"] = int(phase) if phase in {str(n) for n in PROGRAMME_PHASES} else None
    return Filters(**values)


def published():
    return select(Card).where(Card.status == CardStatus.PUBLISHED)


def filtered(filters):
    """The published cards matching the facets of ``filters`` (the search is applied by the
    caller, which also orders)."""
    query = published()
    if filters.kind:
        query = query.where(Card.kind == filters.kind)
    if filters.level:
        query = query.where(Card.participation_level == filters.level)
    if filters.scale:
        query = query.where(Card.scale == filters.scale)
    # EXISTS, not IN: the database walks the cards in the page's order and looks each one up
    # in the (card_id, value) key, instead of building the whole list of a phase's cards.
    if filters.phase:
        query = query.where(select(CardPhase.card_id).where(
            CardPhase.card_id == Card.id, CardPhase.phase == filters.phase).exists())
    if filters.step:
        query = query.where(select(CardStep.card_id).where(
            CardStep.card_id == Card.id, CardStep.step == filters.step).exists())
    return query


class Page(NamedTuple):
    """One page of cards. ``total`` is counted up to ``COUNT_CAP`` (``capped``: there are
    more), so that counting costs the same in a catalogue of 100 or 100,000 cards."""

    items: list
    page: int
    total: int
    capped: bool

    @property
    def pages(self):
        return max(1, -(-self.total // PER_PAGE))


def page(filters):
    """The page asked for of the catalogue: by title, or by relevance when there is a
    search (an empty page when the search holds no searchable word)."""
    query = filtered(filters)
    if filters.q:
        query = search.ordered(query, filters.q)
        if query is None:
            return Page([], 1, 0, False)
    else:
        query = query.order_by(Card.title, Card.id)
    number = min(page_number(), MAX_PAGE)
    items = db.session.scalars(query.limit(PER_PAGE).offset((number - 1) * PER_PAGE)).all()
    ids = query.with_only_columns(Card.id).order_by(None).limit(COUNT_CAP + 1).subquery()
    total = db.session.scalar(select(func.count()).select_from(ids))
    return Page(items, number, min(total, COUNT_CAP), total > COUNT_CAP)


def find_card(kind, slug):
    """The card at ``/referentiel/<kind>/<slug>`` whatever its state (the caller checks who
    may see it), or None."""
    if kind not in CardKind._value2member_map_:
        return None
    return db.session.scalar(select(Card).where(Card.slug == slug, Card.kind == kind))


def published_related(card):
    return [other for other in card.related if other.status == CardStatus.PUBLISHED]
