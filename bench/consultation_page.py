"""Phase page time with 10,000 comments against the same page with 100 comments.

    python bench/consultation_page.py [--small 100] [--large 10000] [--requests 60]
        [--databases sqlite,postgres]

Builds a fresh database (a temporary SQLite file, or a throw-away PostgreSQL cluster), a phase
with ``--small`` root comments and another with ``--large`` (plus one reply for every third
comment and votes), then times GET of both phase pages in the same process through the
Flask test client, interleaved, for every sort order, as an anonymous reader and as a
signed-in citizen. The target: large <= 1.5 x small.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def seed(db, consultation, phase, users, count):
    from sqlalchemy import insert, select

    from thc_participation.consultation.models import Comment, Vote
    from thc_participation.timeutil import utcnow

    now = utcnow()
    rows = [
        {"consultation_id": consultation.id, "phase_id": phase.id, "section": "situation",
         "author_id": users[i % len(users)].id, "body": f"Commentaire numéro {i} " + "x" * 200,
         "depth": 0, "stance": ("for", "against", "neutral")[i % 3], "created_at": now,
         "moderation": "visible", "up_count": i % 7, "down_count": i % 3,
         "score": i % 7 - i % 3, "reply_count": 1 if i % 3 == 0 else 0, "report_count": 0}
        for i in range(count)
    ]
    db.session.execute(insert(Comment), rows)
    roots = db.session.scalars(
        select(Comment.id).where(Comment.phase_id == phase.id).order_by(Comment.id)).all()
    replies = [
        {**rows[0], "parent_id": rid, "root_id": rid, "depth": 1, "body": "Une réponse",
         "reply_count": 0}
        for rid in roots[::3]
    ]
    if replies:
        db.session.execute(insert(Comment), replies)
    db.session.execute(insert(Vote), [
        {"user_id": users[1].id, "comment_id": rid, "value": 1, "created_at": now}
        for rid in roots[::2]
    ])
    db.session.commit()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    worst = 0.0
    for database in args.databases.split(","):
        tmp = tempfile.mkdtemp(prefix="thc-bench-")
        if database == "postgres":
            from tests.support.servers import PostgresServer

            server = PostgresServer().start()
            try:
                worst = max(worst, run(server.create_database("bench"), tmp, args))
            finally:
                server.stop()
        else:
            worst = max(worst, run(f"sqlite:///{tmp}/bench.db", tmp, args))
    return 0 if worst <= 1.5 else 1


def bench_app(url, tmp, **config):
    """The application on a fresh database ``url`` (instance folder ``tmp``), as the tests
    configure it."""
    from thc_participation import create_app
    from thc_participation.extensions import db

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_DIR": tmp, "TESTING": True,
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "THC_ASYNC_MODE": "threading",
        "MAIL_BACKEND": "file", "MAIL_DIR": tmp, **config,
    })
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def territory_with_users(count, population=12_000):
    """The territory ``banc`` and ``count`` confirmed accounts, the first one its agent (in an
    app context)."""
    from thc_participation.extensions import db
    from thc_participation.models import Membership, Role, Territory, TerritoryKind, User
    from thc_participation.timeutil import utcnow

    territory = Territory(name="Banc-d'Essai", slug="banc", kind=TerritoryKind.COMMUNE,
                          population=population)
    users = [User(email=f"u{i}@bench.fr", display_name=f"Habitant {i}", password_hash="!",
                  confirmed_at=utcnow()) for i in range(count)]
    db.session.add_all([territory, *users])
    db.session.flush()
    db.session.add(Membership(user_id=users[0].id, territory_id=territory.id, role=Role.AGENT))
    db.session.commit()
    return territory, users


def client_as(app, session_token=None):
    """A test client, signed in with ``session_token`` (from ``accounts.sessions``) if given."""
    client = app.test_client()
    if session_token:
        with client.session_transaction() as session:
            session["_user_id"] = session_token
    return client


def run(url, tmp, args):
    from thc_participation.consultation.models import ConsultationState
    from thc_participation.consultation.services import consultations
    from thc_participation.extensions import db

    app = bench_app(url, tmp)
    with app.app_context():
        territory, users = territory_with_users(50)
        consultation = consultations.create_consultation(users[0], territory, "Banc d'essai",
                                                         phase_names=["Petite", "Grande"])
        consultations.set_state(users[0], consultation, ConsultationState.OPEN)
        db.session.commit()  # services flush; the caller commits
        small, large = consultation.phases
        seed(db, consultation, small, users, args.small)
        seed(db, consultation, large, users, args.large)
        from thc_participation.consultation.counters import recount

        recount()  # bulk inserts bypass the ORM events that keep the phase counters
        db.session.commit()
        # A live database is vacuumed and analysed by autovacuum; do it now, as it would be.
        from sqlalchemy import text

        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql"
                              else "ANALYZE"))
        paths = {
            "small": f"/t/banc/consultations/{consultation.id}/phases/{small.id}",
            "large": f"/t/banc/consultations/{consultation.id}/phases/{large.id}",
        }
        from thc_participation.accounts import sessions

        citizen_token = sessions.open_session(users[1])
        db.session.commit()

    print(f"database: {url.split(':')[0]}; "
          f"{args.small} vs {args.large} root comments; {args.requests} requests per case")
    print(f"{'viewer':<10} {'sort':<10} {'small ms':>9} {'large ms':>9} {'ratio':>6}")
    worst = 0.0
    for viewer in ("anonymous", "citizen"):
        client = client_as(app, citizen_token if viewer == "citizen" else None)
        for sort in ("recent", "oldest", "supported", "debated"):
            times = {"small": [], "large": []}
            for i in range(args.requests + 5):
                for key in ("small", "large") if i % 2 else ("large", "small"):
                    start = time.perf_counter()
                    response = client.get(f"{paths[key]}?tri={sort}")
                    elapsed = time.perf_counter() - start
                    assert response.status_code == 200, response.status_code
                    if i >= 5:
                        times[key].append(elapsed * 1000)
            small_ms = statistics.median(times["small"])
            large_ms = statistics.median(times["large"])
            worst = max(worst, large_ms / small_ms)
            print(f"{viewer:<10} {sort:<10} {small_ms:9.2f} {large_ms:9.2f} {large_ms / small_ms:6.2f}")
    print(f"worst ratio: {worst:.2f} (target <= 1.5)")
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return worst


if __name__ == "__main__":
    sys.exit(main())
