"""What a client reads: the snapshot of a board, and the exact catch-up after a reconnect."""

from collections import defaultdict

from sqlalchemy import func, select

from ....extensions import db
from ..models import BoardChange, BoardCluster, BoardNote, BoardVote
from .payloads import for_participants, note_dict, public_note, vote_counts
from .pipeline import board_lock

CATCH_UP_LIMIT = 500

_snapshots = {}  # (board id, code, audience) -> (version, notes, clusters): shared by joins at once


def snapshot(board, participant, facilitator, new_participant=False):
    """The board's notes and clusters at ``board.version`` (cached per version and audience),
    and this participant's dots.

    A snapshot is built under the board's lock, so that no change of this process commits
    between the version and the data it is labelled with; joins that find it built (the
    500 participants of a join storm) share it without waiting on each other.
    """
    key = (board.id, board.code, bool(facilitator))
    cached = _snapshots.get(key)
    if cached is None or cached[0] != board.version:
        with board_lock(board.id):
            db.session.refresh(board)
            cached = _snapshots.get(key)
            if cached is None or cached[0] != board.version:
                cached = (board.version, *_build_snapshot(board, facilitator))
                _snapshots[key] = cached
    return {
        "notes": cached[1],
        "clusters": cached[2],
        "my_votes": my_votes(participant) if participant and not new_participant else {},
    }


def board_notes(board):
    """Every note of the board, hidden ones included, in column and position order."""
    return db.session.scalars(
        select(BoardNote).where(BoardNote.board_id == board.id)
        .order_by(BoardNote.column, BoardNote.position, BoardNote.id)
    ).all()


def board_clusters(board):
    return db.session.scalars(
        select(BoardCluster).where(BoardCluster.board_id == board.id).order_by(BoardCluster.id)
    ).all()


def _build_snapshot(board, facilitator):
    counts = vote_counts(board)
    notes = board_notes(board)
    clusters = board_clusters(board)
    notes = [note_dict(board, n, counts.get(n.id, 0)) for n in notes]
    if not facilitator:
        notes = [public_note(board.counts_shown, n) for n in notes]
    members = defaultdict(list)
    for note in notes:
        if note["cluster"]:
            members[note["cluster"]].append(note["id"])
    return notes, [{"id": c.id, "title": c.title, "column": c.column, "notes": members[c.id]}
                   for c in clusters]


def my_votes(participant):
    rows = db.session.execute(
        select(BoardVote.note_id, func.count())
        .where(BoardVote.participant_id == participant.id)
        .group_by(BoardVote.note_id)
    )
    return {str(note_id): count for note_id, count in rows}


def dots_left(board, participant):
    used = db.session.scalar(
        select(func.count()).where(BoardVote.participant_id == participant.id)
    )
    return max(0, board.dots - used)


def catch_up(board, since, participant, facilitator, new_participant=False):
    """Exactly the changes after ``since``, or a snapshot when that is not possible.

    Call it once the socket is in the board's room: every change after the version read here
    then reaches the socket as a broadcast, and every change up to it is committed, with its
    log row, in the same transaction as its version.
    """
    db.session.refresh(board)
    version = board.version
    if isinstance(since, int) and not isinstance(since, bool) and 0 < since <= version:
        if since == version:
            return version, {"catch_up": "none"}
        if version - since <= CATCH_UP_LIMIT:
            rows = db.session.scalars(
                select(BoardChange)
                .where(BoardChange.board_id == board.id, BoardChange.version > since,
                       BoardChange.version <= version)
                .order_by(BoardChange.version)
            ).all()
            changes = [{"version": r.version, "kind": r.kind, "object": r.payload} for r in rows]
            if not facilitator:
                changes = [for_participants(board.counts_shown, c) for c in changes]
            return version, {"catch_up": "changes", "changes": changes}
    snap = snapshot(board, participant, facilitator, new_participant)  # may refresh the board
    return board.version, {"catch_up": "snapshot", "snapshot": snap}
