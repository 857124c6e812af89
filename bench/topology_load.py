"""Load and faults against the production topology (the code of `thc deploy-local`: nginx,
N web workers, the job worker, PostgreSQL, Redis), with the Locust scenario of
bench/locustfile.py (`pip install -e '.[bench]'`).

    python bench/topology_load.py --workers 2 --users 200 --duration 600
    python bench/topology_load.py --workers 2 --users 100 --duration 240 --faults

Prints users, requests, errors, throughput and p50/p95/p99 (all requests, and the Socket.IO
board acknowledgements apart), the load average before and after, and checks in the database
that every comment the server acknowledged (302) is there. With --faults, at fixed times: a web
worker is SIGKILLed (and restarted 15 s later, as systemd would), PostgreSQL is restarted, Redis
is restarted; a probe requests a page every 0.25 s and two board clients on different workers
exchange a note every second, and the timeline printed says when each fault happened, what the
probe saw (French error page, no traceback) and when pages and live updates came back.
Rate limits are off (every Locust user comes from 127.0.0.1).
"""

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests
import socketio
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load_seed import seed  # noqa: E402
from thc_participation.config import normalise_database_url  # noqa: E402
from thc_participation.consultation.models import Comment  # noqa: E402
from thc_participation.topology import Topology  # noqa: E402

BENCH = Path(__file__).resolve().parent
START = time.monotonic()


def stamp(message):
    print(f"[{time.strftime('%H:%M:%S')} +{time.monotonic() - START:6.1f} s] {message}",
          flush=True)


def loadavg():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class PageProbe(threading.Thread):
    """GET a page every 0.25 s; records (time, status, French page, traceback)."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url, self.samples, self.running = url, [], True

    def run(self):
        session = requests.Session()
        while self.running:
            at = time.monotonic()
            try:
                response = session.get(self.url, timeout=5)
                body = response.text
                self.samples.append((at, response.status_code, 'lang="fr"' in body,
                                     "Traceback" in body))
            except requests.RequestException:
                self.samples.append((at, None, False, False))
            time.sleep(max(0.0, 0.25 - (time.monotonic() - at)))

    def after(self, since, until):
        """Between two faults: (failures, recovered after seconds or None, French pages,
        tracebacks)."""
        window = [s for s in self.samples if since <= s[0] < until]
        failed = [s for s in window if s[1] != 200]
        last_failure = max((s[0] for s in failed), default=None)
        french = sum(1 for s in failed if s[2])
        tracebacks = sum(1 for s in window if s[3])
        if not failed:
            return 0, 0.0, 0, tracebacks
        back = next((s[0] for s in self.samples if s[0] > last_failure and s[1] == 200), None)
        return len(failed), (None if back is None else back - since), french, tracebacks


class LiveProbe:
    """Two board clients on different web workers; the sender adds a note every second, the
    receiver records when each arrives (updates cross workers through Redis)."""

    def __init__(self, topology, board_code):
        self.received, self.sent, self.running = {}, [], True
        self.receiver = self._client(topology, topology.route_to(0), board_code, "Sonde A")
        self.sender = self._client(topology, topology.route_to(1), board_code, "Sonde B")
        self.receiver.on("change", self._on_change, namespace="/board")
        self.thread = threading.Thread(target=self._send, daemon=True)
        self.thread.start()

    @staticmethod
    def _client(topology, route, code, pseudonym):
        client = socketio.Client(reconnection=True, reconnection_delay=0.5,
                                 reconnection_delay_max=1)

        def join():
            client.start_background_task(client.call, "join",
                                         {"code": code, "pseudonym": pseudonym},
                                         namespace="/board", timeout=10)

        client.on("connect", join, namespace="/board")
        client.connect(topology.url, namespaces=["/board"], transports=["websocket"],
                       headers={"Cookie": f"thc_route={route}"}, wait_timeout=20)
        return client

    def _on_change(self, data):
        text_ = (data.get("object") or {}).get("text", "")
        if text_.startswith("sonde "):
            self.received.setdefault(text_, time.monotonic())

    def _send(self):
        """Add a note then delete it (a participant may keep 50 notes at most)."""
        n = 0
        while self.running:
            n += 1
            note = f"sonde {n}"
            try:
                ack = self.sender.call("add", {"op": os.urandom(8).hex(), "column": "c2",
                                               "text": note}, namespace="/board", timeout=5)
                if ack and ack.get("ok"):
                    self.sent.append((time.monotonic(), note))
                    time.sleep(0.5)  # under the per-participant flood limit
                    self.sender.call("delete", {"op": os.urandom(8).hex(),
                                                "note": ack["object"]["id"]},
                                     namespace="/board", timeout=5)
            except Exception:  # noqa: BLE001, S110 - the sender is reconnecting
                pass
            time.sleep(0.5)

    def resumed_after(self, since, until):
        """Seconds from ``since`` to the first note sent after it that crossed, or None."""
        crossed = [self.received[note] for at, note in self.sent
                   if since <= at < until and note in self.received]
        return (min(crossed) - since) if crossed else None

    def stop(self):
        self.running = False
        self.thread.join(5)
        for client in (self.sender, self.receiver):
            client.disconnect()


class CpuMeter:
    """CPU seconds used by each part of the topology (and by Locust itself) between
    ``start()`` and ``stop()``: shows where the machine's time goes and whether the load
    generator is the bottleneck."""

    def __init__(self, topology):
        pg = None
        if topology.postgres is not None:
            pid_file = Path(topology.postgres.data) / "postmaster.pid"
            pg = int(pid_file.read_text().split()[0])
        self.groups = {f"web-{i + 1}": [w.pid] for i, w in enumerate(topology.web)}
        self.groups.update({"job worker": [topology.worker.pid], "nginx": [topology.nginx.pid],
                            "postgresql": [pg] if pg else [],
                            "redis": [topology.redis.process.pid] if topology.redis else []})
        self.first = self._sample()
        self.first["locust"] = self._waited_children()
        self.since = time.monotonic()

    @staticmethod
    def _cpu(pid):
        try:
            root = psutil.Process(pid)
            total = 0.0
            for proc in [root, *root.children(recursive=True)]:
                times = proc.cpu_times()
                total += times.user + times.system + times.children_user + times.children_system
            return total
        except psutil.Error:
            return 0.0

    @staticmethod
    def _waited_children():
        """Locust has exited and was waited for when we report: its CPU is in our children's."""
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def _sample(self):
        return {name: sum(self._cpu(pid) for pid in pids) for name, pids in self.groups.items()}

    def report(self, requests_count):
        last, elapsed = self._sample(), time.monotonic() - self.since
        last["locust"] = self._waited_children()
        used = {name: max(0.0, last[name] - self.first[name]) for name in last}
        print(f"  CPU over {elapsed:.0f} s on {os.cpu_count()} cores (share of one core):")
        print("    " + ", ".join(f"{name} {100 * cpu / elapsed:.0f} %"
                                 for name, cpu in used.items()))
        server = sum(cpu for name, cpu in used.items() if name.startswith("web-"))
        if requests_count:
            print(f"    web workers: {1000 * server / requests_count:.1f} ms of CPU per request")


