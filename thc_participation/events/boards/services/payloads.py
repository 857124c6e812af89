"""What a board, a note, a cluster and a change look like on the wire (docs/board-protocol.md),
and what participants see of them: hidden notes without their text, no vote counts while the
facilitator hides them.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from ....extensions import db
from ....timeutil import utcnow
from ..models import BoardNote, BoardVote

NOTE_KINDS = ("note.added", "note.edited", "note.moved", "note.hidden")


@dataclass
class Change:
    version: int
    kind: str
    object: dict
    counts_shown: bool = True  # the board's setting when the change was made

    def event(self):
        return {"version": self.version, "kind": self.kind, "object": self.object}

    def ack(self, full=True):
        """The acknowledgement: exactly the broadcast the acting socket receives, in full for
        a facilitator's (projector) socket, filtered like the participants' broadcast
        otherwise (no hidden counts in a ``vote`` ack, no hidden note's text)."""
        event = self.event() if full else for_participants(self.counts_shown, self.event())
        return {"ok": True, **event}


def error_ack(exc):
    """The acknowledgement of a refused event: ``{"ok": false, "error", "message"}``."""
    return {"ok": False, **exc.as_dict()}


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z" if dt else None


def current_announcement(board, now=None):
    """The control room's message still current on ``board`` ({"message", "until"}, as the
    ``announcement`` event carries it), or None."""
    stored = board.announcement
    if not stored or stored["expires"] <= iso(now or utcnow()):
        return None
    return {"message": stored["message"], "until": stored["until"]}


def vote_counts(board):
    rows = db.session.execute(
        select(BoardVote.note_id, func.count())
        .join(BoardNote, BoardNote.id == BoardVote.note_id)
        .where(BoardNote.board_id == board.id)
        .group_by(BoardVote.note_id)
    )
    return {note_id: count for note_id, count in rows}


def votes_on(note_id):
    return db.session.scalar(select(func.count()).where(BoardVote.note_id == note_id))


def note_dict(board, note, votes, author_name=None):
    """A note as clients see it; ``author_name``: its author's pseudonym when the caller read it
    already (a new note, whose author is not loaded), else read through ``note.participant``."""
    if board.show_authors and author_name is None:
        author_name = note.participant.pseudonym
    return {
        "id": note.id,
        "column": note.column,
        "position": note.position,
        "cluster": note.cluster_id,
        "text": note.text,
        "hidden": note.hidden,
        "author": note.participant_id,
        "author_name": author_name if board.show_authors else None,
        "votes": votes,
        "created_at": iso(note.created_at),
    }


def cluster_dict(cluster):
    notes = db.session.scalars(
        select(BoardNote.id).where(BoardNote.cluster_id == cluster.id)
        .order_by(BoardNote.position, BoardNote.id)
    ).all()
    return {"id": cluster.id, "title": cluster.title, "column": cluster.column, "notes": notes}


def board_dict(board):
    return {
        "id": board.id,
        "code": board.code,
        "question": board.question,
        "columns": board.columns,
        "state": board.state.value,
        "settings": {
            "allow_anonymous": board.allow_anonymous,
            "dots": board.dots,
            "note_length": board.note_length,
            "show_authors": board.show_authors,
        },
        "counts_shown": board.counts_shown,
        "timer_ends_at": iso(board.timer_ends_at),
        "inspirations": board.inspirations or [],
    }


def public_note(counts_shown, note):
    """A note as participants see it."""
    note = dict(note)
    if note.get("hidden"):
        note["text"] = ""
    if not counts_shown:
        note.pop("votes", None)
    return note


def for_participants(counts_shown, change):
    """What participants see of a change: hidden notes without text, no counts if hidden."""
    kind, obj = change["kind"], change["object"]
    if kind in NOTE_KINDS:
        obj = public_note(counts_shown, obj)
    elif kind in ("vote.added", "vote.removed", "participant.removed") and not counts_shown:
        obj = {k: v for k, v in obj.items() if k != "votes"}
    return {**change, "object": obj}
