"""Database round trips of each board socket event, counted on the real handlers.

    python bench/board_round_trips.py [--database postgres|sqlite]

Runs the ``/board`` handlers in-process (Flask-SocketIO's test client, threading mode) on a
throw-away database and counts, for each event, what reaches the database: every statement
(``before_cursor_execute``), every ``BEGIN`` (psycopg2 sends one before the first statement of
a transaction) and every ``COMMIT``/``ROLLBACK``. The pool's idle ping (``dbpool``, after 10 s
idle) is not triggered. Each event is measured for an anonymous participant and for a
signed-in one (whose session cookie costs the server-side session lookup).
"""

import argparse
import sys
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
NS = "/board"


class Counter:
    def __init__(self, engine):
        self.trips = []
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "begin", lambda conn: self.trips.append("BEGIN"))
        event.listen(engine, "commit", lambda conn: self.trips.append("COMMIT"))
        event.listen(engine, "rollback", lambda conn: self.trips.append("ROLLBACK"))

    def _statement(self, conn, cursor, statement, *args):
        self.trips.append(" ".join(statement.split()[:4]))

    def measure(self, run):
        self.trips = []
        answer = run()
        return answer, list(self.trips)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--verbose", action="store_true", help="print each round trip")
    args = parser.parse_args()
    from board_fanout import Database

    tmp = tempfile.mkdtemp(prefix="thc-trips-")
    database = Database(args.database)  # a throw-away PostgreSQL server, or a SQLite file
    try:
        run(database.url() or f"sqlite:///{tmp}/trips.db", tmp, args.verbose)
    finally:
        database.stop()


def run(url, tmp, verbose):
    from board_fanout import open_bench_board

    from thc_participation import create_app
    from thc_participation.accounts import sessions
    from thc_participation.extensions import db, socketio

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_DIR": tmp,
                      "THC_ASYNC_MODE": "threading", "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        board, user, _actor = open_bench_board()
        code = board.code
        token = sessions.open_session(user)
        db.session.commit()
        counter = Counter(db.engine)

    http = app.test_client()
    with http.session_transaction() as session:
        session["_user_id"], session["_fresh"] = token, True
    rows = []
    for who, flask_client in (("anonymous", None), ("signed-in", http)):
        sock = socketio.test_client(app, namespace=NS, flask_test_client=flask_client)

        def emit(name, payload, sock=sock):
            return counter.measure(lambda: sock.emit(name, payload, namespace=NS,
                                                     callback=True))

        joined, trips = emit("join", {"code": code, "pseudonym": "Nadia"})
        rows.append((who, "join (new participant)", trips))
        _ack, trips = emit("join", {"code": code, "token": joined["object"]["me"]["token"]})
        rows.append((who, "join (again)", trips))
        for i in range(3):  # the first add of a connection warms the pool's connection
            added, trips = emit("add", {"op": uuid.uuid4().hex, "column": "c1",
                                        "text": f"Note {i}"})
        rows.append((who, "add", trips))
        note = added["object"]["id"]
        rows.append((who, "vote", emit("vote", {"op": uuid.uuid4().hex, "note": note})[1]))
        rows.append((who, "unvote", emit("unvote", {"op": uuid.uuid4().hex, "note": note})[1]))
        rows.append((who, "snapshot", emit("snapshot", {})[1]))
        sock.disconnect(namespace=NS)
    print("| participant | event | round trips | detail |")
    print("|---|---|---|---|")
    for who, name, trips in rows:
        print(f"| {who} | {name} | {len(trips)} | {'; '.join(trips) if verbose else ''} |")


if __name__ == "__main__":
    main()
