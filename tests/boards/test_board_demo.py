"""The demo board: open, on a fixed code, full of notes, dots and clusters."""

from sqlalchemy import func, select

from thc_participation.demo import Demo
from thc_participation.events.boards import demo as board_demo
from thc_participation.events.boards.models import BoardCluster, BoardNote, BoardVote
from thc_participation.timeutil import utcnow


def test_demo_board_is_open_and_full(territory, facilitator, make_user, db, client):
    citizens = [make_user() for _ in range(6)]
    board = board_demo.populate(Demo(territory, {"facilitator": facilitator}, utcnow(),
                                     citizens))
    assert board.code == board_demo.DEMO_CODE and board.state.value == "open"
    notes = db.session.scalar(select(func.count()).select_from(BoardNote))
    assert notes == sum(len(texts) for texts in board_demo.NOTES.values())
    assert db.session.scalar(select(func.count()).select_from(BoardCluster)) == 3
    assert db.session.scalar(select(func.count()).select_from(BoardVote)) >= 14
    page = client.get(f"/b/{board_demo.DEMO_CODE}/synthese")
    assert page.status_code == 200 and "Vélo" in page.text
