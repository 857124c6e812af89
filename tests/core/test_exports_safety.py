"""Formula-safe exports (issue #14, item 6): a formula planted through each public path comes
out of each CSV (and the actors' GeoJSON) as inert text, prefixed with ``'`` (OWASP's rule).

Each test plants the value the way an attacker would (a volunteer sign-up, a guest
registration, a comment, an actor proposal, a board note), downloads the export as the role
that may read it, parses it with the ``csv`` module and checks every cell of the file."""

import csv
import io
import json

from tests.boards.support import BoardClient
from thc_participation.consultation.models import ConsultationState
from thc_participation.consultation.services import consultations
from thc_participation.csvio import FORMULA_PREFIXES, neutralise, write_csv
from thc_participation.dashboard.models import Actor
from thc_participation.evaluation.services import pools
from thc_participation.events.boards.services import boards, participants
from thc_participation.extensions import db

from .builders import meeting

FORMULA = '=HYPERLINK("http://x","y")'
PLANTED = (FORMULA, "+33 6 12 34 56 78", "-2+3", "@SUM(A1)", "\tcmd", "\r=1")


def cells_of(response):
    """Every cell of a downloaded CSV, parsed as a spreadsheet would split it."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")
            for cell in row]


def assert_inert(cells, planted=FORMULA):
    assert "'" + planted in cells, cells
    live = [c for c in cells if c.startswith(FORMULA_PREFIXES)]
    assert live == [], live


# --- the helper ---------------------------------------------------------------------------


def test_write_csv_prefixes_every_formula_prefix_but_not_our_numbers():
    rows = [[value] for value in PLANTED] + [[-3, -1.5, "-3", "ok", None, True]]
    text = write_csv(rows, ["=en-tête", "b"]).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert parsed[0] == ["'=en-tête", "b"]
    assert [row[0] for row in parsed[1:7]] == ["'" + value for value in PLANTED]
    # Numbers we produced stay numbers (French decimal comma); a text that looks like one does not.
    assert parsed[7] == ["-3", "-1,5", "'-3", "ok", "", "oui"]
    assert neutralise("\uff1dSUM(1)") == "'\uff1dSUM(1)" and neutralise(-2) == -2


# --- one test per export --------------------------------------------------------------------


def test_pool_receipts_neutralise_a_volunteer_sign_up(client, login, agent, territory):
    pool = pools.create_pool(agent, territory, "Volontaires", "", "genre : femme, homme",
                             signup_open=True)
    db.session.commit()
    signup = client.post(f"/t/{territory.slug}/tirages/viviers/{pool.id}/inscription", data={
        "first_name": FORMULA, "last_name": "@SUM(A1)", "email": "awa@exemple.fr",
        "phone": "+33 6 12 34 56 78", "cat_0": "femme", "consent": "y"})
    assert signup.status_code == 200
    login(client, agent)
    cells = cells_of(client.get(f"/t/{territory.slug}/gestion/tirages/viviers/{pool.id}/recus.csv"))
    assert_inert(cells)
    assert "'@SUM(A1)" in cells and "'+33 6 12 34 56 78" in cells


def test_event_participants_neutralise_a_guest_registration(client, login, agent, territory,
                                                            smtp):
    event = meeting(agent, territory, title="-Réunion publique")
    registered = client.post(f"/evenements/{event.id}/inscription",
                             data={"name": FORMULA, "email": "lea@exemple.fr"})
    assert registered.status_code == 200
    login(client, agent)
    cells = cells_of(client.get(f"/t/{territory.slug}/gestion/evenements/{event.id}/"
                                "participants.csv"))
    assert_inert(cells)
    assert "'-Réunion publique" in cells


def test_contributions_neutralise_a_comment(client, login, citizen, agent, territory):
    consultation = consultations.create_consultation(agent, territory, "Mobilités", "Avis ?")
    consultations.set_state(agent, consultation, ConsultationState.OPEN)
    db.session.commit()
    base = f"/t/{territory.slug}/consultations/{consultation.id}"
    phase = consultation.phases[0]
    login(client, citizen)
    posted = client.post(f"{base}/phases/{phase.id}", data={
        "section": "situation", "stance": "neutral", "body": FORMULA})
    assert posted.status_code == 302
    client.post("/compte/deconnexion")
    assert_inert(cells_of(client.get(f"{base}/contributions.csv")))


def test_actors_csv_and_geojson_neutralise_a_proposal(client, login, citizen, agent,
                                                      territory):
    territory.latitude, territory.longitude = 47.3941, 0.6848
    db.session.commit()
    login(client, citizen)
    proposed = client.post(f"/t/{territory.slug}/acteurs/proposer", data={
        "name": FORMULA, "kind": "association", "description": "-Réparer ensemble",
        "address": "@2 quai de Loire", "website": "", "latitude": "47,3950",
        "longitude": "0,6900"})
    assert proposed.status_code == 302
    actor = db.session.scalar(db.select(Actor))
    login(client, agent)
    assert client.post(f"/t/{territory.slug}/gestion/tableau-de-bord/acteurs/{actor.id}/"
                       "valider").status_code == 302
    client.post("/compte/deconnexion")
    cells = cells_of(client.get(f"/t/{territory.slug}/acteurs.csv"))
    assert_inert(cells)
    assert "'-Réparer ensemble" in cells and "'@2 quai de Loire" in cells
    assert "0,69" in cells  # a number we wrote stays a number
    geo = json.loads(client.get(f"/t/{territory.slug}/acteurs.geojson").data)
    properties = geo["features"][0]["properties"]
    assert properties["name"] == "'" + FORMULA
    assert properties["description"] == "'-Réparer ensemble"
    assert properties["address"] == "'@2 quai de Loire"
    assert not [v for v in properties.values()
                if isinstance(v, str) and v.startswith(FORMULA_PREFIXES)]
    assert geo["features"][0]["geometry"]["coordinates"] == [0.69, 47.395]


def test_board_notes_neutralise_a_note_and_a_pseudonym(client, login, facilitator, territory,
                                                       live_server):
    board = boards.create_board(facilitator, territory, "Comment associer les habitants ?")
    db.session.commit()
    boards.set_state(board.id, participants.facilitator_actor(facilitator, board), None, "open")
    nadia = BoardClient(live_server.url)  # the real /board socket of a running server
    try:
        joined = nadia.join(board.code, pseudonym="@Nadia")
        assert joined["ok"], joined
        added = nadia.op("add", column="c1", text=FORMULA)
        assert added["ok"], added
    finally:
        nadia.close()
    login(client, facilitator)
    cells = cells_of(client.get(f"/t/{territory.slug}/gestion/ateliers/{board.id}/notes.csv"))
    assert_inert(cells)
    assert "'@Nadia" in cells
