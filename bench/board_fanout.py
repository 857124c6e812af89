"""Live workshop boards: fan-out, ordering, join storm, offline catch-up and crash recovery.

Runs python-socketio clients (asyncio) against real servers started as subprocesses, and
compares, in the same run, the real board (``thc run``: checks, database write, change log)
with a bare Flask-SocketIO broadcast server (no persistence, no checks) in the same async mode.

    python bench/board_fanout.py fanout --clients 500 --rate 20 --duration 60 \
        --servers bare,board --modes eventlet,gevent [--processes 2] [--workers 4]
    python bench/board_fanout.py join --clients 500 --notes 200
    python bench/board_fanout.py offline --clients 100 --changes 100
    python bench/board_fanout.py kill --clients 500

Both servers broadcast the same note fields, and every process of the bench (servers and
clients) uses the collector settings of ``thc run``, so the comparison isolates what the board
adds. Latency is measured from the sender's ``add`` to the moment each participant *applies*
the change (after version-order buffering, as the real client does), in all and per 10-second
window of sending (a stall shows as one bad window); the fanout clients run in ``--workers``
processes that report their own CPU (``fanout_workers``); "arrival inversions" count
changes that arrived before an earlier version (the buffer hides them; "visible reorderings"
must stay 0). Internal sub-commands: ``serve-bare`` (the bare server) and ``setup`` (creates
the board in a fresh database and prints its code).
"""

import os
import sys

# The server sub-commands must monkey-patch before anything else is imported.
if len(sys.argv) > 1 and sys.argv[1] == "serve-bare":
    if os.environ.get("THC_ASYNC_MODE", "eventlet") == "gevent":
        from gevent import monkey

        monkey.patch_all()
    else:
        import eventlet

        eventlet.monkey_patch()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from array import array  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

from thc_participation.gc_tuning import tune_for_serving  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NS = "/board"
NOTES_PER_SENDER = 40  # under the board's limit of 50 notes per participant


