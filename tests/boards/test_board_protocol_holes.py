"""The holes of issue #16 closed, against a real server with real python-socketio clients:
strict types, every event answered, no input reaching ``server_error``, acknowledgements
filtered like broadcasts, ids never reused, no fresh dots by re-joining, read floods limited,
formula-safe CSV."""

import threading
import time

import pytest

from thc_participation import ratelimits
from thc_participation.errors import RateLimited
from thc_participation.events.boards.services import limits

from .support import new_op, session_cookie


@pytest.fixture
def fac_cookie(app, facilitator):
    return session_cookie(app, facilitator)


def paced(client, event, payload):
    """``client.call``, waiting out ``rate_limited`` answers (a matrix of events is not a
    flood: each answer is about the payload)."""
    for _attempt in range(40):
        ack = client.call(event, payload)
        if ack.get("error") != "rate_limited":
            return ack
        time.sleep(0.3)
    raise AssertionError(f"{event} stayed rate limited")


def test_hidden_counts_never_in_a_participant_ack(live_server, clients, board, fac_cookie):
    projector = clients(live_server.url, cookie=fac_cookie)
    projector.join(board.code, role="facilitator")
    nadia = clients(live_server.url)
    nadia.join(board.code, "Nadia")
    note = nadia.op("add", column="c1", text="Des bancs à l'ombre")["object"]["id"]
    assert nadia.op("vote", note=note)["object"]["votes"] == 1  # counts shown: in the ack
    assert projector.op("counts", shown=False)["ok"]
    voted = nadia.op("vote", note=note)
    unvoted = nadia.op("unvote", note=note)
    assert voted["ok"] and unvoted["ok"]
    assert "votes" not in voted["object"] and "votes" not in unvoted["object"]
    nadia.wait_version(unvoted["version"])
    broadcast = {c["version"]: c for c in nadia.changes}
    assert voted == {"ok": True, **broadcast[voted["version"]]}  # exactly the broadcast
    # A retry of the same operation is filtered too, and the projector sees the counts.
    assert "votes" not in nadia.call("vote", {"op": new_op(), "note": note})["object"]
    assert projector.op("hide", note=note, hidden=False)["object"]["votes"] == 2


BAD_VALUES = [True, False, "1", 1.5, -1, 0, 10**20, 2**63, [], {}, "\ud800"]
FIELDS = {  # event -> a valid payload (its "note"/"cluster" filled in by the test)
    "add": {"column": "c1", "text": "Valide"},
    "edit": {"note": None, "text": "Valide"},
    "delete": {"note": None},
    "vote": {"note": None},
    "unvote": {"note": None},
    "move": {"note": None, "column": "c2", "position": 0, "cluster": None},
    "hide": {"note": None, "hidden": True},
    "cluster": {"title": "Valide", "column": "c1", "notes": []},
    "cluster_edit": {"cluster": None, "title": "Valide"},
    "cluster_delete": {"cluster": None},
    "lock": {"locked": True},
    "timer": {"seconds": 60},
    "counts": {"shown": True},
    "remove_participant": {"participant": None},
}
ALLOWED = {  # values a field may legitimately take among BAD_VALUES
    ("add", "text"): ["1"],
    ("edit", "text"): ["1"],
    ("cluster", "title"): ["1"],
    ("cluster_edit", "title"): ["1"],
    ("cluster", "notes"): [[]],
    ("move", "position"): [0],
    ("timer", "seconds"): [0],
    ("hide", "hidden"): [True, False],
    ("lock", "locked"): [True, False],
    ("counts", "shown"): [True, False],
}


def _allowed(event, field, value):
    return any(value == ok and type(value) is type(ok) for ok in ALLOWED.get((event, field), ()))


def test_no_input_reaches_server_error(live_server, clients, board, fac_cookie):
    """Every field of every event with every wrongly typed value is ``invalid`` (or refused
    for what it says), never ``server_error``, and changes nothing."""
    projector = clients(live_server.url, cookie=fac_cookie)
    projector.join(board.code, role="facilitator")
    nadia = clients(live_server.url)
    me = nadia.join(board.code, "Nadia")["object"]["me"]["participant"]
    note = nadia.op("add", column="c1", text="Une note")["object"]["id"]
    cluster = projector.op("cluster", title="Groupe", column="c1", notes=[note])["object"]["id"]
    ids = {"note": note, "cluster": cluster, "participant": me}
    version = projector.call("snapshot")["version"]
    for event, fields in FIELDS.items():
        valid = {k: ids[k] if v is None and k in ids and (event, k) != ("move", "cluster")
                 else v for k, v in fields.items()}
        for field in fields:
            for bad in BAD_VALUES:
                if _allowed(event, field, bad):
                    continue
                payload = {**valid, field: bad, "op": new_op()}
                ack = paced(projector, event, payload)
                assert ack["ok"] is False, (event, field, bad, ack)
                assert ack["error"] in ("invalid", "empty", "too_long"), (event, field, bad, ack)
    # Whole payloads and argument lists no handler expects.
    for event in [*FIELDS, "join", "sync", "snapshot"]:
        for payload in ([1, 2], "texte", 12, True, b"\x00binaire", {"op": b"\x01"},
                        {"op": new_op(), "code": "\ud800", "text": "\udfff"}):
            ack = paced(projector, event, payload)
            assert ack["ok"] is False and ack["error"] == "invalid", (event, payload, ack)
        ack = paced(projector, event, ({"op": new_op()}, "en trop"))
        assert ack["error"] == "unknown_event", (event, ack)
    assert projector.call("sync", {"since": version})["object"] == {"catch_up": "none"}


