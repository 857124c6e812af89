"""The rules of live workshop boards (protocol: docs/board-protocol.md).

Every change goes through ``_change``: under a per-board lock, bump the board's version in
the database (which also serialises writers of the board on its row), check role, state and
limits against fresh data, apply, log the change with the client's operation id, commit, and
only then broadcast. A retried operation id returns the original change without applying it
again.
"""

import hashlib
import re
import secrets
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ... import audit, realtime
from ...access import can, require
from ...errors import Conflict, Forbidden, Invalid, NotFound, RateLimited, ServiceError
from ...extensions import db
from ...models import Role
from ...text import clean_text
from ...timeutil import utcnow
from .models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DEFAULT_COLUMNS,
    Board,
    BoardChange,
    BoardCluster,
    BoardNote,
    BoardParticipant,
    BoardState,
    BoardVote,
    new_code,
)

NAMESPACE = "/board"
FACILITATOR_ROLES = (Role.FACILITATOR, Role.AGENT)
OP_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
PSEUDONYM_MAX = 40
CLUSTER_TITLE_MAX = 120
QUESTION_MAX = 300
COLUMN_TITLE_MAX = 60
MAX_COLUMNS = 8
MAX_NOTES_PER_PARTICIPANT = 50
CATCH_UP_LIMIT = 500
TIMER_MAX = 3600
NOTE_KINDS = ("note.added", "note.edited", "note.moved", "note.hidden")
# Per-board locks (green once eventlet/gevent have patched): within a process, changes of a
# board commit and broadcast one at a time, in version order.
_locks = defaultdict(threading.Lock)


@dataclass
class Change:
    version: int
    kind: str
    object: dict

    def event(self):
        return {"version": self.version, "kind": self.kind, "object": self.object}

    def ack(self):
        return {"ok": True, **self.event()}


@dataclass
class Actor:
    """Who acts on a board: a participant (always) and the signed-in user (if any)."""

    participant_id: int | None
    user: object = None

    @property
    def participant(self):
        """Read from the session's identity map when a query of the change brought it."""
        if self.participant_id is None:
            return None
        return db.session.get(BoardParticipant, self.participant_id)


def error_ack(exc):
    return {"ok": False, "error": exc.code, "message": exc.message}


def room(board_id):
    return f"board:{board_id}"


def facilitator_room(board_id):
    return f"board:{board_id}:fac"


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z" if dt else None


# ---------------------------------------------------------------- permissions and lookups


def is_facilitator(user, board):
    # Anonymous participants first: no territory to load for them.
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    return signed_in and can(user, board.territory, *FACILITATOR_ROLES)


def require_facilitator(user, board):
    require(user, board.territory, *FACILITATOR_ROLES)


def normalise_code(code):
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def board_by_code(code):
    normal = normalise_code(code if isinstance(code, str) else "")
    board = normal and db.session.scalar(select(Board).where(Board.code == normal))
    if not board:
        raise NotFound(_("Aucun atelier ne correspond à ce code. Vérifiez-le."),
                       code="unknown_code")
    return board


def boards_of(territory):
    return db.session.scalars(
        select(Board).where(Board.territory_id == territory.id).order_by(Board.created_at.desc())
    ).all()


def board_in(territory, board_id):
    board = db.session.get(Board, board_id)
    if board is None or board.territory_id != territory.id:
        raise NotFound(_("Ce tableau d'atelier n'existe pas."))
    return board


def _note(board, note_id):
    note = db.session.get(BoardNote, note_id) if isinstance(note_id, int) else None
    if note is None or note.board_id != board.id:
        raise Invalid(_("Cette note n'existe pas (ou plus)."), code="invalid")
    return note


def _cluster(board, cluster_id):
    cluster = db.session.get(BoardCluster, cluster_id) if isinstance(cluster_id, int) else None
    if cluster is None or cluster.board_id != board.id:
        raise Invalid(_("Ce regroupement n'existe pas (ou plus)."), code="invalid")
    return cluster


