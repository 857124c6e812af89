"""Board pages: join by code, participant page, QR code, management, exports, transfer."""

import json

from sqlalchemy import select

from thc_participation.consultation.models import Proposal
from thc_participation.consultation.services import consultations
from thc_participation.events.boards.models import Board, BoardTransfer
from thc_participation.events.boards.services import notes, participants
from thc_participation.events.boards.services.pipeline import Actor
from thc_participation.models import AuditEntry

from .support import new_op


def manage_url(territory, board=None, suffix=""):
    base = f"/t/{territory.slug}/gestion/ateliers/"
    return base + (f"{board.id}/{suffix}" if board else "")


def fill(board, facilitator):
    nadia = Actor(participants.join_board(board, None, "Nadia", None).participant_id)
    fac = participants.facilitator_actor(facilitator, board)
    a = notes.add_note(board.id, nadia, new_op(), "c2", "Un budget participatif par quartier")
    b = notes.add_note(board.id, nadia, new_op(), "c2", "Voter en ligne et en mairie")
    c = notes.add_note(board.id, nadia, new_op(), "c1", "Peu de jeunes aux réunions")
    notes.vote(board.id, nadia, new_op(), a.object["id"])
    cluster = notes.create_cluster(board.id, fac, new_op(), "Budget participatif", "c2",
                                   [a.object["id"], b.object["id"]])
    return [a.object["id"], b.object["id"], c.object["id"]], cluster.object["id"]


def test_join_by_code_redirects_and_explains_errors(client, board):
    page = client.get("/b")
    assert page.status_code == 200 and "Code de l'atelier" in page.text
    found = client.get(f"/b?code={board.code.lower()}")
    assert found.status_code == 302 and found.location.endswith(f"/b/{board.code}")
    wrong = client.get("/b?code=KKKKKK")
    assert wrong.status_code == 400 and "Aucun atelier" in wrong.text and 'value="KKKKKK"' in wrong.text
    short = client.get("/b?code=ab")
    assert short.status_code == 400 and "6 lettres" in short.text
    assert client.get("/b/KKKKKK").status_code == 404
    assert client.get(f"/b/{board.code.lower()}").status_code == 302


def test_participant_page_is_mobile_ready_without_inline_script(client, board):
    page = client.get(f"/b/{board.code}")
    assert page.status_code == 200
    html = page.text
    assert 'name="viewport"' in html and 'aria-live="polite"' in html
    assert "vendor/socket.io.min.js" in html and "boards/board.js" in html
    assert 'for="board-pseudonym"' in html and 'for="board-note-text"' in html
    assert "<script>" not in html and "style=" not in html
    i18n = html.split('id="board-i18n">')[1].split("</script>")[0]
    assert json.loads(i18n)["reconnecting"].startswith("Connexion perdue")


