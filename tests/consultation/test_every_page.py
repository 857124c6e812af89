"""Every page renders (agent, citizen, anonymous), and phases with contributions stay."""

from thc_participation.consultation.services import comments, mailing, proposals

from .conftest import base_url


def test_every_page_renders(client_for, open_consultation, phase, agent, citizen, neighbour, db):
    comment = comments.post_comment(citizen, phase, "Un commentaire")
    reply = comments.post_comment(neighbour, phase, "Une réponse", parent=comment)
    proposal = proposals.create_proposal(citizen, phase, "Une idée", "Sa description")
    mailing.publish_action_plan(agent, open_consultation, "Le plan")
    db.session.commit()
    slug, cid = open_consultation.territory.slug, open_consultation.id
    base = base_url(open_consultation)
    manage = f"/t/{slug}/gestion/consultations"
    public = [
        f"/t/{slug}/consultations/", f"{base}/", f"{base}/phases/{phase.id}",
        f"{base}/phases/{phase.id}?partie=results&tri=debated&page=3",
        f"{base}/commentaires/{comment.id}", f"{base}/commentaires/{reply.id}",
        f"{base}/phases/{phase.id}/propositions", f"{base}/phases/{phase.id}/propositions?tri=recent",
        f"{base}/propositions/{proposal.id}", f"{base}/bilan", f"{base}/plan-d-action",
    ]
    signed_in = [
        f"{base}/commentaires/{comment.id}/repondre", f"{base}/commentaires/{comment.id}/modifier",
        f"{base}/commentaires/{comment.id}/signaler", f"{base}/propositions/{proposal.id}/signaler",
        f"{base}/phases/{phase.id}/propositions/nouvelle",
    ]
    management = [
        f"{manage}/", f"{manage}/{cid}/", f"{manage}/{cid}/phases/{phase.id}",
        f"{manage}/moderation", f"{manage}/blocages", f"{manage}/lieux-d-aide",
    ]
    for url in public:
        assert client_for().get(url).status_code == 200, url
        assert client_for(agent).get(url).status_code == 200, url
    for url in signed_in:
        assert client_for(citizen).get(url).status_code == 200, url
        assert client_for().get(url).status_code == 302, url  # to the sign-in page
    for url in management:
        assert client_for(agent).get(url).status_code == 200, url
        assert client_for(citizen).get(url).status_code == 403, url
    edit = client_for(citizen).get(f"{base}/commentaires/{comment.id}/modifier")
    assert "Un commentaire" in edit.get_data(as_text=True)


def test_phase_with_contributions_cannot_be_deleted(client_for, open_consultation, phase, agent,
                                                    citizen, db):
    comments.post_comment(citizen, phase, "J'étais là")
    db.session.commit()
    manage = f"/t/{open_consultation.territory.slug}/gestion/consultations/{open_consultation.id}"
    response = client_for(agent).post(f"{manage}/phases/{phase.id}/supprimer")
    assert response.status_code == 409
    empty = open_consultation.phases[-1]
    assert client_for(agent).post(f"{manage}/phases/{empty.id}/supprimer").status_code == 200
    assert client_for(agent).post(f"{manage}/phases/{empty.id}/supprimer",
                                  data={"confirmed": "1"}).status_code == 302
    assert client_for(agent).post(f"{manage}/phases/ajouter", data={"name": "Bilan final"}).status_code == 302
    assert client_for(agent).post(f"{manage}/phases/ajouter", data={"name": ""}).status_code == 400
