"""`thc deploy-local` (`make prod`) as a person runs it: one command starts PostgreSQL, Redis,
the web workers, the job worker and nginx; Ctrl-C stops every one of them."""

import os
import re
import signal
import socket
import subprocess
import sys
import time

import requests

from thc_participation.localservers import free_port, wait_for_port

from ..support.servers import ROOT


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has exited
        return stat.read().split(") ", 1)[1][0] != "Z"


def _listening(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_one_command_starts_the_topology_and_ctrl_c_stops_it_all(tmp_path):
    port = free_port()
    log_path = tmp_path / "deploy-local.log"
    with open(log_path, "w") as log:
        command = subprocess.Popen(
            [sys.executable, "-W", "ignore", "-c",
             "import sys; sys.argv[0] = 'thc'; from thc_participation.entry import main; main()",
             "deploy-local", "--workers", "2", "--port", str(port), "--no-demo"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "THC_INSTANCE_DIR": str(tmp_path / "instance")})
    try:
        wait_for_port(port, timeout=120, process=command)
        deadline = time.monotonic() + 30
        while "Ctrl-C" not in log_path.read_text():
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        output = log_path.read_text()
        assert f"Site : http://127.0.0.1:{port} (nginx, 2 processus web)" in output
        pids = [int(pid) for pid in re.findall(r"\(pid (\d+)\)", output)]
        assert len(pids) == 4 and all(_alive(pid) for pid in pids)  # nginx, 2 web, worker
        service_ports = [int(p) for p in re.findall(r"\(jetable\) : \S+?127\.0\.0\.1:(\d+)",
                                                    output)]  # PostgreSQL and Redis
        assert len(service_ports) == 2 and all(_listening(p) for p in service_ports)
        page = requests.get(f"http://127.0.0.1:{port}/", timeout=30)
        assert page.status_code == 200 and page.headers["Server"].startswith("nginx")
    finally:
        command.send_signal(signal.SIGINT)  # Ctrl-C
        code = command.wait(60)
    assert code == 0, log_path.read_text()
    assert "Arrêt de tous les processus" in log_path.read_text()
    assert not any(_alive(pid) for pid in pids)
    assert not any(_listening(p) for p in [port, *service_ports])
