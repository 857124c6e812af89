"""The way in: the home page and each territory page lead with what one can do now, and
``next`` is kept through sign-up, the confirmation link and login (local paths only)."""

import html as html_module
import re
from datetime import timedelta

import pytest

from thc_participation.consultation.models import ConsultationState
from thc_participation.consultation.services import consultations
from thc_participation.events.boards.services import boards
from thc_participation.events.services import registration
from thc_participation.extensions import db
from thc_participation.models import User
from thc_participation.timeutil import utcnow
from thc_participation.urls import local_path

from ..conftest import PASSWORD
from ..events import conftest as event_fixtures
from ..events.conftest import paris
from ..support.pages import text_of

new_event = event_fixtures.make_event  # the events tests' ``make_event`` fixture


def _consultation(agent, territory, title, state=ConsultationState.OPEN, closes_in=None):
    consultation = consultations.create_consultation(agent, territory, title, "Introduction.")
    if closes_in is not None:
        consultation.closes_at = utcnow() + closes_in
    if state != ConsultationState.DRAFT:
        consultations.set_state(agent, consultation, state)
    db.session.commit()
    return consultation


def _lead(response):
    """The text of the "Participer maintenant" block (it comes first in the page)."""
    html = response.get_data(as_text=True)
    match = re.search(r'<section class="now[^"]*".*?</section>', html, re.S)
    if not match:
        return ""
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", match.group(0))).split())


def test_territory_page_leads_with_open_consultations_and_a_direct_comment_link(
        client, territory, other_territory, agent, other_agent):
    open_one = _consultation(agent, territory, "Mobilités du quotidien",
                             closes_in=timedelta(days=9))
    _consultation(agent, territory, "Brouillon caché", state=ConsultationState.DRAFT)
    _consultation(other_agent, other_territory, "Ailleurs")
    response = client.get(f"/t/{territory.slug}/")
    html = response.get_data(as_text=True)
    lead = _lead(response)
    assert "Participer maintenant" in lead
    assert "Mobilités du quotidien" in lead
    assert "jusqu’au" in lead  # its closing date
    assert "Brouillon caché" not in lead and "Ailleurs" not in lead
    phase = open_one.phases[0]
    direct = (f"/t/{territory.slug}/consultations/{open_one.id}/phases/{phase.id}#commenter")
    assert f'href="{direct}"' in html
    # The block comes before the timeline and the sections.
    assert html.index("participer-maintenant") < html.index('id="frise"')


def test_home_lists_every_territory_open_consultation_with_its_territory(
        client, territory, other_territory, agent, other_agent):
    _consultation(agent, territory, "Mobilités du quotidien")
    _consultation(other_agent, other_territory, "Budget d'Autreville",
                  closes_in=timedelta(days=3))
    _consultation(agent, territory, "Déjà close", closes_in=timedelta(days=-1))
    lead = _lead(client.get("/"))
    assert "Budget d'Autreville" in lead and "Autreville" in lead
    assert "Mobilités du quotidien" in lead and "sans date de clôture" in lead
    assert "Déjà close" not in lead
    # The one closing first comes first.
    assert lead.index("Budget d'Autreville") < lead.index("Mobilités du quotidien")


def test_next_events_say_the_places_left_in_words(client, territory, agent, new_event,
                                                  make_user):
    new_event(agent, territory, title="Atelier vélo", capacity=3, start=paris(5, 18))
    full = new_event(agent, territory, title="Balade urbaine", capacity=1, start=paris(6, 10))
    new_event(agent, territory, title="Forum libre", start=paris(7, 18))
    registration.register(full, user=make_user())
    db.session.commit()
    lead = _lead(client.get(f"/t/{territory.slug}/"))
    assert "Prochains rendez-vous" in lead
    assert re.search(r"Atelier vélo .*Il reste 3 places", lead)
    assert re.search(r"Balade urbaine .*Complet — liste d’attente", lead)
    assert "Forum libre" in lead
    assert lead.index("Atelier vélo") < lead.index("Balade urbaine") < lead.index("Forum libre")


def test_one_place_left_is_singular_and_cancelled_events_are_left_out(
        client, territory, agent, new_event, make_user):
    from thc_participation.events.services import events

    bike = new_event(agent, territory, title="Atelier vélo", capacity=2, start=paris(5, 18))
    registration.register(bike, user=make_user())
    cancelled = new_event(agent, territory, title="Séance annulée", start=paris(4, 18))
    events.cancel_event(agent, cancelled, "Salle indisponible")
    db.session.commit()
    lead = _lead(client.get(f"/t/{territory.slug}/"))
    assert "Il reste 1 place" in lead and "1 places" not in lead
    assert "Séance annulée" not in lead


