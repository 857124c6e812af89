"""The wall's socket events against a real eventlet server with real python-socketio clients:
``present`` (the remote and the wall show one note) and the control room's ``announcement``
and countdown reaching every live board."""

import re

import requests

from .support import NS, session_cookie


def _listen(client, event):
    received = []
    client.sio.on(event, client._record(received), namespace=NS)
    return received


def test_present_reaches_every_facilitator_socket_and_only_them(app, live_server, clients,
                                                                board, make_board,
                                                                facilitator):
    cookie = session_cookie(app, facilitator)
    wall, remote = clients(live_server.url, cookie=cookie), clients(live_server.url,
                                                                    cookie=cookie)
    phone = clients(live_server.url)
    seen = {name: _listen(c, "presented") for name, c in
            (("wall", wall), ("remote", remote), ("phone", phone))}
    for client in (wall, remote):
        assert client.join(board.code, role="facilitator")["ok"]
    assert phone.join(board.code, "Nadia")["ok"]
    note = remote.op("add", column="c1", text="Des bancs à l'ombre")["object"]["id"]

    answer = remote.call("present", {"note": note})
    assert answer == {"ok": True, "object": {"note": note}}
    wall.wait_for(lambda: seen["wall"] == [{"note": note}])
    remote.wait_for(lambda: seen["remote"] == [{"note": note}])
    assert remote.call("present", {"note": None})["ok"]
    wall.wait_for(lambda: seen["wall"][-1] == {"note": None})

    # A participant may not drive the wall; bad ids are refused, never a server error.
    assert phone.call("present", {"note": note})["error"] == "forbidden"
    other = make_board()
    foreign = clients(live_server.url, cookie=cookie)
    assert foreign.join(other.code, role="facilitator")["ok"]
    foreign_note = foreign.op("add", column="c1", text="Ailleurs")["object"]["id"]
    for bad in (foreign_note, True, "1", -1, 2 ** 63, 1.5):
        assert wall.call("present", {"note": bad})["error"] == "invalid", bad
    assert wall.call("present", ["liste"])["error"] == "invalid"
    assert seen["phone"] == []
    fresh = clients(live_server.url)
    assert fresh.call("present", {"note": note})["error"] == "not_joined"


def _csrf_post(live_server, cookie, path, data, form_page=None):
    """POST a form to the live server as a browser does: the CSRF token from the form's page."""
    name = cookie.split("=", 1)[0]
    page = requests.get(live_server.url + (form_page or path), headers={"Cookie": cookie},
                        timeout=10)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    if name in page.cookies:  # the session now holds the CSRF secret
        cookie = f"{name}={page.cookies[name]}"
    return requests.post(live_server.url + path, data={"csrf_token": token, **data},
                         headers={"Cookie": cookie}, timeout=10, allow_redirects=False)


def test_control_room_message_and_countdown_reach_every_live_board(app, live_server, clients,
                                                                   make_board, agent,
                                                                   territory):
    boards = [make_board(), make_board(), make_board(state="closed")]
    phones = []
    for board in boards[:2]:
        phone = clients(live_server.url)
        heard = _listen(phone, "announcement")
        assert phone.join(board.code, "Chloé")["ok"]
        phones.append((phone, heard))
    path = f"/t/{territory.slug}/gestion/ateliers/salle"
    response = _csrf_post(live_server, session_cookie(app, agent), path,
                          {"message": "Retour en plénière dans 5 minutes", "minutes": "5"})
    assert response.status_code == 302
    for phone, heard in phones:
        phone.wait_for(lambda heard=heard: heard and heard[0]["message"] ==
                       "Retour en plénière dans 5 minutes")
        phone.wait_for(lambda phone=phone: any(c["kind"] == "board.timer" and
                                               c["object"]["ends_at"] for c in phone.changes))
        assert heard[0]["until"]

    response = _csrf_post(live_server, session_cookie(app, agent), path + "/etat",
                          {"action": "lock", "confirmed": "1"}, form_page=path)
    assert response.status_code == 302
    for phone, _heard in phones:
        phone.wait_for(lambda phone=phone: any(
            c["kind"] == "board.state" and c["object"]["state"] == "locked"
            for c in phone.changes))
        assert phone.op("add", column="c1", text="Trop tard")["error"] == "locked"


def test_a_socket_joining_after_the_control_room_message_still_gets_it(app, live_server, clients,
                                                                        make_board, agent,
                                                                        facilitator, territory):
    """The message is stored on each live board with its expiry: a participant or a wall
    joining later finds it in its ``join`` answer; a board joined before any message has
    none; once expired it is no longer given."""
    from datetime import timedelta

    from thc_participation.events.boards.models import Board
    from thc_participation.events.boards.services import payloads
    from thc_participation.extensions import db
    from thc_participation.timeutil import utcnow

    board, closed = make_board(), make_board(state="closed")
    early = clients(live_server.url)
    assert early.join(board.code, "Avant")["object"]["announcement"] is None
    path = f"/t/{territory.slug}/gestion/ateliers/salle"
    response = _csrf_post(live_server, session_cookie(app, agent), path,
                          {"message": "Retour en plénière dans 5 minutes", "minutes": "5"})
    assert response.status_code == 302
    late = clients(live_server.url)
    answer = late.join(board.code, "Arrivée tardive")
    assert answer["ok"]
    announced = answer["object"]["announcement"]
    assert announced["message"] == "Retour en plénière dans 5 minutes"
    assert announced["until"].endswith("Z")
    wall = clients(live_server.url, cookie=session_cookie(app, facilitator))
    assert wall.join(board.code, role="facilitator")["object"]["announcement"] == announced
    # Expiry: the countdown's end (a message alone stays 15 minutes). A closed board was not
    # reached: nothing is kept for it.
    db.session.expire_all()
    assert db.session.get(Board, closed.id).announcement is None
    stored = db.session.get(Board, board.id)
    assert payloads.current_announcement(stored, utcnow() + timedelta(minutes=4)) == announced
    assert payloads.current_announcement(stored, utcnow() + timedelta(minutes=6)) is None
    response = _csrf_post(live_server, session_cookie(app, agent), path,
                          {"message": "Pause café", "minutes": ""})
    assert response.status_code == 302
    answer = clients(live_server.url).join(board.code, "Encore plus tard")
    assert answer["object"]["announcement"] == {"message": "Pause café", "until": None}
    db.session.expire_all()
    stored = db.session.get(Board, board.id)
    assert payloads.current_announcement(stored, utcnow() + timedelta(minutes=14))
    assert payloads.current_announcement(stored, utcnow() + timedelta(minutes=16)) is None
