"""Network calendar feed: full generation vs a conditional request answered 304, and scaling.

Fills a fresh SQLite database (or ``--database-url``) with N public network events, one in
ten recurring (monthly, 12 occurrences, one cancelled and one moved), then times
``GET /calendrier/reseau.ics`` through the WSGI app: a full generation, and the same request
with ``If-None-Match`` answered 304. Best of ``--repeat`` runs per size, in wall-clock time and in CPU time of the process (the
machine is shared: CPU time and the minimum are the least noisy).

    python bench/feeds.py --sizes 500,5000,50000 --repeat 7

Targets (issue 4): at 5,000 events, 304 under 5 % of a full generation; ten times the
events at most twelve times the time.
"""

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from thc_participation import create_app  # noqa: E402
from thc_participation.events.models import Event, EventOccurrence  # noqa: E402
from thc_participation.events.recurrence import expand  # noqa: E402
from thc_participation.extensions import db  # noqa: E402
from thc_participation.timeutil import from_paris, utcnow  # noqa: E402

KINDS = ("visite", "seminaire", "visio-publique", "reunion", "autre")


def fill(count, past_days=0):
    """``count`` public network events; every tenth a monthly series with two exceptions.
    ``past_days``: the events are spread from that many days ago to 700 days ahead (a network
    that has run for years), instead of over the next 700 days only."""
    db.session.execute(db.delete(EventOccurrence))
    db.session.execute(db.delete(Event))
    now = utcnow()
    base = from_paris(datetime(now.year, now.month, 1, 18, 0))
    rows, occurrences = [], []
    for i in range(count):
        if past_days:
            start = base + timedelta(days=(i * (past_days + 700)) // count - past_days,
                                     hours=(i % 5) - 2)
        else:
            start = base + timedelta(days=i % 700, hours=(i % 5) - 2)
        end = start + timedelta(hours=2)
        recurring = i % 10 == 0
        rule = "FREQ=MONTHLY;COUNT=12" if recurring else ""
        series_end = expand(start, end, rule)[-1].end if recurring else end
        rows.append({
            "id": i + 1, "kind": KINDS[i % len(KINDS)], "title": f"Événement du réseau n° {i}",
            "description": "Rencontre entre territoires : retours d'expérience, ateliers "
                           "et temps d'échange autour de la participation citoyenne.",
            "start_at": start, "end_at": end, "all_day": i % 7 == 0,
            "series_end_at": series_end, "rrule": rule,
            "address": f"{i % 90 + 1} rue de la République, Lyon", "latitude": 45.76,
            "longitude": 4.83, "online_url": "", "visibility": "public",
            "status": "cancelled" if i % 50 == 0 else "scheduled", "cancel_reason": "",
            "registration_enabled": True, "partners": "", "step_free": False,
            "childcare": False, "interpretation": "", "accessibility_notes": "",
            "sequence": i % 3, "created_at": now, "last_modified": now, "parent_id": None,
            "territory_id": None,
        })
        if recurring:
            series = expand(start, end, rule)
            occurrences.append({"event_id": i + 1, "original_start": series[3].original_start,
                                "cancelled": True, "address": "", "last_modified": now})
            moved = series[6].original_start
            occurrences.append({"event_id": i + 1, "original_start": moved, "cancelled": False,
                                "start_at": moved + timedelta(days=1),
                                "end_at": moved + timedelta(days=1, hours=2), "address": "",
                                "last_modified": now})
    db.session.execute(db.insert(Event), rows)
    if occurrences:
        db.session.execute(db.insert(EventOccurrence), occurrences)
    db.session.commit()


def timed(client, headers, expected):
    """(wall seconds, CPU seconds of this process, response)."""
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get("/calendrier/reseau.ics", headers=headers)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert response.status_code == expected, response.status_code
    return wall, cpu, response


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="500,5000,50000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--past-days", type=int, default=0,
                        help="spread the events from that many days ago (0: the next 700 days)")
    parser.add_argument("--feed-history-days", type=int, default=None,
                        help="THC_FEED_HISTORY_DAYS (365: the window before issue 19)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="thc-bench-feeds-")
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "THC_ASYNC_MODE": "threading",
                      "RATELIMIT_ENABLED": False, "INSTANCE_DIR": folder,
                      "THC_BASE_URL": "https://participation.example.fr",
                      **({"THC_FEED_HISTORY_DAYS": args.feed_history_days}
                         if args.feed_history_days is not None else {})})
    results = {}
    with app.app_context():
        db.drop_all()
        db.create_all()
        client = app.test_client()
        for size in [int(s) for s in args.sizes.split(",")]:
            fill(size, args.past_days)
            response = timed(client, {}, 200)[2]  # warm-up
            etag = response.headers["ETag"]
            full = [timed(client, {}, 200)[:2] for _ in range(args.repeat)]
            cached = [timed(client, {"If-None-Match": etag}, 304)[:2]
                      for _ in range(args.repeat)]
            results[size] = [min(t[i] for t in runs) for runs in (full, cached)
                             for i in (0, 1)]
            full_wall, full_cpu, cached_wall, cached_cpu = results[size]
            print(f"{size:>6} events ({response.data.count(b'BEGIN:VEVENT')} VEVENT, "
                  f"{len(response.data) / 1e6:.1f} MB): full {full_wall * 1000:8.1f} ms wall "
                  f"{full_cpu * 1000:8.1f} ms CPU | 304 {cached_wall * 1000:6.2f} ms wall "
                  f"{cached_cpu * 1000:6.2f} ms CPU | 304/full {cached_cpu / full_cpu:6.2%} CPU",
                  flush=True)
    sizes = sorted(results)
    for small, big in zip(sizes, sizes[1:], strict=False):
        wall = results[big][0] / results[small][0]
        cpu = results[big][1] / results[small][1]
        print(f"{big} / {small} events: full generation x{cpu:.1f} CPU, x{wall:.1f} wall "
              f"(for x{big / small:.0f} events)")


if __name__ == "__main__":
    main()
