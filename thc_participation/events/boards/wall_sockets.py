"""Socket events of the projector wall and the facilitator's remote (docs/board-protocol.md,
"Wall and control room events"): not versioned, nothing is stored.

``present`` — a facilitator's wall or remote shows one note to the room (presentation mode);
every facilitator socket of the board (the wall, the remote) hears ``presented``. Same
boundary, role check and rate limit as the change events of ``sockets.py``.
"""

from flask_babel import gettext as _

from ...errors import Forbidden, Invalid
from ...extensions import db, socketio
from . import permissions, wire
from .models import Board, BoardNote
from .services import limits
from .services.pipeline import NAMESPACE, facilitator_room
from .sockets import _event, _joined, _user


def _facilitator_board(state):
    """The socket's board, if the signed-in user still manages it (checked at every event)."""
    board = db.session.get(Board, state.board_id)
    if not state.facilitator or not permissions.may_manage_board(_user(), board):
        raise Forbidden(_("Seule l'animation peut faire cela."), code="forbidden")
    return board


@_event("present")
def on_present(payload):
    state = _joined()
    limits.check_rate(state.participant_id, state.facilitator)
    board = _facilitator_board(state)
    note_id = wire.ident(payload, "note", optional=True)
    if note_id is not None:
        note = db.session.get(BoardNote, note_id)
        if note is None or note.board_id != board.id:
            raise Invalid(_("Cette note n'existe pas."), code="invalid")
    socketio.emit("presented", {"note": note_id}, to=facilitator_room(board.id),
                  namespace=NAMESPACE)
    return {"ok": True, "object": {"note": note_id}}
