"""Citizen proposals, supports, statuses, reports, moderation, blocks, help places, on-behalf."""

from tests.support.pages import text_of
from thc_participation.audit import AuditEntry
from thc_participation.consultation.models import (
    Comment,
    Moderation,
    Proposal,
    ProposalStatus,
    Report,
    Support,
)
from thc_participation.consultation.services import (
    comments,
    consultations,
    moderation,
    places,
    proposals,
    queries,
)

from .conftest import base_url, phase_url


def _count(db, model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_citizen_proposes_others_support_agent_gives_status(client_for, open_consultation, phase,
                                                            citizen, neighbour, agent, db):
    base = base_url(open_consultation)
    response = client_for(citizen).post(
        f"{base}/phases/{phase.id}/propositions/nouvelle",
        data={"title": "Navette le samedi", "description": "Une navette vers le marché."})
    assert response.status_code == 302
    proposal = db.session.scalar(db.select(Proposal))
    client = client_for(neighbour)
    url = f"{base}/propositions/{proposal.id}/soutien"
    assert client.post(url, data={"value": "1"}).status_code == 302
    assert client.post(url, data={"value": "1"}).status_code == 409
    assert _count(db, Support) == 1
    assert client.post(f"{base}/propositions/{proposal.id}",
                       data={"body": "Bonne idée", "stance": "for"}).status_code == 302
    status_url = f"/t/{open_consultation.territory.slug}/gestion/consultations/{open_consultation.id}/propositions/{proposal.id}/statut"
    assert client.post(status_url, data={"status": "retained", "reason": "x"}).status_code == 403
    assert client_for(agent).post(status_url, data={"status": "retained", "reason": ""}).status_code == 400
    assert client_for(agent).post(status_url, data={
        "status": "retained", "reason": "Inscrite au plan d'action 2027."}).status_code == 302
    page = text_of(client_for().get(f"{base}/propositions/{proposal.id}"))
    assert "Retenue dans le plan d'action" in page
    assert "Inscrite au plan d'action 2027." in page
    assert "Bonne idée" in page
    db.session.refresh(proposal)
    assert (proposal.support_count, proposal.comment_count) == (1, 1)
    assert client.post(url, data={"value": "0"}).status_code == 302
    db.session.refresh(proposal)
    assert proposal.support_count == 0 and proposal.status == ProposalStatus.RETAINED


def test_bad_proposals(client_for, open_consultation, phase, citizen, db):
    url = f"{base_url(open_consultation)}/phases/{phase.id}/propositions/nouvelle"
    client = client_for(citizen)
    empty = client.post(url, data={"title": "", "description": "Texte gardé"})
    assert empty.status_code == 400
    assert "Le titre est vide." in text_of(empty) and "Texte gardé" in text_of(empty)
    long = client.post(url, data={"title": "t" * 161, "description": "d"})
    assert long.status_code == 400
    assert _count(db, Proposal) == 0


def test_reports_hide_provisionally_then_agent_decides(client_for, open_consultation, phase,
                                                       citizen, make_user, agent, db, smtp):
    comment = comments.post_comment(citizen, phase, "Propos limite")
    db.session.commit()
    reporters = [make_user() for _ in range(3)]
    url = f"{base_url(open_consultation)}/commentaires/{comment.id}/signaler"
    assert client_for(reporters[0]).post(url, data={"reason": "insult", "text": "injure"}).status_code == 302
    again = client_for(reporters[0]).post(url, data={"reason": "insult"})
    assert again.status_code == 409
    assert client_for(reporters[1]).post(url, data={"reason": "bidon"}).status_code == 400
    assert client_for(reporters[1]).post(url, data={"reason": "spam"}).status_code == 302
    db.session.refresh(comment)
    assert comment.moderation == Moderation.VISIBLE
    assert client_for(reporters[2]).post(url, data={"reason": "other"}).status_code == 302
    db.session.refresh(comment)
    assert comment.moderation == Moderation.PROVISIONAL
    page = text_of(client_for().get(phase_url(open_consultation)))
    assert "Propos limite" not in page and "Masqué provisoirement" in page
    smtp.wait_for(1)
    assert smtp.messages[-1]["To"] == citizen.email
    # agent queue, hide with a public reason
    manage = f"/t/{open_consultation.territory.slug}/gestion/consultations/moderation"
    queue = text_of(client_for(agent).get(manage))
    assert "Propos limite" in queue and "injure" in queue
    assert client_for(citizen).get(manage).status_code == 403
    # The pending count on the Gestion page (and beside the link to it).
    landing = text_of(client_for(agent).get(f"/t/{open_consultation.territory.slug}/gestion/"))
    assert "1 contribution signalée attend une décision de modération" in landing
    assert '<span class="visually-hidden"> contribution à modérer</span>' in landing
    # Hiding without a reason: the queue again, the reason next to the field (no dead end).
    no_reason = client_for(agent).post(f"{manage}/commentaires/{comment.id}",
                                       data={"action": "hide", "reason": "  "})
    assert no_reason.status_code == 400 and "File de modération" in text_of(no_reason)
    assert "Écrivez la raison publique" in text_of(no_reason)
    assert 'aria-invalid="true"' in text_of(no_reason)
    # Hiding is asked first (the page without JavaScript carries the reason on).
    asked = client_for(agent).post(f"{manage}/commentaires/{comment.id}",
                                   data={"action": "hide", "reason": "Propos injurieux"})
    assert asked.status_code == 200 and "Masquer cette contribution ?" in text_of(asked)
    assert 'name="reason" value="Propos injurieux"' in text_of(asked)
    db.session.refresh(comment)
    assert comment.moderation == Moderation.PROVISIONAL
    hide = client_for(agent).post(f"{manage}/commentaires/{comment.id}",
                                  data={"action": "hide", "reason": "Propos injurieux",
                                        "confirmed": "1"})
    assert hide.status_code == 302
    landing = text_of(client_for(agent).get(f"/t/{open_consultation.territory.slug}/gestion/"))
    assert "décision de modération" not in landing
    page = text_of(client_for().get(phase_url(open_consultation)))
    assert "Masqué par la modération : Propos injurieux" in page
    smtp.wait_for(2)
    assert "Propos injurieux" in smtp.messages[-1].get_body(("plain",)).get_content()
    assert db.session.scalar(db.select(db.func.count()).select_from(Report).where(
        Report.resolved_at.is_(None))) == 0
    # restore
    client_for(agent).post(f"{manage}/commentaires/{comment.id}", data={"action": "restore"})
    assert "Propos limite" in text_of(client_for().get(phase_url(open_consultation)))
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"comment.report", "comment.hide", "comment.restore"} <= actions


