"""The demo territory shows every section with content."""

from datetime import date

from dateutil.relativedelta import relativedelta

from thc_participation.dashboard import demo as dashboard_demo
from thc_participation.dashboard import timeline
from thc_participation.dashboard.models import Actor, ActorStatus, Commitment, Stage
from thc_participation.dashboard.services import progress, queries
from thc_participation.demo import Demo
from thc_participation.models import AgeBand
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
