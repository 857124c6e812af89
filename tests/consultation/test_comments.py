"""Comments, replies, edits, deletion and votes, through HTTP."""

from datetime import timedelta

import pytest

from tests.support.pages import text_of
from thc_participation.consultation.models import Comment, ConsultationState, Proposal, Vote
from thc_participation.consultation.services import comments, consultations, proposals, queries

from .conftest import base_url, live_session, phase_url


def _post(client, consultation, **data):
    return client.post(phase_url(consultation), data={"section": "situation", "stance": "neutral",
                                                      **data})


def test_citizen_comments_with_stance_and_section(client_for, open_consultation, citizen, db):
    client = client_for(citizen)
    response = _post(client, open_consultation, body="Il manque des pistes cyclables.",
                     stance="against", section="results")
    assert response.status_code == 302
    comment = db.session.scalar(db.select(Comment))
    assert (comment.stance.value, comment.section.value) == ("against", "results")
    page = text_of(client_for().get(phase_url(open_consultation)))
    assert "Il manque des pistes cyclables." in page
    assert "Contre" in page


def test_anonymous_cannot_comment(client_for, open_consultation, db):
    response = _post(client_for(), open_consultation, body="Anonyme")
    assert response.status_code == 403
    assert "Connectez-vous" in text_of(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 0


@pytest.mark.parametrize("body, message", [
    ("", "Le commentaire est vide."),
    ("   \n ", "Le commentaire est vide."),
    ("x" * 4001, "Le commentaire dépasse 4000 caractères."),
])
def test_empty_or_oversized_comment_keeps_input(client_for, open_consultation, citizen, db, body,
                                                message):
    response = _post(client_for(citizen), open_consultation, body=body)
    assert response.status_code == 400
    assert message in text_of(response)
    if body.strip():
        assert body in text_of(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 0


def test_html_and_script_are_shown_as_text_and_links_made_safe(client_for, open_consultation,
                                                               citizen):
    payload = ('<script>alert("x")</script><img src=x onerror=alert(1)> voir '
               'https://exemple.fr/plan?a=1 et javascript:alert(2)')
    _post(client_for(citizen), open_consultation, body=payload)
    page = client_for().get(phase_url(open_consultation)).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page
    assert ('<a href="https://exemple.fr/plan?a=1" rel="nofollow ugc noopener noreferrer">'
            in page)
    assert 'href="javascript' not in page


def test_forged_fields_are_refused(client_for, open_consultation, citizen, db):
    client = client_for(citizen)
    assert _post(client, open_consultation, body="x", stance="enthousiaste").status_code == 400
    assert _post(client, open_consultation, body="x", section="proposal").status_code == 400
    assert _post(client, open_consultation, body="x", parent_id="999999").status_code == 404
    assert _post(client, open_consultation, body="x", parent_id="abc").status_code == 404
    # on behalf of someone: agents only
    response = _post(client, open_consultation, body="x", on_behalf_name="Mme Martin")
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 0


def test_replies_three_levels(client_for, open_consultation, phase, citizen, neighbour, db):
    root = comments.post_comment(citizen, phase, "Premier niveau")
    db.session.commit()
    client = client_for(neighbour)
    base = base_url(open_consultation)
    assert client.post(f"{base}/commentaires/{root.id}/repondre",
                       data={"body": "Deuxième niveau", "stance": "for"}).status_code == 302
    second = db.session.scalar(db.select(Comment).where(Comment.parent_id == root.id))
    assert (second.depth, second.root_id, second.section) == (1, root.id, root.section)
    assert client.post(f"{base}/commentaires/{second.id}/repondre",
                       data={"body": "Troisième niveau", "stance": "neutral"}).status_code == 302
    third = db.session.scalar(db.select(Comment).where(Comment.parent_id == second.id))
    assert third.depth == 2
    too_deep = client.post(f"{base}/commentaires/{third.id}/repondre",
                           data={"body": "Quatrième", "stance": "neutral"})
    assert too_deep.status_code == 400
    assert "trois niveaux" in text_of(too_deep)
    db.session.refresh(root)
    assert root.reply_count == 2
    thread = text_of(client_for().get(f"{base}/commentaires/{root.id}"))
    assert "Deuxième niveau" in thread and "Troisième niveau" in thread


def test_edit_within_15_minutes_shown_as_edited(client_for, open_consultation, phase, citizen,
                                                neighbour, db):
    comment = comments.post_comment(citizen, phase, "Version initiale")
    db.session.commit()
    url = f"{base_url(open_consultation)}/commentaires/{comment.id}/modifier"
    assert client_for(neighbour).post(url, data={"body": "Piraté", "stance": "for"}).status_code == 404
    assert client_for(citizen).post(url, data={"body": "Version corrigée",
                                                "stance": "for"}).status_code == 302
    page = text_of(client_for().get(phase_url(open_consultation)))
    assert "Version corrigée" in page and "(modifié)" in page
    comment.created_at -= timedelta(minutes=16)
    db.session.commit()
    late = client_for(citizen).post(url, data={"body": "Trop tard", "stance": "for"})
    assert late.status_code == 403
    assert "15 minutes" in text_of(late)
    assert "Trop tard" in text_of(late)  # the input is kept


def test_delete_own_comment_keeps_thread(client_for, open_consultation, phase, citizen,
                                         neighbour, db):
    root = comments.post_comment(citizen, phase, "Texte à retirer")
    comments.post_comment(neighbour, phase, "Une réponse", parent=root)
    db.session.commit()
    url = f"{base_url(open_consultation)}/commentaires/{root.id}/supprimer"
    assert client_for(neighbour).post(url).status_code == 403
    asked = client_for(citizen).post(url)  # asked first (the page without JavaScript)
    assert asked.status_code == 200 and "Supprimer votre commentaire ?" in text_of(asked)
    assert client_for(citizen).post(url, data={"confirmed": "1"}).status_code == 302
    page = text_of(client_for().get(f"{base_url(open_consultation)}/commentaires/{root.id}"))
    assert "Texte à retirer" not in page
    assert "supprimé par son auteur" in page
    assert "Une réponse" in page
    assert client_for(citizen).post(url).status_code == 409  # refused before asking


def test_votes_once_change_and_withdraw(client_for, open_consultation, phase, citizen, neighbour,
                                        db):
    comment = comments.post_comment(citizen, phase, "Votez pour moi")
    db.session.commit()
    url = f"{base_url(open_consultation)}/commentaires/{comment.id}/vote"
    client = client_for(neighbour)
    assert client.post(url, data={"value": "1"}).status_code == 302
    twice = client.post(url, data={"value": "1"})
    assert twice.status_code == 409
    assert "déjà enregistré" in text_of(twice)
    db.session.refresh(comment)
    assert (comment.up_count, comment.down_count) == (1, 0)
    response = client.post(url, data={"value": "-1"}, headers={"Accept": "application/json"})
    assert response.get_json() == {"ok": True, "message": "Votre vote est enregistré.",
                                   "id": comment.id, "up": 0, "down": 1, "mine": -1, "version": 3}
    assert client.post(url, data={"value": "0"}).status_code == 302
    db.session.refresh(comment)
    assert (comment.up_count, comment.down_count, comment.score) == (0, 0, 0)
    assert client.post(url, data={"value": "5"}).status_code == 400
    assert client.post(url, data={"value": "0"}).status_code == 409
    assert db.session.scalar(db.select(db.func.count()).select_from(Vote)) == 0


def test_vote_unique_constraint_in_database(open_consultation, phase, citizen, neighbour, db):
    """Two concurrent clicks that both pass the Python check still store one vote."""
    from sqlalchemy.exc import IntegrityError

    comment = comments.post_comment(citizen, phase, "Concurrence")
    db.session.add(Vote(user_id=neighbour.id, comment_id=comment.id, value=1))
    db.session.commit()
    db.session.add(Vote(user_id=neighbour.id, comment_id=comment.id, value=1))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Vote(user_id=citizen.id, comment_id=comment.id, value=2))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_concurrent_clicks_count_once(live_server, open_consultation, phase, citizen, neighbour,
                                      db):
    """Twenty simultaneous clicks from one person on a real server: counted once."""
    from concurrent.futures import ThreadPoolExecutor

    comment = comments.post_comment(citizen, phase, "Clics simultanés")
    db.session.commit()
    session = live_session(live_server, neighbour)
    url = f"{live_server.url}{base_url(open_consultation)}/commentaires/{comment.id}/vote"
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(
            lambda _i: session.post(url, data={"value": "1"},
                                    headers={"Accept": "application/json"}).status_code,
            range(20)))
    assert statuses.count(200) == 1
    assert set(statuses) <= {200, 409}
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).up_count == 1
    # twenty simultaneous changes of that vote: applied once
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(
            lambda _i: session.post(url, data={"value": "-1"},
                                    headers={"Accept": "application/json"}).status_code,
            range(20)))
    assert statuses.count(200) == 1
    db.session.expire_all()
    changed = db.session.get(Comment, comment.id)
    assert (changed.up_count, changed.down_count, changed.score) == (0, 1, -1)
    # and twenty simultaneous supports of a proposal: one support
    proposal = proposals.create_proposal(citizen, phase, "Soutiens simultanés", "Idée")
    db.session.commit()
    support_url = (f"{live_server.url}{base_url(open_consultation)}/propositions/"
                   f"{proposal.id}/soutien")
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(
            lambda _i: session.post(support_url, data={"value": "1"},
                                    headers={"Accept": "application/json"}).status_code,
            range(20)))
    assert statuses.count(200) == 1
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).support_count == 1


