"""The authorisation matrix: every route of ``app.url_map`` (GET and POST) and every Socket.IO
event, for nine identities, each cell allowed or refused as ``roles_rules`` says.

A route or event without a rule, or a rule without a route, fails the test. "Refused" is
401/403/404 or a redirect to the sign-in page; "allowed" is anything else but a 500 (empty
POSTs are refused by their forms with 400: only authorisation is asserted here)."""

import re

from flask import g
from sqlalchemy import inspect

from thc_participation import ratelimits
from thc_participation import roles_rules as rules
from thc_participation.consultation.models import Block, HelpPlace
from thc_participation.dashboard.models import (
    ActionMember,
    CommitmentProposal,
    Document,
    InventoryItem,
    SteeringMeeting,
    TeamMember,
)
from thc_participation.extensions import socketio
from thc_participation.inspiration.models import CardCitation
from thc_participation.models import Membership

from ..conftest import session_token
from ..support import report
from ..support.pages import text_of
from .matrix_support import IDENTITIES, build_world

# The roles each identity holds in the demo territory, and the one person each personal level
# concerns in the matrix's world (the author of the comment and proposer of the actor, the team
# member in the URL). The agent of another territory holds no role in it.
ROLES = {
    "anonymous": {rules.VISITOR},
    "other_agent": {rules.VISITOR, rules.SIGNED_IN_ROLE},
    "citizen": {rules.VISITOR, rules.SIGNED_IN_ROLE},
    **{key: {rules.VISITOR, rules.SIGNED_IN_ROLE, key}
       for key in ("agent", "elu", "facilitator", "steering", "evaluation", "admin")},
}
CONCERNED = {rules.OWNER: "citizen", rules.PROPOSER_OR_AGENT: "citizen",
             rules.CONTACT_OWNER: "elu", rules.TOKEN: None,  # a made-up token: nobody
             # the elected official holds a committee seat (the democracy one) in the demo,
             # the citizen is a member of the first action's group
             rules.COMMITTEE_OF_TERRITORY: "elu", rules.ACTION_GROUP_OR_AGENT: "citizen",
             # any territory's agent drafts their experience card; the demo agent wrote the
             # draft card of the matrix's world
             rules.CARD_WRITER: "other_agent", rules.CARD_AUTHOR: "agent"}


def _allowed(level):
    if level is rules.TOKEN:
        return set()
    return {identity for identity in IDENTITIES
            if ROLES[identity] & set(level.roles) or CONCERNED.get(level) == identity}


ALLOWED = {level: _allowed(level) for level in rules.LEVELS}


# Each route's URL arguments come from the demo's objects; these routes take another one.
ARGUMENTS = {
    "dashboard.remove_action_member": {"member_id": "action_member"},
    "dashboard.publish_report": {"document_id": "report_id"},
    "dashboard.moderate_update": {"decision": "update_decision"},
    "resources.public_download": {"resource_id": "public_resource_id"},
    **{f"inspiration.{target}_detach": {"citation_id": f"{target}_citation"}
       for target in ("board", "workshop", "proposal", "commitment")},
    "referentiel.archive_card": {"decision": "card_decision"},
    **{endpoint: {"kind": "card_kind", "slug": "card_slug"}
       for endpoint in ("referentiel.card", "referentiel.card_history", "referentiel.card_json",
                        "referentiel.print_card", "referentiel.image")},
    **{endpoint: {"event_id": "network_event_id"} for endpoint in (
        "events.manage_event", "events.checkin", "events.cancel_event", "events.new_workshop",
        "events.invite", "events.edit_event", "events.change_occurrence",
        "events.attendees_csv", "events.attendee_list")},
    "events.presence": {"event_id": "network_event_id",
                        "registration_id": "network_registration_id"},
}
# Minimal form data where an empty form would not reach the authorisation at all.
DATA = {"POST /t/<slug>/gestion/consultations/blocages": lambda v: {
    "email": v["spare_email"], "reason": "Essai"}}
