"""The référentiel: open-data cards of tools and methods, experiences and actors, written by
network members and "collectifs amis", published by Démocratie Ouverte (network admins).

A card's cycle steps and programme phases live in two small tables (one row per value), so
that the catalogue's facets filter in SQL; every publication writes a ``CardVersion`` with a
JSON snapshot of every field (the history and its diffs read those)."""

from flask_babel import lazy_gettext as _l

from ..dashboard.models import CycleStep
from ..extensions import db
from ..labels import LabelledEnum
from ..models import enum_column
from ..timeutil import utcnow

DEFAULT_LICENCE = "Licence Ouverte 2.0"
PROGRAMME_PHASES = (1, 2, 3, 4, 5)  # the numbers of dashboard.timeline.PHASES


class CardKind(LabelledEnum):
    TOOL = "outil", _l("Outil & méthode")
    EXPERIENCE = "experience", _l("Expérience & projet")
    ACTOR = "acteur", _l("Acteur")


class CardStatus(LabelledEnum):
    DRAFT = "brouillon", _l("Brouillon")
    PROPOSED = "proposee", _l("Proposée")
    CHANGES_REQUESTED = "modifications", _l("Modifications demandées")
    PUBLISHED = "publiee", _l("Publiée")
    ARCHIVED = "archivee", _l("Archivée")


class ParticipationLevel(LabelledEnum):
    """The French participation ladder."""
    INFORMATION = "information", _l("Information")
    CONSULTATION = "consultation", _l("Consultation")
    CONCERTATION = "concertation", _l("Concertation")
    COCONSTRUCTION = "coconstruction", _l("Co-construction")
    CODECISION = "codecision", _l("Co-décision")


class CardScale(LabelledEnum):
    NEIGHBOURHOOD = "quartier", _l("Quartier")
    COMMUNE = "commune", _l("Commune")
    INTERCOMMUNALITY = "intercommunalite", _l("Intercommunalité")
    DEPARTMENT = "departement", _l("Département")
    REGION = "region", _l("Région")
    NATIONAL = "national", _l("National")


class Effort(LabelledEnum):
    LOW = "faible", _l("Faible")
    MEDIUM = "moyen", _l("Moyen")
    HIGH = "eleve", _l("Élevé")


card_relation = db.Table(
    "referentiel_card_relation",
    db.Column("card_id", db.ForeignKey("referentiel_card.id", ondelete="CASCADE"),
              primary_key=True),
    db.Column("related_id", db.ForeignKey("referentiel_card.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)


class Card(db.Model):
    __tablename__ = "referentiel_card"
    # Ids are public and stable (open data): never reused after a delete, on SQLite too.
    __table_args__ = (
        db.Index("ix_referentiel_card_catalogue", "status", "title", "id"),
        db.Index("ix_referentiel_card_kind", "status", "kind", "title", "id"),
        db.Index("ix_referentiel_card_level", "status", "participation_level", "title", "id"),
        db.Index("ix_referentiel_card_scale", "status", "scale", "title", "id"),
        {"sqlite_autoincrement": True},
    )

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(enum_column(CardKind), nullable=False)
    slug = db.Column(db.String(120), nullable=False, unique=True)  # made once, never changed
    status = db.Column(enum_column(CardStatus), nullable=False, default=CardStatus.DRAFT)
    title = db.Column(db.String(200), nullable=False)
    summary = db.Column(db.String(600), nullable=False)
    body = db.Column(db.Text, nullable=False, default="")  # Markdown, rendered sanitised
    participation_level = db.Column(enum_column(ParticipationLevel))
    scale = db.Column(enum_column(CardScale))
    effort = db.Column(enum_column(Effort))
    duration = db.Column(db.String(120))
    audience = db.Column(db.String(200))
    territory_name = db.Column(db.String(120))  # experiences
    started_on = db.Column(db.Date)
    ended_on = db.Column(db.Date)
    links = db.Column(db.JSON, nullable=False, default=list)  # [{"label": ..., "url": ...}]
    licence = db.Column(db.String(80), nullable=False, default=DEFAULT_LICENCE)
    sources = db.Column(db.Text)
    author_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    image_id = db.Column(db.ForeignKey("upload.id", ondelete="SET NULL"))
    image_alt = db.Column(db.String(200))
    # The curation's last word to the author ("Modifications demandées": what to change).
    review_note = db.Column(db.Text)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    published_at = db.Column(db.DateTime)  # first publication
    archived_at = db.Column(db.DateTime)

    author = db.relationship("User", foreign_keys=[author_id])
    image = db.relationship("Upload")
    step_rows = db.relationship("CardStep", cascade="all, delete-orphan", lazy="selectin",
                                order_by="CardStep.step")
    phase_rows = db.relationship("CardPhase", cascade="all, delete-orphan", lazy="selectin",
                                 order_by="CardPhase.phase")
    related = db.relationship(
        "Card", secondary=card_relation, primaryjoin=lambda: Card.id == card_relation.c.card_id,
        secondaryjoin=lambda: Card.id == card_relation.c.related_id, order_by="Card.title",
    )
    versions = db.relationship("CardVersion", back_populates="card", cascade="all, delete-orphan",
                               order_by="CardVersion.number", passive_deletes=True)

    @property
    def cycle_steps(self):
        """The governance-cycle steps this card serves, in the cycle's order."""
        order = list(CycleStep)
        return sorted((row.step for row in self.step_rows), key=order.index)

    @property
    def phases(self):
        """The programme phases (1..5) this card serves."""
        return sorted(row.phase for row in self.phase_rows)

    @property
    def is_published(self):
        return self.status == CardStatus.PUBLISHED


class CardStep(db.Model):
    __tablename__ = "referentiel_card_step"
    card_id = db.Column(db.ForeignKey("referentiel_card.id", ondelete="CASCADE"),
                        primary_key=True)
    step = db.Column(enum_column(CycleStep), primary_key=True, index=True)


class CardPhase(db.Model):
    __tablename__ = "referentiel_card_phase"
    card_id = db.Column(db.ForeignKey("referentiel_card.id", ondelete="CASCADE"),
                        primary_key=True)
    phase = db.Column(db.SmallInteger, primary_key=True, index=True)


class CardVersion(db.Model):
    """One published version of a card: a JSON snapshot of every field (``card_snapshot``)."""

    __tablename__ = "referentiel_card_version"
    __table_args__ = (db.UniqueConstraint("card_id", "number"),)

    id = db.Column(db.Integer, primary_key=True)
    card_id = db.Column(db.ForeignKey("referentiel_card.id", ondelete="CASCADE"),
                        nullable=False, index=True)
    number = db.Column(db.Integer, nullable=False)
    snapshot = db.Column(db.JSON, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    author_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    note = db.Column(db.String(500))

    card = db.relationship("Card", back_populates="versions")
    author = db.relationship("User")
