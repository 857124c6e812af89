"""The header's search field on a phone, in Debian's Chromium: reached by keyboard, labelled,
no horizontal scrolling, results grouped with the match highlighted, no CSP violation."""

import pytest

from thc_participation.consultation.services import comments
from thc_participation.extensions import db


@pytest.mark.browser
def test_a_phone_searches_from_the_header(live_server, browser_page, territory, citizen,
                                          open_consultation):
    comments.post_comment(citizen, open_consultation.phases[0],
                          "Des jeunes voudraient un skatepark près du collège.")
    db.session.commit()
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.goto(live_server.url + f"/t/{territory.slug}/")
    field = page.get_by_role("searchbox", name=f"Rechercher dans {territory.name}")
    field.focus()
    page.keyboard.type("jeunesse")
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=2, name="Commentaires (1)").wait_for()
    assert page.locator(".search-hits mark").first.inner_text() == "jeunes"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert csp_errors == []
