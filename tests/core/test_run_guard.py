"""`thc run` refuses what would silently break live updates: a second process on the same
port (eventlet's SO_REUSEPORT would share it), and a second process on a SQLite database
unless every process shares Redis."""

import subprocess
import sys

import pytest

from ..support.servers import ROOT, LiveServer


@pytest.fixture
def sqlite_env(tmp_path, live_server_factory):
    return {"THC_DATABASE_URL": f"sqlite:///{tmp_path / 'seul.db'}"}


def _thc_run(server_env, port):
    """Start `thc run` like LiveServer does; returns (exit code, output) once it has stopped,
    or None if it is still serving after its start-up."""
    process = subprocess.Popen(
        [sys.executable, "-W", "ignore", "-c",
         "import sys; from thc_participation.entry import main; sys.argv=['thc', 'run', "
         f"'--port', '{port}']; main()"],
        env=server_env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return None
    return process.returncode, output


def _env(server, **changes):
    return {**server.env, **changes}


def test_a_second_process_on_the_same_port_is_refused(live_server_factory, sqlite_env,
                                                      redis_url):
    first = live_server_factory(THC_REDIS_URL=redis_url, **sqlite_env)
    code, output = _thc_run(_env(first), first.port)
    assert code == 1
    assert f"Le port {first.port} est déjà utilisé" in output
    assert "Traceback" not in output


def test_a_second_process_on_sqlite_without_redis_is_refused(live_server_factory, sqlite_env,
                                                             redis_url):
    first = live_server_factory(**sqlite_env)  # no Redis
    other_port = LiveServer({}).port
    code, output = _thc_run(_env(first), other_port)
    assert code == 1
    assert "Un autre « thc run » sert déjà la base SQLite" in output
    assert "THC_REDIS_URL" in output
    # Redis on the second only is not enough: the first would keep its updates to itself.
    code, output = _thc_run(_env(first, THC_REDIS_URL=redis_url), other_port)
    assert code == 1 and "sert déjà la base SQLite" in output
    first.stop()
    # Every process on Redis: both serve.
    one = live_server_factory(THC_REDIS_URL=redis_url, **sqlite_env)
    two = live_server_factory(THC_REDIS_URL=redis_url, **sqlite_env)
    assert one.process.poll() is None and two.process.poll() is None
