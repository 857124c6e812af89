"""Issue 18, item 5: référentiel cards used where the work happens (boards, summit workshops,
retained proposals, commitments, the summit's actors to invite)."""

import pytest
from sqlalchemy import select

from thc_participation.dashboard.models import Actor, ActorKind, ActorStatus
from thc_participation.events.boards.models import Board, BoardChange
from thc_participation.inspiration import services
from thc_participation.inspiration.models import CardCitation, Target

from ..support.pages import text_of


def board_picker(territory, board):
    return f"/t/{territory.slug}/gestion/ateliers/{board.id}/referentiel"


def proposal_picker(territory, proposal):
    return (f"/t/{territory.slug}/gestion/consultations/{proposal.consultation_id}/propositions/"
            f"{proposal.id}/referentiel")


def commitment_picker(territory, commitment):
    return f"/t/{territory.slug}/gestion/tableau-de-bord/actions/{commitment.id}/referentiel"


def workshop_picker(territory, workshop):
    return f"/t/{territory.slug}/gestion/ateliers/evenements/{workshop.id}/referentiel"


def test_facilitator_finds_a_card_by_title_and_attaches_it_to_a_board(
        client, login, facilitator, territory, board, published, make_card, db):
    make_card("Budget participatif", kind="outil")
    login(client, facilitator)
    found = text_of(client.get(board_picker(territory, board) + "?q=SCÉNARIOS"))
    assert "Atelier de scénarios" in found and "Budget participatif" not in found
    attached = client.post(board_picker(territory, board), data={"card": published.id})
    assert attached.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Board, board.id)
    assert [c["title"] for c in stored.inspirations] == ["Atelier de scénarios"]
    assert stored.inspirations[0]["url"] == f"/referentiel/outil/{published.slug}"
    change = db.session.scalar(select(BoardChange).where(BoardChange.board_id == board.id)
                               .order_by(BoardChange.version.desc()))
    assert change.kind == "board.inspirations" and change.version == stored.version
    assert change.payload["cards"][0]["id"] == published.id
    phone = text_of(client.get(f"/b/{board.code}"))
    assert "Pour s’inspirer" in phone and "Atelier de scénarios" in phone
    wall = text_of(client.get(f"/t/{territory.slug}/gestion/ateliers/{board.id}/mur"))
    assert 'class="wall-inspirations"' in wall and "Atelier de scénarios" in wall

    again = client.post(board_picker(territory, board), data={"card": published.id})
    assert again.status_code == 409 and "déjà jointe" in text_of(again)
    citation = db.session.scalar(select(CardCitation))
    removed = client.post(board_picker(territory, board) + f"/{citation.id}/retirer")
    assert removed.status_code == 302
    db.session.expire_all()
    assert db.session.get(Board, board.id).inspirations == []


def test_a_card_that_is_not_published_is_refused_in_french(client, login, facilitator, agent,
                                                           territory, board, draft, proposal,
                                                           db):
    login(client, facilitator)
    refused = client.post(board_picker(territory, board), data={"card": draft.id})
    assert refused.status_code == 400
    assert "seules les fiches publiées peuvent être jointes" in text_of(refused)
    assert client.post(board_picker(territory, board), data={"card": ""}).status_code == 400
    assert client.post(board_picker(territory, board), data={"card": "999999"}).status_code == 400
    login(client, agent)
    refused = client.post(proposal_picker(territory, proposal), data={"card": draft.id})
    assert refused.status_code == 400 and "publiées" in text_of(refused)
    assert db.session.query(CardCitation).count() == 0


def test_only_that_territorys_facilitators_and_agents_attach(
        client, login, make_user, territory, other_agent, citizen, elu, board, workshop,
        proposal, commitment, published, db):
    steering = make_user(roles=("steering",), territory=territory)
    for person in (other_agent, citizen, elu, steering):
        login(client, person)
        for url in (board_picker(territory, board), workshop_picker(territory, workshop),
                    proposal_picker(territory, proposal), commitment_picker(territory, commitment)):
            response = client.post(url, data={"card": published.id})
            assert response.status_code in (403, 404), (person.email, url)
    # A facilitator runs the workshops, not the consultation nor the action plan.
    facilitator = make_user(roles=("facilitator",), territory=territory)
    login(client, facilitator)
    assert client.post(workshop_picker(territory, workshop),
                       data={"card": published.id}).status_code == 302
    assert client.post(commitment_picker(territory, commitment),
                       data={"card": published.id}).status_code == 403
    assert client.post(proposal_picker(territory, proposal),
                       data={"card": published.id}).status_code == 403
    assert db.session.query(CardCitation).count() == 1


def test_another_territorys_items_are_not_found(client, login, other_agent, other_territory,
                                                board, commitment, published, db):
    login(client, other_agent)
    assert client.get(board_picker(other_territory, board)).status_code == 404
    assert client.post(commitment_picker(other_territory, commitment),
                       data={"card": published.id}).status_code == 404
    assert db.session.query(CardCitation).count() == 0


