"""Registrations through HTTP with the e-mails a real SMTP server receives."""

import re
import threading
import time
from datetime import timedelta

import vobject

from thc_participation.events.models import Event, Registration, RegistrationStatus
from thc_participation.events.services import attendance, events, queries, registration, seats
from thc_participation.events.services.validation import EventData
from thc_participation.models import User
from thc_participation.timeutil import utcnow

from ..support.pages import text_of
from .conftest import paris
from .eventcal_parsers import content_lines


def calendar_parts(message):
    """(the text/calendar body part, the .ics attachments) of an e-mail."""
    inline = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    attached = [p for p in message.iter_attachments() if p.get_filename()
                and p.get_filename().endswith(".ics")]
    return inline, attached


def link_in(message, prefix):
    body = message.get_body(("plain",)).get_content()
    match = re.search(re.escape("http://thc.test" + prefix) + r"[^\s]+", body)
    assert match, body
    return match.group(0).replace("http://thc.test", "")


def test_signed_in_registration_confirms_with_ics(client, login, citizen, make_event, agent,
                                                 territory, smtp):
    event = make_event(agent, territory, capacity=30)
    login(client, citizen)
    response = client.post(f"/evenements/{event.id}/inscription")
    assert response.status_code == 302
    page = text_of(client.get(f"/evenements/{event.id}"))
    assert "Votre inscription est confirmée" in page
    assert "Votre code d’accueil" in page and "<svg" in page
    (message,) = smtp.wait_for(1)
    assert message["To"] == "camille.durand@exemple.fr"
    assert message["Subject"] == "Inscription confirmée : Réunion publique sur le budget"
    inline, attached = calendar_parts(message)
    assert inline[0].get_content_type() == "text/calendar"
    assert inline[0].get_param("method") == "REQUEST"
    ics = inline[0].get_content()
    assert f"UID:event-{event.id}@thc.test" in content_lines(ics)
    assert "METHOD:REQUEST" in content_lines(ics)
    assert attached and attached[0].get_content().decode() == ics
    parsed = vobject.readOne(ics)
    assert parsed.vevent.attendee.value == "mailto:camille.durand@exemple.fr"
    # The same UID as in the feeds.
    feed = client.get(f"/t/{territory.slug}/calendrier.ics").get_data(as_text=True)
    assert f"UID:event-{event.id}@thc.test" in content_lines(feed)
    held = Registration.query.one()
    assert held.checkin_code in message.get_body(("plain",)).get_content()


def test_guest_registers_with_name_and_email_confirmed_by_link(client, make_event, agent,
                                                              territory, smtp):
    event = make_event(agent, territory, capacity=30)
    response = client.post(f"/evenements/{event.id}/inscription",
                           data={"name": "Léa Martin", "email": "lea.martin@exemple.fr"})
    assert response.status_code == 200
    assert "Plus qu’une étape" in text_of(response)
    assert Registration.query.one().status == RegistrationStatus.PENDING
    (message,) = smtp.wait_for(1)
    assert not calendar_parts(message)[0]  # no calendar before confirmation
    confirm = link_in(message, "/inscriptions/confirmer/")
    assert client.get(confirm).status_code == 200  # GET only shows the button
    assert Registration.query.one().status == RegistrationStatus.PENDING
    # Registering again while the link is unused sends the link again, nothing else.
    again = client.post(f"/evenements/{event.id}/inscription",
                        data={"name": "Léa Martin", "email": "LEA.martin@exemple.fr"})
    assert "Plus qu’une étape" in text_of(again)
    assert link_in(smtp.wait_for(2)[1], "/inscriptions/confirmer/")
    assert Registration.query.count() == 1
    done = client.post(confirm)
    assert done.status_code == 302
    assert Registration.query.one().status == RegistrationStatus.CONFIRMED
    third = smtp.wait_for(3)[2]
    assert calendar_parts(third)[0][0].get_param("method") == "REQUEST"
    # Tampered link: a clear French message, nothing changed.
    bad = client.post(confirm[:-3] + "xyz")
    assert bad.status_code == 400
    assert "Ce lien n'est pas valide" in text_of(bad)


def test_guest_bad_input_keeps_what_was_typed(client, make_event, agent, territory, smtp):
    event = make_event(agent, territory)
    response = client.post(f"/evenements/{event.id}/inscription",
                           data={"name": "Léa Martin", "email": "pas-une-adresse"})
    assert response.status_code == 400
    page = text_of(response)
    assert "Cette adresse e-mail n'est pas valide." in page
    assert 'value="Léa Martin"' in page and 'value="pas-une-adresse"' in page
    assert Registration.query.count() == 0 and smtp.messages == []


