"""A card cited by a board, a workshop, a proposal or a commitment: one row per citation, with
a real foreign key to its target (exactly one is set), so that deleting either side deletes it."""

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..labels import LabelledEnum
from ..models import enum_column
from ..timeutil import utcnow


class CitationTarget(LabelledEnum):
    BOARD = "tableau", _l("Tableau d'atelier")
    WORKSHOP = "atelier", _l("Atelier du sommet")
    PROPOSAL = "proposition", _l("Proposition retenue")
    COMMITMENT = "engagement", _l("Engagement du plan d'action")


Target = CitationTarget  # the short name the module uses

# The column of each target.
COLUMNS = {Target.BOARD: "board_id", Target.WORKSHOP: "event_id",
           Target.PROPOSAL: "proposal_id", Target.COMMITMENT: "commitment_id"}


class CardCitation(db.Model):
    __tablename__ = "card_citation"
    __table_args__ = (
        db.UniqueConstraint("board_id", "card_id"),
        db.UniqueConstraint("event_id", "card_id"),
        db.UniqueConstraint("proposal_id", "card_id"),
        db.UniqueConstraint("commitment_id", "card_id"),
        db.CheckConstraint(" + ".join(
            f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)"
            for column in ("board_id", "event_id", "proposal_id", "commitment_id")) + " = 1",
            name="one_target"),
        {"sqlite_autoincrement": True},
    )
    id = db.Column(db.Integer, primary_key=True)
    card_id = db.Column(db.ForeignKey("referentiel_card.id", ondelete="CASCADE"),
                        nullable=False, index=True)
    territory_id = db.Column(db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False,
                             index=True)
    target = db.Column(enum_column(CitationTarget), nullable=False)
    board_id = db.Column(db.ForeignKey("board.id", ondelete="CASCADE"))
    event_id = db.Column(db.ForeignKey("event.id", ondelete="CASCADE"))
    proposal_id = db.Column(db.ForeignKey("proposal.id", ondelete="CASCADE"))
    commitment_id = db.Column(db.ForeignKey("dashboard_commitment.id", ondelete="CASCADE"))
    attached_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    card = db.relationship("Card", lazy="joined")