def test_retained_proposal_and_commitment_cite_cards_shown_on_their_pages_and_the_card(
        client, app, login, agent, territory, proposal, commitment, published, make_card, db):
    login(client, agent)
    assert client.post(proposal_picker(territory, proposal),
                       data={"card": published.id}).status_code == 302
    assert client.post(commitment_picker(territory, commitment),
                       data={"card": published.id}).status_code == 302
    page = text_of(client.get(f"/t/{territory.slug}/consultations/{proposal.consultation_id}"
                              f"/propositions/{proposal.id}"))
    assert "Inspirée par ces fiches du référentiel" in page and "Atelier de scénarios" in page
    action = text_of(app.test_client().get(f"/t/{territory.slug}/actions/{commitment.id}"))
    assert "Atelier de scénarios" in action
    card_page = text_of(app.test_client().get(f"/referentiel/outil/{published.slug}"))
    assert "Utilisée par" in card_page
    assert "Des navettes le dimanche" in card_page and "Un budget participatif annuel" in card_page
    assert territory.name in card_page


def test_a_proposal_not_retained_does_not_cite(client, login, agent, territory, proposal,
                                               published, db):
    from thc_participation.consultation.models import ProposalStatus

    proposal.status = ProposalStatus.STUDYING
    db.session.commit()
    login(client, agent)
    refused = client.post(proposal_picker(territory, proposal), data={"card": published.id})
    assert refused.status_code == 400 and "Seule une proposition retenue" in text_of(refused)


def test_workshop_cards_show_on_its_public_page(client, app, login, facilitator, territory,
                                                workshop, published, db):
    login(client, facilitator)
    assert client.post(workshop_picker(territory, workshop),
                       data={"card": published.id}).status_code == 302
    page = text_of(app.test_client().get(f"/evenements/{workshop.id}"))
    assert "Pour s’inspirer" in page and "Atelier de scénarios" in page
    index = text_of(client.get(f"/t/{territory.slug}/gestion/ateliers/"))
    assert "Atelier mobilités" in index and "1 fiche" in index


def test_summit_page_lists_actors_to_invite(app, territory, make_card, db):
    make_card("Collectif des jeunes chercheurs en démocratie", kind="acteur", phases=[3])
    make_card("Réseau des conseils de quartier", kind="acteur", phases=[2])
    make_card("Association mobilité douce", kind="acteur", phases=[3], publish=False)
    db.session.add(Actor(territory_id=territory.id, name="Maison des jeunes du Val",
                         kind=list(ActorKind)[0], description="Accueil des jeunes.",
                         latitude=47.39, longitude=0.69, status=ActorStatus.VALIDATED))
    db.session.commit()
    page = text_of(app.test_client().get(f"/t/{territory.slug}/sommet"))
    assert "Acteurs à inviter au sommet" in page
    assert "Collectif des jeunes chercheurs en démocratie" in page
    assert "Réseau des conseils de quartier" not in page  # another phase
    assert "Association mobilité douce" not in page  # not published
    assert "Maison des jeunes du Val" in page


def test_search_escapes_wildcards_and_keeps_drafts_out(published, draft, make_card):
    make_card("Taux 100% citoyen")
    assert [c.title for c in services.search("100%")] == ["Taux 100% citoyen"]
    assert [c.title for c in services.search("%")] == ["Taux 100% citoyen"]
    assert services.search("_") == []
    assert draft not in services.search("brouillon")
    assert published in services.search("")


@pytest.mark.parametrize("target", list(Target))
def test_at_most_twelve_cards_per_item(target, make_card, agent, territory, board, workshop,
                                       proposal, commitment, db):
    item = {Target.BOARD: board, Target.WORKSHOP: workshop, Target.PROPOSAL: proposal,
            Target.COMMITMENT: commitment}[target]
    cards = [make_card(f"Fiche numéro {i:02d}") for i in range(services.MAX_CARDS + 1)]
    for card in cards[:-1]:
        services.attach(agent, territory, target, item, card.id)
        db.session.commit()
    with pytest.raises(Exception) as refused:
        services.attach(agent, territory, target, item, cards[-1].id)
    assert "Au plus 12 fiches" in str(refused.value.message)
    db.session.rollback()


def test_the_demo_cites_cards_on_workshops_the_board_and_commitments(app, db):
    from thc_participation.demo import load_demo
    from thc_participation.events.boards.demo import DEMO_CODE

    load_demo()
    db.session.commit()
    board = db.session.scalar(select(Board).where(Board.code == DEMO_CODE))
    assert [c["title"] for c in board.inspirations] == ["Marche exploratoire",
                                                        "Atelier de scénarios"]
    targets = [c.target for c in db.session.scalars(select(CardCitation))]
    for target in Target:
        assert targets.count(target) >= 1, target
    assert targets.count(Target.WORKSHOP) == 4 and targets.count(Target.COMMITMENT) == 3
    page = text_of(app.test_client().get(f"/b/{DEMO_CODE}"))
    assert "Pour s’inspirer" in page and "Marche exploratoire" in page


def test_board_attachments_are_rate_limited_at_the_page_not_in_the_services(
        client, login, facilitator, territory, board, published, db):
    """Each attachment is a live change pushed to every phone: 20 a minute per board through
    the pages; the services (the demo, scripts) are not limited."""
    from thc_participation import ratelimits

    ratelimits.reset()
    login(client, facilitator)
    for _round in range(10):  # 20 changes: attach, then remove
        assert client.post(board_picker(territory, board),
                           data={"card": published.id}).status_code == 302
        citation = db.session.scalar(select(CardCitation))
        assert client.post(board_picker(territory, board)
                           + f"/{citation.id}/retirer").status_code == 302
    refused = client.post(board_picker(territory, board), data={"card": published.id})
    assert refused.status_code == 429 and "Doucement" in text_of(refused)
    services.attach(facilitator, territory, Target.BOARD, board, published.id)  # not limited
    db.session.commit()
    assert len(db.session.get(Board, board.id).inspirations) == 1
