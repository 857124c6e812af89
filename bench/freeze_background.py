"""Other clients' pages while a large draw is frozen by the job worker.

    .venv/bin/python bench/freeze_background.py [--size 100000] [--clients 4] [--baseline 15]

Builds a fresh SQLite database in a temporary instance folder (or the PostgreSQL database of
THC_DATABASE_URL, emptied first), a territory with an agent and a prepared draw over a skewed
pool of SIZE people (4 categories, up to 180 types, panel of 30: tests/evaluation/samples.py),
then starts `thc run` (eventlet) and `thc worker` as in `make run`. CLIENTS threads request
light public pages in a loop (the territory's draws and events lists, the roles help). After BASELINE
seconds the agent posts "Geler" (the freeze: a LEXIMIN lottery, CPU-heavy); the clients go on
until the worker has frozen the draw. Printed: the latency percentiles of the other clients
before and during the freeze, the freeze request's own latency, the job's duration, the load
average.
"""
import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.jobsite import fresh_site, worker_env  # noqa: E402
from tests.consultation.conftest import live_session  # noqa: E402
from tests.evaluation.samples import skewed_draw  # noqa: E402
from tests.support.servers import LiveServer  # noqa: E402
from tests.support.worker import Worker  # noqa: E402


def build(size, instance):
    app, url, territory, agent = fresh_site(instance)
    started = time.perf_counter()
    draw = skewed_draw(agent, territory, size)
    print(f"pool of {size:,} people built in {time.perf_counter() - started:.1f} s", flush=True)
    return app, url, territory.slug, draw.id, agent


class Clients:
    """Threads requesting light pages in a loop; each latency is recorded with its phase."""

    def __init__(self, base, pages, count):
        self.base, self.pages, self.count = base, pages, count
        self.phase, self.samples, self.errors = "baseline", {}, 0
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._loop, args=(i,)) for i in range(count)]

    def _loop(self, index):
        session = requests.Session()
        i = index
        while not self.stop.is_set():
            page = self.pages[i % len(self.pages)]
            i += 1
            phase = self.phase
            start = time.perf_counter()
            response = session.get(self.base + page, timeout=60)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                self.errors += 1
            self.samples.setdefault(phase, []).append(elapsed)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()


def summary(values):
    q = statistics.quantiles(values, n=100)
    return (f"{len(values):5d} requests  p50 {q[49] * 1000:6.1f} ms  p95 {q[94] * 1000:6.1f} ms  "
            f"p99 {q[98] * 1000:6.1f} ms  max {max(values) * 1000:6.1f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--baseline", type=float, default=15.0)
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="thc-bench-freeze-"))
    app, url, slug, draw_id, agent = build(args.size, instance)
    env = {**worker_env(app, url, instance), "THC_MAIL_BACKEND": "file"}
    server = LiveServer(env).start()
    worker = Worker(app, env.get("THC_REDIS_URL"), THC_MAIL_BACKEND="file").start()
    try:
        run(args, app, server, slug, draw_id, agent)
    finally:
        worker.stop()
        server.stop()


def run(args, app, server, slug, draw_id, agent):
    from thc_participation import jobs
    from thc_participation.evaluation import jobs as evaluation_jobs
    from thc_participation.extensions import db

    agent_session = live_session(server, agent)  # signed in through the login form
    pages = [f"/t/{slug}/tirages/", f"/t/{slug}/evenements", "/aide/roles"]
    for path in pages:  # warm up
        assert requests.get(server.url + path, timeout=30).status_code == 200, server.output()
    with Clients(server.url, pages, args.clients) as clients:
        time.sleep(args.baseline)
        clients.phase = "freeze"
        start = time.perf_counter()
        response = agent_session.post(f"{server.url}/t/{slug}/gestion/tirages/{draw_id}/geler",
                                      data={"confirmed": "1"}, allow_redirects=False)
        post = time.perf_counter() - start
        assert response.status_code == 302, (
            response.status_code, re.findall(r"<(?:p|h1)[^>]*>([^<]*)<", response.text))
        subject = f"draw:{draw_id}"
        while True:
            db.session.remove()
            job = jobs.latest(evaluation_jobs.FREEZE, subject)
            if job.state in (jobs.JobState.DONE, jobs.JobState.FAILED):
                break
            time.sleep(0.5)
        clients.phase = "after"
        time.sleep(1)
    assert job.state == jobs.JobState.DONE, job.message
    load = os.getloadavg()
    print(f"pool {args.size:,} people, {args.clients} clients on {', '.join(pages)}")
    print(f"freeze POST answered in {post * 1000:.0f} ms (302); job ran "
          f"{(job.finished_at - job.started_at).total_seconds():.1f} s in the worker")
    for phase in ("baseline", "freeze"):
        print(f"{phase:9s} {summary(clients.samples[phase])}")
    print(f"errors {clients.errors}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
