"""The daily digest of notifications (a periodic task of ``thc worker``). One e-mail per person per Paris day, whatever the number of runs."""

import logging
from datetime import timedelta

from flask import current_app
from huey import crontab
from sqlalchemy import or_, select, update

from .. import mail
from ..extensions import db
from ..jobs import periodic
from ..models import User
from ..timeutil import to_paris, utcnow
from .models import EmailMode, Notification, NotificationSettings
from .services import emails

log = logging.getLogger(__name__)
# 06:00 UTC: 07:00 or 08:00 in Paris, before the day starts.
DIGEST_AT = crontab(minute="0", hour="6")
# A digest lists what arrived since the last one; older unsent rows (the person chose "never"
# then "daily") are not dug up.
WINDOW = timedelta(days=2)


def _due(today):
    return or_(NotificationSettings.digest_sent_on.is_(None),
               NotificationSettings.digest_sent_on < today)


def send_digests(now=None):
    """E-mail each person who chose the daily digest the notifications not yet e-mailed.
    Each person is claimed, marked and committed on their own: a second run the same day, or
    a run resumed after a crash, sends nobody twice. Returns the number of e-mails sent."""
    now = now or utcnow()
    today = to_paris(now).date()
    since = now - WINDOW
    waiting = (select(Notification.recipient_id)
               .where(Notification.emailed_at.is_(None), Notification.created_at >= since,
                      Notification.created_at <= now))
    user_ids = db.session.scalars(
        select(NotificationSettings.user_id)
        .where(NotificationSettings.email_mode == EmailMode.DAILY, _due(today),
               NotificationSettings.user_id.in_(waiting))
        .order_by(NotificationSettings.user_id)).all()
    sent = 0
    for uid in user_ids:
        claimed = db.session.execute(
            update(NotificationSettings)
            .where(NotificationSettings.user_id == uid,
                   NotificationSettings.email_mode == EmailMode.DAILY, _due(today))
            .values(digest_sent_on=today)).rowcount
        rows = db.session.scalars(
            select(Notification)
            .where(Notification.recipient_id == uid, Notification.emailed_at.is_(None),
                   Notification.created_at >= since, Notification.created_at <= now)
            .order_by(Notification.created_at, Notification.id)).all()
        user = db.session.get(User, uid)
        if not claimed or not rows or user.confirmed_at is None or not user.is_active:
            db.session.commit()
            continue
        for row in rows:
            row.emailed_at = now
        try:
            emails.send(emails.digest(user, rows))
        except mail.MailError:
            db.session.rollback()  # not claimed: the next run tries again
            log.warning("a notification digest was not delivered")
            continue
        db.session.commit()
        sent += 1
    return sent


@periodic("notifications_digest", DIGEST_AT)
def digest():
    with current_app.test_request_context("/"):
        return send_digests()