def run_faults(topology, schedule, started):
    """The scripted faults, at seconds after ``started``; returns [(name, monotonic time)]."""
    done = []
    for at, name in schedule:
        time.sleep(max(0.0, at - (time.monotonic() - started)))
        stamp(f"FAULT {name}")
        t0 = time.monotonic()
        if name == "kill web-1":
            topology.web[0].kill()
            done.append((name, t0))
            time.sleep(15)
            topology.web[0].start()
            topology.web[0].wait()
            stamp("web-1 restarted (as systemd's Restart=always would)")
        elif name == "restart postgresql":
            topology.restart_postgres(down_seconds=2)
            stamp("PostgreSQL back up (down 2 s)")
            done.append((name, t0))
        elif name == "restart redis":
            topology.restart_redis(down_seconds=2)
            stamp("Redis back up (down 2 s)")
            done.append((name, t0))
    return done


def locust_stats(prefix):
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows[(row["Type"], row["Name"])] = row
    return rows


def print_row(label, row):
    if row is None:
        return
    print(f"  {label:<28} requests {int(row['Request Count']):>7}  errors "
          f"{int(row['Failure Count']):>5}  {float(row['Requests/s']):7.1f} req/s  "
          f"p50 {row['50%']:>5} ms  p95 {row['95%']:>5} ms  p99 {row['99%']:>5} ms")