def _column(board, key):
    if key not in board.column_keys:
        raise Invalid(_("Cette colonne n'existe pas."), code="invalid")
    return key


# ---------------------------------------------------------------- serialisation


def vote_counts(board):
    rows = db.session.execute(
        select(BoardVote.note_id, func.count())
        .join(BoardNote, BoardNote.id == BoardVote.note_id)
        .where(BoardNote.board_id == board.id)
        .group_by(BoardVote.note_id)
    )
    return {note_id: count for note_id, count in rows}


def _votes_on(note_id):
    return db.session.scalar(select(func.count()).where(BoardVote.note_id == note_id))


def note_dict(board, note, votes):
    return {
        "id": note.id,
        "column": note.column,
        "position": note.position,
        "cluster": note.cluster_id,
        "text": note.text,
        "hidden": note.hidden,
        "author": note.participant_id,
        "author_name": note.participant.pseudonym if board.show_authors else None,
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
    }


def _public_note(counts_shown, note):
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
        obj = _public_note(counts_shown, obj)
    elif kind in ("vote.added", "vote.removed", "participant.removed") and not counts_shown:
        obj = {k: v for k, v in obj.items() if k != "votes"}
    return {**change, "object": obj}


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
        with _locks[board.id]:
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
        notes = [_public_note(board.counts_shown, n) for n in notes]
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


# ---------------------------------------------------------------- the change pipeline

def _replay(board_id, participant_id, op):
    row = db.session.scalar(
        select(BoardChange).where(BoardChange.board_id == board_id, BoardChange.op == op)
    )
    if row is None:
        return None
    if participant_id is None or row.participant_id != participant_id:
        raise Conflict(_("Cet identifiant d'opération est déjà utilisé."), code="conflict")
    return Change(row.version, row.kind, row.payload)


def _check_op(op):
    if not isinstance(op, str) or not OP_PATTERN.match(op):
        raise Invalid(_("Identifiant d'opération manquant ou invalide."), code="invalid")
    return op


def _change(board_id, actor, op, kind, apply, prepare=None):
    """Apply one change atomically; returns the ``Change`` (the original one on a retry).

    ``prepare`` (optional) checks and writes what needs neither the version nor the board's
    lock; ``apply(board)`` runs on the locked, fresh board and returns the change's object.
    Round trips are few on purpose (each one waits on the event loop): the operation id is
    looked up only when the change fails (unique (board, op) at commit, or a refusal).
    """
    op = _check_op(op)
    participant_id = actor.participant_id if actor else None
    try:
        if prepare is not None:
            prepare()
        if participant_id is not None:
            db.session.get(BoardParticipant, participant_id)  # now, not under the lock
        # One round trip: the next version, the board's row lock (writers of this board queue
        # here, in version order, until the commit) and the fresh board to check against.
        board = db.session.execute(
            update(Board).where(Board.id == board_id)
            .values(version=Board.version + 1).returning(Board),
            execution_options={"populate_existing": True},
        ).scalar_one()
        # Taken in version order (the row lock is held until the commit, which happens under
        # this lock), so broadcasts of this process leave in version order. Taking it only now
        # lets the next writer's UPDATE wait in the database and return as soon as this
        # commit lands.
        with _locks[board_id]:
            version = board.version
            obj = apply(board)
            counts_shown = board.counts_shown  # read before the commit expires the board
            db.session.add(BoardChange(board_id=board_id, version=version, op=op, kind=kind,
                                       participant_id=participant_id,
                                       payload=obj))
            db.session.commit()
            change = Change(version, kind, obj)
            publish(board_id, counts_shown, change)
        return change
    except (IntegrityError, ServiceError):
        # Perhaps a retry: the operation id is already in the log (unique per board), or the
        # original made this attempt invalid (the dot is already used, the note already
        # deleted, the participant's last note added). Roll back and answer with the
        # original change if there is one.
        db.session.rollback()
        previous = _replay(board_id, participant_id, op)
        if previous is None:
            raise
        return previous
    except BaseException:
        db.session.rollback()
        raise


