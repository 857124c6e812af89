"""Fixtures of the end-to-end tests through nginx: the topology (started once per module)
and the route cookies that send a client to a chosen web worker."""

import pytest

from tests.boards.conftest import board, make_board  # noqa: F401 - fixtures
from tests.conftest import _test_config, emptied
from tests.consultation.conftest import open_consultation, phase  # noqa: F401 - fixtures
from thc_participation.topology import Topology


@pytest.fixture(scope="module")
def topology(_schema, database_url, instance_dir, smtp_server, redis_server):
    config = _test_config(database_url, instance_dir, smtp_server)
    topology = Topology(
        workers=2, database_url=database_url, redis_url=emptied(redis_server),
        instance_dir=instance_dir,
        migrate=False, log=lambda *args: None,
        env={"THC_SECRET_KEY": config["SECRET_KEY"], "THC_MAIL_BACKEND": "smtp",
             "THC_MAIL_HOST": "127.0.0.1", "THC_MAIL_PORT": str(smtp_server.port),
             "THC_RATELIMIT_ENABLED": "0"}).start()
    yield topology
    topology.stop()


@pytest.fixture(scope="module")
def routes(topology):
    """A thc_route cookie value per web worker: {worker port: value}."""
    return {web.port: topology.route_to(i) for i, web in enumerate(topology.web)}
