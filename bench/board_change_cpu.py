"""Processor time of one board change, in-process, on a throw-away database.

    python bench/board_change_cpu.py [--database postgres|sqlite] [--changes 400]

Under eventlet or gevent a change's processor time is taken from every live board of the
process (the broadcasts wait for it), so it is measured on its own: 20 participants add
notes (then put dots) through the real services, one change after another (threading mode,
no socket), and the script prints the processor time and the wall time per change, after 50
changes of warm-up. Round trips are counted by bench/board_round_trips.py.
"""

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--changes", type=int, default=400)
    args = parser.parse_args()
    from board_fanout import Database

    tmp = tempfile.mkdtemp(prefix="thc-cpu-")
    database = Database(args.database)  # a throw-away PostgreSQL server, or a SQLite file
    try:
        run(database.url() or f"sqlite:///{tmp}/cpu.db", tmp, args.changes)
    finally:
        database.stop()


def run(url, tmp, changes):
    from board_fanout import open_bench_board

    from thc_participation import create_app
    from thc_participation.events.boards.services import notes, participants
    from thc_participation.events.boards.services.pipeline import Actor
    from thc_participation.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_DIR": tmp,
                      "THC_ASYNC_MODE": "threading", "RATELIMIT_ENABLED": False})
    with app.app_context():
        board, _user, _actor = open_bench_board()
        board_id = board.id
        people = []
        for i in range(20):
            people.append(Actor(participants.join_board(board, None, f"P{i}", None)
                                .participant_id))
            db.session.commit()
        db.session.remove()
    added = []

    def add(i):
        added.append(notes.add_note(board_id, people[i % 20], uuid.uuid4().hex, "c1",
                                    f"Note {i}").object["id"])

    def vote(i):
        notes.vote(board_id, people[i % 20], uuid.uuid4().hex, added[i % len(added)])

    print("| change | processor time per change | wall time per change |")
    print("|---|---|---|")
    for name, change, count in (("add", add, changes), ("vote", vote, min(changes, 19 * 20))):
        def series(n, offset=0, change=change):
            for i in range(offset, offset + n):
                with app.test_request_context():
                    change(i)
                    db.session.remove()

        warm = 50 if name == "add" else 0
        series(warm)
        cpu, wall = time.process_time(), time.perf_counter()
        series(count, warm)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"| {name} | {1000 * cpu / count:.2f} ms | {1000 * wall / count:.2f} ms |")


if __name__ == "__main__":
    main()
