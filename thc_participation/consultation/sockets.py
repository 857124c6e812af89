"""Socket.IO namespace /consultation: readers of a phase join its room to see new comments,
vote counts and moderation changes live (they leave it by disconnecting). Writes go through
the HTTP views (one way to do it)."""

from flask_babel import gettext as _
from flask_socketio import join_room

from ..extensions import db, socketio
from .models import ConsultationState, Phase
from .services import NAMESPACE


def _public_phase(data):
    try:
        phase = db.session.get(Phase, int((data or {}).get("phase")))
    except (TypeError, ValueError, AttributeError):
        return None
    if phase is None or phase.consultation.state == ConsultationState.DRAFT:
        return None
    return phase


@socketio.on("join", namespace=NAMESPACE)
def on_join(data=None):
    try:
        phase = _public_phase(data)
        if phase is None:
            return {"ok": False, "message": _("Cette phase n'existe pas.")}
        join_room(phase.room())
        return {"ok": True, "room": phase.room()}
    finally:
        db.session.remove()
