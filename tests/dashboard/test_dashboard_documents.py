"""1.1 team, 1.2 engagement, 2.1 diagnostic, 3.2 schemas, 5.1 evaluation: who publishes what."""

import io
from datetime import date
from pathlib import Path

import pytest

from thc_participation.dashboard.models import Document, InventoryItem, TeamMember
from thc_participation.evaluation.models import Draw, DrawPurpose, Pool
from thc_participation.models import Upload

from ..support.pages import text_of
from .conftest import pdf_file, png_file


def manage(territory, path=""):
    return f"/t/{territory.slug}/gestion/tableau-de-bord{path}"


def count(db, model):
    return db.session.query(model).count()


def test_agent_publishes_declaration_pdf_served_with_safe_headers(app, client, territory, agent,
                                                                  login, db):
    login(client, agent)
    response = client.post(manage(territory, "/documents"), data={
        "kind": "declaration", "title": "Lettre de déclaration du maire",
        "document_date": "2026-01-12", "file": pdf_file("déclaration.pdf"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    document = db.session.query(Document).one()
    page = text_of(client.get(f"/t/{territory.slug}/engagement"))
    assert "Lettre de déclaration du maire" in page and "12 janvier 2026" in page
    served = client.get(f"/t/{territory.slug}/documents/{document.id}")
    assert served.status_code == 200
    assert served.mimetype == "application/pdf"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.data.startswith(b"%PDF-")
    assert client.get(f"/t/other/documents/{document.id}").status_code == 404

    stored = Path(app.config["UPLOAD_DIR"]) / document.upload.stored_name
    assert stored.exists()
    asked = client.post(manage(territory, f"/documents/{document.id}/supprimer"))
    assert asked.status_code == 200 and stored.exists()  # the confirmation page first
    deleted = client.post(manage(territory, f"/documents/{document.id}/supprimer"),
                          data={"confirmed": "1"})
    assert deleted.status_code == 302
    assert count(db, Document) == 0 and count(db, Upload) == 0 and not stored.exists()
    assert client.get(f"/t/{territory.slug}/documents/{document.id}").status_code == 404


def test_fake_pdf_is_refused_and_nothing_stored(client, territory, agent, login, db):
    login(client, agent)
    response = client.post(manage(territory, "/documents"), data={
        "kind": "diagnostic", "title": "Mon diagnostic", "document_date": "2026-02-01",
        "file": (io.BytesIO(b"MZ\x90\x00 not a pdf at all"), "diagnostic.pdf"),
    }, content_type="multipart/form-data")
    assert response.status_code == 400
    page = text_of(response)
    assert "n'est pas un PDF valide" in page
    assert 'id="file-erreur"' in page
    assert 'value="Mon diagnostic"' in page  # the input is kept
    assert count(db, Document) == 0 and count(db, Upload) == 0


def test_oversized_file_is_refused(app, client, territory, agent, login, db):
    app.config["MAX_UPLOAD_BYTES"] = 200
    login(client, agent)
    response = client.post(manage(territory, "/documents"), data={
        "kind": "diagnostic", "title": "Trop gros", "document_date": "2026-02-01",
        "file": pdf_file(),
    }, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "dépasse la taille maximale" in text_of(response)
    assert count(db, Document) == 0 and count(db, Upload) == 0


def test_governance_schema_must_be_an_image(client, territory, agent, login, db):
    login(client, agent)
    refused = client.post(manage(territory, "/documents"), data={
        "kind": "schema-avant", "title": "Schéma avant", "document_date": "2026-04-01",
        "file": pdf_file(),
    }, content_type="multipart/form-data")
    assert refused.status_code == 400
    assert "JPEG, PNG" in text_of(refused)
    accepted = client.post(manage(territory, "/documents"), data={
        "kind": "schema-avant", "title": "Schéma avant", "document_date": "2026-04-01",
        "file": png_file(),
    }, content_type="multipart/form-data")
    assert accepted.status_code == 302
    page = text_of(client.get(f"/t/{territory.slug}/plan-d-action"))
    assert 'alt="Schéma avant"' in page


def test_minutes_written_as_text(client, territory, agent, login, db):
    login(client, agent)
    response = client.post(manage(territory, "/documents"), data={
        "kind": "compte-rendu-copil", "title": "Comité de pilotage du 3 mars",
        "document_date": "2026-03-03", "body": "Présents : 9 membres.\n\n**Décision** : lancer la carte.",
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    document = db.session.query(Document).one()
    assert "réunion du 3 mars 2026" in text_of(client.get(f"/t/{territory.slug}/engagement"))
    page = client.get(f"/t/{territory.slug}/documents/{document.id}", follow_redirects=True)
    assert "<strong>Décision</strong>" in page.get_data(as_text=True)


def test_document_without_file_or_text_is_refused(client, territory, agent, login, db):
    login(client, agent)
    response = client.post(manage(territory, "/documents"), data={
        "kind": "convention", "title": "Convention", "document_date": "2026-01-12",
    }, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Joignez le fichier du document" in text_of(response)
    assert count(db, Document) == 0


@pytest.mark.parametrize("roles", [[], ["elu"], ["evaluation"], ["steering"]])
def test_documents_by_someone_without_the_agent_role_are_refused(client, territory, make_user,
                                                                  login, db, roles):
    login(client, make_user(roles=roles, territory=territory))
    response = client.post(manage(territory, "/documents"), data={
        "kind": "declaration", "title": "Fausse lettre", "document_date": "2026-01-12",
        "file": pdf_file(),
    }, content_type="multipart/form-data")
    assert response.status_code == 403
    assert "rôle nécessaire" in text_of(response)
    assert count(db, Document) == 0 and count(db, Upload) == 0


def test_evaluation_report_by_a_non_member_is_refused(client, territory, agent, login, db):
    login(client, agent)  # an agent is not a member of the evaluation group
    response = client.post(f"/t/{territory.slug}/evaluation", data={
        "kind": "rapport-evaluation", "title": "Rapport", "document_date": "2026-06-01",
        "file": pdf_file(),
    }, content_type="multipart/form-data")
    assert response.status_code == 403
    assert "rôle nécessaire" in text_of(response)
    assert count(db, Document) == 0 and count(db, Upload) == 0
    # nor through the management page, which does not offer that kind
    response = client.post(manage(territory, "/documents"), data={
        "kind": "rapport-evaluation", "title": "Rapport", "document_date": "2026-06-01",
        "file": pdf_file(),
    }, content_type="multipart/form-data")
    assert response.status_code == 400
    assert count(db, Document) == 0


def test_anonymous_evaluation_report_is_refused(client, territory, db):
    response = client.post(f"/t/{territory.slug}/evaluation", data={
        "title": "Rapport", "document_date": "2026-06-01", "body": "Texte",
    })
    assert response.status_code == 403
    assert count(db, Document) == 0


def test_evaluation_member_publishes_a_report_everyone_reads(client, territory, make_user,
                                                            login, anonymous, agent, db):
    # Changed on purpose (issue 17): a report stays reserved to the group until it publishes
    # it, then everyone reads it.
    member = make_user(roles=["evaluation"], territory=territory)
    login(client, member)
    form_page = text_of(client.get(f"/t/{territory.slug}/evaluation"))
    assert "Écrire un rapport du groupe d’évaluation" in form_page
    response = client.post(f"/t/{territory.slug}/evaluation", data={
        "title": "Rapport d'étape du groupe d'évaluation", "document_date": "2026-06-01",
        "body": "Nous avons rencontré **40** habitants.",
    })
    assert response.status_code == 302
    document = db.session.query(Document).one()
    assert (document.kind.value, document.author_id) == ("rapport-evaluation", member.id)
    assert document.published_at is None
    text_url = f"/t/{territory.slug}/documents/{document.id}/texte"
    assert "Rapports réservés au groupe" in text_of(client.get(f"/t/{territory.slug}/evaluation"))
    assert client.get(text_url).status_code == 200
    for reader in (None, agent):  # reserved: neither the public nor the agents see it
        anonymous(client) if reader is None else login(client, reader)
        page = text_of(client.get(f"/t/{territory.slug}/evaluation"))
        assert "Rapport d'étape du groupe d'évaluation" not in page
        assert client.get(text_url).status_code == 404
    publish = f"/t/{territory.slug}/evaluation/rapports/{document.id}/publier"
    assert client.post(publish).status_code == 403  # the agent is not the group
    login(client, member)
    assert client.post(publish).status_code == 302
    anonymous(client)
    page = text_of(client.get(f"/t/{territory.slug}/evaluation"))
    assert "Rapport d'étape du groupe d'évaluation" in page
    assert "Écrire un rapport" not in page
    assert client.get(text_url).status_code == 200


def test_evaluation_report_published_at_once(client, territory, make_user, login, anonymous):
    login(client, make_user(roles=["evaluation"], territory=territory))
    client.post(f"/t/{territory.slug}/evaluation", data={
        "title": "Rapport final", "document_date": "2026-06-01", "body": "Texte.",
        "publish_now": "y"})
    anonymous(client)
    assert "Rapport final" in text_of(client.get(f"/t/{territory.slug}/evaluation"))


def test_final_assessment_is_published_by_the_territory(client, territory, agent, login):
    login(client, agent)
    client.post(manage(territory, "/documents"), data={
        "kind": "bilan-final", "title": "Bilan final du programme", "document_date": "2027-12-01",
        "file": pdf_file(),
    }, content_type="multipart/form-data")
    page = text_of(client.get(f"/t/{territory.slug}/evaluation"))
    assert "Bilan final du programme" in page


def test_team_rules(client, territory, agent, login, db):
    login(client, agent)
    url = manage(territory, "/equipe")

    def add(**data):
        return client.post(url, data={"name": "X", **data})

    # Changed on purpose (issue 17): the president and the elected official in charge of
    # democracy sit among the three elected seats, so one other elected official remains.
    assert add(role="president", name="Jeanne Martin", function="Maire").status_code == 302
    second = add(role="president", name="Paul Durand")
    assert second.status_code == 400 and "déjà pourvu" in text_of(second)
    assert add(role="copil-elu", name="Élu Un").status_code == 302
    fourth = add(role="copil-elu", name="Élu Deux")
    assert fourth.status_code == 400 and "déjà pourvu" in text_of(fourth)
    referent = add(role="referent", name="Sami Benali")
    assert referent.status_code == 400 and "service" in text_of(referent)
    assert 'id="service-erreur"' in text_of(referent)  # the error is on its field
    assert 'value="Sami Benali"' in text_of(referent)
    assert add(role="referent", name="Sami Benali", service="Jeunesse").status_code == 302
    assert db.session.query(TeamMember).count() == 3


def test_contact_details_only_with_consent(client, territory, agent, make_user, login, db):
    login(client, agent)
    url = manage(territory, "/equipe")
    client.post(url, data={"role": "elu-democratie", "name": "Nadia Roux",
                           "email": "nadia.roux@mairie.example", "phone": "02 47 00 00 01",
                           "show_email": "y"})
    make_user(email="luc.petit@mairie.example", name="Luc Petit")
    client.post(url, data={"role": "copil-agent", "name": "Luc Petit",
                           "email": "Luc.Petit@mairie.example"})
    page = text_of(client.get(f"/t/{territory.slug}/equipe"))
    assert "nadia.roux@mairie.example" in page
    assert "02 47 00 00 01" not in page
    assert "luc.petit@mairie.example" not in page.lower()

    # the person themself changes what is shown (their account has the same e-mail address,
    # in any case); nobody else may
    luc = db.session.query(TeamMember).filter_by(name="Luc Petit").one().user
    member = db.session.query(TeamMember).filter_by(name="Luc Petit").one()
    consent_url = f"/t/{territory.slug}/equipe/{member.id}/coordonnees"
    assert client.post(consent_url, data={"show_email": "y"}).status_code == 403
    login(client, luc)
    assert client.post(consent_url, data={"show_email": "y"}).status_code == 302
    assert "Luc.Petit@mairie.example" in text_of(client.get(f"/t/{territory.slug}/equipe"))


def test_team_by_an_elected_official_is_refused(client, territory, make_user, login, db):
    login(client, make_user(roles=["elu", "steering"], territory=territory))
    response = client.post(manage(territory, "/equipe"),
                           data={"role": "president", "name": "Usurpateur"})
    assert response.status_code == 403
    assert db.session.query(TeamMember).count() == 0


def test_inventory_by_cycle_step(client, territory, agent, login, make_user, db):
    login(client, agent)
    client.post(manage(territory, "/diagnostic"), data={
        "step": "decision", "category": "dispositif", "name": "Conseil citoyen",
        "description": "Se réunit chaque trimestre."})
    client.post(manage(territory, "/diagnostic"), data={
        "step": "emergence", "category": "information", "name": "Magazine municipal"})
    page = text_of(client.get(f"/t/{territory.slug}/diagnostic"))
    assert "Conseil citoyen" in page and "Magazine municipal" in page
    empty = client.post(manage(territory, "/diagnostic"), data={
        "step": "decision", "category": "outil-interne", "name": ""})
    assert empty.status_code == 400 and "obligatoire" in text_of(empty)
    login(client, make_user(territory=territory))
    refused = client.post(manage(territory, "/diagnostic"), data={
        "step": "decision", "category": "outil-interne", "name": "Intrus"})
    assert refused.status_code == 403
    assert db.session.query(InventoryItem).count() == 2


def test_video_link_needs_a_web_address_and_a_date(client, territory, agent, login):
    login(client, agent)
    url = manage(territory, "/video")
    bad = client.post(url, data={"video-video_url": "javascript:alert(1)",
                                 "video-video_date": "2026-01-10"})
    assert bad.status_code == 400 and "https://" in text_of(bad)
    ok = client.post(url, data={"video-video_url": "https://peertube.example/w/abc",
                                "video-video_date": "2026-01-10"})
    assert ok.status_code == 302
    page = text_of(client.get(f"/t/{territory.slug}/engagement"))
    assert "https://peertube.example/w/abc" in page and "10 janvier 2026" in page


def test_timeline_on_the_home_page(client, territory, agent, login, db):
    territory.programme_start = date(2026, 1, 15)
    db.session.commit()
    page = text_of(client.get(f"/t/{territory.slug}/"))
    assert "Lancé le 15 janvier 2026" in page
    assert "Diagnostic et cartographie" in page
    # Without a plan of its own, a deliverable shows the guide's landmark, never "late".
    assert "date à planifier (repère du guide : 15 mars 2026)" in page
    assert "badge-late" not in page and "en retard sur le plan" not in page


def _steering_draw(db, territory, title="Tirage du comité de pilotage", state="drawn"):
    pool = Pool(territory_id=territory.id, name="Vivier des volontaires", categories=[])
    draw = Draw(territory_id=territory.id, pool=pool, title=title, purpose=DrawPurpose.STEERING,
                panel_size=3, state=state)
    db.session.add(draw)
    db.session.commit()
    return draw


def test_steering_citizens_are_linked_to_their_draw(client, territory, other_territory, agent,
                                                   login, db):
    draw = _steering_draw(db, territory)
    _steering_draw(db, territory, title="Tirage en préparation", state="prepared")
    foreign = _steering_draw(db, other_territory, title="Tirage d'Autreville")
    login(client, agent)
    url = manage(territory, "/equipe")
    form = text_of(client.get(url))
    assert "Tirage du comité de pilotage (n° 1)" in form
    assert "Tirage en préparation" not in form and "Tirage d'Autreville" not in form
    unlinked = client.post(url, data={"role": "copil-citoyen", "name": "Fatou Ndiaye"})
    assert unlinked.status_code == 400 and "Indiquez le tirage au sort" in text_of(unlinked)
    wrong = client.post(url, data={"role": "copil-citoyen", "name": "Fatou Ndiaye",
                                   "draw_id": str(foreign.id)})
    assert wrong.status_code == 400 and "n'existe pas dans ce territoire" in text_of(wrong)
    assert client.post(url, data={"role": "copil-citoyen", "name": "Fatou Ndiaye",
                                  "draw_id": str(draw.id)}).status_code == 302
    page = text_of(client.get(f"/t/{territory.slug}/equipe"))
    assert f'href="/t/{territory.slug}/tirages/{draw.id}"' in page
    assert f"Désigné·e par le tirage au sort n° {draw.id}" in page
    assert db.session.query(TeamMember).count() == 1


def test_home_without_start_date_shows_the_five_phases_outline(client, territory, db):
    territory.programme_start = None
    db.session.commit()
    page = text_of(client.get(f"/t/{territory.slug}/"))
    assert "Phase 1 — Engagement et équipe" in page
    assert "Phase 4 — Mise en œuvre des actions" in page and "De J+5 à J+21 mois" in page
