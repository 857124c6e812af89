"""Socket events of the projector wall and the facilitator's remote (docs/board-protocol.md,
"Wall and control room events"): not versioned, nothing is stored.

``present`` — a facilitator's wall or remote shows one note to the room (presentation mode);
every facilitator socket of the board (the wall, the remote) hears ``presented``. Same
boundary, role check and rate limit as the change events of ``sockets.py``.
"""

from flask_babel import gettext as _

from ...errors import Invalid
from ...extensions import db, socketio
from . import wire
from .models import BoardNote
from .services import limits
from .services.pipeline import NAMESPACE, facilitator_room
from .sockets import _event, _joined, require_manager


@_event("present")
def on_present(payload):
    state = _joined()
    limits.check_rate(state.participant_id, state.facilitator)
    board = require_manager(state)
    note_id = wire.ident(payload, "note", optional=True)
    if note_id is not None:
        note = db.session.get(BoardNote, note_id)
        if note is None or note.board_id != board.id:
            raise Invalid(_("Cette note n'existe pas."), code="invalid")
    socketio.emit("presented", {"note": note_id}, to=facilitator_room(board.id),
                  namespace=NAMESPACE)
    return {"ok": True, "object": {"note": note_id}}
