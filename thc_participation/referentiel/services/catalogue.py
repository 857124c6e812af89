"""What the public reads: published cards, filtered by facets (in SQL: kind, phase, cycle
step, participation level, scale) and by a full-text search, a page at a time; one card by
its stable address; its published related cards."""

from typing import NamedTuple

from sqlalchemy import select

from ...dashboard.models import CycleStep
from ...extensions import db
from ...web import paginate
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
    if filters.phase:
        query = query.where(Card.id.in_(
            select(CardPhase.card_id).where(CardPhase.phase == filters.phase)))
    if filters.step:
        query = query.where(Card.id.in_(
            select(CardStep.card_id).where(CardStep.step == filters.step)))
    return query


def page(filters):
    """One page of the catalogue (a Flask-SQLAlchemy Pagination) for the page asked for:
    by title, or by relevance when there is a search."""
    query = filtered(filters)
    if filters.q:
        return search.page(query, filters.q, PER_PAGE)
    return paginate(query.order_by(Card.title, Card.id), PER_PAGE)


def find_card(kind, slug):
    """The card at ``/referentiel/<kind>/<slug>`` whatever its state (the caller checks who
    may see it), or None."""
    if kind not in CardKind._value2member_map_:
        return None
    return db.session.scalar(select(Card).where(Card.slug == slug, Card.kind == kind))


def published_related(card):
    return [other for other in card.related if other.status == CardStatus.PUBLISHED]
