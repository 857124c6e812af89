"""A real `thc worker` process on the test database and instance folder (its queue: the
SQLite file there, or Redis)."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .servers import ROOT


class Worker:
    def __init__(self, app, redis_url=None, **env):
        self.env = {**os.environ, "PYTHONPATH": str(ROOT),
                    "THC_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                    "THC_INSTANCE_DIR": app.config["INSTANCE_DIR"],
                    "THC_SECRET_KEY": app.config["SECRET_KEY"],
                    "THC_MAIL_BACKEND": "smtp", "THC_MAIL_HOST": "127.0.0.1",
                    "THC_MAIL_PORT": str(app.config["MAIL_PORT"]),
                    "THC_BASE_URL": app.config["THC_BASE_URL"], **env}
        self.env.pop("THC_REDIS_URL", None)
        if redis_url:
            self.env["THC_REDIS_URL"] = redis_url
        self.log = tempfile.NamedTemporaryFile(prefix="thc-worker-", suffix=".log", delete=False)
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-W", "ignore", "-c",
             "import sys; from thc_participation.entry import main; sys.argv=['thc', 'worker']; "
             "main()"],
            env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        return self

    def output(self):
        return Path(self.log.name).read_text(errors="replace")

    def kill(self):
        """SIGKILL: the worker dies without any chance to clean up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        """SIGTERM, as systemd or Ctrl-C would; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.process.returncode


def wait_until(predicate, timeout=60.0, every=0.1):
    """Poll ``predicate`` (with a fresh database session each time) until it is true."""
    from thc_participation.extensions import db

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.remove()
        if predicate():
            return True
        time.sleep(every)
    db.session.remove()
    return False
