"""Participants: joining a board (with an account, or a pseudonym and a device token), the
``join`` acknowledgement, and removing a participant.

``join_board`` only flushes a new participant: the ``join`` socket event commits it before the
catch-up, a page's request commits with the rest of its work.
"""

import hashlib
import secrets
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, select

from .... import audit, realtime
from ....errors import Conflict, Forbidden, Invalid
from ....extensions import db
from ....text import clean_text
from ....timeutil import utcnow
from .. import permissions
from ..models import Board, BoardParticipant, BoardState, BoardVote
from .catchup import catch_up, dots_left
from .payloads import board_dict, current_announcement, iso, votes_on
from .pipeline import (
    NAMESPACE,
    Actor,
    facilitator_change,
    participant_room,
)

PSEUDONYM_MAX = 40


@dataclass
class Joined:
    board: Board
    participant: BoardParticipant
    token: str | None
    facilitator: bool  # joined with the facilitator's (projector) view
    new: bool  # the participant was created by this join (so has no dots on the board yet)
    # Read before the commit, which expires the objects: no reload on the way to the ack.
    board_id: int
    participant_id: int
    pseudonym: str


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def join_board(board, user, pseudonym, token, as_facilitator=False, socket_token=None,
               admit=None):
    """Find or create the participant of ``user`` (signed in) or of this device's token.

    ``socket_token``: the token this socket was already given on this board; a join without a
    known token comes back as that participant (with its used dots, or refused if removed)
    instead of creating another one. ``admit()`` is called before an anonymous participant is
    created (the per-address limit of the socket)."""
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    facilitator = signed_in and permissions.may_manage_board(user, board)
    as_facilitator = bool(as_facilitator)
    if as_facilitator and not facilitator:
        raise Forbidden(_("La vue projecteur est réservée à l'animation de l'atelier."),
                        code="forbidden")
    if board.state == BoardState.CLOSED and not facilitator:
        raise Conflict(_("Cet atelier est clôturé."), code="closed")
    issued = None
    participant = None
    if signed_in:
        participant = db.session.scalar(select(BoardParticipant).where(
            BoardParticipant.board_id == board.id, BoardParticipant.user_id == user.id))
        if participant is None:
            participant = BoardParticipant(board_id=board.id, user_id=user.id,
                                           pseudonym=user.display_name[:PSEUDONYM_MAX])
    elif not board.allow_anonymous:
        raise Forbidden(_("Connectez-vous pour participer à cet atelier."),
                        code="sign_in_required")
    else:
        for known in (token, socket_token):
            if participant is None and isinstance(known, str) and 16 <= len(known) <= 100:
                participant = db.session.scalar(select(BoardParticipant).where(
                    BoardParticipant.board_id == board.id,
                    BoardParticipant.token_hash == _hash(known)))
        if participant is None:
            name = clean_text(pseudonym if isinstance(pseudonym, str) else "", PSEUDONYM_MAX,
                              _("Le pseudonyme"))
            if admit is not None:
                admit()
            issued = secrets.token_urlsafe(24)
            participant = BoardParticipant(board_id=board.id, pseudonym=name,
                                           token_hash=_hash(issued))
    if participant.removed:
        raise Forbidden(_("L'animation vous a retiré de ce tableau."), code="removed")
    new = participant.id is None
    if new:
        db.session.add(participant)
        db.session.flush()
    return Joined(board, participant, issued, as_facilitator, new, board.id, participant.id,
                  participant.pseudonym)


def join_payload(joined, since):
    """The ``join`` acknowledgement: board, who I am, and the catch-up."""
    board, participant = joined.board, joined.participant
    version, catch = catch_up(board, since, participant, joined.facilitator, joined.new)
    return {
        "ok": True,
        "version": version,
        "object": {
            "board": board_dict(board),
            "me": {"participant": joined.participant_id, "pseudonym": joined.pseudonym,
                   "token": joined.token,
                   "dots_left": board.dots if joined.new else dots_left(board, participant),
                   "facilitator": joined.facilitator},
            "server_time": iso(utcnow()),
            "announcement": current_announcement(board),
            **catch,
        },
    }


def facilitator_actor(user, board):
    """The facilitator's own participant on ``board`` (for changes made from a web page)."""
    joined = join_board(board, user, None, None, as_facilitator=True)
    return Actor(joined.participant_id, user)


def remove_participant(board_id, actor, op, participant_id):
    """The facilitator removes a participant: their dots are withdrawn, their notes stay, and
    their device token or account cannot bring them back."""

    def apply(board):
        target = db.session.get(BoardParticipant, participant_id) \
            if isinstance(participant_id, int) else None
        if target is None or target.board_id != board.id:
            raise Invalid(_("Ce participant n'existe pas."), code="invalid")
        if target.id == actor.participant_id:
            raise Invalid(_("Vous ne pouvez pas vous retirer vous-même."), code="invalid")
        touched = db.session.scalars(select(BoardVote.note_id).where(
            BoardVote.participant_id == target.id).distinct()).all()
        db.session.execute(delete(BoardVote).where(BoardVote.participant_id == target.id))
        target.removed = True
        audit.record(actor.user, "board.remove_participant", board.territory, target)
        # Sent with the change, once it is committed (to every process through Redis).
        realtime.emit("removed", {"message": _("L'animation vous a retiré de ce tableau.")},
                      participant_room(target.id), NAMESPACE)
        return {"participant": target.id, "notes": touched,
                "votes": {str(n): votes_on(n) for n in touched}}

    return facilitator_change(board_id, actor, op, "participant.removed", apply,
                              allowed_when_locked=True)
