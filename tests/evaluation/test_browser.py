"""An agent runs the last steps of a draw, a volunteer checks a receipt, in Debian's Chromium."""

import pytest

from thc_participation.evaluation.services import draws, pools
from thc_participation.extensions import db

from ..conftest import PASSWORD


@pytest.mark.browser
def test_agent_enters_randomness_draws_and_volunteer_checks_receipt(
        live_server, browser_page, agent, territory):
    pool = pools.create_pool(agent, territory, "Volontaires", "", "genre : femme, homme",
                             signup_open=True)
    receipts = []
    for i in range(8):
        receipts.append(pools.signup(
            territory, pool, first_name=f"P{i}", last_name=f"N{i}", email=f"v{i}@exemple.fr", phone=None,
            values={"genre": "femme" if i % 2 else "homme"}, consent=True,
            publish_name=False)[1])
    draw = draws.create_draw(agent, territory, pool, "Comité de pilotage", "steering", 3,
                             "Dés lancés au conseil municipal")
    draws.update_draw(agent, territory, draw, 3, {"genre": {"femme": (1, 2), "homme": (1, 2)}},
                      draw.randomness_source)
    draws.freeze(agent, territory, draw)
    db.session.commit()

    page = browser_page
    page.goto(f"{live_server.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(agent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Se déconnecter").wait_for()
    page.goto(f"{live_server.url}/t/{territory.slug}/gestion/tirages/{draw.id}")
    page.get_by_label("Valeur de l'aléa public").fill("3 6 1 4 2 5")
    page.get_by_role("button", name="Enregistrer l'aléa (une seule fois)").click()
    page.get_by_text("Aléa public enregistré").wait_for()
    page.get_by_role("button", name="Effectuer le tirage").click()
    page.get_by_text("Tirage effectué").wait_for()
    assert page.get_by_role("button", name="A accepté").count() == 3

    page.set_viewport_size({"width": 375, "height": 800})  # a phone
    page.goto(f"{live_server.url}/t/{territory.slug}/tirages/{draw.id}")
    assert page.get_by_text(draw.fingerprint).is_visible()
    page.get_by_label("Votre reçu privé").fill(receipts[0])
    page.get_by_role("button", name="Vérifier").click()
    page.get_by_text("figure dans le vivier gelé").wait_for()