@pytest.mark.parametrize("state", [ConsultationState.CLOSED, ConsultationState.ARCHIVED])
def test_closed_consultation_is_read_only(client_for, open_consultation, phase, citizen, neighbour,
                                          agent, state, db):
    comment = comments.post_comment(citizen, phase, "Avant la clôture")
    consultations.set_state(agent, open_consultation, ConsultationState.CLOSED)
    if state == ConsultationState.ARCHIVED:
        consultations.set_state(agent, open_consultation, ConsultationState.ARCHIVED)
    db.session.commit()
    client = client_for(neighbour)
    assert _post(client, open_consultation, body="Trop tard").status_code == 403
    vote = client.post(f"{base_url(open_consultation)}/commentaires/{comment.id}/vote",
                       data={"value": "1"})
    assert vote.status_code == 403
    assert "pas ouverte" in text_of(vote)
    page = text_of(client_for().get(phase_url(open_consultation)))
    assert "Avant la clôture" in page


def test_closing_date_closes_contributions(client_for, open_consultation, phase, citizen, db):
    from thc_participation.timeutil import utcnow

    open_consultation.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert _post(client_for(citizen), open_consultation, body="Après la date").status_code == 403


def test_other_territory_ids_are_not_found(client_for, open_consultation, phase, citizen,
                                           other_territory, other_agent, db):
    other = consultations.create_consultation(other_agent, other_territory, "Ailleurs")
    consultations.set_state(other_agent, other, ConsultationState.OPEN)
    foreign = comments.post_comment(citizen, other.phases[0], "Commentaire d'ailleurs")
    db.session.commit()
    client = client_for(citizen)
    base = base_url(open_consultation)
    assert client.post(f"{base}/commentaires/{foreign.id}/vote", data={"value": "1"}).status_code == 404
    assert client.get(f"{base}/commentaires/{foreign.id}").status_code == 404
    assert _post(client, open_consultation, body="x", parent_id=str(foreign.id)).status_code == 404
    wrong_phase = f"/t/{open_consultation.territory.slug}/consultations/{open_consultation.id}/phases/{other.phases[0].id}"
    assert client.get(wrong_phase).status_code == 404
    assert client.get(f"/t/{other_territory.slug}/consultations/{open_consultation.id}/").status_code == 404


def test_sorts_and_pagination(client_for, open_consultation, phase, citizen, neighbour, db):
    posted = [comments.post_comment(citizen, phase, f"Commentaire numéro {i:02d}")
              for i in range(25)]
    comments.vote(neighbour, posted[3], 1)
    comments.post_comment(neighbour, phase, "Réponse", parent=posted[7])
    db.session.commit()
    client = client_for()
    url = phase_url(open_consultation)

    def first(sort):
        data = queries.comment_page(phase, None, sort=sort)
        return data["threads"][0].comment.body

    assert first("recent") == "Commentaire numéro 24"
    assert first("oldest") == "Commentaire numéro 00"
    assert first("supported") == "Commentaire numéro 03"
    assert first("debated") == "Commentaire numéro 07"
    page1 = text_of(client.get(url))
    assert "Commentaire numéro 24" in page1 and "Commentaire numéro 04" not in page1
    assert "Page 1 sur 2" in page1
    page2 = text_of(client.get(url + "?page=2"))
    assert "Commentaire numéro 04" in page2 and "Commentaire numéro 24" not in page2
    assert client.get(url + "?page=abc&tri=nimporte").status_code == 200
