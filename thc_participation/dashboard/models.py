"""Dashboard models: team, documents, diagnostic inventory, actors, action plan and actions."""

import enum

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import enum_column
from ..timeutil import utcnow


class TeamRole(enum.StrEnum):
    PRESIDENT = "president"
    DEMOCRACY_ELU = "elu-democratie"
    STEERING_ELU = "copil-elu"
    STEERING_AGENT = "copil-agent"
    STEERING_CITIZEN = "copil-citoyen"
    REFERENT = "referent"


class DocumentKind(enum.StrEnum):
    DECLARATION = "declaration"
    PARTNERSHIP = "convention"
    MINUTES = "compte-rendu-copil"
    DIAGNOSTIC = "diagnostic"
    SUMMIT_REPORT = "sommet"
    SCHEMA_BEFORE = "schema-avant"
    SCHEMA_AFTER = "schema-apres"
    EVALUATION_REPORT = "rapport-evaluation"
    FINAL_ASSESSMENT = "bilan-final"


class CycleStep(enum.StrEnum):
    EMERGENCE = "emergence"
    ELABORATION = "elaboration"
    DECISION = "decision"
    IMPLEMENTATION = "mise-en-oeuvre"
    EVALUATION = "evaluation"


class InventoryCategory(enum.StrEnum):
    DEVICE = "dispositif"
    INFORMATION = "information"
    TOOL = "outil-interne"


class ActorKind(enum.StrEnum):
    PERSON = "personne"
    ASSOCIATION = "association"
    COLLECTIVE = "collectif"
    COMPANY = "entreprise"


class ActorStatus(enum.StrEnum):
    PENDING = "en-attente"
    VALIDATED = "valide"
    REJECTED = "refuse"
    MERGED = "integre"  # an accepted edit, copied into the actor it edits


class Stage(enum.StrEnum):
    CONCEPTION = "conception"
    EXPERIMENTATION = "experimentation"
    IMPROVEMENTS = "ameliorations"
    GENERALISATION = "generalisation"
    ASSESSMENT = "bilan"


class TeamMember(db.Model):
    """A person of the territory's THC team; contact details shown only with consent."""

    __tablename__ = "dashboard_team_member"
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    role = db.Column(enum_column(TeamRole), nullable=False)
    name = db.Column(db.String(120), nullable=False)
    function = db.Column(db.String(160))  # "Maire", "Directrice générale des services"...
    service = db.Column(db.String(120))  # for service referents
    email = db.Column(db.String(254))
    phone = db.Column(db.String(30))
    show_email = db.Column(db.Boolean, nullable=False, default=False)
    show_phone = db.Column(db.Boolean, nullable=False, default=False)
    draw_id = db.Column(db.Integer)  # the draw (evaluation module) that chose a citizen
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    user = db.relationship("User")


class Document(db.Model):
    """A published document: letters, minutes, reports, schemas (PDF, image or text)."""

    __tablename__ = "dashboard_document"
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind = db.Column(enum_column(DocumentKind), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    document_date = db.Column(db.Date, nullable=False)
    body = db.Column(db.Text)  # Markdown, for minutes written in the page
    upload_id = db.Column(db.ForeignKey("upload.id", ondelete="SET NULL"))
    author_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    upload = db.relationship("Upload", lazy="joined")
    author = db.relationship("User")


class Programme(db.Model):
    """One row per territory: commitment video and the action plan's texts."""

    __tablename__ = "dashboard_programme"
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    video_url = db.Column(db.String(500))
    video_date = db.Column(db.Date)
    plan_declaration = db.Column(db.Text)
    plan_framework = db.Column(db.Text)
    plan_adopted_on = db.Column(db.Date)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class InventoryItem(db.Model):
    """Diagnostic inventory: a device, a means of information or an internal tool."""

    __tablename__ = "dashboard_inventory_item"
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    step = db.Column(enum_column(CycleStep), nullable=False)
    category = db.Column(enum_column(InventoryCategory), nullable=False)
    name = db.Column(db.String(160), nullable=False)
    description = db.Column(db.Text)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Actor(db.Model):
    """A citizen actor on the open map; a pending row with ``edit_of_id`` is a proposed edit."""

    __tablename__ = "dashboard_actor"
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    edit_of_id = db.Column(db.ForeignKey("dashboard_actor.id", ondelete="CASCADE"))
    name = db.Column(db.String(160), nullable=False)
    kind = db.Column(enum_column(ActorKind), nullable=False)
    description = db.Column(db.Text, nullable=False)
    address = db.Column(db.String(200))
    website = db.Column(db.String(300))
    latitude = db.Column(db.Float, nullable=False)
    longitude = db.Column(db.Float, nullable=False)
    status = db.Column(enum_column(ActorStatus), nullable=False, default=ActorStatus.PENDING)
    proposed_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    reviewed_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    reviewed_at = db.Column(db.DateTime)

    edit_of = db.relationship("Actor", remote_side=[id])
    proposed_by = db.relationship("User", foreign_keys=[proposed_by_id])


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
        "ActionMember", cascade="all, delete-orphan", order_by="ActionMember.id"
    )
    updates = db.relationship(
        "ActionUpdate", cascade="all, delete-orphan",
        order_by="(ActionUpdate.update_date.desc(), ActionUpdate.id.desc())",
    )
    followers = db.relationship("ActionFollower", cascade="all, delete-orphan")


