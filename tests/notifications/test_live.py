"""The bell's count arrives live: real Socket.IO clients against real servers (two processes
sharing Redis: the reply is posted on one, the bell listens on the other), and in Chromium
(the bell changes without a reload, and the e-mail reaches aiosmtpd)."""

import queue
import re

import pytest
import socketio

from tests.conftest import PASSWORD
from tests.consultation.conftest import live_session, phase_url
from thc_participation.consultation.services import comments


def _cookie(session):
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def _bell(server, session):
    counts = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("unread", lambda data: counts.put(data["count"]), namespace="/notifications")
    client.connect(server.url, namespaces=["/notifications"], transports=["websocket"],
                   headers={"Cookie": _cookie(session)}, wait_timeout=10)
    return client, counts


def test_the_bell_count_arrives_live_across_processes(live_server_factory, redis_url, db, phase,
                                                      open_consultation, citizen, neighbour):
    one = live_server_factory(THC_REDIS_URL=redis_url)
    two = live_server_factory(THC_REDIS_URL=redis_url)
    parent = comments.post_comment(citizen, phase, "Des bancs sur la place.")
    db.session.commit()
    client, counts = _bell(one, live_session(one, citizen))
    try:
        assert client.call("count", None, namespace="/notifications", timeout=10) == {
            "ok": True, "count": 0}
        replier = live_session(two, neighbour)
        url = (f"{two.url}/t/{open_consultation.territory.slug}/consultations/"
               f"{open_consultation.id}/commentaires/{parent.id}/repondre")
        response = replier.post(url, data={"body": "Et de l'ombre l'été.", "stance": "neutral"},
                                allow_redirects=False)
        assert response.status_code == 302, two.output()[-3000:]
        assert counts.get(timeout=10) == 1
    finally:
        client.disconnect()


def test_an_anonymous_socket_is_refused(live_server):
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(live_server.url, namespaces=["/notifications"],
                       transports=["websocket"], wait_timeout=10)
    client.disconnect()


@pytest.mark.browser
def test_a_reply_notifies_the_author_live_and_by_email(live_server, browser_page, db, phase,
                                                       open_consultation, citizen, neighbour,
                                                       smtp):
    page = browser_page
    parent = comments.post_comment(citizen, phase, "Une navette vers la gare.")
    db.session.commit()
    page.goto(f"{live_server.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(citizen.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    page.goto(live_server.url + phase_url(open_consultation))
    bell = page.get_by_role("link", name="Notifications aucune non lue")
    bell.wait_for()
    page.wait_for_function("document.querySelector('[data-bell]') && typeof io === 'function'")
    page.evaluate("window.__stayed = true")  # gone if the page reloads
    replier = live_session(live_server, neighbour)
    url = (f"{live_server.url}/t/{open_consultation.territory.slug}/consultations/"
           f"{open_consultation.id}/commentaires/{parent.id}/repondre")
    assert replier.post(url, data={"body": "Le dimanche aussi.", "stance": "neutral"},
                        allow_redirects=False).status_code == 302
    page.get_by_role("link", name="Notifications 1 non lue").wait_for()
    assert page.evaluate("window.__stayed") is True
    assert page.locator("[data-bell-count]").inner_text() == "1"
    [message] = smtp.wait_for(1)
    assert message["To"] == citizen.email and "Nadir Voisin a répondu" in message.get_content()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page.get_by_role("link", name="Notifications 1 non lue").click()
    page.get_by_role("link", name=re.compile("Nadir Voisin a répondu")).wait_for()
    page.get_by_role("button", name="Tout marquer comme lu").click()
    page.get_by_role("link", name="Notifications aucune non lue").wait_for()
