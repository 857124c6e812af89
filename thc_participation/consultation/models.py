"""Online consultation: consultations per governance phase, comments, votes, proposals,
moderation, help places and the action plan mailing."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text

from ..extensions import db
from ..labels import LabelledEnum
from ..models import enum_column
from ..timeutil import utcnow


class ConsultationState(LabelledEnum):
    DRAFT = "draft", _l("Brouillon")
    OPEN = "open", _l("Ouverte")
    CLOSED = "closed", _l("Close")
    ARCHIVED = "archived", _l("Archivée")


class Section(LabelledEnum):
    SITUATION = "situation", _l("La situation aujourd'hui et ses problèmes")
    ASSESSMENT = "assessment", _l("Le bilan du sommet et les idées d'amélioration")
    RESULTS = "results", _l("Les résultats attendus")
    PROPOSAL = "proposal", _l("Proposition citoyenne")


TEXT_SECTIONS = (Section.SITUATION, Section.ASSESSMENT, Section.RESULTS)


class Stance(LabelledEnum):
    FOR = "for", _l("Pour")
    AGAINST = "against", _l("Contre")
    NEUTRAL = "neutral", _l("Neutre")


class Moderation(LabelledEnum):
    VISIBLE = "visible", _l("Visible")
    PROVISIONAL = "provisional", _l("Masquée provisoirement")  # by reports, until an agent decides
    HIDDEN = "hidden", _l("Masquée par la modération")


class ProposalStatus(LabelledEnum):
    SUBMITTED = "submitted", _l("Déposée")
    STUDYING = "studying", _l("À l'étude")
    RETAINED = "retained", _l("Retenue dans le plan d'action")
    REJECTED = "rejected", _l("Non retenue")


class ReportReason(LabelledEnum):
    INSULT = "insult", _l("Propos injurieux ou haineux")
    SPAM = "spam", _l("Publicité ou spam")
    PERSONAL_DATA = "personal_data", _l("Données personnelles d'un tiers")
    OFF_TOPIC = "off_topic", _l("Hors sujet")
    OTHER = "other", _l("Autre raison")


class RecipientStatus(LabelledEnum):
    PENDING = "pending", _l("En attente")
    # claimed; if a crash leaves it here it is never sent again
    SENDING = "sending", _l("Interrompu pendant l'envoi")
    SENT = "sent", _l("Envoyé")
    FAILED = "failed", _l("Refusé par le serveur")
    SKIPPED = "skipped", _l("Désabonné")  # unsubscribed before its turn


class CommentSort(LabelledEnum):
    """The orders of a discussion (``?tri=``)."""

    RECENT = "recent", _l("Les plus récents")
    OLDEST = "oldest", _l("Les plus anciens")
    SUPPORTED = "supported", _l("Les plus soutenus")
    DEBATED = "debated", _l("Les plus débattus")


class ProposalSort(LabelledEnum):
    """The orders of a list of proposals (``?tri=``)."""

    SUPPORTED = "supported", _l("les plus soutenues")
    RECENT = "recent", _l("les plus récentes")


DEFAULT_PHASES = ("Information", "Concertation", "Décision", "Mise en œuvre", "Évaluation")


class Consultation(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    title = db.Column(db.String(200), nullable=False)
    introduction = db.Column(db.Text, nullable=False, default="")
    state = db.Column(enum_column(ConsultationState), nullable=False,
                      default=ConsultationState.DRAFT)
    opens_at = db.Column(db.DateTime)
    closes_at = db.Column(db.DateTime)
    report_threshold = db.Column(db.Integer, nullable=False, default=3)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    published_at = db.Column(db.DateTime)
    action_plan_text = db.Column(db.Text)
    action_plan_upload_id = db.Column(db.ForeignKey("upload.id", ondelete="SET NULL"))
    action_plan_published_at = db.Column(db.DateTime)

    territory = db.relationship("Territory", lazy="joined")
    action_plan_upload = db.relationship("Upload")
    phases = db.relationship(
        "Phase",
        back_populates="consultation",
        order_by="Phase.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    def is_open_at(self, now):
        """Open for contributions: published, open, and within its dates."""
        return (
            self.state == ConsultationState.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class Phase(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    consultation_id = db.Column(
        db.ForeignKey("consultation.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position = db.Column(db.Integer, nullable=False, default=0)
    name = db.Column(db.String(120), nullable=False)
    situation = db.Column(db.Text, nullable=False, default="")
    assessment = db.Column(db.Text, nullable=False, default="")
    results = db.Column(db.Text, nullable=False, default="")
    # Kept on every insert or delete (``counters.py``): pages never count a phase's rows.
    situation_roots = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    assessment_roots = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    results_roots = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    comment_count = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    proposal_count = db.Column(db.Integer, nullable=False, default=0, server_default="0")

    consultation = db.relationship("Consultation", back_populates="phases")

    @property
    def territory_id(self):
        return self.consultation.territory_id

    def room(self):
        return f"phase-{self.id}"

    def sections(self):
        """(section, text) of the three parts of the phase, in reading order."""
        return [(Section.SITUATION, self.situation), (Section.ASSESSMENT, self.assessment),
                (Section.RESULTS, self.results)]

    def root_count(self, section=None):
        """Root comments on the text of the phase (of one part of it with ``section``)."""
        if section is not None:
            return getattr(self, f"{section.value}_roots")
        return self.situation_roots + self.assessment_roots + self.results_roots


class HelpPlace(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name = db.Column(db.String(160), nullable=False)
    address = db.Column(db.String(300), nullable=False)
    hours = db.Column(db.String(300), nullable=False, default="")
    help_kind = db.Column(db.String(300), nullable=False, default="")
    latitude = db.Column(db.Float)
    longitude = db.Column(db.Float)


class Proposal(db.Model):
    __table_args__ = (
        # The two orders of a list of proposals, tie-breakers included (keyset pages).
        Index("ix_proposal_phase_supported", "phase_id", "support_count", "created_at", "id"),
        Index("ix_proposal_phase_recent", "phase_id", "created_at", "id"),
        Index("ix_proposal_export", "consultation_id", "id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    consultation_id = db.Column(
        db.ForeignKey("consultation.id", ondelete="CASCADE"), nullable=False, index=True
    )
    phase_id = db.Column(db.ForeignKey("phase.id", ondelete="CASCADE"), nullable=False, index=True)
    author_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    entered_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    on_behalf_name = db.Column(db.String(120))
    help_place_id = db.Column(db.ForeignKey("help_place.id", ondelete="SET NULL"))
    title = db.Column(db.String(160), nullable=False)
    description = db.Column(db.Text, nullable=False)
    source_url = db.Column(db.String(500))
    status = db.Column(enum_column(ProposalStatus), nullable=False,
                       default=ProposalStatus.SUBMITTED)
    status_reason = db.Column(db.Text)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    edited_at = db.Column(db.DateTime)  # by its author, while nobody supported or answered it
    moderation = db.Column(enum_column(Moderation), nullable=False, default=Moderation.VISIBLE)
    moderation_reason = db.Column(db.String(500))
    support_count = db.Column(db.Integer, nullable=False, default=0)
    comment_count = db.Column(db.Integer, nullable=False, default=0)
    report_count = db.Column(db.Integer, nullable=False, default=0)

    author = db.relationship("User", foreign_keys=[author_id], lazy="joined")
    entered_by = db.relationship("User", foreign_keys=[entered_by_id], lazy="joined")
    help_place = db.relationship("HelpPlace", lazy="joined")
    phase = db.relationship("Phase")
    consultation = db.relationship("Consultation")

    @property
    def territory_id(self):
        return self.consultation.territory_id


# A phase's discussion is read in the order of one index per sort order (and per part of the
# text, for ``?partie=``), tie-breakers included. Partial, over the root comments on the text:
# PostgreSQL does not read "x IS NULL" as an equality, so such columns would break the order.
_ROOTS_WHERE = "parent_id IS NULL AND proposal_id IS NULL"
_ROOTS = {"postgresql_where": text(_ROOTS_WHERE), "sqlite_where": text(_ROOTS_WHERE)}
_SORT_KEYS = {"new": (), "score": ("score",), "debate": ("reply_count",)}
_SORT_INDEXES = [
    Index(f"ix_comment_{scope}_{name}", "phase_id", *part, *key, "created_at", "id", **_ROOTS)
    for name, key in _SORT_KEYS.items() for scope, part in (("roots", ()), ("part", ("section",)))
]


class Comment(db.Model):
    __table_args__ = (
        *_SORT_INDEXES,
        Index("ix_comment_proposal", "proposal_id", "parent_id", "created_at", "id"),  # its talk
        Index("ix_comment_export", "consultation_id", "id"),
        CheckConstraint("depth >= 0 AND depth <= 2", name="depth_range"),
    )

    id = db.Column(db.Integer, primary_key=True)
    consultation_id = db.Column(
        db.ForeignKey("consultation.id", ondelete="CASCADE"), nullable=False, index=True
    )
    phase_id = db.Column(db.ForeignKey("phase.id", ondelete="CASCADE"), nullable=False)
    proposal_id = db.Column(db.ForeignKey("proposal.id", ondelete="CASCADE"))
    section = db.Column(enum_column(Section), nullable=False)
    parent_id = db.Column(db.ForeignKey("comment.id", ondelete="CASCADE"))
    root_id = db.Column(db.ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    depth = db.Column(db.Integer, nullable=False, default=0)
    author_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    entered_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    on_behalf_name = db.Column(db.String(120))
    help_place_id = db.Column(db.ForeignKey("help_place.id", ondelete="SET NULL"))
    stance = db.Column(enum_column(Stance), nullable=False, default=Stance.NEUTRAL)
    body = db.Column(db.Text, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    edited_at = db.Column(db.DateTime)
    deleted_at = db.Column(db.DateTime)
    moderation = db.Column(enum_column(Moderation), nullable=False, default=Moderation.VISIBLE)
    moderation_reason = db.Column(db.String(500))
    up_count = db.Column(db.Integer, nullable=False, default=0)
    down_count = db.Column(db.Integer, nullable=False, default=0)
    score = db.Column(db.Integer, nullable=False, default=0)
    reply_count = db.Column(db.Integer, nullable=False, default=0)
    report_count = db.Column(db.Integer, nullable=False, default=0)
    # Bumped by the database on every visible change, so that viewers apply live events in
    # order (Socket.IO does not guarantee it) and ignore stale ones.
    version = db.Column(db.Integer, nullable=False, default=1)

    author = db.relationship("User", foreign_keys=[author_id], lazy="joined")
    entered_by = db.relationship("User", foreign_keys=[entered_by_id], lazy="joined")
    help_place = db.relationship("HelpPlace", lazy="joined")
    phase = db.relationship("Phase")
    proposal = db.relationship("Proposal")
    consultation = db.relationship("Consultation")

    @property
    def territory_id(self):
        return self.consultation.territory_id

    @property
    def is_deleted(self):
        return self.deleted_at is not None


class Vote(db.Model):
    __table_args__ = (
        UniqueConstraint("user_id", "comment_id"),
        CheckConstraint("value IN (-1, 1)", name="value_pm_one"),
    )

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    comment_id = db.Column(
        db.ForeignKey("comment.id", ondelete="CASCADE"), nullable=False, index=True
    )
    value = db.Column(db.Integer, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Support(db.Model):
    __table_args__ = (UniqueConstraint("user_id", "proposal_id"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    proposal_id = db.Column(db.ForeignKey("proposal.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Report(db.Model):
    """A user's report of a comment or a proposal (one per user and item)."""

    __table_args__ = (
        UniqueConstraint("reporter_id", "comment_id"),
        UniqueConstraint("reporter_id", "proposal_id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    consultation_id = db.Column(
        db.ForeignKey("consultation.id", ondelete="CASCADE"), nullable=False, index=True
    )
    reporter_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    comment_id = db.Column(db.ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    proposal_id = db.Column(db.ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    reason = db.Column(enum_column(ReportReason), nullable=False)
    text = db.Column(db.String(1000), nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    resolved_at = db.Column(db.DateTime)


class Block(db.Model):
    """A user may not contribute in a territory's consultations."""

    __table_args__ = (UniqueConstraint("territory_id", "user_id"),)

    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    reason = db.Column(db.String(500), nullable=False)
    created_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    user = db.relationship("User", foreign_keys=[user_id], lazy="joined")


class Mailing(db.Model):
    """The action plan e-mail of a consultation: at most one per consultation."""

    id = db.Column(db.Integer, primary_key=True)
    consultation_id = db.Column(
        db.ForeignKey("consultation.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    finished_at = db.Column(db.DateTime)

    consultation = db.relationship("Consultation")

    @property
    def territory_id(self):
        return self.consultation.territory_id


class MailingRecipient(db.Model):
    __table_args__ = (UniqueConstraint("mailing_id", "email"),)

    id = db.Column(db.Integer, primary_key=True)
    mailing_id = db.Column(
        db.ForeignKey("mailing.id", ondelete="CASCADE"), nullable=False, index=True
    )
    email = db.Column(db.String(254), nullable=False)
    token = db.Column(db.String(64), nullable=False, unique=True)
    status = db.Column(enum_column(RecipientStatus), nullable=False,
                       default=RecipientStatus.PENDING)
    sent_at = db.Column(db.DateTime)
    error = db.Column(db.String(300))


class MailingOptOut(db.Model):
    """An address that unsubscribed from a territory's consultation mailings."""

    __table_args__ = (UniqueConstraint("territory_id", "email"),)

    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    email = db.Column(db.String(254), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class ConsultationReport(db.Model):
    """A consultation's participation report as the ``refresh_reports`` job last computed it."""

    consultation_id = db.Column(
        db.ForeignKey("consultation.id", ondelete="CASCADE"), primary_key=True
    )
    data = db.Column(db.JSON, nullable=False)
    computed_at = db.Column(db.DateTime, nullable=False)
    requested_at = db.Column(db.DateTime)  # a reader found it stale: the job refreshes it


from . import counters  # noqa: E402, F401  (the phase counters, whoever imports the models)
