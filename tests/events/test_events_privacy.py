"""The retention purge of events leaves nothing that names an attendee, log included."""

from datetime import timedelta

from thc_participation.events.models import Event, Registration
from thc_participation.events.services import attendance, registration
from thc_participation.models import AuditEntry

from ..support.database import where_found
from ..support.pages import text_of


def test_events_purge_forgets_attendees_in_registrations_and_in_the_log(
        app, client, login, make_user, make_event, agent, territory, smtp, db):
    event = make_event(agent, territory)
    present = make_user(name="Hortense Présente", email="hortense.presente@exemple.fr")
    leaving = make_user(name="Léon Désisté", email="leon.desiste@exemple.fr")
    mine = registration.register(event, user=present)
    cancelled = registration.register(event, user=leaving)
    registration.register(event, guest=registration.Guest("Gwen Invitée",
                                                          "gwen.invitee@exemple.fr"))
    db.session.commit()
    registration.cancel_registration(cancelled, actor=leaving)
    attendance.check_in(agent, event, mine)
    db.session.commit()
    names = ("Hortense Présente", "Léon Désisté")
    assert {e.actor_id for e in db.session.scalars(db.select(AuditEntry))} >= {present.id,
                                                                               leaving.id}
    for name in ("start_at", "end_at", "series_end_at"):
        setattr(event, name, getattr(event, name) - timedelta(days=400))
    db.session.commit()
    event_id, people, agent_id = event.id, {present.id, leaving.id}, agent.id
    journal = f"/t/{territory.slug}/gestion/journal"

    result = app.test_cli_runner().invoke(args=["events", "purge", "--days", "90"])
    assert "1 événement(s) purgé(s)" in result.output
    rows = db.session.scalars(db.select(Registration).filter_by(event_id=event_id)).all()
    assert len(rows) == 3
    assert all(r.user_id is None and r.guest_name is None and r.guest_email is None
               for r in rows)
    entries = db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.target_type == "Event", AuditEntry.target_id == event_id)).all()
    assert {e.action for e in entries if e.actor_id is None} >= {"event.register",
                                                                "event.unregister"}
    assert {e.actor_id for e in entries} & people == set()
    # The organiser's own actions stay signed.
    assert {e.action for e in entries if e.actor_id == agent_id} >= {"event.create",
                                                                    "event.check_in"}
    # Guests are gone from every table; account holders remain only in their own account.
    found = where_found("Gwen Invitée", "gwen.invitee", *names, "hortense.presente",
                        "leon.desiste")
    assert found["Gwen Invitée"] == found["gwen.invitee"] == set()
    for needle in (*names, "hortense.presente", "leon.desiste"):
        assert found[needle] <= {"user.display_name", "user.email"}, needle
    login(client, db.session.get(type(agent), agent_id))
    page = text_of(client.get(journal))
    # The log in French (it showed the code "event.register" before issue #19).
    assert "s'est inscrit·e" in page and "Personne anonymisée" in page
    assert not any(name in page for name in names)
    assert db.session.get(Event, event_id).purged_at is not None
