"""The change pipeline: the one way a board changes.

``commit_change`` runs one change: bump the board's version in the database (which also locks
the board's row, so writers of a board queue there in version order, and refuses a removed
participant), take this process's lock of the board, check role, state and limits against the
fresh board, apply, log the change with the client's operation id, commit, broadcast. A
retried operation id gets the original change back without applying it again; a refusal rolls
back (the version is not consumed).

**The pipeline is the transaction boundary of a board change**, from a socket event, a page or
the CLI alike: it commits itself, because the acknowledgement and the broadcast must follow a
durable change, and because the board's row lock must be released as soon as the change is
written. Its broadcasts are queued with ``realtime.emit`` just before that commit, which sends
them while this process still holds the board's lock, so they leave in version order.
Everything else in ``services`` only flushes and leaves the commit to its caller.
"""

import re
import threading
import uuid
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from .... import realtime
from ....errors import Conflict, Forbidden, Invalid, ServiceError
from ....extensions import db
from ....greendb import promptly
from .. import permissions
from ..models import Board, BoardChange, BoardParticipant, BoardState
from .payloads import Change, for_participants

NAMESPACE = "/board"
OP_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# Per-board locks (green once eventlet/gevent have patched): within a process, changes of a
# board commit and broadcast one at a time, in version order.
_locks = defaultdict(threading.Lock)
# At most this many changes of one board, per process, hold a database connection at once; the
# others wait here holding nothing. Without it, a burst on one board (the changes queue on its
# row lock, each holding a pooled connection) emptied the pool (5 + 10 overflow): every other
# event of the process, of any board, then waited up to the pool's 30 s timeout (the
# multi-second stalls of the fan-out bench) and failed with ``server_error``. Writers of a board
# are serialised by its row lock anyway: a few are enough to keep the next UPDATE queued.
WRITERS_PER_BOARD = 3


class WriterGate:
    """Lets at most ``size`` holders in at once. Not a ``threading.BoundedSemaphore``: under
    gevent, the patched semaphore's release yields to the event loop even when nobody waits,
    so every change then waited behind the broadcast being sent (a median 20 ms) before its
    acknowledgement, and the board's next writers with it. A condition over the default
    (reentrant) lock does not yield (tests/boards/test_writer_gate.py)."""

    def __init__(self, size):
        self._free = size
        self._changed = threading.Condition()

    def __enter__(self):
        with self._changed:
            while not self._free:
                self._changed.wait()
            self._free -= 1

    def __exit__(self, *_exc):
        with self._changed:
            self._free += 1
            self._changed.notify()


_writers = defaultdict(lambda: WriterGate(WRITERS_PER_BOARD))


def board_lock(board_id):
    """This process's lock of a board (held while a change of it commits and broadcasts)."""
    return _locks[board_id]


def room(board_id):
    return f"board:{board_id}"


def facilitator_room(board_id):
    return f"board:{board_id}:fac"


def participant_room(participant_id):
    return f"participant:{participant_id}"


@dataclass
class Actor:
    """Who acts on a board: a participant (always, except for changes made from a page by a
    facilitator) and the signed-in user (if any)."""

    participant_id: int | None
    user: object = None


def check_op(op):
    if not isinstance(op, str) or not OP_PATTERN.match(op):
        raise Invalid(_("Identifiant d'opération manquant ou invalide."), code="invalid")
    return op


def system_op():
    """An operation id for a change made from a page (never retried)."""
    return "web-" + uuid.uuid4().hex


def _replay(board_id, participant_id, op):
    row = db.session.scalar(
        select(BoardChange).where(BoardChange.board_id == board_id, BoardChange.op == op)
    )
    if row is None:
        return None
    if participant_id is None or row.participant_id != participant_id:
        raise Conflict(_("Cet identifiant d'opération est déjà utilisé."), code="conflict")
    # Filtered (for a participant's ack) by the board's setting now: a retry never reveals
    # counts hidden since.
    shown = db.session.scalar(select(Board.counts_shown).where(Board.id == board_id))
    return Change(row.version, row.kind, row.payload, bool(shown))


# The statements of a change are built once per process: building and hashing a statement
# costs more processor time than the database takes to run it, and that time is taken from
# every live board of the process (bench/board_fanout.py, docs/performance.md). They bind the
# board's and the actor's ids as BOARD and PARTICIPANT, which ``reads`` may use too.
BOARD = bindparam("board_id")
PARTICIPANT = bindparam("participant_id")
_LOG = insert(BoardChange.__table__)  # (a table insert: no ORM bulk-insert machinery)
_versions = {}


def commit_change(board_id, actor, op, kind, apply, reads=(), prepare=None):
    """Apply one change atomically and commit it; returns the ``Change`` (the original one on
    a retry).

    ``prepare()`` (optional) writes what needs neither the version nor the board's lock
    before the version is taken (an insert does not wait on the lock, so the locked part stays
    short). ``apply(board, *values)`` runs on the locked, fresh board and returns the change's
    object (it may queue more events with ``realtime.emit``: they leave with the change);
    ``values`` are the results of ``reads``, scalar subqueries built once (see ``BOARD``) and
    evaluated by the statement that takes the version (``_take_version``). Round trips are few
    on purpose (counted by bench/board_round_trips.py), and awaited on the spot
    (``greendb.promptly``), not behind the broadcasts the event loop is sending: the operation
    id is looked up only when the change fails (unique (board, op) at commit, or a refusal).
    """
    op = check_op(op)
    with _writers[board_id], promptly():
        return _commit_change(board_id, actor, op, kind, apply, reads, prepare)


