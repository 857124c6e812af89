"""Dashboard models: team, steering meetings, documents, programme and plan, diagnostic
inventory, actors; the actions live in `action_models`, the evaluation framework in
`evaluation_models` (both re-exported here)."""

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..labels import LabelledEnum
from ..models import enum_column
from ..timeutil import utcnow


class TeamRole(LabelledEnum):
    PRESIDENT = "president", _l("Président·e de la collectivité")
    DEMOCRACY_ELU = "elu-democratie", _l("Élu·e chargé·e de la démocratie")
    STEERING_ELU = "copil-elu", _l("Comité de pilotage : autre élu·e")
    DGS = "dgs", _l("Directeur·rice général·e des services")
    DEMOCRACY_DIRECTOR = "directeur-democratie", _l("Directeur·rice chargé·e de la démocratie")
    STEERING_AGENT = "copil-agent", _l("Comité de pilotage : autre agent·e")
    STEERING_CITIZEN = "copil-citoyen", _l("Comité de pilotage : citoyen·ne tiré·e au sort")
    PROJECT_TEAM = "equipe-projet", _l("Équipe projet")
    DO_CONTACT = "contact-do", _l("Contact de Démocratie Ouverte")
    REFERENT = "referent", _l("Référent·e THC d'un service")


# The steering committee as the guide sets it: three colleges of three seats. The elected
# college holds the president of the authority and the elected official in charge of
# democracy, the agents' college the DGS and the director in charge of democracy; the
# citizens are drawn by lot among volunteers.
COLLEGES = {
    "elus": (TeamRole.PRESIDENT, TeamRole.DEMOCRACY_ELU, TeamRole.STEERING_ELU),
    "agents": (TeamRole.DGS, TeamRole.DEMOCRACY_DIRECTOR, TeamRole.STEERING_AGENT),
    "citoyens": (TeamRole.STEERING_CITIZEN,),
}
COMMITTEE_ROLES = tuple(role for roles in COLLEGES.values() for role in roles)
# How many people each committee role seats (a named seat is one person).
STEERING_QUOTAS = {
    TeamRole.PRESIDENT: 1, TeamRole.DEMOCRACY_ELU: 1, TeamRole.STEERING_ELU: 1,
    TeamRole.DGS: 1, TeamRole.DEMOCRACY_DIRECTOR: 1, TeamRole.STEERING_AGENT: 1,
    TeamRole.STEERING_CITIZEN: 3,
}


class MeetingMoment(LabelledEnum):
    LAUNCH = "lancement", _l("Lancement de la phase")
    CLOSE = "cloture", _l("Clôture de la phase")
    OTHER = "autre", _l("Autre réunion")


class DocumentKind(LabelledEnum):
    DECLARATION = "declaration", _l("Lettre de déclaration")
    PARTNERSHIP = "convention", _l("Convention de partenariat")
    MINUTES = "compte-rendu-copil", _l("Compte rendu du comité de pilotage")
    DIAGNOSTIC = "diagnostic", _l("Rapport de diagnostic démocratique")
    SUMMIT_REPORT = "sommet", _l("Compte rendu du sommet citoyen")
    SCHEMA_BEFORE = "schema-avant", _l("Schéma de gouvernance avant")
    SCHEMA_AFTER = "schema-apres", _l("Schéma de gouvernance après")
    EVALUATION_REPORT = "rapport-evaluation", _l("Rapport du groupe d'évaluation")
    FINAL_ASSESSMENT = "bilan-final", _l("Bilan final du territoire")


class CycleStep(LabelledEnum):
    EMERGENCE = "emergence", _l("Émergence des besoins et mise à l'agenda")
    ELABORATION = "elaboration", _l("Élaboration et co-construction")
    DECISION = "decision", _l("Décision")
    IMPLEMENTATION = "mise-en-oeuvre", _l("Mise en œuvre")
    EVALUATION = "evaluation", _l("Évaluation")


class InventoryCategory(LabelledEnum):
    DEVICE = "dispositif", _l("Dispositifs de participation")
    INFORMATION = "information", _l("Moyens d'information du public")
    TOOL = "outil-interne", _l("Outils internes")


