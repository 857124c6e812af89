"""Socket.IO handlers of the ``/board`` namespace: parse, call one service, answer.

Every event is answered with an acknowledgement (docs/board-protocol.md), unknown events and
events with extra arguments included (``unknown_event``); a handler never raises, and releases
the database session when it ends (``_answer``, the boundary of a socket event). Payloads are
read strictly (``wire``) before any service sees them. A change commits in the pipeline
(``services.pipeline``); the ``join`` of a new participant commits it before the catch-up.
"""

import logging
import os
import uuid
from collections import defaultdict
from dataclasses import dataclass

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import join_room, leave_room

from ...errors import Forbidden, Invalid, RateLimited, ServiceError
from ...extensions import db, socketio
from . import permissions, wire
from .models import Board, BoardParticipant
from .services import boards, catchup, limits, notes, participants, payloads, pipeline
from .services.pipeline import facilitator_room, participant_room, room

log = logging.getLogger(__name__)
NS = pipeline.NAMESPACE
PRESENCE_TTL = 120
FLOOD_DELAY = 0.5  # seconds before a ``rate_limited`` answer to sync or snapshot
ROLES = (None, "participant", "facilitator")


@dataclass
class _Socket:
    board_id: int
    participant_id: int
    facilitator: bool


_sockets = {}  # sid -> _Socket, for the sockets of this process
# sid -> {board id: device token issued to that socket}: a socket that joins again without a
# (known) token is the same participant, with the dots it has used (never fresh ones).
_issued = defaultdict(dict)


def _user():
    return current_user if current_user and current_user.is_authenticated else None


def _answer(run):
    """The boundary of a socket event: run one handler body and commit what is left to commit
    (a change has committed already, in the pipeline); any failure is rolled back and becomes
    an error acknowledgement. The session is released in every case."""
    try:
        answer = run()
        db.session.commit()
        return answer
    except ServiceError as exc:
        db.session.rollback()
        return payloads.error_ack(exc)
    except Exception:
        log.exception("board event failed")
        db.session.rollback()
        return payloads.error_ack(ServiceError(
            _("Erreur inattendue du serveur : réessayez dans un instant."), code="server_error"))
    finally:
        db.session.remove()


def _unknown_event():
    return payloads.error_ack(Invalid(
        _("Événement inconnu (ou avec des arguments en trop) : rien n'a été fait."),
        code="unknown_event"))


def _event(name):
    """Register the handler of event ``name``: ``body(payload)`` gets the checked payload; an
    event with more than one argument is answered ``unknown_event``."""

    def register(body):
        def handler(*args):
            if len(args) > 1:
                return _unknown_event()
            return _answer(lambda: body(wire.payload(args)))

        socketio.on_event(name, handler, namespace=NS)
        return body

    return register


@socketio.on("*", namespace=NS)
def on_unknown(_event_name, *_args):
    return _unknown_event()


def _joined():
    state = _sockets.get(request.sid)
    if state is None:
        raise Forbidden(_("Rejoignez d'abord un atelier avec son code."), code="not_joined")
    return state


def require_manager(state):
    """The socket's board, if it joined as facilitator and its user still manages the board
    (checked at every steering event, before its payload is read: anyone else hears
    ``forbidden``, whatever they sent)."""
    board = db.session.get(Board, state.board_id)
    if not state.facilitator or not permissions.may_manage_board(_user(), board):
        raise Forbidden(_("Seule l'animation peut faire cela."), code="forbidden")
    return board


def _on(event, manage=False):
    """Register a change event: joined socket, rate limit, the facilitator's role for a
    steering event (``manage``), one service; the acknowledgement is filtered exactly like
    the broadcast this socket receives."""

    def register(change):
        @_event(event)
        def run(payload):
            state = _joined()
            limits.check_rate(state.participant_id, state.facilitator)
            if manage:
                require_manager(state)
            pipeline.check_op(payload.get("op"))
            actor = pipeline.Actor(state.participant_id, _user())
            return change(state.board_id, actor, payload).ack(full=state.facilitator)

        return change

    return register


