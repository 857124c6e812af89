"""Live updates through real Socket.IO clients connected to a real server."""

import queue

import socketio

from thc_participation.consultation.services import consultations

from .conftest import base_url, live_session, phase_url


def _viewer(live_server, phase):
    events = queue.Queue()
    client = socketio.Client(reconnection=False)
    for name in ("comment_created", "comment_counts", "comment_changed"):
        client.on(name, lambda data, name=name: events.put((name, data)), namespace="/consultation")
    client.connect(live_server.url, namespaces=["/consultation"], transports=["websocket"],
                   wait_timeout=10)
    assert client.call("join", {"phase": phase.id}, namespace="/consultation", timeout=10)["ok"]
    return client, events


def _next(events, name):
    while True:
        got, data = events.get(timeout=10)
        if got == name:
            return data


def test_viewers_see_comments_votes_and_moderation_arrive(live_server, open_consultation, phase,
                                                          citizen, neighbour, agent):
    author_socket, _author_events = _viewer(live_server, phase)
    reader_socket, reader_events = _viewer(live_server, phase)
    try:
        author = live_session(live_server, citizen)
        response = author.post(live_server.url + phase_url(open_consultation), data={
            "body": "Arrivé en direct <b>sans HTML</b>", "section": "assessment",
            "stance": "for"}, allow_redirects=False)
        assert response.status_code == 302
        created = _next(reader_events, "comment_created")
        assert created["body_html"] == "<p>Arrivé en direct &lt;b&gt;sans HTML&lt;/b&gt;</p>"
        assert created["author"] == citizen.display_name
        assert (created["section"], created["stance"]) == ("assessment", "for")
        assert "email" not in created

        voter = live_session(live_server, neighbour)
        url = f"{live_server.url}{base_url(open_consultation)}/commentaires/{created['id']}/vote"
        assert voter.post(url, data={"value": "1"}, allow_redirects=False).status_code == 302
        counts = _next(reader_events, "comment_counts")
        assert (counts["id"], counts["up"], counts["down"]) == (created["id"], 1, 0)
        assert counts["version"] > created["version"]

        moderator = live_session(live_server, agent)
        manage = (f"{live_server.url}/t/{open_consultation.territory.slug}/gestion/consultations"
                  f"/moderation/commentaires/{created['id']}")
        assert moderator.post(manage, data={"action": "hide", "reason": "Doublon", "confirmed": "1"},
                              allow_redirects=False).status_code == 302
        changed = _next(reader_events, "comment_changed")
        assert changed["body_html"] == ""
        assert changed["notice"] == "Masqué par la modération : Doublon"
        assert changed["version"] > counts["version"]
    finally:
        author_socket.disconnect()
        reader_socket.disconnect()


def test_join_refuses_unknown_or_draft_phases(live_server, territory, agent, db):
    draft = consultations.create_consultation(agent, territory, "Brouillon")
    db.session.commit()
    client = socketio.Client(reconnection=False)
    client.connect(live_server.url, namespaces=["/consultation"], transports=["websocket"],
                   wait_timeout=10)
    try:
        assert client.call("join", {"phase": draft.phases[0].id}, namespace="/consultation",
                           timeout=10)["ok"] is False
        assert client.call("join", {"phase": "abc"}, namespace="/consultation",
                           timeout=10)["ok"] is False
        assert client.call("join", None, namespace="/consultation", timeout=10)["ok"] is False
    finally:
        client.disconnect()


def test_two_server_processes_share_events_through_redis(live_server_factory, redis_url,
                                                         open_consultation, phase, citizen):
    """Scale-out path: the viewer is on one process, the author posts on another."""
    first = live_server_factory(THC_REDIS_URL=redis_url)
    second = live_server_factory(THC_REDIS_URL=redis_url)
    viewer, events = _viewer(second, phase)
    try:
        author = live_session(first, citizen)
        response = author.post(first.url + phase_url(open_consultation), data={
            "body": "Posté sur le premier serveur", "section": "situation",
            "stance": "neutral"}, allow_redirects=False)
        assert response.status_code == 302
        created = _next(events, "comment_created")
        assert created["body_html"] == "<p>Posté sur le premier serveur</p>"
    finally:
        viewer.disconnect()
