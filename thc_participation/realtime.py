"""Realtime events, emitted by services after their commit."""

from .extensions import socketio


def emit(event, data, room, namespace):
    """Send ``event`` to everyone in ``room``; through Redis when THC_REDIS_URL is set.

    Works from a request, a socket handler, a background task or the CLI.
    """
    socketio.emit(event, data, to=room, namespace=namespace)
