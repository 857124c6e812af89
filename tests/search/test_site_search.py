"""The site search: what each kind brings, grouped by kind, kept in step with the writes,
and nothing private ever found (hidden comments, members-only events, unpublished texts)."""

import re
from datetime import date

import pytest
from sqlalchemy import text

from tests.support.pages import text_of
from thc_participation import search
from thc_participation.consultation.models import ConsultationState
from thc_participation.consultation.services import comments, consultations, moderation, proposals
from thc_participation.dashboard.services import actions, actors, documents


def words_of(response):
    """The page's text without tags (``<mark>`` splits the words it highlights)."""
    return " ".join(re.sub(r"<[^>]+>", " ", text_of(response)).split())


def kinds_found(q, territory=None):
    return {(hit.kind, hit.object_id)
            for hit in search.query(q, territory_id=territory.id if territory else None, limit=100)}


@pytest.fixture
def phase(open_consultation):
    return open_consultation.phases[0]


def test_a_comment_is_found_once_posted_and_lost_once_hidden(db, agent, citizen, territory,
                                                             open_consultation, phase):
    comment = comments.post_comment(citizen, phase, "Il faudrait des pistes cyclables sûres.")
    db.session.commit()
    assert ("comment", comment.id) in kinds_found("cyclable")
    moderation.moderate(agent, territory, comment, "hide", reason="Hors sujet")
    db.session.commit()
    assert ("comment", comment.id) not in kinds_found("cyclable")
    moderation.moderate(agent, territory, comment, "restore")
    db.session.commit()
    assert ("comment", comment.id) in kinds_found("cyclables")
    comments.delete_comment(citizen, comment)
    db.session.commit()
    assert ("comment", comment.id) not in kinds_found("cyclable")


def test_a_proposal_and_its_official_answer_are_found(db, agent, citizen, open_consultation,
                                                      phase):
    proposal = proposals.create_proposal(citizen, phase, "Un conseil de la jeunesse",
                                         "Donner la parole aux moins de 25 ans.")
    db.session.commit()
    assert ("proposal", proposal.id) in kinds_found("jeunes")
    proposals.set_proposal_status(agent, proposal, "retained", "Retenue : budget dédié en 2027.")
    db.session.commit()
    assert ("proposal", proposal.id) in kinds_found("budgets")


def test_a_draft_consultation_is_never_found_and_its_phases_are(db, agent, territory):
    draft = consultations.create_consultation(agent, territory, "Cantines scolaires", "Menus.")
    db.session.commit()
    assert ("consultation", draft.id) not in kinds_found("cantine")
    consultations.update_phase(agent, draft.phases[0], draft.phases[0].name,
                               "Le gaspillage alimentaire", "", "")
    consultations.set_state(agent, draft, ConsultationState.OPEN)
    db.session.commit()
    assert ("consultation", draft.id) in kinds_found("cantines")
    assert ("consultation", draft.id) in kinds_found("gaspillage")  # a phase's text


def test_members_only_and_invited_events_are_never_found(db, admin, agent, territory,
                                                         make_event):
    public = make_event(agent, territory, title="Balade urbaine du patrimoine")
    network = make_event(admin, None, title="Visio du réseau sur le patrimoine",
                         visibility="reseau")
    invited = make_event(agent, territory, title="Patrimoine : réunion sur invitation",
                         visibility="invites")
    found = kinds_found("patrimoine")
    assert ("event", public.id) in found
    assert ("event", network.id) not in found and ("event", invited.id) not in found


def test_actors_documents_and_actions(db, agent, citizen, territory):
    proposed = actors.propose_actor(citizen, territory, "Repair café des Tilleuls", "association",
                                    "Réparer ensemble petits appareils.", "47.39", "0.68")
    db.session.commit()
    assert not kinds_found("reparer")  # waiting for review: not public
    actors.review_actor(agent, territory, proposed, True)
    db.session.commit()
    assert ("actor", proposed.id) in kinds_found("réparation")
    commitment = actions.add_commitment(agent, territory, "Végétaliser les cours d'école",
                                        "Des arbres", "De l'ombre en été")
    db.session.commit()
    assert ("action", commitment.id) in kinds_found("vegetalisation")


