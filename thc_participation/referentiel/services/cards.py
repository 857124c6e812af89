"""Writing cards: create, update, publish (which keeps a version), and the snapshot of every
field that versions, diffs and open data read. Services flush, never commit."""

from flask_babel import gettext as _
from sqlalchemy import func

from ... import audit, uploads
from ...access import parse_id
from ...dashboard.services.common import remove_file, upload_path
from ...errors import Invalid
from ...extensions import db
from ...text import slugify
from ...timeutil import utcnow
from ...transaction import after_commit
from .. import permissions
from ..models import Card, CardKind, CardPhase, CardStatus, CardStep, CardVersion
from .validation import clean_fields

IMAGE_KINDS = ("jpeg", "png")
SLUG_MAX = 100
# The plain columns ``clean_fields`` checks (the others are rows or relations).
COLUMNS = ("title", "summary", "body", "duration", "audience", "territory_name", "sources",
           "image_alt", "participation_level", "scale", "effort", "licence", "links",
           "started_on", "ended_on")


def unique_slug(title):
    """A slug made from ``title`` that no card uses yet (``-2``, ``-3``… when taken)."""
    base = slugify(title, SLUG_MAX) or "fiche"
    taken = set(db.session.scalars(
        db.select(Card.slug).where((Card.slug == base) | Card.slug.like(f"{base}-%"))))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def create_card(author, kind, data):
    """A draft card of ``kind`` written by ``author`` (a network or collectif member).

    ``data``: the fields (see ``validation.clean_fields``), and optionally ``image`` (an
    uploaded file, checked by content)."""
    permissions.require_draft(author)
    kind = CardKind.parse(kind, field="kind")
    permissions.require_draft(author, kind)  # a territory's agents: experiences only
    fields = clean_fields(data)
    card = Card(kind=kind, slug=unique_slug(fields["title"]), status=CardStatus.DRAFT,
                author_id=author.id, created_at=utcnow(), updated_at=utcnow())
    db.session.add(card)
    _apply(card, author, fields, data)
    db.session.flush()
    audit.record(author, "referentiel.card.create", None, card, kind=kind.value,
                 title=card.title)
    return card


def update_card(card, actor, data):
    """Change the fields present in ``data`` (the slug never changes). ``image``: a new image;
    ``remove_image``: true to drop the current one."""
    permissions.require_edit(actor, card)
    fields = clean_fields(data, partial=True)
    _apply(card, actor, fields, data)
    card.updated_at = utcnow()
    db.session.flush()
    audit.record(actor, "referentiel.card.update", None, card, title=card.title)
    return card


def _apply(card, actor, fields, data):
    for key in COLUMNS:
        if key in fields:
            setattr(card, key, fields[key])
    if card.started_on and card.ended_on and card.ended_on < card.started_on:
        raise Invalid(_("La date de fin précède la date de début."), code="dates",
                      field="ended_on")
    if "cycle_steps" in fields:
        card.step_rows = [CardStep(step=step) for step in fields["cycle_steps"]]
    if "phases" in fields:
        card.phase_rows = [CardPhase(phase=phase) for phase in fields["phases"]]
    if "related" in fields:
        set_related(card, fields["related"])
    image = data.get("image")
    if image is not None and getattr(image, "filename", ""):
        _replace_image(card, uploads.store(image, kinds=IMAGE_KINDS, uploader=actor,
                                           field="image"))
    elif data.get("remove_image"):
        _replace_image(card, None)


def _replace_image(card, upload):
    old = card.image
    card.image = upload
    if old is not None:
        db.session.delete(old)
        after_commit(remove_file, upload_path(old))


def set_related(card, ids):
    """The cards ``card`` cites; the relation is symmetric (each cites the other)."""
    wanted = []
    for ident in ids:
        other = db.session.get(Card, parse_id(ident) or 0)
        if other is None or other is card or (card.id is not None and other.id == card.id):
            raise Invalid(_("Une fiche liée n'existe pas."), code="related", field="related")
        if other not in wanted:
            wanted.append(other)
    for other in list(card.related):
        if other not in wanted and card in other.related:
            other.related.remove(card)
    card.related = wanted
    for other in wanted:
        if card not in other.related:
            other.related.append(card)


def publish(card, actor, note=None):
    """Publish ``card`` (a curator's act) and keep this version: a ``CardVersion`` with the
    snapshot of every field, numbered from 1."""
    permissions.require_curate(actor)
    if card.status == CardStatus.ARCHIVED:
        raise Invalid(_("Une fiche archivée ne peut pas être publiée."), code="archived")
    now = utcnow()
    card.status = CardStatus.PUBLISHED
    card.published_at = card.published_at or now
    card.archived_at = None
    card.review_note = None
    card.updated_at = now
    db.session.flush()
    number = (db.session.scalar(db.select(func.max(CardVersion.number))
                                .where(CardVersion.card_id == card.id)) or 0) + 1
    version = CardVersion(card_id=card.id, number=number, snapshot=card_snapshot(card),
                          created_at=now, author_id=actor.id, note=_note(note))
    db.session.add(version)
    db.session.flush()
    audit.record(actor, "referentiel.card.publish", None, card, version=number,
                 title=card.title)
    return version


def _note(note):
    note = (note or "").strip()
    return note[:500] or None


def card_snapshot(card):
    """Every field of ``card`` as JSON-ready values (enums as their values, dates in ISO)."""
    def iso(value):
        return value.isoformat() if value is not None else None

    return {
        "id": card.id,
        "kind": card.kind.value,
        "slug": card.slug,
        "title": card.title,
        "summary": card.summary,
        "body": card.body or "",
        "cycle_steps": [step.value for step in card.cycle_steps],
        "phases": card.phases,
        "participation_level": card.participation_level.value if card.participation_level
        else None,
        "scale": card.scale.value if card.scale else None,
        "effort": card.effort.value if card.effort else None,
        "duration": card.duration,
        "audience": card.audience,
        "territory_name": card.territory_name,
        "started_on": iso(card.started_on),
        "ended_on": iso(card.ended_on),
        "links": [dict(link) for link in card.links or ()],
        "licence": card.licence,
        "sources": card.sources,
        "author": card.author.display_name if card.author else None,
        "image": card.image.stored_name if card.image else None,
        "image_alt": card.image_alt,
        "related": sorted(other.id for other in card.related),
        "created_at": iso(card.created_at),
        "published_at": iso(card.published_at),
    }
