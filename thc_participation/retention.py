"""Every retention purge in one place: the ``thc ... purge`` commands and the periodic jobs
(``jobs.py``) call these same functions.

Each one changes and flushes, never commits: its caller is the boundary (``@transactional``).
"""

from flask import current_app


def purge_event_attendees(days=None):
    """Anonymise the attendees of events ended more than ``days`` ago (default: config)."""
    from .events.services import retention

    with current_app.test_request_context("/"):  # audit entries and links need a request
        return retention.purge_attendees(retention_days=days)


def purge_pools():
    """Erase the people of draw pools whose retention period is over."""
    from .evaluation.services import pools

    return pools.purge_expired()


def purge_audit_log(days=None):
    """Delete the action log's entries older than its retention period."""
    from . import audit

    return audit.purge_expired(retention_days=days)


def purge_unconfirmed_accounts(days=None):
    """Erase accounts whose e-mail address was never confirmed ``days`` after sign-up."""
    from .accounts import erasure

    with current_app.test_request_context("/"):
        return erasure.purge_unconfirmed(days=days)


def purge_sessions():
    """Delete sign-in sessions expired or revoked more than a day ago."""
    from .accounts import sessions

    return sessions.purge_expired()


# Name -> purge: the periodic jobs run each one daily, in its own transaction.
PURGES = {
    "events": purge_event_attendees,
    "pools": purge_pools,
    "audit": purge_audit_log,
    "unconfirmed_accounts": purge_unconfirmed_accounts,
    "sessions": purge_sessions,
}
