"""Live workshop boards: boards, participants, notes, clusters, dots and the change log."""

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Enum, UniqueConstraint

from ...extensions import db
from ...labels import LabelledEnum
from ...timeutil import utcnow
from ..models import Event  # noqa: F401 - the summit workshops a board may belong to

# No 0/O, 1/I/L, 5/S, 8/B: codes are read aloud and typed on phones.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY2345679"
CODE_LENGTH = 6
DEFAULT_COLUMNS = (_l("Constats"), _l("Idées"), _l("Propositions"))


class BoardState(LabelledEnum):
    PREPARING = "preparing", _l("En préparation")
    OPEN = "open", _l("Ouvert")
    LOCKED = "locked", _l("Verrouillé")
    CLOSED = "closed", _l("Clôturé")


class TransferKind(LabelledEnum):
    """What "Envoyer vers la consultation" makes of notes and clusters."""

    PROPOSAL = "proposal", _l("Propositions citoyennes (une par note ou regroupement)")
    ASSESSMENT = "assessment", _l("Texte du bilan du sommet")


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Board(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    territory_id = db.Column(
        db.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # The summit workshop this board belongs to, if any (events module).
    event_id = db.Column(db.ForeignKey("event.id", ondelete="SET NULL"), index=True)
    question = db.Column(db.String(300), nullable=False)
    # [{"key": "c1", "title": "Constats"}, ...]
    columns = db.Column(JSON, nullable=False)
    state = db.Column(
        Enum(BoardState, values_callable=lambda e: [m.value for m in e], native_enum=False,
             length=16),
        nullable=False,
        default=BoardState.PREPARING,
    )
    code = db.Column(db.String(CODE_LENGTH), nullable=False, unique=True)
    allow_anonymous = db.Column(db.Boolean, nullable=False, default=True)
    dots = db.Column(db.Integer, nullable=False, default=3)
    note_length = db.Column(db.Integer, nullable=False, default=200)
    show_authors = db.Column(db.Boolean, nullable=False, default=True)
    counts_shown = db.Column(db.Boolean, nullable=False, default=True)
    timer_ends_at = db.Column(db.DateTime)
    # The référentiel cards attached "to inspire" (``inspiration``): their wire form, kept
    # here so that a join or snapshot carries them without another query.
    inspirations = db.Column(JSON, nullable=False, default=list)
    # The control room's latest message, for sockets joining after it was sent (not
    # versioned): {"message", "until": countdown end or None, "expires"} (ISO-8601 UTC).
    announcement = db.Column(JSON)
    # Assigned by the database at every change (UPDATE ... SET version = version + 1).
    version = db.Column(db.Integer, nullable=False, default=0)
    created_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    territory = db.relationship("Territory", lazy="joined")
    event = db.relationship("Event")

    @property
    def column_keys(self):
        return [c["key"] for c in self.columns]

    def __repr__(self):
        return f"<Board {self.code}>"


# SQLite AUTOINCREMENT on the tables whose ids clients send back (participant, cluster, note):
# an id is never given again after its row is deleted, so a resent operation can never land on
# another row (without it SQLite reuses the highest id). PostgreSQL sequences never reuse ids.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


class BoardParticipant(db.Model):
    __table_args__ = (UniqueConstraint("board_id", "user_id"), NEVER_REUSE_IDS)

    id = db.Column(db.Integer, primary_key=True)
    board_id = db.Column(db.ForeignKey("board.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    pseudonym = db.Column(db.String(40), nullable=False)
    # sha256 of the device token kept in the browser's localStorage (anonymous participants).
    token_hash = db.Column(db.String(64), index=True)
    removed = db.Column(db.Boolean, nullable=False, default=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class BoardCluster(db.Model):
    __table_args__ = (NEVER_REUSE_IDS,)

    id = db.Column(db.Integer, primary_key=True)
    board_id = db.Column(db.ForeignKey("board.id", ondelete="CASCADE"), nullable=False, index=True)
    column = db.Column(db.String(16), nullable=False)
    title = db.Column(db.String(120), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class BoardNote(db.Model):
    # A column's notes in order, and its last position (read at every note added) in one
    # index lookup instead of a scan of the board's notes.
    __table_args__ = (db.Index("ix_board_note_board_column_position", "board_id", "column",
                               "position"), NEVER_REUSE_IDS)

    id = db.Column(db.Integer, primary_key=True)
    board_id = db.Column(db.ForeignKey("board.id", ondelete="CASCADE"), nullable=False)
    participant_id = db.Column(
        db.ForeignKey("board_participant.id", ondelete="CASCADE"), nullable=False, index=True
    )
    column = db.Column(db.String(16), nullable=False)
    position = db.Column(db.Integer, nullable=False, default=0)
    cluster_id = db.Column(db.ForeignKey("board_cluster.id", ondelete="SET NULL"), index=True)
    text = db.Column(db.Text, nullable=False)
    hidden = db.Column(db.Boolean, nullable=False, default=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime)

    participant = db.relationship("BoardParticipant", lazy="joined")


class BoardVote(db.Model):
    """One dot. A participant may put several of their dots on the same note."""

    id = db.Column(db.Integer, primary_key=True)
    note_id = db.Column(db.ForeignKey("board_note.id", ondelete="CASCADE"), nullable=False, index=True)
    participant_id = db.Column(
        db.ForeignKey("board_participant.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class BoardChange(db.Model):
    """The change log: one row per accepted operation, in board-version order."""

    __table_args__ = (
        UniqueConstraint("board_id", "version"),
        UniqueConstraint("board_id", "op"),
    )

    id = db.Column(db.Integer, primary_key=True)
    board_id = db.Column(db.ForeignKey("board.id", ondelete="CASCADE"), nullable=False)
    version = db.Column(db.Integer, nullable=False)
    op = db.Column(db.String(64), nullable=False)
    participant_id = db.Column(db.ForeignKey("board_participant.id", ondelete="SET NULL"))
    kind = db.Column(db.String(32), nullable=False)
    payload = db.Column(JSON, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class BoardTransfer(db.Model):
    """A note or cluster sent to a consultation: keeps the link from the result to its board."""

    id = db.Column(db.Integer, primary_key=True)
    board_id = db.Column(db.ForeignKey("board.id", ondelete="CASCADE"), nullable=False, index=True)
    note_id = db.Column(db.ForeignKey("board_note.id", ondelete="SET NULL"))
    cluster_id = db.Column(db.ForeignKey("board_cluster.id", ondelete="SET NULL"))
    target_type = db.Column(db.String(32), nullable=False)  # a TransferKind value
    target_id = db.Column(db.Integer, nullable=False)
    actor_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
