"""The /board protocol against a real eventlet server with real python-socketio clients."""

import time

import pytest
from sqlalchemy import func, select

from thc_participation.events.boards.models import BoardNote

from .support import new_op, session_cookie


@pytest.fixture
def fac_cookie(app, facilitator):
    return session_cookie(app, facilitator)


def test_join_add_vote_move_cluster_lock_seen_live(live_server, clients, board, fac_cookie):
    nadia = clients(live_server.url)
    projector = clients(live_server.url, cookie=fac_cookie)
    joined = nadia.join(board.code.lower(), "Nadia")
    assert joined["ok"] and joined["object"]["me"]["token"]
    assert joined["object"]["catch_up"] == "snapshot"
    assert projector.join(board.code, role="facilitator")["object"]["me"]["facilitator"]

    added = nadia.op("add", column="c1", text="Les réunions sont trop tard le soir")
    assert added["ok"] and added["kind"] == "note.added"
    note = added["object"]["id"]
    projector.wait_version(added["version"])
    assert projector.changes[-1]["object"]["text"] == "Les réunions sont trop tard le soir"

    voted = nadia.op("vote", note=note)
    assert voted["object"]["votes"] == 1 and voted["version"] == added["version"] + 1
    moved = projector.op("move", note=note, column="c2", position=0)
    assert moved["ok"] and moved["object"]["column"] == "c2"
    cluster = projector.op("cluster", title="Horaires", column="c2", notes=[note])
    assert cluster["object"]["notes"] == [note]
    locked = projector.op("lock", locked=True)
    assert locked["object"] == {"state": "locked"}
    nadia.wait_version(locked["version"])
    assert [c["kind"] for c in nadia.changes] == [
        "note.added", "vote.added", "note.moved", "cluster.created", "board.state"]
    assert nadia.versions() == list(range(added["version"], locked["version"] + 1))

    refused = nadia.op("add", column="c1", text="Encore une")
    assert refused["ok"] is False and refused["error"] == "locked"
    assert "verrouillé" in refused["message"]
    nadia.wait_for(lambda: nadia.presence and nadia.presence[-1]["connected"] == 2)


def test_participant_cannot_use_facilitator_events(live_server, clients, board, fac_cookie):
    nadia = clients(live_server.url)
    nadia.join(board.code, "Nadia")
    note = nadia.op("add", column="c1", text="Mon idée")["object"]["id"]
    for event, payload in [("move", {"note": note, "column": "c2", "position": 0}),
                           ("hide", {"note": note, "hidden": True}),
                           ("lock", {"locked": True}), ("close", {}), ("reset_votes", {}),
                           ("timer", {"seconds": 60}), ("counts", {"shown": False}),
                           ("cluster", {"title": "X", "column": "c1", "notes": [note]})]:
        ack = nadia.op(event, **payload)
        assert ack["ok"] is False and ack["error"] == "forbidden", (event, ack)
    assert nadia.call("join", {"code": board.code, "role": "facilitator"})["error"] == "forbidden"
    # The connection still works after all those refusals.
    assert nadia.op("edit", note=note, text="Mon idée, précisée")["ok"]


BAD_INPUT = [
    ("add", "pas un objet", "invalid"),
    ("add", ["liste"], "invalid"),
    ("add", {"column": "c1", "text": "sans op"}, "invalid"),
    ("add", {"op": "court", "column": "c1", "text": "op trop court"}, "invalid"),
    ("add", {"op": "x" * 65, "column": "c1", "text": "op trop long"}, "invalid"),
    ("add", {"op": new_op(), "column": "c42", "text": "colonne inconnue"}, "invalid"),
    ("add", {"op": new_op(), "column": "c1", "text": ""}, "empty"),
    ("add", {"op": new_op(), "column": "c1", "text": 12}, "invalid"),  # strict types
    ("add", {"op": new_op(), "column": "c1", "text": "x" * 201}, "too_long"),
    ("add", {"op": new_op(), "column": "c1", "text": "y" * 5000}, "invalid"),
    ("edit", {"op": new_op(), "note": "12", "text": "id texte"}, "invalid"),
    ("edit", {"op": new_op(), "note": 10**9, "text": "note inconnue"}, "invalid"),
    ("delete", {"op": new_op(), "note": None}, "invalid"),
    ("vote", {"op": new_op(), "note": 3.5}, "invalid"),
    ("unvote", {"op": new_op(), "note": 10**9}, "invalid"),
    ("sync", "x", "invalid"),
]