def publish(board_id, counts_shown, change):
    """Broadcast a committed change: in full to facilitators, filtered to participants."""
    event = change.event()
    realtime.emit("change", event, facilitator_room(board_id), NAMESPACE)
    realtime.emit("change", for_participants(counts_shown, event), room(board_id), NAMESPACE)


def _system_op():
    return "web-" + uuid.uuid4().hex


# ---------------------------------------------------------------- state checks


def _writable(board, actor, facilitator_event=False, allowed_when_locked=False):
    """Refuse a change the board's state, the actor's role or removal forbids."""
    if board.state == BoardState.CLOSED:
        raise Conflict(_("Le tableau est clôturé : il ne peut plus être modifié."), code="closed")
    participant = actor.participant
    if participant is not None and participant.removed:
        raise Forbidden(_("L'animation vous a retiré de ce tableau."), code="removed")
    facilitator = is_facilitator(actor.user, board)
    if facilitator_event and not facilitator:
        raise Forbidden(_("Seule l'animation de l'atelier peut faire cela."), code="forbidden")
    if board.state == BoardState.LOCKED and not allowed_when_locked:
        raise Conflict(_("Le tableau est verrouillé : aucune modification n'est possible."),
                       code="locked")
    if board.state == BoardState.PREPARING and not facilitator:
        raise Conflict(_("L'atelier n'est pas encore ouvert."), code="not_open")
    return facilitator


def _own_or_facilitator(note, actor, facilitator):
    if not facilitator and note.participant_id != actor.participant_id:
        raise Forbidden(_("Seul l'auteur de la note ou l'animation peut la modifier."),
                        code="forbidden")


# ---------------------------------------------------------------- rate limits


class _Bucket:
    __slots__ = ("tokens", "stamp")

    def __init__(self, capacity):
        self.tokens, self.stamp = capacity, time.monotonic()


_buckets = {}
PARTICIPANT_RATE = (10, 2.0)  # burst, tokens per second
FACILITATOR_RATE = (40, 10.0)


def check_rate(key, facilitator=False):
    """Per-participant token bucket (in the process that holds the participant's socket)."""
    capacity, refill = FACILITATOR_RATE if facilitator else PARTICIPANT_RATE
    bucket = _buckets.get(key)
    if bucket is None:
        bucket = _buckets[key] = _Bucket(capacity)
    now = time.monotonic()
    bucket.tokens = min(capacity, bucket.tokens + (now - bucket.stamp) * refill)
    bucket.stamp = now
    if bucket.tokens < 1:
        raise RateLimited(_("Doucement ! Trop d'actions en peu de temps, réessayez dans un "
                            "instant."), code="rate_limited")
    bucket.tokens -= 1


def forget_rate(key):
    _buckets.pop(key, None)


# ---------------------------------------------------------------- boards (management)


def _columns_from_titles(titles, previous=()):
    titles = [t.strip() for t in titles if t and t.strip()]
    if not titles:
        raise Invalid(_("Il faut au moins une colonne."), code="invalid")
    if len(titles) > MAX_COLUMNS:
        raise Invalid(_("%(max)d colonnes au plus.", max=MAX_COLUMNS), code="invalid")
    keys = [c["key"] for c in previous]
    used = {int(k[1:]) for k in keys} or {0}
    columns = []
    for i, title in enumerate(titles):
        title = clean_text(title, COLUMN_TITLE_MAX, _("Le titre de colonne"))
        if i < len(keys):
            key = keys[i]
        else:
            key = f"c{max(used) + 1}"
            used.add(max(used) + 1)
        columns.append({"key": key, "title": title})
    return columns


