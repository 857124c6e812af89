"""Run as ``python -m tests.support.greendb_probe <eventlet|gevent> <postgresql url>``: patch
like ``thc run`` does, keep the event loop busy with another greenlet (5 ms of work between
turns, like a broadcast to a full plenary), and print (JSON) the median round trip of a quick
query on the loop and promptly, and how the busy greenlet fared while this one waited promptly
on a slow query."""

import json
import statistics
import sys
import time

from tests.support.green import patch

MODE, URL = sys.argv[1], sys.argv[2]
spawn, yield_turn, _join = patch(MODE)

import psycopg2  # noqa: E402 - after monkey-patching, as in thc run

from thc_participation import greendb  # noqa: E402

QUERIES = 30
QUICK = "SELECT 1"  # answered in about 0.1 ms: within PROMPT_SECONDS, but not at once
WORK_SECONDS = 0.005
turns = []


def busy_greenlet():
    while True:
        started = time.perf_counter()
        while time.perf_counter() - started < WORK_SECONDS:
            pass
        turns.append(time.perf_counter())
        yield_turn()


def median_round_trip(cursor, sql, count):
    times = []
    for _ in range(count):
        started = time.perf_counter()
        cursor.execute(sql)
        cursor.fetchall()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


greendb.patch_psycopg(MODE)
connection = psycopg2.connect(URL)
spawn(busy_greenlet)
yield_turn()
with connection.cursor() as cursor:
    on_loop = median_round_trip(cursor, QUICK, QUERIES)
    with greendb.promptly():
        prompt = median_round_trip(cursor, QUICK, QUERIES)
        turns.clear()
        slow = median_round_trip(cursor, "SELECT pg_sleep(0.3)", 1)
gaps = [b - a for a, b in zip(turns, turns[1:], strict=False)]
print(json.dumps({"work_seconds": WORK_SECONDS, "on_loop": on_loop, "prompt": prompt,
                  "slow": slow, "busy_turns_during_slow": len(turns),
                  "longest_gap_during_slow": max(gaps, default=None)}))
