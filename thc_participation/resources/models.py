"""A resource and its versions: every file ever published is kept, the newest one is served."""

from flask_babel import lazy_gettext as _l

from ..dashboard import timeline
from ..extensions import db
from ..labels import LabelledEnum
from ..models import enum_column
from ..timeutil import utcnow


class ResourcePhase(LabelledEnum):
    """The programme's five phases (``dashboard.timeline.PHASES``, same keys)."""

    ENGAGEMENT = "engagement", timeline.PHASE_BY_KEY["engagement"].label
    DIAGNOSTIC = "diagnostic", timeline.PHASE_BY_KEY["diagnostic"].label
    SUMMIT = "summit", timeline.PHASE_BY_KEY["summit"].label
    IMPLEMENTATION = "implementation", timeline.PHASE_BY_KEY["implementation"].label
    EVALUATION = "evaluation", timeline.PHASE_BY_KEY["evaluation"].label

    @property
    def number(self):
        return timeline.PHASE_BY_KEY[self.value].number


class ResourceKind(LabelledEnum):
    SHEET = "fiche", _l("Fiche pratique")
    MATRIX = "matrice", _l("Matrice")
    REPORT_TEMPLATE = "modele-rapport", _l("Modèle de rapport")
    PROGRAMME_TEMPLATE = "programme-type", _l("Programme type")
    FACILITATION_KIT = "kit-animation", _l("Kit d'animation")
    SPECIFICATION = "cahier-des-charges", _l("Cahier des charges")
    PLAN_TEMPLATE = "modele-plan", _l("Modèle de plan")
    TEMPLATE = "modele", _l("Modèle de document")
    GUIDE = "guide", _l("Guide")


class Resource(db.Model):
    __tablename__ = "resource"
    __table_args__ = {"sqlite_autoincrement": True}
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    phase = db.Column(enum_column(ResourcePhase), nullable=False, index=True)
    kind = db.Column(enum_column(ResourceKind), nullable=False)
    # Public: anyone may download it; otherwise the territories' teams only.
    public = db.Column(db.Boolean, nullable=False, default=False)
    archived = db.Column(db.Boolean, nullable=False, default=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    author_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))

    versions = db.relationship(
        "ResourceVersion", back_populates="resource", cascade="all, delete-orphan",
        order_by="(ResourceVersion.version_date.desc(), ResourceVersion.id.desc())")

    @property
    def current(self):
        """The version served by default: the newest by date (then by upload)."""
        return self.versions[0] if self.versions else None


class ResourceVersion(db.Model):
    __tablename__ = "resource_version"
    __table_args__ = {"sqlite_autoincrement": True}
    id = db.Column(db.Integer, primary_key=True)
    resource_id = db.Column(db.ForeignKey("resource.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    label = db.Column(db.String(40), nullable=False)  # "v2", "2026-2"...
    version_date = db.Column(db.Date, nullable=False)
    note = db.Column(db.String(300), nullable=False, default="")
    upload_id = db.Column(db.ForeignKey("upload.id", ondelete="RESTRICT"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    author_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))

    resource = db.relationship("Resource", back_populates="versions")
    upload = db.relationship("Upload", lazy="joined")
