"""The evaluation framework: Démocratie Ouverte's criteria (network-wide, edited by the
network admin), the criteria a territory's evaluation group proposes, and the group's
assessment of each criterion (kept to the group until it publishes them)."""

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..labels import LabelledEnum
from ..models import enum_column
from ..timeutil import utcnow


class CriterionOrigin(LabelledEnum):
    NETWORK = "reseau", _l("Critère de Démocratie Ouverte")
    GROUP = "groupe", _l("Critère proposé par le groupe d'évaluation")


class Rating(LabelledEnum):
    MET = "atteint", _l("Atteint")
    PARTLY = "en-partie", _l("En partie atteint")
    NOT_MET = "non-atteint", _l("Non atteint")
    TOO_EARLY = "trop-tot", _l("Pas encore évaluable")


class EvaluationCriterion(db.Model):
    """A criterion: the network's own (``territory_id`` None) or one a territory's group
    proposed for its evaluation."""

    __tablename__ = "dashboard_evaluation_criterion"
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(db.ForeignKey("territory.id", ondelete="CASCADE"), index=True)
    origin = db.Column(enum_column(CriterionOrigin), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    position = db.Column(db.Integer, nullable=False, default=0)
    archived = db.Column(db.Boolean, nullable=False, default=False)
    author_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class CriterionAssessment(db.Model):
    """The evaluation group's assessment of one criterion for its territory."""

    __tablename__ = "dashboard_criterion_assessment"
    __table_args__ = (db.UniqueConstraint("territory_id", "criterion_id"),)
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    criterion_id = db.Column(
        db.ForeignKey("dashboard_evaluation_criterion.id", ondelete="CASCADE"), nullable=False,
        index=True,
    )
    rating = db.Column(enum_column(Rating), nullable=False)
    comment = db.Column(db.Text, nullable=False)
    author_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    published_at = db.Column(db.DateTime)  # None: reserved to the group

    criterion = db.relationship("EvaluationCriterion", lazy="joined")
