"""The demo territory shows every section with content."""

from datetime import date

from dateutil.relativedelta import relativedelta

from thc_participation.dashboard import demo as dashboard_demo
from thc_participation.dashboard import timeline
from thc_participation.dashboard.models import Actor, ActorStatus, Commitment, Stage
from thc_participation.dashboard.services import progress, queries
from thc_participation.demo import Demo
from thc_participation.models import AgeBand, User
from thc_participation.timeutil import utcnow

from ..support.pages import text_of


def test_demo_populates_a_programme_eight_months_in(client, territory, make_user, db):
    territory.programme_start = date.today() - relativedelta(months=8)
    territory.latitude, territory.longitude = 47.392, 0.688
    db.session.commit()
    users = {key: make_user(roles=[role] if role else [], territory=territory, name=name)
             for key, role, name in (("agent", "agent", "Karim Benali"),
                                     ("elu", "elu", "Monique Lefèvre"),
                                     ("steering", "steering", "Sophie Garnier"),
                                     ("evaluation", "evaluation", "Lucas Petit"),
                                     ("citizen", None, "Camille Durand"))}
    users["admin"] = make_user(admin=True, name="Claire Démocratie-Ouverte")
    citizens = [make_user(name=f"Habitant {i}", profile_consent_at=utcnow(),
                          age_band=AgeBand.FROM_18_TO_24) for i in range(16)]
    dashboard_demo.populate(Demo(territory=territory, users=users, now=utcnow(),
                                 citizens=citizens))
    db.session.commit()  # what ``thc demo`` does after each module's populate

    plan = progress.timeline_of(territory)
    assert plan.current == "implementation"
    statuses = {d.key: d.status for d in plan.deliverables}
    for key in ("team", "declaration", "partnership", "video", "diagnostic_report", "inventory",
                "actors_map", "summit_report", "governance_schema", "action_plan",
                "actions_launched", "evaluation_report"):
        assert statuses[key] == timeline.DONE, key
    assert statuses["actions_assessed"] == timeline.MISSING
    for item in plan.deliverables:  # the demo's programme is on its own plan's schedule
        assert item.done_on is None or item.done_on <= item.due, item.key
    # Only the consultation, which the consultation module's demo (not loaded here) provides.
    assert [d.key for d in plan.deliverables if d.status == timeline.LATE] == ["consultation"]
    assert len(queries.actors_of(territory)) == 15
    assert db.session.query(Actor).filter_by(status=ActorStatus.PENDING).count() == 1
    stages = [c.stage for c in db.session.query(Commitment).order_by(Commitment.position)]
    assert stages == [Stage.EXPERIMENTATION, Stage.CONCEPTION, Stage.IMPROVEMENTS,
                      Stage.GENERALISATION]

    for path in ("", "equipe", "engagement", "diagnostic", "acteurs", "sommet",
                 "plan-d-action", "actions", "evaluation"):
        assert client.get(f"/t/{territory.slug}/{path}").status_code == 200
    home = text_of(client.get(f"/t/{territory.slug}/"))
    assert "Mois J+8 : phase 4, Mise en œuvre des actions." in home
    team = text_of(client.get(f"/t/{territory.slug}/equipe"))
    assert "jean.pierre.gaudin@saint-exemple.fr" in team  # consented
    assert "pascal.fabre@saint-exemple.fr" not in team    # not consented


def test_demo_follows_the_guide_committee_actions_evaluation(client, territory, make_user, db):
    """Committee meetings at launch and close of each phase with the president at every one
    held, minutes published; action group members post; a retained proposal became a
    commitment (asserted on the full demo by the authorisation matrix); the evaluation group assesses the criteria, one draft kept to itself."""
    from thc_participation.dashboard.models import (
        ActionUpdate,
        CriterionAssessment,
        Document,
        SteeringMeeting,
    )
    from thc_participation.dashboard.services import committee

    test_demo_populates_a_programme_eight_months_in(client, territory, make_user, db)
    meetings = db.session.query(SteeringMeeting).all()
    assert {(m.phase, m.moment.value) for m in meetings} == {
        (p.key, moment) for p in timeline.PHASES for moment in ("lancement", "cloture")}
    held = [m for m in meetings if m.attendance_recorded]
    assert held and all(m.minutes_published_at for m in held)
    assert all(any(a.role.value == "president" for a in m.attendees) for m in held)
    assert all(m.meeting_date > date.today() for m in meetings if not m.attendance_recorded)
    assert committee.warnings(territory) == []
    page = text_of(client.get(f"/t/{territory.slug}/comite-de-pilotage"))
    assert "Installation du comité" in page and "Jean-Pierre Gaudin" in page
    team = text_of(client.get(f"/t/{territory.slug}/equipe"))
    assert "Président·e de la collectivité :</span> <strong>Jean-Pierre Gaudin" in team
    assert "Collège des élu·es (3 sur 3)" in team and "Collège des agent·es (3 sur 3)" in team
    assert "Camille Roussel" in team  # the Démocratie Ouverte contact

    karim = db.session.query(User).filter_by(display_name="Karim Benali").one()
    by_members = db.session.query(ActionUpdate).filter(ActionUpdate.author_id != karim.id).all()
    assert len(by_members) == 3
    assert all(any(m.user_id == u.author_id for m in u.commitment.members) for u in by_members)

    assert db.session.query(CriterionAssessment).filter(
        CriterionAssessment.published_at.is_not(None)).count() == 3
    evaluation = text_of(client.get(f"/t/{territory.slug}/evaluation"))
    assert "Les conseils sont retransmis" in evaluation
    assert "Aucune réunion n'a encore eu lieu le samedi" not in evaluation
    assert "Note de travail" not in evaluation
    reserved = db.session.query(Document).filter(Document.published_at.is_(None)).one()
    assert client.get(f"/t/{territory.slug}/documents/{reserved.id}/texte").status_code == 404
