"""One row per run of a long background job: what, where, who, how far, how it ended."""

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..labels import LabelledEnum
from ..models import enum_column
from ..timeutil import utcnow


class JobState(LabelledEnum):
    QUEUED = "queued", _l("En attente")
    RUNNING = "running", _l("En cours")
    DONE = "done", _l("Terminé")
    FAILED = "failed", _l("Échoué")


ACTIVE = (JobState.QUEUED, JobState.RUNNING)


class JobRun(db.Model):
    """A job started by ``jobs.start``: ``kind`` names its function, ``subject`` the object it
    works on (``draw:12``), so that a page finds its job and one object has one active run."""

    __tablename__ = "job_run"
    __table_args__ = (db.Index("ix_job_run_kind_subject", "kind", "subject"),
                      {"sqlite_autoincrement": True})

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(40), nullable=False)
    subject = db.Column(db.String(80), nullable=False)
    territory_id = db.Column(db.ForeignKey("territory.id", ondelete="CASCADE"), index=True)
    actor_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    params = db.Column(db.JSON, nullable=False, default=dict)
    state = db.Column(enum_column(JobState), nullable=False, default=JobState.QUEUED, index=True)
    done = db.Column(db.Integer, nullable=False, default=0)
    total = db.Column(db.Integer)        # None: unknown (an indeterminate bar)
    message = db.Column(db.String(300), nullable=False, default="")  # French, for the page
    result = db.Column(db.JSON)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    worker = db.Column(db.String(120))   # "host:pid" of the worker that runs it
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    started_at = db.Column(db.DateTime)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    finished_at = db.Column(db.DateTime)

    territory = db.relationship("Territory")
    actor = db.relationship("User")

    @property
    def active(self):
        return self.state in ACTIVE

    @property
    def room(self):
        return f"job-{self.id}"

    def payload(self):
        return payload_of(self)


def payload_of(run):
    """What a watching page receives (the socket event and its acknowledgement), from a
    ``JobRun`` or a plain row of its table (the relay and the emitter read rows)."""
    state = JobState(run.state)
    return {"id": run.id, "state": state.value, "state_label": str(state.label),
            "done": run.done, "total": run.total, "message": run.message,
            "version": int(run.updated_at.timestamp() * 1000) if run.updated_at else 0}
