"""The projector wall in Chromium on a real server: 60 notes fit the room's screen, notes are
moved with the mouse and with the keyboard and two phones see the move, the presentation mode
follows the facilitator's remote, the PNG of the wall, and axe-core finds no serious violation.
"""

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from thc_participation.events.boards.services import notes, participants
from thc_participation.events.boards.services.pipeline import Actor
from thc_participation.extensions import db

from .support import new_op, session_cookie

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules/axe-core/axe.min.js"
SENTENCES = (
    "Des bancs à l'ombre le long du mail",
    "Un budget participatif pour les 11-25 ans",
    "Ouvrir la médiathèque le dimanche",
    "Des réunions de quartier après 18 h",
    "Plus de pistes cyclables vers la gare",
    "Un marché de producteurs le jeudi soir",
    "Des documents en facile à lire (FALC)",
    "Végétaliser les cours d'école",
    "Une navette entre les hameaux et le bourg",
    "Un conseil des aînés",
)
LONG = ("Des réunions de quartier après 18 h, avec une garde d'enfants sur place pour que les "
        "parents puissent venir, et un compte rendu")


def _text(index):
    """Note texts as people write them on sticky notes (20 to 45 characters), one in ten
    of the longest allowed here (120 characters); each one unique."""
    if index % 10 == 0:
        return f"{index + 1:02d}. {LONG}"[:120]
    return f"{index + 1:02d}. " + SENTENCES[index % len(SENTENCES)]


@pytest.fixture
def wall_board(make_board, facilitator):
    """An open board with 60 notes in its 3 columns, a cluster and some dots."""
    board = make_board()
    actor = participants.facilitator_actor(facilitator, board)
    db.session.commit()
    ids = []
    for i in range(60):
        ids.append(notes.add_note(board.id, actor, new_op(), f"c{i % 3 + 1}",
                                  _text(i)).object["id"])
    notes.create_cluster(board.id, actor, new_op(), "Mobilités", "c2", [ids[1], ids[4]])
    for pseudonym in ("Nadia", "Bruno"):
        voter = participants.join_board(board, None, pseudonym, None, False)
        db.session.commit()
        voter_actor = Actor(voter.participant_id, None)
        for note_id in ids[:3]:
            notes.vote(board.id, voter_actor, new_op(), note_id)
    db.session.refresh(board)
    return board, ids


def _facilitator_page(app, browser, live_server, facilitator, width, height, axe=False):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris",
                                  viewport={"width": width, "height": height})
    name, value = session_cookie(app, facilitator).split("=", 1)
    context.add_cookies([{"name": name, "value": value, "url": live_server.url}])
    if axe:
        context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _open_wall(page, live_server, territory, board):
    page.goto(f"{live_server.url}/t/{territory.slug}/gestion/ateliers/{board.id}/mur")
    expect(page.locator("#board-status")).to_contain_text("Connecté")
    expect(page.locator(".wall-note")).to_have_count(60)
    page.wait_for_timeout(300)  # the fitting runs on the next animation frame


def _layout(page):
    return page.evaluate("""() => {
        const notes = [...document.querySelectorAll('.wall-note')].map(n => {
            const r = n.getBoundingClientRect();
            const body = n.closest('.wall-column-body').getBoundingClientRect();
            return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                    inside: r.left >= body.left - 1 && r.right <= body.right + 1 &&
                            r.top >= body.top - 1 && r.bottom <= body.bottom + 1,
                    font: parseFloat(getComputedStyle(n.querySelector('.wall-note-text')).fontSize),
                    length: n.querySelector('.wall-note-text').textContent.length};
        });
        return {notes, scrollW: document.documentElement.scrollWidth,
                scrollH: document.documentElement.scrollHeight,
                w: innerWidth, h: innerHeight};
    }""")