@_event("join")
def on_join(payload):
    limits.check_rate(request.sid)
    since = wire.integer(payload, "since", optional=True)
    token = wire.string(payload, "token", optional=True)
    pseudonym = wire.text(payload, "pseudonym")
    role = wire.string(payload, "role", optional=True)
    if role not in ROLES:
        raise Invalid(_("Rôle inconnu."), code="invalid")
    board = boards.board_by_code(payload.get("code"))
    address = request.remote_addr
    joined = participants.join_board(
        board, _user(), pseudonym, token, role == "facilitator",
        socket_token=_issued[request.sid].get(board.id),
        admit=lambda: limits.check_newcomer(board.id, address))
    if joined.token:
        _issued[request.sid][joined.board_id] = joined.token
    if joined.new:
        db.session.commit()  # before the catch-up, which reads outside this write
    _leave()
    join_room((facilitator_room if joined.facilitator else room)(joined.board_id))
    join_room(participant_room(joined.participant_id))
    _sockets[request.sid] = _Socket(joined.board_id, joined.participant_id, joined.facilitator)
    presence.changed(joined.board_id, request.sid, True)
    return participants.join_payload(joined, since)


def _reader():
    """A joined socket asking to read the board (``sync``, ``snapshot``): rate-limited. A
    refusal leaves after ``FLOOD_DELAY`` (nothing held, the green thread asleep): a client
    flooding with acknowledgements then slows itself down instead of keeping the event loop
    busy answering refusals."""
    state = _joined()
    try:
        limits.check_read(state.participant_id, state.facilitator)
    except RateLimited:
        socketio.sleep(FLOOD_DELAY)
        raise
    board = db.session.get(Board, state.board_id)
    return state, board, db.session.get(BoardParticipant, state.participant_id)


@_event("sync")
def on_sync(payload):
    since = wire.integer(payload, "since", optional=True)
    state, board, participant = _reader()
    version, catch = catchup.catch_up(board, since, participant, state.facilitator)
    return {"ok": True, "version": version, "object": catch}


@_event("snapshot")
def on_snapshot(_payload):
    state, board, participant = _reader()
    db.session.refresh(board)
    snap = catchup.snapshot(board, participant, state.facilitator)  # may refresh the board
    return {"ok": True, "version": board.version,
            "object": {"board": payloads.board_dict(board), **snap}}


@socketio.on("disconnect", namespace=NS)
def on_disconnect(*_args):
    _issued.pop(request.sid, None)
    _leave()


def _leave():
    state = _sockets.pop(request.sid, None)
    if state is not None:
        leave_room(room(state.board_id))
        leave_room(facilitator_room(state.board_id))
        leave_room(participant_room(state.participant_id))
        presence.changed(state.board_id, request.sid, False)


# ---------------------------------------------------------------- change events
# Each reads its fields strictly (``wire``): ids, flags and keys of the wrong type are
# ``invalid`` before the service runs.


@_on("add")
def _add(board_id, actor, p):
    return notes.add_note(board_id, actor, p.get("op"), wire.string(p, "column"),
                          wire.text(p, "text"))


@_on("edit")
def _edit(board_id, actor, p):
    return notes.edit_note(board_id, actor, p.get("op"), wire.ident(p, "note"),
                           wire.text(p, "text"))


@_on("delete")
def _delete(board_id, actor, p):
    return notes.delete_note(board_id, actor, p.get("op"), wire.ident(p, "note"))


@_on("vote")
def _vote(board_id, actor, p):
    return notes.vote(board_id, actor, p.get("op"), wire.ident(p, "note"))


@_on("unvote")
def _unvote(board_id, actor, p):
    return notes.unvote(board_id, actor, p.get("op"), wire.ident(p, "note"))


@_on("move", manage=True)
def _move(board_id, actor, p):
    return notes.move_note(board_id, actor, p.get("op"), wire.ident(p, "note"),
                           wire.string(p, "column"), wire.integer(p, "position"),
                           wire.ident(p, "cluster", optional=True))


@_on("hide", manage=True)
def _hide(board_id, actor, p):
    return notes.hide_note(board_id, actor, p.get("op"), wire.ident(p, "note"),
                           wire.flag(p, "hidden"))


