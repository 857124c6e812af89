"""Realtime events, sent after the commit of the operation that caused them."""

from .extensions import socketio
from .transaction import after_commit


def emit(event, data, room, namespace):
    """Send ``event`` to everyone in ``room`` once the current transaction commits (through
    Redis when THC_REDIS_URL is set); nothing is sent if it rolls back.

    Works from a request, a socket handler, a background job or the CLI: each commits at its
    boundary (see ``transaction``)."""
    after_commit(socketio.emit, event, data, to=room, namespace=namespace)
