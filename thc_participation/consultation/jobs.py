"""Background work of the consultation: the action plan mailing.

The mailing is started once the operation that published the plan is committed (a job
started earlier could look for a mailing that is not there yet, or that a rollback undoes)."""

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db, socketio
from ..transaction import transactional
from .services import mailing

_PENDING = "consultation_mailings_to_start"


def start_mailing(mailing_id):
    """Send ``mailing_id`` in a background task of the Socket.IO server after the current
    transaction commits (nothing starts if it rolls back); the CLI resumes it if it stops."""
    app = current_app._get_current_object()
    db.session.info.setdefault(_PENDING, []).append((app, mailing_id))


@event.listens_for(Session, "after_commit")
def _start_pending(session):
    for app, mailing_id in session.info.pop(_PENDING, ()):
        socketio.start_background_task(_run, app, mailing_id)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session):
    session.info.pop(_PENDING, None)


def _run(app, mailing_id):
    with app.app_context():
        transactional(mailing.send_mailing)(mailing_id)
