"""Vote secrecy in the action log, and edit forms that show nothing to others."""

from thc_participation.consultation.models import ConsultationState
from thc_participation.consultation.services import comments, consultations, moderation, proposals
from thc_participation.models import AuditEntry

from ..support.pages import text_of
from .conftest import base_url

OPINIONS = ("comment.vote", "proposal.support", "proposal.unsupport", "comment.report")


def _second_consultation(agent, territory, db):
    consultation = consultations.create_consultation(agent, territory, "Budget participatif",
                                                     "Que financer ?")
    consultations.set_state(agent, consultation, ConsultationState.OPEN)
    db.session.commit()
    return consultation


def test_the_action_log_never_shows_who_voted_what(client_for, open_consultation, phase, agent,
                                                    citizen, make_user, territory, db):
    voter = make_user(name="Gaëlle Votante", email="gaelle.votante@exemple.fr")
    other_voter = make_user(name="Omar Soutien")
    comment = comments.post_comment(citizen, phase, "Plus de pistes cyclables")
    proposal = proposals.create_proposal(citizen, phase, "Un vélobus", "Le matin, pour l'école.")
    db.session.commit()
    base = base_url(open_consultation)
    as_voter = client_for(voter)
    assert as_voter.post(f"{base}/commentaires/{comment.id}/vote",
                         data={"value": "-1"}).status_code == 302
    assert as_voter.post(f"{base}/propositions/{proposal.id}/soutien",
                         data={"value": "1"}).status_code == 302
    assert as_voter.post(f"{base}/commentaires/{comment.id}/signaler",
                         data={"reason": "spam"}).status_code == 302
    assert client_for(other_voter).post(f"{base}/commentaires/{comment.id}/vote",
                                        data={"value": "1"}).status_code == 302
    elsewhere = _second_consultation(agent, territory, db)
    there = comments.post_comment(citizen, elsewhere.phases[0], "Rénover l'école")
    comments.vote(voter, there, 1)
    db.session.commit()

    page = text_of(client_for(agent).get(f"/t/{territory.slug}/gestion/journal"))
    # In French since issue #19 (it showed "comment.vote", "proposal.support", "comment.report").
    assert "a voté sur un commentaire" in page and "a soutenu une proposition" in page
    assert "a signalé un commentaire" in page
    for identity in ("Gaëlle Votante", "gaelle.votante", "Omar Soutien"):
        assert identity not in page
    assert "value=-1" not in page and "value=1" not in page and "Participant·e" in page

    entries = db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.action.in_(OPINIONS)).order_by(AuditEntry.id)).all()
    assert len(entries) == 5
    assert {e.actor_id for e in entries} == {None}
    assert all(set(e.details) <= {"pseudonym", "reason"} for e in entries)
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id)).where(
        AuditEntry.actor_id.in_([voter.id, other_voter.id]))) == 0
    vote, support, report, other_vote, vote_elsewhere = (e.details["pseudonym"] for e in entries)
    # One trace per person in one consultation; another consultation gives another trace.
    assert vote == support == report
    assert other_vote != vote and vote_elsewhere != vote
    assert str(voter.id) not in vote


def test_a_comment_edit_form_opens_only_for_its_author(client_for, open_consultation, phase,
                                                      agent, admin, citizen, neighbour, db):
    comment = comments.post_comment(citizen, phase, "Texte que seule l'autrice relit")
    db.session.commit()
    url = f"{base_url(open_consultation)}/commentaires/{comment.id}/modifier"
    assert "Texte que seule l'autrice relit" in text_of(client_for(citizen).get(url))
    for other in (neighbour, agent, admin):
        response = client_for(other).get(url)
        assert response.status_code == 404
        assert "seule l'autrice" not in text_of(response)
    assert client_for().get(url).status_code == 302  # to the sign-in page

    moderation.moderate(agent, open_consultation.territory, comment, "hide", "Hors charte")
    db.session.commit()
    for anyone in (citizen, neighbour, agent, admin):
        response = client_for(anyone).get(url)
        assert response.status_code == 404
        assert "seule l'autrice" not in text_of(response)
    refused = client_for(neighbour).post(url, data={"body": "Piraté", "stance": "for"})
    assert refused.status_code == 404
    db.session.refresh(comment)
    assert comment.body == "Texte que seule l'autrice relit"