def sender_count(args):
    """At least 20 participants write, and none more than NOTES_PER_SENDER notes."""
    return max(20, -(-int(args.rate * args.duration) // NOTES_PER_SENDER))


# --------------------------------------------------------------------------- servers


def serve_bare(redis_url):
    """A bare Flask-SocketIO broadcast server speaking the subset of the protocol the bench
    uses (join, add -> change); versions from a counter (Redis INCR across processes)."""
    from flask import Flask
    from flask_socketio import SocketIO, join_room

    app = Flask(__name__)
    mode = os.environ.get("THC_ASYNC_MODE", "eventlet")
    sio = SocketIO(app, async_mode=mode, message_queue=redis_url)
    counter = {"v": 0}
    if redis_url:
        import redis

        store = redis.Redis.from_url(redis_url)

        def next_version():
            return store.incr("bench:version")

        def current_version():
            return int(store.get("bench:version") or 0)
    else:

        def next_version():
            counter["v"] += 1
            return counter["v"]

        def current_version():
            return counter["v"]

    @sio.on("join", namespace=NS)
    def join(data):
        join_room("bench")
        return {"ok": True, "version": current_version(),
                "object": {"catch_up": "none", "me": {}}}

    @sio.on("add", namespace=NS)
    def add(data):
        # The same fields as the board's note (note_dict), so that both servers send, and the
        # clients decode, the same bytes.
        version = next_version()
        note = {"id": version, "column": data["column"], "position": version, "cluster": None,
                "text": data["text"], "hidden": False, "author": 1, "author_name": "P1",
                "votes": 0, "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z")}
        change = {"version": note["id"], "kind": "note.added", "object": note}
        sio.emit("change", change, to="bench", namespace=NS)
        return {"ok": True, **change}

    port = int(os.environ["BENCH_PORT"])
    tune_for_serving()  # as ``thc run`` does
    sio.run(app, host="127.0.0.1", port=port, log_output=False)


def open_bench_board():
    """In an app context: the schema, a territory, an admin and an open board (20 dots)."""
    from thc_participation.events.boards.services import boards, participants
    from thc_participation.extensions import db
    from thc_participation.models import Territory, TerritoryKind, User

    db.create_all()
    territory = Territory(slug="banc", name="Banc d'essai", kind=TerritoryKind.COMMUNE,
                          population=12_000)
    admin = User(email="bench@exemple.fr", display_name="Banc", password_hash="-",
                 is_admin=True)
    db.session.add_all([territory, admin])
    db.session.commit()
    board = boards.create_board(admin, territory, "Comment associer les habitants ?", dots=20)
    actor = participants.facilitator_actor(admin, board)
    boards.set_state(board.id, actor, None, "open")  # a board change commits
    return board, admin, actor


def setup_board(notes):
    """Create the schema, a territory and an open board (with ``notes`` notes); print the code."""
    from thc_participation import create_app
    from thc_participation.events.boards.services import notes as board_notes

    app = create_app({"RATELIMIT_ENABLED": False})
    with app.app_context():
        board, _admin, actor = open_bench_board()
        for i in range(notes):
            board_notes.add_note(board.id, actor, uuid.uuid4().hex, "c2",
                                 f"Idée existante n°{i}")
        print(board.code, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not start")


class Servers:
    """The server processes of one configuration (bare or board, 1 or 2 processes)."""

    def __init__(self, kind, mode, processes, redis_url, notes=0, database_url=None):
        self.kind, self.mode, self.redis_url = kind, mode, redis_url
        self.tmp = tempfile.mkdtemp(prefix="thc-bench-")
        self.env = dict(os.environ, THC_ASYNC_MODE=mode, THC_INSTANCE_DIR=self.tmp)
        self.env["THC_RATELIMIT_ENABLED"] = "0"
        # Every bench participant joins from 127.0.0.1, like a plenary on one venue's Wi-Fi.
        self.env["THC_BOARD_NEWCOMERS"] = "100000"
        if redis_url:
            self.env["THC_REDIS_URL"] = redis_url
        if kind == "board":
            self.env["THC_DATABASE_URL"] = database_url or f"sqlite:///{self.tmp}/bench.db"
            out = subprocess.run(
                [PYTHON, __file__, "setup", "--notes", str(notes)],
                env=self.env, cwd=ROOT, check=True, capture_output=True, text=True,
            )
            self.code = out.stdout.strip().splitlines()[-1]
        else:
            self.code = "BARE00"
        self.ports = [free_port() for _ in range(processes)]
        self.procs = [None] * processes
        for i in range(processes):
            self.start(i)

    def start(self, i):
        port = self.ports[i]
        if self.kind == "bare":
            cmd = [PYTHON, __file__, "serve-bare"]
            if self.redis_url:
                cmd += ["--redis", self.redis_url]
        else:
            cmd = [PYTHON, "-c", "from thc_participation.entry import main; main()",
                   "run", "--port", str(port)]
        env = dict(self.env, BENCH_PORT=str(port))
        self.procs[i] = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        wait_port(port)

    def kill(self, i):
        self.procs[i].send_signal(signal.SIGKILL)
        self.procs[i].wait()

    def urls(self):
        return [f"http://127.0.0.1:{p}" for p in self.ports]

    def stop(self):
        for proc in self.procs:
            if proc and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


class Database:
    """SQLite (a file per run) or a throw-away PostgreSQL server (psycopg2, made cooperative
    by ``greendb``)."""

    def __init__(self, kind):
        self.kind, self.server = kind, None
        if kind == "postgres":
            sys.path.insert(0, str(ROOT))
            from tests.support.servers import PostgresServer

            self.server = PostgresServer().start()

    def url(self):
        if self.server is None:
            return None
        return self.server.create_database(f"bench_{uuid.uuid4().hex[:8]}")

    def stop(self):
        if self.server is not None:
            self.server.stop()


def start_redis():
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    wait_port(port)
    return proc, f"redis://127.0.0.1:{port}/0"


# --------------------------------------------------------------------------- clients


class Ids:
    """A set of small positive integers (versions, note ids) kept as one byte per integer.

    500 participants' Python sets of the same notes would all be rehashed at the same moment
    (at 1,229 and 4,915 entries, 1,000 sets of 0.5 MB at once): a pause of the bench's client
    that showed as a stall of whichever server was measured at that minute.
    """

    def __init__(self, ids=()):
        self.flags = bytearray()
        for i in ids:
            self.add(i)

    def add(self, i):
        """Add ``i``; True if it was already there."""
        if i >= len(self.flags):
            self.flags.extend(bytes(max(i + 1 - len(self.flags), 1024)))
        present = self.flags[i] == 1
        self.flags[i] = 1
        return present

    def discard(self, i):
        if i < len(self.flags):
            self.flags[i] = 0

    def ids(self):
        return {i for i, flag in enumerate(self.flags) if flag}

    def __len__(self):
        return self.flags.count(1)


class Participant:
    """A participant applying changes in version order, as static/boards/board.js does."""

    def __init__(self, url, code, name, latencies):
        import socketio

        self.url, self.code, self.name, self.latencies = url, code, name, latencies
        self.sio = socketio.AsyncClient(
            reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1.0,
            randomization_factor=0.5,
        )
        self.token = None
        self.applied = 0
        self.buffer = {}
        self.arrived = Ids()
        self.duplicates = 0
        self.inversions = 0
        self.last_arrival = 0
        self.notes = Ids()
        self.joined = False
        self.errors = 0
        self.rejoin_task = None
        self.sio.on("change", self.on_change, namespace=NS)
        self.sio.on("connect", self.on_connect, namespace=NS)

    async def connect(self):
        await self.sio.connect(self.url, namespaces=[NS], transports=["websocket"],
                               wait_timeout=30)
        await self.join()

    async def join(self):
        ack = await self.sio.call("join", {"code": self.code, "pseudonym": self.name,
                                           "token": self.token,
                                           "since": self.applied or None},
                                  namespace=NS, timeout=30)
        if not ack.get("ok"):
            self.errors += 1
            raise RuntimeError(f"join refused: {ack}")
        obj = ack["object"]
        self.token = obj["me"].get("token") or self.token
        if obj["catch_up"] == "snapshot":
            self.notes = Ids(n["id"] for n in obj["snapshot"]["notes"])
            self.applied = ack["version"]
            self.buffer = {v: c for v, c in self.buffer.items() if v > self.applied}
        elif obj["catch_up"] == "changes":
            for change in obj["changes"]:
                self.receive(change, broadcast=False)
        else:
            self.applied = max(self.applied, ack["version"])
        self.joined = True
        self.drain()

    async def on_connect(self):
        if self.joined:  # a reconnection: catch up from the last applied version
            self.rejoin_task = asyncio.ensure_future(self._rejoin())

    async def _rejoin(self):
        try:
            await self.join()
        except Exception:  # noqa: BLE001 - counted, the next reconnection tries again
            self.errors += 1

    def on_change(self, change):
        self.receive(change, broadcast=True)

    def receive(self, change, broadcast):
        version = change["version"]
        if broadcast:
            if self.arrived.add(version):
                self.duplicates += 1
            if version < self.last_arrival:
                self.inversions += 1
            self.last_arrival = max(self.last_arrival, version)
        if version > self.applied:
            self.buffer[version] = change
        self.drain()

    def drain(self):
        while self.applied + 1 in self.buffer:
            change = self.buffer.pop(self.applied + 1)
            self.applied += 1
            self.apply(change)

    def apply(self, change):
        kind, obj = change["kind"], change["object"]
        if kind == "note.added":
            self.notes.add(obj["id"])
            parts = obj["text"].split()
            if len(parts) == 3 and parts[0] == "bench":
                self.latencies.add(float(parts[2]))
        elif kind == "note.deleted":
            self.notes.discard(obj["id"])


class Sender:
    """Adds notes; retries an unacknowledged note with the same operation id."""

    def __init__(self, participant):
        self.p = participant
        self.acked = {}  # op -> note id
        self.pending = {}  # op -> payload
        self.failures = 0

    async def add(self, seq):
        op = uuid.uuid4().hex
        payload = {"op": op, "column": "c2", "text": f"bench {seq} {time.time():.6f}"}
        self.pending[op] = payload
        await self.flush()

    async def flush(self):
        for op, payload in list(self.pending.items()):
            try:
                ack = await self.p.sio.call("add", payload, namespace=NS, timeout=5)
            except Exception:  # noqa: BLE001 - disconnected or timed out: retried later
                return
            if ack.get("ok"):
                self.acked[op] = ack["object"]["id"]
                self.p.receive({"version": ack["version"], "kind": ack["kind"],
                                "object": ack["object"]}, broadcast=False)
            else:
                self.failures += 1
            self.pending.pop(op, None)


class Latencies:
    """Send-to-apply latencies of the bench notes per minute of sending (a stall shows as one
    bad minute), as arrays of doubles: 6,000,000 float objects would weigh on the client."""

    def __init__(self):
        self.restart()

    def restart(self):
        self.start, self.minutes = time.time(), defaultdict(lambda: array("d"))

    def add(self, sent):
        latency = time.time() - sent
        self.minutes[int((sent - self.start) // 60)].append(latency)


async def connect_all(urls, code, count, latencies, concurrency=50):
    people = [Participant(urls[i % len(urls)], code, f"P{i}", latencies) for i in range(count)]
    sem = asyncio.Semaphore(concurrency)

    async def one(p):
        async with sem:
            await p.connect()

    await asyncio.gather(*(one(p) for p in people))
    return people


async def send_notes(senders, rate, duration, stop=None):
    """``rate`` notes per second spread over the senders, for ``duration`` seconds."""
    interval = 1.0 / rate
    start = time.monotonic()
    seq = 0
    tasks = []
    while time.monotonic() - start < duration and not (stop and stop.is_set()):
        sender = senders[seq % len(senders)]
        tasks.append(asyncio.ensure_future(sender.add(seq)))
        seq += 1
        await asyncio.sleep(max(0.0, start + seq * interval - time.monotonic()))
    await asyncio.gather(*tasks)
    return seq


async def settle(people, version, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(p.applied >= version for p in people):
            return True
        await asyncio.sleep(0.1)
    return False


def percentile(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


async def disconnect_all(people):
    await asyncio.gather(*(p.sio.disconnect() for p in people), return_exceptions=True)


# --------------------------------------------------------------------------- scenarios


async def fanout_once(kind, mode, args, redis_url):
    """One server configuration, its participants spread over client worker processes
    (``fanout_workers``: each reports its own CPU)."""
    from fanout_workers import run_fanout

    servers = Servers(kind, mode, args.processes, redis_url, database_url=args.db.url())
    try:
        return await asyncio.to_thread(run_fanout, __file__, PYTHON, servers.urls(),
                                       servers.code, args, sender_count(args))
    finally:
        servers.stop()


async def fanout(args):
    redis_proc, redis_url = (start_redis() if args.processes > 1 else (None, None))
    rows = []
    try:
        for mode in args.modes.split(","):
            for kind in args.servers.split(","):
                started = time.monotonic()
                result = await fanout_once(kind, mode, args, redis_url)
                result.update(server=kind, mode=mode, processes=args.processes,
                              seconds=round(time.monotonic() - started))
                rows.append(result)
                print(json.dumps(result), flush=True)
    finally:
        if redis_proc:
            redis_proc.terminate()
    print_table(rows)


def print_table(rows):
    cols = ["mode", "server", "processes", "acked", "send_failures", "deliveries", "lost",
            "duplicated", "arrival_inversions", "p50_ms", "p99_ms", "max_ms", "seconds",
            "client_cpu_percent", "load_average"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(str(row.get(c)) for c in cols) + " |")


async def join_storm(args):
    """All participants connect and join at once (the board with ``--notes`` notes)."""
    for kind in args.servers.split(","):
        servers = Servers(kind, args.modes.split(",")[0], 1, None, notes=args.notes,
                          database_url=args.db.url())
        try:
            started = time.monotonic()
            people = [Participant(servers.urls()[0], servers.code, f"P{i}", Latencies())
                      for i in range(args.clients)]
            results = await asyncio.gather(*(p.connect() for p in people),
                                           return_exceptions=True)
            elapsed = time.monotonic() - started
            errors = [r for r in results if isinstance(r, Exception)]
            complete = sum(1 for p in people if len(p.notes) == args.notes)
            print(json.dumps({"server": kind, "mode": servers.mode, "clients": args.clients,
                              "notes": args.notes if kind == "board" else 0,
                              "all_in_seconds": round(elapsed, 2), "errors": len(errors),
                              "with_full_board": complete if kind == "board" else None}),
                  flush=True)
            await disconnect_all(people)
        finally:
            servers.stop()


async def offline(args):
    servers = Servers("board", args.modes.split(",")[0], 1, None, database_url=args.db.url())
    try:
        latencies = Latencies()
        people = await connect_all(servers.urls(), servers.code, args.clients, latencies)
        senders = [Sender(p) for p in people[:5]]
        away = people[5:25]
        durations = [5 + (55 * i) / max(1, len(away) - 1) for i in range(len(away))]

        async def go_offline(p, seconds):
            await p.sio.disconnect()
            await asyncio.sleep(seconds)
            await p.sio.connect(p.url, namespaces=[NS], transports=["websocket"])
            await p.join()

        trips = [asyncio.ensure_future(go_offline(p, d)) for p, d in zip(away, durations, strict=True)]
        await send_notes(senders, args.changes / 50.0, 50)
        await asyncio.gather(*trips)
        top = max(s.p.applied for s in senders)
        await settle(people, top)
        acked = {nid for s in senders for nid in s.acked.values()}
        missing = sum(len(acked - p.notes.ids()) for p in away)
        extra = sum(len(p.notes.ids() - acked) for p in away)
        print(json.dumps({"offline_clients": len(away), "offline_seconds": "5..60",
                          "changes": len(acked), "missing": missing,
                          "duplicated": sum(p.duplicates for p in away), "unexpected": extra}),
              flush=True)
        await disconnect_all(people)
    finally:
        servers.stop()


async def kill(args):
    servers = Servers("board", args.modes.split(",")[0], 1, None, database_url=args.db.url())
    try:
        latencies = Latencies()
        people = await connect_all(servers.urls(), servers.code, args.clients, latencies)
        senders = [Sender(p) for p in people[:sender_count(args)]]
        tune_for_serving()  # the clients' own collections would add pauses to every latency
        stop = asyncio.Event()
        sending = asyncio.ensure_future(send_notes(senders, args.rate, args.duration, stop))
        await asyncio.sleep(args.duration / 2)
        servers.kill(0)
        stop.set()
        acked_before = {nid for s in senders for nid in s.acked.values()}
        restarted = time.monotonic()
        servers.start(0)
        await sending
        deadline = restarted + 60
        while time.monotonic() < deadline:
            await asyncio.gather(*(s.flush() for s in senders))
            top = max(p.applied for p in people)
            if all(not s.pending for s in senders) and all(
                p.sio.connected and p.applied == top for p in people
            ):
                break
            await asyncio.sleep(0.1)
        consistent_after = time.monotonic() - restarted
        acked = {nid for s in senders for nid in s.acked.values()}
        checker = Participant(servers.urls()[0], servers.code, "Contrôle", Latencies())
        await checker.connect()
        lost = len(acked - checker.notes.ids())
        divergent = sum(1 for p in people if p.notes.ids() != checker.notes.ids())
        print(json.dumps({"clients": args.clients, "acked_before_kill": len(acked_before),
                          "acked_total": len(acked), "lost_acknowledged": lost,
                          "divergent_clients": divergent,
                          "consistent_seconds_after_restart": round(consistent_after, 2)}),
              flush=True)
        await disconnect_all(people + [checker])
    finally:
        servers.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario",
                        choices=["fanout", "join", "offline", "kill", "serve-bare", "setup",
                                 "client-worker"])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--rate", type=float, default=20.0, help="notes per second")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of sending")
    parser.add_argument("--servers", default="bare,board")
    parser.add_argument("--modes", default="eventlet,gevent")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--redis", default=None)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--workers", type=int, default=4,
                        help="client processes of the fanout scenario")
    parser.add_argument("--spec", help=argparse.SUPPRESS)  # of a client-worker
    args = parser.parse_args()
    if args.scenario == "client-worker":
        from fanout_workers import worker_main

        asyncio.run(worker_main(json.loads(args.spec)))
    elif args.scenario == "serve-bare":
        serve_bare(args.redis)
    elif args.scenario == "setup":
        setup_board(args.notes)
    else:
        scenario = {"fanout": fanout, "join": join_storm, "offline": offline, "kill": kill}
        random.seed(1)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop servers on the way out
        args.db = Database(args.database)
        try:
            asyncio.run(scenario[args.scenario](args))
        finally:
            args.db.stop()


if __name__ == "__main__":
    main()
