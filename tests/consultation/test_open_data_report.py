"""Open-data exports (CSV for French Excel, JSON) and the public participation report."""

import json

from tests.support.pages import text_of
from thc_participation import jobs
from thc_participation.consultation.services import comments, moderation, proposals
from thc_participation.csvio import read_csv
from thc_participation.extensions import db
from thc_participation.models import AgeBand, Gender
from thc_participation.timeutil import utcnow

from .conftest import base_url


def _fill(phase, citizen, neighbour, agent):
    comment = comments.post_comment(citizen, phase, "Texte public; avec « guillemets »\net ligne")
    comments.vote(neighbour, comment, 1)
    hidden = comments.post_comment(neighbour, phase, "Texte masqué")
    moderation.moderate(agent, phase.consultation.territory, hidden, "hide", "Hors sujet")
    proposal = proposals.create_proposal(citizen, phase, "Jardin partagé", "Derrière l'école")
    proposals.set_support(neighbour, proposal, True)
    db.session.commit()
    return comment, hidden, proposal


def test_csv_export_for_french_excel(client_for, open_consultation, phase, citizen, neighbour,
                                     agent):
    comment, hidden, proposal = _fill(phase, citizen, neighbour, agent)
    response = client_for().get(base_url(open_consultation) + "/contributions.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in response.data
    header, rows = read_csv(response.data)
    assert header[0] == "type" and "licence" in header
    by_id = {(r[0], r[1]): dict(zip(header, r, strict=True)) for r in rows}
    public = by_id[("commentaire", str(comment.id))]
    assert public["texte"] == "Texte public; avec « guillemets »\net ligne"
    assert public["votes_pour"] == "1"
    assert public["licence"] == "Licence Ouverte 2.0"
    assert public["auteur_pseudonyme"].startswith("p-")
    assert by_id[("commentaire", str(hidden.id))]["texte"] == ""
    assert by_id[("proposition", str(proposal.id))]["soutiens"] == "1"
    assert citizen.email.encode() not in response.data
    assert neighbour.email.encode() not in response.data
    assert "licence" in response.headers["Link"]


def test_json_export(client_for, open_consultation, phase, citizen, neighbour, agent):
    comment, _hidden, proposal = _fill(phase, citizen, neighbour, agent)
    response = client_for().get(base_url(open_consultation) + "/contributions.json")
    assert response.status_code == 200
    body = json.loads(response.data)
    assert body["licence"] == "Licence Ouverte 2.0"
    assert body["licence_url"].startswith("https://www.etalab.gouv.fr/")
    rows = body["contributions"]
    authors = {r["auteur_pseudonyme"] for r in rows if r["id"] in (comment.id, proposal.id)}
    assert len(authors) == 1  # same person, same pseudonym, within a consultation
    assert str(citizen.id) not in authors
    assert "@" not in response.get_data(as_text=True)
    missing = client_for().get(f"/t/{open_consultation.territory.slug}/consultations/9999/contributions.json")
    assert missing.status_code == 404
    assert missing.get_json()["error"] == "not_found"


def test_participation_report_with_declared_profiles(app, client_for, open_consultation, phase,
                                                     make_user, citizen, neighbour, agent):
    declared = make_user(profile_consent_at=utcnow(), age_band=AgeBand.FROM_25_TO_34,
                         gender=Gender.WOMAN, neighbourhood="Les Rives")
    comments.post_comment(declared, phase, "Je déclare mon profil")
    _fill(phase, citizen, neighbour, agent)
    url = base_url(open_consultation) + "/bilan"
    # The report is computed by the background job, never by the request (issue #13): the
    # first reader is told it is being computed, the job runs, then the figures are shown.
    first = client_for().get(url)
    assert first.status_code == 200 and "en cours de calcul" in text_of(first)
    jobs.tasks(app)["refresh_reports"].call_local()
    response = client_for().get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<svg" in page and 'role="img"' in page
    assert "style=" not in page
    text = text_of(response)
    assert "<strong>3</strong> participants" in page
    assert "1 a choisi de déclarer son profil" in text  # ngettext: one person
    assert "Les Rives" in text and "100 %" in text
    assert "25 à 34 ans" in text
    assert "Jardin partagé" in text
