"""Contribution and curation: a collectif member drafts and proposes, Démocratie Ouverte asks
for changes, publishes, archives and publishes again; each transition is refused to anyone
else, with the author told by e-mail after the commit."""

import pytest

from thc_participation.errors import Conflict, Forbidden
from thc_participation.models import AuditEntry
from thc_participation.referentiel.models import Card, CardStatus, CardVersion
from thc_participation.referentiel.services import curation

from ..support.pages import text_of
from .conftest import card_data

FORM = {
    "kind": "outil", "title": "Conférence de citoyens sur les mobilités",
    "summary": "Vingt habitants tirés au sort rendent un avis sur les mobilités.",
    "body": "## Déroulé\n\n1. Tirage au sort\n2. Formation\n3. Avis",
    "cycle_steps": ["elaboration", "decision"], "phases": ["3"],
    "participation_level": "concertation", "scale": "intercommunalite", "effort": "eleve",
    "duration": "quatre mois", "audience": "Habitants tirés au sort",
    "links": "Guide | https://exemple.fr/guide", "licence": "", "sources": "Réseau",
}


@pytest.fixture
def friend(make_user):
    return make_user(email="amie@collectif.fr", name="Collectif Ami", is_collective_member=True)


def _fresh(db, card):
    """The card as the last request committed it."""
    db.session.expire_all()
    return db.session.get(Card, card.id)


def _draft(client, **fields):
    response = client.post("/referentiel/contribuer/nouvelle", data={**FORM, **fields})
    assert response.status_code == 302, text_of(response)
    return Card.query.filter_by(title=fields.get("title", FORM["title"])).one()


def test_a_collective_member_drafts_proposes_changes_and_gets_published(
        client, friend, admin, login, smtp, db):
    login(client, friend)
    page = text_of(client.get("/referentiel/contribuer"))
    assert "Nouvelle fiche : Outil & méthode" in page
    card = _draft(client)
    assert card.status == CardStatus.DRAFT and card.author_id == friend.id
    assert [s.value for s in card.cycle_steps] == ["elaboration", "decision"]
    assert card.links == [{"label": "Guide", "url": "https://exemple.fr/guide"}]
    edit = f"/referentiel/contribuer/{card.id}"
    assert "Proposer la fiche" in text_of(client.get(edit))
    assert client.post(edit + "/proposer").status_code == 302
    assert _fresh(db, card).status == CardStatus.PROPOSED

    login(client, admin)
    queue = text_of(client.get("/admin/referentiel"))
    assert "1 fiche proposée" in queue and FORM["title"] in queue
    assert client.post(f"/admin/referentiel/{card.id}/modifications",
                       data={"comment": ""}).status_code == 400  # a comment is required
    assert client.post(f"/admin/referentiel/{card.id}/modifications",
                       data={"comment": "Précisez le coût pour une commune."}).status_code == 302
    card = _fresh(db, card)
    assert card.status == CardStatus.CHANGES_REQUESTED
    [mail] = smtp.messages
    assert mail["To"] == "amie@collectif.fr" and "modifications demandées" in mail["Subject"]
    assert "Précisez le coût pour une commune." in mail.get_content()
    assert f"http://thc.test/referentiel/contribuer/{card.id}" in mail.get_content()

    login(client, friend)
    assert "Précisez le coût pour une commune." in text_of(client.get("/referentiel/contribuer"))
    assert "Modifications demandées par Démocratie Ouverte" in text_of(client.get(edit))
    assert client.post(edit, data={**FORM, "duration": "quatre mois, 40 000 €"}
                       ).status_code == 302
    assert client.post(edit + "/proposer").status_code == 302

    login(client, admin)
    assert client.post(f"/admin/referentiel/{card.id}/publier",
                       data={"note": "Relue"}).status_code == 302
    card = _fresh(db, card)
    assert card.status == CardStatus.PUBLISHED and card.review_note is None
    [version] = card.versions
    assert version.number == 1 and version.snapshot["duration"] == "quatre mois, 40 000 €"
    assert len(smtp.messages) == 2 and "est publiée" in smtp.messages[1]["Subject"]
    assert f"/referentiel/outil/{card.slug}" in smtp.messages[1].get_content()
    actions = set(db.session.scalars(db.select(AuditEntry.action).where(
        AuditEntry.action.like("referentiel.card.%"))))
    assert {"referentiel.card.propose", "referentiel.card.request_changes",
            "referentiel.card.publish"} <= actions


