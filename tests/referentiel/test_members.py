"""The "collectif ami" role: the network admin names and withdraws members on the admin pages;
a member may then draft cards."""

from tests.support.pages import text_of
from thc_participation.models import User
from thc_participation.referentiel import permissions


def test_the_admin_names_and_withdraws_a_collective_member(client, login, admin, citizen, db):
    login(client, admin)
    assert "Membres des collectifs amis" in text_of(client.get("/admin/"))
    response = client.post("/admin/collectifs-amis", data={"email": "Camille.Durand@exemple.fr"})
    assert response.status_code == 302
    assert db.session.get(User, citizen.id).is_collective_member
    assert permissions.may_draft(db.session.get(User, citizen.id))
    assert "Camille Durand" in text_of(client.get("/admin/collectifs-amis"))
    response = client.post(f"/admin/collectifs-amis/{citizen.id}/retirer")
    assert response.status_code == 302
    db.session.expire_all()
    assert not db.session.get(User, citizen.id).is_collective_member


def test_an_unknown_address_is_a_message_on_its_field(client, login, admin):
    login(client, admin)
    response = client.post("/admin/collectifs-amis", data={"email": "personne@nulle-part.fr"})
    assert response.status_code == 400
    assert "Aucun compte n'utilise cette adresse." in text_of(response)


def test_only_the_network_admin_names_members(client, login, agent, citizen):
    assert client.get("/admin/collectifs-amis").status_code == 403
    login(client, agent)
    assert client.get("/admin/collectifs-amis").status_code == 403
    assert client.post("/admin/collectifs-amis",
                       data={"email": "karim.agent@exemple.fr"}).status_code == 403
    assert client.post(f"/admin/collectifs-amis/{citizen.id}/retirer").status_code == 403
