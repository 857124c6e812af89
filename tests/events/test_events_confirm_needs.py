"""Issue #19 on the events: unregistering asks first and says what is dropped (one workshop can
be left alone), full workshops say so before submitting, places read in words, accessibility
needs are asked, listed and counted, the organiser checks people in and out on the list, and a
cancelled session stays "annulée" with its reason on the page and in the feeds."""

from thc_participation.events.models import Registration, RegistrationStatus
from thc_participation.events.services import queries, registration
from thc_participation.events.services.validation import Recurrence
from thc_participation.timeutil import to_paris

from ..support.pages import text_of
from . import test_events_summit

summit = test_events_summit.summit  # the summit with four workshops (one of one place)

MANAGE = "/t/{slug}/gestion/evenements/{id}"


def _workshop(summit, title):
    return next(w for w in summit.workshops if w.title == title)


def test_unregistering_asks_first_and_can_leave_one_workshop(client, login, summit, citizen,
                                                             db):
    mobility, youth = _workshop(summit, "Mobilités"), _workshop(summit, "Bords de Loire")
    registration.register_for_summit(summit, [mobility, youth], user=citizen)
    db.session.commit()
    login(client, citizen)
    page = text_of(client.get(f"/evenements/{summit.id}"))
    assert "Me désinscrire du sommet et de 2 ateliers" in page
    assert 'data-confirm-title="Vous désinscrire ?"' in page  # the dialog's question
    assert page.count("Quitter cet atelier") == 2
    url = f"/evenements/{summit.id}/desinscription"
    asked = client.post(url)  # without JavaScript: the confirmation page, nothing dropped
    text = text_of(asked)
    assert asked.status_code == 200 and "Vous désinscrire ?" in text
    assert "vos places dans 2 ateliers" in text
    assert "Mobilités (" in text and "Bords de Loire (" in text and "Sommet citoyen" in text
    assert 'name="confirmed" value="1"' in text
    assert {r.status for r in Registration.query} == {RegistrationStatus.CONFIRMED}
    # A script is told a confirmation is required.
    scripted = client.post(url, headers={"Accept": "application/json"})
    assert scripted.status_code == 428
    assert scripted.get_json()["error"] == "confirmation_required"
    # Leaving one workshop only: asked, then only that workshop goes.
    one = client.post(url, data={"workshop": str(mobility.id)})
    assert "Quitter l'atelier « Mobilités » ?" in text_of(one)
    assert f'name="workshop" value="{mobility.id}"' in text_of(one)
    left = client.post(url, data={"workshop": str(mobility.id), "confirmed": "1"},
                       follow_redirects=True)
    assert "votre inscription au sommet est maintenue" in text_of(left)
    statuses = {r.event_id: r.status for r in Registration.query}
    assert statuses == {summit.id: RegistrationStatus.CONFIRMED,
                        mobility.id: RegistrationStatus.CANCELLED,
                        youth.id: RegistrationStatus.CONFIRMED}
    assert client.post(url, data={"workshop": str(mobility.id)}).status_code == 404
    client.post(url, data={"confirmed": "1"})
    assert {r.status for r in Registration.query} == {RegistrationStatus.CANCELLED}


def test_full_workshop_said_before_submitting_and_waiting_position_after(
        client, login, summit, citizen, make_user, db):
    youth = _workshop(summit, "Jeunesse")  # one place
    registration.register_for_summit(summit, [youth], user=make_user(name="Inès Roux"))
    db.session.commit()
    login(client, citizen)
    form = text_of(client.get(f"/evenements/{summit.id}/inscription"))
    assert "Complet — liste d’attente" in form
    assert "1 place prise sur 100, 99 restantes" in form
    assert "0 places prises sur 20, 20 restantes" in form
    done = client.post(f"/evenements/{summit.id}/inscription",
                       data={"workshops": [str(youth.id)]}, follow_redirects=True)
    text = text_of(done)
    assert "Votre inscription est confirmée." in text
    assert "Atelier « Jeunesse » : complet, vous êtes sur liste d'attente, position 1." in text


