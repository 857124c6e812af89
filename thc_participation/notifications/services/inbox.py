"""A person's notifications: the list, marking read, and their e-mail choice."""

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from ...access import load, require_signed_in
from ...errors import NotFound
from ...extensions import db
from ...models import User
from ...timeutil import utcnow
from ...tokens import TokenError, read_token
from ..models import EmailMode, Notification, NotificationSettings
from .emails import UNSUBSCRIBE
from .notify import push_counts, unread_counts

# An unsubscribe link keeps working for years (old e-mails stay in mailboxes).
UNSUBSCRIBE_MAX_AGE = 10 * 365 * 86400


def of(user):
    """The query of ``user``'s notifications, newest first (to paginate)."""
    return (select(Notification).where(Notification.recipient_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def unread_count(user):
    if not getattr(user, "is_authenticated", False):
        return 0
    return unread_counts([user.id])[user.id]


def mine(user, ident):
    """A notification of ``user`` (anyone else's is not found)."""
    require_signed_in(user)
    notification = load(Notification, ident, message=_("Cette notification n'existe pas."))
    if notification.recipient_id != user.id:
        raise NotFound(_("Cette notification n'existe pas."))
    return notification


def mark_read(user, notification):
    if notification.recipient_id != user.id:
        raise NotFound(_("Cette notification n'existe pas."))
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
        push_counts([user.id])
    return notification


def mark_all_read(user):
    require_signed_in(user)
    changed = db.session.execute(
        update(Notification).where(Notification.recipient_id == user.id,
                                   Notification.read_at.is_(None))
        .values(read_at=utcnow())).rowcount
    db.session.flush()
    push_counts([user.id])
    return changed


def email_mode(user):
    settings = db.session.get(NotificationSettings, user.id)
    return settings.email_mode if settings else EmailMode.IMMEDIATE


def set_email_mode(user, mode):
    require_signed_in(user)
    mode = EmailMode.parse(mode, "email_mode", _("Choisissez quand recevoir les e-mails."))
    settings = db.session.get(NotificationSettings, user.id)
    if settings is None:
        settings = NotificationSettings(user_id=user.id)
        db.session.add(settings)
    settings.email_mode = mode
    db.session.flush()
    return mode


def user_of_unsubscribe(token):
    """The account an unsubscribe link names (NotFound when forged or the account is gone)."""
    try:
        user_id = read_token(UNSUBSCRIBE, token, UNSUBSCRIBE_MAX_AGE)
    except TokenError as exc:
        raise NotFound(_("Ce lien de désabonnement n'est pas valide.")) from exc
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise NotFound(_("Ce lien de désabonnement n'est pas valide."))
    return user


def unsubscribe(token):
    """One click from an e-mail: no more notification e-mails (the site still shows them)."""
    user = user_of_unsubscribe(token)
    settings = db.session.get(NotificationSettings, user.id)
    if settings is None:
        db.session.add(NotificationSettings(user_id=user.id, email_mode=EmailMode.NEVER))
    else:
        settings.email_mode = EmailMode.NEVER
    db.session.flush()
    return user


def forget(user_id):
    """Erasure: the person's notifications and e-mail choice go."""
    db.session.execute(delete(Notification).where(Notification.recipient_id == user_id))
    db.session.execute(delete(NotificationSettings)
                       .where(NotificationSettings.user_id == user_id))
