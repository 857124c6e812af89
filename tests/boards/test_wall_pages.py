"""The facilitator's way in (navigation, workshop page, /gestion/ by role), the wall and
remote pages, and the summit control room (overview, broadcast, lock/close all, one export)."""

import re
from datetime import timedelta

import pytest

from thc_participation.events.boards.models import Board, BoardState
from thc_participation.events.boards.services import notes, participants, summit_room
from thc_participation.events.models import Event, EventKind
from thc_participation.extensions import db
from thc_participation.timeutil import utcnow

from ..support.pages import text_of
from .support import new_op


def _workshop(territory, title="Mobilités douces"):
    """A workshop of a citizen summit of ``territory``."""
    start = utcnow() + timedelta(days=30)
    hours = timedelta(hours=6)
    summit = Event(territory_id=territory.id, kind=EventKind.SOMMET, title="Sommet citoyen",
                   start_at=start, end_at=start + hours, series_end_at=start + hours)
    db.session.add(summit)
    db.session.flush()
    event = Event(territory_id=territory.id, kind=EventKind.ATELIER, title=title,
                  parent_id=summit.id, start_at=start, end_at=start + timedelta(hours=2),
                  series_end_at=start + timedelta(hours=2))
    db.session.add(event)
    db.session.commit()
    return event


def test_facilitator_sees_mes_ateliers_everywhere(client, login, facilitator, citizen,
                                                  territory, make_board):
    event = _workshop(territory)
    board = make_board(event_id=event.id)
    login(client, facilitator)
    boards_url = f"/t/{territory.slug}/gestion/ateliers/"
    home = client.get("/").get_data(as_text=True)
    assert f'href="{boards_url}">Mes ateliers</a>' in home  # the account menu
    territory_page = client.get(f"/t/{territory.slug}/").get_data(as_text=True)
    assert territory_page.count(f'href="{boards_url}"') >= 2  # account and territory menus
    assert f'href="/t/{territory.slug}/gestion/"' in territory_page

    page = client.get(f"/evenements/{event.id}").get_data(as_text=True)
    base = f"/t/{territory.slug}/gestion/ateliers/{board.id}"
    for link in (f"{base}/mur", f"{base}/telecommande", f"{base}/", f"{base}/notes.csv",
                 f"{base}/synthese", f"/b/{board.code}"):
        assert f'href="{link}"' in page, link
    assert "Mes ateliers" in text_of(client.get(f"/evenements/{event.id}"))

    client.post("/compte/deconnexion")
    login(client, citizen)
    page = client.get(f"/evenements/{event.id}").get_data(as_text=True)
    assert f"{base}/mur" not in page and f"/b/{board.code}" in page
    assert "Mes ateliers" not in text_of(client.get(f"/t/{territory.slug}/"))


@pytest.mark.parametrize("role,status,parts", [
    ("facilitator", 200, ["Ateliers en direct", "Ressources du programme"]),
    ("agent", 200, ["Consultations", "Ateliers en direct", "Salle de contrôle du sommet",
                    "Rôles", "Journal", "Ressources du programme"]),
    ("elu", 200, ["Ressources du programme"]), ("steering", 200, ["Ressources du programme"]),
    (None, 403, []),
])
def test_management_home_shows_each_role_its_parts(client, login, make_user, territory, role,
                                                   status, parts):
    user = make_user(roles=[role] if role else [], territory=territory)
    login(client, user)
    response = client.get(f"/t/{territory.slug}/gestion/")
    assert response.status_code == status
    if status == 200:
        cards = re.search(r'<ul class="cards">(.*?)</ul>', response.get_data(as_text=True),
                          re.S).group(1)
        shown = re.findall(r">([^<]+)</a>", cards)
        assert [p for p in shown if p in parts] == parts
        if role != "agent":
            assert shown == parts
            assert client.get(f"/t/{territory.slug}/gestion/roles").status_code == 403


def test_wall_and_remote_pages_for_facilitators_only(client, login, facilitator, citizen,
                                                     other_agent, territory, board):
    base = f"/t/{territory.slug}/gestion/ateliers/{board.id}"
    login(client, facilitator)
    wall = client.get(f"{base}/mur")
    assert wall.status_code == 200
    html = wall.get_data(as_text=True)
    assert board.code in html and "vendor/sortable.min.js" in html
    # Strict CSP: every script is a file or a JSON data block, no style attribute.
    assert not re.search(r"<script(?![^>]*(src=|application/json))", html)
    assert "style=" not in html
    assert "Raccourcis clavier" in html and "Présentation note par note" in html
    assert client.get(f"{base}/telecommande").status_code == 200
    for user in (citizen, other_agent):
        client.post("/compte/deconnexion")
        login(client, user)
        assert client.get(f"{base}/mur").status_code in (403, 404)
        assert client.get(f"{base}/telecommande").status_code in (403, 404)