def test_unknown_events_and_oversize_payloads_are_answered(live_server, clients, board):
    nadia = clients(live_server.url)
    for client_event in ("bonjour", "note.added", "connect_error"):
        ack = nadia.call(client_event, {"op": new_op()})
        assert ack["ok"] is False and ack["error"] == "unknown_event" and ack["message"]
    assert nadia.call("vote", ({"note": 1}, {"note": 2}))["error"] == "unknown_event"
    nadia.join(board.code, "Nadia")
    huge = nadia.call("add", {"op": new_op(), "column": "c1", "text": "x" * 1_500_000})
    assert huge["ok"] is False and huge["error"] == "invalid"
    assert nadia.op("add", column="c1", text="Toujours connectée")["ok"]


def test_ids_are_never_reused(live_server, clients, board, fac_cookie):
    nadia = clients(live_server.url)
    nadia.join(board.code, "Nadia")
    first = nadia.op("add", column="c1", text="Première")["object"]["id"]
    assert nadia.op("delete", note=first)["ok"]  # the newest note: SQLite would reuse its id
    second = nadia.op("add", column="c1", text="Seconde")["object"]["id"]
    assert second > first
    resent = nadia.op("vote", note=first)  # an operation about the deleted note
    assert resent["ok"] is False and resent["error"] == "invalid"
    projector = clients(live_server.url, cookie=fac_cookie)
    projector.join(board.code, role="facilitator")
    group = projector.op("cluster", title="A", column="c1", notes=[])["object"]["id"]
    assert projector.op("cluster_delete", cluster=group)["ok"]
    assert projector.op("cluster", title="B", column="c1", notes=[])["object"]["id"] > group


def test_rejoining_gives_no_fresh_dots_and_removed_stays_removed(live_server, clients, board,
                                                                 fac_cookie):
    bruno = clients(live_server.url)
    me = bruno.join(board.code, "Bruno")["object"]["me"]
    note = bruno.op("add", column="c1", text="Une idée")["object"]["id"]
    for _dot in range(board.dots):
        assert bruno.op("vote", note=note)["ok"]
    # Joining again from the same socket without the token, or with a made-up one: the same
    # participant, dots used.
    for token in (None, "x" * 32):
        again = paced(bruno, "join", {"code": board.code, "pseudonym": "Autre", "token": token})
        assert again["object"]["me"]["participant"] == me["participant"]
        assert again["object"]["me"]["dots_left"] == 0
    assert bruno.op("vote", note=note)["error"] == "no_dots_left"
    projector = clients(live_server.url, cookie=fac_cookie)
    projector.join(board.code, role="facilitator")
    assert projector.op("remove_participant", participant=me["participant"])["ok"]
    back = paced(bruno, "join", {"code": board.code, "pseudonym": "Revenant"})
    assert back["ok"] is False and back["error"] == "removed"


def test_newcomers_per_address_are_limited(make_app):
    rate = 7  # THC_BOARD_NEWCOMERS; 100 by default
    app = make_app(THC_BOARD_NEWCOMERS=rate)
    with app.app_context():
        ratelimits.reset()
        for _newcomer in range(rate):
            limits.check_newcomer(1, "192.0.2.7")
        with pytest.raises(RateLimited):
            limits.check_newcomer(1, "192.0.2.7")
        limits.check_newcomer(1, "192.0.2.8")  # another address
        limits.check_newcomer(2, "192.0.2.7")  # another board


def test_snapshot_flood_is_limited_and_votes_go_through(live_server, clients, board):
    """Three sockets send ``snapshot`` as fast as they can; another participant's votes are
    all acknowledged (the round trip is measured by bench/board_flood.py)."""
    voter = clients(live_server.url)
    voter.join(board.code, "Nadia")
    notes = [voter.op("add", column="c1", text=f"Note {i}")["object"]["id"] for i in range(3)]
    flooders = [clients(live_server.url) for _ in range(3)]
    for i, flooder in enumerate(flooders):
        flooder.join(board.code, f"Flot {i}")
    answers, stop = [], threading.Event()

    def flood(client):
        while not stop.is_set():
            answers.append(client.call("snapshot"))
            answers.append(client.call("sync", {"since": 0}))

    threads = [threading.Thread(target=flood, args=(f,)) for f in flooders]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        acks = []
        for i in range(8):
            time.sleep(0.8)  # the voter's own pace: under the change limit
            acks.append(voter.op("unvote" if i % 2 else "vote", note=notes[i // 2 % 3]))
    finally:
        stop.set()
        for thread in threads:
            thread.join(15)
    assert all(a["ok"] for a in acks), acks
    windows = 1 + int((time.monotonic() - started) // 10)
    refused = [a for a in answers if not a["ok"]]
    assert refused and {a["error"] for a in refused} == {"rate_limited"}
    # Each flooder reads at most its budget per window of the limit; the rest is refused.
    budget = int(limits.READ_RATE.split()[0])
    assert len(answers) - len(refused) <= len(flooders) * budget * windows


def test_board_csv_neutralises_formulas(client, login, facilitator, territory, board):
    from thc_participation.events.boards.services import notes, participants
    from thc_participation.events.boards.services.pipeline import Actor

    nadia = Actor(participants.join_board(board, None, "=cmd|' /C calc'!A0", None)
                  .participant_id)
    notes.add_note(board.id, nadia, new_op(), "c1", '=HYPERLINK("http://evil.example","x")')
    login(client, facilitator)
    text = client.get(f"/t/{territory.slug}/gestion/ateliers/{board.id}/notes.csv") \
        .data.decode("utf-8-sig")
    assert "'=HYPERLINK(" in text and "'=cmd|" in text
    assert ';=' not in text