def test_capacity_waiting_list_and_promotion_by_email_link(client, login, make_user, make_event,
                                                          agent, territory, smtp):
    event = make_event(agent, territory, capacity=1)
    first, second = make_user(name="Hugo Bernard"), make_user(name="Chloé Thomas")
    login(client, first)
    client.post(f"/evenements/{event.id}/inscription")
    login(client, second)
    response = client.post(f"/evenements/{event.id}/inscription", follow_redirects=True)
    assert "vous êtes sur liste d'attente, position 1" in text_of(response)
    statuses = {r.user_id: r.status for r in Registration.query}
    assert statuses == {first.id: RegistrationStatus.CONFIRMED,
                        second.id: RegistrationStatus.WAITING}
    messages = smtp.wait_for(2)
    assert messages[1]["Subject"].startswith("Liste d'attente")
    assert not calendar_parts(messages[1])[0]
    # The first person cancels from the link in their e-mail.
    cancel = link_in(messages[0], "/inscriptions/")
    client.get("/")  # any request; the link needs no session
    asked = client.post(cancel)  # the confirmation page first: nothing changes yet
    assert asked.status_code == 200 and "Vous désinscrire ?" in text_of(asked)
    assert client.post(cancel, data={"confirmed": "1"}).status_code == 302
    statuses = {r.user_id: r.status for r in Registration.query}
    assert statuses[second.id] == RegistrationStatus.CONFIRMED
    assert statuses[first.id] == RegistrationStatus.CANCELLED
    received = smtp.wait_for(4)
    by_subject = {m["Subject"]: m for m in received[2:]}
    unregistered = by_subject["Désinscription enregistrée : Réunion publique sur le budget"]
    assert "METHOD:CANCEL" in calendar_parts(unregistered)[0][0].get_content()
    promoted = by_subject["Une place s'est libérée : Réunion publique sur le budget"]
    assert promoted["To"] == second.email
    assert calendar_parts(promoted)[0][0].get_param("method") == "REQUEST"
    # Cancelling twice is refused politely.
    again = client.post(cancel)
    assert again.status_code == 409 and "déjà annulée" in text_of(again)


def test_registering_twice_after_closing_and_for_a_private_call(client, login, citizen, elu,
                                                               make_event, agent, territory,
                                                               monthly_call):
    event = make_event(agent, territory)
    login(client, citizen)
    client.post(f"/evenements/{event.id}/inscription")
    twice = client.post(f"/evenements/{event.id}/inscription")
    assert twice.status_code == 409
    assert "Vous êtes déjà inscrit·e à « Réunion publique sur le budget »." in text_of(twice)
    assert Registration.query.count() == 1

    early = make_event(agent, territory, title="Balade urbaine",
                       registration_opens=paris(3, 9))
    response = client.post(f"/evenements/{early.id}/inscription")
    assert response.status_code == 400
    assert "Les inscriptions ouvriront le" in text_of(response)
    closed = make_event(agent, territory, title="Atelier vélo",
                        registration_closes=paris(0, 0) - timedelta(days=1),
                        registration_opens=paris(0, 0) - timedelta(days=5))
    response = client.post(f"/evenements/{closed.id}/inscription")
    assert response.status_code == 400 and "Les inscriptions sont closes." in text_of(response)

    # A citizen does not even see the private call; a network member may register.
    assert client.post(f"/evenements/{monthly_call.id}/inscription").status_code == 404
    assert client.get(f"/evenements/{monthly_call.id}").status_code == 404
    login(client, elu)
    assert client.post(f"/evenements/{monthly_call.id}/inscription").status_code == 302
    # A guest may not register for a network event either (no account, no membership).
    client.post("/compte/deconnexion")
    with client.session_transaction() as session:
        session.clear()
    guest = client.post(f"/evenements/{monthly_call.id}/inscription",
                        data={"name": "Intrus", "email": "intrus@exemple.fr"})
    assert guest.status_code == 404
    assert Registration.query.filter_by(event_id=monthly_call.id).count() == 1


