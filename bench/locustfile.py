"""Locust scenario of the whole site through nginx (run by bench/topology_load.py, which
seeds the data and passes it in THC_BENCH_DATA).

- Citizens (most users): browse the home and territory pages, read the consultation, sign in,
  comment, vote, and a few register.
- Board participants: join the workshop board over Socket.IO (WebSocket through nginx) and add
  notes; the time to the server's acknowledgement is reported as "SIO board add".
- Agents: the management pages (consultations, moderation queue, boards).

Every acknowledged comment (the server answered 302) is written to THC_BENCH_ACKED, one body a
line, so that the runner checks afterwards that none is missing from the database.
"""

import itertools
import json
import os
import random
import re
import time
import uuid

import socketio
from locust import HttpUser, User, between, events, task

DATA = json.load(open(os.environ["THC_BENCH_DATA"], encoding="utf-8"))
ACKED_PATH = os.environ.get("THC_BENCH_ACKED")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
T = f"/t/{DATA['slug']}"
C = f"{T}/consultations/{DATA['consultation']}"
PHASE = f"{C}/phases/{DATA['phase']}"
# THC_BENCH_WAIT scales every pause between tasks (0.1: ten times busier users, to find the
# throughput a topology can serve).
WAIT = float(os.environ.get("THC_BENCH_WAIT", "1"))
_citizen_numbers = itertools.count()
_acked = []


@events.test_stop.add_listener
def _write_acked(**kwargs):
    if ACKED_PATH:
        with open(ACKED_PATH, "w", encoding="utf-8") as out:
            out.write("\n".join(_acked))


def _csrf(response):
    found = CSRF.search(response.text)
    return found.group(1) if found else ""


class _SignedIn(HttpUser):
    abstract = True

    def sign_in(self, email):
        page = self.client.get("/compte/connexion", name="/compte/connexion")
        with self.client.post("/compte/connexion", name="/compte/connexion [POST]",
                              data={"email": email, "password": DATA["password"],
                                    "csrf_token": _csrf(page)},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}")


class Citizen(_SignedIn):
    weight = 8
    wait_time = between(2 * WAIT, 6 * WAIT)

    def on_start(self):
        self.token = ""
        self.signed_in = False
        self.voted = set()
        if random.random() < 0.7:  # most participants sign in; some only read
            self.sign_in(f"citoyen{next(_citizen_numbers) % DATA['citizens']}@exemple.fr")
            self.signed_in = True

    @task(6)
    def browse(self):
        self.client.get("/", name="/")
        self.client.get(f"{T}/", name="/t/<slug>/")
        self.client.get(f"{T}/consultations/", name="/t/<slug>/consultations/")

    @task(8)
    def read(self):
        self.client.get(f"{C}/", name="consultation")
        page = self.client.get(PHASE, name="phase")
        self.token = _csrf(page) or self.token
        comment = random.choice(DATA["comments"])
        self.client.get(f"{C}/commentaires/{comment}", name="thread")

    @task(3)
    def comment(self):
        if not self.signed_in:
            return
        if not self.token:
            self.token = _csrf(self.client.get(PHASE, name="phase"))
        body = f"Charge {uuid.uuid4().hex} : plus de bus le soir et des pistes cyclables."
        with self.client.post(PHASE, name="phase [POST comment]", allow_redirects=False,
                              data={"body": body, "section": "situation", "stance": "for",
                                    "csrf_token": self.token}, catch_response=True) as response:
            if response.status_code == 302:
                _acked.append(body)
            else:
                response.failure(f"comment answered {response.status_code}")

    @task(3)
    def vote(self):
        if not self.signed_in or not self.token:
            return
        comment = random.choice(DATA["comments"])
        if comment in self.voted:  # people vote once for a comment
            return
        self.voted.add(comment)
        with self.client.post(f"{C}/commentaires/{comment}/vote", name="vote [POST]",
                              data={"value": random.choice(["1", "-1"]),
                                    "csrf_token": self.token},
                              allow_redirects=False, catch_response=True) as response:
            # 409: the same account (two Locust users share one past 400) already voted it.
            if response.status_code == 409:
                response.success()
            elif response.status_code != 302:
                response.failure(f"vote answered {response.status_code}")

    @task(1)
    def register(self):
        if self.signed_in:
            return
        page = self.client.get("/compte/inscription", name="/compte/inscription")
        password = "un mot de passe tout neuf"
        with self.client.post("/compte/inscription", name="/compte/inscription [POST]",
                              data={"display_name": "Nouvelle Personne",
                                    "email": f"nouveau-{uuid.uuid4().hex[:12]}@exemple.fr",
                                    "password": password, "confirm": password,
                                    "csrf_token": _csrf(page)},
                              allow_redirects=False, catch_response=True) as response:
            # Success shows the "check your mailbox" page (200); a refusal, the form again.
            if response.status_code != 200 or 'name="confirm"' in response.text:
                response.failure(f"sign-up refused ({response.status_code})")


