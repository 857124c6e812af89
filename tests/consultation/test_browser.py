"""End to end in Chromium: a citizen comments, replies and votes; another reader sees it live."""

import pytest

from tests.conftest import PASSWORD

from .conftest import phase_url


def _sign_in(page, base, user):
    page.goto(f"{base}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


@pytest.mark.browser
def test_citizen_comments_replies_and_votes(live_server, browser, browser_page, open_consultation,
                                            citizen, neighbour):
    page = browser_page
    url = live_server.url + phase_url(open_consultation)
    reader_context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    reader = reader_context.new_page()
    try:
        reader.goto(url)  # anonymous reader, on a phone-sized screen
        reader.set_viewport_size({"width": 390, "height": 844})
        _sign_in(page, live_server.url, citizen)
        page.goto(url)
        page.get_by_label("Partie commentée").select_option("assessment")
        page.get_by_label("Pour", exact=True).check()
        page.get_by_label("Votre commentaire").fill("Une navette vers la gare le samedi matin.")
        page.get_by_role("button", name="Publier mon commentaire").click()
        page.wait_for_load_state()
        assert page.get_by_text("Merci, votre commentaire est publié.").is_visible()
        # the anonymous reader sees it arrive without reloading
        reader.get_by_text("Une navette vers la gare le samedi matin.").wait_for()
        # reply (no JavaScript needed: a separate page)
        comment = page.locator("li.comment", has_text="Une navette vers la gare").first
        comment.get_by_role("link", name="Répondre").click()
        page.get_by_label("Votre commentaire").fill("Et le dimanche aussi, pour le marché.")
        page.get_by_role("button", name="Publier ma réponse").click()
        page.wait_for_load_state()
        assert page.get_by_text("Et le dimanche aussi, pour le marché.").is_visible()
        reader.get_by_text("Et le dimanche aussi, pour le marché.").wait_for()

        # another citizen votes; the vote is sent without reloading and counts update live
        voter_context = browser.new_context(locale="fr-FR")
        voter = voter_context.new_page()
        _sign_in(voter, live_server.url, neighbour)
        voter.goto(url)
        target = voter.locator("li.comment", has_text="Une navette vers la gare").first
        up = target.locator("> article").get_by_role("button", name="J'approuve")
        up.click()
        voter.get_by_text("Votre vote est enregistré.").wait_for()
        assert up.get_attribute("aria-pressed") == "true"
        assert up.locator(".count").inner_text() == "1"
        reader_item = reader.locator("li.comment", has_text="Une navette vers la gare").first
        reader_item.locator("> article [data-count='up']").filter(has_text="1").wait_for()
        voter_context.close()
    finally:
        reader_context.close()
