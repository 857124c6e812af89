"""Every dashboard page renders, for visitors, citizens and agents."""

import pytest

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
