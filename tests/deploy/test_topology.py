"""End to end through nginx: the production topology (`thc deploy-local`'s code: nginx from
deploy/nginx.conf.j2, two `thc run` web workers sharing Redis and the database, the job
worker) on free ports. Each client is sent to a chosen worker by its thc_route cookie; the
access log (which names the worker of every request) proves where each request went."""

import hashlib
import queue
import re
import time

import pytest
import requests

from tests.boards.support import BoardClient
from tests.consultation.conftest import live_session, phase_url
from tests.consultation.test_live import _next
from thc_participation.deploy_config import STATIC_ROOT


class PollingBoardClient(BoardClient):
    TRANSPORTS = ["polling"]

    def connect(self):
        # Like a browser, send the route cookie with every request: python-engineio sends the
        # connect headers with the handshake only.
        if self.cookie:
            session = requests.Session()
            session.cookies.set(*self.cookie.split("=", 1))
            self.sio.eio.http = session
        return super().connect()


def _on(topology, routes, index):
    return routes[topology.web[index].port]


def _routed_session(topology, user, route):
    session = live_session(topology, user)
    for cookie in [c for c in session.cookies if c.name == "thc_route"]:
        session.cookies.clear(cookie.domain, cookie.path, cookie.name)
    session.cookies.set("thc_route", route)
    return session


def _only_on(topology, route, index):
    assert topology.upstreams(route) == {f"127.0.0.1:{topology.web[index].port}"}


def test_a_comment_posted_on_one_worker_reaches_a_viewer_on_the_other(
        topology, routes, open_consultation, phase, citizen):
    first, second = _on(topology, routes, 0), _on(topology, routes, 1)

    class ThroughNginx:  # the viewer's handshake carries its route cookie
        url = topology.url

    viewer, events = _viewer_with_cookie(ThroughNginx, phase, second)
    try:
        author = _routed_session(topology, citizen, first)
        response = author.post(topology.url + phase_url(open_consultation), data={
            "body": "Posté derrière nginx", "section": "situation", "stance": "neutral"},
            allow_redirects=False)
        assert response.status_code == 302
        created = _next(events, "comment_created")
        assert created["body_html"] == "<p>Posté derrière nginx</p>"
    finally:
        viewer.disconnect()
    _only_on(topology, first, 0)  # the comment went through the first worker...
    _only_on(topology, second, 1)  # ...and the viewer's connection to the second


def _viewer_with_cookie(server, joined, route):
    import socketio

    events = queue.Queue()
    client = socketio.Client(reconnection=False)
    for name in ("comment_created",):
        client.on(name, lambda data, name=name: events.put((name, data)), namespace="/consultation")
    client.connect(server.url, namespaces=["/consultation"], transports=["websocket"],
                   headers={"Cookie": f"thc_route={route}"}, wait_timeout=10)
    assert client.call("join", {"phase": joined.id}, namespace="/consultation",
                       timeout=10)["ok"]
    return client, events


@pytest.mark.parametrize("client_class", [BoardClient, PollingBoardClient],
                         ids=["websocket", "long-polling"])
def test_a_board_change_crosses_workers(topology, routes, board, client_class):
    first, second = _on(topology, routes, 0), _on(topology, routes, 1)
    nadia = client_class(topology.url, f"thc_route={first}")
    bruno = client_class(topology.url, f"thc_route={second}")
    try:
        nadia.join(board.code, "Nadia")
        bruno.join(board.code, "Bruno")
        versions = [bruno.op("add", column="c1", text="Écrite sur le second")["version"],
                    nadia.op("add", column="c2", text="Écrite sur le premier")["version"]]
        for receiver in (nadia, bruno):
            receiver.wait_version(versions[-1])
            assert sorted(set(receiver.versions())) == versions
    finally:
        nadia.close()
        bruno.close()
    # Sticky: every request of a connection (a long-polling one makes many) went to one worker.
    _only_on(topology, first, 0)
    _only_on(topology, second, 1)
    if client_class is PollingBoardClient:
        assert len(topology.access_lines(second)) > 3


def test_a_long_polling_client_without_cookie_stays_on_one_worker(topology, board):
    lone = PollingBoardClient(topology.url)
    try:
        lone.join(board.code, "Sans cookie")
        ack = lone.op("add", column="c1", text="Par son adresse")
        lone.wait_version(ack["version"])
    finally:
        lone.close()


