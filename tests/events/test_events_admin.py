"""Management pages: create, edit, duplicate, cancel, occurrences, export, check-in."""

from datetime import timedelta

import pytest

from thc_participation.events.models import Event, EventStatus, Registration
from thc_participation.events.services import queries, registration
from thc_participation.events.views.links import checkin_url
from thc_participation.timeutil import to_paris

from ..support.pages import text_of
from .conftest import paris

MANAGE = "/t/villeneuve-les-tests/gestion/evenements"


def form(**changes):
    start = paris(20, 18)
    values = {
        "kind": "reunion", "title": "Réunion publique : plan vélo",
        "description": "Présentation du plan vélo et questions.",
        "start_date": start.strftime("%Y-%m-%d"), "start_time": "18:30",
        "end_date": start.strftime("%Y-%m-%d"), "end_time": "20:30",
        "address": "Maison des associations, 3 rue des Lilas", "visibility": "public",
        "capacity": "40", "registration_enabled": "y", "status": "scheduled",
        "frequency": "", "interval": "1",
    }
    values.update(changes)
    return values


def test_agent_creates_then_edits_an_event(client, login, agent, territory, db):
    login(client, agent)
    assert client.get(MANAGE).status_code == 200
    response = client.post(MANAGE + "/nouveau", data=form())
    assert response.status_code == 302
    event = Event.query.one()
    assert event.territory_id == territory.id
    assert to_paris(event.start_at).strftime("%H:%M") == "18:30"
    assert event.capacity == 40
    edit = client.get(MANAGE + f"/{event.id}/modifier")
    assert 'value="Réunion publique : plan vélo"' in text_of(edit)
    client.post(MANAGE + f"/{event.id}/modifier", data=form(start_time="19:00",
                                                          end_time="21:00"))
    db.session.expire_all()
    assert event.sequence == 1
    assert to_paris(event.start_at).strftime("%H:%M") == "19:00"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_time": "17:00"}, "La fin doit être après le début."),
        ({"capacity": "-5"}, "La capacité ne peut pas être négative."),
        ({"frequency": "monthly_weekday", "interval": "1"},
         "Indiquez soit une date de fin de la répétition, soit un nombre d'occurrences."),
        ({"frequency": "weekly", "count": "5000"}, "Une répétition compte au plus 520"),
        ({"frequency": "weekly", "interval": "40", "count": "3"},
         "L'intervalle de répétition doit être compris entre 1 et 12."),
        ({"start_date": "31/02/2026"}, "N'est pas une date valide."),
        ({"online_url": "javascript:alert(1)"}, "Le lien de visio doit être une adresse https://"),
        ({"kind": "visio-privee", "visibility": "public"}, "Une visio privée n'est jamais publique"),
        ({"kind": "visio-privee", "visibility": "reseau", "capacity": "25"},
         "Une visio privée réunit de 3 à 10 participants"),
        ({"latitude": "123", "longitude": "2"}, "Cette position n'existe pas sur la carte."),
        ({"title": ""}, "Ce champ est obligatoire."),
    ],
)
def test_bad_input_is_refused_in_french_with_input_kept(client, login, agent, territory,
                                                        changes, message):
    login(client, agent)
    response = client.post(MANAGE + "/nouveau", data=form(**changes))
    assert response.status_code == 400
    page = text_of(response)
    assert message in page
    assert "Maison des associations, 3 rue des Lilas" in page
    assert Event.query.count() == 0


def test_only_the_organisers_manage(client, login, citizen, make_user, other_territory,
                                    make_event, agent, territory, db):
    event = make_event(agent, territory)
    outsider = make_user(roles=("agent",), territory=other_territory)
    for person in (citizen, outsider):
        login(client, person)
        assert client.get(MANAGE).status_code == 403
        assert client.post(MANAGE + "/nouveau", data=form()).status_code == 403
        assert client.get(MANAGE + f"/{event.id}/participants.csv").status_code == 403
        assert client.post(MANAGE + f"/{event.id}/annuler",
                           data={"reason": "test"}).status_code == 403
    login(client, outsider)
    assert client.get(f"/t/autreville/gestion/evenements/{event.id}/").status_code == 404
    assert client.get("/admin/evenements").status_code == 403
    db.session.expire_all()
    assert Event.query.count() == 1 and event.status == EventStatus.SCHEDULED