# Routes that delete the object in their URL: put back after each allowed request, so that
# the next allowed identity finds it (the same row, the same id).
DELETING = {
    "POST /t/<slug>/gestion/consultations/blocages/<int:block_id>/lever": (Block, "block_id"),
    "POST /t/<slug>/gestion/consultations/lieux-d-aide/<int:place_id>/supprimer":
        (HelpPlace, "place_id"),
    "POST /t/<slug>/gestion/roles/<int:membership_id>/retirer": (Membership, "membership_id"),
    "POST /t/<slug>/gestion/tableau-de-bord/actions/membres/<int:member_id>/retirer":
        (ActionMember, "action_member"),
    "POST /t/<slug>/gestion/tableau-de-bord/diagnostic/<int:item_id>/retirer":
        (InventoryItem, "item_id"),
    "POST /t/<slug>/gestion/tableau-de-bord/documents/<int:document_id>/supprimer":
        (Document, "document_id"),
    "POST /t/<slug>/gestion/tableau-de-bord/equipe/<int:member_id>/retirer":
        (TeamMember, "member_id"),
    "POST /t/<slug>/gestion/tableau-de-bord/comite/<int:meeting_id>/supprimer":
        (SteeringMeeting, "meeting_id"),
    "POST /t/<slug>/gestion/tableau-de-bord/actions/propositions/<int:link_id>/retirer":
        (CommitmentProposal, "link_id"),
}
DELETING.update({
    f"POST {rule}/<int:citation_id>/retirer": (CardCitation, f"{target}_citation")
    for target, rule in (
        ("board", "/t/<slug>/gestion/ateliers/<int:board_id>/referentiel"),
        ("workshop", "/t/<slug>/gestion/ateliers/evenements/<int:workshop_id>/referentiel"),
        ("proposal", "/t/<slug>/gestion/consultations/<int:consultation_id>/propositions/"
                     "<int:proposal_id>/referentiel"),
        ("commitment", "/t/<slug>/gestion/tableau-de-bord/actions/<int:commitment_id>"
                       "/referentiel"))})
# Sent last: they end the session they are sent with.
LAST = ("POST /compte/deconnexion-partout", "POST /compte/deconnexion")


def _url(rule, values):
    names = dict(ARGUMENTS.get(rule.endpoint, {}))
    if not rule.rule.startswith("/admin/"):
        names.pop("event_id", None)
        names.pop("registration_id", None)
    return re.sub(r"<(?:[^<>]*:)?(\w+)>", lambda m: str(values[names.get(m[1], m[1])]),
                  rule.rule)


def _refused(response, level):
    if response.status_code in (401, 403, 404):
        return True
    if level is rules.TOKEN and response.status_code == 400:  # an unknown or expired link
        return True
    location = response.headers.get("Location", "")  # login_required: ?next=<the page>
    return response.status_code in (301, 302, 303) and "/compte/connexion?next=" in location


def _cells(app):
    """Every (method and URL rule, endpoint) the application answers, the static files aside."""
    cells = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in ("GET", "POST"):
            if method in rule.methods:
                cells[f"{method} {rule.rule}"] = rule
    return cells


def _events():
    """Every event a socket handler answers (``socketio.handlers`` before the first app binds
    them to its server, the server's table after)."""
    found = {(namespace, event) for event, _handler, namespace in socketio.handlers}
    if socketio.server is not None:
        found |= {(namespace, event) for namespace, handlers in socketio.server.handlers.items()
                  for event in handlers}
    # "*": the boards' catch-all, which answers ``unknown_event`` to any event it does not know.
    return {f"{ns} {event}" for ns, event in found
            if event not in ("connect", "disconnect", "*")}


def test_every_route_and_event_has_a_rule(app):
    assert set(_cells(app)) == set(rules.ROUTES), "a route without a rule, or a stale rule"
    assert _events() == set(rules.EVENTS), "a socket event without a rule, or a stale rule"


def _clients(app, users):
    clients = {}
    for key in IDENTITIES:
        client = app.test_client()
        if key != "anonymous":
            with client.session_transaction() as session:
                session["_user_id"] = session_token(users[key])
                session["_fresh"] = True
        assert client.get("/compte/profil").status_code == (302 if key == "anonymous" else 200)
        clients[key] = client
    return clients


def test_authorisation_matrix(app, db):
    users, values = build_world()
    clients = _clients(app, users)
    cells = _cells(app)
    order = sorted(cells, key=lambda key: (key in LAST, LAST.index(key) if key in LAST else 0,
                                          not key.startswith("GET"), key))
    wrong, socket_cells = _socket_cells(app, clients, values)
    for key in order:
        method, _path = key.split(" ", 1)
        level = rules.ROUTES[key]
        url = _url(cells[key], values)
        for identity in IDENTITIES:
            data = DATA[key](values) if key in DATA else None
            kept = _snapshot(db, *DELETING[key], values) if key in DELETING else None
            response = clients[identity].open(url, method=method, data=data)
            refused = _refused(response, level)
            if kept is not None:
                _put_back(db, *kept)
            expected = identity in ALLOWED[level]
            if response.status_code >= 500 or refused == expected:
                wrong.append(f"{key} as {identity}: {response.status_code} "
                             f"({'allowed' if expected else 'refused'} by {level!r})")
    routes = len({rule.rule for rule in cells.values()})
    report.COUNTS["authorisation matrix"] = (
        f"{routes} routes ({len(cells)} with GET and POST), {len(rules.EVENTS)} socket events, "
        f"{len(IDENTITIES)} identities: {len(cells) * len(IDENTITIES) + socket_cells} cells")
    assert not wrong, f"{len(wrong)} wrong cells:\n" + "\n".join(wrong)