def _settings(question, dots, note_length):
    question = clean_text(question, QUESTION_MAX, _("La question"))
    if not isinstance(dots, int) or not 0 <= dots <= 20:
        raise Invalid(_("Le nombre de gommettes doit être entre 0 et 20."), code="invalid")
    if not isinstance(note_length, int) or not 20 <= note_length <= 500:
        raise Invalid(_("La longueur des notes doit être entre 20 et 500 caractères."),
                      code="invalid")
    return question


def _event_for(territory, event_id):
    if event_id is None:
        return None
    from ..models import Event, EventKind

    event = db.session.get(Event, event_id)
    if event is None or event.territory_id != territory.id or event.kind != EventKind.ATELIER:
        raise Invalid(_("Choisissez un atelier du sommet de ce territoire."), code="invalid")
    return event


def workshops_of(territory):
    """The summit workshops of a territory a board may be attached to."""
    from ..models import Event, EventKind

    return db.session.scalars(
        select(Event).where(Event.territory_id == territory.id, Event.kind == EventKind.ATELIER)
        .order_by(Event.start_at)
    ).all()


def create_board(actor, territory, question, *, column_titles=None, event_id=None, dots=3,
                 note_length=200, allow_anonymous=True, show_authors=True):
    require_facilitator_in(actor, territory)
    question = _settings(question, dots, note_length)
    titles = column_titles or [str(t) for t in DEFAULT_COLUMNS]
    board = Board(
        territory_id=territory.id, question=question, columns=_columns_from_titles(titles),
        event_id=getattr(_event_for(territory, event_id), "id", None), dots=dots,
        note_length=note_length, allow_anonymous=allow_anonymous, show_authors=show_authors,
        state=BoardState.PREPARING, created_by_id=actor.id,
    )
    for _attempt in range(10):
        board.code = new_code()
        if db.session.scalar(select(Board.id).where(Board.code == board.code)) is None:
            break
    db.session.add(board)
    db.session.flush()
    audit.record(actor, "board.create", territory, board)
    db.session.commit()
    return board


def require_facilitator_in(user, territory):
    require(user, territory, *FACILITATOR_ROLES)


def update_board(actor, board, question, column_titles, event_id, dots, note_length,
                 allow_anonymous, show_authors):
    """The management form; reaches connected clients as a ``board.settings`` change."""
    require_facilitator(actor, board)
    question = _settings(question, dots, note_length)
    columns = _columns_from_titles(column_titles, board.columns)
    event = _event_for(board.territory, event_id)

    def apply(board):
        kept = {c["key"] for c in columns}
        for key in set(board.column_keys) - kept:
            if db.session.scalar(select(BoardNote.id).where(BoardNote.board_id == board.id,
                                                           BoardNote.column == key).limit(1)):
                raise Invalid(_("On ne peut pas supprimer une colonne qui contient des notes."),
                              code="invalid")
        board.question, board.columns, board.dots = question, columns, dots
        board.event_id = getattr(event, "id", None)
        board.note_length, board.allow_anonymous = note_length, allow_anonymous
        board.show_authors = show_authors
        audit.record(actor, "board.update", board.territory, board)
        return board_dict(board)

    return _change(board.id, Actor(None, actor), _system_op(), "board.settings", apply)


# ---------------------------------------------------------------- joining


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


