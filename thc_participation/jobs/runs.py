"""Long jobs with a run row (``JobRun``): registration, the one way to start one, its execution
in the worker, its progress, and what happens to runs a dead worker left behind.

A module registers a job with ``@job(kind, may_watch, resumable=...)`` on a function
``fn(run, progress, **params)`` that returns the French message shown when it is done; it
runs in the worker's app context as one operation (it may commit per item when it must
survive a stop, and then says so). A page starts it with ``start(kind, territory, actor,
subject, **params)``: the row is written in the current transaction and the job is queued once
that transaction commits.
"""

import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from ..errors import Conflict, Forbidden, ServiceError
from ..extensions import db, socketio
from ..timeutil import utcnow
from ..transaction import after_commit, operation
from .models import JobRun, JobState, payload_of

log = logging.getLogger(__name__)
NAMESPACE = "/jobs"
PROGRESS_EVERY = 0.5  # seconds between two progress writes of one run
MESSAGE_MAX = 300


@dataclass(frozen=True)
class Kind:
    name: str
    fn: Callable
    may_watch: Callable  # (user, territory) -> bool: may see its progress and restart it
    resumable: bool      # may run again after a crash and continues where it stopped


KINDS = {}


def job(kind, may_watch, resumable=False):
    """Register ``fn(run, progress, **params)`` as the long job ``kind``."""
    def register(fn):
        KINDS[kind] = Kind(kind, fn, may_watch, resumable)
        return fn
    return register