def test_full_private_call_puts_the_eleventh_member_on_the_waiting_list(
        make_user, territory, monthly_call, smtp, db):
    from thc_participation.models import Territory, TerritoryKind

    # Eleven network members: each authority designates two at most.
    places = [Territory(name=f"Commune {i}", slug=f"commune-{i}", kind=TerritoryKind.COMMUNE,
                        population=1_000) for i in range(6)]
    db.session.add_all(places)
    db.session.commit()
    members = [make_user(roles=("elu",), territory=places[i // 2], network=True)
               for i in range(11)]
    for member in members:
        registration.register(monthly_call, user=member)
    statuses = [r.status for r in Registration.query.order_by(Registration.id)]
    assert statuses == [RegistrationStatus.CONFIRMED] * 10 + [RegistrationStatus.WAITING]


def test_two_people_take_the_last_seat_at_the_same_moment(app, make_user, make_event, agent,
                                                         territory, login, smtp, db):
    event = make_event(agent, territory, capacity=3)
    for _ in range(2):
        registration.register(event, user=make_user())
    db.session.commit()
    people = [make_user(name="Inès Richard"), make_user(name="Arthur Durand")]
    clients = [login(app.test_client(), person) for person in people]
    url = f"/evenements/{event.id}/inscription"
    barrier = threading.Barrier(2)
    results = []

    def attempt(client):
        barrier.wait()
        results.append(client.post(url).status_code)

    threads = [threading.Thread(target=attempt, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == [302, 302]
    last = {r.user_id: r.status for r in Registration.query.filter(
        Registration.user_id.in_([p.id for p in people]))}
    assert sorted(last.values()) == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
    assert Registration.query.filter_by(status=RegistrationStatus.CONFIRMED).count() == 3


def test_change_of_time_sends_update_with_higher_sequence_and_cancel_sends_cancel(
        make_user, make_event, agent, territory, smtp, db):
    event = make_event(agent, territory)
    person = make_user(name="Zoé Moreau")
    registration.register(event, user=person)
    assert smtp.messages == []  # e-mails leave with the commit only
    db.session.commit()
    smtp.wait_for(1)
    data = EventData.from_event(event)
    data.start, data.end = data.start + timedelta(days=1), data.end + timedelta(days=1)
    events.update_event(agent, event, data)
    db.session.commit()
    update = smtp.wait_for(2)[1]
    assert update["Subject"] == "Modification : Réunion publique sur le budget"
    ics = calendar_parts(update)[0][0].get_content()
    assert "SEQUENCE:1" in content_lines(ics) and "METHOD:REQUEST" in content_lines(ics)
    # A description change is not a new version: no e-mail.
    data = EventData.from_event(event)
    data.description = "Avec un goûter."
    events.update_event(agent, event, data)
    events.cancel_event(agent, event, "Salle indisponible")
    db.session.commit()
    cancel = smtp.wait_for(3)[2]
    assert cancel["Subject"] == "Annulation : Réunion publique sur le budget"
    part = calendar_parts(cancel)[0][0]
    assert part.get_param("method") == "CANCEL"
    lines = content_lines(part.get_content())
    assert "METHOD:CANCEL" in lines and "SEQUENCE:2" in lines and "STATUS:CANCELLED" in lines
    assert "Salle indisponible" in cancel.get_body(("plain",)).get_content()
    assert len(smtp.messages) == 3


def test_video_link_only_for_participants_from_15_minutes_before_never_emailed(
        client, login, app, elu, make_user, territory, monthly_call, smtp, db):
    registration.register(monthly_call, user=elu)
    db.session.commit()
    for message in smtp.wait_for(1):
        assert "visio.exemple.fr" not in message.as_string()
    occurrence = queries.current_occurrence(monthly_call)
    before = occurrence.start - timedelta(minutes=16)
    assert registration.video_link(monthly_call, elu, now=before)[0] is None
    assert registration.video_link(monthly_call, elu, now=before + timedelta(minutes=2))[0] == \
        "https://visio.exemple.fr/reseau-mensuel"
    other = make_user(roles=("agent",), territory=territory)
    assert registration.video_link(monthly_call, other, now=occurrence.start)[0] is None
    login(client, elu)
    page = text_of(client.get(f"/evenements/{monthly_call.id}"))
    assert "visio.exemple.fr" not in page  # more than 15 minutes before the next call
    assert "Le lien de connexion apparaîtra ici" in page


def test_reminders_follow_changes_of_time(app, make_user, make_event, agent, territory, smtp,
                                          db):
    event = make_event(agent, territory, start=paris(1, 18))
    person = make_user(name="Tom Leroy")
    registration.register(event, user=person)
    data = EventData.from_event(event)
    data.start, data.end = data.start + timedelta(days=6), data.end + timedelta(days=6)
    events.update_event(agent, event, data)  # moved to next week
    db.session.commit()
    smtp.wait_for(2)
    event_id, agent_id = event.id, agent.id
    result = app.test_cli_runner().invoke(args=["events", "remind"])
    assert result.exit_code == 0 and "0 rappel(s)" in result.output
    # The command is an operation of its own: it ended with its own session.
    event, agent = db.session.get(Event, event_id), db.session.get(User, agent_id)
    data.start, data.end = paris(1, 9), paris(1, 11)
    events.update_event(agent, event, data)  # back to tomorrow morning
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["events", "remind"])
    assert "1 rappel(s)" in result.output
    reminder = smtp.wait_for(4)[3]
    assert reminder["Subject"] == "Rappel : Réunion publique sur le budget demain"
    assert "09:00" in reminder.get_body(("plain",)).get_content()
    assert app.test_cli_runner().invoke(args=["events", "remind"]).output.startswith("0 ")


def test_retention_purge_keeps_counts(app, make_user, make_event, agent, territory, db):
    event = make_event(agent, territory, start=paris(-200, 18))
    guest = Registration(event=event, guest_name="Léa Martin", guest_email="lea@exemple.fr",
                         status=RegistrationStatus.CONFIRMED,
                         checkin_code=seats.new_checkin_code(),
                         checked_in_at=utcnow() - timedelta(days=200))
    db.session.add(guest)
    db.session.commit()
    event_id, registration_id = event.id, guest.id
    result = app.test_cli_runner().invoke(args=["events", "purge", "--days", "90"])
    assert "1 événement(s) purgé(s)" in result.output
    guest = db.session.get(Registration, registration_id)
    assert guest.guest_name is None and guest.guest_email is None
    counts = attendance.attendance_counts(db.session.get(Event, event_id))
    assert counts["confirmed"] == 1 and counts["present"] == 1


def test_emails_leave_with_the_commit_and_a_rollback_sends_none(make_user, make_event, agent,
                                                                territory, smtp, db):
    event = make_event(agent, territory)
    first, second = make_user(name="Paul Girard"), make_user(name="Nina Petit")
    registration.register(event, user=first)
    db.session.rollback()  # the operation failed after the service: nobody is told
    assert Registration.query.count() == 0
    registration.register(event, user=second)
    db.session.commit()
    (message,) = smtp.wait_for(1)
    assert message["To"] == second.email
    time.sleep(0.3)
    assert len(smtp.messages) == 1


def test_json_clients_get_json_answers_and_errors(client, login, citizen, make_event, agent,
                                                  territory, smtp):
    event = make_event(agent, territory)
    login(client, citizen)
    url, json = f"/evenements/{event.id}/inscription", {"Accept": "application/json"}
    first = client.post(url, headers=json)
    assert first.status_code == 200 and first.json["ok"] is True
    assert "Votre inscription est confirmée" in first.json["message"]
    again = client.post(url, headers=json)
    assert again.status_code == 409 and again.json["error"] == "already_registered"
    unknown = client.post(url, headers=json, data={"workshops": "x"})
    assert unknown.status_code == 400 and unknown.json["message"] == "Choix d'atelier inconnu."


def test_a_guest_registering_again_gets_the_same_page_as_a_new_address(client, make_event,
                                                                       agent, territory, smtp):
    """Whether an address is registered is never shown; its owner is told by e-mail."""
    event = make_event(agent, territory, capacity=30)
    url = f"/evenements/{event.id}/inscription"
    client.post(url, data={"name": "Léa Martin", "email": "lea.martin@exemple.fr"})
    confirmed = client.post(link_in(smtp.wait_for(1)[0], "/inscriptions/confirmer/"),
                            follow_redirects=True)  # the page that shows the flash message
    assert confirmed.status_code == 200
    assert Registration.query.one().status == RegistrationStatus.CONFIRMED
    smtp.wait_for(2)

    def register(email):
        response = client.post(url, data={"name": "Quelqu'un", "email": email})
        return response.status_code, response.get_data(as_text=True).replace(email, "ADRESSE")

    known = register("lea.martin@exemple.fr")
    unknown = register("hugo.bernard@exemple.fr")
    assert known == unknown and known[0] == 200
    received = {m["To"]: m for m in smtp.wait_for(4)[2:]}
    assert "Vous êtes déjà inscrit·e" in received["lea.martin@exemple.fr"]["Subject"]
    assert "rien n’a changé" in received["lea.martin@exemple.fr"].get_body(
        ("plain",)).get_content()
    assert "/inscriptions/confirmer/" in received["hugo.bernard@exemple.fr"].get_body(
        ("plain",)).get_content()
    assert Registration.query.count() == 2
