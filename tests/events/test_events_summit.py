"""The citizen summit: workshops that do not overlap, its pages, the demo, and a browser run."""


from datetime import timedelta

import pytest

from thc_participation.events.models import Event, EventKind, Registration, RegistrationStatus
from thc_participation.events.services import events, registration
from thc_participation.events.services.validation import EventData

from ..support.pages import text_of
from .conftest import paris


@pytest.fixture
def summit(make_event, agent, territory):
    day = paris(30, 9)
    summit = make_event(
        agent, territory, kind="sommet", title="Sommet citoyen de Villeneuve", start=day,
        end=day.replace(hour=17, minute=30), capacity=100,
        partners="Association Loire Vivante\nRadio Villeneuve (média partenaire)",
        step_free=True, childcare=True, interpretation="LSF le matin",
    )
    for title, hour, capacity in (("Mobilités", 10, 20), ("Alimentation", 10, 20),
                                  ("Jeunesse", 14, 1), ("Bords de Loire", 14, 20)):
        make_event(agent, territory, parent=summit, kind="atelier", title=title,
                   start=day.replace(hour=hour), end=day.replace(hour=hour + 1, minute=30),
                   capacity=capacity)
    return summit


def workshop(summit, title):
    return next(w for w in summit.workshops if w.title == title)


def test_summit_page_programme_and_partners(client, summit):
    page = text_of(client.get(f"/evenements/{summit.id}"))
    for text in ("Mobilités", "Bords de Loire", "Association Loire Vivante",
                 "Garde d’enfants sur place", "Interprétation : LSF le matin",
                 "Programme imprimable"):
        assert text in page
    programme = text_of(client.get(f"/evenements/{summit.id}/programme"))
    assert programme.index("Mobilités") < programme.index("Jeunesse")
    assert "10:00 – 11:30" in programme
    assert client.get(f"/evenements/{workshop(summit, 'Jeunesse').id}/programme").status_code \
        == 404


def test_register_for_summit_and_two_workshops_then_overlap_refused(client, login, citizen,
                                                                   summit, smtp, db):
    login(client, citizen)
    chosen = [workshop(summit, "Mobilités").id, workshop(summit, "Jeunesse").id]
    response = client.post(f"/evenements/{summit.id}/inscription",
                           data={"workshops": [str(i) for i in chosen]})
    assert response.status_code == 302
    mine = {r.event.title: r.status for r in Registration.query.filter_by(user_id=citizen.id)}
    assert mine == {"Sommet citoyen de Villeneuve": RegistrationStatus.CONFIRMED,
                    "Mobilités": RegistrationStatus.CONFIRMED,
                    "Jeunesse": RegistrationStatus.CONFIRMED}
    (message,) = smtp.wait_for(1)
    attachments = sorted(p.get_filename() for p in message.iter_attachments())
    assert attachments == [f"atelier-{chosen[0]}.ics", f"atelier-{chosen[1]}.ics",
                           "evenement.ics"]
    # A workshop at the same time as one already chosen: refused, nothing written.
    clash = client.post(f"/evenements/{summit.id}/inscription",
                        data={"workshops": [str(workshop(summit, "Alimentation").id)]})
    assert clash.status_code == 400
    assert "ont lieu en même temps" in text_of(clash)
    db.session.expire_all()
    assert Registration.query.filter_by(user_id=citizen.id).count() == 3


def test_guest_choice_of_overlapping_workshops_is_refused_and_kept(client, summit, smtp):
    ids = [str(workshop(summit, "Mobilités").id), str(workshop(summit, "Alimentation").id)]
    response = client.post(f"/evenements/{summit.id}/inscription", data={
        "name": "Noah Girard", "email": "noah@exemple.fr", "workshops": ids})
    assert response.status_code == 400
    page = text_of(response)
    assert "Les ateliers « Mobilités » et « Alimentation » ont lieu en même temps" in page
    assert 'value="Noah Girard"' in page
    assert page.count("checked") == 2
    assert Registration.query.count() == 0 and smtp.messages == []


def test_guest_summit_confirmation_confirms_the_workshops_and_full_one_waits(
        client, summit, make_user, smtp, db):
    registration.register_for_summit(summit, [workshop(summit, "Jeunesse")], user=make_user())
    db.session.commit()
    client.post(f"/evenements/{summit.id}/inscription", data={
        "name": "Noah Girard", "email": "noah@exemple.fr",
        "workshops": [str(workshop(summit, "Jeunesse").id)]})
    message = smtp.wait_for(2)[1]
    body = message.get_body(("plain",)).get_content()
    link = body[body.index("http://thc.test/inscriptions/confirmer/"):].split()[0]
    client.post(link.replace("http://thc.test", ""))
    db.session.expire_all()
    statuses = {r.event.title: r.status for r in Registration.query.filter_by(
        guest_email="noah@exemple.fr")}
    assert statuses == {"Sommet citoyen de Villeneuve": RegistrationStatus.CONFIRMED,
                        "Jeunesse": RegistrationStatus.WAITING}


def test_workshop_rules(make_event, agent, territory, summit):
    from thc_participation.errors import Invalid

    with pytest.raises(Invalid, match="pendant le sommet"):
        make_event(agent, territory, parent=summit, kind="atelier", title="Trop tard",
                   start=paris(31, 10), end=paris(31, 11))
    with pytest.raises(Invalid, match="depuis la page de gestion de son sommet"):
        make_event(agent, territory, kind="atelier", title="Orphelin")
    with pytest.raises(Invalid, match="depuis la page d'inscription du sommet"):
        registration.register(workshop(summit, "Mobilités"), user=agent)


