"""In Chromium on a real server: a facilitator finds a published card by its title in the
board's picker and attaches it; a phone already in the workshop shows it at once, and the
projector wall shows it in a strip above the notes without covering any."""

import pytest
from playwright.sync_api import expect

from ..boards.test_wall_browser import _facilitator_page, _phone


@pytest.mark.browser
def test_facilitator_attaches_a_card_and_a_phone_shows_it(app, browser, live_server,
                                                          facilitator, territory, board,
                                                          published):
    phone_context, phone = _phone(browser, live_server, board, "Inès")
    context, page = _facilitator_page(app, browser, live_server, facilitator, 1280, 720)
    wall_page = context.new_page()
    try:
        expect(phone.locator("#board-inspirations")).to_be_hidden()
        wall_page.goto(f"{live_server.url}/t/{territory.slug}/gestion/ateliers/{board.id}/mur")
        expect(wall_page.locator("#board-status")).to_contain_text("Connecté")

        page.goto(f"{live_server.url}/t/{territory.slug}/gestion/ateliers/{board.id}/")
        page.get_by_role("link", name="Pour s’inspirer : joindre des fiches du référentiel").click()
        page.get_by_label("Titre contient").fill("scénario")
        page.get_by_role("button", name="Chercher", exact=True).click()
        page.get_by_role("button", name="Joindre Atelier de scénarios").click()
        expect(page.locator(".flash")).to_contain_text("La fiche « Atelier de scénarios » est jointe.")
        expect(page.get_by_role("heading", name="Fiches jointes")).to_be_visible()

        box = phone.locator("#board-inspirations")
        expect(box).to_be_visible()
        expect(box.get_by_role("heading", name="Pour s’inspirer")).to_be_visible()
        link = box.get_by_role("link", name="Atelier de scénarios")
        expect(link).to_have_attribute("href", f"/referentiel/outil/{published.slug}")
        expect(phone.locator("#board-announcer")).to_contain_text("Atelier de scénarios")

        strip = wall_page.locator(".wall-inspirations")
        expect(strip).to_contain_text("Atelier de scénarios")
        strip_box = strip.bounding_box()
        columns_box = wall_page.locator("#wall-columns").bounding_box()
        assert strip_box["y"] + strip_box["height"] <= columns_box["y"] + 1
        assert columns_box["y"] + columns_box["height"] <= 720 + 1
    finally:
        context.close()
        phone_context.close()
