"""A card attached from the picker reaches the phones of the board live (a real eventlet
server, a real python-socketio phone client)."""

from ..boards.support import BoardClient, session_cookie
from ..boards.test_wall_sockets import _csrf_post


def test_a_phone_receives_the_attached_card_live(app, live_server, facilitator, territory,
                                                 board, published):
    phone = BoardClient(live_server.url)
    try:
        joined = phone.join(board.code, "Nadia")
        assert joined["ok"] and joined["object"]["board"]["inspirations"] == []
        path = f"/t/{territory.slug}/gestion/ateliers/{board.id}/referentiel"
        response = _csrf_post(live_server, session_cookie(app, facilitator), path,
                              {"card": str(published.id)})
        assert response.status_code == 302
        phone.wait_for(lambda: any(c["kind"] == "board.inspirations" for c in phone.changes))
        change = [c for c in phone.changes if c["kind"] == "board.inspirations"][0]
        assert change["version"] == joined["version"] + 1
        card = change["object"]["cards"][0]
        assert card["title"] == "Atelier de scénarios" and card["kind"] == "outil"
        assert card["url"] == f"/referentiel/outil/{published.slug}"
        # A phone joining later gets the cards with the board.
        late = BoardClient(live_server.url)
        try:
            board_now = late.join(board.code, "Hugo")["object"]["board"]
            assert [c["id"] for c in board_now["inspirations"]] == [published.id]
        finally:
            late.close()
    finally:
        phone.close()
