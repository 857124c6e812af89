"""The legal pages in Debian's Chromium: reached from the footer by keyboard, readable on a
phone without horizontal scrolling, and no CSP violation (no inline style or script)."""

import pytest


@pytest.mark.browser
def test_footer_leads_to_the_legal_pages_on_a_phone(live_server, browser_page, territory):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 700})
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.goto(live_server.url + f"/t/{territory.slug}/")
    for name, heading in (("Mentions légales", "Mentions légales · Villeneuve-les-Tests"),
                          ("Données personnelles", "Données personnelles et vos droits"),
                          ("Accessibilité : partiellement conforme au RGAA 4.1",
                           "Déclaration d'accessibilité")):
        link = page.locator("footer").get_by_role("link", name=name, exact=True)
        link.focus()
        page.keyboard.press("Enter")
        page.get_by_role("heading", level=1, name=heading).wait_for()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (name, overflow)
        page.go_back()
    assert csp_errors == []
