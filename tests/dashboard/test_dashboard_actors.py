"""2.2 the open map of citizen actors: proposals, review, exports, bad coordinates."""

import json

import pytest

from thc_participation.csvio import read_csv
from thc_participation.dashboard.models import Actor, ActorStatus

from ..support.pages import text_of

CENTRE = (47.3941, 0.6848)


@pytest.fixture
def mapped(territory, db):
    territory.latitude, territory.longitude = CENTRE
    db.session.commit()
    return territory


def propose(client, territory, **data):
    values = {"name": "Repair Café des Rives", "kind": "association",
              "description": "Réparer ensemble plutôt que jeter.", "address": "2 quai de Loire",
              "website": "https://repair.example", "latitude": "47,3950", "longitude": "0,6900"}
    values.update(data)
    return client.post(f"/t/{territory.slug}/acteurs/proposer", data=values)


def review(client, territory, actor_id, decision):
    return client.post(
        f"/t/{territory.slug}/gestion/tableau-de-bord/acteurs/{actor_id}/{decision}")


def test_visitor_must_sign_in_to_propose(client, mapped, db):
    response = propose(client, mapped)
    assert response.status_code == 302 and "/compte/" in response.headers["Location"]
    assert db.session.query(Actor).count() == 0


def test_citizen_proposes_agent_validates_then_exports(client, mapped, make_user, login, db):
    citizen = make_user(territory=mapped, name="Léa Citoyenne")
    login(client, citizen)
    assert propose(client, mapped).status_code == 302
    proposal = db.session.query(Actor).one()
    assert proposal.status == ActorStatus.PENDING
    page = text_of(client.get(f"/t/{mapped.slug}/acteurs"))
    assert "Vos propositions en attente" in page and "Repair Café des Rives" in page
    geo = client.get(f"/t/{mapped.slug}/acteurs.geojson")
    assert json.loads(geo.data)["features"] == []
    assert review(client, mapped, proposal.id, "valider").status_code == 403  # not an agent

    login(client, make_user(roles=["agent"], territory=mapped))
    queue = text_of(client.get(f"/t/{mapped.slug}/gestion/tableau-de-bord/acteurs"))
    assert "Repair Café des Rives" in queue and "par Léa Citoyenne" in queue
    assert review(client, mapped, proposal.id, "valider").status_code == 302
    again = review(client, mapped, proposal.id, "valider")
    assert "déjà été traitée" in text_of(client.get(again.headers["Location"]))

    geo = client.get(f"/t/{mapped.slug}/acteurs.geojson")
    assert geo.mimetype == "application/geo+json"
    feature = json.loads(geo.data)["features"][0]
    assert feature["geometry"]["coordinates"] == [0.69, 47.395]
    assert feature["properties"]["name"] == "Repair Café des Rives"
    assert "Léa" not in geo.get_data(as_text=True)  # no personal data of the proposer

    exported = client.get(f"/t/{mapped.slug}/acteurs.csv")
    assert exported.mimetype == "text/csv"
    header, rows = read_csv(exported.data)
    assert header[:3] == ["id", "nom", "type"]
    assert rows[0][1:3] == ["Repair Café des Rives", "Association"]
    assert rows[0][6:8] == ["47,395", "0,69"]


@pytest.mark.parametrize("latitude, longitude, message", [
    ("48,8566", "2,3522", "en dehors de la carte"),      # Paris, 200 km away
    ("95", "0,68", "n'existent pas"),
    ("47,39", "-200", "n'existent pas"),
    ("nord", "0,68", "doit être un nombre"),
    ("nan", "0,68", "doit être un nombre"),
    ("", "", "Placez l'acteur sur la carte"),
])
def test_bad_coordinates_are_refused_with_input_kept(client, mapped, make_user, login, db,
                                                     latitude, longitude, message):
    login(client, make_user(territory=mapped))
    response = propose(client, mapped, latitude=latitude, longitude=longitude)
    assert response.status_code == 400
    page = text_of(response)
    assert message in page
    assert 'id="latitude-erreur"' in page  # on the field, not flashed
    assert 'value="Repair Café des Rives"' in page
    assert db.session.query(Actor).count() == 0