def test_bad_input_is_refused_and_the_connection_keeps_working(live_server, clients, board):
    nadia = clients(live_server.url)
    assert nadia.call("add", {"op": new_op(), "column": "c1", "text": "avant join"})[
        "error"] == "not_joined"
    assert nadia.join("ZZZZZZ")["error"] == "unknown_code"
    assert nadia.join(None)["error"] == "unknown_code"
    assert nadia.call("join", "n'importe quoi")["error"] == "invalid"
    assert nadia.join(board.code, "")["error"] == "empty"
    assert nadia.join(board.code, "Nadia")["ok"]
    for event, payload, code in BAD_INPUT:
        time.sleep(0.5)  # stay under the flood limit (2 events per second)
        ack = nadia.call(event, payload)
        assert ack["ok"] is False and ack["error"] == code, (event, payload, ack)
        assert ack["message"]
    assert nadia.op("add", column="c1", text="Toujours là")["ok"]


def test_closed_board_and_unknown_code(live_server, clients, make_board):
    closed = make_board(state="closed")
    nadia = clients(live_server.url)
    ack = nadia.join(closed.code, "Nadia")
    assert ack["error"] == "closed" and "clôturé" in ack["message"]


def test_flood_is_rate_limited_and_the_board_keeps_working(live_server, clients, board):
    nadia = clients(live_server.url)
    bruno = clients(live_server.url)
    nadia.join(board.code, "Nadia")
    bruno.join(board.code, "Bruno")
    acks = [nadia.op("add", column="c1", text=f"Spam {i}") for i in range(30)]
    assert any(a.get("error") == "rate_limited" for a in acks)
    assert sum(1 for a in acks if a["ok"]) < 30
    assert bruno.op("add", column="c1", text="Une vraie idée")["ok"]


def test_reconnect_receives_exactly_the_missed_changes(live_server, clients, board):
    nadia = clients(live_server.url)
    bruno = clients(live_server.url)
    nadia.join(board.code, "Nadia")
    first = bruno.join(board.code, "Bruno")
    token = first["object"]["me"]["token"]
    seen = bruno.op("add", column="c1", text="Avant la coupure")["version"]
    bruno.close()
    missed = [nadia.op("add", column="c2", text=f"Pendant la coupure {i}")["version"]
              for i in range(5)]
    missed.append(nadia.op("vote", note=nadia.changes[-1]["object"]["id"]
                           if nadia.changes else 0)["version"])
    bruno.connect()
    back = bruno.join(board.code, "", token=token, since=seen)
    assert back["object"]["me"]["participant"] == first["object"]["me"]["participant"]
    assert back["object"]["catch_up"] == "changes"
    assert [c["version"] for c in back["object"]["changes"]] == missed
    assert back["version"] == missed[-1]
    again = bruno.call("sync", {"since": missed[-1]})
    assert again["object"] == {"catch_up": "none"}


def test_a_retried_operation_is_applied_once(live_server, clients, board, app):
    nadia = clients(live_server.url)
    bruno = clients(live_server.url)
    nadia.join(board.code, "Nadia")
    bruno.join(board.code, "Bruno")
    op = new_op()
    first = nadia.call("add", {"op": op, "column": "c1", "text": "Envoyée deux fois"})
    second = nadia.call("add", {"op": op, "column": "c1", "text": "Envoyée deux fois"})
    assert first == second
    later = nadia.op("add", column="c1", text="Suivante")
    bruno.wait_version(later["version"])
    assert [c["version"] for c in bruno.changes] == [first["version"], later["version"]]
    count = app.extensions["sqlalchemy"].session.scalar(
        select(func.count()).where(BoardNote.board_id == board.id))
    assert count == 2


def test_sigkill_mid_session_loses_nothing_acknowledged(live_server, clients, board):
    nadia = clients(live_server.url)
    bruno = clients(live_server.url)
    nadia_token = nadia.join(board.code, "Nadia")["object"]["me"]["token"]
    bruno_token = bruno.join(board.code, "Bruno")["object"]["me"]["token"]
    sent = [{"op": new_op(), "column": "c1", "text": f"Note {i}"} for i in range(8)]
    acked = [nadia.call("add", payload) for payload in sent]
    assert all(a["ok"] for a in acked)
    seen = acked[3]["version"]
    live_server.kill()
    live_server.start()
    checker = clients(live_server.url)
    snapshot = checker.join(board.code, "Contrôle")["object"]["snapshot"]
    assert [n["id"] for n in snapshot["notes"]] == [a["object"]["id"] for a in acked]
    # Bruno comes back from version ``seen`` and gets exactly what followed.
    bruno = clients(live_server.url)
    back = bruno.join(board.code, "", token=bruno_token, since=seen)
    assert [c["version"] for c in back["object"]["changes"]] == [
        a["version"] for a in acked[4:]]
    # Nadia retries her last operation (its ack might have been lost): applied once.
    nadia = clients(live_server.url)
    nadia.join(board.code, "", token=nadia_token, since=acked[-1]["version"])
    assert nadia.call("add", sent[-1]) == acked[-1]
    assert len(checker.call("snapshot")["object"]["notes"]) == len(sent)
