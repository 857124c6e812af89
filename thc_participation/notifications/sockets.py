"""Socket.IO namespace ``/notifications``: a signed-in page joins its person's room on
connecting and receives ``unread`` (the unread count) after each change, from any process
(through the Redis message queue when ``THC_REDIS_URL`` is set)."""

from flask import request
from flask_login import current_user
from flask_socketio import join_room

from .. import ratelimits
from ..errors import RateLimited
from ..extensions import db, socketio
from .services.inbox import unread_count
from .services.notify import NAMESPACE, room

# A page connects once, again after a reconnect: more is a flood.
CONNECT_RATE = "20 per 10 seconds"
COUNT_RATE = "10 per 5 seconds"


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    """Only a signed-in person connects; they join their own room (never another's)."""
    try:
        if not current_user.is_authenticated:
            return False
        user_id = current_user.id
        ratelimits.hit(CONNECT_RATE, "notifications-connect", user_id)
    except RateLimited:
        return False
    finally:
        db.session.remove()
    join_room(room(user_id))
    return True


@socketio.on("count", namespace=NAMESPACE)
def on_count(data=None):
    """The current unread count (a page asks after reconnecting)."""
    try:
        ratelimits.hit(COUNT_RATE, "notifications-count", request.sid)
        if not current_user.is_authenticated:
            return {"ok": False, "error": "forbidden"}
        return {"ok": True, "count": unread_count(current_user)}
    except RateLimited as exc:
        return {"ok": False, **exc.as_dict()}
    finally:
        db.session.remove()
