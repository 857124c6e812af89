"""Consent records, written whatever the path that changed a consent.

A ``before_flush`` listener looks at the consent columns of accounts, guest registrations and
team entries; every new value (at creation, or a change) becomes a dated ``ConsentRecord``
with its source (the page's endpoint, or ``cli``)."""

from flask import has_request_context, request
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from ..dashboard.models import TeamMember
from ..events.models import Registration
from ..extensions import db
from ..models import User
from .models import ConsentKind, ConsentRecord


def _source():
    if has_request_context() and request.endpoint:
        return request.endpoint[:64]
    return "cli"


def _changed(obj, attr, new):
    """The new boolean value of ``attr`` if it changed in this flush, else None."""
    value = bool(getattr(obj, attr))
    if new:
        return value or None  # a refusal at creation is the default: no record
    return value if inspect(obj).attrs[attr].history.has_changes() else None


def _last_value(session, kind, links):
    """The value of the last record of this consent (None without any)."""
    conditions = [ConsentRecord.kind == kind]
    for name, target in links.items():
        if target is None or target.id is None:
            return None
        conditions.append(getattr(ConsentRecord, f"{name}_id") == target.id)
    with session.no_autoflush:
        return session.scalar(select(ConsentRecord.value).where(*conditions)
                              .order_by(ConsentRecord.id.desc()).limit(1))


def _records(obj, new):
    if isinstance(obj, User):
        contact = _changed(obj, "contact_consent", new)
        if contact is not None:
            yield ConsentKind.CONTACT, contact, {"user": obj}
        profile = _changed(obj, "profile_consent_at", new)
        if profile is not None:
            yield ConsentKind.PROFILE, profile, {"user": obj}
    elif isinstance(obj, Registration) and obj.user_id is None and obj.guest_email:
        news = _changed(obj, "guest_contact_consent", new)
        if news is not None and obj.anonymised_at is None:
            yield ConsentKind.SUMMIT_NEWS, news, {"registration": obj}
    elif isinstance(obj, TeamMember):
        shown = (_changed(obj, "show_email", new), _changed(obj, "show_phone", new))
        if any(v is not None for v in shown):
            value = bool(obj.show_email or obj.show_phone)
            yield ConsentKind.TEAM_CONTACT, value, {"team_member": obj}


@event.listens_for(Session, "before_flush")
def _record_consents(session, _context, _instances):
    pending = []
    for obj in list(session.new):
        pending += [(obj, r) for r in _records(obj, True)]
    for obj in list(session.dirty):
        if obj in session.deleted:
            continue
        pending += [(obj, r) for r in _records(obj, False)]
    source = _source() if pending else None
    for obj, (kind, value, links) in pending:
        last = _last_value(session, kind, links)
        if last == value or (last is None and not value):
            continue  # unchanged, or a refusal never given before
        record = ConsentRecord(kind=kind, value=value, source=source, **links)
        if kind == ConsentKind.TEAM_CONTACT:  # shown on the linked account's profile
            record.user_id = obj.user_id
        session.add(record)


def history(user):
    """The person's consent records, newest first (account and team entries)."""
    return db.session.scalars(
        select(ConsentRecord).where(ConsentRecord.user_id == user.id)
        .order_by(ConsentRecord.created_at.desc(), ConsentRecord.id.desc())
    ).all()
