"""Rate limits shared across processes: two real ``thc run`` servers on one Redis enforce ONE
HTTP limit (Flask-Limiter) and ONE socket limit (board events), whichever server a client's
requests reach."""

import re

import requests

from thc_participation.events.boards.services.limits import PARTICIPANT_RATE, check_rate

from ..support import report
from ..support.servers import free_port

LOGIN_LIMIT = 10  # accounts.views.AUTH_LIMIT: "10 per minute"


def _two_servers(live_server_factory, redis_url):
    env = {"THC_REDIS_URL": redis_url, "THC_RATELIMIT_ENABLED": "1"}
    return live_server_factory(**env), live_server_factory(**env)


def test_two_processes_enforce_one_http_limit(live_server_factory, redis_url):
    first, second = _two_servers(live_server_factory, redis_url)
    http = requests.Session()
    page = http.get(f"{first.url}/compte/connexion", timeout=10)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    statuses = []
    for attempt in range(2 * LOGIN_LIMIT):
        server = (first, second)[attempt % 2]
        answer = http.post(f"{server.url}/compte/connexion", timeout=10, data={
            "csrf_token": token, "email": "personne@example.org", "password": "mauvais-mot"})
        statuses.append(answer.status_code)
    # Per process, each server would have accepted its 10 (20 in all): together, 10.
    report.COUNTS["shared HTTP limit"] = (
        f"{statuses.count(429)} of {len(statuses)} sign-in attempts refused across 2 servers")
    assert statuses.count(429) == LOGIN_LIMIT
    assert statuses[:LOGIN_LIMIT].count(429) == 0
    refused = http.post(f"{second.url}/compte/connexion", timeout=10, data={"csrf_token": token})
    assert refused.status_code == 429 and "Trop de demandes" in refused.text


def test_two_processes_enforce_one_socket_limit(live_server_factory, redis_url, clients,
                                                board):
    first, second = _two_servers(live_server_factory, redis_url)
    burst = int(PARTICIPANT_RATE.split()[0])
    on_first = clients(first.url)
    joined = on_first.join(board.code, "Nadia")
    assert joined["ok"]
    on_second = clients(second.url)
    me = joined["object"]["me"]
    rejoined = on_second.join(board.code, "Nadia", token=me["token"])
    assert rejoined["object"]["me"]["participant"] == me["participant"]  # the same person
    acks = [(on_first, on_second)[i % 2].op("add", column="c1", text=f"Idée {i}")
            for i in range(2 * burst)]
    accepted = [ack for ack in acks if ack["ok"]]
    refused = [ack for ack in acks if not ack["ok"]]
    # Per process, each server would have accepted all its 10 events (20 in all); the moving
    # window of the shared limit accepts at most the burst, and refuses on both servers.
    report.COUNTS["shared socket limit"] = (
        f"{len(accepted)} of {len(acks)} board events accepted across 2 servers")
    assert 0 < len(accepted) <= burst
    assert {ack["error"] for ack in refused} == {"rate_limited"}
    assert {i % 2 for i, ack in enumerate(acks) if not ack["ok"]} == {0, 1}


def test_limits_fail_open_when_redis_is_unreachable(make_app):
    """Deliberate: with Redis down, requests and socket events are served (and logged)."""
    closed = f"redis://127.0.0.1:{free_port()}/0"
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=closed,
                   RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 1})
    client = app.test_client()
    statuses = {client.post("/compte/connexion", data={"email": "a@example.org",
                                                       "password": "x"}).status_code
                for _ in range(LOGIN_LIMIT + 2)}
    assert statuses == {400}  # the form's answer to wrong credentials: never 429, never 500
    with app.app_context():
        for _ in range(30):
            check_rate("fail-open")  # never refused, never an error
