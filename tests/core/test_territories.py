"""Territories and per-territory roles: who may manage what."""

import pytest

from thc_participation import audit
from thc_participation.errors import Forbidden, NotFound
from thc_participation.extensions import db
from thc_participation.models import AuditEntry, Membership, Role, Territory
from thc_participation.territories import services

from ..support.pages import text_of

MANAGEMENT_PAGES = ("/t/{slug}/gestion/", "/t/{slug}/gestion/roles", "/t/{slug}/gestion/journal")


def test_home_lists_territories_and_territory_page_shows_five_phases(client, territory):
    page = text_of(client.get("/"))
    assert "Villeneuve-les-Tests" in page
    page = text_of(client.get("/t/villeneuve-les-tests/"))
    for phase in ("Phase 1", "Phase 2", "Phase 3", "Phase 4", "Phase 5"):
        assert phase in page
    assert client.get("/t/inconnu/").status_code == 404


def test_agent_manages_own_territory_only(client, login, make_user, territory, other_territory):
    agent = make_user(roles=["agent"], territory=territory)
    login(client, agent)
    for url in MANAGEMENT_PAGES:
        assert client.get(url.format(slug=territory.slug)).status_code == 200
        response = client.get(url.format(slug=other_territory.slug))
        assert response.status_code == 403
        assert "Accès refusé" in text_of(response)
    target = make_user(email="elue@exemple.fr")
    response = client.post(f"/t/{other_territory.slug}/gestion/roles",
                           data={"email": target.email, "role": "elu"})
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Membership.id)).filter_by(territory_id=other_territory.id)) == 0


@pytest.mark.parametrize("role", [None, "elu", "facilitator", "steering", "evaluation"])
def test_non_agents_reach_no_admin_page(client, login, make_user, territory, role):
    user = make_user(roles=[role] if role else [], territory=territory)
    login(client, user)
    for url in MANAGEMENT_PAGES:
        # /gestion/ shows each role of the territory the parts it may use (a facilitator: the
        # live workshops; every role: the programme's resources, tests/boards/
        # test_wall_pages.py); every other management page stays refused.
        expected = 200 if role and url.endswith("/gestion/") else 403
        assert client.get(url.format(slug=territory.slug)).status_code == expected
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/territoires/nouveau").status_code == 403


def test_anonymous_is_sent_to_login(client, territory):
    response = client.get(f"/t/{territory.slug}/gestion/roles")
    assert response.status_code == 302
    assert "/compte/connexion" in response.headers["Location"]


def test_agent_grants_and_revokes_roles_with_audit(client, login, make_user, territory):
    agent = make_user(roles=["agent"], territory=territory)
    elue = make_user(email="monique@exemple.fr", name="Monique")
    login(client, agent)
    response = client.post(f"/t/{territory.slug}/gestion/roles", data={"email": "monique@exemple.fr", "role": "elu"})
    assert response.status_code == 302
    assert elue.roles_in(territory) == {Role.ELU}
    # Twice: refused, nothing stored twice.
    response = client.post(f"/t/{territory.slug}/gestion/roles", data={"email": "monique@exemple.fr", "role": "elu"})
    assert response.status_code == 400
    assert "Cette personne a déjà ce rôle." in text_of(response)
    # Unknown account and unknown role.
    response = client.post(f"/t/{territory.slug}/gestion/roles", data={"email": "personne@ailleurs.fr", "role": "elu"})
    assert "doit d'abord s'inscrire" in text_of(response)
    assert 'value="personne@ailleurs.fr"' in response.get_data(as_text=True)
    response = client.post(f"/t/{territory.slug}/gestion/roles", data={"email": "monique@exemple.fr", "role": "roi"})
    assert response.status_code == 400
    membership = db.session.scalar(db.select(Membership).filter_by(user_id=elue.id))
    revoke = f"/t/{territory.slug}/gestion/roles/{membership.id}/retirer"
    asked = client.post(revoke)  # asked first (the confirmation page without JavaScript)
    assert asked.status_code == 200 and "Retirer ce rôle ?" in text_of(asked)
    assert "Monique — " in text_of(asked)  # says whose role goes
    assert elue.roles_in(territory) == {Role.ELU}
    assert client.post(revoke, data={"confirmed": "1"}).status_code == 302
    db.session.expire_all()
    assert elue.roles_in(territory) == set()
    actions = db.session.scalars(db.select(AuditEntry.action).filter_by(territory_id=territory.id)).all()
    assert actions == ["role.grant", "role.revoke"]
    page = text_of(client.get(f"/t/{territory.slug}/gestion/journal"))
    # The log in French (it showed the raw codes "role.grant" and "role.revoke" before).
    assert "a attribué un rôle" in page and "a retiré un rôle" in page
    assert "role.grant" not in page and "role.revoke" not in page
    assert "Compte : Monique" in page


