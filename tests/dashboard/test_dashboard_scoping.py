"""Every service that takes a territory and an object refuses an object of another territory:
acting on ``territory`` never touches what belongs to ``other_territory``."""

from datetime import date

import pytest

from thc_participation.dashboard.models import (
    ActionFollower,
    ActionMember,
    ActionUpdate,
    Actor,
    ActorStatus,
    Document,
    InventoryItem,
    Stage,
    TeamMember,
)
from thc_participation.dashboard.services import actions, actors, documents, inventory, team
from thc_participation.errors import NotFound
from thc_participation.models import AuditEntry

POINT = (47.3941, 0.6848)


def refused(db, call, *args, **kwargs):
    """``call`` raises NotFound and writes nothing (not even an audit entry)."""
    entries = db.session.query(AuditEntry).count()
    with pytest.raises(NotFound):
        call(*args, **kwargs)
    db.session.rollback()
    assert db.session.query(AuditEntry).count() == entries


@pytest.fixture
def foreign_member(db, other_agent, other_territory, citizen):
    member = team.add_team_member(other_agent, other_territory, "president", "Jeanne Martin",
                                  email="camille.durand@exemple.fr", account=citizen)
    db.session.commit()
    return member


@pytest.fixture
def foreign_actor(db, other_agent, other_territory, citizen):
    """A citizen actor on the other territory's map, and a pending proposal there."""
    validated = actors.propose_actor(citizen, other_territory, "Repair Café", "association",
                                     "Réparer ensemble.", *POINT)
    actors.review_actor(other_agent, other_territory, validated, accept=True)
    pending = actors.propose_actor(citizen, other_territory, "Fablab", "collectif",
                                   "Imprimantes 3D.", *POINT)
    db.session.commit()
    return validated, pending


@pytest.fixture
def foreign_commitment(db, other_agent, other_territory):
    commitment = actions.add_commitment(other_agent, other_territory, "Budget participatif",
                                        "Les habitants votent.", "1 000 votants.")
    actions.add_action_member(other_agent, other_territory, commitment, "Awa Diallo",
                              "Coordinatrice")
    db.session.commit()
    return commitment


def test_remove_team_member(db, agent, territory, foreign_member):
    refused(db, team.remove_team_member, agent, territory, foreign_member)
    assert db.session.get(TeamMember, foreign_member.id) is not None


def test_set_contact_consent(db, citizen, territory, foreign_member):
    refused(db, team.set_contact_consent, citizen, territory, foreign_member, True, True)
    assert db.session.get(TeamMember, foreign_member.id).show_email is False


def test_delete_document(db, agent, territory, other_agent, other_territory):
    document = documents.publish_document(other_agent, other_territory, "compte-rendu-copil",
                                          "Comité n° 1", date(2026, 3, 3), body="Présents : 9.")
    db.session.commit()
    refused(db, documents.delete_document, agent, territory, document)
    assert db.session.get(Document, document.id) is not None


def test_remove_inventory_item(db, agent, territory, other_agent, other_territory):
    item = inventory.add_inventory_item(other_agent, other_territory, "decision", "dispositif",
                                        "Conseil citoyen")
    db.session.commit()
    refused(db, inventory.remove_inventory_item, agent, territory, item)
    assert db.session.get(InventoryItem, item.id) is not None


def test_propose_actor_correction(db, citizen, territory, foreign_actor):
    validated, _pending = foreign_actor
    count = db.session.query(Actor).count()
    refused(db, actors.propose_actor, citizen, territory, "Repair Café", "association",
            "Réparer ensemble, autrement.", *POINT, edit_of=validated)
    assert db.session.query(Actor).count() == count


def test_review_actor(db, agent, territory, foreign_actor):
    _validated, pending = foreign_actor
    refused(db, actors.review_actor, agent, territory, pending, accept=True)
    assert db.session.get(Actor, pending.id).status == ActorStatus.PENDING


def test_remove_actor(db, agent, territory, foreign_actor):
    validated, _pending = foreign_actor
    refused(db, actors.remove_actor, agent, territory, validated)
    assert db.session.get(Actor, validated.id).status == ActorStatus.VALIDATED


def test_add_action_member(db, agent, territory, foreign_commitment):
    refused(db, actions.add_action_member, agent, territory, foreign_commitment, "Intrus",
            "Intrus")
    assert db.session.query(ActionMember).count() == 1


def test_remove_action_member(db, agent, territory, foreign_commitment):
    member = foreign_commitment.members[0]
    refused(db, actions.remove_action_member, agent, territory, member)
    assert db.session.get(ActionMember, member.id) is not None


def test_post_update(db, agent, territory, foreign_commitment):
    refused(db, actions.post_update, agent, territory, foreign_commitment, date.today(),
            "Une avancée qui n'est pas la nôtre.", "experimentation")
    assert db.session.query(ActionUpdate).count() == 0
    assert db.session.get(type(foreign_commitment), foreign_commitment.id).stage \
        == Stage.CONCEPTION


def test_follow(db, citizen, territory, foreign_commitment):
    refused(db, actions.follow, citizen, territory, foreign_commitment)
    assert db.session.query(ActionFollower).count() == 0
