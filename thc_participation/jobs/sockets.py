"""Socket.IO namespace ``/jobs``: a page watches its run and receives ``progress`` events.

With ``THC_REDIS_URL`` the worker emits them itself through the message queue
(``runs._publish``). Without Redis (the embedded default: one web process, SQLite) the web
process relays them from the database: one green thread reads the watched runs twice a second,
only while someone watches, and emits what changed.
"""

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import join_room
from sqlalchemy import select

from .. import ratelimits
from ..access import load
from ..errors import NotFound, ServiceError
from ..extensions import db, socketio
from ..transaction import transactional
from .models import JobRun, payload_of
from .runs import KINDS, NAMESPACE

POLL_SECONDS = 0.5
# A page watches its run once, again after a reconnect: more is a flood.
WATCH_RATE = "10 per 5 seconds"


class Relay:
    """Progress read from the database and emitted by this web process (no Redis)."""

    def __init__(self):
        self.watchers = {}   # socket id -> run ids it watches
        self.sent = {}       # run id -> version last emitted
        self.running = False

    def watch(self, app, sid, run_id, version):
        self.watchers.setdefault(sid, set()).add(run_id)
        self.sent.setdefault(run_id, version)
        if not self.running:
            self.running = True
            socketio.start_background_task(self._loop, app)

    def forget(self, sid):
        self.watchers.pop(sid, None)

    def _watched(self):
        return set().union(*self.watchers.values()) if self.watchers else set()

    def _loop(self, app):
        try:
            while ids := self._watched():
                with app.app_context():
                    try:
                        rows = db.session.execute(
                            select(JobRun.__table__).where(JobRun.id.in_(ids))).all()
                    finally:
                        db.session.remove()
                for row in rows:
                    payload = payload_of(row)
                    if self.sent.get(row.id) != payload["version"]:
                        self.sent[row.id] = payload["version"]
                        socketio.emit("progress", payload, to=f"job-{row.id}",
                                      namespace=NAMESPACE)
                socketio.sleep(POLL_SECONDS)
        finally:
            self.running = False
            self.sent.clear()


relay = Relay()


@socketio.on("watch", namespace=NAMESPACE)
@transactional
def on_watch(data=None):
    """Watch one run: only someone who may manage its territory's work (``may_watch`` of its
    kind); anyone else hears that it does not exist. The acknowledgement carries its state."""
    message = _("Ce traitement n'existe pas.")
    try:
        ratelimits.hit(WATCH_RATE, "jobs-watch", request.sid)
        run = load(JobRun, data.get("job") if isinstance(data, dict) else None, message=message)
        kind = KINDS.get(run.kind)
        if kind is None or not kind.may_watch(current_user, run.territory):
            raise NotFound(message)
    except ServiceError as exc:
        return {"ok": False, **exc.as_dict()}
    join_room(run.room)
    payload = run.payload()
    if not current_app.config["THC_REDIS_URL"]:
        relay.watch(current_app._get_current_object(), request.sid, run.id, payload["version"])
    return {"ok": True, **payload}


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(*_args):
    relay.forget(request.sid)
