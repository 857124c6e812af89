"""One access path: every service refuses an object of another organiser, every management
URL loads its event scoped to the organiser of the URL."""

from datetime import timedelta

import pytest

from thc_participation.errors import Forbidden, NotFound
from thc_participation.events.models import Event, EventStatus, Registration
from thc_participation.events.services import attendance, events, registration
from thc_participation.events.services.validation import EventData

from .conftest import paris


@pytest.fixture
def summit(make_event, agent, territory):
    day = paris(30, 9)
    return make_event(agent, territory, kind="sommet", title="Sommet citoyen de Villeneuve",
                      start=day, end=day.replace(hour=17))


def test_create_event_refuses_a_summit_of_another_organiser(other_agent, other_territory,
                                                          admin, summit, db):
    data = EventData.from_event(summit)
    data.kind, data.title = "atelier", "Atelier d'ailleurs"
    data.end = data.start + timedelta(hours=1)
    with pytest.raises(NotFound):
        events.create_event(other_agent, other_territory, data, parent=summit)
    with pytest.raises(NotFound):  # the network is another organiser too
        events.create_event(admin, None, data, parent=summit)
    db.session.rollback()
    assert Event.query.count() == 1


def test_check_in_refuses_a_registration_to_another_event(agent, territory, other_agent,
                                                        other_territory, make_event, make_user,
                                                        db):
    ours = make_event(agent, territory)
    theirs = make_event(other_agent, other_territory, title="Réunion à Autreville")
    held = registration.register(theirs, user=make_user())
    db.session.commit()
    with pytest.raises(NotFound):
        attendance.check_in(agent, ours, held)
    with pytest.raises(Forbidden):  # and their event is not ours to manage
        attendance.check_in(agent, theirs, held)
    db.session.rollback()
    assert db.session.get(Registration, held.id).checked_in_at is None


def _cancel_occurrence(actor, event):
    events.cancel_occurrence(actor, event, paris(10, 18))


def _move_occurrence(actor, event):
    events.move_occurrence(actor, event, paris(10, 18), paris(11, 18), paris(11, 20))


@pytest.mark.parametrize("change", [
    lambda actor, event: events.update_event(actor, event, EventData.from_event(event)),
    lambda actor, event: events.cancel_event(actor, event, "Pas chez vous"),
    _cancel_occurrence,
    _move_occurrence,
    lambda actor, event: registration.invite(actor, event, "lea.autre@exemple.fr"),
], ids=["update_event", "cancel_event", "cancel_occurrence", "move_occurrence", "invite"])
def test_an_agent_of_another_territory_changes_nothing(change, agent, territory, other_agent,
                                                       make_event, db):
    event = make_event(agent, territory)
    with pytest.raises(Forbidden):
        change(other_agent, event)
    db.session.rollback()
    event = db.session.get(Event, event.id)
    assert event.status == EventStatus.SCHEDULED and event.sequence == 0
    assert Registration.query.count() == 0


def test_an_agent_of_another_territory_cannot_unregister_someone(agent, territory,
                                                                 other_agent, make_event,
                                                                 citizen, db):
    event = make_event(agent, territory)
    held = registration.register(event, user=citizen)
    db.session.commit()
    with pytest.raises(Forbidden):
        registration.cancel_registration(held, actor=other_agent)


MANAGE_PAGES = ["/", "/modifier", "/participants.csv", "/accueil", "/atelier"]


@pytest.mark.parametrize("page", MANAGE_PAGES)
def test_management_urls_load_the_event_of_their_organiser_only(page, client, login, agent,
                                                                territory, other_agent,
                                                                admin, summit):
    login(client, other_agent)
    assert client.get(f"/t/autreville/gestion/evenements/{summit.id}{page}").status_code == 404
    login(client, admin)  # the network's pages hold the network's events only
    assert client.get(f"/admin/evenements/{summit.id}{page}").status_code == 404
    assert client.get(f"/t/{territory.slug}/gestion/evenements/{summit.id}{page}"
                      ).status_code == 200


def test_posts_to_another_organisers_event_are_not_found(client, login, other_agent,
                                                         summit, smtp, db):
    login(client, other_agent)
    prefix = f"/t/autreville/gestion/evenements/{summit.id}"
    assert client.post(prefix + "/annuler", data={"reason": "Non"}).status_code == 404
    assert client.post(prefix + "/inviter",
                       data={"email": "lea.autre@exemple.fr"}).status_code == 404
    assert client.post(prefix + "/occurrence",
                       data={"original": "2030-01-01T18:00", "action": "annuler"}
                       ).status_code == 404
    assert client.get(f"/t/autreville/gestion/evenements/nouveau?copie={summit.id}"
                      ).status_code == 404
    db.session.expire_all()
    assert summit.status == EventStatus.SCHEDULED and smtp.messages == []


@pytest.mark.parametrize("ident", ["0", "-1", "99999999999999999999", "1e3"])
def test_malformed_ids_are_not_found(client, login, agent, ident):
    login(client, agent)
    for url in (f"/evenements/{ident}", f"/evenements/{ident}.ics",
                f"/evenements/{ident}/inscription",
                f"/t/villeneuve-les-tests/gestion/evenements/{ident}/"):
        assert client.get(url).status_code == 404
    # A malformed event to copy is no event to copy: the empty form.
    assert client.get(f"/t/villeneuve-les-tests/gestion/evenements/nouveau?copie={ident}"
                      ).status_code == 200