def test_network_admin_pages_and_duplicate(client, login, admin, make_event):
    event = make_event(admin, kind="seminaire", title="Séminaire des pairs n° 5",
                       visibility="reseau", capacity=40)
    login(client, admin)
    assert "Séminaire des pairs n° 5" in text_of(client.get("/admin/evenements"))
    copy = client.get(f"/admin/evenements/nouveau?copie={event.id}")
    assert 'value="Séminaire des pairs n° 5 (copie)"' in text_of(copy)
    start = to_paris(event.start_at) + timedelta(days=91)
    response = client.post("/admin/evenements/nouveau", data=form(
        kind="seminaire", title="Séminaire des pairs n° 6", visibility="reseau",
        start_date=start.strftime("%Y-%m-%d"), end_date=start.strftime("%Y-%m-%d")))
    assert response.status_code == 302
    assert Event.query.filter_by(territory_id=None).count() == 2


def test_cancel_from_the_page_and_attendees_csv(client, login, agent, territory, make_event,
                                                make_user, smtp, db):
    event = make_event(agent, territory, capacity=1)
    registration.register(event, user=make_user(name="Gabriel Simon"))
    registration.register(event, user=make_user(name="Jade Michel"))
    db.session.commit()
    login(client, agent)
    export = client.get(MANAGE + f"/{event.id}/participants.csv")
    assert export.status_code == 200
    assert export.headers["Content-Type"] == "text/csv; charset=utf-8"
    body = export.data.decode("utf-8")
    assert body.startswith("\ufeffÉvénement;Nom;Statut;Inscrit le;Présent;Code d'accueil\r\n")
    assert "Gabriel Simon;Inscrit·e;" in body and "Jade Michel;Liste d'attente;" in body
    assert "@" not in body  # exports never carry e-mails
    empty = client.post(MANAGE + f"/{event.id}/annuler", data={"reason": ""})
    assert empty.status_code == 400  # the page again, the error next to the reason
    assert "Ce champ est obligatoire." in text_of(empty)
    db.session.expire_all()
    assert event.status == EventStatus.SCHEDULED
    # Cancelling is asked first (a confirmation page without JavaScript): nothing changes yet.
    asked = client.post(MANAGE + f"/{event.id}/annuler", data={"reason": "Tempête annoncée"})
    assert asked.status_code == 200 and "Annuler l'événement ?" in text_of(asked)
    assert 'name="confirmed" value="1"' in asked.get_data(as_text=True)
    assert "Motif : Tempête annoncée" in text_of(asked)
    db.session.expire_all()
    assert event.status == EventStatus.SCHEDULED
    client.post(MANAGE + f"/{event.id}/annuler", data={"reason": "Tempête annoncée",
                                                       "confirmed": "1"})
    db.session.expire_all()
    assert event.status == EventStatus.CANCELLED and event.cancel_reason == "Tempête annoncée"
    cancels = [m for m in smtp.wait_for(4) if m["Subject"].startswith("Annulation")]
    assert len(cancels) == 2
    edit = client.get(MANAGE + f"/{event.id}/modifier", follow_redirects=True)
    assert "il ne peut plus être modifié" in text_of(edit)