class ActionMember(db.Model):
    __tablename__ = "dashboard_action_member"
    id = db.Column(db.Integer, primary_key=True)
    commitment_id = db.Column(
        db.ForeignKey("dashboard_commitment.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name = db.Column(db.String(120), nullable=False)
    role = db.Column(db.String(120), nullable=False)


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

    photos = db.relationship(
        "ActionPhoto", cascade="all, delete-orphan", lazy="selectin", order_by="ActionPhoto.id"
    )


class ActionPhoto(db.Model):
    __tablename__ = "dashboard_action_photo"
    id = db.Column(db.Integer, primary_key=True)
    update_id = db.Column(
        db.ForeignKey("dashboard_action_update.id", ondelete="CASCADE"), nullable=False, index=True
    )
    upload_id = db.Column(db.ForeignKey("upload.id", ondelete="CASCADE"), nullable=False)
    caption = db.Column(db.String(200), nullable=False)

    upload = db.relationship("Upload", lazy="joined")


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


TEAM_ROLE_LABELS = {
    TeamRole.PRESIDENT: _l("Président·e de l'exécutif"),
    TeamRole.DEMOCRACY_ELU: _l("Élu·e chargé·e de la démocratie"),
    TeamRole.STEERING_ELU: _l("Comité de pilotage : élu·e"),
    TeamRole.STEERING_AGENT: _l("Comité de pilotage : agent·e"),
    TeamRole.STEERING_CITIZEN: _l("Comité de pilotage : citoyen·ne tiré·e au sort"),
    TeamRole.REFERENT: _l("Référent·e THC d'un service"),
}
DOCUMENT_KIND_LABELS = {
    DocumentKind.DECLARATION: _l("Lettre de déclaration"),
    DocumentKind.PARTNERSHIP: _l("Convention de partenariat"),
    DocumentKind.MINUTES: _l("Compte rendu du comité de pilotage"),
    DocumentKind.DIAGNOSTIC: _l("Rapport de diagnostic démocratique"),
    DocumentKind.SUMMIT_REPORT: _l("Compte rendu du sommet citoyen"),
    DocumentKind.SCHEMA_BEFORE: _l("Schéma de gouvernance avant"),
    DocumentKind.SCHEMA_AFTER: _l("Schéma de gouvernance après"),
    DocumentKind.EVALUATION_REPORT: _l("Rapport du groupe d'évaluation"),
    DocumentKind.FINAL_ASSESSMENT: _l("Bilan final du territoire"),
}
CYCLE_STEP_LABELS = {
    CycleStep.EMERGENCE: _l("Émergence des besoins et mise à l'agenda"),
    CycleStep.ELABORATION: _l("Élaboration et co-construction"),
    CycleStep.DECISION: _l("Décision"),
    CycleStep.IMPLEMENTATION: _l("Mise en œuvre"),
    CycleStep.EVALUATION: _l("Évaluation"),
}
INVENTORY_CATEGORY_LABELS = {
    InventoryCategory.DEVICE: _l("Dispositifs de participation"),
    InventoryCategory.INFORMATION: _l("Moyens d'information du public"),
    InventoryCategory.TOOL: _l("Outils internes"),
}
ACTOR_KIND_LABELS = {
    ActorKind.PERSON: _l("Personne"),
    ActorKind.ASSOCIATION: _l("Association"),
    ActorKind.COLLECTIVE: _l("Collectif"),
    ActorKind.COMPANY: _l("Entreprise"),
}
STAGE_LABELS = {
    Stage.CONCEPTION: _l("Conception"),
    Stage.EXPERIMENTATION: _l("Expérimentation"),
    Stage.IMPROVEMENTS: _l("Améliorations"),
    Stage.GENERALISATION: _l("Généralisation"),
    Stage.ASSESSMENT: _l("Bilan"),
}
