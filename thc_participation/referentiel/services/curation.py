"""The curation of cards: an author proposes, Démocratie Ouverte (the network admins) asks for
changes, publishes, archives and publishes again. Every publication keeps a version
(``cards.publish``); the author is told by e-mail, after the commit, when changes are asked or
the card is published. Services flush, never commit.

    brouillon ──propose──▶ proposee ──publish──▶ publiee ──archive──▶ archivee
        ▲                    │  ▲                   ▲                    │
        └──(author edits)── modifications ◀─ask─┘  └──────republish─────┘
"""

from flask import current_app
from flask_babel import gettext as _

from ... import audit, mail
from ...errors import Conflict
from ...extensions import db
from ...text import clean_text
from ...timeutil import utcnow
from ...transaction import after_commit
from ...urls import absolute_url
from .. import permissions
from ..models import Card, CardStatus
from . import cards

PROPOSABLE = (CardStatus.DRAFT, CardStatus.CHANGES_REQUESTED)
# A curator publishes a proposed card, or publishes again a published card they edited.
PUBLISHABLE = (CardStatus.PROPOSED, CardStatus.CHANGES_REQUESTED, CardStatus.PUBLISHED)


def _require_status(card, allowed, message):
    if card.status not in allowed:
        raise Conflict(message, code="status")


def propose(card, actor):
    """The author (or a curator) submits the card for review."""
    permissions.require_edit(actor, card)
    _require_status(card, PROPOSABLE, _("Seul un brouillon ou une fiche à modifier peut être "
                                        "proposée."))
    card.status = CardStatus.PROPOSED
    card.updated_at = utcnow()
    db.session.flush()
    audit.record(actor, "referentiel.card.propose", None, card, title=card.title)
    return card


def request_changes(card, actor, comment):
    """A curator sends a proposed card back to its author with what to change."""
    permissions.require_curate(actor)
    _require_status(card, (CardStatus.PROPOSED,), _("Seule une fiche proposée peut être "
                                                    "renvoyée à son auteur."))
    card.review_note = clean_text(comment, 5000, _("Le commentaire"), field="comment")
    card.status = CardStatus.CHANGES_REQUESTED
    card.updated_at = utcnow()
    db.session.flush()
    audit.record(actor, "referentiel.card.request_changes", None, card, title=card.title)
    _tell_author(card, actor, _("Votre fiche « %(title)s » : modifications demandées",
                                title=card.title),
                 _("L'équipe de Démocratie Ouverte a relu votre fiche « %(title)s » et vous "
                   "demande des modifications :\n\n%(note)s\n\nModifiez-la puis proposez-la "
                   "de nouveau : %(link)s", title=card.title, note=card.review_note,
                   link=absolute_url("referentiel.edit_card", card_id=card.id)))
    return card


def publish(card, actor, note=None):
    """A curator publishes the card; this version is kept in its history."""
    permissions.require_curate(actor)
    _require_status(card, PUBLISHABLE, _("Cette fiche ne peut pas être publiée dans son état "
                                         "actuel."))
    first = card.published_at is None
    version = cards.publish(card, actor, note=note)
    subject = (_("Votre fiche « %(title)s » est publiée", title=card.title) if first
               else _("Votre fiche « %(title)s » : nouvelle version publiée", title=card.title))
    _tell_author(card, actor, subject,
                 _("Votre fiche « %(title)s » est publiée dans le référentiel (version "
                   "%(number)d) : %(link)s\n\nMerci pour votre contribution.",
                   title=card.title, number=version.number, link=public_url(card)))
    return version


def archive(card, actor):
    """A curator withdraws a published card from the catalogue; its history stays."""
    permissions.require_curate(actor)
    _require_status(card, (CardStatus.PUBLISHED,), _("Seule une fiche publiée peut être "
                                                     "archivée."))
    card.status = CardStatus.ARCHIVED
    card.archived_at = card.updated_at = utcnow()
    db.session.flush()
    audit.record(actor, "referentiel.card.archive", None, card, title=card.title)
    return card


def republish(card, actor, note=None):
    """A curator puts an archived card back in the catalogue, as a new version."""
    permissions.require_curate(actor)
    _require_status(card, (CardStatus.ARCHIVED,), _("Seule une fiche archivée peut être "
                                                    "republiée."))
    card.status = CardStatus.PROPOSED  # ``cards.publish`` refuses an archived card
    return cards.publish(card, actor, note=note or _("Republiée après archivage"))


def review_queue():
    """The cards waiting for a curator, oldest first."""
    return db.session.scalars(
        db.select(Card).where(Card.status == CardStatus.PROPOSED)
        .order_by(Card.updated_at, Card.id)).all()


def cards_in(status, limit=50):
    """The latest cards in ``status`` (the curators' other lists)."""
    return db.session.scalars(
        db.select(Card).where(Card.status == status)
        .order_by(Card.updated_at.desc(), Card.id.desc()).limit(limit)).all()


def cards_of(author):
    """The cards ``author`` wrote, the ones to work on first."""
    order = {CardStatus.CHANGES_REQUESTED: 0, CardStatus.DRAFT: 1, CardStatus.PROPOSED: 2,
             CardStatus.PUBLISHED: 3, CardStatus.ARCHIVED: 4}
    rows = db.session.scalars(
        db.select(Card).where(Card.author_id == author.id)
        .order_by(Card.updated_at.desc(), Card.id.desc())).all()
    return sorted(rows, key=lambda card: order[card.status])


def public_url(card):
    return absolute_url("referentiel.card", kind=card.kind.value, slug=card.slug)


def _tell_author(card, actor, subject, body):
    author = card.author
    if author is None or author.id == actor.id or not author.email:
        return
    after_commit(_send, author.email, subject, body, card.id)


def _send(to, subject, body, card_id):
    try:
        mail.send(to, subject, body)
    except mail.MailError:
        current_app.logger.warning("Curation notice for card %s not sent", card_id)
