"""Real throw-away servers for the tests: PostgreSQL, Redis, SMTP and the app itself."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

from aiosmtpd.controller import Controller

from thc_participation.localservers import (  # noqa: F401 - the tests' servers, re-exported
    PostgresServer,
    RedisServer,
    free_port,
    wait_for_port,
)

ROOT = Path(__file__).resolve().parents[2]


class _Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append(msg)
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""

    def __init__(self):
        self.handler = _Collector()
        self.port = free_port()
        self.controller = None

    @property
    def messages(self):
        return self.handler.messages

    def start(self):
        """Start (or start again after ``stop``: same port, same received messages)."""
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count, timeout=10.0):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


class LiveServer:
    """The application served by ``thc run`` (eventlet by default) in a real subprocess."""

    def __init__(self, env, async_mode="eventlet"):
        self.port = free_port()
        self.env = {**os.environ, **env, "THC_ASYNC_MODE": async_mode,
                    "THC_BASE_URL": f"http://127.0.0.1:{self.port}"}
        self.process = None
        self.log = tempfile.NamedTemporaryFile(prefix="thc-live-", suffix=".log", delete=False)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def output(self):
        return Path(self.log.name).read_text(errors="replace")

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-W", "ignore", "-c",
             "import sys; from thc_participation.entry import main; sys.argv=['thc', 'run', "
             f"'--port', '{self.port}']; main()"],
            env=self.env, cwd=ROOT,
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        # THC_TEST_SERVER_TIMEOUT: more time on a loaded, shared machine.
        wait_for_port(self.port, timeout=float(os.environ.get("THC_TEST_SERVER_TIMEOUT", 30)),
                      process=self.process)
        return self

    def kill(self):
        """SIGKILL: the server dies without any chance to clean up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
