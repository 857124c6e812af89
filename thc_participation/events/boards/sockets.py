"""Socket.IO handlers of the ``/board`` namespace: parse, call one service, answer.

Every handler answers with an acknowledgement (docs/board-protocol.md), never raises, and
releases the database session when it ends (``_answer``, the boundary of a socket event). A
change commits in the pipeline (``services.pipeline``); the ``join`` of a new participant
commits it before the catch-up.
"""

import json
import logging
import os
import uuid
from collections import defaultdict
from dataclasses import dataclass

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import join_room, leave_room

from ...errors import Forbidden, Invalid, ServiceError
from ...extensions import db, socketio
from .models import Board, BoardParticipant
from .services import boards, catchup, limits, notes, participants, payloads, pipeline
from .services.pipeline import facilitator_room, participant_room, room

log = logging.getLogger(__name__)
NS = pipeline.NAMESPACE
MAX_PAYLOAD = 4096
PRESENCE_TTL = 120


@dataclass
class _Socket:
    board_id: int
    participant_id: int
    facilitator: bool


_sockets = {}  # sid -> _Socket, for the sockets of this process


def _user():
    return current_user if current_user and current_user.is_authenticated else None


def _payload(data):
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise Invalid(_("Message mal formé."), code="invalid")
    if len(json.dumps(data, ensure_ascii=False)) > MAX_PAYLOAD:
        raise Invalid(_("Message trop volumineux."), code="invalid")
    return data


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


def _joined():
    state = _sockets.get(request.sid)
    if state is None:
        raise Forbidden(_("Rejoignez d'abord un atelier avec son code."), code="not_joined")
    return state


def _on(event):
    """Register a change event: joined socket, payload checks, rate limit, one service."""

    def register(change):
        def handler(data=None):
            def run():
                state = _joined()
                payload = _payload(data)
                limits.check_rate(state.participant_id, state.facilitator)
                actor = pipeline.Actor(state.participant_id, _user())
                return change(state.board_id, actor, payload).ack()

            return _answer(run)

        socketio.on_event(event, handler, namespace=NS)
        return change

    return register


@socketio.on("join", namespace=NS)
def on_join(data=None):
    def run():
        payload = _payload(data)
        limits.check_rate(request.sid)
        board = boards.board_by_code(payload.get("code"))
        joined = participants.join_board(board, _user(), payload.get("pseudonym"),
                                         payload.get("token"),
                                         payload.get("role") == "facilitator")
        if joined.new:
            db.session.commit()  # before the catch-up, which reads outside this write
        _leave()
        join_room((facilitator_room if joined.facilitator else room)(joined.board_id))
        join_room(participant_room(joined.participant_id))
        _sockets[request.sid] = _Socket(joined.board_id, joined.participant_id,
                                        joined.facilitator)
        presence.changed(joined.board_id, request.sid, True)
        return participants.join_payload(joined, payload.get("since"))

    return _answer(run)


@socketio.on("sync", namespace=NS)
def on_sync(data=None):
    def run():
        state = _joined()
        payload = _payload(data)
        board = db.session.get(Board, state.board_id)
        participant = db.session.get(BoardParticipant, state.participant_id)
        version, catch = catchup.catch_up(board, payload.get("since"), participant,
                                          state.facilitator)
        return {"ok": True, "version": version, "object": catch}

    return _answer(run)


@socketio.on("snapshot", namespace=NS)
def on_snapshot(data=None):
    def run():
        state = _joined()
        board = db.session.get(Board, state.board_id)
        participant = db.session.get(BoardParticipant, state.participant_id)
        db.session.refresh(board)
        return {"ok": True, "version": board.version,
                "object": {"board": payloads.board_dict(board),
                           **catchup.snapshot(board, participant, state.facilitator)}}

    return _answer(run)


@socketio.on("disconnect", namespace=NS)
def on_disconnect(*_args):
    _leave()


def _leave():
    state = _sockets.pop(request.sid, None)
    if state is not None:
        leave_room(room(state.board_id))
        leave_room(facilitator_room(state.board_id))
        leave_room(participant_room(state.participant_id))
        presence.changed(state.board_id, request.sid, False)


# ---------------------------------------------------------------- change events


@_on("add")
def _add(board_id, actor, p):
    return notes.add_note(board_id, actor, p.get("op"), p.get("column"), p.get("text"))


@_on("edit")
def _edit(board_id, actor, p):
    return notes.edit_note(board_id, actor, p.get("op"), p.get("note"), p.get("text"))


@_on("delete")
def _delete(board_id, actor, p):
    return notes.delete_note(board_id, actor, p.get("op"), p.get("note"))


@_on("vote")
def _vote(board_id, actor, p):
    return notes.vote(board_id, actor, p.get("op"), p.get("note"))


@_on("unvote")
def _unvote(board_id, actor, p):
    return notes.unvote(board_id, actor, p.get("op"), p.get("note"))


@_on("move")
def _move(board_id, actor, p):
    return notes.move_note(board_id, actor, p.get("op"), p.get("note"), p.get("column"),
                              p.get("position"), p.get("cluster"))


@_on("hide")
def _hide(board_id, actor, p):
    return notes.hide_note(board_id, actor, p.get("op"), p.get("note"),
                              p.get("hidden") is True)


@_on("cluster")
def _cluster(board_id, actor, p):
    return notes.create_cluster(board_id, actor, p.get("op"), p.get("title"),
                                   p.get("column"), p.get("notes", []))


@_on("cluster_edit")
def _cluster_edit(board_id, actor, p):
    return notes.edit_cluster(board_id, actor, p.get("op"), p.get("cluster"), p.get("title"))


@_on("cluster_delete")
def _cluster_delete(board_id, actor, p):
    return notes.delete_cluster(board_id, actor, p.get("op"), p.get("cluster"))


@_on("lock")
def _lock(board_id, actor, p):
    return boards.set_state(board_id, actor, p.get("op"),
                              "lock" if p.get("locked") is True else "unlock")


@_on("open")
def _open(board_id, actor, p):
    return boards.set_state(board_id, actor, p.get("op"), "open")


@_on("close")
def _close(board_id, actor, p):
    return boards.set_state(board_id, actor, p.get("op"), "close")


@_on("timer")
def _timer(board_id, actor, p):
    return boards.set_timer(board_id, actor, p.get("op"), p.get("seconds"))


@_on("counts")
def _counts(board_id, actor, p):
    return boards.set_counts(board_id, actor, p.get("op"), p.get("shown") is True)


@_on("reset_votes")
def _reset_votes(board_id, actor, p):
    return notes.reset_votes(board_id, actor, p.get("op"))


@_on("remove_participant")
def _remove_participant(board_id, actor, p):
    return participants.remove_participant(board_id, actor, p.get("op"), p.get("participant"))


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
        if board_id not in self.pending:
            self.pending.add(board_id)
            socketio.start_background_task(self._emit, current_app._get_current_object(),
                                           board_id)

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
