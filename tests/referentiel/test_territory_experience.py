"""A territory's agents propose their own experience, prefilled from their dashboard."""

from datetime import date

import pytest

from thc_participation.dashboard.services import actions, inventory
from thc_participation.errors import Forbidden
from thc_participation.referentiel.models import Card, CardKind, CardStatus
from thc_participation.referentiel.services import cards

from ..support.pages import text_of
from .conftest import card_data

BASE = "/t/{slug}/gestion/tableau-de-bord/referentiel"


def _programme(db, territory, agent):
    actions.update_plan(agent, territory, "Nous associons les habitants à chaque décision "
                        "importante de la commune.", "Le plan est suivi par un comité.",
                        date(2026, 6, 1))
    actions.add_commitment(agent, territory, "Créer un budget participatif",
                           "Une enveloppe de 50 000 euros par an votée par les habitants.",
                           "Dix projets réalisés en deux ans.")
    inventory.add_inventory_item(agent, territory, "decision", "dispositif",
                                 "Conseil de quartier des Varennes")
    db.session.commit()


def test_an_agent_starts_the_experience_card_prefilled_from_the_dashboard(
        client, db, territory, make_user, login):
    agent = make_user(roles=("agent",), territory=territory, name="Agente sans désignation")
    _programme(db, territory, agent)
    login(client, agent)
    page = text_of(client.get(BASE.format(slug=territory.slug)))
    assert "Préparer la fiche de notre expérience" in page
    response = client.post(BASE.format(slug=territory.slug) + "/experience")
    assert response.status_code == 302
    card = db.session.scalar(db.select(Card).where(Card.author_id == agent.id))
    assert card.kind == CardKind.EXPERIENCE and card.status == CardStatus.DRAFT
    assert response.headers["Location"].endswith(f"/referentiel/contribuer/{card.id}")
    assert card.territory_name == territory.name
    assert card.summary.startswith("Nous associons les habitants")
    assert "Créer un budget participatif" in card.body
    assert "Dix projets réalisés en deux ans." in card.body
    assert "Conseil de quartier des Varennes" in card.body
    assert [s.value for s in card.cycle_steps] == ["decision"]
    assert card.phases[0] == 1 and card.started_on == territory.programme_start
    assert card.scale.value == "commune"
    form = text_of(client.get(f"/referentiel/contribuer/{card.id}"))
    assert "Créer un budget participatif" in form
    assert client.post(f"/referentiel/contribuer/{card.id}/proposer").status_code == 302
    db.session.expire_all()
    assert db.session.get(Card, card.id).status == CardStatus.PROPOSED
    assert card.title in text_of(client.get(BASE.format(slug=territory.slug)))
    # An agent writes their territory's experience, not tools or actors.
    page = text_of(client.get("/referentiel/contribuer"))
    assert "Nouvelle fiche : Expérience & projet" in page and "Outil" not in page
    refused = client.post("/referentiel/contribuer/nouvelle", data={
        "kind": "outil", "title": "Un outil", "summary": "Un résumé"})
    assert refused.status_code == 400
    with pytest.raises(Forbidden):
        cards.create_card(agent, "outil", card_data("Un outil"))
    assert db.session.scalar(db.select(db.func.count(Card.id))) == 1


def test_only_the_territory_s_agents_start_it(client, db, territory, other_agent, citizen,
                                              facilitator, login):
    for person in (other_agent, citizen, facilitator):
        login(client, person)
        assert client.get(BASE.format(slug=territory.slug)).status_code in (403, 404)
        assert client.post(BASE.format(slug=territory.slug) + "/experience").status_code \
            in (403, 404)
    assert db.session.scalar(db.select(db.func.count(Card.id))) == 0


def test_a_territory_without_a_plan_gets_a_starting_text(db, territory, agent):
    from thc_participation.referentiel.services import territory_experience

    card = territory_experience.start_experience(agent, territory)
    assert territory.name in card.summary and card.body.startswith("## Notre démarche")
