"""Consultations at metropolis scale, on PostgreSQL (issue #13, item 6).

    python -W ignore bench/consultation_scale.py [--large 1000000] [--requests 20]
        [--proposals 100000] [--exports 10000,100000,1000000]

Builds a throw-away PostgreSQL cluster and fills it with SQL (INSERT ... SELECT
generate_series, not the ORM): consultations whose phases hold 100, 10,000 and ``--large``
comments (one reply for every ten root comments), phases with 100 and ``--proposals``
proposals, and one consultation per ``--exports`` size. Then it prints:

- phase page and proposals page: median time and SQL statement count per size (Flask test
  client in this process), for every sort, anonymous and signed in, page 1, page 2 reached by
  its "next" link and a page in the middle of the phase reached by a keyset link;
- ``contributions.csv`` and ``.json`` downloaded from a real server (``thc run``, eventlet) in
  a subprocess: time, size, rows per second, and the server process's RSS before and at its
  peak during the download (sampled every 10 ms);
- the participation report: the job's time per size, and the report page's time.

Targets: page time at the largest size <= 1.5 x at 100, same statement count; export peak RSS
at the largest size within 50 MB of the one at 10,000; export time linear in rows.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

START = "timestamp '2026-10-01 06:00:00'"


def comments_sql(roots):
    """Roots of a phase then one reply for every tenth root (parameters :c, :p, :u0, :users)."""
    return [f"""
        INSERT INTO comment (consultation_id, phase_id, section, depth, author_id, stance, body,
            created_at, moderation, up_count, down_count, score, reply_count, report_count,
            version)
        SELECT :c, :p, (ARRAY['situation','assessment','results'])[1 + i % 3], 0,
            :u0 + i % :users, (ARRAY['for','against','neutral'])[1 + i % 3],
            CASE WHEN i % 1000 = 0 THEN '=SOMME(A1:A9)'
                 ELSE 'Commentaire numéro ' || i || ' ' || repeat('x', 200) END,
            {START} + i * interval '1 second', 'visible', i % 7, i % 3, i % 7 - i % 3,
            CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END, 0, 1
        FROM generate_series(1, {roots}) AS i""", """
        INSERT INTO comment (consultation_id, phase_id, section, parent_id, root_id, depth,
            author_id, stance, body, created_at, moderation, up_count, down_count, score,
            reply_count, report_count, version)
        SELECT consultation_id, phase_id, section, id, id, 1, :u0 + id % :users, 'neutral',
            'Une réponse', created_at + interval '1 minute', 'visible', 0, 0, 0, 0, 0, 1
        FROM comment WHERE phase_id = :p AND parent_id IS NULL AND reply_count = 1""", """
        INSERT INTO vote (user_id, comment_id, value, created_at)
        SELECT :u0 + 1, id, 1, now() FROM comment
        WHERE phase_id = :p AND parent_id IS NULL AND id % 50 = 0"""]


def proposals_sql(count):
    return [f"""
        INSERT INTO proposal (consultation_id, phase_id, author_id, title, description, status,
            created_at, moderation, support_count, comment_count, report_count)
        SELECT :c, :p, :u0 + i % :users, 'Proposition ' || i, repeat('Une idée. ', 20),
            'submitted', {START} + i * interval '1 second', 'visible', i % 97, 0, 0
        FROM generate_series(1, {count}) AS i"""]


def roots_for(total):
    """Root comments so that roots plus one reply per ten roots make ``total``."""
    return round(total / 1.1)


def build(url, tmp, args):
    from sqlalchemy import text

    from bench.consultation_page import bench_app, territory_with_users
    from thc_participation.consultation.counters import recount
    from thc_participation.consultation.models import ConsultationState
    from thc_participation.consultation.services import consultations
    from thc_participation.extensions import db

    app = bench_app(url, tmp, SECRET_KEY="bench-secret-key")
    plan = {"small": ("comments", 100), "medium": ("comments", 10_000),
            "large": ("comments", args.large), "few": ("proposals", 100),
            "many": ("proposals", args.proposals)}
    plan.update({f"export-{n}": ("comments", n) for n in args.exports})
    with app.app_context():
        territory, users = territory_with_users(200, population=1_000_000)
        places = {}
        for name, (kind, count) in plan.items():
            started = time.perf_counter()
            consultation = consultations.create_consultation(users[0], territory, name,
                                                             phase_names=[name])
            consultations.set_state(users[0], consultation, ConsultationState.OPEN)
            db.session.commit()
            phase = consultation.phases[0]
            params = {"c": consultation.id, "p": phase.id, "u0": users[0].id, "users": 200}
            statements = (comments_sql(roots_for(count)) if kind == "comments"
                          else proposals_sql(count))
            for sql in statements:
                db.session.execute(text(sql), params)
            db.session.commit()
            places[name] = (consultation.id, phase.id, count)
            print(f"seeded {name:<14} {count:>9} {kind:<9} in {time.perf_counter() - started:6.1f} s",
                  flush=True)
        recount()
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        from thc_participation.accounts import sessions

        token = sessions.open_session(users[1])
        db.session.commit()
    return app, places, token


def timed(client, urls, engine, requests):
    """{key: (median ms, SQL statements)} of GET every url of ``urls`` ({key: url}), requested
    in turn (so that the machine's load falls on every size alike), after 2 warm-ups each."""
    from sqlalchemy import event

    counts, times = {key: 0 for key in urls}, {key: [] for key in urls}
    current = [None]

    def before(*_args):
        counts[current[0]] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        for i in range(requests + 2):
            keys = list(urls) if i % 2 else list(urls)[::-1]
            for key in keys:
                current[0], counts[key] = key, 0
                started = time.perf_counter()
                response = client.get(urls[key])
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, (urls[key], response.status_code)
                if i >= 2:
                    times[key].append(elapsed)
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return {key: (statistics.median(times[key]), counts[key]) for key in urls}


def next_link(client, url):
    import re

    html = client.get(url).get_data(as_text=True)
    return re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")


def middle_cursor(app, phase_id, sort):
    """The keyset link of the page in the middle of a phase (as a reader who walked there)."""
    from sqlalchemy import select

    from thc_participation.consultation.models import Comment, CommentSort
    from thc_participation.consultation.services.queries import _COMMENT_ORDERS
    from thc_participation.extensions import db

    order = _COMMENT_ORDERS[CommentSort(sort)]
    with app.app_context():
        total = db.session.scalar(select(db.func.count()).where(
            Comment.phase_id == phase_id, Comment.parent_id.is_(None)))
        row = db.session.execute(
            select(*order.columns).where(Comment.phase_id == phase_id,
                                         Comment.parent_id.is_(None))
            .order_by(*order.order_by()).offset(total // 2 - 1).limit(1)).one()
        return total // 2 // 20 + 1, order.cursor(row)


def pages(app, places, token, args):
    from bench.consultation_page import client_as
    from thc_participation.extensions import db

    sizes = ("small", "medium", "large")
    print(f"\nphase page (median of {args.requests} requests, ms / SQL statements)")
    print(f"{'viewer':<9} {'sort':<9} {'page':<7}" + "".join(
        f"{places[s][2]:>16,}" for s in sizes) + f"{'ratio':>7}")
    worst = 0.0
    with app.app_context():
        engine = db.engine
    for viewer in ("anonymous", "citizen"):
        client = client_as(app, token if viewer == "citizen" else None)
        for sort in ("recent", "supported", "debated", "oldest"):
            urls = {s: f"/t/banc/consultations/{places[s][0]}/phases/{places[s][1]}?tri={sort}"
                    for s in sizes}
            cases = {"1": urls, "2": {s: next_link(client, u) for s, u in urls.items()}}
            if viewer == "anonymous":
                middle = {}
                for s, u in urls.items():
                    number, cursor = middle_cursor(app, places[s][1], sort)
                    middle[s] = f"{u}&page={number}&apres={cursor}"
                cases["middle"] = middle
                cases["part"] = {s: u + "&partie=results" for s, u in urls.items()}
            for page, by_size in cases.items():
                results = timed(client, by_size, engine, args.requests)
                ratio = results["large"][0] / results["small"][0]
                worst = max(worst, ratio)
                print(f"{viewer:<9} {sort:<9} {page:<7}" + "".join(
                    f"{ms:9.1f} / {n:>3}" for ms, n in results.values()) + f"{ratio:7.2f}",
                    flush=True)
    print(f"\nproposals page ({places['few'][2]:,} vs {places['many'][2]:,} proposals)")
    client = app.test_client()
    for sort in ("supported", "recent"):
        urls = {s: f"/t/banc/consultations/{places[s][0]}/phases/{places[s][1]}/propositions"
                f"?tri={sort}" for s in ("few", "many")}
        for page, by_size in (("1", urls), ("2", {s: next_link(client, u)
                                                  for s, u in urls.items()})):
            results = timed(client, by_size, engine, args.requests)
            few, many = results["few"], results["many"]
            worst = max(worst, many[0] / few[0])
            print(f"{sort:<9} page {page}: {few[0]:7.1f} ms / {few[1]} SQL   "
                  f"{many[0]:7.1f} ms / {many[1]} SQL   ratio {many[0] / few[0]:.2f}", flush=True)
    print(f"worst page ratio: {worst:.2f} (target <= 1.5)")
    return worst


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def download(url, pid):
    """(seconds, bytes, RSS before in MB, peak RSS during in MB) of a streamed download."""
    import requests

    before = rss_kb(pid)
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.is_set() and os.path.exists(f"/proc/{pid}"):
            peak[0] = max(peak[0], rss_kb(pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    size = 0
    with requests.get(url, stream=True, timeout=3600) as response:
        assert response.status_code == 200, (response.status_code, response.text[:3000])
        for chunk in response.iter_content(256 * 1024):
            size += len(chunk)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    return elapsed, size, before / 1024, max(peak[0], rss_kb(pid)) / 1024


def exports(url, tmp, places, args):
    from tests.support.servers import LiveServer

    server = LiveServer({"THC_DATABASE_URL": url, "THC_INSTANCE_DIR": tmp,
                         "THC_SECRET_KEY": "bench-secret-key", "THC_RATELIMIT_ENABLED": "0",
                         "THC_MAIL_BACKEND": "file"}).start()
    pid = server.process.pid
    print("\nexports through a real server (thc run, eventlet), server process RSS")
    print(f"{'file':<18} {'rows':>9} {'seconds':>8} {'MB':>8} {'rows/s':>8} "
          f"{'RSS before':>11} {'RSS peak':>9}")
    try:
        for fmt in ("csv", "json"):  # warm-up: the first request imports and fills caches
            download(f"{server.url}/t/banc/consultations/{places['small'][0]}"
                     f"/contributions.{fmt}", pid)
        for fmt in ("csv", "json"):
            for n in args.exports:
                consultation_id = places[f"export-{n}"][0]
                elapsed, size, before, peak = download(
                    f"{server.url}/t/banc/consultations/{consultation_id}/contributions.{fmt}",
                    pid)
                print(f"contributions.{fmt:<5} {n:>9,} {elapsed:8.2f} {size / 1e6:8.1f} "
                      f"{n / elapsed:8.0f} {before:8.1f} MB {peak:6.1f} MB", flush=True)
    finally:
        server.stop()


def reports(app, places, args):
    from thc_participation.consultation.models import Consultation
    from thc_participation.consultation.services import report
    from thc_participation.extensions import db

    print("\nparticipation report: the job (report.refresh) and the page that shows it")
    client = app.test_client()
    for name in ("small", *(f"export-{n}" for n in args.exports)):
        with app.app_context():
            started = time.perf_counter()
            report.refresh(db.session.get(Consultation, places[name][0]))
            db.session.commit()
            job = time.perf_counter() - started
        with app.app_context():
            page, statements = timed(client, {name: f"/t/banc/consultations/{places[name][0]}"
                                              "/bilan"}, db.engine, args.requests)[name]
        print(f"{places[name][2]:>9,} comments: job {job:7.2f} s   page {page:6.1f} ms "
              f"({statements} SQL)", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--exports", default="10000,100000,1000000")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--skip", default="", help="comma list of: pages,exports,reports")
    args = parser.parse_args()
    args.exports = [int(n) for n in args.exports.split(",") if n]
    skip = set(args.skip.split(","))
    from tests.support.servers import PostgresServer

    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    tmp = tempfile.mkdtemp(prefix="thc-bench-scale-")
    server = PostgresServer().start()
    try:
        url = server.create_database("bench")
        app, places, token = build(url, tmp, args)
        worst = 0.0 if "pages" in skip else pages(app, places, token, args)
        if "exports" not in skip:
            exports(url, tmp, places, args)
        if "reports" not in skip:
            reports(app, places, args)
        with app.app_context():
            from thc_participation.extensions import db

            db.session.remove()
            db.engine.dispose()
    finally:
        server.stop()
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0 if worst <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
