"""The audit log: every service that changes something records who did what.

Opinions are never tied to a person in the log: a vote, a support, a report or a follow is
recorded with no actor and no value, only with a keyed pseudonym of the person that is stable
within one scope (e.g. one consultation) so that abuse stays visible ("the same person voted 300
times"), and that nobody without the server's secret can link to an account. The log has its
own retention (``THC_AUDIT_RETENTION_DAYS``, ``thc audit purge``)."""

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete

from .extensions import db
from .models import AuditEntry
from .timeutil import utcnow

PSEUDONYM_KEY_CONTEXT = b"thc-audit-pseudonym/1"
ANONYMISED = "anonymised"   # the detail marking an entry whose person a purge removed


def record(actor, action, territory=None, target=None, **details):
    """Add one audit entry to the current transaction (the operation's commit stores it)."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        territory_id=getattr(territory, "id", None),
        action=action,
        target_type=type(target).__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
        details=details,
    )
    db.session.add(entry)
    return entry


def pseudonym(user, scope):
    """A short keyed hash of ``user`` within ``scope``: the same in one scope, unlinkable
    across scopes and to the account without the application's secret key."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode("utf-8") if isinstance(secret, str) else secret
    key = hmac.new(secret, PSEUDONYM_KEY_CONTEXT, hashlib.sha256).digest()
    return hmac.new(key, f"{scope}\n{user.id}".encode(), hashlib.sha256).hexdigest()[:12]


def record_opinion(person, action, territory, target, scope, **details):
    """An entry for an opinion (vote, support, report, follow): no actor and no value, only
    the person's pseudonym in ``scope``. ``details`` never carry the vote or its value
    (a report keeps its reason: it describes the item, not the person)."""
    return record(None, action, territory, target, pseudonym=pseudonym(person, scope), **details)


def entries_of(territory):
    """The query of ``territory``'s audit entries, newest first (to paginate)."""
    return (
        db.select(AuditEntry)
        .where(AuditEntry.territory_id == territory.id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )


def forget_actor(actor_ids, actions, target_type, target_ids):
    """Detach the people ``actor_ids`` from the entries of ``actions`` about the targets
    (a retention purge: the log keeps that something happened, not who did it)."""
    if not actor_ids or not target_ids:
        return 0
    entries = db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.actor_id.in_(actor_ids), AuditEntry.action.in_(actions),
        AuditEntry.target_type == target_type, AuditEntry.target_id.in_(target_ids))).all()
    for entry in entries:
        entry.actor_id = None
        entry.details = {**(entry.details or {}), ANONYMISED: True}
    return len(entries)


def forget_targets(target_type, target_ids):
    """Entries about objects whose personal data went: no actor, no details left."""
    if not target_ids:
        return 0
    entries = db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.target_type == target_type, AuditEntry.target_id.in_(target_ids))).all()
    for entry in entries:
        entry.actor_id = None
        entry.details = {ANONYMISED: True}
    return len(entries)


def purge_expired(now=None, retention_days=None):
    """Delete the entries older than the log's retention period; returns how many."""
    now = now or utcnow()
    if retention_days is None:
        retention_days = current_app.config["THC_AUDIT_RETENTION_DAYS"]
    limit = now - timedelta(days=retention_days)
    deleted = db.session.execute(delete(AuditEntry).where(AuditEntry.created_at < limit)).rowcount
    db.session.flush()
    current_app.logger.info("Audit log purged: %s entries", deleted)
    return deleted