def test_static_files_are_compressed_and_cached(topology):
    page = requests.get(topology.url + "/", timeout=10)
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "gzip"
    assert page.headers["Set-Cookie"].startswith("thc_route=")  # pages give the route cookie
    href = re.search(r'href="(/static/css/app\.css\?v=([0-9a-f]+))"', page.text)
    content = (STATIC_ROOT / "css" / "app.css").read_bytes()
    assert href.group(2) == hashlib.sha256(content).hexdigest()[:10]
    versioned = requests.get(topology.url + href.group(1), timeout=10)
    assert versioned.status_code == 200 and versioned.content == content
    assert versioned.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in versioned.headers["Vary"]
    assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert versioned.headers["X-Content-Type-Options"] == "nosniff"
    bare = requests.get(topology.url + "/static/css/app.css", timeout=10)
    assert bare.headers["Cache-Control"] == "public, max-age=3600"
    # Served by nginx itself: no static request reaches a worker.
    assert "/static/" not in topology.access_log.read_text()


def test_a_too_large_request_is_refused_by_nginx(topology):
    response = requests.post(topology.url + "/compte/connexion", timeout=30,
                             data={"email": "x" * (12 * 1024 * 1024)},
                             cookies={"thc_route": "trop-gros"})
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.content.decode("utf-8")
    (line,) = topology.access_lines("trop-gros")
    assert " upstream=- " in line  # no worker saw it


def _join_when_back(client, code, pseudonym, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if client.sio.connected and client.call(
                    "join", {"code": code, "pseudonym": pseudonym}, timeout=5)["ok"]:
                return
        except Exception:  # noqa: BLE001 - not reconnected yet
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def test_the_clients_of_a_killed_worker_reconnect_to_the_other(topology, routes, board):
    first, second = _on(topology, routes, 0), _on(topology, routes, 1)
    nadia = BoardClient(topology.url, f"thc_route={first}", reconnection=True)
    bruno = BoardClient(topology.url, f"thc_route={second}")
    try:
        nadia.join(board.code, "Nadia")
        bruno.join(board.code, "Bruno")
        topology.web[0].kill()  # SIGKILL: nothing is closed cleanly
        _join_when_back(nadia, board.code, "Nadia")
        ack = nadia.op("add", column="c1", text="Après la panne")
        bruno.wait_version(ack["version"])
        assert bruno.changes[-1]["object"]["text"] == "Après la panne"
    finally:
        nadia.close()
        bruno.close()
        topology.restart_web(0)
    # nginx sent the same route to the surviving worker (a connection is logged once closed).
    survivor = f"127.0.0.1:{topology.web[1].port}"
    deadline = time.monotonic() + 10
    while survivor not in topology.upstreams(first) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert survivor in topology.upstreams(first)


def test_a_draw_frozen_by_the_job_worker_leaves_the_pages_answering(topology, routes, agent,
                                                                     territory, db):
    """A 20,000-person draw is frozen (LEXIMIN) by the topology's job worker while another
    client keeps loading pages through nginx from both web workers: every page answers 200,
    and pages were served while the run was "running". (How fast they answer is measured by
    the bench, not asserted here.)"""
    from tests.evaluation.samples import skewed_draw
    from thc_participation import jobs
    from thc_participation.evaluation import jobs as evaluation_jobs
    from thc_participation.evaluation.models import Draw, DrawState

    draw_id = skewed_draw(agent, territory, 20_000).id
    agent_session = _routed_session(topology, agent, _on(topology, routes, 0))
    base = f"{topology.url}/t/{territory.slug}/gestion/tirages/{draw_id}"
    response = agent_session.post(f"{base}/geler", data={"confirmed": "1"},
                                  allow_redirects=False)
    assert response.status_code == 302

    def state():
        db.session.expire_all()
        run = jobs.latest(evaluation_jobs.FREEZE, f"draw:{draw_id}")
        db.session.rollback()  # a fresh snapshot for the next look
        return run.state.value

    readers = [requests.Session() for _route in routes]
    for session, route in zip(readers, routes.values(), strict=True):
        session.cookies.set("thc_route", route)
    pages = [f"/t/{territory.slug}/tirages/", "/", f"/t/{territory.slug}/"]
    answers = []  # (status, state before, state after)
    deadline = time.monotonic() + 600
    while state() in ("queued", "running") and time.monotonic() < deadline:
        for session in readers:
            before = state()
            status = session.get(topology.url + pages[len(answers) % len(pages)],
                                 timeout=60).status_code
            answers.append((status, before, state()))
    assert state() == "done", jobs.latest(evaluation_jobs.FREEZE, f"draw:{draw_id}").message
    assert answers and {status for status, _b, _a in answers} == {200}
    during = [a for a in answers if a[1] == "running" and a[2] == "running"]
    assert during, answers  # requests made and answered while the worker computed
    db.session.expire_all()
    draw = db.session.get(Draw, draw_id)
    assert draw.state == DrawState.FROZEN and len(draw.fingerprint) == 64
