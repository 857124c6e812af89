"""The demo consultation loads through the services and reads well."""

from tests.support.pages import text_of
from thc_participation.consultation import demo as consultation_demo
from thc_participation.consultation.models import Comment, ConsultationState, Proposal
from thc_participation.consultation.services import queries
from thc_participation.demo import Demo
from thc_participation.timeutil import utcnow


def test_demo_populates_the_consultation_after_the_summit(client_for, territory, agent, citizen, many_users, db):
    demo = Demo(territory=territory, users={"agent": agent, "citizen": citizen}, now=utcnow(),
                citizens=many_users(40))
    consultation_demo.populate(demo)
    db.session.commit()
    current, consultation = sorted(queries.visible_consultations(territory, None),
                                   key=lambda c: "plan d'action" in c.title)
    assert current.state == ConsultationState.OPEN  # today's, on the participatory budget
    # On the guide's calendar the consultation followed the summit and closed before the plan
    # was adopted (J+5); the demo is at J+8.
    assert consultation.state == ConsultationState.CLOSED
    assert consultation.published_at < consultation.closes_at < utcnow()
    assert [p.name for p in consultation.phases] == [
        "Information", "Concertation", "Décision", "Mise en œuvre", "Évaluation"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) >= 20
    statuses = set(db.session.scalars(db.select(Proposal.status)))
    assert len(statuses) == 4
    assert len(queries.help_places(territory)) == 3
    page = text_of(client_for().get(
        f"/t/{territory.slug}/consultations/{consultation.id}/phases/{consultation.phases[0].id}"))
    assert "Une lettre d'information mensuelle" in page
    assert "Je n'ai appris la fermeture de la piscine" in page
