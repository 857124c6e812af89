"""In Debian's Chromium: a citizen places an actor on the map, an agent validates it."""

import pytest

from thc_participation.dashboard.models import Actor, ActorStatus

from ..conftest import PASSWORD


def sign_in(page, base, email):
    page.goto(base + "/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/compte/connexion" not in url)


@pytest.mark.browser
def test_citizen_proposes_on_the_map_and_agent_validates(live_server, browser, browser_page,
                                                         territory, make_user, db):
    territory.latitude, territory.longitude = 47.3941, 0.6848
    db.session.commit()
    make_user(email="lea@exemple.fr", territory=territory, name="Léa")
    make_user(email="agent@exemple.fr", roles=["agent"], territory=territory)
    base = live_server.url
    page = browser_page
    page.on("pageerror", lambda exc: pytest.fail(f"JavaScript error: {exc}"))

    sign_in(page, base, "lea@exemple.fr")
    page.goto(f"{base}/t/{territory.slug}/acteurs")
    page.get_by_role("link", name="Proposer un acteur").click()
    page.get_by_label("Nom de l'acteur").fill("Jardin des Possibles")
    page.get_by_label("Type d'acteur").select_option(label="Collectif")
    page.get_by_label("Ce qu'il fait pour le bien commun").fill("Un potager ouvert à tous.")
    # a click on the map (tiles are unreachable offline, the map still works) fills the fields
    page.locator("#actors-map").click(position={"x": 200, "y": 150})
    latitude = page.get_by_label("Latitude")
    assert latitude.input_value() != ""
    assert page.locator(".leaflet-marker-icon").count() == 1
    picked = float(latitude.input_value().replace(",", "."))
    assert abs(picked - 47.3941) < 0.1
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.get_by_text("Votre proposition sera publiée après validation").wait_for()
    page.get_by_text("Jardin des Possibles").wait_for()  # in "your pending proposals"

    db.session.expire_all()
    proposal = db.session.query(Actor).one()
    assert proposal.status == ActorStatus.PENDING

    agent_context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    agent_page = agent_context.new_page()
    agent_page.set_default_timeout(15_000)
    try:
        sign_in(agent_page, base, "agent@exemple.fr")
        agent_page.goto(f"{base}/t/{territory.slug}/gestion/tableau-de-bord/acteurs")
        agent_page.get_by_role("button", name="Valider — Jardin des Possibles").click()
        agent_page.get_by_text("La proposition est validée").wait_for()
        agent_page.goto(f"{base}/t/{territory.slug}/acteurs")
        agent_page.get_by_role("heading", name="Jardin des Possibles").wait_for()
        agent_page.locator(".leaflet-marker-icon").first.wait_for()
        agent_page.locator(".leaflet-marker-icon").first.click()
        agent_page.locator(".leaflet-popup-content").get_by_text("Un potager ouvert à tous.")\
            .wait_for()
    finally:
        agent_context.close()
    db.session.expire_all()
    assert db.session.get(Actor, proposal.id).status == ActorStatus.VALIDATED