def test_hidden_items_cannot_be_voted_or_answered(client_for, open_consultation, phase, citizen,
                                                  neighbour, agent, db):
    comment = comments.post_comment(citizen, phase, "À masquer")
    moderation.moderate(agent, open_consultation.territory, comment, "hide", "Hors charte")
    db.session.commit()
    base = base_url(open_consultation)
    client = client_for(neighbour)
    assert client.post(f"{base}/commentaires/{comment.id}/vote", data={"value": "1"}).status_code == 409
    reply = client.post(f"{base}/commentaires/{comment.id}/repondre",
                        data={"body": "Réponse", "stance": "for"})
    assert reply.status_code == 409
    assert "masquée" in text_of(reply)
    hide_without_reason = client_for(agent).post(
        f"/t/{open_consultation.territory.slug}/gestion/consultations/moderation/commentaires/{comment.id}",
        data={"action": "hide", "reason": ""})
    assert hide_without_reason.status_code == 400


def test_blocked_user_cannot_contribute_in_that_territory(client_for, open_consultation, phase,
                                                          citizen, agent, db):
    manage = f"/t/{open_consultation.territory.slug}/gestion/consultations/blocages"
    assert client_for(agent).post(manage, data={"email": citizen.email,
                                                "reason": "Insultes répétées"}).status_code == 302
    assert client_for(agent).post(manage, data={"email": citizen.email,
                                                "reason": "Encore"}).status_code == 409
    assert client_for(agent).post(manage, data={"email": "inconnu@exemple.fr",
                                                "reason": "x"}).status_code == 404
    response = client_for(citizen).post(phase_url(open_consultation),
                                        data={"body": "Je reviens", "section": "situation",
                                              "stance": "neutral"})
    assert response.status_code == 403
    assert "ne peut plus contribuer" in text_of(response)
    assert _count(db, Comment) == 0
    assert "consultation.block_user" in set(db.session.scalars(db.select(AuditEntry.action)))


def test_help_places_listed_and_on_behalf_contribution(client_for, open_consultation, phase,
                                                       agent, citizen, db):
    slug = open_consultation.territory.slug
    places = f"/t/{slug}/gestion/consultations/lieux-d-aide"
    assert client_for(agent).post(places, data={
        "name": "Médiathèque Louise-Michel", "address": "2 place de la Mairie",
        "hours": "Mardi et samedi 10 h – 18 h", "help_kind": "Accompagnement numérique",
        "latitude": "47,39", "longitude": "0,68"}).status_code == 302
    bad = client_for(agent).post(places, data={"name": "X", "address": "Y", "latitude": "123"})
    assert bad.status_code == 400 and "hors des limites" in text_of(bad)
    # the service's error lands next to its field, the input kept
    assert 'id="latitude-erreur"' in bad.get_data(as_text=True)
    assert 'value="123"' in bad.get_data(as_text=True)
    assert client_for(citizen).post(places, data={"name": "X", "address": "Y"}).status_code == 403
    place = queries.help_places(open_consultation.territory)[0]
    page = client_for().get(base_url(open_consultation) + "/").get_data(as_text=True)
    assert "Médiathèque Louise-Michel" in page and 'data-lat="47.39"' in page
    response = client_for(agent).post(phase_url(open_consultation), data={
        "body": "Le bus 12 ne passe plus le dimanche.", "section": "situation",
        "stance": "against", "on_behalf_name": "Mme R.", "help_place_id": str(place.id)})
    assert response.status_code == 302
    comment = db.session.scalar(db.select(Comment))
    assert comment.on_behalf_name == "Mme R." and comment.entered_by_id == agent.id
    page = text_of(client_for().get(phase_url(open_consultation)))
    assert "Mme R. (contribution recueillie par Karim Benali — Médiathèque Louise-Michel)" in page
    assert "comment.create_on_behalf" in set(db.session.scalars(db.select(AuditEntry.action)))