class ActorKind(LabelledEnum):
    PERSON = "personne", _l("Personne")
    ASSOCIATION = "association", _l("Association")
    COLLECTIVE = "collectif", _l("Collectif")
    COMPANY = "entreprise", _l("Entreprise")


class ActorStatus(LabelledEnum):
    PENDING = "en-attente", _l("En attente de validation")
    VALIDATED = "valide", _l("Validé")
    REJECTED = "refuse", _l("Refusé")
    MERGED = "integre", _l("Intégré à l'acteur modifié")  # an accepted edit, copied over


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


class SteeringMeeting(db.Model):
    """A meeting of the steering committee in one phase of the programme: planned by the
    agents (agenda), then its attendance, decisions and minutes written by committee members."""

    __tablename__ = "dashboard_steering_meeting"
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    phase = db.Column(db.String(20), nullable=False)  # a key of timeline.PHASES
    moment = db.Column(enum_column(MeetingMoment), nullable=False)
    meeting_date = db.Column(db.Date, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    agenda = db.Column(db.Text)
    decisions = db.Column(db.Text)
    minutes = db.Column(db.Text)  # Markdown
    attendance_recorded = db.Column(db.Boolean, nullable=False, default=False)
    minutes_published_at = db.Column(db.DateTime)
    minutes_author_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    attendees = db.relationship(
        "TeamMember", secondary="dashboard_steering_attendance", order_by="TeamMember.name",
    )


class SteeringAttendance(db.Model):
    __tablename__ = "dashboard_steering_attendance"
    meeting_id = db.Column(db.ForeignKey("dashboard_steering_meeting.id", ondelete="CASCADE"),
                           primary_key=True)
    member_id = db.Column(db.ForeignKey("dashboard_team_member.id", ondelete="CASCADE"),
                          primary_key=True, index=True)


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
    published_at = db.Column(db.DateTime)  # None: a report its group keeps to itself

    upload = db.relationship("Upload", lazy="joined")
    author = db.relationship("User")


class SupportLevel(LabelledEnum):
    BASE = "base", _l("Accompagnement de base")
    REINFORCED = "renforce", _l("Accompagnement de base et jours supplémentaires")


class Programme(db.Model):
    """One row per territory: the convention (duration, support), the entry assessment,
    the commitment video and the action plan's texts."""

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
    # The convention, set with Démocratie Ouverte after the entry assessment.
    duration_months = db.Column(db.Integer)  # None: the guide's 24 months
    support_level = db.Column(enum_column(SupportLevel))
    support_days_contracted = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    # The entry assessment (état des lieux): when, and what the territory already did.
    assessed_on = db.Column(db.Date)
    assessment = db.Column(db.Text)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class PlanItem(db.Model):
    """The territory's own plan for one deliverable of the timeline: the date it planned, or
    that the deliverable already existed when it entered (counted as done)."""

    __tablename__ = "dashboard_plan_item"
    __table_args__ = (db.UniqueConstraint("territory_id", "deliverable"),)
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    deliverable = db.Column(db.String(32), nullable=False)  # a key of timeline.DELIVERABLES
    planned_on = db.Column(db.Date)
    existing = db.Column(db.Boolean, nullable=False, default=False)


class SupportSession(db.Model):
    """Support given by Démocratie Ouverte: ``days`` additional support days it used (0 for
    the base support), ``trip`` when it came to the territory."""

    __tablename__ = "dashboard_support_session"
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    day = db.Column(db.Date, nullable=False)
    days = db.Column(db.Integer, nullable=False)
    trip = db.Column(db.Boolean, nullable=False, default=False)
    subject = db.Column(db.String(200), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


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


from .action_models import (  # noqa: E402,F401  (the actions' tables)
    ActionFollower,
    ActionMember,
    ActionPhoto,
    ActionUpdate,
    Commitment,
    CommitmentProposal,
    Stage,
)
from .evaluation_models import (  # noqa: E402,F401  (the evaluation framework's tables)
    CriterionAssessment,
    CriterionOrigin,
    EvaluationCriterion,
    Rating,
)
