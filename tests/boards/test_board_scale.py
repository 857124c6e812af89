"""Several server processes through Redis, and a slow query on one board on PostgreSQL."""

import threading
import time

import psycopg2

from thc_participation import create_app
from thc_participation.events.boards.services import boards, participants
from thc_participation.extensions import db
from thc_participation.models import Membership, Role, Territory, TerritoryKind, User

from .support import new_op


def test_two_processes_share_a_board_through_redis(live_server_factory, redis_url, clients,
                                                   board):
    one = live_server_factory(THC_REDIS_URL=redis_url)
    two = live_server_factory(THC_REDIS_URL=redis_url)
    nadia = clients(one.url)
    bruno = clients(two.url)
    nadia.join(board.code, "Nadia")
    bruno.join(board.code, "Bruno")
    ack = bruno.op("add", column="c1", text="Écrite sur le second serveur")
    nadia.wait_version(ack["version"])
    assert nadia.changes[-1]["object"]["text"] == "Écrite sur le second serveur"
    versions = [ack["version"]]
    for i in range(6):
        sender = (nadia, bruno)[i % 2]
        versions.append(sender.op("add", column="c2", text=f"Alternée {i}")["version"])
        time.sleep(0.5)  # under the per-participant flood limit
    for receiver in (nadia, bruno):
        receiver.wait_version(versions[-1])
        assert sorted(set(receiver.versions())) == versions  # each change once, none missing
    nadia.wait_for(lambda: nadia.presence and nadia.presence[-1]["connected"] == 2)


def _postgres_boards(url):
    """Schema and two open boards in a fresh PostgreSQL database; returns their codes and ids."""
    pg_app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                         "THC_ASYNC_MODE": "threading", "RATELIMIT_ENABLED": False})
    with pg_app.app_context():
        db.create_all()
        territory = Territory(name="Saint-Lent", slug="saint-lent", kind=TerritoryKind.COMMUNE,
                              population=9_000)
        user = User(email="anim@exemple.fr", display_name="Anim", password_hash="x")
        db.session.add_all([territory, user])
        db.session.add(Membership(user=user, territory=territory, role=Role.FACILITATOR))
        db.session.commit()
        made = []
        for question in ("Mobilités ?", "Budget ?"):
            board = boards.create_board(user, territory, question)
            boards.set_state(board.id, participants.facilitator_actor(user, board), None, "open")
            made.append((board.code, board.id))
        db.session.remove()
        db.engine.dispose()
    return made


def test_a_slow_query_on_one_board_does_not_stall_the_others(postgres_url, live_server_factory,
                                                             clients):
    # The server talks to PostgreSQL through psycopg2, made cooperative by greendb in
    # `thc run`: a query waiting on the database lets the other greenlets run.
    (code_a, id_a), (code_b, _id_b) = _postgres_boards(postgres_url)
    server = live_server_factory(THC_DATABASE_URL=postgres_url)
    stuck = clients(server.url)
    free = clients(server.url)
    stuck.join(code_a, "Nadia")
    free.join(code_b, "Bruno")
    blocker = psycopg2.connect(postgres_url)
    try:
        with blocker.cursor() as cur:  # holds board A's row: its next change waits on it
            cur.execute("SELECT id FROM board WHERE id = %s FOR UPDATE", (id_a,))
        results = []
        waiting = threading.Thread(
            target=lambda: results.append(stuck.op("add", column="c1", text="Bloquée")))
        waiting.start()
        time.sleep(1.0)
        started = time.monotonic()
        for i in range(3):
            ack = free.call("add", {"op": new_op(), "column": "c1", "text": f"Libre {i}"},
                            timeout=5)
            assert ack["ok"]
        elapsed = time.monotonic() - started
        assert elapsed < 2.0, f"board B waited {elapsed:.2f} s behind board A"
        assert waiting.is_alive() and not results  # board A is still waiting for its row
    finally:
        blocker.rollback()
        blocker.close()
    waiting.join(15)
    assert results and results[0]["ok"]