def acknowledged_writes_kept(database_url, acked_file):
    acked = [line for line in Path(acked_file).read_text(encoding="utf-8").splitlines() if line]
    engine = create_engine(normalise_database_url(database_url))
    table = Comment.__table__.name
    with engine.connect() as conn:
        stored = {row[0] for row in conn.execute(
            text(f"SELECT body FROM {table} WHERE body LIKE 'Charge %'"))}
    engine.dispose()
    return len(acked), sum(1 for body in acked if body not in stored)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=None,
                        help="users started per second (default: all within 30 s)")
    parser.add_argument("--duration", type=int, default=600, help="seconds")
    parser.add_argument("--faults", action="store_true")
    parser.add_argument("--locust-processes", type=int, default=1)
    parser.add_argument("--wait-scale", type=float, default=1.0,
                        help="multiplies the users' pauses (0.1: ten times busier users)")
    args = parser.parse_args()
    spawn_rate = args.spawn_rate or max(1.0, args.users / 30)

    work = Path(tempfile.mkdtemp(prefix="thc-load-"))
    topology = Topology(workers=args.workers, log=stamp,
                        env={"THC_RATELIMIT_ENABLED": "0", "THC_MAIL_BACKEND": "file"})
    stamp(f"load average before: {loadavg()}")
    topology.start()
    probe = live = None
    try:
        stamp(f"topology up: {args.workers} web worker(s) behind {topology.url}")
        data = seed(topology.database_url)
        (work / "data.json").write_text(json.dumps(data), encoding="utf-8")
        stamp(f"seeded: {data['citizens']} citizens, {len(data['comments'])} comments, "
              f"board {data['board']}")
        if args.faults:
            probe = PageProbe(f"{topology.url}/t/{data['slug']}/consultations/")
            probe.start()
            live = LiveProbe(topology, data["board"])
        env = {**os.environ, "THC_BENCH_WAIT": str(args.wait_scale),
               "THC_BENCH_DATA": str(work / "data.json"),
               "THC_BENCH_ACKED": str(work / "acked.txt")}
        command = [str(Path(sys.executable).parent / "locust"), "-f", str(BENCH / "locustfile.py"),
                   "--headless", "-u", str(args.users), "-r", str(spawn_rate),
                   "-t", f"{args.duration}s", "--host", topology.url, "--csv", str(work / "run"),
                   "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"]
        if args.locust_processes > 1:
            command += ["--processes", str(args.locust_processes)]
        stamp(f"locust: {args.users} users, {spawn_rate:g}/s, {args.duration} s")
        started = time.monotonic()
        locust = subprocess.Popen(command, env=env, stdout=open(work / "locust.log", "w"),
                                  stderr=subprocess.STDOUT)
        meter = CpuMeter(topology)
        faults = []
        if args.faults:
            schedule = [(60, "kill web-1"), (120, "restart postgresql"), (180, "restart redis")]
            faults = run_faults(topology, [f for f in schedule if f[0] < args.duration - 30],
                                started)
        locust.wait()
        stamp(f"load average after: {loadavg()}")
        report(args, spawn_rate, work, topology, probe, live, faults, meter)
    finally:
        for thing in (live, probe):
            if thing is not None:
                thing.running = False
        if live is not None:
            live.stop()
        shutil.copytree(topology.logs, work / "logs", dirs_exist_ok=True)
        topology.stop()
        print(f"(Locust's files: {work})")


def report(args, spawn_rate, work, topology, probe, live, faults, meter):
    rows = locust_stats(work / "run")
    print(f"\n== {args.users} users, {args.workers} web worker(s), {args.duration} s "
          f"(ramp-up {spawn_rate:g} users/s, pauses x{args.wait_scale:g}) ==")
    print_row("all (HTTP + Socket.IO)", rows.get(("", "Aggregated")))
    meter.report(int(rows[("", "Aggregated")]["Request Count"]))
    print_row("Socket.IO board add", rows.get(("SIO", "board add")))
    print_row("Socket.IO connect+join", rows.get(("SIO", "board connect+join")))
    slow = sorted((r for k, r in rows.items() if k[0] not in ("", "SIO")),
                  key=lambda r: -float(r["99%"] or 0))[:5]
    print("  slowest at p99:")
    for row in slow:
        print_row(f"  {row['Type']} {row['Name']}"[:28], row)
    failures = work / "run_failures.csv"
    if failures.exists():
        for row in list(csv.DictReader(open(failures, encoding="utf-8")))[:10]:
            print(f"  failure x{row['Occurrences']}: {row['Method']} {row['Name']}: "
                  f"{row['Error'][:160]}")
    errors = [line for web in topology.web for line in web.output().splitlines()
              if "Error" in line and not line.startswith(" ")]
    print(f"  web workers' logged errors: {len(errors)}"
          + "".join(f"\n    x{errors.count(e)} {e[:160]}" for e in sorted(set(errors))[:5]))
    acked, lost = acknowledged_writes_kept(topology.database_url, work / "acked.txt")
    print(f"  acknowledged comments: {acked}, missing from the database: {lost}")
    ends = [at for _, at in faults[1:]] + [time.monotonic()] * bool(faults)
    for (name, at), until in zip(faults, ends, strict=True):
        failed, back, french, tracebacks = probe.after(at, until)
        line = (f"  {name}: probe saw {failed} failed request(s), "
                f"{french} with the French error page, {tracebacks} traceback(s); ")
        line += "pages never failed" if failed == 0 else (
            f"pages back after {back:.1f} s" if back is not None else "pages NOT back")
        resumed = live.resumed_after(at, until)
        line += ("; live updates across workers NOT resumed" if resumed is None
                 else f"; live updates across workers resumed after {resumed:.1f} s")
        print(line)


if __name__ == "__main__":
    main()
