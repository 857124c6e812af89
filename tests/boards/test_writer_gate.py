"""The gate that keeps a board's writers to WRITERS_PER_BOARD per process, under eventlet and
gevent as ``thc run`` patches them: it admits no more than its size, lets everyone through in
the end, and leaving it never yields to the event loop (a yield there waited behind the
broadcast being sent, under gevent)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from tests.support.green import patch
spawn, yield_turn, join = patch(sys.argv[1])
from thc_participation.events.boards.services.pipeline import WRITERS_PER_BOARD, WriterGate

turns = []
def other():
    while True:
        turns.append(1)
        yield_turn()
spawn(other)
yield_turn()
gate = WriterGate(WRITERS_PER_BOARD)
turns.clear()
for _ in range(100):
    with gate:
        pass
uncontended_turns = len(turns)

inside, peak, done = [0], [0], [0]
def writer():
    with gate:
        inside[0] += 1
        peak[0] = max(peak[0], inside[0])
        for _ in range(3):
            yield_turn()
        inside[0] -= 1
    done[0] += 1
for g in [spawn(writer) for _ in range(12)]:
    join(g)
print(json.dumps({"size": WRITERS_PER_BOARD, "uncontended_turns": uncontended_turns,
                  "peak": peak[0], "done": done[0]}))
"""


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_the_writer_gate_admits_its_size_and_never_yields_when_free(mode):
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", PROBE, mode], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True)
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe["uncontended_turns"] == 0  # 100 passes through a free gate, no yield
    assert probe["peak"] == probe["size"]  # 12 writers that yield inside: never more than 3
    assert probe["done"] == 12
