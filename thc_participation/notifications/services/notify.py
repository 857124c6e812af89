"""``notify``: the one way to tell people something happened.

Rows are added in the caller's transaction (a rollback drops them); the live count and the
e-mails go out after its commit (``transaction.after_commit``), once: an e-mailed row is
marked ``emailed_at`` in the same transaction, so the daily digest never sends it again."""

from flask import current_app, url_for
from sqlalchemy import func, select

from ...extensions import db, socketio
from ...models import User
from ...timeutil import utcnow
from ...transaction import after_commit
from ..models import EmailMode, Notification, NotificationKind, NotificationSettings
from . import emails

NAMESPACE = "/notifications"
# E-mailed at once: what concerns the person themselves. Activity on what one follows (possibly
# thousands of followers for one comment) is in the site and in the daily digest only, so a
# request never sends more than a few e-mails.
PERSONAL = frozenset(NotificationKind) - {NotificationKind.ACTIVITY}
TEXT_MAX = 500


def room(user_id):
    return f"user-{user_id}"


def path_for(endpoint, **values):
    """The site path of a page (stored in the notification; e-mails prefix the base URL)."""
    with current_app.test_request_context("/"):
        return url_for(endpoint, **values)


def email_modes(user_ids):
    rows = db.session.execute(select(NotificationSettings.user_id, NotificationSettings.email_mode)
                              .where(NotificationSettings.user_id.in_(user_ids))).all()
    return dict(rows)


def notify(users, kind, subject, text, link, territory=None, actor=None, email=True,
           email_subject=None):
    """Notify ``users`` (nobody twice, never ``actor`` themselves) of ``subject`` (the model
    object concerned). ``text`` is short and public-safe: it never quotes a contribution.
    ``email=False`` when the module already e-mailed the people (event changes). Returns the
    rows added."""
    recipients = {}
    for user in users:
        if user is not None and user.id is not None and user.is_active:
            recipients.setdefault(user.id, user)
    if actor is not None:
        recipients.pop(actor.id, None)
    if not recipients:
        return []
    modes = email_modes(list(recipients))
    now = utcnow()
    text = text[:TEXT_MAX]
    rows, outgoing = [], []
    for uid, user in recipients.items():
        mode = modes.get(uid, EmailMode.IMMEDIATE)
        row = Notification(recipient_id=uid, kind=kind, text=text, link=link,
                           territory_id=getattr(territory, "id", None),
                           subject_type=type(subject).__name__ if subject is not None else None,
                           subject_id=getattr(subject, "id", None), created_at=now)
        if not email:
            row.emailed_at = now  # told by the module's own e-mail: not in a digest either
        elif (mode == EmailMode.IMMEDIATE and kind in PERSONAL
              and user.confirmed_at is not None):
            row.emailed_at = now
            outgoing.append(emails.single(user, kind, text, link, email_subject))
        rows.append(row)
    db.session.add_all(rows)
    db.session.flush()
    push_counts(list(recipients))
    if outgoing:
        after_commit(emails.deliver, outgoing)
    return rows


def unread_counts(user_ids):
    rows = db.session.execute(
        select(Notification.recipient_id, func.count())
        .where(Notification.recipient_id.in_(user_ids), Notification.read_at.is_(None))
        .group_by(Notification.recipient_id)).all()
    counts = dict.fromkeys(user_ids, 0)
    counts.update(rows)
    return counts


def push_counts(user_ids):
    """After the commit, send each person's unread count to their sockets (every process,
    through the message queue when Redis is configured)."""
    for uid, count in unread_counts(user_ids).items():
        after_commit(socketio.emit, "unread", {"count": count}, to=room(uid),
                     namespace=NAMESPACE)


def users_by_id(user_ids):
    if not user_ids:
        return []
    return db.session.scalars(select(User).where(User.id.in_(set(user_ids)))).all()
