"""In Chromium: unregistering asks in a dialog first ("Annuler" keeps everything), and an
organiser checks someone in on the attendee list with the keyboard."""

import pytest

from thc_participation.events.models import Registration, RegistrationStatus
from thc_participation.events.services import registration

from ..consultation.test_browser import _sign_in
from . import test_events_summit

summit = test_events_summit.summit


@pytest.mark.browser
def test_unregistering_asks_in_a_dialog(live_server, browser_page, summit, citizen, db):
    mobility = next(w for w in summit.workshops if w.title == "Mobilités")
    registration.register_for_summit(summit, [mobility], user=citizen)
    db.session.commit()
    page = browser_page
    _sign_in(page, live_server.url, citizen)
    page.goto(f"{live_server.url}/evenements/{summit.id}")
    page.get_by_role("button", name="Me désinscrire du sommet et de 1 atelier").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Vous désinscrire ?").wait_for()
    dialog.get_by_text("votre place dans 1 atelier").wait_for()
    dialog.get_by_role("button", name="Annuler").click()
    assert not dialog.is_visible()
    db.session.expire_all()
    assert {r.status for r in Registration.query} == {RegistrationStatus.CONFIRMED}
    page.get_by_role("button", name="Me désinscrire du sommet et de 1 atelier").click()
    dialog.get_by_role("button", name="Oui, me désinscrire").click()
    page.get_by_text("Votre désinscription est enregistrée.").wait_for()
    db.session.expire_all()
    assert {r.status for r in Registration.query} == {RegistrationStatus.CANCELLED}


@pytest.mark.browser
def test_organiser_checks_someone_in_with_the_keyboard(live_server, browser_page, summit, agent,
                                                       citizen, db):
    held = registration.register(summit, user=citizen)
    db.session.commit()
    page = browser_page
    _sign_in(page, live_server.url, agent)
    page.goto(f"{live_server.url}/t/{summit.territory.slug}/gestion/evenements/{summit.id}/")
    page.get_by_role("link", name="Liste des participants, besoins et présences").click()
    page.get_by_label("Statut").select_option("confirmed")
    page.get_by_role("button", name="Filtrer").click()
    button = page.get_by_role("button", name=f"Marquer présent·e — {citizen.display_name}")
    button.focus()
    page.keyboard.press("Enter")
    page.get_by_text(f"{citizen.display_name} est marqué·e présent·e.").wait_for()
    page.get_by_role("button", name=f"Annuler la présence — {citizen.display_name}").wait_for()
    assert page.get_by_label("Statut").input_value() == "confirmed"  # the filter is kept
    db.session.refresh(held)
    assert held.checked_in_at is not None