def join_board(board, user, pseudonym, token, as_facilitator=False):
    """Find or create the participant of ``user`` (signed in) or of this device's token."""
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    facilitator = signed_in and is_facilitator(user, board)
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
        if isinstance(token, str) and 16 <= len(token) <= 100:
            participant = db.session.scalar(select(BoardParticipant).where(
                BoardParticipant.board_id == board.id,
                BoardParticipant.token_hash == _hash(token)))
        if participant is None:
            name = clean_text(pseudonym if isinstance(pseudonym, str) else "", PSEUDONYM_MAX,
                              _("Le pseudonyme"))
            issued = secrets.token_urlsafe(24)
            participant = BoardParticipant(board_id=board.id, pseudonym=name,
                                           token_hash=_hash(issued))
    if participant.removed:
        raise Forbidden(_("L'animation vous a retiré de ce tableau."), code="removed")
    new = participant.id is None
    if new:
        db.session.add(participant)
        db.session.flush()
    joined = Joined(board, participant, issued, as_facilitator, new, board.id, participant.id,
                    participant.pseudonym)
    if new:
        db.session.commit()
    return joined


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
            **catch,
        },
    }


# ---------------------------------------------------------------- participant changes


def add_note(board_id, actor, op, column, text):
    # Checked and inserted before the board's lock (an insert does not wait on it), so the
    # locked part is the version, the change log and the commit. Two notes added at once may
    # share a position: both sides order by (position, id), so the order is the same.
    added = []

    def prepare():
        mine = select(func.count()).where(BoardNote.board_id == board_id,
                                          BoardNote.participant_id == actor.participant_id)
        last = select(func.max(BoardNote.position)).where(BoardNote.board_id == board_id,
                                                          BoardNote.column == column)
        # One round trip for the board, the participant (then in the identity map) and both
        # counts.
        board, _participant, count, position = db.session.execute(
            select(Board, BoardParticipant, mine.scalar_subquery(), last.scalar_subquery())
            .join(BoardParticipant, BoardParticipant.board_id == Board.id)
            .where(Board.id == board_id, BoardParticipant.id == actor.participant_id)).one()
        facilitator = _writable(board, actor)
        _column(board, column)
        body = clean_text(text if isinstance(text, str) else "", board.note_length,
                          _("La note"))
        if count >= MAX_NOTES_PER_PARTICIPANT and not facilitator:
            raise Invalid(_("Vous avez atteint le nombre maximum de notes sur ce tableau."),
                          code="invalid")
        note = BoardNote(board_id=board_id, participant_id=actor.participant_id, column=column,
                         position=(position + 1) if position is not None else 0, text=body)
        db.session.add(note)
        db.session.flush()
        added.append(note)

    def apply(board):
        _writable(board, actor)  # again, on the locked board: it may have been locked since
        return note_dict(board, added[0], 0)

    return _change(board_id, actor, op, "note.added", apply, prepare)


def edit_note(board_id, actor, op, note_id, text):
    def apply(board):
        facilitator = _writable(board, actor)
        note = _note(board, note_id)
        _own_or_facilitator(note, actor, facilitator)
        note.text = clean_text(text if isinstance(text, str) else "", board.note_length,
                               _("La note"))
        note.updated_at = utcnow()
        if facilitator and note.participant_id != actor.participant_id:
            audit.record(actor.user, "board.note_edit", board.territory, note)
        return note_dict(board, note, _votes_on(note.id))

    return _change(board_id, actor, op, "note.edited", apply)


def delete_note(board_id, actor, op, note_id):
    def apply(board):
        facilitator = _writable(board, actor)
        note = _note(board, note_id)
        _own_or_facilitator(note, actor, facilitator)
        if facilitator and note.participant_id != actor.participant_id:
            audit.record(actor.user, "board.note_delete", board.territory, note)
        db.session.execute(delete(BoardVote).where(BoardVote.note_id == note.id))
        db.session.delete(note)
        return {"id": note.id}

    return _change(board_id, actor, op, "note.deleted", apply)


def vote(board_id, actor, op, note_id):
    def apply(board):
        _writable(board, actor)
        note = _note(board, note_id)
        if note.hidden:
            raise Invalid(_("Cette note est masquée."), code="invalid")
        if dots_left(board, actor.participant) < 1:
            raise Conflict(_("Vous avez utilisé toutes vos gommettes : retirez-en une pour "
                             "voter ailleurs."), code="no_dots_left")
        db.session.add(BoardVote(note_id=note.id, participant_id=actor.participant_id))
        db.session.flush()
        return {"note": note.id, "participant": actor.participant_id,
                "votes": _votes_on(note.id)}

    return _change(board_id, actor, op, "vote.added", apply)