@pytest.mark.browser
@pytest.mark.parametrize("width,height,smallest", [(1920, 1080, 24), (1280, 720, 16)])
def test_sixty_notes_fit_the_screen(app, browser, live_server, wall_board, facilitator,
                                    territory, width, height, smallest):
    board, _ids = wall_board
    context, page = _facilitator_page(app, browser, live_server, facilitator, width, height)
    try:
        _open_wall(page, live_server, territory, board)
        layout = _layout(page)
        print(f"{width}x{height}: note text {min(n['font'] for n in layout['notes'])} px")
        assert layout["scrollW"] <= width and layout["scrollH"] <= height
        assert max(n["length"] for n in layout["notes"]) == 120
        for note in layout["notes"]:
            assert note["inside"], note  # not cut off by its column
            assert 0 <= note["left"] and note["right"] <= width
            assert 0 <= note["top"] and note["bottom"] <= height
            assert note["font"] >= smallest
        # The join code and QR are in the corner; no button on any note.
        expect(page.locator(".wall-code")).to_have_text(board.code)
        assert page.locator(".wall-note button").count() == 0
        # Dots are drawn as dots (3 notes carry 2 dots each).
        assert page.locator(".wall-dot").count() == 6
    finally:
        context.close()


def _phone(browser, live_server, board, name):
    context = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/b/{board.code}")
    page.get_by_label("Votre pseudonyme").fill(name)
    page.get_by_role("button", name="Rejoindre l’atelier").click()
    expect(page.locator("#board-status")).to_contain_text("Connecté")
    return context, page


def _in_column(page, index, text):
    return page.locator(".board-column").nth(index).locator(".board-note", has_text=text)


def _drag(page, source, target):
    """A real mouse drag: press, move in steps (SortableJS follows the pointer), release."""
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    x, y = end["x"] + end["width"] / 2, end["y"] + end["height"] / 2
    for step in range(1, 16):
        page.mouse.move(start["x"] + (x - start["x"]) * step / 15,
                        start["y"] + (y - start["y"]) * step / 15)
        page.wait_for_timeout(20)
    page.mouse.up()


@pytest.mark.browser
def test_notes_move_with_mouse_and_keyboard_and_phones_follow(app, browser, live_server,
                                                              wall_board, facilitator,
                                                              territory):
    board, ids = wall_board
    context, wall = _facilitator_page(app, browser, live_server, facilitator, 1920, 1080)
    phones = []
    try:
        phones = [_phone(browser, live_server, board, name) for name in ("Inès", "Marc")]
        _open_wall(wall, live_server, territory, board)
        delays = []

        # The mouse: note 10 (column 1) dropped onto a note of column 2's loose list.
        moved = _text(9)
        _drag(wall, wall.locator(".wall-note", has_text=moved),
              wall.locator(".wall-list[data-column=c2][data-cluster='']").locator(".wall-note").nth(3))
        dropped = time.monotonic()
        for _context, phone in phones:
            expect(_in_column(phone, 1, moved)).to_be_visible()
        delays.append(time.monotonic() - dropped)
        expect(wall.locator(".wall-column[data-column=c2]").locator(".wall-note",
                                                                   has_text=moved)).to_be_visible()

        # The mouse again, into the cluster "Mobilités" of column 2.
        into = _text(12)
        _drag(wall, wall.locator(".wall-note", has_text=into),
              wall.locator(".wall-cluster").locator(".wall-note").first)
        dropped = time.monotonic()
        for _context, phone in phones:
            expect(phone.locator(".board-cluster", has_text="Mobilités")
                   .locator(".board-note", has_text=into)).to_be_visible()
        delays.append(time.monotonic() - dropped)

        # The keyboard: take note 1 (column 1), move it right, put it down.
        first = wall.locator(".wall-note", has_text=_text(0)[:40])
        first.focus()
        wall.keyboard.press("Space")
        expect(wall.locator("#wall-announcer")).to_contain_text("Note prise")
        wall.keyboard.press("ArrowRight")
        pressed = time.monotonic()
        for _context, phone in phones:
            expect(_in_column(phone, 1, _text(0)[:40])).to_be_visible()
        delays.append(time.monotonic() - pressed)
        expect(wall.locator("#wall-announcer")).to_contain_text("Note déplacée dans « Idées »")
        wall.keyboard.press("ArrowRight")
        for _context, phone in phones:
            expect(_in_column(phone, 2, _text(0)[:40])).to_be_visible()
        wall.keyboard.press("Enter")
        expect(wall.locator("#wall-announcer")).to_contain_text("Note posée")
        # Focus stayed on the note; arrows now walk from note to note.
        assert wall.evaluate("document.activeElement.dataset.note") == str(ids[0])
        print(f"wall move -> two phones: {', '.join(f'{d * 1000:.0f} ms' for d in delays)}")
    finally:
        for phone_context, _page in phones:
            phone_context.close()
        context.close()


