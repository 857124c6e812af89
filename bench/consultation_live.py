"""Post-to-delivery latency of a comment with 200 Socket.IO viewers on a phase.

    python bench/consultation_live.py [--viewers 200] [--posts 50] [--interval 0.2]
        [--databases sqlite,postgres] [--mode eventlet]

For each database, starts the real server (``thc run``) in a subprocess on a fresh database
(a temporary SQLite file, or a throw-away PostgreSQL cluster), connects ``--viewers``
python-socketio clients (asyncio, websocket transport) that join the phase room, then a
signed-in citizen posts ``--posts`` comments through the real HTML form (CSRF token, login,
rate limits off), after ``--warmup`` posts that are not counted (first template renders).
Latency is measured from just before the POST is sent to the moment each
viewer receives ``comment_created``; so it includes the request, the checks, the database
write and commit, and the fan-out.
"""

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "un mot de passe de banc d'essai"


def prepare(database_url, instance_dir):
    """Schema, a territory, an open consultation and a citizen; returns the phase URL and user."""
    from thc_participation import create_app
    from thc_participation.consultation.models import ConsultationState
    from thc_participation.consultation.services import consultations
    from thc_participation.extensions import db
    from thc_participation.models import Membership, Role, Territory, TerritoryKind, User
    from thc_participation.timeutil import utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_DIR": instance_dir,
                      "THC_ASYNC_MODE": "threading", "MAIL_BACKEND": "file",
                      "MAIL_DIR": instance_dir})
    with app.app_context():
        db.drop_all()
        db.create_all()
        territory = Territory(name="Banc-d'Essai", slug="banc", kind=TerritoryKind.COMMUNE,
                              population=12_000)
        agent = User(email="agent@bench.fr", display_name="Agent", password_hash="!",
                     confirmed_at=utcnow())
        citizen = User(email="citoyen@bench.fr", display_name="Citoyen", confirmed_at=utcnow())
        citizen.set_password(PASSWORD)
        db.session.add_all([territory, agent, citizen])
        db.session.flush()
        db.session.add(Membership(user_id=agent.id, territory_id=territory.id, role=Role.AGENT))
        db.session.commit()
        consultation = consultations.create_consultation(agent, territory, "Banc d'essai")
        consultations.set_state(agent, consultation, ConsultationState.OPEN)
        db.session.commit()  # services flush; the caller commits
        phase = consultation.phases[0]
        path = f"/t/banc/consultations/{consultation.id}/phases/{phase.id}"
        result = (path, phase.id, app.config["SECRET_KEY"])
        db.session.remove()
        db.engine.dispose()
    return result


async def run_clients(base, path, phase_id, viewers, posts, interval, warmup):
    import aiohttp
    import socketio

    arrivals = {}  # post number -> list of arrival times
    clients = []

    def handler(data):
        match = re.search(r"bench-(-?\d+)", data.get("body_html", ""))
        if match:
            arrivals.setdefault(int(match.group(1)), []).append(time.perf_counter())

    async def connect():
        client = socketio.AsyncClient(reconnection=False)
        client.on("comment_created", handler, namespace="/consultation")
        await client.connect(base, namespaces=["/consultation"], transports=["websocket"],
                             wait_timeout=30)
        answer = await client.call("join", {"phase": phase_id}, namespace="/consultation",
                                   timeout=30)
        assert answer["ok"], answer
        clients.append(client)

    for start in range(0, viewers, 25):
        await asyncio.gather(*(connect() for _ in range(start, min(viewers, start + 25))))
    sent = {}
    # unsafe=True: keep the session cookie of a server addressed by IP (127.0.0.1)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        token_re = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
        page = await (await http.get(f"{base}/compte/connexion")).text()
        login = await http.post(f"{base}/compte/connexion", allow_redirects=False, data={
            "email": "citoyen@bench.fr", "password": PASSWORD,
            "csrf_token": token_re.search(page).group(1)})
        assert login.status == 302, login.status
        page = await (await http.get(base + path)).text()
        token = token_re.search(page).group(1)
        await asyncio.sleep(1)
        for n in range(-warmup, posts):
            sent[n] = time.perf_counter()
            response = await http.post(base + path, allow_redirects=False, data={
                "csrf_token": token, "section": "situation", "stance": "neutral",
                "body": f"Commentaire bench-{n} : plus de bus le dimanche."})
            assert response.status == 302, (response.status, await response.text())
            await asyncio.sleep(interval)
    await asyncio.sleep(2)
    for client in clients:
        await client.disconnect()
    latencies = [(t - sent[n]) * 1000 for n, times in arrivals.items() if n >= 0 for t in times]
    per_post = sorted(max(times) - sent[n] for n, times in arrivals.items() if n >= 0)
    print("slowest posts (last viewer, ms):", [round(v * 1000) for v in per_post[-5:]])
    expected = viewers * posts
    return latencies, expected


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def bench(database, args):
    from tests.support.servers import LiveServer, PostgresServer

    instance = tempfile.mkdtemp(prefix="thc-bench-live-")
    pg = None
    if database == "postgres":
        pg = PostgresServer().start()
        url = pg.create_database("bench")
    else:
        url = f"sqlite:///{instance}/bench.db"
    try:
        path, phase_id, secret = prepare(url, instance)
        server = LiveServer({"THC_DATABASE_URL": url, "THC_INSTANCE_DIR": instance,
                             "THC_SECRET_KEY": secret, "THC_RATELIMIT_ENABLED": "0",
                             "THC_MAIL_BACKEND": "file"}, async_mode=args.mode).start()
        try:
            latencies, expected = asyncio.run(run_clients(
                server.url, path, phase_id, args.viewers, args.posts, args.interval, args.warmup))
        finally:
            server.stop()
    finally:
        if pg:
            pg.stop()
    print(f"{database:<9} {args.mode:<8} viewers={args.viewers} posts={args.posts} "
          f"delivered={len(latencies)}/{expected} "
          f"median={statistics.median(latencies):.1f} ms p99={percentile(latencies, 99):.1f} ms "
          f"max={max(latencies):.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--warmup", type=int, default=3, help="posts sent first, not counted")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--mode", default="eventlet", choices=("eventlet", "gevent"))
    args = parser.parse_args()
    for database in args.databases.split(","):
        bench(database, args)


if __name__ == "__main__":
    main()
