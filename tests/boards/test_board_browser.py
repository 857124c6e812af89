"""A participant on a phone and the facilitator's projector, in Chromium, on a real server."""

import re

import pytest
from playwright.sync_api import expect

from .support import session_cookie


@pytest.mark.browser
def test_phone_and_projector_see_each_other_live(app, browser, browser_page, live_server,
                                                 board, facilitator, territory):
    projector_context = browser.new_context(locale="fr-FR", viewport={"width": 1280,
                                                                      "height": 900})
    name, value = session_cookie(app, facilitator).split("=", 1)
    projector_context.add_cookies([{"name": name, "value": value, "url": live_server.url}])
    projector = projector_context.new_page()
    projector.set_default_timeout(15_000)
    try:
        projector.goto(f"{live_server.url}/t/{territory.slug}/gestion/ateliers/{board.id}/"
                       "projection")
        expect(projector.locator("#board-status")).to_contain_text("Connecté")
        expect(projector.locator(".projector-code")).to_have_text(board.code)

        phone = browser_page
        phone.set_viewport_size({"width": 360, "height": 740})
        phone.goto(f"{live_server.url}/b/{board.code}")
        phone.get_by_label("Votre pseudonyme").fill("Nadia")
        phone.get_by_role("button", name="Rejoindre l’atelier").click()
        expect(phone.locator("#board-status")).to_contain_text("Connecté")

        # The participant writes a note: it appears on the projector.
        phone.get_by_label("Colonne").select_option(label="Idées")
        phone.get_by_label("Votre note").fill("Des horaires de réunion après 18 h")
        phone.get_by_role("button", name="Ajouter la note").click()
        note = projector.locator(".board-note", has_text="Des horaires de réunion après 18 h")
        expect(note).to_be_visible()
        expect(projector.locator("#board-connected")).to_contain_text("2 connecté")

        # The participant votes with the keyboard: the projector's count follows.
        phone.get_by_role("button", name=re.compile("Mettre une gommette sur")).focus()
        phone.keyboard.press("Enter")
        expect(note).to_contain_text("1 gommette")
        expect(phone.locator("#board-counters-extra")).to_contain_text("2 sur 3")

        # The facilitator writes a note and locks the board: the phone sees both.
        projector.get_by_label("Votre note").fill("Tester un budget participatif jeunesse")
        projector.get_by_role("button", name="Ajouter la note").click()
        expect(phone.locator(".board-note", has_text="budget participatif jeunesse")) \
            .to_be_visible()
        expect(phone.locator("#board-announcer")).to_contain_text("budget participatif")
        projector.get_by_role("button", name="Verrouiller", exact=True).click()
        expect(phone.locator("#board-state")).to_have_text("Verrouillé")
        expect(phone.locator("#board-note-form")).to_be_hidden()

        # Usable at 360 px: nothing wider than the screen.
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 360
    finally:
        projector_context.close()


@pytest.mark.browser
def test_phone_reconnects_by_itself_and_catches_up(browser_page, live_server, board, clients):
    phone = browser_page
    phone.set_viewport_size({"width": 360, "height": 740})
    phone.goto(f"{live_server.url}/b/{board.code}")
    phone.get_by_label("Votre pseudonyme").fill("Bruno")
    phone.get_by_role("button", name="Rejoindre l’atelier").click()
    expect(phone.locator("#board-status")).to_contain_text("Connecté")
    live_server.kill()
    expect(phone.locator("#board-status")).to_contain_text("reconnexion")
    live_server.start()
    other = clients(live_server.url)
    other.join(board.code, "Chloé")
    other.op("add", column="c1", text="Écrite pendant la coupure du téléphone")
    expect(phone.locator("#board-status")).to_contain_text("Connecté", timeout=20_000)
    expect(phone.locator(".board-note", has_text="pendant la coupure")).to_be_visible()
