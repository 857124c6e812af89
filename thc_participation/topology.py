"""The production topology on one machine: PostgreSQL, Redis, several web workers
(``thc run``), the job worker (``thc worker``) and nginx in front, started and stopped together.

``thc deploy-local`` (``make prod``) runs it for a person; the end-to-end tests and the load and
fault benches (bench/) start the very same thing from Python. A real server runs the same
programs under systemd instead (deploy/README.md)."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import deploy_config
from .localservers import PostgresServer, RedisServer, free_port, wait_for_port

# ``thc`` as a subprocess of this interpreter (the venv's, with the caller's PYTHONPATH).
THC = [sys.executable, "-W", "ignore", "-c",
       "import sys; sys.argv[0] = 'thc'; from thc_participation.entry import main; main()"]


class Process:
    """One child process whose output goes to a log file."""

    def __init__(self, name, argv, env, log_dir, cwd=deploy_config.ROOT):
        self.name, self.argv, self.env, self.cwd = name, argv, env, cwd
        self.log_path = Path(log_dir) / f"{name}.log"
        self.process = None

    def start(self):
        with open(self.log_path, "ab") as log:
            # Its own session: Ctrl-C in the terminal reaches `thc deploy-local` only, which
            # then stops every process in order.
            self.process = subprocess.Popen(self.argv, env=self.env, cwd=self.cwd, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        return self

    @property
    def pid(self):
        return self.process.pid

    def running(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        """SIGKILL: no chance to clean up (the fault a crash or the OOM killer causes)."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self, timeout=10):
        if not self.running():
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def output(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class WebWorker(Process):
    def __init__(self, index, port, env, log_dir):
        super().__init__(f"web-{index}", [*THC, "run", "--port", str(port)],
                         {**env}, log_dir)
        self.port = port

    def wait(self, timeout=60):
        _wait(self, self.port, timeout)


def _wait(process, port, timeout=60):
    try:
        wait_for_port(port, timeout=timeout, process=process.process)
    except (RuntimeError, TimeoutError) as error:
        raise RuntimeError(f"{process.name}: {error}\n{process.output()[-3000:]}") from error


class Topology:
    """Start with :meth:`start`, stop everything with :meth:`stop` (also on any failure)."""

    def __init__(self, workers=2, port=None, database_url=None, redis_url=None,
                 instance_dir=None, env=None, migrate=True, demo=False, job_worker=True,
                 async_mode="eventlet", log=print):
        if workers < 1:
            raise ValueError("at least one web worker")
        self.workers_count, self.port = workers, port or free_port()
        self.database_url, self.redis_url = database_url, redis_url
        self.migrate, self.demo, self.job_worker = migrate, demo, job_worker
        self.async_mode, self.extra_env, self.log = async_mode, env or {}, log
        self.dir = Path(tempfile.mkdtemp(prefix="thc-topology-"))
        self.dir.chmod(0o755)  # nginx's workers (nobody) read and write under it
        self.logs = self.dir / "logs"
        self.logs.mkdir()
        self.instance_dir = Path(instance_dir) if instance_dir else self.dir / "instance"
        self.postgres = self.redis = self.nginx = self.worker = None
        self.web = []

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def access_log(self):
        return self.logs / "nginx-access.log"

    def env(self):
        return {
            **os.environ,
            "THC_DATABASE_URL": self.database_url,
            "THC_REDIS_URL": self.redis_url,
            "THC_INSTANCE_DIR": str(self.instance_dir),
            "THC_TRUSTED_PROXIES": "1",
            "THC_BASE_URL": self.url,
            "THC_ASYNC_MODE": self.async_mode,
            **self.extra_env,
        }

    def start(self):
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self):
        if self.database_url is None:
            self.postgres = PostgresServer().start()
            self.database_url = self.postgres.create_database("thc")
            self.log(f"PostgreSQL (jetable) : {self.database_url}")
        if self.redis_url is None:
            self.redis = RedisServer().start()
            self.redis_url = self.redis.url
            self.log(f"Redis (jetable) : {self.redis_url}")
        self.instance_dir.mkdir(parents=True, exist_ok=True)
        env = self.env()
        if self.migrate:  # also creates the instance's signing key before the workers share it
            self._thc_once("migrate", ["db", "upgrade"], env)
        if self.demo:
            self._thc_once("demo", ["demo"], env)
        self.web = [WebWorker(i + 1, free_port(), env, self.logs).start()
                    for i in range(self.workers_count)]
        if self.job_worker:
            self.worker = Process("worker", [*THC, "worker"], env, self.logs).start()
        for web in self.web:
            _wait(web, web.port)
        self.nginx = self._nginx().start()
        _wait(self.nginx, self.port)

    def _thc_once(self, name, args, env):
        step = Process(name, [*THC, *args], env, self.logs).start()
        if step.process.wait(300) != 0:
            raise RuntimeError(f"`thc {' '.join(args)}` failed:\n{step.output()[-3000:]}")

    def nginx_site(self):
        return deploy_config.render_site(
            [web.port for web in self.web], listen=f"127.0.0.1:{self.port}",
            access_log=self.access_log)

    def _nginx(self):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        prefix = self.dir / "nginx"
        prefix.mkdir()
        (self.dir / "tmp").mkdir()
        site, main = prefix / "thc.conf", prefix / "nginx.conf"
        site.write_text(self.nginx_site(), encoding="utf-8")
        main.write_text(deploy_config.render_local_main(self.dir, site), encoding="utf-8")
        return Process("nginx", [binary, "-p", str(prefix), "-c", str(main),
                                 "-e", str(self.logs / "nginx-error.log"),
                                 "-g", "daemon off;"], os.environ.copy(), self.logs)

    def route_to(self, index, tries=200):
        """A ``thc_route`` cookie value that nginx sends to web worker ``index`` (found by
        asking and reading the access log, which names the worker of every request)."""
        import requests

        want = f"127.0.0.1:{self.web[index].port}"
        for i in range(tries):
            route = f"essai-{i}"
            requests.get(f"{self.url}/robots-introuvable", cookies={"thc_route": route},
                         timeout=10)
            if want in self.upstreams(route):
                return route
        raise RuntimeError(f"no route to {want} in {tries} tries")

    def access_lines(self, route, timeout=10.0):
        """The access log's lines of requests with this route (nginx writes a line just after
        its response, a WebSocket's once it is closed: waits for a first one)."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.access_log.read_text() if self.access_log.exists() else ""
            lines = [line for line in text.splitlines() if line.endswith(f" route={route}")]
            if lines or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)

    def upstreams(self, route, timeout=10.0):
        """The workers that answered the route's requests (nginx lists every worker it tried,
        the one that answered last)."""
        return {line.split(" upstream=", 1)[1].split(" route=", 1)[0].split(", ")[-1]
                for line in self.access_lines(route, timeout)}

    def processes(self):
        return [p for p in (self.nginx, *self.web, self.worker) if p is not None]

    def describe(self):
        lines = [f"Site : {self.url} (nginx, {len(self.web)} processus web)"]
        lines += [f"  {p.name} (pid {p.pid}) : {p.log_path}" for p in self.processes()]
        lines.append(f"Base : {self.database_url} ; Redis : {self.redis_url}")
        return "\n".join(lines)

    def first_exited(self):
        """The first process that has stopped by itself, or None."""
        return next((p for p in self.processes() if not p.running()), None)

    # Faults (bench/faults.py, tests).
    def restart_web(self, index):
        web = self.web[index]
        web.stop()
        web.start()
        web.wait()

    def restart_postgres(self, down_seconds=0.0):
        if self.postgres is None:
            raise RuntimeError("the topology does not own its PostgreSQL server")
        self.postgres.restart(down_seconds)

    def restart_redis(self, down_seconds=0.0):
        if self.redis is None:
            raise RuntimeError("the topology does not own its Redis server")
        self.redis.restart(down_seconds)

    def stop(self):
        for process in reversed(self.processes()):
            try:
                process.stop()
            except Exception as error:  # noqa: BLE001 - stop the others all the same
                self.log(f"{process.name}: {error}")
        for server in (self.redis, self.postgres):
            if server is not None:
                try:
                    server.stop()
                except Exception as error:  # noqa: BLE001
                    self.log(f"{type(server).__name__}: {error}")
        shutil.rmtree(self.dir, ignore_errors=True)


def wait_until_signalled(topology, poll=0.5):
    """Serve until Ctrl-C or SIGTERM, or until one process stops by itself (then its name and
    exit code are returned); the caller stops the topology."""
    stopping = []

    def on_signal(signum, frame):
        stopping.append(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopping:
            exited = topology.first_exited()
            if exited is not None:
                return exited
            time.sleep(poll)
        return None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
