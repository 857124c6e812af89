"""Legal details: the network's (territory_id NULL) and each territory's as data controller."""

from ..extensions import db
from ..timeutil import utcnow


class LegalNotice(db.Model):
    """Who publishes, directs and hosts, whom to contact, and the admin's extra texts.

    The network's row (``territory_id`` NULL) gives the publisher, host and texts of the whole
    site; a territory's row gives the authority that is the controller for its pages."""

    __tablename__ = "legal_notice"
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(db.ForeignKey("territory.id", ondelete="CASCADE"), unique=True)
    publisher = db.Column(db.String(200), nullable=False, default="")
    address = db.Column(db.String(300), nullable=False, default="")
    director = db.Column(db.String(160), nullable=False, default="")
    contact_email = db.Column(db.String(254), nullable=False, default="")
    dpo_contact = db.Column(db.String(300), nullable=False, default="")
    host = db.Column(db.String(500), nullable=False, default="")
    notice_text = db.Column(db.Text, nullable=False, default="")   # Markdown
    privacy_text = db.Column(db.Text, nullable=False, default="")  # Markdown
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))

    territory = db.relationship("Territory")
