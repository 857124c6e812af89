"""Fixtures of the end-to-end tests through nginx: the topology (started once per module)
and the route cookies that send a client to a chosen web worker."""

import re
import time

import pytest
import requests

from tests.boards.conftest import board, make_board  # noqa: F401 - fixtures
from tests.conftest import _test_config
from tests.consultation.conftest import open_consultation, phase  # noqa: F401 - fixtures
from thc_participation.topology import Topology


@pytest.fixture(scope="module")
def topology(_schema, database_url, instance_dir, smtp_server, redis_url):
    config = _test_config(database_url, instance_dir, smtp_server)
    topology = Topology(
        workers=2, database_url=database_url, redis_url=redis_url, instance_dir=instance_dir,
        migrate=False, log=lambda *args: None,
        env={"THC_SECRET_KEY": config["SECRET_KEY"], "THC_MAIL_BACKEND": "smtp",
             "THC_MAIL_HOST": "127.0.0.1", "THC_MAIL_PORT": str(smtp_server.port),
             "THC_RATELIMIT_ENABLED": "0"}).start()
    yield topology
    topology.stop()


@pytest.fixture(scope="module")
def routes(topology):
    """A thc_route cookie value per web worker: {worker port: value}."""
    found = {}
    for i in range(200):
        route = f"essai-{i}"
        requests.get(f"{topology.url}/robots-introuvable", cookies={"thc_route": route},
                     timeout=10)
        (upstream,) = upstreams(topology, route)
        found.setdefault(int(upstream.rsplit(":", 1)[1]), route)
        if len(found) == len(topology.web):
            return found
    raise AssertionError(f"nginx sent every route to {found}")


def log_lines(topology, route):
    """The access log's lines of ``route``'s requests (nginx writes a line just after its
    response: wait for the first one)."""
    deadline = time.monotonic() + 10
    while True:
        lines = topology.access_log.read_text().splitlines()
        lines = [line for line in lines if line.endswith(f" route={route}")]
        if lines or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def upstreams(topology, route):
    """The workers that answered ``route``'s requests (nginx lists the ones it tried, the one
    that answered last)."""
    return {re.search(r" upstream=(.+) route=", line).group(1).split(", ")[-1]
            for line in log_lines(topology, route)}
