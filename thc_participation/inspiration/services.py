"""Citing référentiel cards: the picker's search, attaching and detaching (a board's change
goes through the boards' pipeline, so phones and the wall receive it live, in version order),
and what pages read (the cards of an item, the public items that use a card, the actors to
invite to a summit). Services flush; the board pipeline commits its own change."""

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import audit
from ..access import parse_id, require_in
from ..consultation.models import (
    Consultation,
    ConsultationState,
    Moderation,
    Proposal,
    ProposalStatus,
)
from ..dashboard.models import Actor, ActorStatus, Commitment
from ..errors import Conflict, Invalid
from ..events.boards.services.pipeline import Actor as BoardActor
from ..events.boards.services.pipeline import facilitator_change, system_op
from ..events.models import Event, EventKind, EventStatus, Visibility
from ..extensions import db
from ..models import Territory
from ..referentiel.models import Card, CardKind, CardPhase, CardStatus
from . import permissions
from .models import COLUMNS, CardCitation, Target

SEARCH_LIMIT = 20
MAX_CARDS = 12  # per item: a wall stays readable
SUMMARY_LENGTH = 220
# Attachments pushed to one board's phones and wall (checked by the views: the demo and
# scripts call the services freely).
BOARD_RATE = "20 per minute"
SUMMIT_PHASE = 3
ACTORS_TO_INVITE = 30


def search(query, kind=None, limit=SEARCH_LIMIT):
    """Published cards whose title holds ``query`` (case-insensitive), by title."""
    text = (query or "").strip()[:100].lower()
    statement = select(Card).where(Card.status == CardStatus.PUBLISHED)
    if kind in {k.value for k in CardKind}:
        statement = statement.where(Card.kind == CardKind(kind))
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(func.lower(Card.title).like(f"%{escaped}%", escape="\\"))
    return db.session.scalars(statement.order_by(Card.title, Card.id).limit(limit)).all()


def published_card(card_id):
    """The published card ``card_id``; anything else is refused on the ``card`` field."""
    ident = parse_id(card_id)
    card = db.session.get(Card, ident) if ident is not None else None
    if card is None:
        raise Invalid(_("Choisissez une fiche du référentiel."), code="no_card", field="card")
    if card.status != CardStatus.PUBLISHED:
        raise Invalid(_("Cette fiche n'est pas publiée dans le référentiel : seules les fiches "
                        "publiées peuvent être jointes."), code="not_published", field="card")
    return card


def card_path(card):
    """The card's page (a path), from a request, the CLI or a job alike."""
    if has_request_context():
        return url_for("referentiel.card", kind=card.kind.value, slug=card.slug)
    with current_app.test_request_context("/"):
        return url_for("referentiel.card", kind=card.kind.value, slug=card.slug)


def card_wire(card):
    """A card as boards send it (phones, wall): short and self-contained."""
    summary = card.summary if len(card.summary) <= SUMMARY_LENGTH else \
        card.summary[:SUMMARY_LENGTH - 1].rstrip() + "…"
    return {"id": card.id, "kind": card.kind.value, "title": card.title, "summary": summary,
            "url": card_path(card)}


def _citations(target, obj):
    column = getattr(CardCitation, COLUMNS[target])
    return db.session.scalars(select(CardCitation).where(column == obj.id)
                              .order_by(CardCitation.id)).all()


def _check_target(target, obj):
    if target == Target.PROPOSAL and obj.status != ProposalStatus.RETAINED:
        raise Invalid(_("Seule une proposition retenue cite les fiches qui l'ont inspirée."),
                      code="not_retained", field="card")
    if target == Target.WORKSHOP and obj.kind != EventKind.ATELIER:
        raise Invalid(_("Les fiches se joignent aux ateliers du sommet."), code="invalid",
                      field="card")


def _new_citation(user, territory, target, obj, card):
    existing = _citations(target, obj)
    if any(c.card_id == card.id for c in existing):
        raise Conflict(_("Cette fiche est déjà jointe."), code="duplicate", field="card")
    if len(existing) >= MAX_CARDS:
        raise Invalid(_("Au plus %(n)d fiches par élément.", n=MAX_CARDS), code="too_many",
                      field="card")
    citation = CardCitation(card=card, territory_id=territory.id, target=target,
                            attached_by_id=user.id, **{COLUMNS[target]: obj.id})
    db.session.add(citation)
    db.session.flush()
    audit.record(user, "inspiration.attach", territory, obj, card=card.id, title=card.title)
    return citation


