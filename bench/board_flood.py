"""A read flood against a live board: do other participants' votes still go through quickly?

    python bench/board_flood.py [--notes 200] [--flooders 3] [--inflight 4] [--voters 5] \
        [--duration 30] [--database sqlite|postgres] [--mode eventlet]

Starts ``thc run`` on a board of ``--notes`` notes (bench/board_fanout.py's servers), then
measures the round trip of ``vote``/``unvote`` of ``--voters`` participants (each at 1.5
events per second, under their own limit), first alone, then while ``--flooders`` other
sockets send ``snapshot`` (and ``sync {since: 0}``) as fast as they can, each keeping
``--inflight`` requests outstanding. Prints the voters' p50/p99/max per phase, how the flood
was answered, and this client process's own CPU (so a saturated load generator shows).
The goal of issue #16: vote round trip p99 under 200 ms during the flood.
"""

import argparse
import asyncio
import json
import os
import resource
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from board_fanout import NS, Database, Servers, percentile  # noqa: E402


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def client(url):
    import socketio

    sio = socketio.AsyncClient(reconnection=False)
    await sio.connect(url, namespaces=[NS], transports=["websocket"], wait_timeout=30)
    return sio


async def join(sio, code, name):
    ack = await sio.call("join", {"code": code, "pseudonym": name}, namespace=NS, timeout=30)
    assert ack["ok"], ack
    return ack


async def voter(sio, note, duration, rtts, refused):
    end = time.monotonic() + duration
    kinds = ("vote", "unvote")
    i = 0
    while time.monotonic() < end:
        started = time.monotonic()
        ack = await sio.call(kinds[i % 2], {"op": uuid.uuid4().hex, "note": note},
                             namespace=NS, timeout=30)
        rtts.append(time.monotonic() - started)
        if not ack["ok"]:
            refused.append(ack["error"])
        i += 1
        await asyncio.sleep(max(0.0, started + 1 / 1.5 - time.monotonic()))


async def flooder(sio, stop, answers, inflight):
    async def one():
        n = 0
        while not stop.is_set():
            event, payload = ("snapshot", {}) if n % 2 == 0 else ("sync", {"since": 0})
            try:
                ack = await sio.call(event, payload, namespace=NS, timeout=30)
            except Exception:  # noqa: BLE001 - counted as a timeout
                answers["timeout"] = answers.get("timeout", 0) + 1
                continue
            key = "ok" if ack["ok"] else ack["error"]
            answers[key] = answers.get(key, 0) + 1
            n += 1

    await asyncio.gather(*(one() for _ in range(inflight)))


def stats(rtts):
    return {"samples": len(rtts), "p50_ms": round(1000 * percentile(rtts, 0.5), 1),
            "p99_ms": round(1000 * percentile(rtts, 0.99), 1),
            "max_ms": round(1000 * max(rtts), 1) if rtts else None}


async def run(args, servers):
    url, code = servers.urls()[0], servers.code
    voters = [await client(url) for _ in range(args.voters)]
    notes = []
    for i, sio in enumerate(voters):
        await join(sio, code, f"Votant {i}")
        added = await sio.call("add", {"op": uuid.uuid4().hex, "column": "c1",
                                       "text": f"À voter {i}"}, namespace=NS, timeout=30)
        notes.append(added["object"]["id"])
    flooders = [await client(url) for _ in range(args.flooders)]
    for i, sio in enumerate(flooders):
        await join(sio, code, f"Flot {i}")
    rows = {}
    for phase in ("alone", "flood"):
        rtts, refused, answers, stop = [], [], {}, asyncio.Event()
        floods = [asyncio.ensure_future(flooder(f, stop, answers, args.inflight))
                  for f in flooders] if phase == "flood" else []
        cpu, wall = cpu_seconds(), time.monotonic()
        await asyncio.gather(*(voter(v, n, args.duration, rtts, refused)
                               for v, n in zip(voters, notes, strict=True)))
        stop.set()
        await asyncio.gather(*floods)
        rows[phase] = {**stats(rtts), "votes_refused": len(refused),
                       "flood_answers": answers,
                       "client_cpu_percent": round(100 * (cpu_seconds() - cpu)
                                                   / (time.monotonic() - wall), 1)}
        print(json.dumps({"phase": phase, **rows[phase]}), flush=True)
    for sio in voters + flooders:
        await sio.disconnect()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--flooders", type=int, default=3)
    parser.add_argument("--inflight", type=int, default=4)
    parser.add_argument("--voters", type=int, default=5)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--mode", default="eventlet")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    db = Database(args.database)
    servers = Servers("board", args.mode, 1, None, notes=args.notes, database_url=db.url())
    try:
        rows = asyncio.run(run(args, servers))
    finally:
        servers.stop()
        db.stop()
    flood = rows["flood"]
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"vote p99 alone {rows['alone']['p99_ms']} ms, during the flood {flood['p99_ms']} ms "
          f"(goal < 200 ms); votes refused {flood['votes_refused']}; flood answers "
          f"{flood['flood_answers']}")


if __name__ == "__main__":
    main()