def test_phone_check_in_by_search_and_by_qr_url_once(client, login, agent, territory,
                                                    make_event, make_user, smtp, db):
    event = make_event(agent, territory)
    registration.register(event, user=make_user(name="Louise Fournier"))
    db.session.commit()
    held = Registration.query.one()
    login(client, agent)
    search = text_of(client.get(MANAGE + f"/{event.id}/accueil?q=louise"))
    assert "Louise Fournier" in search
    # The QR code on the participant's page holds the check-in URL with the code.
    with client.application.test_request_context():
        url = checkin_url(held)
    assert url == (f"http://thc.test{MANAGE}/{event.id}/accueil?code={held.checkin_code}")
    page = client.get(url.replace("http://thc.test", ""))
    assert "Marquer présent·e" in text_of(page)
    done = client.post(MANAGE + f"/{event.id}/accueil",
                       data={"code": held.checkin_code.lower()})
    assert done.status_code == 302
    db.session.expire_all()
    assert held.checked_in_at is not None
    twice = client.post(MANAGE + f"/{event.id}/accueil", data={"code": held.checkin_code})
    assert twice.status_code == 409 and "Déjà marqué·e présent·e" in text_of(twice)
    unknown = client.get(MANAGE + f"/{event.id}/accueil?code=ZZZZZZZZZZ")
    assert unknown.status_code == 404
    assert "Aucune inscription à cet événement ne porte ce code." in text_of(unknown)


def test_moving_and_cancelling_one_occurrence_from_the_page(client, login, admin,
                                                            monthly_call, make_user, territory,
                                                            smtp, db):
    registration.register(monthly_call, user=make_user(roles=("elu",), territory=territory,
                                                       network=True))
    db.session.commit()
    series = queries.occurrences_of(monthly_call)
    login(client, admin)
    page = text_of(client.get(f"/admin/evenements/{monthly_call.id}/"))
    assert "Déplacer ou annuler cette séance" in page
    original = to_paris(series[1].original_start).strftime("%Y-%m-%dT%H:%M")
    asked = client.post(f"/admin/evenements/{monthly_call.id}/occurrence",
                        data={"original": original, "action": "annuler"})
    assert "Annuler cette séance ?" in text_of(asked)  # asked first, then confirmed
    client.post(f"/admin/evenements/{monthly_call.id}/occurrence",
                data={"original": original, "action": "annuler", "confirmed": "1"})
    moved_day = to_paris(series[2].original_start) + timedelta(days=1)
    client.post(f"/admin/evenements/{monthly_call.id}/occurrence", data={
        "original": to_paris(series[2].original_start).strftime("%Y-%m-%dT%H:%M"),
        "action": "deplacer", "date": moved_day.strftime("%Y-%m-%d"), "start_time": "17:00",
        "end_time": "19:00"})
    db.session.expire_all()
    after = queries.occurrences_of(monthly_call)
    assert len(after) == len(series) - 1
    assert to_paris(after[1].start).strftime("%H:%M") == "17:00" and after[1].moved
    assert monthly_call.sequence == 2
    bad = client.post(f"/admin/evenements/{monthly_call.id}/occurrence",
                      data={"original": "2001-01-01T18:00", "action": "annuler"},
                      follow_redirects=True)
    assert "Cette occurrence ne fait pas partie de la série." in text_of(bad)
    updates = [m for m in smtp.wait_for(3) if m["Subject"].startswith("Modification")]
    assert len(updates) == 2


def test_invitation_only_event(client, login, agent, territory, make_event, citizen, smtp, db):
    event = make_event(agent, territory, title="Comité de suivi du budget", visibility="invites",
                       capacity=12)
    login(client, citizen)
    assert client.get(f"/evenements/{event.id}").status_code == 404
    login(client, agent)
    unknown = client.post(MANAGE + f"/{event.id}/inviter", data={"email": "personne@nulle.part"},
                          follow_redirects=True)
    assert "Aucun compte n'utilise cette adresse" in text_of(unknown)
    client.post(MANAGE + f"/{event.id}/inviter", data={"email": "Camille.Durand@exemple.fr"})
    (message,) = smtp.wait_for(1)
    assert message["To"] == "camille.durand@exemple.fr"
    login(client, citizen)
    page = text_of(client.get(f"/evenements/{event.id}"))
    assert "Comité de suivi du budget" in page and "Inscrit·e" in page
    assert client.get(f"/evenements/{event.id}.ics").headers["Cache-Control"].startswith("private")


