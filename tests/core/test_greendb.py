"""psycopg2 under eventlet and gevent (``greendb``, installed by ``thc run``): round trips wait
on the event loop, except a board change's, which wait on the spot for a bounded time."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from thc_participation import greendb

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_round_trips_wait_on_the_loop_except_prompt_ones_which_never_hold_it_long(
        mode, postgres_url):
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-m", "tests.support.greendb_probe", mode, postgres_url],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    work = probe["work_seconds"]
    # On the loop, a reply waits for the busy greenlet's turn to end.
    assert probe["on_loop"] >= work * 0.8
    # Promptly, a reply that comes within PROMPT_SECONDS is taken on the spot.
    assert probe["prompt"] < work / 2
    # A slow query waits on the loop after PROMPT_SECONDS: the busy greenlet keeps its turns,
    # delayed by the bound at most (plus a scheduling margin).
    assert probe["slow"] >= 0.3
    assert probe["busy_turns_during_slow"] >= 0.3 / work / 2
    assert probe["longest_gap_during_slow"] < work + greendb.PROMPT_SECONDS + 0.02


def test_promptly_is_scoped_to_its_block():
    assert not greendb._prompt.get()
    with greendb.promptly():
        assert greendb._prompt.get()
        with greendb.promptly():
            assert greendb._prompt.get()
        assert greendb._prompt.get()
    assert not greendb._prompt.get()