def _snapshot(db, model, argument, values):
    row = db.session.get(model, values[argument])
    return model, {a.key: getattr(row, a.key) for a in inspect(model).column_attrs}


def _put_back(db, model, columns):
    db.session.remove()
    if db.session.get(model, columns["id"]) is None:
        db.session.add(model(**columns))
        db.session.commit()


# Error codes of a refused event (an acknowledgement ``{"ok": false, "error": ...}``).
REFUSALS = {"forbidden", "not_found", "sign_in_required", "login_required", "not_joined"}
# Sent last: they change the board for everyone.
LAST_EVENTS = ("reset_votes", "remove_participant", "lock", "close")


def _ack_refused(ack):
    assert isinstance(ack, dict), ack
    return not ack.get("ok", True) and ack.get("error") in REFUSALS


def _emit(client, namespace, event, data):
    """One event and its acknowledgement. The test client handles it in this thread, inside
    the test's app context: forget the user Flask-Login cached in ``g`` for the last one."""
    g.pop("_login_user", None)
    return client.emit(event, data, namespace=namespace, callback=True)


def _socket_cells(app, clients, values):
    wrong, asked = [], []

    def check(cell, identity, level, ack):
        asked.append(cell)
        expected = identity in ALLOWED[level]
        if (isinstance(ack, dict) and ack.get("error") == "server_error") or \
                _ack_refused(ack) == expected:
            wrong.append(f"{cell} as {identity}: {ack} "
                         f"({'allowed' if expected else 'refused'} by {level!r})")

    phase = {"phase": values["phase_id"]}
    boards = {}
    for identity in IDENTITIES:
        client = socketio.test_client(app, namespace="/consultation",
                                      flask_test_client=clients[identity])
        check("/consultation join", identity, rules.EVENTS["/consultation join"],
              _emit(client, "/consultation", "join", phase))
        client.disconnect(namespace="/consultation")
        watcher = socketio.test_client(app, namespace="/jobs", flask_test_client=clients[identity])
        check("/jobs watch", identity, rules.EVENTS["/jobs watch"],
              _emit(watcher, "/jobs", "watch", {"job": values["run_id"]}))
        watcher.disconnect(namespace="/jobs")
        board = socketio.test_client(app, namespace="/board", flask_test_client=clients[identity])
        join = {"code": values["code"], "pseudonym": f"Matrice {identity}"}
        check("/board join (projecteur)", identity, rules.PROJECTOR_JOIN,
              _emit(board, "/board", "join", {**join, "role": "facilitator"}))
        if identity not in ALLOWED[rules.PROJECTOR_JOIN]:
            check("/board join", identity, rules.EVENTS["/board join"],
                  _emit(board, "/board", "join", join))
        boards[identity] = board
    events = sorted((e for e in rules.EVENTS if e.startswith("/board ") and e != "/board join"),
                    key=lambda e: (LAST_EVENTS.index(e.split()[1]) if e.split()[1] in LAST_EVENTS
                                   else -1, e))
    for cell in events:
        event = cell.split()[1]
        ratelimits.reset()  # each participant's rate limit: this is not a flood
        # Those refused first: an allowed "close" would answer "closed" to whoever comes next.
        for identity in sorted(IDENTITIES, key=lambda i: i in ALLOWED[rules.EVENTS[cell]]):
            check(cell, identity, rules.EVENTS[cell],
                  _emit(boards[identity], "/board", event, {"op": f"matrix-{event}-{identity}"}))
    for board in boards.values():
        board.disconnect(namespace="/board")
    return wrong, len(asked)


def test_roles_help_is_drawn_from_the_rules(client):
    page = text_of(client.get("/aide/roles"))
    agent = rules.AGENT_OF_TERRITORY
    pages = sum(1 for key, level in rules.ROUTES.items() if level is agent and key[0] == "G")
    actions = sum(1 for key, level in rules.ROUTES.items() if level is agent and key[0] == "P")
    assert f"Les agents du territoire : {pages} pages, {actions} actions" in page
    # Issue 17: the group's workspace (a page and its form), publishing assessments and reports.
    assert "Le groupe d'évaluation du territoire : 1 page, 4 actions</li>" in page
    board = sum(1 for level in rules.EVENTS.values() if level is rules.BOARD_MANAGER_OF_TERRITORY)
    assert f"{board + 1} événements en direct" in page  # and the projector's join
