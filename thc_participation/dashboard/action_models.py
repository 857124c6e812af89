"""An action plan's actions: each commitment, its stage, its group's members, their dated
updates with photos, who follows it, and the retained proposals it answers."""

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..labels import LabelledEnum
from ..models import enum_column
from ..timeutil import utcnow


class Stage(LabelledEnum):
    CONCEPTION = "conception", _l("Conception")
    EXPERIMENTATION = "experimentation", _l("Expérimentation")
    IMPROVEMENTS = "ameliorations", _l("Améliorations")
    GENERALISATION = "generalisation", _l("Généralisation")
    ASSESSMENT = "bilan", _l("Bilan")

    @property
    def number(self):
        """1 to 5: the step's place in the life of an action."""
        return list(type(self)).index(self) + 1


class Commitment(db.Model):
    """A commitment of the action plan and the action that carries it out."""

    __tablename__ = "dashboard_commitment"
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position = db.Column(db.Integer, nullable=False, default=0)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False)
    expected_results = db.Column(db.Text, nullable=False)
    stage = db.Column(enum_column(Stage), nullable=False, default=Stage.CONCEPTION)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    members = db.relationship(
        "ActionMember", cascade="all, delete-orphan", order_by="ActionMember.id",
        back_populates="commitment",
    )
    updates = db.relationship(
        "ActionUpdate", cascade="all, delete-orphan",
        order_by="(ActionUpdate.update_date.desc(), ActionUpdate.id.desc())",
        back_populates="commitment",
    )
    followers = db.relationship("ActionFollower", cascade="all, delete-orphan")
    proposal_links = db.relationship("CommitmentProposal", cascade="all, delete-orphan",
                                     order_by="CommitmentProposal.id", back_populates="commitment")


class CommitmentProposal(db.Model):
    """A proposal of a consultation, retained in the plan, that became this commitment."""

    __tablename__ = "dashboard_commitment_proposal"
    id = db.Column(db.Integer, primary_key=True)
    commitment_id = db.Column(
        db.ForeignKey("dashboard_commitment.id", ondelete="CASCADE"), nullable=False, index=True
    )
    proposal_id = db.Column(db.ForeignKey("proposal.id", ondelete="CASCADE"), nullable=False,
                            unique=True)

    commitment = db.relationship("Commitment", back_populates="proposal_links")
    proposal = db.relationship("Proposal")

    @property
    def territory_id(self):
        return self.commitment.territory_id


class ActionMember(db.Model):
    __tablename__ = "dashboard_action_member"
    id = db.Column(db.Integer, primary_key=True)
    commitment_id = db.Column(
        db.ForeignKey("dashboard_commitment.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name = db.Column(db.String(120), nullable=False)
    role = db.Column(db.String(120), nullable=False)
    # The member's own account: they post the action's updates themselves.
    user_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"), index=True)

    commitment = db.relationship("Commitment", back_populates="members")
    user = db.relationship("User")

    @property
    def territory_id(self):
        return self.commitment.territory_id


class ActionUpdate(db.Model):
    """A dated progress update of an action; stage changes are recorded here too."""

    __tablename__ = "dashboard_action_update"
    id = db.Column(db.Integer, primary_key=True)
    commitment_id = db.Column(
        db.ForeignKey("dashboard_commitment.id", ondelete="CASCADE"), nullable=False, index=True
    )
    update_date = db.Column(db.Date, nullable=False)
    stage = db.Column(enum_column(Stage), nullable=False)
    previous_stage = db.Column(enum_column(Stage))
    text = db.Column(db.Text, nullable=False)
    author_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    hidden_at = db.Column(db.DateTime)  # hidden by an agent (moderation)
    hidden_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))

    commitment = db.relationship("Commitment", back_populates="updates")
    author = db.relationship("User", foreign_keys=[author_id])
    photos = db.relationship(
        "ActionPhoto", cascade="all, delete-orphan", lazy="selectin", order_by="ActionPhoto.id",
        back_populates="update",
    )

    @property
    def territory_id(self):
        return self.commitment.territory_id


class ActionPhoto(db.Model):
    __tablename__ = "dashboard_action_photo"
    id = db.Column(db.Integer, primary_key=True)
    update_id = db.Column(
        db.ForeignKey("dashboard_action_update.id", ondelete="CASCADE"), nullable=False, index=True
    )
    upload_id = db.Column(db.ForeignKey("upload.id", ondelete="CASCADE"), nullable=False)
    caption = db.Column(db.String(200), nullable=False)

    upload = db.relationship("Upload", lazy="joined")
    update = db.relationship("ActionUpdate", back_populates="photos")

    @property
    def territory_id(self):
        return self.update.territory_id


class ActionFollower(db.Model):
    __tablename__ = "dashboard_action_follower"
    __table_args__ = (db.UniqueConstraint("commitment_id", "user_id"),)
    id = db.Column(db.Integer, primary_key=True)
    commitment_id = db.Column(
        db.ForeignKey("dashboard_commitment.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    user = db.relationship("User")
