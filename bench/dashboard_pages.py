"""Dashboard pages: the territory home (timeline from the data) and the network overview.

Fills a fresh SQLite database with N territories of the programme, each with documents,
team members, actors, four commitments and a few updates (no files), then times
``GET /t/<slug>/`` and ``GET /reseau`` through the WSGI app. Best of ``--repeat`` runs (the
machine is shared: the minimum is the least noisy).

    python bench/dashboard_pages.py --sizes 10,100,300 --repeat 5
"""

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dateutil.relativedelta import relativedelta  # noqa: E402

from thc_participation import create_app  # noqa: E402
from thc_participation.dashboard.models import (  # noqa: E402
    ActionUpdate,
    Actor,
    ActorStatus,
    Commitment,
    Document,
    DocumentKind,
    Stage,
    TeamMember,
    TeamRole,
)
from thc_participation.extensions import db  # noqa: E402
from thc_participation.models import Territory, TerritoryKind  # noqa: E402
from thc_participation.timeutil import utcnow  # noqa: E402


def fill(count):
    today = date.today()
    for i in range(count):
        start = today - relativedelta(months=i % 26)
        territory = Territory(name=f"Commune {i}", slug=f"commune-{i}", population=2_000 + i * 97,
                              kind=TerritoryKind.COMMUNE, programme_start=start,
                              latitude=43 + (i % 50) / 10, longitude=-1 + (i % 60) / 10)
        db.session.add(territory)
        db.session.flush()
        for role in TeamRole:
            db.session.add(TeamMember(territory_id=territory.id, role=role, name="Personne"))
        for kind in list(DocumentKind)[: i % len(DocumentKind)]:
            db.session.add(Document(territory_id=territory.id, kind=kind, title="Doc",
                                    document_date=start + timedelta(days=20), body="Texte"))
        for j in range(15):
            db.session.add(Actor(territory_id=territory.id, name=f"Acteur {j}", kind="association",
                                 description="x", latitude=territory.latitude,
                                 longitude=territory.longitude, status=ActorStatus.VALIDATED,
                                 reviewed_at=utcnow()))
        for j in range(4):
            commitment = Commitment(territory_id=territory.id, position=j, title="Engagement",
                                    description="x", expected_results="y")
            db.session.add(commitment)
            db.session.flush()
            for k in range(3):
                db.session.add(ActionUpdate(commitment_id=commitment.id, stage=Stage.CONCEPTION,
                                            update_date=start + timedelta(days=160 + k),
                                            text="Avancée"))
    db.session.commit()


def best(client, url, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    return min(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,300")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'territories':>11} {'home ms':>9} {'/reseau ms':>11} {'ms/territory':>13}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                              "INSTANCE_DIR": tmp, "RATELIMIT_ENABLED": False,
                              "THC_ASYNC_MODE": "threading"})
            with app.app_context():
                db.create_all()
                fill(size)
                client = app.test_client()
                home = best(client, f"/t/commune-{min(1, size - 1)}/", args.repeat)
                network = best(client, "/reseau", args.repeat)
                print(f"{size:>11} {home:>9.1f} {network:>11.1f} {network / size:>13.2f}")
                db.session.remove()
                db.engine.dispose()


if __name__ == "__main__":
    main()