def test_demo_calendar_and_summit(app, client, db, territory, make_user, admin, agent, elu,
                                  citizen):
    from thc_participation.demo import Demo
    from thc_participation.events.demo import populate
    from thc_participation.timeutil import utcnow

    demo = Demo(territory=territory, users={"admin": admin, "agent": agent, "elu": elu,
                                            "citizen": citizen}, now=utcnow(),
                citizens=[make_user() for _ in range(40)])
    returned = populate(demo)
    db.session.commit()
    workshops = Event.query.filter_by(kind=EventKind.ATELIER).all()
    assert len(workshops) == 4 and len({w.parent_id for w in workshops}) == 1
    assert {w.id for w in returned} == {w.id for w in workshops}
    call = Event.query.filter_by(kind=EventKind.VISIO_PRIVEE).one()
    assert call.rrule and any(o.cancelled for o in call.occurrences)
    assert any(not o.cancelled for o in call.occurrences)
    network = client.get("/calendrier/reseau.ics").get_data(as_text=True)
    # Learning visits and private calls are for the network's members, not the public feed.
    assert "Visite apprenante à Kingersheim" not in network and "Visio mensuelle" not in network
    assert "Visio publique" in network
    visits = Event.query.filter_by(kind=EventKind.VISITE).all()
    assert len(visits) == 3 and all(v.visibility.value == "reseau" for v in visits)
    assert "Sommet citoyen" in text_of(client.get(f"/t/{territory.slug}/evenements?vue=liste"))
    listing = text_of(client.get("/evenements?vue=liste"))
    assert "Visio publique" in listing
    summit = workshops[0].parent
    assert "Jeunesse : des lieux pour les 15-25 ans" in text_of(client.get(
        f"/evenements/{summit.id}"))


@pytest.mark.browser
def test_browser_registration_for_the_summit_and_two_workshops(live_server, browser_page,
                                                               summit, smtp, db):
    page = browser_page
    page.goto(f"{live_server.url}/evenements/{summit.id}")
    page.get_by_role("link", name="S’inscrire et choisir ses ateliers").click()
    page.get_by_label("Votre nom").fill("Manon Laurent")
    page.get_by_label("Votre adresse e-mail").fill("manon.laurent@exemple.fr")
    page.get_by_label("Mobilités").check()
    page.get_by_label("Bords de Loire").check()
    page.get_by_role("button", name="Valider mon inscription").click()
    page.get_by_text("Plus qu’une étape").wait_for()
    message = smtp.wait_for(1)[0]
    body = message.get_body(("plain",)).get_content()
    link = body[body.index("/inscriptions/confirmer/"):].split()[0]
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Je confirme mon inscription").click()
    page.get_by_text("Votre inscription est confirmée").wait_for()
    # The link page never shows the check-in code (issue #14): the confirmation e-mail does.
    assert page.locator("figure.qr svg").count() == 0
    page.get_by_text("Votre code d’accueil figure dans l’e-mail de confirmation").wait_for()
    db.session.expire_all()
    titles = sorted(r.event.title for r in Registration.query.filter_by(
        guest_email="manon.laurent@exemple.fr", status=RegistrationStatus.CONFIRMED))
    assert titles == ["Bords de Loire", "Mobilités", "Sommet citoyen de Villeneuve"]
    confirmation = smtp.wait_for(2)[1]
    assert confirmation["Subject"] == "Inscription confirmée : Sommet citoyen de Villeneuve"
    held = Registration.query.filter_by(guest_email="manon.laurent@exemple.fr",
                                        event_id=summit.id).one()
    assert held.checkin_code in confirmation.get_body(("plain",)).get_content()


def test_moving_the_summit_moves_its_programme(summit, agent, make_user, smtp, db):
    person = make_user(name="Ethan Bonnet")
    registration.register_for_summit(summit, [workshop(summit, "Mobilités")], user=person)
    data = EventData.from_event(summit)
    data.start, data.end = data.start + timedelta(days=7), data.end + timedelta(days=7)
    events.update_event(agent, summit, data)
    db.session.commit()
    mobility = workshop(summit, "Mobilités")
    assert mobility.start_at - summit.start_at == timedelta(hours=1)
    assert mobility.sequence == 1
    subjects = sorted(m["Subject"] for m in smtp.wait_for(3)[1:])
    assert subjects == ["Modification : Mobilités",
                        "Modification : Sommet citoyen de Villeneuve"]


def test_workshop_links_to_its_live_board(client, summit, agent, territory, db):
    from thc_participation.events.boards.services import boards

    mobility = workshop(summit, "Mobilités")
    board = boards.create_board(agent, territory, "Comment se déplacer sans voiture ?",
                                event_id=mobility.id)
    db.session.commit()
    page = client.get(f"/evenements/{summit.id}").get_data(as_text=True)
    assert f'href="/b/{board.code}"' in page
    assert f'href="/b/{board.code}"' in client.get(f"/evenements/{mobility.id}").get_data(
        as_text=True)
    assert page.count("Tableau de l’atelier en direct") == 1
