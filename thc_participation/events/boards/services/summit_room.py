"""The summit control room: every live board of a territory at a glance, a message or a
countdown sent to all of them, all locked or closed at the end, and one export of all
workshops for the summit report.

Each board change goes through the board's own pipeline (its version, its change log, its
broadcast), exactly as if the facilitator had pressed the button on that board; the message is
not versioned (the ``announcement`` event of docs/board-protocol.md).
"""

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from .... import audit, realtime
from ....errors import Invalid
from ....extensions import db
from ....text import clean_text
from ....timeutil import utcnow
from .. import permissions
from ..models import BoardNote, BoardState, BoardVote
from . import exports, participants
from .boards import TIMER_MAX, boards_of, set_state, set_timer
from .payloads import iso
from .pipeline import NAMESPACE, facilitator_room, room, system_op

MESSAGE_MAX = 200
MESSAGE_SHOWN = timedelta(minutes=15)  # how long a message without a countdown stays current
LIVE = (BoardState.OPEN, BoardState.LOCKED)
CSV_HEADER = ("Atelier", "Code", "Question", *exports.CSV_HEADER)


def overview(territory, connected=None):
    """One row per board: workshop, code, state, notes, votes, timer, connected sockets."""
    connected = connected or {}
    boards = boards_of(territory)
    ids = [b.id for b in boards]
    notes = dict(db.session.execute(
        select(BoardNote.board_id, func.count()).where(BoardNote.board_id.in_(ids))
        .group_by(BoardNote.board_id)).all()) if ids else {}
    votes = dict(db.session.execute(
        select(BoardNote.board_id, func.count()).join(BoardVote, BoardVote.note_id == BoardNote.id)
        .where(BoardNote.board_id.in_(ids)).group_by(BoardNote.board_id)).all()) if ids else {}
    now = utcnow()
    return [{
        "id": b.id, "code": b.code, "question": b.question,
        "workshop": b.event.title if b.event else None,
        "state": b.state.value, "state_label": str(b.state.label),
        "notes": notes.get(b.id, 0), "votes": votes.get(b.id, 0),
        "timer_ends_at": iso(b.timer_ends_at) if b.timer_ends_at and b.timer_ends_at > now
        else None,
        "connected": connected.get(b.id, 0),
    } for b in boards]


def broadcast(user, territory, message, seconds):
    """Show ``message`` on every live board and/or start a countdown of ``seconds`` on each.
    Returns how many boards were reached."""
    permissions.require_control_room(user, territory)
    message = (message or "").strip()
    if message:
        message = clean_text(message, MESSAGE_MAX, _("Le message"), field="message")
    if seconds is not None and (not isinstance(seconds, int) or not 0 <= seconds <= TIMER_MAX):
        raise Invalid(_("Durée du minuteur invalide (de 1 seconde à 1 heure)."), field="minutes")
    if not message and not seconds:
        raise Invalid(_("Écrivez un message ou choisissez une durée de compte à rebours."),
                      field="message")
    live = [b for b in boards_of(territory) if b.state in LIVE]
    now = utcnow()
    until = now + timedelta(seconds=seconds) if seconds else None
    data = {"message": message, "until": iso(until) if until else None}
    for board in live:
        if seconds:
            set_timer(board.id, participants.facilitator_actor(user, board), system_op(),
                      seconds)
        if message:
            # Kept for whoever joins later (the ``join`` answer), until the countdown ends.
            board.announcement = {**data, "expires": iso(until or now + MESSAGE_SHOWN)}
            realtime.emit("announcement", data, room(board.id), NAMESPACE)
            realtime.emit("announcement", data, facilitator_room(board.id), NAMESPACE)
    audit.record(user, "board.broadcast", territory, None, boards=len(live),
                 seconds=seconds or 0)
    return len(live)


def lock_or_close_all(user, territory, action):
    """Lock every open board, or close every board not yet closed. Returns how many changed."""
    permissions.require_control_room(user, territory)
    if action not in ("lock", "close"):
        raise Invalid(_("Action inconnue."), field="action")
    wanted = (BoardState.OPEN,) if action == "lock" else \
        (BoardState.PREPARING, BoardState.OPEN, BoardState.LOCKED)
    changed = 0
    for board in boards_of(territory):
        if board.state in wanted:
            set_state(board.id, participants.facilitator_actor(user, board), None, action)
            changed += 1
    return changed


def export_rows(user, territory):
    """Every note of every board of ``territory``, with its workshop (the summit report)."""
    permissions.require_control_room(user, territory)
    rows = []
    for board in sorted(boards_of(territory), key=lambda b: b.id):
        workshop = board.event.title if board.event else _("Tableau libre")
        rows += [(workshop, board.code, board.question, *row)
                 for row in exports.csv_rows(board)]
    return rows