@_on("cluster", manage=True)
def _cluster(board_id, actor, p):
    return notes.create_cluster(board_id, actor, p.get("op"), wire.text(p, "title"),
                                wire.string(p, "column"), wire.idents(p, "notes"))


@_on("cluster_edit", manage=True)
def _cluster_edit(board_id, actor, p):
    return notes.edit_cluster(board_id, actor, p.get("op"), wire.ident(p, "cluster"),
                              wire.text(p, "title"))


@_on("cluster_delete", manage=True)
def _cluster_delete(board_id, actor, p):
    return notes.delete_cluster(board_id, actor, p.get("op"), wire.ident(p, "cluster"))


@_on("lock", manage=True)
def _lock(board_id, actor, p):
    return boards.set_state(board_id, actor, p.get("op"),
                            "lock" if wire.flag(p, "locked") else "unlock")


@_on("open", manage=True)
def _open(board_id, actor, p):
    return boards.set_state(board_id, actor, p.get("op"), "open")


@_on("close", manage=True)
def _close(board_id, actor, p):
    return boards.set_state(board_id, actor, p.get("op"), "close")


@_on("timer", manage=True)
def _timer(board_id, actor, p):
    return boards.set_timer(board_id, actor, p.get("op"), wire.integer(p, "seconds"))


@_on("counts", manage=True)
def _counts(board_id, actor, p):
    return boards.set_counts(board_id, actor, p.get("op"), wire.flag(p, "shown"))


@_on("reset_votes", manage=True)
def _reset_votes(board_id, actor, p):
    return notes.reset_votes(board_id, actor, p.get("op"))


@_on("remove_participant", manage=True)
def _remove_participant(board_id, actor, p):
    return participants.remove_participant(board_id, actor, p.get("op"),
                                           wire.ident(p, "participant"))


# ---------------------------------------------------------------- presence


class _Presence:
    """How many participants are connected to each board, broadcast at most once a second.

    Each process counts its own sockets; with THC_REDIS_URL the counts of all processes are
    added up through short-lived Redis keys (a killed process's count expires).
    """

    def __init__(self):
        self.sids = defaultdict(set)
        self.pending = set()
        self.process = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.redis = None
        self.refresher = False

    def changed(self, board_id, sid, present):
        (self.sids[board_id].add if present else self.sids[board_id].discard)(sid)
        app = current_app._get_current_object()
        try:
            store = self._store(app)
            if store is not None:
                # At once, not at the broadcast a second later: every process's broadcast then
                # counts this change, whichever of their broadcasts reaches a client last.
                store.set(self._key(board_id), len(self.sids[board_id]), ex=PRESENCE_TTL)
        except Exception:
            log.exception("presence count not shared")
        if board_id not in self.pending:
            self.pending.add(board_id)
            socketio.start_background_task(self._emit, app, board_id)

    def _store(self, app):
        url = app.config.get("THC_REDIS_URL")
        if url and self.redis is None:
            import redis

            self.redis = redis.Redis.from_url(url)
            socketio.start_background_task(self._refresh)
        return self.redis

    def _key(self, board_id):
        return f"thc:board-presence:{board_id}:{self.process}"

    def _refresh(self):
        while True:
            socketio.sleep(PRESENCE_TTL / 3)
            for board_id, sids in list(self.sids.items()):
                self.redis.set(self._key(board_id), len(sids), ex=PRESENCE_TTL)

    def count(self, app, board_id):
        store = self._store(app)
        local = len(self.sids[board_id])
        if store is None:
            return local
        store.set(self._key(board_id), local, ex=PRESENCE_TTL)
        keys = list(store.scan_iter(f"thc:board-presence:{board_id}:*"))
        return sum(int(v or 0) for v in store.mget(keys)) if keys else local

    def _emit(self, app, board_id):
        socketio.sleep(1)
        self.pending.discard(board_id)
        try:
            with app.app_context():
                data = {"connected": self.count(app, board_id)}
                socketio.emit("presence", data, to=room(board_id), namespace=NS)
                socketio.emit("presence", data, to=facilitator_room(board_id), namespace=NS)
        except Exception:
            log.exception("presence broadcast failed")


presence = _Presence()