@pytest.mark.browser
def test_panel_shortcuts_presentation_remote_and_png(app, browser, live_server, wall_board,
                                                     facilitator, territory):
    board, _ids = wall_board
    context, wall = _facilitator_page(app, browser, live_server, facilitator, 1280, 720)
    try:
        _open_wall(wall, live_server, territory, board)
        # "?" lists the shortcuts; "c" opens the controls panel.
        wall.locator("body").press("?")
        expect(wall.get_by_role("dialog", name="Raccourcis clavier")).to_be_visible()
        wall.get_by_role("button", name="Fermer", exact=True).click()
        wall.keyboard.press("c")
        expect(wall.locator("#wall-panel")).to_be_visible()
        expect(wall.get_by_role("button", name="Commandes")).to_have_attribute("aria-expanded",
                                                                              "true")
        # The PNG of the wall.
        with wall.expect_download() as download:
            wall.get_by_role("button", name="Image PNG du mur").click()
        path = download.value.path()
        assert Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert download.value.suggested_filename == f"mur-atelier-{board.code}.png"
        wall.keyboard.press("Escape")
        expect(wall.locator("#wall-panel")).to_be_hidden()

        # The facilitator's phone is a remote: next note, timer, lock.
        remote = context.new_page()
        remote.set_viewport_size({"width": 360, "height": 740})
        remote.goto(f"{live_server.url}/t/{territory.slug}/gestion/ateliers/{board.id}/"
                    "telecommande")
        expect(remote.locator("#board-status")).to_contain_text("Connecté")
        remote.get_by_role("button", name="Note suivante").click()
        expect(wall.locator("#wall-present")).to_be_visible()
        expect(wall.locator("#wall-present-count")).to_have_text("Note 1 sur 60")
        remote.get_by_role("button", name="Note suivante").click()
        expect(wall.locator("#wall-present-count")).to_have_text("Note 2 sur 60")
        expect(remote.locator("#remote-current")).to_have_text(
            wall.locator("#wall-present-text").text_content())
        # The wall's own arrows move on, and the remote follows.
        wall.keyboard.press("ArrowRight")
        expect(wall.locator("#wall-present-count")).to_have_text("Note 3 sur 60")
        expect(remote.locator("#remote-current")).to_have_text(
            wall.locator("#wall-present-text").text_content())
        remote.get_by_role("button", name="3 minutes").click()
        expect(wall.locator("#board-timer")).to_be_visible()
        expect(wall.locator("#board-timer")).to_contain_text("2:5")
        remote.get_by_role("button", name="Verrouiller").click()
        expect(wall.locator("#board-state")).to_have_text("Verrouillé")
        expect(remote.get_by_role("button", name="Déverrouiller")).to_be_visible()
        remote.get_by_role("button", name="Quitter la présentation").click()
        expect(wall.locator("#wall-present")).to_be_hidden()
        # The unversioned acknowledgements left nothing waiting in the version buffer.
        for page in (wall, remote):
            assert page.evaluate("Object.keys(THCBoard.state.buffer).length") == 0
    finally:
        context.close()


@pytest.mark.browser
def test_axe_finds_no_serious_violation_on_the_wall(app, browser, live_server, wall_board,
                                                    facilitator, territory):
    board, _ids = wall_board
    context, page = _facilitator_page(app, browser, live_server, facilitator, 1920, 1080,
                                      axe=True)
    try:
        _open_wall(page, live_server, territory, board)
        found = []
        for state in ("wall", "panel", "presentation"):
            if state == "panel":
                page.keyboard.press("c")
            elif state == "presentation":
                page.keyboard.press("Escape")
                page.keyboard.press("p")
                expect(page.locator("#wall-present")).to_be_visible()
            violations = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
                .then(r => r.violations.map(v => ({id: v.id, impact: v.impact,
                                                    nodes: v.nodes.map(n => n.target.join(' '))})))""")
            found += [(state, v) for v in violations if v["impact"] in ("serious", "critical")]
        assert found == []
    finally:
        context.close()