def _boards_with_notes(make_board, facilitator, territory):
    first = make_board(event_id=_workshop(territory, "Jeunesse").id)
    second = make_board()
    actor = participants.facilitator_actor(facilitator, first)
    db.session.commit()
    notes.add_note(first.id, actor, new_op(), "c1", "=HYPERLINK(\"http://x\";\"clic\")")
    notes.add_note(first.id, actor, new_op(), "c2", "Un conseil des jeunes")
    voter = participants.join_board(first, None, "Léa", None, False)
    db.session.commit()
    from thc_participation.events.boards.services.pipeline import Actor

    notes.vote(first.id, Actor(voter.participant_id, None), new_op(),
               notes_of(first)[0])
    return first, second


def notes_of(board):
    from thc_participation.events.boards.models import BoardNote

    return [n.id for n in db.session.scalars(db.select(BoardNote).filter_by(board_id=board.id)
                                             .order_by(BoardNote.id))]


def test_control_room_overview_and_export(client, login, agent, facilitator, territory,
                                          make_board):
    first, second = _boards_with_notes(make_board, facilitator, territory)
    login(client, facilitator)
    assert client.get(f"/t/{territory.slug}/gestion/ateliers/salle").status_code == 403
    assert client.get(f"/t/{territory.slug}/gestion/ateliers/salle/ateliers.csv") \
        .status_code == 403
    client.post("/compte/deconnexion")
    login(client, agent)
    page = text_of(client.get(f"/t/{territory.slug}/gestion/ateliers/salle"))
    assert "Jeunesse" in page and first.code in page and second.code in page
    rows = {r["code"]: r for r in
            client.get(f"/t/{territory.slug}/gestion/ateliers/salle.json").get_json()["boards"]}
    assert rows[first.code]["notes"] == 2 and rows[first.code]["votes"] == 1
    assert rows[first.code]["state"] == "open" and rows[second.code]["notes"] == 0
    assert rows[first.code]["connected"] == 0 and rows[first.code]["timer_ends_at"] is None

    csv = client.get(f"/t/{territory.slug}/gestion/ateliers/salle/ateliers.csv")
    text = csv.get_data().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Atelier;Code;Question;Colonne")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ";=HYPERLINK" not in text
    assert "Jeunesse" in text and "Un conseil des jeunes" in text


def test_control_room_broadcast_and_lock_close_all(client, login, agent, facilitator,
                                                   territory, make_board):
    first, second = _boards_with_notes(make_board, facilitator, territory)
    closed = make_board(state="closed")
    login(client, agent)
    url = f"/t/{territory.slug}/gestion/ateliers/salle"
    response = client.post(url, data={"message": "", "minutes": ""})
    assert response.status_code == 400
    assert "Écrivez un message" in text_of(response)
    response = client.post(url, data={"message": "Plus que 5 minutes !", "minutes": "90"})
    assert response.status_code == 400 and "de 0 à 60 minutes" in text_of(response)
    response = client.post(url, data={"message": "Plus que 5 minutes !", "minutes": "5"},
                           follow_redirects=True)
    assert "Envoyé à 2 tableaux en direct." in text_of(response)
    for board in (first, second):
        db.session.refresh(board)
        assert board.timer_ends_at is not None
    db.session.refresh(closed)
    assert closed.timer_ends_at is None

    asked = client.post(f"{url}/etat", data={"action": "lock"})  # asked first, nothing locked
    assert "Verrouiller tous les tableaux ouverts ?" in text_of(asked)
    response = client.post(f"{url}/etat", data={"action": "lock", "confirmed": "1"},
                           follow_redirects=True)
    assert "2 tableaux verrouillés." in text_of(response)
    response = client.post(f"{url}/etat", data={"action": "close", "confirmed": "1"},
                           follow_redirects=True)
    assert "2 tableaux clôturés." in text_of(response)
    db.session.expire_all()
    states = {b.state for b in db.session.scalars(db.select(Board).filter_by(
        territory_id=territory.id))}
    assert states == {BoardState.CLOSED}
    assert client.post(f"{url}/etat", data={"action": "détruire"}).status_code == 400


def test_broadcast_needs_the_organiser_role(facilitator, territory, make_board):
    from thc_participation.errors import Forbidden

    make_board()
    with pytest.raises(Forbidden):
        summit_room.broadcast(facilitator, territory, "Bonjour", None)
