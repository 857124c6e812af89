"""One transaction per operation.

Services change objects and ``flush``; they never commit. The boundary of an operation
commits once: the request (``commit_request``, an ``after_request`` hook), a socket event, a
CLI command or a background job (``operation()`` / ``@transactional``). Realtime events
emitted during the operation (``realtime.emit``) and e-mails about it are queued on the session
(``after_commit``) and sent only after its commit; a rollback drops them.
"""

import functools
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import db

_QUEUE = "thc_after_commit"


def after_commit(action, *args, **kwargs):
    """Run ``action(*args, **kwargs)`` once the current transaction commits; never if it rolls
    back. Realtime events and e-mails about a change go through here, so nobody hears of a
    change that did not happen, and no lock is held while a mail server or Redis answers."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback drops the action even before any query ran
    session.info.setdefault(_QUEUE, []).append((action, args, kwargs))


@event.listens_for(Session, "after_commit")
def _run_queued(session):
    for action, args, kwargs in session.info.pop(_QUEUE, ()):
        action(*args, **kwargs)


@event.listens_for(Session, "after_soft_rollback")
def _drop_queued(session, previous_transaction):
    if previous_transaction.parent is None:  # the operation, not a savepoint inside it
        session.info.pop(_QUEUE, None)


@contextmanager
def operation():
    """Commit what the block did, or roll it all back if it raised."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def transactional(fn):
    """Make ``fn`` (a socket handler, a CLI command, a job) one operation with its own session."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            with operation():
                return fn(*args, **kwargs)
        finally:
            db.session.remove()

    return wrapper


def commit_request(response):
    """``after_request``: a successful response commits the request's work, any other rolls
    it back (a form shown again with its errors has changed nothing)."""
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response