class RetryLater(Exception):
    """Raised by a job that met a temporary failure (a mail server down): the run goes back to
    the queue with this French message and runs again after ``THC_JOBS_RETRY_DELAY``."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def latest(kind, subject):
    """The newest run of ``kind`` on ``subject`` (what its page shows), or None."""
    return db.session.scalars(select(JobRun).where(JobRun.kind == kind, JobRun.subject == subject)
                              .order_by(JobRun.id.desc()).limit(1)).first()


def start(kind, territory, actor, subject, **params):
    """Write the run and queue it once the current transaction commits (nothing is queued if
    it rolls back). One object has at most one active run of a kind (``Conflict``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    running = latest(kind, subject)
    if running is not None and running.active:
        raise Conflict(_("Ce traitement est déjà en cours : suivez sa progression sur cette "
                         "page."), code="job_active")
    run = JobRun(kind=kind, subject=subject, territory=territory, params=params,
                 actor_id=getattr(actor, "id", None), state=JobState.QUEUED,
                 message=_("En attente du serveur de tâches…"), updated_at=utcnow())
    db.session.add(run)
    db.session.flush()
    after_commit(enqueue, current_app._get_current_object(), run.id)
    return run


def restart(actor, territory, run):
    """Start again a run that failed ("relancer"), with the same parameters."""
    kind = KINDS.get(run.kind)
    if kind is None or not kind.may_watch(actor, territory) or run.territory_id != territory.id:
        raise Forbidden(_("Vous ne pouvez pas relancer ce traitement."))
    if run.state != JobState.FAILED:
        raise Conflict(_("Seul un traitement échoué peut être relancé."), code="job_not_failed")
    return start(run.kind, territory, actor, run.subject, **run.params)


def enqueue(app, run_id, delay=None):
    from .queue import tasks

    task = tasks(app)["run_job"]
    if delay:
        task.schedule(args=(run_id,), delay=delay)
    else:
        task(run_id)


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


def _set(run_id, only_if=None, **values):
    """Write a run's columns in their own short transaction (seen at once by the pages);
    returns whether the row changed."""
    query = update(JobRun).where(JobRun.id == run_id)
    if only_if is not None:
        query = query.where(JobRun.state == only_if)
    values.setdefault("updated_at", utcnow())
    if "message" in values:
        values["message"] = str(values["message"])[:MESSAGE_MAX]
    with db.engine.begin() as connection:
        changed = connection.execute(query.values(**values)).rowcount
    _publish(run_id)
    return bool(changed)


def _publish(run_id):
    """With Redis, tell the watching pages now (Flask-SocketIO's emitter through the message
    queue); without it the web process reads the row (``sockets.relay``)."""
    if not current_app.config.get("THC_REDIS_URL"):
        return
    with db.engine.connect() as connection:
        run = connection.execute(select(JobRun.__table__).where(JobRun.id == run_id)).first()
    if run is not None:
        socketio.emit("progress", payload_of(run), to=f"job-{run_id}", namespace=NAMESPACE)


class Progress:
    """``progress(done, total=None, message=None)``: at most one write every
    ``PROGRESS_EVERY`` seconds, and always the last step (done == total). On SQLite, call it
    between the job's commits (it writes on its own connection)."""

    def __init__(self, run_id):
        self.run_id = run_id
        self.last = 0.0

    def __call__(self, done, total=None, message=None):
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY and (total is None or done < total):
            return
        self.last = now
        values = {"done": done, "total": total}
        if message is not None:
            values["message"] = message
        _set(self.run_id, **values)


def execute(app, run_id):
    """The worker's task: claim the queued run, run its function, record how it ended."""
    with app.app_context():
        try:
            _execute(app, run_id)
        finally:
            db.session.remove()


def _execute(app, run_id):
    if not _set(run_id, only_if=JobState.QUEUED, state=JobState.RUNNING, worker=worker_name(),
                started_at=utcnow(), attempts=JobRun.attempts + 1,
                message=_("Traitement en cours…")):
        log.info("Job run %s: not queued any more, skipped", run_id)
        return
    run = db.session.get(JobRun, run_id)
    kind = KINDS.get(run.kind)
    try:
        if kind is None:
            raise RuntimeError(f"unknown job kind {run.kind!r}")
        with operation():
            message = kind.fn(run, Progress(run_id), **run.params)
    except RetryLater as exc:
        _set(run_id, state=JobState.QUEUED, message=exc.message)
        enqueue(app, run_id, delay=app.config["THC_JOBS_RETRY_DELAY"])
    except ServiceError as exc:
        _set(run_id, state=JobState.FAILED, message=exc.message, finished_at=utcnow())
    except Exception:
        log.exception("Job run %s (%s) failed", run_id, run.kind)
        _set(run_id, state=JobState.FAILED, finished_at=utcnow(),
             message=_("Le traitement a échoué à cause d'une erreur interne ; l'équipe "
                       "technique en est informée. Vous pouvez le relancer."))
    else:
        _set(run_id, state=JobState.DONE, message=message or _("Terminé."), finished_at=utcnow())


def _alive(pid):
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def recover(app):
    """At worker start: runs left ``running`` by a dead worker of this machine are queued again
    when their job resumes safely, or marked failed with a French explanation (their page
    offers "Relancer"). Runs of a worker still alive, or of another machine, are left alone.
    Returns (resumed ids, failed ids)."""
    host = socket.gethostname()
    resumed, failed = [], []
    with app.app_context():
        try:
            runs = db.session.scalars(select(JobRun).where(JobRun.state == JobState.RUNNING))
            for run in runs.all():
                run_host, _sep, pid = (run.worker or "").rpartition(":")
                if run_host != host or (_alive(pid) and pid != str(os.getpid())):
                    continue
                kind = KINDS.get(run.kind)
                if kind is not None and kind.resumable:
                    resumed.append(run.id)
                else:
                    failed.append(run.id)
            for run_id in resumed:
                _set(run_id, state=JobState.QUEUED,
                     message=_("Le serveur de tâches a redémarré : le traitement reprend où il "
                               "s'était arrêté."))
                enqueue(app, run_id)
            for run_id in failed:
                _set(run_id, state=JobState.FAILED, finished_at=utcnow(),
                     message=_("Le serveur de tâches s'est arrêté pendant ce traitement : rien "
                               "n'a été enregistré. Relancez-le."))
        finally:
            db.session.remove()
    return resumed, failed
