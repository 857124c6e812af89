"""Socket.IO namespace /consultation: readers of a phase join its room to see new comments,
vote counts and moderation changes live (they leave it by disconnecting). Writes go through
the HTTP views (one way to do it)."""

from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import join_room

from ..access import load
from ..errors import NotFound
from ..extensions import socketio
from ..transaction import transactional
from . import permissions
from .models import Phase
from .services.common import NAMESPACE


@socketio.on("join", namespace=NAMESPACE)
@transactional
def on_join(data=None):
    """Join the room of a phase one may see; the acknowledgement says whether it worked."""
    message = _("Cette phase n'existe pas.")
    try:
        phase = load(Phase, data.get("phase") if isinstance(data, dict) else None,
                     message=message)
        if not permissions.may_see(current_user, phase.consultation):
            raise NotFound(message)
    except NotFound as exc:
        return {"ok": False, **exc.as_dict()}
    join_room(phase.room())
    return {"ok": True, "room": phase.room()}