def test_edit_proposal_updates_the_actor_once_validated(client, mapped, make_user, login, db):
    agent = make_user(roles=["agent"], territory=mapped)
    login(client, agent)
    propose(client, mapped)
    actor = db.session.query(Actor).one()
    review(client, mapped, actor.id, "valider")

    login(client, make_user(territory=mapped))
    form = text_of(client.get(f"/t/{mapped.slug}/acteurs/{actor.id}/modifier"))
    assert 'value="47,395"' in form
    assert client.post(f"/t/{mapped.slug}/acteurs/{actor.id}/modifier", data={
        "name": "Repair Café des Rives", "kind": "collectif",
        "description": "Ateliers de réparation chaque samedi.", "latitude": "47,3960",
        "longitude": "0,6910"}).status_code == 302
    edit = db.session.query(Actor).filter(Actor.edit_of_id == actor.id).one()
    assert "Repair Café des Rives (modification)" in text_of(client.get(f"/t/{mapped.slug}/acteurs"))

    login(client, agent)
    review(client, mapped, edit.id, "valider")
    db.session.refresh(actor)
    assert (actor.kind.value, actor.latitude) == ("collectif", 47.396)
    assert actor.description == "Ateliers de réparation chaque samedi."
    geo = json.loads(client.get(f"/t/{mapped.slug}/acteurs.geojson").data)
    assert len(geo["features"]) == 1


def test_refused_proposal_is_not_published(client, mapped, make_user, login, db):
    login(client, make_user(territory=mapped))
    propose(client, mapped, name="Société Publicitaire")
    proposal = db.session.query(Actor).one()
    login(client, make_user(roles=["agent"], territory=mapped))
    review(client, mapped, proposal.id, "refuser")
    assert "Société Publicitaire" not in text_of(client.get(f"/t/{mapped.slug}/acteurs"))
    db.session.refresh(proposal)
    assert proposal.status == ActorStatus.REJECTED


def test_agent_of_another_territory_cannot_review(client, mapped, other_territory, make_user,
                                                 login, db):
    login(client, make_user(territory=mapped))
    propose(client, mapped)
    proposal = db.session.query(Actor).one()
    login(client, make_user(roles=["agent"], territory=other_territory))
    assert review(client, mapped, proposal.id, "valider").status_code == 403
    assert review(client, other_territory, proposal.id, "valider").status_code == 404
    db.session.refresh(proposal)
    assert proposal.status == ActorStatus.PENDING


def test_proposals_are_rate_limited(make_app, mapped, make_user, login, db):
    client = make_app(RATELIMIT_ENABLED=True).test_client()
    login(client, make_user(territory=mapped))
    statuses = [propose(client, mapped, name=f"Acteur {i}").status_code for i in range(21)]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429
    assert "Trop de demandes" in text_of(propose(client, mapped))
    assert db.session.query(Actor).count() == 20


def test_unpublished_proposals_have_no_edit_form_for_others(client, mapped, make_user, login,
                                                           other_territory, db):
    proposer = make_user(territory=mapped)
    agent = make_user(roles=["agent"], territory=mapped)
    login(client, proposer)
    propose(client, mapped, name="Atelier Secret", address="12 impasse Cachée",
            latitude="47,3961", longitude="0,6873")
    pending = db.session.query(Actor).one()
    login(client, agent)
    propose(client, mapped, name="Friche Refusée", address="3 rue Oubliée")
    rejected = db.session.query(Actor).filter_by(name="Friche Refusée").one()
    review(client, mapped, rejected.id, "refuser")
    db.session.refresh(rejected)
    assert rejected.status == ActorStatus.REJECTED
    outsiders = (make_user(territory=mapped), make_user(),
                 make_user(roles=["agent"], territory=other_territory))
    for item, secret, owner in ((pending, "Cachée", proposer), (rejected, "Oubliée", agent)):
        url = f"/t/{mapped.slug}/acteurs/{item.id}/modifier"
        for outsider in outsiders:
            login(client, outsider)
            response = client.get(url)
            assert response.status_code == 404
            page = text_of(response)
            assert secret not in page and "47,396" not in page
        for insider in (owner, agent, make_user(admin=True)):
            login(client, insider)
            assert secret in text_of(client.get(url))