class Agent(_SignedIn):
    weight = 1
    wait_time = between(3 * WAIT, 8 * WAIT)

    def on_start(self):
        self.sign_in(DATA["agent"])

    @task
    def manage(self):
        self.client.get(f"{T}/gestion/", name="/t/<slug>/gestion/")
        self.client.get(f"{T}/gestion/consultations/", name="gestion consultations")
        self.client.get(f"{T}/gestion/consultations/{DATA['consultation']}/",
                        name="gestion consultation")
        self.client.get(f"{T}/gestion/consultations/moderation", name="gestion moderation")
        self.client.get(f"{T}/gestion/ateliers/", name="gestion ateliers")


class BoardParticipant(User):
    """A participant of the live board: Socket.IO over WebSocket through nginx, re-joining by
    itself after a reconnection (as the page's script does)."""

    weight = 2
    wait_time = between(max(4 * WAIT, 1), max(12 * WAIT, 1))  # the board's flood limit

    def on_start(self):
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.5,
                                   reconnection_delay_max=2)
        self.pseudonym = f"Part {uuid.uuid4().hex[:6]}"
        self.token = None  # the device token, sent again on re-joining (as localStorage does)
        self.joined = False
        self.notes = []
        self.sio.on("connect", self._rejoin, namespace="/board")
        started = time.perf_counter()
        try:
            self.sio.connect(self.host, namespaces=["/board"], transports=["websocket"],
                             headers={"Cookie": f"thc_route={uuid.uuid4().hex}"},
                             wait_timeout=20)
            self._join()
            self.joined = True
            self._fire("connect+join", started, None)
        except Exception as error:  # noqa: BLE001 - reported as a failure
            self._fire("connect+join", started, error)

    def _join(self):
        ack = self.sio.call("join", {"code": DATA["board"], "pseudonym": self.pseudonym,
                                     "token": self.token}, namespace="/board", timeout=20)
        if not (ack and ack.get("ok")):
            raise RuntimeError(f"join refused: {ack}")
        self.token = ack["object"]["me"]["token"] or self.token

    def _rejoin(self):
        if self.joined:  # after a reconnection (a worker restarted): join again
            self.sio.start_background_task(self._join)

    def _fire(self, name, started, error):
        events.request.fire(request_type="SIO", name=f"board {name}", response_length=0,
                            response_time=(time.perf_counter() - started) * 1000,
                            exception=error, context={})

    @task
    def write(self):
        """Add a note, or delete the oldest of one's own five (50 at most per participant)."""
        if not self.sio.connected:
            return
        deleting = len(self.notes) >= 5
        started = time.perf_counter()
        try:
            if deleting:
                ack = self.sio.call("delete", {"op": uuid.uuid4().hex,
                                               "note": self.notes.pop(0)},
                                    namespace="/board", timeout=20)
            else:
                ack = self.sio.call("add", {"op": uuid.uuid4().hex, "column": "c1",
                                            "text": "Une idée pour le budget"},
                                    namespace="/board", timeout=20)
                if ack and ack.get("ok"):
                    self.notes.append(ack["object"]["id"])
            error = None if ack and ack.get("ok") else RuntimeError(f"refused: {ack}")
        except Exception as exc:  # noqa: BLE001 - reported as a failure
            error = exc
        self._fire("delete" if deleting else "add", started, error)

    def on_stop(self):
        self.sio.disconnect()
