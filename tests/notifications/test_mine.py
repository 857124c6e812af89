"""Coming back: "Mes contributions", "Mes inscriptions", and authors editing their proposal
while nobody supports it and it has no answer."""

import html
import re

from tests.consultation.conftest import base_url
from thc_participation.consultation.services import comments, moderation, proposals
from thc_participation.events.services import registration


def text_of(response):
    """The page's words, tags removed and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
                    .split())


def test_my_contributions_lists_texts_states_answers_and_votes(client, login, db, phase,
                                                               open_consultation, citizen,
                                                               neighbour, agent):
    mine = proposals.create_proposal(citizen, phase, "Un vélobus", "Des vélos-cargos.")
    theirs = proposals.create_proposal(neighbour, phase, "Des bancs", "Sur la place.")
    hidden = comments.post_comment(citizen, phase, "Mon commentaire masqué.")
    comments.post_comment(citizen, phase, "Mon commentaire visible.")
    other = comments.post_comment(neighbour, phase, "Leur commentaire.")
    db.session.commit()
    proposals.set_support(citizen, theirs, True)
    comments.vote(citizen, other, 1)
    proposals.set_proposal_status(agent, mine, "studying", "Étude en cours avec la voirie")
    moderation.moderate(agent, open_consultation.territory, hidden, "hide", "Hors sujet")
    db.session.commit()
    login(client, citizen)
    page = text_of(client.get("/mes-contributions"))
    assert "Un vélobus" in page and "État : À l'étude" in page
    assert "Réponse officielle : Étude en cours avec la voirie" in page
    assert "Masqué par la modération : Hors sujet" in page
    assert "Mon commentaire visible." in page and "Mon commentaire masqué." not in page
    assert "Des bancs" in page and "J'approuve : un commentaire dans « Mobilités du quotidien »" in page
    assert "Mes contributions" in text_of(client.get("/"))
    assert client.get("/mes-contributions", follow_redirects=False).status_code == 200
    assert login(client.application.test_client(), neighbour).get(
        "/mes-contributions").status_code == 200
    assert client.application.test_client().get("/mes-contributions").status_code == 302


def test_my_registrations_show_status_waiting_position_and_unregister_link(
        client, login, db, make_event, agent, territory, citizen, neighbour):
    event = make_event(agent, territory, capacity=1)
    registration.register(event, user=neighbour)
    registration.register(event, user=citizen)
    db.session.commit()
    login(client, citizen)
    page = client.get("/mes-inscriptions")
    text = text_of(page)
    assert "Réunion publique sur le budget" in text
    assert "Statut : Liste d'attente (position 1)" in text
    assert f'href="/evenements/{event.id}#mon-inscription"' in page.get_data(as_text=True)
    assert 'id="mon-inscription"' in client.get(f"/evenements/{event.id}").get_data(as_text=True)


def test_authors_edit_their_proposal_until_supported_or_answered(client, login, db, phase,
                                                                 open_consultation, citizen,
                                                                 neighbour, agent):
    proposal = proposals.create_proposal(citizen, phase, "Un vélobus", "Des vélos-cargos.")
    db.session.commit()
    url = f"{base_url(open_consultation)}/propositions/{proposal.id}"
    login(client, citizen)
    form = client.get(url + "/modifier").get_data(as_text=True)
    assert re.search(r'<input[^>]*aria-required="true"[^>]*name="title"[^>]*required', form)
    assert "(obligatoire)" in form and "doivent être remplis" in form
    empty = client.post(url + "/modifier", data={"title": " ", "description": "Gardée"})
    assert empty.status_code == 400
    html = empty.get_data(as_text=True)
    assert re.search(r'id="title-erreur">Le titre', html) and "Gardée" in html
    assert client.post(url + "/modifier", data={"title": "Un vélobus scolaire",
                                                "description": "Le matin."}).status_code == 302
    page = text_of(client.get(url))
    assert "Un vélobus scolaire" in page and "modifiée le" in page
    # Someone else may not, and is told it does not exist.
    other = login(client.application.test_client(), neighbour)
    assert other.get(url + "/modifier").status_code == 404
    assert other.post(url + "/modifier", data={"title": "X", "description": "Y"}
                      ).status_code == 404
    # Once supported: refused in French, above the form, with what was typed kept.
    proposals.set_support(neighbour, proposal, True)
    db.session.commit()
    refused = client.post(url + "/modifier", data={"title": "Encore", "description": "Texte"})
    assert refused.status_code == 409
    assert "déjà reçu des soutiens" in text_of(refused)
    assert 'value="Encore"' in refused.get_data(as_text=True)
    assert "Modifier ma proposition" not in text_of(client.get(url))
    proposals.set_support(neighbour, proposal, False)
    proposals.set_proposal_status(agent, proposal, "rejected", "Hors compétence")
    db.session.commit()
    refused = client.post(url + "/modifier", data={"title": "Encore", "description": "Texte"})
    assert refused.status_code == 409 and "réponse officielle" in text_of(refused)
    db.session.refresh(proposal)
    assert proposal.title == "Un vélobus scolaire"
