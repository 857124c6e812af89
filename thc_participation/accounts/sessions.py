"""Server-side sessions: every sign-in is a ``UserSession`` row that cookies name.

Flask-Login keeps ``User.get_id()`` in the session cookie and in the remember cookie; here
that id is ``"<session id>:<random key>"``, so a cookie is worth only as long as its row is
neither revoked nor expired. Logout revokes the row; a password change, a reset and "log out
everywhere" revoke every row of the account. A new sign-in gets a new key, so the remember
cookie differs at each login, and it ends with the row's server-side expiry.

Services flush; the request commits.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from flask_login import login_user, logout_user
from sqlalchemy.orm import joinedload

from .. import audit
from ..access import require_admin
from ..extensions import db
from ..models import UserSession
from ..timeutil import utcnow

# A browser session (no "remember me") ends after this much inactivity.
IDLE_LIFETIME = timedelta(hours=12)
# last_seen_at is written at most this often (not on every request).
TOUCH_EVERY = timedelta(minutes=5)


def _hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


def _remember_lifetime():
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    return duration if isinstance(duration, timedelta) else timedelta(seconds=duration)


def open_session(user, remember=False):
    """A new server-side session for ``user``; returns its token (what cookies carry)."""
    now = utcnow()
    key = secrets.token_urlsafe(32)
    row = UserSession(user_id=user.id, key_hash=_hash(key), remember=remember, created_at=now,
                      last_seen_at=now,
                      expires_at=now + (_remember_lifetime() if remember else IDLE_LIFETIME))
    db.session.add(row)
    db.session.flush()
    user.session_token = f"{row.id}:{key}"
    return user.session_token


def sign_in(user, remember=False):
    """Open a session for ``user`` and sign this browser in with it."""
    if hasattr(user, "_get_current_object"):  # current_user: Flask-Login must get the object
        user = user._get_current_object()
    open_session(user, remember)
    return login_user(user, remember=remember)


def _row_for(token):
    if not isinstance(token, str):  # e.g. a cookie from before server-side sessions
        return None
    session_id, _, key = token.partition(":")
    if not (session_id.isascii() and session_id.isdigit() and len(session_id) < 19 and key):
        return None
    # One query for the session and its account (every signed-in request runs it).
    row = db.session.get(UserSession, int(session_id),
                         options=[joinedload(UserSession.user)])
    if row is None or not hmac.compare_digest(row.key_hash, _hash(key)):
        return None
    return row


def load_user(token):
    """Flask-Login's user loader: the account of a live session, or None."""
    row = _row_for(token)
    now = utcnow()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    user = row.user
    if user is None or not user.is_active:
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        if not row.remember:
            row.expires_at = now + IDLE_LIFETIME
        db.session.flush()
    user.session_token = token
    return user


def current_session(user):
    token = getattr(user, "session_token", None)
    return _row_for(token) if token else None


def sign_out(user):
    """Revoke this browser's session and forget it (logout); ``user`` may be anonymous."""
    row = current_session(user)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        db.session.flush()
    logout_user()


def revoke_all(user):
    """End every session of ``user`` (all devices, all remember cookies)."""
    now = utcnow()
    db.session.execute(
        db.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    db.session.flush()


def renew(user):
    """After ``revoke_all`` for a password change: keep this browser signed in with a new
    session (and a new remember cookie if it had one); every other device is signed out."""
    row = current_session(user)
    sign_in(user, remember=bool(row is not None and row.remember))


def log_out_everywhere(actor, user):
    """"Log out everywhere": the person themself (profile) or the network admin."""
    if actor.id != user.id:
        require_admin(actor)
    revoke_all(user)
    audit.record(actor, "account.logout_everywhere", target=user)


def purge_expired(before=None):
    """Delete sessions expired or revoked more than a day ago (a periodic job may call it)."""
    limit = (before or utcnow()) - timedelta(days=1)
    result = db.session.execute(
        db.delete(UserSession).where(
            db.or_(UserSession.expires_at < limit, UserSession.revoked_at < limit)
        )
    )
    return result.rowcount