def attach(user, territory, target, obj, card_id):
    """Cite the published card ``card_id`` on ``obj`` (a board's citation is pushed live)."""
    target = Target(target)
    require_in(territory, obj)
    permissions.require_cite(user, territory, target)
    _check_target(target, obj)
    card = published_card(card_id)
    if target != Target.BOARD:
        return _new_citation(user, territory, target, obj, card)

    def apply(board):
        _new_citation(user, territory, target, board, card)
        board.inspirations = [*(board.inspirations or []), card_wire(card)]
        return {"cards": board.inspirations}

    return facilitator_change(obj.id, BoardActor(None, user), system_op(), "board.inspirations",
                              apply, allowed_when_locked=True)


def detach(user, territory, citation):
    require_in(territory, citation)
    permissions.require_cite(user, territory, citation.target)
    target_id = getattr(citation, COLUMNS[citation.target])

    def remove(board=None):
        audit.record(user, "inspiration.detach", territory, citation.card,
                     item=citation.target.value, item_id=target_id)
        db.session.delete(citation)
        db.session.flush()
        if board is not None:
            board.inspirations = [c for c in board.inspirations or []
                                  if c["id"] != citation.card_id]
            return {"cards": board.inspirations}
        return None

    if citation.target != Target.BOARD:
        return remove()
    return facilitator_change(target_id, BoardActor(None, user), system_op(),
                              "board.inspirations", remove, allowed_when_locked=True)


# ---------------------------------------------------------------- reading


def citations_of(target, obj):
    """Every citation of ``obj`` (its management page), oldest first."""
    return _citations(Target(target), obj)


def cards_of(target, obj):
    """The published cards ``obj`` cites (its public page)."""
    return [c.card for c in _citations(Target(target), obj) if c.card.is_published]


def uses_of(card):
    """The public items citing ``card``: ``[(target, title, territory name, url)]``."""
    uses = []
    rows = db.session.execute(
        select(Commitment.id, Commitment.title, Territory.name, Territory.slug)
        .join(CardCitation, CardCitation.commitment_id == Commitment.id)
        .join(Territory, Territory.id == Commitment.territory_id)
        .where(CardCitation.card_id == card.id).order_by(Territory.name, Commitment.title))
    uses += [(Target.COMMITMENT, title, name, url_for("dashboard.action", slug=slug,
                                                       commitment_id=ident))
             for ident, title, name, slug in rows]
    rows = db.session.execute(
        select(Proposal.id, Proposal.title, Consultation.id, Territory.name, Territory.slug)
        .join(CardCitation, CardCitation.proposal_id == Proposal.id)
        .join(Consultation, Consultation.id == Proposal.consultation_id)
        .join(Territory, Territory.id == Consultation.territory_id)
        .where(CardCitation.card_id == card.id, Proposal.status == ProposalStatus.RETAINED,
               Proposal.moderation == Moderation.VISIBLE,
               Consultation.state != ConsultationState.DRAFT)
        .order_by(Territory.name, Proposal.title))
    uses += [(Target.PROPOSAL, title, name, url_for(
        "consultation.proposal", slug=slug, consultation_id=consultation, proposal_id=ident))
        for ident, title, consultation, name, slug in rows]
    rows = db.session.execute(
        select(Event.id, Event.title, Territory.name)
        .join(CardCitation, CardCitation.event_id == Event.id)
        .join(Territory, Territory.id == Event.territory_id)
        .where(CardCitation.card_id == card.id, Event.visibility == Visibility.PUBLIC,
               Event.status != EventStatus.CANCELLED)
        .order_by(Territory.name, Event.title))
    uses += [(Target.WORKSHOP, title, name, url_for("events.event_page", event_id=ident))
             for ident, title, name in rows]
    return uses


def actors_to_invite(territory):
    """The actors a territory's summit may invite: published actor cards of the référentiel
    that serve the summit's phase (3), and the territory's own validated actor map."""
    cards = db.session.scalars(
        select(Card).join(CardPhase, CardPhase.card_id == Card.id)
        .where(Card.status == CardStatus.PUBLISHED, Card.kind == CardKind.ACTOR,
               CardPhase.phase == SUMMIT_PHASE)
        .order_by(Card.title).limit(ACTORS_TO_INVITE)).all()
    local = db.session.scalars(
        select(Actor).where(Actor.territory_id == territory.id,
                            Actor.status == ActorStatus.VALIDATED)
        .order_by(Actor.name)).all()
    return cards, local