def test_agent_cannot_revoke_a_role_of_another_territory(client, login, make_user, territory, other_territory):
    agent = make_user(roles=["agent"], territory=territory)
    make_user(roles=["elu"], territory=other_territory)
    foreign = db.session.scalar(db.select(Membership).filter_by(territory_id=other_territory.id))
    login(client, agent)
    response = client.post(f"/t/{territory.slug}/gestion/roles/{foreign.id}/retirer")
    assert response.status_code == 404
    assert db.session.get(Membership, foreign.id) is not None


def test_network_admin_creates_and_edits_territories(client, login, make_user):
    admin = make_user(admin=True)
    login(client, admin)
    data = {"name": "Saint-Étienne-du-Test", "kind": "commune", "population": "8500",
            "programme_start": "2026-03-01", "follows_programme": "y"}
    response = client.post("/admin/territoires/nouveau", data=data)
    assert response.status_code == 302
    created = db.session.scalar(db.select(Territory).filter_by(slug="saint-etienne-du-test"))
    assert created.population == 8500 and created.follows_programme
    # Same slug again: a French message, the input kept.
    response = client.post("/admin/territoires/nouveau", data=data)
    assert response.status_code == 400
    assert "Un territoire utilise déjà cet identifiant" in text_of(response)
    assert 'value="8500"' in response.get_data(as_text=True)
    response = client.post("/admin/territoires/nouveau", data={**data, "population": "-3", "slug": "x"})
    assert response.status_code == 400
    assert "La population doit être positive." in text_of(response)
    response = client.post(f"/admin/territoires/{created.slug}/modifier", data={**data, "population": "9000"})
    assert response.status_code == 302
    db.session.refresh(created)
    assert created.population == 9000
    # An admin manages every territory's roles.
    assert client.get(f"/t/{created.slug}/gestion/roles").status_code == 200


def test_revoke_role_service_refuses_another_territorys_membership(agent, other_agent, territory,
                                                                   other_territory):
    foreign = db.session.scalar(db.select(Membership).filter_by(user_id=other_agent.id))
    with pytest.raises(NotFound):
        services.revoke_role(agent, territory, foreign)
    # Even when the acting user manages the other territory: the pair must match.
    with pytest.raises(NotFound):
        services.revoke_role(other_agent, territory, foreign)
    db.session.rollback()
    assert db.session.get(Membership, foreign.id) is not None


def test_role_services_check_who_manages_the_territory(agent, other_agent, elu, territory):
    with pytest.raises(Forbidden):
        services.grant_role(other_agent, territory, elu.email, "facilitator")
    with pytest.raises(Forbidden):
        services.grant_role(elu, territory, elu.email, "facilitator")
    membership = db.session.scalar(db.select(Membership).filter_by(user_id=elu.id))
    with pytest.raises(Forbidden):
        services.revoke_role(elu, territory, membership)
    # The services flush; the operation's boundary commits.
    granted = services.grant_role(agent, territory, elu.email, "facilitator")
    assert granted.id is not None
    db.session.rollback()
    assert elu.roles_in(territory) == {Role.ELU}


def test_an_agent_keeps_their_own_agent_role(client, login, agent, territory):
    own = db.session.scalar(db.select(Membership).filter_by(user_id=agent.id))
    login(client, agent)
    page = client.get(f"/t/{territory.slug}/gestion/roles").get_data(as_text=True)
    assert f"/roles/{own.id}/retirer" not in page  # no button for it
    response = client.post(f"/t/{territory.slug}/gestion/roles/{own.id}/retirer")
    assert response.status_code == 400
    assert "votre propre rôle d'agent" in text_of(response)
    response = client.post(f"/t/{territory.slug}/gestion/roles/{own.id}/retirer",
                           headers={"Accept": "application/json"})
    assert response.get_json()["error"] == "self"
    assert db.session.get(Membership, own.id) is not None


def test_grant_role_errors_land_on_their_field_and_json(client, login, agent, territory):
    login(client, agent)
    url = f"/t/{territory.slug}/gestion/roles"
    response = client.post(url, data={"email": "inconnu@exemple.fr", "role": "elu"})
    html = text_of(response)
    assert response.status_code == 400
    assert "doit d'abord s'inscrire" in html[html.index('id="email-erreur"'):]
    response = client.post(url, data={"email": "inconnu@exemple.fr", "role": "elu"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["field"] == "email"


def test_audit_log_is_paginated_with_the_shared_pager(client, login, agent, territory):
    for n in range(55):
        audit.record(agent, "phase.create", territory=territory, name=f"Essai {n}")
    db.session.commit()
    login(client, agent)
    url = f"/t/{territory.slug}/gestion/journal"
    page = text_of(client.get(url))
    assert "nom : Essai 54" in page and "nom : Essai 4<" not in page
    assert 'class="pager"' in page and "Page 1 sur 2" in page
    assert f'href="{url}?page=2"' in page
    second = text_of(client.get(url + "?page=2"))
    assert "nom : Essai 4<" in second and "nom : Essai 54" not in second
    assert f'href="{url}?page=1"' in second