def test_board_code_field_only_while_a_board_is_open(client, territory, agent):
    board = boards.create_board(agent, territory, "Quelles priorités pour le quartier ?")
    db.session.commit()
    assert 'id="now-code"' not in client.get(f"/t/{territory.slug}/").get_data(as_text=True)
    boards.change_state(agent, territory, board, "open")
    db.session.commit()
    for url in (f"/t/{territory.slug}/", "/"):
        html = client.get(url).get_data(as_text=True)
        assert 'id="now-code"' in html and 'action="/b"' in html
    joined = client.get("/b", query_string={"code": board.code.lower()})
    assert joined.status_code == 302 and joined.headers["Location"].endswith(f"/b/{board.code}")


def test_nothing_to_do_shows_no_empty_block(client, territory):
    assert "Participer maintenant" not in text_of(client.get(f"/t/{territory.slug}/"))


# --- next ------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", [
    "/t/x/consultations/1/phases/2#commenter", "/", "/evenements?mois=2026-12",
    "/%0d%0aSet-Cookie:x"])  # percent-encoded: a harmless local path
def test_local_paths_are_kept(target):
    assert local_path(target) == target


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example", "///evil.example", "/\\evil.example",
    "\\\\evil.example", "/\t/evil.example", "/\n/evil.example", " /ok", "javascript:alert(1)",
    "http:/evil.example", "", None, "evil.example", "/a b", "/ok\x7f",
])
def test_other_sites_and_tricks_are_refused(target):
    assert local_path(target) is None


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example", "/\\evil.example", "/\t/evil.example"])
def test_login_never_redirects_to_another_site(client, make_user, target):
    user = make_user()
    response = client.post("/compte/connexion", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def _mail_link(message):
    body = message.get_body(("plain",)).get_content()
    return re.search(r"http://thc\.test(/\S+)", body).group(1)


def test_next_survives_signup_confirmation_and_login(client, smtp, territory):
    target = f"/t/{territory.slug}/consultations/"
    signup_page = client.get("/compte/inscription", query_string={"next": target})
    assert f'name="next" value="{target}"' in signup_page.get_data(as_text=True)
    password = "une phrase assez longue"
    response = client.post("/compte/inscription", data={
        "display_name": "Léa", "email": "lea@exemple.fr", "password": password,
        "confirm": password, "next": target})
    assert response.status_code == 200
    [message] = smtp.wait_for(1)
    link = _mail_link(message)
    assert "next=" in link

    confirmed = client.get(link)
    assert confirmed.status_code == 302
    login_url = confirmed.headers["Location"]
    assert login_url.startswith("/compte/connexion?next=")
    login_page = client.get(login_url)
    assert f'name="next" value="{target}"' in login_page.get_data(as_text=True)
    logged_in = client.post(login_url, data={"email": "lea@exemple.fr", "password": password})
    assert logged_in.status_code == 302 and logged_in.headers["Location"] == target
    assert db.session.scalar(db.select(User).filter_by(email="lea@exemple.fr")).confirmed_at


def test_a_tampered_confirmation_next_is_ignored(client, smtp):
    password = "une phrase assez longue"
    client.post("/compte/inscription", data={
        "display_name": "Léa", "email": "lea@exemple.fr", "password": password,
        "confirm": password, "next": "//evil.example"})
    [message] = smtp.wait_for(1)
    link = _mail_link(message)
    assert "next=" not in link  # refused at sign-up already
    confirmed = client.get(link + "?next=https://evil.example/")
    assert confirmed.headers["Location"] == "/compte/connexion"


def test_header_and_comment_form_links_carry_the_page(client, territory, agent):
    consultation = _consultation(agent, territory, "Mobilités du quotidien")
    url = f"/t/{territory.slug}/consultations/{consultation.id}/phases/{consultation.phases[0].id}"
    html = client.get(url).get_data(as_text=True)
    assert f'href="/compte/inscription?next={url}"' in html  # header and comment form
    assert f'href="/compte/connexion?next={url}"' in html


def test_a_recurring_series_shows_its_next_occurrence_among_single_events(
        client, territory, agent, new_event):
    from thc_participation.events.services.validation import Recurrence

    started = paris(-20, 9)  # began three weeks ago, every week
    new_event(agent, territory, title="Permanence citoyenne", start=started,
              end=started + timedelta(hours=2), recurrence=Recurrence("weekly", count=10))
    new_event(agent, territory, title="Forum libre", start=paris(30, 18))
    lead = _lead(client.get(f"/t/{territory.slug}/"))
    assert lead.count("Permanence citoyenne") == 1  # its next occurrence only
    assert lead.index("Permanence citoyenne") < lead.index("Forum libre")
