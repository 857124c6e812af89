"""Background work of the consultation: the action plan mailing, and the participation
reports (``refresh_reports``, a Huey task registered in ``thc_participation/jobs.py``).

The mailing is started once the operation that published the plan is committed (a job
started earlier could look for a mailing that is not there yet, or that a rollback undoes)."""

from flask import current_app

from ..extensions import socketio
from ..transaction import after_commit, transactional
from .services import mailing, report


def start_mailing(mailing_id):
    """Send ``mailing_id`` in a background task of the Socket.IO server after the current
    transaction commits (nothing starts if it rolls back); the CLI resumes it if it stops."""
    app = current_app._get_current_object()
    after_commit(socketio.start_background_task, _run, app, mailing_id)


def _run(app, mailing_id):
    with app.app_context():
        transactional(mailing.send_mailing)(mailing_id)


def refresh_reports():
    """The job that computes the participation reports readers found stale (and those never
    computed); run by ``thc worker``, every minute and when a reader asks."""
    return {"refreshed": report.refresh_requested()}
