"""The projector wall as a PDF for the summit report: built by a job (at once in tests), served
once built, A3 landscape, every visible note's full text with its dots, the clusters' titles;
notes the facilitator hid are left out. Read back with pypdf."""

import io

from pypdf import PdfReader

from thc_participation.events.boards.services import notes, participants
from thc_participation.events.boards.services.pipeline import Actor

from ..support.pages import text_of
from .support import new_op

A3_LANDSCAPE = (1190.55, 841.89)  # points


def _words(text):
    return " ".join(text.split())


def _note_text(i):
    """Up to 120 characters, accents, quotes and a formula-like start (plain text in a PDF)."""
    base = f"Note n°{i} : « créer un lieu d'échange » pour les habitants du quartier {i % 7}"
    return (base + " et leurs associations, chaque mois, en soirée, près du marché")[:120]


def test_the_wall_pdf_holds_every_note_with_its_dots_and_clusters(login, client, facilitator,
                                                                  make_board, territory):
    board = make_board()
    animation = participants.facilitator_actor(facilitator, board)
    people = [Actor(participants.join_board(board, None, f"P{i}", None).participant_id)
              for i in range(3)]
    texts, ids = {}, []
    for i in range(60):  # 60 notes of up to 120 characters in 3 columns
        text = _note_text(i)
        added = notes.add_note(board.id, people[i % 3], new_op(), f"c{i % 3 + 1}", text)
        ids.append(added.object["id"])
        texts[ids[-1]] = text
    for person in people:  # note 0 gets 3 dots, note 1 one
        notes.vote(board.id, person, new_op(), ids[0])
    notes.vote(board.id, people[0], new_op(), ids[1])
    notes.create_cluster(board.id, animation, new_op(), "Lieux de rencontre", "c1",
                         [ids[0], ids[3]])
    hidden = notes.add_note(board.id, people[0], new_op(), "c2", "Texte masqué par l'animation")
    notes.hide_note(board.id, animation, new_op(), hidden.object["id"], True)

    as_facilitator = login(client, facilitator)
    url = f"/t/{territory.slug}/gestion/ateliers/{board.id}/mur.pdf"
    wall = as_facilitator.get(f"/t/{territory.slug}/gestion/ateliers/{board.id}/mur")
    assert f'href="{url}"' in wall.get_data(as_text=True)
    # The first request starts the job (it runs at once in tests) and shows its progress page.
    first = as_facilitator.get(url)
    assert first.status_code == 202 and "Mise en page du PDF" in text_of(first)
    response = as_facilitator.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"mur-atelier-{board.code}.pdf" in response.headers["Content-Disposition"]

    reader = PdfReader(io.BytesIO(response.data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A3_LANDSCAPE
    text = _words(" ".join(page.extract_text() for page in reader.pages))
    for note in texts.values():
        assert _words(note) in text, note
    assert "Texte masqué" not in text
    assert board.question in text
    for column in ("Constats", "Idées", "Propositions", "Lieux de rencontre"):
        assert column in text
    assert "3 gommettes" in text and "1 gommette" in text

    # A change makes a new version: the next request builds the PDF again.
    notes.add_note(board.id, people[1], new_op(), "c3", "Ajoutée après le premier PDF")
    assert as_facilitator.get(url).status_code == 202
    again = as_facilitator.get(url)
    assert again.status_code == 200
    added = _words(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(again.data)).pages))
    assert "Ajoutée après le premier PDF" in added


def test_only_the_boards_managers_get_the_wall_pdf(login, client, citizen, make_board,
                                                   territory):
    board = make_board()
    response = login(client, citizen).get(
        f"/t/{territory.slug}/gestion/ateliers/{board.id}/mur.pdf")
    assert response.status_code == 403