def unvote(board_id, actor, op, note_id):
    def apply(board):
        _writable(board, actor)
        note = _note(board, note_id)
        dot = db.session.scalar(select(BoardVote).where(
            BoardVote.note_id == note.id, BoardVote.participant_id == actor.participant_id
        ).limit(1))
        if dot is None:
            raise Invalid(_("Vous n'avez pas de gommette sur cette note."), code="invalid")
        db.session.delete(dot)
        db.session.flush()
        return {"note": note.id, "participant": actor.participant_id,
                "votes": _votes_on(note.id)}

    return _change(board_id, actor, op, "vote.removed", apply)


# ---------------------------------------------------------------- facilitator changes


def _renumber(board, column, exclude=None):
    notes = db.session.scalars(
        select(BoardNote).where(BoardNote.board_id == board.id, BoardNote.column == column)
        .order_by(BoardNote.position, BoardNote.id)
    ).all()
    return [n for n in notes if n.id != exclude]


def move_note(board_id, actor, op, note_id, column, position, cluster_id=None):
    def apply(board):
        _writable(board, actor, facilitator_event=True)
        note = _note(board, note_id)
        _column(board, column)
        if not isinstance(position, int) or isinstance(position, bool) or position < 0:
            raise Invalid(_("Position invalide."), code="invalid")
        cluster = _cluster(board, cluster_id) if cluster_id is not None else None
        if cluster is not None and cluster.column != column:
            raise Invalid(_("Ce regroupement est dans une autre colonne."), code="invalid")
        source = note.column
        target = _renumber(board, column, exclude=note.id)
        target.insert(min(position, len(target)), note)
        note.column, note.cluster_id = column, getattr(cluster, "id", None)
        for index, item in enumerate(target):
            item.position = index
        if source != column:
            for index, item in enumerate(_renumber(board, source, exclude=note.id)):
                item.position = index
        return note_dict(board, note, _votes_on(note.id))

    return _change(board_id, actor, op, "note.moved", apply)


def hide_note(board_id, actor, op, note_id, hidden):
    def apply(board):
        _writable(board, actor, facilitator_event=True)
        note = _note(board, note_id)
        note.hidden = bool(hidden)
        audit.record(actor.user, "board.note_hide" if hidden else "board.note_show",
                     board.territory, note)
        return note_dict(board, note, _votes_on(note.id))

    return _change(board_id, actor, op, "note.hidden", apply)


def _cluster_title(title):
    return clean_text(title if isinstance(title, str) else "", CLUSTER_TITLE_MAX,
                      _("Le titre du regroupement"))


def create_cluster(board_id, actor, op, title, column, note_ids):
    def apply(board):
        _writable(board, actor, facilitator_event=True)
        _column(board, column)
        if not isinstance(note_ids, list) or len(note_ids) > 200:
            raise Invalid(_("Liste de notes invalide."), code="invalid")
        notes = [_note(board, n) for n in note_ids]
        if any(n.column != column for n in notes):
            raise Invalid(_("Les notes d'un regroupement doivent être dans sa colonne."),
                          code="invalid")
        cluster = BoardCluster(board_id=board.id, column=column, title=_cluster_title(title))
        db.session.add(cluster)
        db.session.flush()
        for note in notes:
            note.cluster_id = cluster.id
        db.session.flush()
        return cluster_dict(cluster)

    return _change(board_id, actor, op, "cluster.created", apply)


def edit_cluster(board_id, actor, op, cluster_id, title):
    def apply(board):
        _writable(board, actor, facilitator_event=True)
        cluster = _cluster(board, cluster_id)
        cluster.title = _cluster_title(title)
        return cluster_dict(cluster)

    return _change(board_id, actor, op, "cluster.edited", apply)