def _commit_change(board_id, actor, op, kind, apply, reads, prepare):
    participant_id = actor.participant_id if actor else None
    try:
        if prepare is not None:
            prepare()
        board, *values = _take_version(board_id, participant_id, reads)
        # Taken in version order (the row lock is held until the commit, which happens under
        # this lock), so broadcasts of this process leave in version order. Taking it only now
        # lets the next writer's UPDATE wait in the database and return as soon as this
        # commit lands.
        with _locks[board_id]:
            version = board.version
            obj = apply(board, *values)
            change = Change(version, kind, obj, board.counts_shown)
            db.session.execute(_LOG, {"board_id": board_id, "version": version, "op": op,
                                      "kind": kind, "participant_id": participant_id,
                                      "payload": obj})
            publish(board_id, board.counts_shown, change)  # sent by this commit, or dropped
            db.session.commit()
        return change
    except (IntegrityError, ServiceError):
        # Perhaps a retry: the operation id is already in the log (unique per board), or the
        # original made this attempt invalid (the dot is already used, the note already
        # deleted, the participant's last note added). Roll back and answer with the
        # original change if there is one.
        db.session.rollback()
        previous = _replay(board_id, participant_id, op)
        if previous is not None:
            return previous
        if db.session.get(Board, board_id) is None:  # deleted with its territory
            raise Invalid(_("Ce tableau d'atelier n'existe pas."), code="invalid") from None
        raise
    except BaseException:
        db.session.rollback()
        raise


def _take_version(board_id, participant_id, reads):
    """One round trip: the next version, the board's row lock (writers of this board queue
    here, in version order, until the commit), the refusal of a removed participant, and the
    fresh board with the values of ``reads``.

    ``reads`` see the database as it was when the statement started: on PostgreSQL, a writer
    that waited here for the lock does not see the change it waited for. Read there only what
    a concurrent change cannot make wrong (a name, a count where being one off is harmless);
    read the rest in ``apply``, under the lock. A participant removed while the statement
    waits is refused from their next change on.
    """
    key = (participant_id is not None, reads)  # (the key holds the reads: no id is reused)
    statement = _versions.get(key)
    if statement is None:
        statement = update(Board).where(Board.id == BOARD)
        if participant_id is not None:
            statement = statement.where(~select(BoardParticipant.id).where(
                BoardParticipant.id == PARTICIPANT, BoardParticipant.removed).exists())
        statement = _versions[key] = statement.values(version=Board.version + 1) \
            .returning(Board, *reads)
    row = db.session.execute(
        statement, {"board_id": board_id, "participant_id": participant_id},
        # The returned board replaces the session's copy; nothing else to synchronise.
        execution_options={"populate_existing": True, "synchronize_session": False},
    ).one_or_none()
    if row is None:  # (or the board is gone: see ``_commit_change``)
        raise Forbidden(_("L'animation vous a retiré de ce tableau."), code="removed")
    return row


def facilitator_change(board_id, actor, op, kind, apply, allowed_when_locked=False):
    """``commit_change`` for a change only facilitators make: ``apply(board)`` runs once the
    actor and the board's state are checked (``allowed_when_locked``: also on a locked board)."""

    def checked(board):
        check_writable(board, actor, facilitator_event=True,
                       allowed_when_locked=allowed_when_locked)
        return apply(board)

    return commit_change(board_id, actor, op, kind, checked)


def publish(board_id, counts_shown, change):
    """Queue the broadcast of a change: in full to facilitators, filtered to participants.
    ``realtime.emit`` sends it once the change is committed."""
    event = change.event()
    realtime.emit("change", event, facilitator_room(board_id), NAMESPACE)
    realtime.emit("change", for_participants(counts_shown, event), room(board_id), NAMESPACE)


def check_writable(board, actor, facilitator_event=False, allowed_when_locked=False):
    """Refuse a change the board's state or the actor's role forbids (a removed participant
    is refused by ``_take_version``); returns whether the actor manages the board."""
    if board.state == BoardState.CLOSED:
        raise Conflict(_("Le tableau est clôturé : il ne peut plus être modifié."), code="closed")
    facilitator = permissions.may_manage_board(actor.user, board)
    if facilitator_event and not facilitator:
        raise Forbidden(_("Seule l'animation de l'atelier peut faire cela."), code="forbidden")
    if board.state == BoardState.LOCKED and not allowed_when_locked:
        raise Conflict(_("Le tableau est verrouillé : aucune modification n'est possible."),
                       code="locked")
    if board.state == BoardState.PREPARING and not facilitator:
        raise Conflict(_("L'atelier n'est pas encore ouvert."), code="not_open")
    return facilitator
