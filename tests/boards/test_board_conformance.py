"""Conformance of the /board protocol with a second client implementation: the official
JavaScript ``socket.io-client`` (from package-lock.json) under the machine's Node, running
``conformance/board_conformance.cjs``, written from docs/board-protocol.md alone.

Run against one server, and against two server processes sharing Redis (the facilitator on
one, the participants on the other), on the test database (SQLite, or PostgreSQL with
``THC_TEST_DATABASE=postgres``)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

SCRIPT = Path(__file__).parent / "conformance" / "board_conformance.cjs"
ROOT = Path(__file__).resolve().parents[2]


def _run_node(urls, board, facilitator):
    node = shutil.which("node")
    assert node, "Node is a documented dependency (scripts/system-deps.sh)"
    result = subprocess.run(
        [node, str(SCRIPT)], cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "BOARD_URLS": ",".join(urls), "BOARD_CODE": board.code,
             "FAC_EMAIL": facilitator.email, "FAC_PASSWORD": PASSWORD})
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    failed = [line for line in lines if line.get("ok") is False]
    assert not failed and result.returncode == 0, (failed, result.stderr[-2000:])
    summary = lines[-1]
    assert summary["failed"] == 0 and summary["checks"] >= 40, summary
    return summary


@pytest.mark.parametrize("processes", [1, 2])
def test_the_javascript_client_conforms(processes, live_server_factory, redis_url, board,
                                        facilitator):
    env = {"THC_REDIS_URL": redis_url} if processes == 2 else {}
    servers = [live_server_factory(**env) for _ in range(processes)]
    _run_node([s.url for s in servers], board, facilitator)
