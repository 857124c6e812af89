"""Sign up, confirm and log in through the real pages in Debian's Chromium."""

import re

import pytest


@pytest.mark.browser
def test_signup_confirm_and_login_in_chromium(live_server, browser_page, smtp):
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 800})  # a phone
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Créer un compte").first.click()
    page.get_by_label("Nom affiché").fill("Inès")
    page.get_by_label("Adresse e-mail").fill("ines.roux@exemple.fr")
    page.get_by_label("Mot de passe", exact=True).fill("une phrase assez longue")
    page.get_by_label("Confirmez le mot de passe").fill("une phrase assez longue")
    page.get_by_role("button", name="Créer mon compte").click()
    page.get_by_role("heading", name="Vérifiez votre messagerie").wait_for()

    [message] = smtp.wait_for(1)
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"(http://127\.0\.0\.1:\d+/compte/confirmer/\S+)", body).group(1)
    page.goto(link)
    page.get_by_text("votre adresse e-mail est confirmée").wait_for()

    page.get_by_label("Adresse e-mail").fill("ines.roux@exemple.fr")
    page.get_by_label("Mot de passe").fill("une phrase assez longue")
    page.keyboard.press("Enter")
    page.get_by_text("Bienvenue, Inès.").wait_for()
    page.get_by_role("link", name="Mon profil").click()
    assert page.get_by_text("ines.roux@exemple.fr").is_visible()
