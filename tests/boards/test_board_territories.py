"""Acting on territory A never touches a board, workshop or phase of territory B (one test per
service that takes a territory and an object), and "Envoyer vers la consultation" stores all
of its results or none."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from thc_participation.consultation.models import Proposal
from thc_participation.consultation.services import consultations, proposals
from thc_participation.errors import Invalid, ServiceError
from thc_participation.events.boards.models import BoardTransfer
from thc_participation.events.boards.services import boards, notes, participants, transfer
from thc_participation.events.boards.services.pipeline import Actor
from thc_participation.events.models import Event, EventKind
from thc_participation.models import AuditEntry
from thc_participation.timeutil import utcnow

from .support import new_op


def refused(code, call, *args, **kwargs):
    with pytest.raises(ServiceError) as info:
        call(*args, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def workshop_of(territory, db):
    start = utcnow() + timedelta(days=30)
    event = Event(territory_id=territory.id, kind=EventKind.ATELIER, title="Mobilités",
                  start_at=start, end_at=start + timedelta(hours=2),
                  series_end_at=start + timedelta(hours=2))
    db.session.add(event)
    db.session.flush()
    return event


@pytest.fixture
def foreign_board(other_agent, other_territory, db):
    """A board of ``other_territory``."""
    board = boards.create_board(other_agent, other_territory, "Question d'ailleurs ?")
    db.session.commit()
    return board


def settings(**values):
    return {"column_titles": ["Constats", "Idées"], "event_id": None, "dots": 3,
            "note_length": 200, "allow_anonymous": True, "show_authors": True, **values}


def test_create_board_refuses_a_workshop_of_another_territory(facilitator, territory,
                                                              other_territory, db):
    foreign = workshop_of(other_territory, db)
    refused("not_found", boards.create_board, facilitator, territory, "Question ?",
            event_id=foreign.id)
    own = workshop_of(territory, db)
    assert boards.create_board(facilitator, territory, "Question ?", event_id=own.id).event_id \
        == own.id


def test_update_board_refuses_a_board_or_workshop_of_another_territory(
        admin, facilitator, territory, other_territory, foreign_board, board, db):
    # Even a network admin, who manages every territory, acts only on the territory named.
    refused("not_found", boards.update_board, admin, territory, foreign_board, "Piratée ?",
            **settings())
    db.session.refresh(foreign_board)
    assert foreign_board.question == "Question d'ailleurs ?"
    foreign = workshop_of(other_territory, db)
    refused("not_found", boards.update_board, facilitator, territory, board, "Question ?",
            **settings(event_id=foreign.id))


def test_change_state_refuses_a_board_of_another_territory(admin, territory, foreign_board,
                                                           db):
    refused("not_found", boards.change_state, admin, territory, foreign_board, "open")
    db.session.refresh(foreign_board)
    assert foreign_board.state.value == "preparing" and foreign_board.version == 0


def test_send_to_consultation_refuses_a_board_or_phase_of_another_territory(
        admin, agent, other_agent, facilitator, territory, other_territory, foreign_board, board,
        db):
    phase = consultations.create_consultation(agent, territory, "Budget 2027").phases[0]
    foreign_phase = consultations.create_consultation(
        other_agent, other_territory, "Ailleurs").phases[0]
    fac = participants.facilitator_actor(other_agent, foreign_board)
    note = notes.add_note(foreign_board.id, fac, new_op(), "c1", "Note d'ailleurs").object["id"]
    refused("not_found", transfer.send_to_consultation, admin, territory, foreign_board,
            phase.id, "proposal", [note], [])
    mine = notes.add_note(board.id, participants.facilitator_actor(facilitator, board),
                          new_op(), "c1", "Note d'ici").object["id"]
    refused("not_found", transfer.send_to_consultation, facilitator, territory, board,
            foreign_phase.id, "proposal", [mine], [])
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 0


def test_management_pages_do_not_open_a_board_of_another_territory(client, login, admin,
                                                                   territory, foreign_board):
    login(client, admin)
    base = f"/t/{territory.slug}/gestion/ateliers/{foreign_board.id}/"
    for suffix in ("", "projection", "notes.csv", "notes.json", "synthese", "consultation"):
        assert client.get(base + suffix).status_code == 404, suffix
    assert client.post(base + "etat", data={"action": "open"}).status_code == 404


# ---------------------------------------------------------------- all or nothing


def _board_with_notes(board, facilitator, count=3):
    nadia = Actor(participants.join_board(board, None, "Nadia", None).participant_id)
    ids = [notes.add_note(board.id, nadia, new_op(), "c1", f"Idée {i}").object["id"]
           for i in range(count)]
    return ids


def test_a_transfer_that_fails_midway_stores_nothing(client, login, facilitator, agent,
                                                     territory, board, db, monkeypatch):
    note_ids = _board_with_notes(board, facilitator)
    phase = consultations.create_consultation(agent, territory, "Budget 2027").phases[0]
    db.session.commit()
    original, calls = proposals.create_proposal, []

    def second_one_fails(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise Invalid("Panne simulée pendant l'envoi.")
        return original(*args, **kwargs)

    monkeypatch.setattr(proposals, "create_proposal", second_one_fails)
    login(client, facilitator)
    response = client.post(f"/t/{territory.slug}/gestion/ateliers/{board.id}/consultation",
                           data={"target": str(phase.id), "kind": "proposal",
                                 "notes": [str(i) for i in note_ids]})
    assert response.status_code == 400 and "Panne simulée" in response.text
    assert len(calls) == 2  # the first proposal was made, then the second failed
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 0
    assert db.session.scalar(select(func.count()).select_from(BoardTransfer)) == 0
    assert "proposal.create" not in db.session.scalars(select(AuditEntry.action)).all()


def test_an_assessment_transfer_that_fails_stores_nothing(facilitator, agent, territory, board,
                                                          db, monkeypatch):
    note_ids = _board_with_notes(board, facilitator, count=2)
    phase = consultations.create_consultation(agent, territory, "Budget 2027").phases[0]
    db.session.commit()

    def broken_link(**_values):
        raise Invalid("Panne simulée après le bilan.")

    monkeypatch.setattr(transfer, "BoardTransfer", broken_link)  # after the assessment
    with pytest.raises(Invalid):
        transfer.send_to_consultation(facilitator, territory, board, phase.id, "assessment",
                                      note_ids, [])
    db.session.rollback()  # what the request does with an error
    db.session.refresh(phase)
    assert "Idée 0" not in phase.assessment
    assert db.session.scalar(select(func.count()).select_from(BoardTransfer)) == 0
