"""Throw-away PostgreSQL and Redis servers on free loopback ports.

Used by ``thc deploy-local`` (the local production topology), by the load and fault benches
and by the tests. Nothing here is for a real server: a real server uses the distribution's
services (deploy/README.md)."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=20.0, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {timeout} s")


def _pg_bin(name):
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if candidates:
        return candidates[-1]
    if shutil.which(name):
        return shutil.which(name)
    raise RuntimeError(f"PostgreSQL's {name} not found: run scripts/system-deps.sh")


class PostgresServer:
    """A PostgreSQL cluster in a temporary folder, run as the postgres user when we are root."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.dir = tempfile.mkdtemp(prefix="thc-pg-")
        self.data = os.path.join(self.dir, "data")
        self.as_root = os.geteuid() == 0

    def _run(self, *args):
        cmd = list(args)
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def _pg_ctl(self, *args):
        self._run(_pg_bin("pg_ctl"), "-D", self.data, *args)

    def start(self):
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(_pg_bin("initdb"), "-D", self.data, "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8")
        self._start()
        return self

    def _start(self):
        self._pg_ctl("-w", "-l", os.path.join(self.dir, "log"),
                     "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                     "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                     "-c max_connections=300", "start")

    def restart(self, down_seconds=0.0):
        """Stop the server at once (every connection cut), wait, start it again."""
        self._pg_ctl("-m", "immediate", "stop")
        time.sleep(down_seconds)
        self._start()

    def url(self, database="postgres"):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name):
        import psycopg2

        conn = psycopg2.connect(self.url())
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cur.execute(f'CREATE DATABASE "{name}"')
        conn.close()
        return self.url(name)

    def stop(self):
        try:
            self._pg_ctl("-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class RedisServer:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.process = None

    def start(self):
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server not found: run scripts/system-deps.sh")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self.process)
        return self

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def restart(self, down_seconds=0.0):
        """Stop the server (its data is lost: it keeps none), wait, start it on the same port."""
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
