"""3.2 action plan, 4 actions (stages, dated updates with photos, followers), network, fees."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest

from thc_participation.dashboard.models import ActionUpdate, Commitment, Stage
from thc_participation.dashboard.services import actions
from thc_participation.models import AuditEntry, Upload

from ..support.pages import text_of
from .conftest import pdf_file, png_file


def manage(territory, path=""):
    return f"/t/{territory.slug}/gestion/tableau-de-bord{path}"


@pytest.fixture
def commitment(client, territory, agent, login, db):
    login(client, agent)
    response = client.post(manage(territory, "/plan"), data={
        "engagement-title": "Budget participatif des quartiers",
        "engagement-description": "Les habitants proposent et votent des projets.",
        "engagement-expected_results": "50 000 € engagés, 1 000 votants.",
    })
    assert response.status_code == 302
    return db.session.query(Commitment).one()


def post_update(client, territory, commitment, **data):
    values = {"avancee-update_date": date.today().isoformat(), "avancee-stage": "conception",
              "avancee-text": "Premier atelier de conception avec 25 habitants."}
    values.update(data)
    return client.post(manage(territory, f"/actions/{commitment.id}"), data=values,
                       content_type="multipart/form-data")


def test_action_plan_and_commitments_are_public(client, territory, commitment, db):
    response = client.post(manage(territory, "/plan"), data={
        "plan-declaration": "Nous nous engageons à associer les habitants.",
        "plan-framework": "Trois ans, quatre engagements.", "plan-adopted_on": "2026-05-20",
    })
    assert response.status_code == 302
    page = text_of(client.get(f"/t/{territory.slug}/plan-d-action"))
    assert "Adopté le 20 mai 2026" in page
    assert "Budget participatif des quartiers" in page and "1 000 votants" in page


def test_update_with_stage_change_and_photo_builds_the_history(client, territory, commitment,
                                                               db):
    assert post_update(client, territory, commitment).status_code == 302
    response = post_update(
        client, territory, commitment, **{
            "avancee-stage": "experimentation",
            "avancee-text": "Test dans le quartier des Rives.",
            "avancee-photo_1": png_file("atelier.png"),
            "avancee-caption_1": "Habitants votant au marché",
        })
    assert response.status_code == 302
    db.session.refresh(commitment)
    assert commitment.stage == Stage.EXPERIMENTATION
    page = text_of(client.get(f"/t/{territory.slug}/actions/{commitment.id}"))
    assert "passage de « Conception » à « Expérimentation »" in page
    assert "Premier atelier de conception" in page  # the full history stays
    assert 'alt="Habitants votant au marché"' in page
    update = db.session.query(ActionUpdate).filter(ActionUpdate.photos.any()).one()
    photo = client.get(f"/t/{territory.slug}/actions/photos/{update.photos[0].id}")
    assert photo.mimetype == "image/png" and photo.data.startswith(b"\x89PNG")
    listing = text_of(client.get(f"/t/{territory.slug}/actions"))
    assert "Étape 2 sur 5 : Expérimentation" in listing


def test_bad_updates_are_refused_and_nothing_stored(app, client, territory, commitment, db,
                                                    tmp_path):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    future = (date.today() + timedelta(days=3)).isoformat()
    response = post_update(client, territory, commitment, **{"avancee-update_date": future})
    assert response.status_code == 400 and "dans le futur" in text_of(response)
    response = post_update(client, territory, commitment, **{
        "avancee-photo_1": pdf_file("photo.jpg"), "avancee-caption_1": "Une photo"})
    assert response.status_code == 400 and "JPEG, PNG" in text_of(response)
    assert "Premier atelier de conception" in text_of(response)  # input kept
    response = post_update(client, territory, commitment, **{
        "avancee-photo_1": png_file(), "avancee-caption_1": "Le marché",
        "avancee-photo_2": (io.BytesIO(b"GIF89a not allowed"), "b.png"),
        "avancee-caption_2": "Une autre"})
    assert response.status_code == 400 and "JPEG, PNG" in text_of(response)
    assert list(Path(app.config["UPLOAD_DIR"]).glob("*")) == []  # the first one removed too
    response = post_update(client, territory, commitment, **{
        "avancee-photo_1": png_file(), "avancee-caption_1": ""})
    assert response.status_code == 400 and "description de la photo" in text_of(response)
    assert db.session.query(ActionUpdate).count() == 0
    assert db.session.query(Upload).count() == 0


def test_updates_by_a_citizen_are_refused(client, territory, commitment, make_user, login, db):
    login(client, make_user(roles=["steering"], territory=territory))
    assert post_update(client, territory, commitment).status_code == 403
    response = client.post(manage(territory, "/plan"), data={
        "engagement-title": "Intrus", "engagement-description": "x",
        "engagement-expected_results": "y"})
    assert response.status_code == 403
    assert db.session.query(ActionUpdate).count() == 0
    assert db.session.query(Commitment).count() == 1


def test_followers_receive_each_update_by_mail(client, territory, commitment, agent, make_user,
                                               login, smtp, db):
    citizen = make_user(territory=territory, email="suiveuse@exemple.fr")
    login(client, citizen)
    follow_url = f"/t/{territory.slug}/actions/{commitment.id}/suivre"
    assert client.post(follow_url, data={"suivre": "oui"}).status_code == 302
    page = text_of(client.get(f"/t/{territory.slug}/actions/{commitment.id}"))
    assert "Ne plus suivre cette action" in page
    login(client, agent)
    post_update(client, territory, commitment, **{"avancee-text": "Le vote est ouvert."})
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "suiveuse@exemple.fr"
    assert "Budget participatif des quartiers" in message["Subject"]
    body = message.get_content()
    assert "Le vote est ouvert." in body
    assert f"http://thc.test/t/{territory.slug}/actions/{commitment.id}" in body

    login(client, citizen)
    client.post(follow_url, data={"suivre": "non"})
    login(client, agent)
    post_update(client, territory, commitment, **{"avancee-text": "Résultats publiés."})
    assert len(smtp.messages) == 1
    # Who follows what stays out of the action log: one pseudonym, no account.
    follows = db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.action.in_(["action.follow", "action.unfollow"]))).all()
    assert len(follows) == 2 and {e.actor_id for e in follows} == {None}
    assert len({e.details["pseudonym"] for e in follows}) == 1


def test_follower_mail_leaves_only_after_the_commit(territory, commitment, agent, citizen, smtp,
                                                   db):
    actions.follow(citizen, territory, commitment)
    db.session.commit()
    actions.post_update(agent, territory, commitment, date.today(), "Annulé avant le commit.")
    db.session.rollback()
    assert smtp.messages == [] and db.session.query(ActionUpdate).count() == 0
    actions.post_update(agent, territory, commitment, date.today(), "Le vote est ouvert.")
    assert smtp.messages == []  # flushed, not committed: nobody is told yet
    db.session.commit()
    assert len(smtp.messages) == 1 and smtp.messages[0]["To"] == citizen.email


def test_action_group_members_and_roles(client, territory, commitment, db):
    response = client.post(manage(territory, f"/actions/{commitment.id}"), data={
        "membre-name": "Awa Diallo", "membre-role": "Coordinatrice"})
    assert response.status_code == 302
    page = text_of(client.get(f"/t/{territory.slug}/actions/{commitment.id}"))
    assert "<strong>Awa Diallo</strong> — Coordinatrice" in page


def test_network_overview_lists_territories_with_phase(client, territory, other_territory, db):
    territory.programme_start = date.today() - timedelta(days=250)
    territory.latitude, territory.longitude = 47.39, 0.68
    other_territory.programme_start = None
    db.session.commit()
    assert 'href="/reseau"' in text_of(client.get("/"))
    page = text_of(client.get("/reseau"))
    assert "Villeneuve-les-Tests" in page and "Phase 4 : Mise en œuvre des actions" in page
    assert "Autreville" in page and "Date de lancement à venir" in page
    geo = client.get("/reseau/territoires.geojson").get_json()
    assert [f["properties"]["name"] for f in geo["features"]] == ["Villeneuve-les-Tests"]


@pytest.mark.parametrize("mode, population, days, expected", [
    ("programme", "12240", "3", ["2 500,00", "plancher", "2 400,00", "4 900,00",
                                 "0,20 € × 12 240 habitants", "800 € × 3 jours",
                                 "au titre de l’adhésion à l’association Démocratie Ouverte"]),
    ("programme", "1000000", "0", ["15 000,00", "plafond"]),
    ("reseau", "3100", "", ["moins de 5 000 habitants", "<strong>1 000,00"]),
    ("reseau", "1000000", "0", ["dernier palier", "6 500,00"]),
])
def test_fees_calculator_for_the_network_admin(client, make_user, login, mode, population, days,
                                               expected):
    login(client, make_user(admin=True))
    response = client.get("/admin/cotisations", query_string={
        "mode": "network" if mode == "reseau" else mode, "population": population,
        "support_days": days})
    assert response.status_code == 200
    page = text_of(response).replace("\u202f", " ").replace("\xa0", " ")
    for text in expected:
        assert text in page


def test_fees_calculator_refuses_bad_input_and_non_admins(client, territory, make_user, login):
    assert client.get("/admin/cotisations").status_code == 302
    login(client, make_user(admin=True))
    assert 'href="/admin/cotisations"' in text_of(client.get("/admin/"))
    login(client, make_user(roles=["agent"], territory=territory))
    assert client.get("/admin/cotisations").status_code == 403
    login(client, make_user(admin=True))
    response = client.get("/admin/cotisations", query_string={"population": "0"})
    assert response.status_code == 400
    assert "entre 1 et 100 000 000" in text_of(response)
    response = client.get("/admin/cotisations", query_string={"population": "abc"})
    assert response.status_code == 400
