"""The evaluation framework: Démocratie Ouverte's criteria (the network admin edits them),
the criteria a territory's evaluation group proposes, the group's assessment of each
criterion, and its reports; assessments and reports stay with the group until it publishes
them."""

from flask_babel import gettext as _
from sqlalchemy import or_

from ... import audit
from ...access import parse_id, require_in
from ...errors import Invalid, NotFound
from ...extensions import db
from ...text import clean_text
from ...timeutil import utcnow
from .. import permissions
from ..models import (
    CriterionAssessment,
    CriterionOrigin,
    Document,
    DocumentKind,
    EvaluationCriterion,
    Rating,
)
from .common import optional_text


def network_criteria(include_archived=False):
    query = db.select(EvaluationCriterion).where(EvaluationCriterion.territory_id.is_(None))
    if not include_archived:
        query = query.where(EvaluationCriterion.archived.is_(False))
    return db.session.scalars(
        query.order_by(EvaluationCriterion.position, EvaluationCriterion.id)).all()


def criteria_for(territory):
    """The criteria a territory is evaluated on: the network's, then its group's own."""
    return db.session.scalars(
        db.select(EvaluationCriterion)
        .where(or_(EvaluationCriterion.territory_id.is_(None),
                   EvaluationCriterion.territory_id == territory.id),
               EvaluationCriterion.archived.is_(False))
        .order_by(EvaluationCriterion.territory_id.is_not(None), EvaluationCriterion.position,
                  EvaluationCriterion.id)
    ).all()


def criterion_for(territory, criterion_id):
    """A criterion the territory is evaluated on (malformed, archived or another's: 404)."""
    ident = parse_id(criterion_id)
    found = next((c for c in criteria_for(territory) if c.id == ident), None)
    if found is None:
        raise NotFound(_("Ce critère n'existe pas."), field="criterion_id")
    return found


def _texts(title, description):
    return (clean_text(title, 200, _("L'intitulé"), field="title"),
            optional_text(description, 5000, _("La description"), "description") or "")


def add_network_criterion(user, title, description):
    permissions.require_network_criteria(user)
    title, description = _texts(title, description)
    criterion = EvaluationCriterion(origin=CriterionOrigin.NETWORK, title=title,
                                    description=description, author_id=user.id,
                                    position=len(network_criteria(True)) + 1)
    db.session.add(criterion)
    db.session.flush()
    audit.record(user, "criterion.add", None, criterion)
    return criterion


def edit_network_criterion(user, criterion, title, description, archived=False):
    permissions.require_network_criteria(user)
    if criterion.territory_id is not None:
        raise NotFound(_("Ce critère n'existe pas."))
    criterion.title, criterion.description = _texts(title, description)
    criterion.archived = bool(archived)
    db.session.flush()
    audit.record(user, "criterion.edit", None, criterion, archived=criterion.archived)
    return criterion


def propose_criterion(user, territory, title, description):
    """The evaluation group adds a criterion of its own to its territory's framework."""
    permissions.require_evaluation_group(user, territory)
    title, description = _texts(title, description)
    criterion = EvaluationCriterion(territory_id=territory.id, origin=CriterionOrigin.GROUP,
                                    title=title, description=description, author_id=user.id)
    db.session.add(criterion)
    db.session.flush()
    audit.record(user, "criterion.propose", territory, criterion)
    return criterion


def assessments_of(territory, published_only=True):
    """``{criterion id: assessment}``; the drafts only for the group's own pages."""
    query = db.select(CriterionAssessment).filter_by(territory_id=territory.id)
    if published_only:
        query = query.where(CriterionAssessment.published_at.is_not(None))
    return {a.criterion_id: a for a in db.session.scalars(query)}


def assess(user, territory, criterion_id, rating, comment):
    """The group's assessment of one criterion; a changed assessment is the group's again
    until it publishes it."""
    permissions.require_evaluation_group(user, territory)
    criterion = criterion_for(territory, criterion_id)
    rating = Rating.parse(rating, "rating", _("Choisissez une appréciation."))
    comment = optional_text(comment, 10_000, _("Le commentaire"), "comment")
    if not comment:
        raise Invalid(_("Expliquez l'appréciation du groupe."), code="comment", field="comment")
    row = db.session.scalar(db.select(CriterionAssessment).filter_by(
        territory_id=territory.id, criterion_id=criterion.id))
    if row is None:
        row = CriterionAssessment(territory_id=territory.id, criterion_id=criterion.id)
        db.session.add(row)
    row.rating, row.comment, row.author_id, row.published_at = rating, comment, user.id, None
    row.updated_at = utcnow()
    db.session.flush()
    audit.record(user, "criterion.assess", territory, criterion, rating=rating.value)
    return row


def publish_assessments(user, territory):
    """The group publishes every assessment it has not published yet; returns how many."""
    permissions.require_evaluation_group(user, territory)
    drafts = [a for a in assessments_of(territory, published_only=False).values()
              if a.published_at is None]
    if not drafts:
        raise Invalid(_("Aucune appréciation nouvelle à publier."), code="nothing")
    now = utcnow()
    for row in drafts:
        row.published_at = now
    db.session.flush()
    audit.record(user, "criterion.publish", territory, None, count=len(drafts))
    return len(drafts)


def reserved_reports(user, territory):
    """The group's reports not yet published (for the group's eyes only)."""
    if not permissions.can_publish_evaluation_report(user, territory):
        return []
    return db.session.scalars(
        db.select(Document).where(Document.territory_id == territory.id,
                                  Document.kind == DocumentKind.EVALUATION_REPORT,
                                  Document.published_at.is_(None))
        .order_by(Document.document_date.desc(), Document.id.desc())
    ).all()


def publish_report(user, territory, document):
    require_in(territory, document)
    permissions.require_publish(user, territory, document.kind)
    if document.published_at is None:
        document.published_at = utcnow()
        db.session.flush()
        audit.record(user, "document.publish_reserved", territory, document)
    return document
