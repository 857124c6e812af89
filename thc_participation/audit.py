"""The audit log: every service that changes something records who did what."""

from .extensions import db
from .models import AuditEntry


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


def entries_of(territory):
    """The query of ``territory``'s audit entries, newest first (to paginate)."""
    return (
        db.select(AuditEntry)
        .where(AuditEntry.territory_id == territory.id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
