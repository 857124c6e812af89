"""Helpers of the board tests: operation ids, session cookies, a recording Socket.IO client."""

import threading
import time
import uuid

import socketio

NS = "/board"


def new_op():
    return uuid.uuid4().hex


def session_cookie(app, user):
    """The signed Flask session cookie of a signed-in ``user`` (sent with the handshake)."""
    from tests.conftest import session_token

    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": session_token(user), "_fresh": True})
    return f"{app.config.get('SESSION_COOKIE_NAME', 'session')}={value}"


class BoardClient:
    """A real Socket.IO client of the ``/board`` namespace that records what it receives."""

    TRANSPORTS = ["websocket"]

    def __init__(self, url, cookie=None, reconnection=False):
        self.url, self.cookie = url, cookie
        self.changes, self.presence, self.removed = [], [], []
        self.cond = threading.Condition()
        self.sio = socketio.Client(reconnection=reconnection, reconnection_delay=0.2,
                                   reconnection_delay_max=0.5)
        self.sio.on("change", self._record(self.changes), namespace=NS)
        self.sio.on("presence", self._record(self.presence), namespace=NS)
        self.sio.on("removed", self._record(self.removed), namespace=NS)
        self.connect()

    def _record(self, target):
        def handler(data):
            with self.cond:
                target.append(data)
                self.cond.notify_all()

        return handler

    def connect(self):
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self.sio.connect(self.url, namespaces=[NS], transports=self.TRANSPORTS, headers=headers,
                         wait_timeout=10)
        return self

    def call(self, event, data=None, timeout=15):
        return self.sio.call(event, data, namespace=NS, timeout=timeout)

    def join(self, code, pseudonym="Camille", **extra):
        return self.call("join", {"code": code, "pseudonym": pseudonym, **extra})

    def op(self, event, **payload):
        payload.setdefault("op", new_op())
        return self.call(event, payload)

    def wait_for(self, predicate, timeout=10):
        deadline = time.monotonic() + timeout
        with self.cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("timed out waiting for a board event")
                self.cond.wait(left)

    def versions(self):
        with self.cond:
            return [c["version"] for c in self.changes]

    def wait_version(self, version, timeout=10):
        self.wait_for(lambda: any(c["version"] >= version for c in self.changes), timeout)

    def close(self):
        self.sio.disconnect()
