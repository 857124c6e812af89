"""Public pages are readable without an account; management requires an agent of the territory."""

from tests.support.pages import text_of
from thc_participation.consultation.services import comments, consultations, queries

from .conftest import base_url, phase_url


def test_public_pages_without_account(client_for, open_consultation, phase, citizen, db):
    comments.post_comment(citizen, phase, "Plus de bus le dimanche, svp.", stance="for")
    db.session.commit()
    client = client_for()
    slug = open_consultation.territory.slug
    index = client.get(f"/t/{slug}/consultations/")
    assert index.status_code == 200
    assert "Mobilités du quotidien" in text_of(index)
    show = client.get(base_url(open_consultation) + "/")
    assert show.status_code == 200
    page = text_of(client.get(phase_url(open_consultation)))
    assert "Situation de Information" in page
    assert "Plus de bus le dimanche, svp." in page
    assert "Connectez-vous" in page


def test_draft_is_hidden_from_public_but_previewed_by_agents(client_for, territory, agent,
                                                             citizen, db):
    draft = consultations.create_consultation(agent, territory, "Brouillon secret")
    db.session.commit()
    assert client_for().get(base_url(draft) + "/").status_code == 404
    assert client_for(citizen).get(base_url(draft) + "/").status_code == 404
    preview = client_for(agent).get(base_url(draft) + "/")
    assert preview.status_code == 200
    assert "Aperçu" in text_of(preview)


def test_management_requires_agent_of_that_territory(client_for, territory, other_agent,
                                                     open_consultation):
    client = client_for(other_agent)
    assert client.get(f"/t/{territory.slug}/gestion/consultations/").status_code == 403
    response = client.post(f"/t/{territory.slug}/gestion/consultations/",
                           data={"title": "Piratage", "phase_names": "A"})
    assert response.status_code == 403


def test_agent_creates_edits_and_publishes(client_for, territory, agent, db):
    client = client_for(agent)
    response = client.post(f"/t/{territory.slug}/gestion/consultations/", data={
        "title": "Cadre de vie", "introduction": "Intro <script>alert(1)</script>",
        "opens_at": "2026-01-10T09:00", "closes_at": "2026-12-10T18:00",
        "phase_names": "Information\nConcertation\nDécision", "report_threshold": "3",
    })
    assert response.status_code == 302
    consultation = queries.visible_consultations(territory, agent)[0]
    assert [p.name for p in consultation.phases] == ["Information", "Concertation", "Décision"]
    assert consultation.opens_at.hour == 8  # 09:00 in Paris in winter is 08:00 UTC
    phase = consultation.phases[0]
    response = client.post(
        f"/t/{territory.slug}/gestion/consultations/{consultation.id}/phases/{phase.id}",
        data={"name": "Information", "situation": "## État des lieux\n<img src=x onerror=alert(1)>",
              "assessment": "Bilan", "results": "Résultats"})
    assert response.status_code == 302
    client.post(f"/t/{territory.slug}/gestion/consultations/{consultation.id}/etat",
                data={"state": "open"})
    page = client.get(phase_url(consultation)).get_data(as_text=True)
    assert "<h2>État des lieux</h2>" in page
    assert "onerror" not in page
    bad = client.post(f"/t/{territory.slug}/gestion/consultations/{consultation.id}/etat",
                      data={"state": "draft"})
    assert bad.status_code == 409


def test_bad_dates_keep_input(client_for, territory, agent):
    client = client_for(agent)
    response = client.post(f"/t/{territory.slug}/gestion/consultations/", data={
        "title": "Titre conservé", "opens_at": "2026-05-10T09:00", "closes_at": "2026-05-01T09:00",
        "phase_names": "Information",
    })
    assert response.status_code == 400
    page = text_of(response)
    assert "La date de clôture doit suivre la date d'ouverture." in page
    assert 'id="closes_at-erreur"' in response.get_data(as_text=True)
    assert 'value="Titre conservé"' in page


def test_pages_show_the_labels_of_states_sections_and_sorts(client_for, open_consultation):
    client = client_for()
    assert "Ouverte" in text_of(client.get(f"/t/{open_consultation.territory.slug}/consultations/"))
    page = text_of(client.get(phase_url(open_consultation) + "?tri=debated"))
    assert "La situation aujourd'hui et ses problèmes" in page
    assert "Le bilan du sommet et les idées d'amélioration" in page
    for label in ("Les plus récents", "Les plus anciens", "Les plus soutenus", "Les plus débattus"):
        assert label in page
    assert '<option value="debated" selected>' in client.get(
        phase_url(open_consultation) + "?tri=debated").get_data(as_text=True)
    proposals = text_of(client.get(phase_url(open_consultation) + "/propositions?tri=recent"))
    assert "les plus soutenues" in proposals and "les plus récentes" in proposals