def test_reported_proposal_is_hidden_and_restored(client_for, open_consultation, phase, citizen,
                                                  make_user, agent, db):
    open_consultation.report_threshold = 1
    db.session.commit()
    proposal = proposals.create_proposal(citizen, phase, "Idée publicitaire", "Achetez chez moi")
    db.session.commit()
    base = base_url(open_consultation)
    reporter = make_user()
    assert client_for(reporter).post(f"{base}/propositions/{proposal.id}/signaler",
                                     data={"reason": "spam"}).status_code == 302
    page = text_of(client_for().get(f"{base}/propositions/{proposal.id}"))
    assert "Achetez chez moi" not in page and "Masqué provisoirement" in page
    support = client_for(reporter).post(f"{base}/propositions/{proposal.id}/soutien",
                                        data={"value": "1"})
    assert support.status_code == 409
    manage = f"/t/{open_consultation.territory.slug}/gestion/consultations/moderation"
    assert "Idée publicitaire" in text_of(client_for(agent).get(manage))
    assert client_for(agent).post(f"{manage}/propositions/{proposal.id}",
                                  data={"action": "hide", "reason": "Publicité",
                                        "confirmed": "1"}).status_code == 302
    page = text_of(client_for().get(f"{base}/propositions/{proposal.id}"))
    assert "Masqué par la modération : Publicité" in page
    assert client_for(agent).post(f"{manage}/propositions/{proposal.id}",
                                  data={"action": "restore"}).status_code == 302
    assert "Achetez chez moi" in text_of(client_for().get(f"{base}/propositions/{proposal.id}"))
    assert client_for(agent).post(f"{manage}/propositions/999999",
                                  data={"action": "restore"}).status_code == 404


def test_management_ids_of_another_territory_are_not_found(client_for, open_consultation, phase,
                                                           agent, citizen, other_territory,
                                                           other_agent, db):
    other = consultations.create_consultation(other_agent, other_territory, "Ailleurs")
    consultations.set_state(other_agent, other, "open")
    foreign_comment = comments.post_comment(citizen, other.phases[0], "Là-bas")
    foreign_proposal = proposals.create_proposal(citizen, other.phases[0], "Là-bas", "Idée")
    foreign_place = places.save_help_place(other_agent, other_territory, "EPN d'Autreville",
                                             "1 rue Haute")
    moderation.block_user(other_agent, other_territory, citizen, "Ailleurs seulement")
    foreign_block = queries.blocks(other_territory)[0]
    db.session.commit()
    manage = f"/t/{open_consultation.territory.slug}/gestion/consultations"
    client = client_for(agent)
    assert client.post(f"{manage}/moderation/commentaires/{foreign_comment.id}",
                       data={"action": "hide", "reason": "x"}).status_code == 404
    assert client.post(f"{manage}/moderation/propositions/{foreign_proposal.id}",
                       data={"action": "hide", "reason": "x"}).status_code == 404
    assert client.post(f"{manage}/{open_consultation.id}/propositions/{foreign_proposal.id}/statut",
                       data={"status": "retained", "reason": "x"}).status_code == 404
    assert client.post(f"{manage}/{other.id}/etat", data={"state": "closed"}).status_code == 404
    assert client.get(f"{manage}/lieux-d-aide/{foreign_place.id}").status_code == 404
    assert client.post(f"{manage}/lieux-d-aide/{foreign_place.id}/supprimer").status_code == 404
    assert client.post(f"{manage}/blocages/{foreign_block.id}/lever").status_code == 404
    on_behalf = client.post(phase_url(open_consultation), data={
        "body": "Pour quelqu'un", "section": "situation", "stance": "neutral",
        "on_behalf_name": "M. T.", "help_place_id": str(foreign_place.id)})
    assert on_behalf.status_code == 400
    assert "Ce lieu d'aide n'existe pas dans ce territoire." in text_of(on_behalf)
    # the block of the other territory does not apply here
    assert client_for(citizen).post(phase_url(open_consultation), data={
        "body": "Ici je peux", "section": "situation", "stance": "neutral"}).status_code == 302
    db.session.refresh(foreign_comment)
    assert foreign_comment.moderation == Moderation.VISIBLE
