"""Consent history: when a person gave or withdrew each consent, and where."""

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..labels import LabelledEnum
from ..models import enum_column
from ..timeutil import utcnow


class ConsentKind(LabelledEnum):
    CONTACT = "contact", _l("Recevoir les nouvelles du programme")
    PROFILE = "profile", _l("Profil sociologique (usage anonyme et agrégé)")
    SUMMIT_NEWS = "summit-news", _l("Nouvelles du programme (inscription sans compte)")
    TEAM_CONTACT = "team-contact", _l("Coordonnées affichées sur la page de l'équipe")


class ConsentRecord(db.Model):
    """One change of one consent. Erased with the account, registration or team entry it
    belongs to."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    registration_id = db.Column(db.ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    team_member_id = db.Column(
        db.ForeignKey("dashboard_team_member.id", ondelete="CASCADE"), index=True
    )
    kind = db.Column(enum_column(ConsentKind), nullable=False)
    value = db.Column(db.Boolean, nullable=False)
    source = db.Column(db.String(64), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    user = db.relationship("User")
    registration = db.relationship("Registration")
    team_member = db.relationship("TeamMember")
