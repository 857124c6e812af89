"""The fan-out bench's clients, spread over several processes (bench/board_fanout.py fanout).

One asyncio process could not drive 500 participants on a slow 2-core machine: it saturated,
and its own delays showed as server latency. The coordinator (``run_fanout``) starts
``--workers`` processes (``board_fanout.py client-worker``), each with every W-th participant
(and its share of the senders and of the note rate); they connect, then start sending at the
same instant, and report their samples, the notes each participant applied and **their own
CPU use**, so a saturated load generator shows in the results instead of passing for a slow
server. Latencies are reported as p99 per 10-second window of sending (a stall shows as one
bad window).

Coordinator and workers talk in JSON lines (workers' stdout, stdin); the bulky results go
through a pickle file.
"""

import asyncio
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from array import array
from pathlib import Path

WINDOW = 10  # seconds per latency window


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Samples:
    """(sent time, send-to-apply latency) of every delivery of a bench note, as arrays."""

    def __init__(self):
        self.sent, self.latency = array("d"), array("d")

    def add(self, sent):
        self.sent.append(sent)
        self.latency.append(time.time() - sent)


# --------------------------------------------------------------------------- worker


async def worker_main(spec):
    """One worker process: ``spec`` = urls, code, indices, senders, rate, duration, out."""
    import board_fanout as bench

    samples = Samples()
    people = [bench.Participant(spec["urls"][i % len(spec["urls"])], spec["code"], f"P{i}",
                                samples) for i in spec["indices"]]
    sem = asyncio.Semaphore(50)

    async def connect(p):
        async with sem:
            await p.connect()

    await asyncio.gather(*(connect(p) for p in people))
    senders = [bench.Sender(p) for p, i in zip(people, spec["indices"], strict=True)
               if i < spec["senders"]]
    bench.tune_for_serving()
    print(json.dumps({"ready": len(people)}), flush=True)
    go = json.loads(await asyncio.to_thread(sys.stdin.readline))
    await asyncio.sleep(max(0.0, go["start"] - time.time()))
    cpu, wall = cpu_seconds(), time.monotonic()
    if senders and spec["rate"] > 0:
        await bench.send_notes(senders, spec["rate"], spec["duration"])
    else:
        await asyncio.sleep(spec["duration"])
    top = max([s.p.applied for s in senders] or [0])
    print(json.dumps({"top": top}), flush=True)
    settle = json.loads(await asyncio.to_thread(sys.stdin.readline))
    await bench.settle(people, settle["top"])
    # From the first note sent to the last one applied: the whole time this process worked.
    cpu_percent = 100 * (cpu_seconds() - cpu) / (time.monotonic() - wall)
    result = {
        "sent": samples.sent, "latency": samples.latency,
        "acked": [nid for s in senders for nid in s.acked.values()],
        "notes": [bytes(p.notes.flags) for p in people],
        "duplicated": sum(p.duplicates for p in people),
        "inversions": sum(p.inversions for p in people),
        "send_failures": sum(s.failures for s in senders),
        "cpu_percent": round(cpu_percent, 1),
    }
    with open(spec["out"], "wb") as out:
        pickle.dump(result, out)
    await bench.disconnect_all(people)
    print(json.dumps({"done": True}), flush=True)


# --------------------------------------------------------------------------- coordinator


def _line(proc):
    line = proc.stdout.readline()
    if not line:
        raise RuntimeError(f"client worker {proc.pid} ended early")
    return json.loads(line)


def _tell(proc, message):
    proc.stdin.write(json.dumps(message) + "\n")
    proc.stdin.flush()


def run_fanout(script, python, urls, code, args, senders):
    """Drive ``args.clients`` participants over ``args.workers`` processes; the summary."""
    tmp = tempfile.mkdtemp(prefix="thc-fanout-")
    procs, outs = [], []
    workers = max(1, min(args.workers, args.clients))
    try:
        for w in range(workers):
            indices = list(range(w, args.clients, workers))
            mine = sum(1 for i in indices if i < senders)
            out = os.path.join(tmp, f"worker{w}.pickle")
            spec = {"urls": urls, "code": code, "indices": indices, "senders": senders,
                    "rate": args.rate * mine / senders, "duration": args.duration, "out": out}
            procs.append(subprocess.Popen(
                [python, script, "client-worker", "--spec", json.dumps(spec)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                cwd=Path(script).resolve().parent.parent))
            outs.append(out)
        for proc in procs:
            _line(proc)  # ready: every participant joined
        start = time.time() + 2
        for proc in procs:
            _tell(proc, {"start": start})
        top = max(_line(proc)["top"] for proc in procs)
        for proc in procs:
            _tell(proc, {"top": top})
        for proc in procs:
            _line(proc)
            proc.wait(60)
        results = []
        for out in outs:
            with open(out, "rb") as f:
                results.append(pickle.load(f))
        return summarise(results, start)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
        for out in outs:
            Path(out).unlink(missing_ok=True)
        os.rmdir(tmp) if os.path.isdir(tmp) and not os.listdir(tmp) else None


def _p(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def summarise(results, start):
    acked = set()
    for r in results:
        acked.update(r["acked"])
    lost = 0
    for r in results:
        for flags in r["notes"]:
            lost += sum(1 for nid in acked if nid >= len(flags) or flags[nid] != 1)
    windows, latencies = {}, []
    for r in results:
        for sent, latency in zip(r["sent"], r["latency"], strict=True):
            windows.setdefault(int((sent - start) // WINDOW), []).append(latency)
            latencies.append(latency)
    return {
        "acked": len(acked),
        "deliveries": len(latencies),
        "lost": lost,
        "duplicated": sum(r["duplicated"] for r in results),
        "arrival_inversions": sum(r["inversions"] for r in results),
        "visible_reorderings": 0,  # applied strictly by version (a gap would show as lost)
        "send_failures": sum(r["send_failures"] for r in results),
        "p50_ms": round(1000 * _p(latencies, 0.5), 1),
        "p99_ms": round(1000 * _p(latencies, 0.99), 1),
        "max_ms": round(1000 * max(latencies), 1) if latencies else None,
        f"p99_per_{WINDOW}s_ms": [round(1000 * _p(v, 0.99), 1) for _, v in sorted(windows.items())],
        "client_workers": len(results),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "client_cpu_percent": [r["cpu_percent"] for r in results],
    }
