"""In Debian's Chromium, on a 1280×800 screen and a 360×740 phone: a newcomer goes from the
home page to a posted comment in at most three clicks after login; the dashboard's first
phone screen shows the timeline; axe-core finds no serious or critical violation on the home
page, a territory page (the dashboard) and /reseau."""

import pytest

from thc_participation.consultation.models import Comment, ConsultationState
from thc_participation.consultation.services import consultations
from thc_participation.events.boards.services import boards
from thc_participation.extensions import db

from ..dashboard.test_dashboard_browser import sign_in
from ..events import conftest as event_fixtures
from ..events.conftest import paris
from ..legal.test_accessibility_axe import AXE_JS, BLOCKING, RUN_AXE, TAGS

new_event = event_fixtures.make_event  # the events tests' ``make_event`` fixture

SCREENS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}


@pytest.fixture
def open_consultation(db, territory, agent):
    consultation = consultations.create_consultation(
        agent, territory, "Mobilités du quotidien", "Donnez votre avis sur les mobilités.")
    consultations.set_state(agent, consultation, ConsultationState.OPEN)
    db.session.commit()
    return consultation


def _context(browser, screen, axe=False):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris",
                                  viewport=SCREENS[screen], is_mobile=screen == "phone",
                                  has_touch=screen == "phone")
    if axe:
        context.add_init_script(path=str(AXE_JS))  # through the debugger: the CSP does not apply
    page = context.new_page()
    page.set_default_timeout(90_000)  # a loaded shared machine: waits, not timing checks
    page.on("pageerror", lambda exc: pytest.fail(f"JavaScript error: {exc}"))
    return context, page


def _in_first_screen(page, locator, screen):
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 120) <= \
        SCREENS[screen]["height"]


@pytest.mark.browser
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_newcomer_goes_from_home_to_a_posted_comment_in_three_clicks(
        browser, live_server, open_consultation, make_user, screen):
    make_user(email="lea@exemple.fr", name="Léa Martin")
    context, page = _context(browser, screen)
    try:
        sign_in(page, live_server.url, "lea@exemple.fr")
        clicks = 0
        page.goto(live_server.url + "/")
        way_in = page.get_by_role("link", name="Donner mon avis — Mobilités du quotidien")
        assert _in_first_screen(page, way_in, screen)  # the home page leads with it
        way_in.click()
        clicks += 1
        page.wait_for_url("**/phases/*#commenter")
        page.get_by_label("Votre commentaire").fill("Plus de pistes cyclables vers le collège.")
        page.get_by_role("button", name="Publier mon commentaire").click()
        clicks += 1
        page.get_by_text("Plus de pistes cyclables vers le collège.").first.wait_for()
        assert clicks <= 3
        db.session.expire_all()
        comment = db.session.scalar(db.select(Comment))
        assert comment.body == "Plus de pistes cyclables vers le collège."
        assert comment.author.email == "lea@exemple.fr"
    finally:
        context.close()


@pytest.mark.browser
def test_dashboard_first_phone_screen_shows_the_timeline(browser, live_server, territory,
                                                         open_consultation, agent, new_event):
    """The worst case of the summit: a board open, a consultation and an event to show."""
    new_event(agent, territory, title="Atelier vélo", capacity=20, start=paris(5, 18))
    board = boards.create_board(agent, territory, "Quelles priorités ?")
    boards.change_state(agent, territory, board, "open")
    db.session.commit()
    context, page = _context(browser, "phone")
    try:
        page.goto(f"{live_server.url}/t/{territory.slug}/")
        timeline = page.locator("svg.timeline-svg")
        timeline.wait_for()
        assert _in_first_screen(page, timeline, "phone")
        box = timeline.bounding_box()
        assert box["width"] >= 300  # drawn across the phone's width, not squeezed
        # The sections' menu comes after the timeline, below the first screen.
        menu = page.get_by_role("navigation", name="Sections du tableau de bord")
        assert menu.bounding_box()["y"] > box["y"] + box["height"]
        # A phase band leads to its section with the mouse or a tap.
        page.locator("svg.timeline-hits a[href$='/diagnostic']").click()
        page.wait_for_url(f"**/t/{territory.slug}/diagnostic")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_no_serious_axe_violation_on_home_territory_dashboard_and_network(
        browser, live_server, territory, other_territory, open_consultation, agent,
        new_event, screen):
    new_event(agent, territory, title="Atelier vélo", capacity=1, start=paris(5, 18))
    board = boards.create_board(agent, territory, "Quelles priorités ?")
    boards.change_state(agent, territory, board, "open")
    db.session.commit()
    context, page = _context(browser, screen, axe=True)
    try:
        for path in ("/", f"/t/{territory.slug}/", "/reseau", f"/t/{territory.slug}/actions"):
            page.goto(live_server.url + path)
            violations = page.evaluate(RUN_AXE, TAGS)
            blocking = [v for v in violations if v["impact"] in BLOCKING]
            assert not blocking, (path, blocking)
    finally:
        context.close()
