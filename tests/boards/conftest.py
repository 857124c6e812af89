"""Fixtures of the board tests: boards (animated by the shared `facilitator`) and real
python-socketio clients."""

import pytest

from thc_participation.events.boards.services import boards, participants
from thc_participation.extensions import db as _db

from .support import BoardClient


@pytest.fixture
def make_board(facilitator, territory):
    """A committed board of ``territory`` (the shared ``facilitator`` animates it)."""

    def factory(state="open", **settings):
        board = boards.create_board(facilitator, territory,
                                    "Comment associer les habitants au budget ?", **settings)
        _db.session.commit()
        if state != "preparing":
            actor = participants.facilitator_actor(facilitator, board)
            boards.set_state(board.id, actor, None, "open")
            if state in ("locked", "closed"):
                boards.set_state(board.id, actor, None, "lock" if state == "locked" else "close")
        _db.session.refresh(board)
        return board

    return factory


@pytest.fixture
def board(make_board):
    return make_board()


@pytest.fixture
def clients():
    """Socket.IO clients opened by a test, all closed after it."""
    opened = []

    def factory(url, cookie=None, reconnection=False):
        client = BoardClient(url, cookie, reconnection)
        opened.append(client)
        return client

    yield factory
    for client in opened:
        try:
            client.close()
        except Exception:  # noqa: BLE001 - already gone with its server
            pass