def test_needs_are_asked_listed_counted_and_filtered(client, login, summit, agent, citizen,
                                                    make_user, db):
    login(client, citizen)
    form = text_of(client.get(f"/evenements/{summit.id}/inscription"))
    assert "Garde d'enfants" in form and "langue des signes (LSF)" in form
    refused = client.post(f"/evenements/{summit.id}/inscription",
                          data={"needs": ["childcare", "other"], "needs_other": ""})
    assert refused.status_code == 400 and "Votre autre besoin est vide." in text_of(refused)
    assert 'value="childcare" checked' in text_of(refused)  # the choice is kept
    client.post(f"/evenements/{summit.id}/inscription",
                data={"needs": ["childcare", "lsf", "other"], "needs_other": "Boucle magnétique"})
    other = make_user(name="Marc Petit")
    registration.register_for_summit(summit, [], user=other, needs=["step_free"])
    db.session.commit()
    held = queries.my_registration(summit, citizen)
    assert held.needs == "childcare,lsf,other" and held.needs_other == "Boucle magnétique"
    login(client, agent)
    base = MANAGE.format(slug=summit.territory.slug, id=summit.id) + "/participants"
    page = text_of(client.get(base))
    assert "Garde d'enfants : 1 demande" in page and "Accès de plain-pied" in page
    assert "« Boucle magnétique »" in page and "Marc Petit" in page
    only = text_of(client.get(base + "?besoin=lsf"))
    assert "1 inscription affichée" in only and "Marc Petit" not in only
    assert "2 inscriptions affichées" in text_of(client.get(base + "?besoin=inconnu"))


def test_organiser_checks_in_and_out_on_the_list(client, login, summit, agent, citizen, db):
    held = registration.register(summit, user=citizen)
    db.session.commit()
    login(client, agent)
    base = MANAGE.format(slug=summit.territory.slug, id=summit.id)
    url = f"{base}/participants/{held.id}/presence"
    page = text_of(client.get(base + "/participants?statut=confirmed"))
    assert "Marquer présent·e" in page and 'name="statut" value="confirmed"' in page
    response = client.post(url, data={"action": "in", "statut": "confirmed"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/participants?statut=confirmed")
    db.session.refresh(held)
    assert held.checked_in_at is not None
    assert "Annuler la présence" in text_of(client.get(base + "/participants"))
    assert client.post(url, data={"action": "in"}).status_code == 409  # once
    client.post(url, data={"action": "out"})
    db.session.refresh(held)
    assert held.checked_in_at is None
    assert client.post(f"{base}/participants/999999/presence",
                       data={"action": "in"}).status_code == 404


def test_cancelled_session_stays_with_its_reason(client, login, agent, territory,
                                                 make_event, db):
    series = make_event(agent, territory, title="Permanence du budget participatif",
                        recurrence=Recurrence("weekly", count=6))
    occurrences = queries.occurrences_of(series)
    original = to_paris(occurrences[1].original_start).replace(tzinfo=None)
    login(client, agent)
    url = MANAGE.format(slug=territory.slug, id=series.id) + "/occurrence"
    form = {"original": original.strftime("%Y-%m-%dT%H:%M"), "action": "annuler",
            "cancel_reason": "Salle indisponible"}
    asked = client.post(url, data=form)
    assert "Annuler cette séance ?" in text_of(asked)
    assert len(queries.occurrences_of(series)) == 6  # nothing cancelled yet
    assert client.post(url, data={**form, "confirmed": "1"}).status_code == 302
    page = text_of(client.get(f"/evenements/{series.id}"))
    assert "annulée</strong> — Motif : Salle indisponible" in page
    assert "<del>" in page
    feed = client.get(f"/evenements/{series.id}.ics").get_data(as_text=True).replace("\r\n ", "")
    assert "STATUS:CANCELLED" in feed and "Salle indisponible" in feed
    assert "SUMMARY:Séance annulée : Permanence du budget participatif" in feed
    db.session.expire_all()
    assert len(queries.occurrences_of(series)) == 5
