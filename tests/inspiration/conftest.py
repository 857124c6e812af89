"""Inspiration test helpers: published and draft cards, a board, a workshop, a retained
proposal and a commitment of the shared ``territory``."""

from datetime import timedelta

import pytest

from thc_participation.consultation.models import (
    Consultation,
    ConsultationState,
    Phase,
    Proposal,
    ProposalStatus,
)
from thc_participation.dashboard.models import Commitment
from thc_participation.events.boards.services import boards, participants
from thc_participation.events.models import Event, EventKind
from thc_participation.extensions import db as _db
from thc_participation.referentiel.services import cards
from thc_participation.timeutil import utcnow

from ..referentiel.conftest import card_data


@pytest.fixture
def make_card(admin):
    def factory(title, kind="outil", publish=True, **fields):
        card = cards.create_card(admin, kind, card_data(title, **fields))
        if publish:
            cards.publish(card, admin)
        _db.session.commit()
        return card

    return factory


@pytest.fixture
def published(make_card):
    return make_card("Atelier de scénarios")


@pytest.fixture
def draft(make_card):
    return make_card("Fiche encore en brouillon", publish=False)


@pytest.fixture
def board(facilitator, territory):
    board = boards.create_board(facilitator, territory, "Comment rendre le tram plus accessible ?")
    _db.session.commit()
    boards.set_state(board.id, participants.facilitator_actor(facilitator, board), None, "open")
    _db.session.refresh(board)
    return board


@pytest.fixture
def workshop(territory):
    start = utcnow() + timedelta(days=20)
    summit = Event(territory_id=territory.id, kind=EventKind.SOMMET, title="Sommet citoyen",
                   start_at=start, end_at=start + timedelta(hours=8),
                   series_end_at=start + timedelta(hours=8))
    _db.session.add(summit)
    _db.session.flush()
    workshop = Event(territory_id=territory.id, parent_id=summit.id, kind=EventKind.ATELIER,
                     title="Atelier mobilités", start_at=start, end_at=start + timedelta(hours=2),
                     series_end_at=start + timedelta(hours=2))
    _db.session.add(workshop)
    _db.session.commit()
    return workshop


@pytest.fixture
def proposal(territory, citizen):
    consultation = Consultation(territory_id=territory.id, title="Plan mobilité",
                                introduction="Vos idées.", state=ConsultationState.OPEN)
    _db.session.add(consultation)
    _db.session.flush()
    phase = Phase(consultation_id=consultation.id, name="Propositions")
    _db.session.add(phase)
    _db.session.flush()
    proposal = Proposal(consultation_id=consultation.id, phase_id=phase.id,
                        author_id=citizen.id, title="Des navettes le dimanche",
                        description="Pour les quartiers éloignés.",
                        status=ProposalStatus.RETAINED)
    _db.session.add(proposal)
    _db.session.commit()
    return proposal


@pytest.fixture
def commitment(territory):
    commitment = Commitment(territory_id=territory.id, title="Un budget participatif annuel",
                            description="Une enveloppe votée par les habitants.",
                            expected_results="Dix projets réalisés.")
    _db.session.add(commitment)
    _db.session.commit()
    return commitment