def test_qr_code_is_an_svg_of_the_short_url(client, board):
    svg = client.get(f"/b/{board.code}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert svg.data.lstrip().startswith(b"<?xml") and b"<path" in svg.data


def test_management_needs_the_facilitator_or_agent_role(client, login, make_user, territory,
                                                        board):
    assert client.get(manage_url(territory)).status_code in (302, 401)
    login(client, make_user())
    assert client.get(manage_url(territory)).status_code == 403
    assert client.get(manage_url(territory, board, "notes.csv")).status_code == 403
    login(client, make_user(roles=("agent",), territory=territory))
    assert client.get(manage_url(territory)).status_code == 200


def test_create_board_and_keep_input_on_error(client, login, facilitator, territory, db):
    login(client, facilitator)
    bad = client.post(manage_url(territory), data={
        "question": "Comment mieux associer les jeunes ?", "columns": "Constats\nIdées",
        "event_id": "0", "dots": "99", "note_length": "200", "allow_anonymous": "y"})
    assert bad.status_code == 400 and "entre 0 et 20" in bad.text
    assert "Comment mieux associer les jeunes ?" in bad.text
    ok = client.post(manage_url(territory), data={
        "question": "Comment mieux associer les jeunes ?", "columns": "Constats\nIdées\nActions",
        "event_id": "0", "dots": "5", "note_length": "150", "allow_anonymous": "y",
        "show_authors": "y"})
    assert ok.status_code == 302
    board = db.session.scalar(select(Board))
    assert [c["title"] for c in board.columns] == ["Constats", "Idées", "Actions"]
    assert board.dots == 5 and board.state.value == "preparing"
    opened = client.post(manage_url(territory, board, "etat"), data={"action": "open"})
    assert opened.status_code == 302
    db.session.refresh(board)
    assert board.state.value == "open"
    page = client.get(manage_url(territory, board))
    assert board.code in page.text and "Ouvrir le mur de projection" in page.text
    projector = client.get(manage_url(territory, board, "projection"))
    assert projector.status_code == 200 and f"/b/{board.code}/qr.svg" in projector.text
    audit = db.session.scalars(select(AuditEntry.action)).all()
    assert {"board.create", "board.open"} <= set(audit)


def test_settings_change_reaches_clients_as_a_versioned_change(client, login, facilitator,
                                                               territory, board, db):
    login(client, facilitator)
    before = board.version
    response = client.post(manage_url(territory, board), data={
        "question": "Nouvelle question ?", "columns": "Constats\nIdées\nPropositions\nSuites",
        "event_id": "0", "dots": "4", "note_length": "180", "allow_anonymous": "y"})
    assert response.status_code == 302
    db.session.refresh(board)
    assert board.version == before + 1 and board.columns[3] == {"key": "c4", "title": "Suites"}
    fill(board, facilitator)
    refused = client.post(manage_url(territory, board), data={
        "question": "Nouvelle question ?", "columns": "Constats", "event_id": "0", "dots": "4",
        "note_length": "180"})
    assert refused.status_code == 400 and "contient des notes" in refused.text


def test_exports_and_summaries(client, login, facilitator, territory, board):
    fill(board, facilitator)
    login(client, facilitator)
    csv = client.get(manage_url(territory, board, "notes.csv"))
    assert csv.status_code == 200 and csv.data.startswith("\ufeff".encode())
    text = csv.data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Colonne;Regroupement;Note;Auteur;Gommettes")
    assert "Idées;Budget participatif;Un budget participatif par quartier;Nadia;1;non;" in text
    data = client.get(manage_url(territory, board, "notes.json")).get_json()
    assert data["board"]["code"] == board.code and len(data["notes"]) == 3
    assert data["clusters"][0]["title"] == "Budget participatif"
    printable = client.get(manage_url(territory, board, "synthese"))
    assert "Budget participatif" in printable.text and "3 notes de 1 participant" in printable.text
    public = client.get(f"/b/{board.code}/synthese")
    assert public.status_code == 200 and "Peu de jeunes aux réunions" in public.text


def test_send_notes_and_clusters_to_the_consultation(client, login, facilitator, make_user,
                                                     territory, board, db):
    note_ids, cluster_id = fill(board, facilitator)
    agent = make_user(roles=("agent",), territory=territory)
    phase = consultations.create_consultation(agent, territory, "Budget 2027").phases[0]
    db.session.commit()
    login(client, facilitator)
    form = client.get(manage_url(territory, board, "consultation"))
    assert form.status_code == 200 and "Budget 2027" in form.text
    nothing = client.post(manage_url(territory, board, "consultation"),
                          data={"target": str(phase.id), "kind": "proposal"})
    assert nothing.status_code == 400 and "au moins une note" in nothing.text
    sent = client.post(manage_url(territory, board, "consultation"), data={
        "target": str(phase.id), "kind": "proposal", "clusters": str(cluster_id),
        "notes": str(note_ids[2])})
    assert sent.status_code == 302
    proposals = db.session.scalars(select(Proposal).order_by(Proposal.id)).all()
    assert [p.title for p in proposals] == ["Budget participatif", "Peu de jeunes aux réunions"]
    assert all(p.source_url.endswith(f"/b/{board.code}/synthese") for p in proposals)
    assert "- Un budget participatif par quartier" in proposals[0].description
    assessment = client.post(manage_url(territory, board, "consultation"), data={
        "target": str(phase.id), "kind": "assessment", "notes": str(note_ids[2])})
    assert assessment.status_code == 302
    db.session.refresh(phase)
    assert "Peu de jeunes aux réunions" in phase.assessment and board.code in phase.assessment
    assert db.session.query(BoardTransfer).count() == 3


def test_every_management_form_carries_the_csrf_token(client, login, facilitator, agent,
                                                       territory, board, db):
    consultations.create_consultation(agent, territory, "Budget 2027")
    db.session.commit()
    login(client, facilitator)
    for suffix in ("", f"{board.id}/", f"{board.id}/consultation"):
        forms = client.get(manage_url(territory) + suffix).text.split("<form ")[1:]
        posted = [f.split("</form>")[0] for f in forms if f.startswith('method="post"')]
        assert posted, suffix
        assert all('name="csrf_token"' in form for form in posted), suffix