@pytest.mark.browser
def test_browser_check_in_from_a_scanned_qr_url(live_server, browser_page, agent, territory,
                                                make_event, make_user, smtp, db):
    from ..conftest import PASSWORD

    event = make_event(agent, territory)
    registration.register(event, user=make_user(name="Raphaël Morel"))
    db.session.commit()
    held = Registration.query.one()
    page = browser_page
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(agent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    # What the phone's camera opens when it reads the participant's QR code:
    page.goto(f"{live_server.url}{MANAGE}/{event.id}/accueil?code={held.checkin_code}")
    assert page.locator("#scanner").is_hidden()  # no BarcodeDetector in desktop Chromium
    page.get_by_role("button", name="Marquer présent·e").click()
    page.get_by_text("Raphaël Morel est marqué·e présent·e.").wait_for()
    page.get_by_text("Présents : 1 sur 1 inscrits").wait_for()
    assert errors == []
    db.session.expire_all()
    assert held.checked_in_at is not None


def test_forms_as_a_browser_sends_them(client, login, agent, territory, db):
    """Only the fields the page shows: no status when creating, no visibility or
    repetition for a workshop, an unchecked box absent."""
    login(client, agent)
    summit = form(kind="sommet", title="Sommet citoyen", start_time="09:00", end_time="17:30")
    del summit["status"], summit["registration_enabled"]
    assert client.post(MANAGE + "/nouveau", data=summit).status_code == 302
    created = Event.query.one()
    assert created.status == EventStatus.SCHEDULED and not created.registration_enabled
    page = text_of(client.get(MANAGE + f"/{created.id}/atelier"))
    assert 'name="visibility"' not in page and 'name="frequency"' not in page
    workshop = form(kind="atelier", title="Atelier mobilités", start_time="10:00",
                    end_time="11:30", capacity="20")
    for name in ("status", "visibility", "frequency", "interval"):
        del workshop[name]
    assert client.post(MANAGE + f"/{created.id}/atelier", data=workshop).status_code == 302
    db.session.expire_all()
    (atelier,) = created.workshops
    assert atelier.title == "Atelier mobilités" and atelier.visibility == created.visibility
    edit = form(kind="atelier", title="Atelier mobilités douces", start_time="10:00",
                end_time="11:30")
    for name in ("visibility", "frequency", "interval"):
        del edit[name]
    assert client.post(MANAGE + f"/{atelier.id}/modifier", data=edit).status_code == 302
    db.session.expire_all()
    assert atelier.title == "Atelier mobilités douces"


def test_every_form_carries_the_token_that_csrf_protection_wants(make_app, login, agent,
                                                                 territory, make_event, db):
    import re

    event = make_event(agent, territory)
    client = login(make_app(WTF_CSRF_ENABLED=True).test_client(), agent)
    page = client.get(MANAGE + f"/{event.id}/").get_data(as_text=True)
    forms = re.findall(r'<form method="post"[^>]*>\s*<input type="hidden" name="csrf_token" '
                       r'value="([^"]+)"', page)
    # Every form of the page (layout, invite, cancel) has the token as its first input.
    assert len(forms) == page.count('<form method="post"') == 3
    refused = client.post(MANAGE + f"/{event.id}/annuler", data={"reason": "Sans jeton"})
    assert refused.status_code == 400 and "Le formulaire a expiré" in text_of(refused)
    done = client.post(MANAGE + f"/{event.id}/annuler",
                       data={"reason": "Tempête annoncée", "csrf_token": forms[-1],
                             "confirmed": "1"})
    assert done.status_code == 302
    db.session.expire_all()
    assert event.status == EventStatus.CANCELLED
