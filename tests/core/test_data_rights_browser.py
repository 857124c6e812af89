"""In Chromium: a citizen downloads their data and deletes their account from the profile."""

import io
import json
import zipfile

import pytest

from tests.conftest import PASSWORD
from thc_participation.consultation.models import ConsultationState
from thc_participation.consultation.services import comments, consultations

from .test_data_rights import EMAIL, NAME, scan_database


@pytest.mark.browser
def test_citizen_downloads_data_then_deletes_account_and_comments_turn_anonymous(
        live_server, browser_page, db, make_user, agent, territory):
    person = make_user(email=EMAIL, name=NAME, contact_consent=True)
    consultation = consultations.create_consultation(agent, territory, "Mobilités", "Avis ?")
    consultations.set_state(agent, consultation, ConsultationState.OPEN)
    phase = consultation.phases[0]
    comments.post_comment(person, phase, "Des bancs le long du canal, s'il vous plaît")
    db.session.commit()
    phase_url = (f"{live_server.url}/t/{territory.slug}/consultations/{consultation.id}"
                 f"/phases/{phase.id}")

    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Mon profil").click()
    page.get_by_role("heading", name="Mes consentements").wait_for()

    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger mes données").click()
    download = info.value
    assert download.suggested_filename == "mes-donnees-thc.zip"
    archive = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))
    data = json.loads(archive.read("donnees.json"))
    assert data["compte"][0]["email"] == EMAIL
    assert data["commentaires"][0]["texte"] == "Des bancs le long du canal, s'il vous plaît"
    assert "commentaires.csv" in archive.namelist()

    page.get_by_role("link", name="Supprimer mon compte").click()
    page.get_by_role("heading", name="Supprimer mon compte").wait_for()
    page.get_by_label("Garder mes contributions, sans mon nom").check()
    page.get_by_label("Votre mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    page.get_by_text("Votre compte est supprimé").wait_for()
    assert page.get_by_role("link", name="Se connecter").first.is_visible()

    page.goto(phase_url)
    comment = page.locator("li.comment", has_text="Des bancs le long du canal").first
    assert comment.locator(".author").inner_text() == "Participant·e anonyme"
    assert NAME not in page.content()
    assert scan_database(EMAIL, NAME) == []
