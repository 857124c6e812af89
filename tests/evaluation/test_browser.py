"""An agent runs a draw end to end on the step-by-step page (a refused infeasible quota, the
confirmations in their dialog), then a volunteer checks a receipt, in Debian's Chromium."""

import time
from datetime import datetime, timedelta

import pytest

from thc_participation.evaluation.models import Draw, DrawState
from thc_participation.evaluation.services import draws, pools
from thc_participation.extensions import db
from thc_participation.timeutil import PARIS

from ..conftest import PASSWORD
from ..support.worker import Worker

ANNOUNCED_IN = 25   # seconds: the announced randomness moment, after settings and freeze


@pytest.fixture
def worker(app):
    """A real `thc worker` beside the real server: it computes the freeze job."""
    running = Worker(app).start()
    yield running
    running.stop()


@pytest.mark.browser
def test_agent_runs_a_draw_step_by_step_and_volunteer_checks_receipt(
        live_server, worker, browser_page, agent, territory):
    pool = pools.create_pool(agent, territory, "Volontaires", "", "genre : femme, homme",
                             signup_open=True)
    receipts = []
    for i in range(8):
        receipts.append(pools.signup(
            territory, pool, first_name=f"P{i}", last_name=f"N{i}", email=f"v{i}@exemple.fr",
            phone=None, values={"genre": "femme" if i % 2 else "homme"}, consent=True,
            publish_name=False)[1])
    draw = draws.create_draw(agent, territory, pool, "Comité de pilotage", "steering", 3,
                             "Dés lancés au conseil municipal")
    db.session.commit()

    page = browser_page
    page.goto(f"{live_server.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(agent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Se déconnecter").wait_for()
    page.goto(f"{live_server.url}/t/{territory.slug}/gestion/tirages/{draw.id}")
    assert page.get_by_text("(étape en cours)").count() == 1

    # An impossible quota is said as typed, then refused by the server with the reason.
    page.get_by_label("Au moins, genre femme").fill("3")
    page.get_by_label("Au plus, genre femme").fill("2")
    page.get_by_text("le minimum (3) dépasse le maximum (2)").wait_for()
    page.get_by_role("button", name="Enregistrer les réglages").click()
    page.get_by_text("le minimum (3) dépasse le maximum (2)").first.wait_for()
    assert page.get_by_label("Au moins, genre femme").input_value() == "3"   # input kept
    db.session.expire_all()
    assert db.session.get(Draw, draw.id).quotas["genre"]["femme"] == [0, 3]

    # Sensible quotas and the announced moment of the randomness (Paris time).
    announced = datetime.now(PARIS).replace(microsecond=0) + timedelta(seconds=ANNOUNCED_IN)
    for end, value in (("Au moins", "1"), ("Au plus", "2")):
        for genre in ("femme", "homme"):
            page.get_by_label(f"{end}, genre {genre}").fill(value)
    page.get_by_text("Les quotas saisis sont cohérents").wait_for()
    page.get_by_label("Date et heure de l'aléa public").fill(
        announced.strftime("%Y-%m-%dT%H:%M:%S"))
    page.get_by_role("button", name="Enregistrer les réglages").click()
    page.get_by_text("Réglages enregistrés").wait_for()

    # Freeze: the dialog first; "Annuler" changes nothing, "Oui" freezes.
    page.get_by_role("button", name="Geler et publier l'empreinte").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Geler le tirage ?").wait_for()
    dialog.get_by_role("button", name="Annuler").click()
    db.session.expire_all()
    assert db.session.get(Draw, draw.id).state == DrawState.PREPARED
    page.get_by_role("button", name="Geler et publier l'empreinte").click()
    dialog.get_by_role("button", name="Oui, geler et publier l'empreinte").click()
    # The worker computes the freeze; the page shows its progress, then the next step.
    page.get_by_text("Le gel du tirage est lancé").wait_for()
    page.get_by_role("heading", name="Étape 3 : saisir l'aléa public").wait_for()
    db.session.expire_all()
    fingerprint = db.session.get(Draw, draw.id).fingerprint

    # The randomness: refused before the announced moment, accepted after it.
    page.get_by_label("Valeur de l'aléa public").fill("3 6 1 4 2 5")
    page.get_by_role("button", name="Enregistrer l'aléa (une seule fois)").click()
    dialog.get_by_role("button", name="Oui, enregistrer cette valeur").click()
    page.locator("#value-erreur").get_by_text("Trop tôt").wait_for()
    time.sleep(max(0.0, (announced - datetime.now(PARIS)).total_seconds()) + 1.5)
    page.get_by_label("Valeur de l'aléa public").fill("3 6 1 4 2 5")
    page.get_by_role("button", name="Enregistrer l'aléa (une seule fois)").click()
    dialog.get_by_text("Enregistrer cet aléa public ?").wait_for()
    dialog.get_by_role("button", name="Oui, enregistrer cette valeur").click()
    page.get_by_text("Aléa public enregistré").wait_for()
    page.get_by_role("button", name="Effectuer le tirage").click()
    dialog.get_by_role("button", name="Oui, effectuer le tirage").click()
    # The worker computes the panel; the page shows its progress, then the seats.
    page.get_by_text("Le tirage est lancé").wait_for()
    page.get_by_role("button", name="A accepté").first.wait_for()
    assert page.get_by_role("button", name="A accepté").count() == 3
    assert page.get_by_text("Détails techniques").is_visible()

    page.set_viewport_size({"width": 375, "height": 800})  # a phone
    page.goto(f"{live_server.url}/t/{territory.slug}/tirages/{draw.id}")
    assert page.get_by_text(fingerprint).first.is_visible()
    page.get_by_label("Votre reçu privé").fill(receipts[0])
    page.get_by_role("button", name="Vérifier").click()
    page.get_by_text("figure dans le vivier gelé").wait_for()