def test_only_the_author_and_curators_see_or_change_a_draft(client, friend, make_user, citizen,
                                                            admin, login, db):
    login(client, friend)
    card = _draft(client)
    edit = f"/referentiel/contribuer/{card.id}"
    other = make_user(email="autre@collectif.fr", is_collective_member=True)
    for person, status in ((citizen, 404), (other, 404)):
        login(client, person)
        assert client.get(edit).status_code == status
        assert client.post(edit, data=FORM).status_code == status
        assert client.post(edit + "/proposer").status_code == status
    login(client, citizen)
    assert client.get("/referentiel/contribuer").status_code == 403
    assert client.post("/referentiel/contribuer/nouvelle", data=FORM).status_code == 403
    for person in (citizen, friend, other):  # nobody but a curator reviews
        login(client, person)
        assert client.get("/admin/referentiel").status_code == 403
        assert client.get(f"/admin/referentiel/{card.id}").status_code == 403
        for action in ("modifications", "publier", "archiver", "republier"):
            assert client.post(f"/admin/referentiel/{card.id}/{action}",
                               data={"comment": "x"}).status_code == 403
    client.get("/")  # signed out below
    with client.session_transaction() as session:
        session.clear()
    assert client.get("/referentiel/contribuer").status_code in (302, 401)
    assert _fresh(db, card).status == CardStatus.DRAFT
    assert client.get("/admin/referentiel/999999").status_code in (302, 401)
    login(client, admin)
    assert client.get("/admin/referentiel/999999").status_code == 404


def test_transitions_follow_the_states(db, admin, friend, make_card):
    card = make_card("Forum ouvert", author=friend, publish=False)
    with pytest.raises(Conflict):
        curation.request_changes(card, admin, "Trop tôt")  # a draft is not proposed yet
    with pytest.raises(Conflict):
        curation.archive(card, admin)
    with pytest.raises(Forbidden):
        curation.publish(card, friend)
    curation.propose(card, friend)
    with pytest.raises(Conflict):
        curation.propose(card, friend)
    curation.publish(card, admin)
    with pytest.raises(Forbidden):  # a published card changes through the curators
        curation.propose(card, friend)
    with pytest.raises(Conflict):
        curation.republish(card, admin)
    curation.archive(card, admin)
    assert card.status == CardStatus.ARCHIVED and card.archived_at is not None
    with pytest.raises(Conflict):
        curation.publish(card, admin)
    version = curation.republish(card, admin)
    assert card.status == CardStatus.PUBLISHED and version.number == 2
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(CardVersion.id))
                             .where(CardVersion.card_id == card.id)) == 2


def test_archive_and_republish_from_the_review_page(client, admin, friend, make_card, login,
                                                    citizen, db):
    card = make_card("World café", author=friend)
    login(client, admin)
    page = text_of(client.get(f"/admin/referentiel/{card.id}"))
    assert "Archiver la fiche" in page and "Version 1" in page
    assert client.post(f"/admin/referentiel/{card.id}/archiver").status_code == 302
    assert _fresh(db, card).status == CardStatus.ARCHIVED
    assert "World café" in text_of(client.get("/admin/referentiel"))
    login(client, citizen)  # an archived card is hidden from the public, history included
    assert client.get(f"/referentiel/outil/{card.slug}/historique").status_code == 404
    login(client, admin)
    assert client.post(f"/admin/referentiel/{card.id}/republier").status_code == 302
    assert _fresh(db, card).status == CardStatus.PUBLISHED
    assert client.post(f"/admin/referentiel/{card.id}/republier").status_code == 409


def test_a_curator_edits_a_published_card_and_publishes_it_again(client, admin, friend,
                                                                 make_card, login, smtp, db):
    card = make_card("Débat mouvant", author=friend)
    edit = f"/referentiel/contribuer/{card.id}"
    login(client, friend)
    assert client.post(edit, data={**FORM, "title": "Débat mouvant"}).status_code == 403
    login(client, admin)
    data = {**card_data("Débat mouvant"), "cycle_steps": ["emergence"], "phases": ["2"],
            "links": "", "body": "Nouveau texte"}
    assert client.post(edit, data=data).status_code == 302
    assert client.post(f"/admin/referentiel/{card.id}/publier").status_code == 302
    assert [v.number for v in _fresh(db, card).versions] == [1, 2]
    assert "nouvelle version publiée" in smtp.messages[-1]["Subject"]


def test_the_publication_mail_is_not_sent_when_the_request_fails(db, admin, friend,
                                                                 make_card, smtp):
    card = make_card("Photolangage", author=friend, publish=False)
    curation.propose(card, friend)
    db.session.commit()
    curation.publish(card, admin)
    db.session.rollback()
    assert smtp.messages == []
    assert _fresh(db, card).status == CardStatus.PROPOSED
