"""Every dashboard page renders, for visitors, citizens and agents."""

import re

import pytest

from thc_participation.dashboard.models import Commitment

from ..support.pages import text_of

PUBLIC = ["", "equipe", "engagement", "diagnostic", "acteurs", "sommet", "plan-d-action",
          "actions", "evaluation"]
MANAGE = ["", "/equipe", "/documents", "/diagnostic", "/acteurs", "/plan"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_sections_render_for_visitors(client, territory, path):
    response = client.get(f"/t/{territory.slug}/{path}")
    assert response.status_code == 200
    assert "Tableau de bord" in text_of(response)


def test_unknown_territory_is_404(client):
    assert client.get("/t/nulle-part/equipe").status_code == 404


@pytest.mark.parametrize("path", MANAGE)
def test_management_pages_for_agents_only(client, territory, make_user, login, path):
    url = f"/t/{territory.slug}/gestion/tableau-de-bord{path}"
    assert client.get(url).status_code == 302  # to the login page
    login(client, make_user(roles=["elu"], territory=territory))
    refused = client.get(url)
    assert refused.status_code == 403
    assert "rôle nécessaire" in text_of(refused)
    login(client, make_user(roles=["agent"], territory=territory))
    assert client.get(url).status_code == 200


def test_agent_of_another_territory_is_refused(client, territory, other_territory, make_user,
                                               login):
    login(client, make_user(roles=["agent"], territory=other_territory))
    assert client.get(f"/t/{territory.slug}/gestion/tableau-de-bord").status_code == 403


def test_forms_carry_the_one_csrf_token(make_app, territory, agent, login, db):
    """Every dashboard form posts ``csrf_token`` (the ``csrf()`` macro), prefixed forms of a
    page with several forms included; a post without it changes nothing."""
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    login(client, agent)
    url = f"/t/{territory.slug}/gestion/tableau-de-bord/plan"
    page = client.get(url).get_data(as_text=True)
    tokens = re.findall(r'name="csrf_token" value="([^"]+)"', page)
    assert len(tokens) == page.count('<form method="post"') >= 3  # sign-out, plan, commitment
    assert "-csrf_token" not in page  # no prefixed token of a form's own
    data = {"engagement-title": "Conseil des jeunes", "engagement-description": "Vingt jeunes.",
            "engagement-expected_results": "Un avis sur chaque projet."}
    assert client.post(url, data=data).status_code == 400
    assert db.session.query(Commitment).count() == 0
    assert client.post(url, data={**data, "csrf_token": tokens[-1]}).status_code == 302
    assert db.session.query(Commitment).count() == 1