def test_a_reserved_evaluation_report_is_not_found(db, make_user, territory):
    evaluator = make_user(roles=("evaluation",), territory=territory)
    report = documents.publish_document(evaluator, territory, "rapport-evaluation",
                                        "Rapport d'étape", date(2026, 5, 1),
                                        body="La transparence progresse.", reserved=True)
    db.session.commit()
    assert ("document", report.id) not in kinds_found("transparence")
    minutes = documents.publish_document(evaluator, territory, "rapport-evaluation",
                                         "Rapport final", date(2026, 6, 1),
                                         body="La transparence a progressé.")
    db.session.commit()
    assert ("document", minutes.id) in kinds_found("transparent")


def test_a_stale_row_is_never_shown(db, citizen, open_consultation, phase):
    """A change that bypasses the ORM (a bulk update) leaves the index behind: the hit is
    checked against its object before it is shown."""
    comment = comments.post_comment(citizen, phase, "Des bancs ombragés sur la place.")
    db.session.commit()
    db.session.execute(text("UPDATE comment SET moderation = 'hidden' WHERE id = :id"),
                       {"id": comment.id})
    db.session.commit()
    assert search.counts("bancs") == {"comment": 1}  # the index did not see the change
    assert ("comment", comment.id) not in kinds_found("bancs")
    db.session.commit()  # the reading request's boundary
    assert search.counts("bancs") == {}  # and the left-behind document is gone


def test_reindex_command_rebuilds_the_index(app, db, citizen, open_consultation, phase):
    comment_id = comments.post_comment(citizen, phase, "Des bancs ombragés sur la place.").id
    db.session.commit()
    db.session.execute(text("DELETE FROM search_document"))
    db.session.commit()
    assert not kinds_found("bancs")
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "comment: 1 document(s)" in result.output
    assert ("comment", comment_id) in kinds_found("bancs")
    result = app.test_cli_runner().invoke(args=["search", "reindex", "--kind", "nope"])
    assert result.exit_code != 0 and "unknown kind" in result.output


def test_the_page_groups_results_by_kind(db, client, agent, citizen, territory,
                                         open_consultation, phase, make_event):
    comments.post_comment(citizen, phase, "Plus de bus le dimanche <script>x</script>.")
    proposals.create_proposal(citizen, phase, "Bus de nuit", "Un bus après minuit.")
    make_event(agent, territory, title="Réunion sur les bus")
    response = client.get(f"/t/{territory.slug}/recherche?q=bus")
    assert response.status_code == 200
    page = words_of(response)
    assert "Propositions (1)" in page and "Commentaires (1)" in page
    assert "Événements (1)" in page and "3 résultats" in page
    html = response.get_data(as_text=True)
    assert "<mark>bus</mark>" in html and "<script>x" not in html
    only = client.get(f"/t/{territory.slug}/recherche?q=bus&type=event")
    assert "Réunion sur les bus" in words_of(only) and "Bus de nuit" not in words_of(only)


@pytest.mark.parametrize("q, message", [
    ("", None), ("a", "trop courte"), ("le la", "trop courte"),
    ("zzzyxw", "Aucun résultat pour « zzzyxw »"),
])
def test_empty_short_and_fruitless_queries_answer_in_french(client, territory, q, message):
    for url in ("/recherche", f"/t/{territory.slug}/recherche"):
        response = client.get(url, query_string={"q": q})
        assert response.status_code == 200
        if message:
            assert message in text_of(response)


@pytest.mark.parametrize("q", ['"', "*", "-", "NEAR(a b)", "a:b", "\\", "x" * 1000, "'; --",
                               "budget OR 1", "é" * 300])
def test_hostile_queries_are_answered(client, territory, q):
    assert client.get("/recherche", query_string={"q": q, "type": "<x>",
                                                  "page": "99999999"}).status_code == 200
    assert client.get(f"/t/{territory.slug}/recherche",
                      query_string={"q": q, "type": "comment"}).status_code == 200


def test_the_header_has_a_labelled_search_field(client, territory):
    html = client.get(f"/t/{territory.slug}/").get_data(as_text=True)
    assert 'role="search"' in html and f'action="/t/{territory.slug}/recherche"' in html
    assert '<label for="header-search-q"' in html
    assert 'action="/recherche"' in client.get("/").get_data(as_text=True)
