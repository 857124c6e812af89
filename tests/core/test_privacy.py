"""The action log's retention, and who gives the evaluation role."""

from datetime import timedelta

import pytest

from tests.evaluation.builders import make_draw, make_pool
from thc_participation import audit
from thc_participation.errors import Forbidden
from thc_participation.evaluation.models import DrawState
from thc_participation.evaluation.services import seats
from thc_participation.extensions import db
from thc_participation.models import AuditEntry, Membership, Role
from thc_participation.territories import services
from thc_participation.timeutil import utcnow

from ..support.pages import text_of


def test_audit_purge_deletes_entries_older_than_the_retention(app, agent, territory):
    assert app.config["THC_AUDIT_RETENTION_DAYS"] == 365
    old = audit.record(agent, "essai.ancien", territory=territory)
    older = audit.record(agent, "essai.tres_ancien", territory=territory)
    recent = audit.record(agent, "essai.recent", territory=territory)
    db.session.flush()
    old.created_at = utcnow() - timedelta(days=200)
    older.created_at = utcnow() - timedelta(days=366)
    recent.created_at = utcnow() - timedelta(days=2)
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit", "purge"])
    assert result.exit_code == 0 and "1 entrée(s) du journal supprimée(s)." in result.output
    assert set(db.session.scalars(db.select(AuditEntry.action))) == {"essai.ancien",
                                                                     "essai.recent"}
    result = runner.invoke(args=["audit", "purge", "--days", "30"])
    assert "1 entrée(s)" in result.output
    assert db.session.scalars(db.select(AuditEntry.action)).all() == ["essai.recent"]


def test_an_agent_gives_no_evaluation_role(client, login, agent, elu, territory):
    url = f"/t/{territory.slug}/gestion/roles"
    login(client, agent)
    page = client.get(url).get_data(as_text=True)
    assert 'value="evaluation"' not in page and 'value="steering"' in page
    for email in (agent.email, elu.email):
        response = client.post(url, data={"email": email, "role": "evaluation"})
        assert response.status_code == 400
        with pytest.raises(Forbidden) as refused:
            services.grant_role(agent, territory, email, "evaluation")
        assert refused.value.field == "role"
        db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Membership.id))
                             .filter_by(role=Role.EVALUATION)) == 0
    # The steering committee seats agents and elected officials: agents give that role.
    assert client.post(url, data={"email": elu.email, "role": "steering"}).status_code == 302


def test_a_network_admin_gives_the_evaluation_role(client, login, admin, elu, territory):
    url = f"/t/{territory.slug}/gestion/roles"
    login(client, admin)
    assert 'value="evaluation"' in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"email": elu.email, "role": "evaluation"})
    assert response.status_code == 302
    db.session.expire_all()
    assert Role.EVALUATION in db.session.get(type(elu), elu.id).roles_in(territory)
    assert "Membre du groupe d'évaluation" in text_of(client.get(url))


def test_accepting_an_evaluation_seat_gives_the_role(agent, territory, make_user):
    pool = make_pool(agent, territory, people=9)
    draw = make_draw(agent, territory, pool, DrawState.DRAWN, purpose="evaluation-continue")
    seat = draw.seats[0]
    member = make_user(email=seats.person_of(draw, seat.pseudonym).email)
    assert seats.accept_seat(agent, territory, seat) == member
    db.session.commit()
    assert Role.EVALUATION in member.roles_in(territory)


def test_the_migration_takes_voters_out_of_existing_entries(tmp_path):
    from flask_migrate import upgrade

    from thc_participation import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}",
                      "INSTANCE_DIR": str(tmp_path), "THC_ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade(revision="d30875af9e95")
        with db.engine.begin() as connection:
            connection.execute(db.text(
                "INSERT INTO user (id, email, display_name, password_hash, created_at, "
                "is_admin, is_active_account, contact_consent) VALUES "
                "(7, 'votant@exemple.fr', 'Votant', '!', '2026-01-01', 0, 1, 0)"))
            for action, details in (("comment.vote", '{"value": -1}'),
                                    ("comment.report", '{"reason": "spam"}'),
                                    ("role.grant", '{"role": "elu"}')):
                connection.execute(db.text(
                    "INSERT INTO audit_entry (created_at, actor_id, action, details) "
                    "VALUES ('2026-01-02', 7, :action, :details)"),
                    {"action": action, "details": details})
        upgrade(revision="privacy01")
        with db.engine.connect() as connection:
            rows = connection.execute(db.text(
                "SELECT action, actor_id, details FROM audit_entry ORDER BY id")).all()
        db.engine.dispose()
    assert [(a, actor) for a, actor, _d in rows] == [("comment.vote", None),
                                                     ("comment.report", None),
                                                     ("role.grant", 7)]
    assert "value" not in rows[0][2] and '"reason": "spam"' in rows[1][2]