def delete_cluster(board_id, actor, op, cluster_id):
    def apply(board):
        _writable(board, actor, facilitator_event=True)
        cluster = _cluster(board, cluster_id)
        db.session.execute(update(BoardNote).where(BoardNote.cluster_id == cluster.id)
                           .values(cluster_id=None))
        db.session.delete(cluster)
        return {"id": cluster.id}

    return _change(board_id, actor, op, "cluster.deleted", apply)


TRANSITIONS = {
    "open": ({BoardState.PREPARING, BoardState.LOCKED}, BoardState.OPEN),
    "lock": ({BoardState.OPEN}, BoardState.LOCKED),
    "unlock": ({BoardState.LOCKED}, BoardState.OPEN),
    "close": ({BoardState.PREPARING, BoardState.OPEN, BoardState.LOCKED}, BoardState.CLOSED),
}


def set_state(board_id, actor, op, action):
    if action not in TRANSITIONS:
        raise Invalid(_("Action inconnue."), code="invalid")
    allowed, target = TRANSITIONS[action]

    def apply(board):
        _writable(board, actor, facilitator_event=True, allowed_when_locked=True)
        if board.state not in allowed:
            raise Conflict(_("Le tableau est déjà dans cet état."), code="invalid")
        board.state = target
        if target == BoardState.CLOSED:
            board.timer_ends_at = None
        audit.record(actor.user, f"board.{action}", board.territory, board)
        return {"state": target.value}

    return _change(board_id, actor, op or _system_op(), "board.state", apply)


def set_timer(board_id, actor, op, seconds):
    def apply(board):
        _writable(board, actor, facilitator_event=True, allowed_when_locked=True)
        if not isinstance(seconds, int) or isinstance(seconds, bool) \
                or not 0 <= seconds <= TIMER_MAX:
            raise Invalid(_("Durée du minuteur invalide (de 1 seconde à 1 heure)."),
                          code="invalid")
        board.timer_ends_at = utcnow() + timedelta(seconds=seconds) if seconds else None
        return {"ends_at": iso(board.timer_ends_at)}

    return _change(board_id, actor, op, "board.timer", apply)


def set_counts(board_id, actor, op, shown):
    def apply(board):
        _writable(board, actor, facilitator_event=True, allowed_when_locked=True)
        board.counts_shown = bool(shown)
        obj = {"shown": board.counts_shown}
        if board.counts_shown:
            obj["votes"] = {str(k): v for k, v in vote_counts(board).items()}
        return obj

    return _change(board_id, actor, op, "board.counts", apply)


def reset_votes(board_id, actor, op):
    def apply(board):
        _writable(board, actor, facilitator_event=True)
        notes = select(BoardNote.id).where(BoardNote.board_id == board.id)
        db.session.execute(delete(BoardVote).where(BoardVote.note_id.in_(notes)))
        audit.record(actor.user, "board.reset_votes", board.territory, board)
        return {}

    return _change(board_id, actor, op, "votes.reset", apply)


def remove_participant(board_id, actor, op, participant_id):
    def apply(board):
        _writable(board, actor, facilitator_event=True, allowed_when_locked=True)
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
        return {"participant": target.id, "notes": touched,
                "votes": {str(n): _votes_on(n) for n in touched}}

    change = _change(board_id, actor, op, "participant.removed", apply)
    realtime.emit("removed", {"message": _("L'animation vous a retiré de ce tableau.")},
                  participant_room(change.object["participant"]), NAMESPACE)
    return change


def participant_room(participant_id):
    return f"participant:{participant_id}"


def facilitator_actor(user, board):
    """The facilitator's own participant on ``board`` (for changes made from a web page)."""
    joined = join_board(board, user, None, None, as_facilitator=True)
    return Actor(joined.participant_id, user)
