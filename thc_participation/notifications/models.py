"""Follows, notifications and each person's e-mail choice."""

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..labels import LabelledEnum
from ..models import enum_column
from ..timeutil import utcnow


class FollowTarget(LabelledEnum):
    CONSULTATION = "consultation", _l("Consultation")
    PROPOSAL = "proposal", _l("Proposition")
    EVENT = "event", _l("Événement")
    TERRITORY = "territory", _l("Territoire")


class NotificationKind(LabelledEnum):
    REPLY = "reply", _l("Réponse à votre commentaire")
    ANSWER = "answer", _l("Réponse officielle à votre proposition")
    MODERATION = "moderation", _l("Modération de votre contribution")
    EVENT = "event", _l("Changement d'un événement")
    DRAW = "draw", _l("Résultat d'un tirage au sort")
    ACTIVITY = "activity", _l("Nouveauté sur ce que vous suivez")


class EmailMode(LabelledEnum):
    IMMEDIATE = "immediate", _l("Tout de suite, un e-mail par notification")
    DAILY = "daily", _l("Un résumé par jour")
    NEVER = "never", _l("Jamais (seulement sur le site)")


class Follow(db.Model):
    """A person follows a consultation, a proposal, an event or a territory."""

    __table_args__ = (db.UniqueConstraint("user_id", "target", "target_id"),
                      db.Index("ix_follow_target", "target", "target_id"))
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    target = db.Column(enum_column(FollowTarget), nullable=False)
    target_id = db.Column(db.Integer, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Notification(db.Model):
    """One thing to tell one person: a short French text (never another person's hidden
    text) and a link. ``emailed_at``: sent alone or in a digest (never twice)."""

    __table_args__ = (db.Index("ix_notification_unread", "recipient_id", "read_at"),)
    id = db.Column(db.Integer, primary_key=True)
    recipient_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    kind = db.Column(enum_column(NotificationKind), nullable=False)
    territory_id = db.Column(db.ForeignKey("territory.id", ondelete="CASCADE"), index=True)
    subject_type = db.Column(db.String(32))
    subject_id = db.Column(db.Integer)
    text = db.Column(db.String(500), nullable=False)
    link = db.Column(db.String(500), nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    read_at = db.Column(db.DateTime)
    emailed_at = db.Column(db.DateTime)

    territory = db.relationship("Territory")


class NotificationSettings(db.Model):
    """A person's e-mail choice (no row: at once) and the day of their last digest."""

    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    email_mode = db.Column(enum_column(EmailMode), nullable=False, default=EmailMode.IMMEDIATE)
    digest_sent_on = db.Column(db.Date)
