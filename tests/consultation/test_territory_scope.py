"""Every service that takes a territory and an object refuses an object of another territory
(NotFound), even when called by someone who may act in both."""

import pytest

from thc_participation.consultation.models import Block, HelpPlace, Moderation
from thc_participation.consultation.services import (
    comments,
    consultations,
    moderation,
    places,
    proposals,
    queries,
)
from thc_participation.errors import NotFound


@pytest.fixture
def elsewhere(other_territory, other_agent, citizen, db):
    """Another territory's open consultation, with a comment, a proposal, a help place and a
    block of its own."""
    consultation = consultations.create_consultation(other_agent, other_territory, "Ailleurs")
    consultations.set_state(other_agent, consultation, "open")
    phase = consultation.phases[0]
    items = {
        "comment": comments.post_comment(citizen, phase, "Là-bas"),
        "proposal": proposals.create_proposal(citizen, phase, "Là-bas", "Une idée"),
        "place": places.save_help_place(other_agent, other_territory, "EPN d'Autreville",
                                        "1 rue Haute"),
    }
    moderation.block_user(other_agent, other_territory, citizen, "Ailleurs seulement")
    items["block"] = queries.blocks(other_territory)[0]
    db.session.commit()
    return items


def test_save_help_place_refuses_a_place_of_another_territory(admin, territory, elsewhere, db):
    place = elsewhere["place"]
    with pytest.raises(NotFound):
        places.save_help_place(admin, territory, "Détourné", "Ici", place=place)
    db.session.rollback()
    assert db.session.get(HelpPlace, place.id).name == "EPN d'Autreville"


def test_delete_help_place_refuses_a_place_of_another_territory(admin, territory, elsewhere, db):
    place = elsewhere["place"]
    with pytest.raises(NotFound):
        places.delete_help_place(admin, territory, place)
    db.session.rollback()
    assert db.session.get(HelpPlace, place.id) is not None


def test_unblock_user_refuses_a_block_of_another_territory(admin, territory, elsewhere, db):
    block = elsewhere["block"]
    with pytest.raises(NotFound):
        moderation.unblock_user(admin, territory, block)
    db.session.rollback()
    assert db.session.get(Block, block.id) is not None


@pytest.mark.parametrize("kind", ["comment", "proposal"])
def test_moderate_refuses_an_item_of_another_territory(admin, territory, elsewhere, db, kind):
    item = elsewhere[kind]
    with pytest.raises(NotFound):
        moderation.moderate(admin, territory, item, "hide", "Hors de ce territoire")
    db.session.rollback()
    db.session.refresh(item)
    assert item.moderation == Moderation.VISIBLE


def test_an_agent_of_this_territory_is_refused_too(agent, territory, elsewhere):
    """Not found (not forbidden): the object is simply not part of this territory."""
    with pytest.raises(NotFound):
        places.delete_help_place(agent, territory, elsewhere["place"])
    with pytest.raises(NotFound):
        moderation.moderate(agent, territory, elsewhere["comment"], "restore")
