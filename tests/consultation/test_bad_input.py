"""The remaining bad-input cases: drafts, CSRF, rate limits, JSON errors, services for boards."""

import pytest

from tests.support.pages import text_of
from thc_participation.consultation.models import Comment, Proposal
from thc_participation.consultation.services import comments, consultations, proposals
from thc_participation.errors import Forbidden, Invalid

from .conftest import phase_url


def _count(db, model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_draft_cannot_be_commented(client_for, territory, agent, citizen, db):
    draft = consultations.create_consultation(agent, territory, "Brouillon")
    db.session.commit()
    data = {"body": "Trop tôt", "section": "situation", "stance": "neutral"}
    assert client_for(citizen).post(phase_url(draft), data=data).status_code == 404
    response = client_for(agent).post(phase_url(draft), data=data)
    assert response.status_code == 403
    assert "pas ouverte" in text_of(response)
    assert _count(db, Comment) == 0


def test_csrf_is_required(make_app, open_consultation, citizen, login, db):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    login(client, citizen)
    response = client.post(phase_url(open_consultation), data={
        "body": "Sans jeton", "section": "situation", "stance": "neutral"})
    assert response.status_code == 400
    assert "Le formulaire a expiré" in text_of(response)
    assert _count(db, Comment) == 0


def test_comment_posting_is_rate_limited(make_app, open_consultation, citizen, login, db):
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    login(client, citizen)
    statuses = [client.post(phase_url(open_consultation), data={
        "body": f"Message {i}", "section": "situation", "stance": "neutral"}).status_code
        for i in range(32)]
    assert statuses.count(302) == 30
    assert statuses[-1] == 429
    assert _count(db, Comment) == 30


def test_json_clients_get_json_errors(client_for, open_consultation, phase, citizen, db):
    comment = comments.post_comment(citizen, phase, "Mon propre commentaire")
    db.session.commit()
    url = f"/t/{open_consultation.territory.slug}/consultations/{open_consultation.id}/commentaires/{comment.id}/vote"
    response = client_for().post(url, data={"value": "1"}, headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.get_json() == {"error": "login_required",
                                   "message": "Connectez-vous pour continuer."}
    response = client_for(citizen).post(url, data={"value": "x"},
                                        headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json() == {"error": "bad_vote", "field": "value",
                                   "message": "Ce vote n'est pas valide."}


def test_services_for_workshop_boards(open_consultation, phase, agent, facilitator, db,
                                      citizen):
    proposal = proposals.create_proposal(facilitator, phase, "Idée de l'atelier 3",
                                        "Notée sur le tableau", source_url="/t/x/ateliers/3")
    assert proposal.source_url == "/t/x/ateliers/3"
    consultations.append_summit_assessment(facilitator, phase, "Synthèse de l'atelier 3",
                                      source_url="https://exemple.fr/atelier/3")
    db.session.refresh(phase)
    assert phase.assessment.startswith("Bilan de Information")
    assert "Synthèse de l'atelier 3" in phase.assessment
    assert "<https://exemple.fr/atelier/3>" in phase.assessment
    with pytest.raises(Forbidden):
        consultations.append_summit_assessment(citizen, phase, "Je réécris le bilan")
    with pytest.raises(Invalid):
        consultations.append_summit_assessment(agent, phase, "x", source_url="javascript:alert(1)")
    with pytest.raises(Invalid):
        consultations.append_summit_assessment(agent, phase, "   ")
    assert _count(db, Proposal) == 1
